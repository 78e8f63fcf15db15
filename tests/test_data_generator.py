"""Tests of the Thamesbury generator: determinism, the committed data, the schema, truth, error rates, bad input."""

from __future__ import annotations

import filecmp
import os
import stat
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from bootcamp import SOURCES, load, load_truth
from bootcamp.paths import DATA
from bootcamp.thamesbury import error_report
from bootcamp.thamesbury.generate import DEFAULT_PEOPLE, DEFAULT_SEED, generate
from bootcamp.thamesbury.population import nhs_check_digit
from bootcamp.validate import BootcampInputError

SMALL = 2_000
TINY = 100  # the smallest size accepted: for tests of writing, not of content

# The data contract (briefs/schema.md), written out here on purpose: the code must match it, not define it.
SCHEMA = {
    "gazetteer": "uprn parent_uprn usrn saon paon street locality town postcode easting northing classification ward "
                 "entry_date",
    "council_tax": "record_id title forename surname address_line_1 address_line_2 address_line_3 address_line_4 "
                   "postcode liable_from single_person_discount",
    "electoral_register": "record_id surname forenames address postcode polling_district attainer_dob",
    "housing_benefit": "record_id claimant_name dob sex address postcode claim_start benefit_type",
    "adult_social_care": "record_id first_name last_name dob gender nhs_number address_line_1 address_line_2 town "
                         "postcode primary_support_reason service_start",
    "school_census": "record_id legal_forename middle_names legal_surname preferred_surname dob sex address postcode "
                     "parent_name year_group",
    "shielding_list": "record_id nhs_number forename surname dob address_line_1 address_line_2 address_line_3 "
                      "address_line_4 address_line_5 postcode phone gp_practice_code",
}
PEOPLE_SCHEMA = ("person_id first_name middle_name last_name birth_surname known_as dob sex nhs_number household_id "
                 "relationship uprn previous_uprn moved_date twin_of name_origin age clinically_extremely_vulnerable "
                 "receives_care disability benefits email phone")


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def _same_bytes(a: Path, b: Path) -> bool:
    files = _files(a)
    return files == _files(b) and all(filecmp.cmp(a / f, b / f, shallow=False) for f in files)


@pytest.fixture(scope="module")
def small_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("small")
    return {name: (base / name, generate(base / name, seed=seed, people=SMALL))
            for name, seed in (("a", 1), ("b", 1), ("c", 2))}


def test_same_seed_gives_identical_bytes(small_runs):
    assert _same_bytes(small_runs["a"][0], small_runs["b"][0])


def test_different_seed_gives_different_data(small_runs):
    a, c = small_runs["a"][0], small_runs["c"][0]
    assert (a / "truth" / "people.csv").read_bytes() != (c / "truth" / "people.csv").read_bytes()


def test_summary_has_counts_and_timing(small_runs):
    summary = small_runs["a"][1]
    assert summary["counts"]["people"] == SMALL
    assert set(SOURCES) <= set(summary["counts"])
    assert summary["seconds"] >= 0


@pytest.mark.slow
def test_defaults_regenerate_the_committed_data(tmp_path):
    summary = generate(tmp_path / "thamesbury", seed=DEFAULT_SEED, people=DEFAULT_PEOPLE)
    assert _same_bytes(tmp_path / "thamesbury", DATA), "the committed data differ from what the defaults produce"


def test_hard_difficulty_runs_and_is_messier(tmp_path, small_runs):
    generate(tmp_path / "hard", seed=1, people=SMALL, difficulty="hard")
    standard = error_report.measure("council_tax", small_runs["a"][0])
    hard = error_report.measure("council_tax", tmp_path / "hard")
    assert hard["address_words_missing"] > standard["address_words_missing"]
    assert hard["first_name_differs"] > standard["first_name_differs"]


@pytest.mark.parametrize("name", list(SCHEMA))
def test_columns_match_the_schema(name):
    assert list(load(name).columns) == SCHEMA[name].split()


def test_truth_columns_match_the_schema():
    assert list(load_truth("people").columns) == PEOPLE_SCHEMA.split()
    for source in SOURCES:
        assert list(load_truth(source).columns) == ["record_id", "person_id", "uprn"]


@pytest.mark.parametrize("source", SOURCES)
def test_every_record_has_exactly_one_truth_row(source):
    records, truth = load(source), load_truth(source)
    assert records["record_id"].is_unique
    assert truth["record_id"].is_unique
    assert records["record_id"].tolist() == truth["record_id"].tolist()
    people = set(load_truth("people")["person_id"])
    assert truth["person_id"].isin(people).all()
    gazetteer = set(load("gazetteer")["uprn"])
    assert truth["uprn"].dropna().isin(gazetteer).all()


def test_nhs_numbers_are_valid_test_numbers():
    people = load_truth("people")
    numbers = people["nhs_number"]
    assert numbers.str.fullmatch(r"999\d{7}").all() and numbers.is_unique
    values = numbers.astype("int64").to_numpy()
    assert (nhs_check_digit(values // 10) == values % 10).all()
    for source, column in (("adult_social_care", "nhs_number"), ("shielding_list", "nhs_number")):
        recorded = load(source)[column].dropna().str.replace(" ", "")
        assert recorded.isin(set(numbers)).all()


def test_identifiers_and_fictional_ranges():
    gazetteer = load("gazetteer")
    assert gazetteer["uprn"].str.fullmatch(r"\d{12}").all() and gazetteer["uprn"].is_unique
    assert gazetteer["postcode"].str.fullmatch(r"TB[1-9] \d[A-Z]{2}").all()
    assert gazetteer["easting"].between(530000, 540000).all() and gazetteer["northing"].between(175000, 185000).all()
    dwellings = gazetteer["classification"].isin(["RD02", "RD03", "RD04", "RD06"])
    per_postcode = gazetteer[dwellings].groupby("postcode").size()
    assert 15 <= per_postcode.median() <= 30
    phones = load_truth("people")["phone"].dropna()
    assert phones.str.fullmatch(r"07700 900\d{3}").all()


def test_population_is_plausible():
    people = load_truth("people")
    age = people["age"].astype(int)
    adults = age >= 18
    assert 0.70 < adults.mean() < 0.85
    assert (age >= 75).sum() > 0 and (age < 5).sum() > 0
    cev = people["clinically_extremely_vulnerable"].astype(int)
    assert 0.03 < cev.mean() < 0.05 and cev[age >= 70].mean() > cev[age < 50].mean()
    assert people["twin_of"].notna().sum() > 0 and people["known_as"].notna().sum() > 0
    assert (people["birth_surname"] != people["last_name"]).sum() > 0
    electors = load_truth("electoral_register")["person_id"].nunique()
    assert 0.82 < electors / adults.sum() < 0.95


@pytest.fixture(scope="module")
def measured_rates():
    return {source: error_report.measure(source) for source in SOURCES}


@pytest.mark.parametrize("source", SOURCES)
def test_measured_error_rates_are_in_the_documented_ranges(source, measured_rates):
    measured = measured_rates[source]
    for measure, (low, high) in error_report.EXPECTED_RANGES[source].items():
        assert low <= measured[measure] <= high, f"{source} {measure} = {measured[measure]:.4f}, not in [{low}, {high}]"


def test_readme_tables_equal_the_scripts_output():
    text = error_report.readme_path().read_text(encoding="utf-8")
    assert error_report.readme_block(text) == error_report.report()
    assert error_report.readme_block(text, error_report.RATES_START, error_report.RATES_END) == \
        error_report.model_rates_table()


@pytest.mark.parametrize("people", [0, -5, 2.5, "many", None, True])
def test_bad_size_is_refused(tmp_path, people):
    with pytest.raises(BootcampInputError, match="people"):
        generate(tmp_path / "out", seed=1, people=people)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("seed", [1.5, "seven", None, -1])
def test_bad_seed_is_refused(tmp_path, seed):
    with pytest.raises(BootcampInputError, match="seed"):
        generate(tmp_path / "out", seed=seed, people=SMALL)


def test_bad_difficulty_is_refused(tmp_path):
    with pytest.raises(BootcampInputError, match="difficulty"):
        generate(tmp_path / "out", seed=1, people=SMALL, difficulty="extreme")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only folders")
def test_unwritable_folder_leaves_nothing_behind(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(BootcampInputError, match="not writable"):
            generate(locked / "out", seed=1, people=SMALL)
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(stat.S_IRWXU)


def test_unwritable_folder_is_refused_even_for_root(tmp_path, monkeypatch):
    import bootcamp.thamesbury.generate as gen

    monkeypatch.setattr(gen.os, "access", lambda path, mode: False)
    with pytest.raises(BootcampInputError, match="not writable"):
        gen.generate(tmp_path / "out", seed=1, people=SMALL)
    assert list(tmp_path.iterdir()) == []


def test_missing_parent_folder_is_refused(tmp_path):
    with pytest.raises(BootcampInputError, match="does not exist"):
        generate(tmp_path / "no" / "such" / "out", seed=1, people=SMALL)


def test_failure_while_writing_leaves_nothing_behind(tmp_path, monkeypatch):
    import bootcamp.thamesbury.generate as gen

    def broken(frame, path):
        raise OSError("disk full")

    monkeypatch.setattr(gen, "_write_csv", broken)
    with pytest.raises(OSError):
        gen.generate(tmp_path / "out", seed=1, people=TINY)
    assert list(tmp_path.iterdir()) == []


def test_existing_output_is_replaced_whole(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "stale.csv").write_text("old")
    generate(out, seed=1, people=TINY)
    assert not (out / "stale.csv").exists() and (out / "gazetteer.csv").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_nhs_check_digit_known_value():
    # 943 476 5919 is the NHS's own worked example of a valid number
    assert nhs_check_digit(np.array([943476591]))[0] == 9


def test_command_line_calls_the_generator(tmp_path, capsys):
    from bootcamp.cli import main

    assert main(["data", "generate", "--seed", "1", "--people", str(TINY), "--out", str(tmp_path / "cli")]) == 0
    assert "'people': 100" in capsys.readouterr().out
    assert _same_bytes(tmp_path / "cli", _tiny(tmp_path))


def _tiny(tmp_path) -> Path:
    out = tmp_path / "direct"
    generate(out, seed=1, people=TINY)
    return out


# --- departures from the gazetteer, postcode units, the shielding list by residence --------------------------------


def test_readme_file_table_counts_the_committed_rows():
    text = (DATA.parent / "README.md").read_text(encoding="utf-8")
    for name in ("gazetteer", *SOURCES):
        rows = len(load(name))
        assert f"| `{name}.csv` | {rows:,} |" in text, f"data/README.md's file table has the wrong row count for {name}"


def test_some_postcode_units_hold_two_or_more_streets():
    gazetteer = load("gazetteer")
    streets = gazetteer[gazetteer["classification"] != "PP"].groupby("postcode")["usrn"].nunique()
    assert 0.05 <= (streets > 1).mean() <= 0.3
    # a unit's streets are neighbours: its addresses lie within a few hundred metres of each other
    spread = gazetteer.groupby("postcode").agg(e=("easting", lambda v: v.max() - v.min()),
                                               n=("northing", lambda v: v.max() - v.min()))
    assert (spread[streets > 1].max(axis=1) < 600).mean() > 0.9


def test_dwellings_missing_from_the_gazetteer_are_lived_in_and_have_no_true_uprn():
    gazetteer_uprns = set(load("gazetteer")["uprn"])
    people = pd.read_csv(DATA / "truth" / "people.csv", dtype=str, keep_default_na=False)
    homes = set(people["uprn"]) - {""}
    missing = homes - gazetteer_uprns
    assert 0.002 <= len(missing) / len(homes) <= 0.02
    for source in SOURCES:  # a record of a missing dwelling has no UPRN to find, so its true uprn is empty
        described = set(load_truth(source)["uprn"].dropna()) - {""}
        assert not described & missing
        assert described <= gazetteer_uprns


def test_terminated_outward_only_and_paf_flat_names_appear_where_documented():
    from bootcamp.thamesbury.address_departures import OUTWARD_ONLY, PAF_SOURCES

    live = set(load("gazetteer")["postcode"])
    for source in SOURCES:
        postcode = load(source)["postcode"].fillna("").astype(str).str.strip()
        full = postcode.str.fullmatch(r"TB\d [0-9][A-Z]{2}")
        assert (full & ~postcode.isin(live)).sum() > 0, f"{source}: no terminated (well-formed, not live) postcode"
        outward = postcode.str.fullmatch(r"TB\d").sum()
        assert (outward > 0) == (OUTWARD_ONLY[source] > 0), source
    flats = load("gazetteer").query("classification == 'RD06' and saon.str.contains('FLOOR')", engine="python")
    for source in SOURCES:
        records, truth = load(source), load_truth(source)
        text = records.drop(columns=["record_id"]).astype(str).agg(" ".join, axis=1).str.upper()
        on_floor_flats = truth["uprn"].isin(set(flats["uprn"])).to_numpy()
        lettered = text[on_floor_flats].str.contains(r"\bFLAT [A-K]\b").mean()
        assert (lettered > 0.1) == (source in PAF_SOURCES), (source, lettered)


def test_shielding_list_holds_residents_only():
    truth = load_truth("shielding_list")
    assert truth["uprn"].notna().mean() > 0.99  # only dwellings the gazetteer lacks have no UPRN
    postcodes = load("shielding_list")["postcode"].fillna("").astype(str)
    assert not postcodes.str.startswith("ZZ").any()
