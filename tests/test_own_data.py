"""The commands ``python -m bootcamp match-addresses`` and ``python -m bootcamp link`` on a council's own files
(bootcamp.own_data), and the UPRN as a match key in ``match_key_cascade`` (chapter P6).

Each command is run through ``bootcamp.cli.main`` as a user would type it: every input record must be in the output
with a status, the clear matches must be right (UPRNs written out below by hand), and each bad input must give exit
code 2 and a one-line message naming the problem, never a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bootcamp.cli import main
from bootcamp.own_data import REVIEW_DECISIONS, apply_review, read_review_sheet
from bootcamp.validate import BootcampInputError
from solutions.addresses import MATCH_STATUSES
from solutions.deterministic import DEFAULT_KEYS, MatchKey, derive_fields, match_key_cascade

FIXTURES = Path(__file__).parent / "fixtures" / "own_data"
ADDRESSBASE = FIXTURES / "addressbase_gazetteer.csv"

# the free-text records' right answers, worked out by hand from the gazetteer fixture
FREE_TEXT_UPRNS = {
    "HB-001": "200003378001",  # 12 Bellenden Rd
    "HB-002": "200003378003",  # 14a, postcode in the text, lower case
    "HB-003": "200003378012",  # Flat 2 Rose Court, outward code only
    "HB-004": "200003378021",  # 1st Floor Flat, 103 Rye Lane
    "HB-005": "200003378031",  # 7 Choumert Road, outward code only, no locality in the gazetteer
    "HB-006": "200003378040",  # a named building
}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])


def run(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return code, captured.err


def match(capsys, out: Path, records: Path, gazetteer: Path = ADDRESSBASE, column_map: Path | None = None):
    argv = ["match-addresses", "--records", records, "--gazetteer", gazetteer, "--out", out]
    if column_map:
        argv += ["--map", column_map]
    code, err = run(capsys, *argv)
    assert code == 0, err
    return read(out / "matches.csv")


# --- match-addresses ----------------------------------------------------------------------------------------------


def test_free_text_records_every_record_has_a_status_and_clear_ones_are_right(tmp_path, capsys):
    matches = match(capsys, tmp_path, FIXTURES / "free_text_records.csv", column_map=FIXTURES / "free_text_map.json")
    assert matches["record_id"].tolist() == [f"HB-00{i}" for i in range(1, 9)]  # every record, in input order
    assert set(matches["status"]) <= set(MATCH_STATUSES) and matches["status"].notna().all()
    got = matches.set_index("record_id")
    for record_id, uprn in FREE_TEXT_UPRNS.items():
        assert (got.loc[record_id, "uprn"], got.loc[record_id, "status"]) == (uprn, "matched"), record_id
    # "Flat, Rose Court": which flat is not said, so no UPRN, and the reviewer sees a Rose Court flat
    assert pd.isna(got.loc["HB-008", "uprn"]) and got.loc["HB-008", "status"] != "matched"
    assert got.loc["HB-008", "best_uprn"] in {"200003378011", "200003378012", "200003378013"}
    assert pd.isna(got.loc["HB-007", "uprn"])  # 99 Nowhere Street is not in the gazetteer


def test_outputs_are_written_as_csv_and_parquet_with_report_and_review_sheet(tmp_path, capsys):
    match(capsys, tmp_path, FIXTURES / "free_text_records.csv", column_map=FIXTURES / "free_text_map.json")
    for name in ("matches", "review"):
        parquet, csv = pd.read_parquet(tmp_path / f"{name}.parquet"), read(tmp_path / f"{name}.csv")
        assert list(parquet.columns) == list(csv.columns) and len(parquet) == len(csv)
        assert parquet["record_id"].tolist() == csv["record_id"].tolist()
        assert parquet["status"].tolist() == csv["status"].tolist()
        assert parquet["score"].astype(float).round(6).tolist() == csv["score"].astype(float).round(6).tolist()
    review = read(tmp_path / "review.csv")
    assert sorted(review["record_id"]) == ["HB-007", "HB-008"]  # exactly the records not matched
    assert {"best_address", "runner_up_address", "reason", "decision", "reviewer_uprn"} <= set(review.columns)
    report = (tmp_path / "report.md").read_text()
    assert "Records: 8" in report and "| matched | 6 | 75.0% |" in report


def test_progress_lines_go_to_stderr(tmp_path, capsys):
    code, err = run(capsys, "match-addresses", "--records", FIXTURES / "outward_only_records.csv",
                    "--gazetteer", ADDRESSBASE, "--out", tmp_path)
    assert code == 0 and "matched 4 of 4 distinct addresses (100%)" in err


def test_excel_records_give_the_same_matches_as_csv(tmp_path, capsys):
    workbook = tmp_path / "records.xlsx"
    pd.read_csv(FIXTURES / "free_text_records.csv", dtype=str).to_excel(workbook, index=False)
    from_csv = match(capsys, tmp_path / "csv", FIXTURES / "free_text_records.csv",
                     column_map=FIXTURES / "free_text_map.json")
    from_excel = match(capsys, tmp_path / "xlsx", workbook, column_map=FIXTURES / "free_text_map.json")
    pd.testing.assert_frame_equal(from_excel, from_csv)


def test_excel_gazetteer_gives_the_same_matches(tmp_path, capsys):
    workbook = tmp_path / "gazetteer.xlsx"
    pd.read_csv(ADDRESSBASE, dtype=str).to_excel(workbook, index=False)
    records = FIXTURES / "outward_only_records.csv"
    pd.testing.assert_frame_equal(match(capsys, tmp_path / "x", records, workbook),
                                  match(capsys, tmp_path / "c", records))


def test_outward_code_only_addresses_match(tmp_path, capsys):
    matches = match(capsys, tmp_path, FIXTURES / "outward_only_records.csv")
    assert matches[["record_id", "uprn", "status"]].values.tolist() == [
        ["OW-1", "200003378001", "matched"], ["OW-2", "200003378031", "matched"],
        ["OW-3", "200003378013", "matched"], ["OW-4", "200003378020", "matched"]]


@pytest.mark.parametrize("gazetteer", ["paf_gazetteer.csv", "llpg_gazetteer.csv"])
def test_paf_and_llpg_gazetteers(tmp_path, capsys, gazetteer):
    matches = match(capsys, tmp_path, FIXTURES / "address_lines_records.csv", FIXTURES / gazetteer,
                    FIXTURES / "address_lines_map.json")
    got = dict(zip(matches["record_id"], matches["uprn"]))
    assert got["CT-10"] == "200003378001" and got["CT-11"] == "200003378011" and got["CT-12"] == "200003378022"
    # 2-4 Choumert Road is in the LLPG but not in this PAF extract (PAF holds delivery points, and this one has none)
    if gazetteer == "llpg_gazetteer.csv":
        assert got["CT-13"] == "200003378030"  # "2-4 Choumert Road" against PAO_START_NUMBER 2, PAO_END_NUMBER 4
    else:
        assert pd.isna(got["CT-13"])
    assert len(matches) == 4 and matches["status"].notna().all()


def test_course_style_gazetteer_without_locality(tmp_path, capsys):
    from solutions.council_data import gazetteer_from_extract, read_extract

    course = gazetteer_from_extract(read_extract(ADDRESSBASE)).drop(columns="locality")
    course.to_csv(tmp_path / "gazetteer.csv", index=False)
    matches = match(capsys, tmp_path / "out", FIXTURES / "free_text_records.csv", tmp_path / "gazetteer.csv",
                    FIXTURES / "free_text_map.json")
    got = matches.set_index("record_id")["uprn"]
    assert {k: got[k] for k in FREE_TEXT_UPRNS} == FREE_TEXT_UPRNS


# --- the review sheet, filled in and read back ----------------------------------------------------------------------


def test_review_sheet_filled_in_and_read_back(tmp_path, capsys):
    matches = match(capsys, tmp_path, FIXTURES / "free_text_records.csv", column_map=FIXTURES / "free_text_map.json")
    sheet = read(tmp_path / "review.csv").set_index("record_id")
    sheet.loc["HB-008", ["decision", "reviewer_uprn"]] = ["Other ", "200003378013"]  # the reviewer rang: flat 3
    sheet.loc["HB-007", "decision"] = "reject"
    filled = tmp_path / "review_filled.xlsx"
    sheet.reset_index().to_excel(filled, index=False)  # reviewers often work in Excel
    reviewed = read_review_sheet(filled)
    assert set(reviewed["decision"]) <= set(REVIEW_DECISIONS) | {""}
    final = apply_review(matches, reviewed).set_index("record_id")
    assert final.loc["HB-008", ["uprn", "status"]].tolist() == ["200003378013", "reviewed: other"]
    assert pd.isna(final.loc["HB-007", "uprn"]) and final.loc["HB-007", "status"] == "reviewed: reject"
    assert final.loc["HB-001", ["uprn", "status"]].tolist() == ["200003378001", "matched"]  # untouched
    assert len(final) == len(matches)


@pytest.mark.parametrize("edit, problem", [
    ({"decision": "yes"}, "decisions must be one of"),
    ({"decision": "other"}, "without a reviewer_uprn"),
])
def test_review_sheet_with_bad_decisions_is_refused(tmp_path, capsys, edit, problem):
    match(capsys, tmp_path, FIXTURES / "free_text_records.csv", column_map=FIXTURES / "free_text_map.json")
    sheet = read(tmp_path / "review.csv")
    sheet.loc[0, list(edit)] = list(edit.values())
    sheet.to_csv(tmp_path / "filled.csv", index=False)
    with pytest.raises(BootcampInputError, match=problem):
        read_review_sheet(tmp_path / "filled.csv")


def test_review_sheet_without_its_columns_or_with_strangers_is_refused(tmp_path, capsys):
    matches = match(capsys, tmp_path, FIXTURES / "free_text_records.csv", column_map=FIXTURES / "free_text_map.json")
    sheet = read(tmp_path / "review.csv")
    sheet.drop(columns="decision").to_csv(tmp_path / "lost.csv", index=False)
    with pytest.raises(BootcampInputError, match="lost its 'decision' column"):
        read_review_sheet(tmp_path / "lost.csv")
    sheet.assign(record_id="HB-999", decision="reject").to_csv(tmp_path / "stranger.csv", index=False)
    with pytest.raises(BootcampInputError, match="not in the matches"):
        apply_review(matches, read_review_sheet(tmp_path / "stranger.csv"))


# --- bad input: exit code 2 and a message naming the problem ------------------------------------------------------


def _bad_records(tmp_path: Path, name: str) -> Path:
    contents = {
        "empty": b"",
        "header_only": b"record_id,address\n",
        "encoding": b"record_id,address\nA1,12 Bellenden Road \x81\x8d\n",
        "duplicate_ids": b"record_id,address\nA1,12 Bellenden Road\nA1,14 Bellenden Road\n",
        "missing_column": b"ref,addr\nA1,12 Bellenden Road\n",
    }
    path = tmp_path / f"{name}.csv"
    path.write_bytes(contents[name])
    return path


@pytest.mark.parametrize("name, problem", [
    ("empty", "is empty (0 bytes)"),
    ("header_only", "has a header but no rows"),
    ("encoding", "neither UTF-8 nor Windows-1252"),
    ("duplicate_ids", "record_id is not unique"),
    ("missing_column", "the records have no ['record_id', 'address'] column"),
])
def test_bad_records_exit_2_with_the_problem_named(tmp_path, capsys, name, problem):
    code, err = run(capsys, "match-addresses", "--records", _bad_records(tmp_path, name),
                    "--gazetteer", ADDRESSBASE, "--out", tmp_path / "out")
    assert code == 2 and problem in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()  # nothing half-written


@pytest.mark.parametrize("gazetteer, problem", [
    (b"a,b\n1,2\n", "the gazetteer's columns are not recognised"),
    (b"UPRN,X_COORDINATE,Y_COORDINATE,LATITUDE,LONGITUDE\n1,534100,176000,51.47,-0.07\n", "not recognised"),
    (b"", "is empty (0 bytes)"),
    (b"uprn,saon,paon,street,town,postcode\n1,,12,A ROAD,LONDON,SE15 4QJ\n1,,14,A ROAD,LONDON,SE15 4QJ\n",
     "repeats 1 UPRNs"),
])
def test_bad_gazetteers_exit_2(tmp_path, capsys, gazetteer, problem):
    path = tmp_path / "gazetteer.csv"
    path.write_bytes(gazetteer)
    code, err = run(capsys, "match-addresses", "--records", FIXTURES / "outward_only_records.csv",
                    "--gazetteer", path, "--out", tmp_path / "out")
    assert code == 2 and problem in err and "Traceback" not in err


@pytest.mark.parametrize("column_map, problem", [
    ('{"Our Ref": "record_id", "Full Address": "adress"}', "['adress'], which are not standard columns"),
    ('{"Full Address": "address"}', "which column is the record_id"),
    ('{"Ref": "record_id", "Full Address": "address"}', "missing column(s) 'Ref'"),
    ("{not json", "cannot read the column map as JSON"),
    ('["Our Ref", "record_id"]', "must be a JSON object"),
])
def test_bad_column_maps_exit_2(tmp_path, capsys, column_map, problem):
    path = tmp_path / "map.json"
    path.write_text(column_map)
    code, err = run(capsys, "match-addresses", "--records", FIXTURES / "free_text_records.csv",
                    "--gazetteer", ADDRESSBASE, "--map", path, "--out", tmp_path / "out")
    assert code == 2 and problem in err and "Traceback" not in err


def test_a_missing_file_exits_2(tmp_path, capsys):
    code, err = run(capsys, "match-addresses", "--records", tmp_path / "nowhere.csv", "--gazetteer", ADDRESSBASE,
                    "--out", tmp_path / "out")
    assert code == 2 and "no such file" in err


def test_link_refuses_bad_input_before_any_linking(tmp_path, capsys):
    code, err = run(capsys, "link", "--left", _bad_records(tmp_path, "missing_column"),
                    "--right", FIXTURES / "register_people.csv", "--right-map", FIXTURES / "register_people_map.json",
                    "--out", tmp_path / "out")
    assert code == 2 and "--left-map" in err
    code, err = run(capsys, "link", "--left", FIXTURES / "benefit_people.csv", "--left-map",
                    FIXTURES / "benefit_people_map.json", "--right", _bad_records(tmp_path, "encoding"),
                    "--out", tmp_path / "out")
    assert code == 2 and "neither UTF-8 nor Windows-1252" in err


# --- link ---------------------------------------------------------------------------------------------------------


def test_link_command_on_renamed_benefit_and_register_samples(tmp_path, capsys):
    """Housing benefit (renamed columns, UK dates) against an electoral-register sample: every record has a status,
    and the links made are right (the truth pairs are in benefit_register_truth.csv)."""
    code, err = run(capsys, "link", "--left", FIXTURES / "benefit_people.csv",
                    "--left-map", FIXTURES / "benefit_people_map.json", "--right", FIXTURES / "register_people.csv",
                    "--right-map", FIXTURES / "register_people_map.json", "--out", tmp_path)
    assert code == 0, err
    status = read(tmp_path / "records.csv")
    left, right = read(FIXTURES / "benefit_people.csv"), read(FIXTURES / "register_people.csv")
    assert sorted(status.loc[status["side"] == "left", "record_id"]) == sorted(left["Claim Ref"])
    assert sorted(status.loc[status["side"] == "right", "record_id"]) == sorted(right["Elector Number"])
    assert set(status["status"]) <= {"linked", "not linked", "linked to several"}
    links = read(tmp_path / "links.csv")
    truth = set(map(tuple, read(FIXTURES / "benefit_register_truth.csv").to_numpy()))
    made = set(map(tuple, links[["left_id", "right_id"]].to_numpy()))
    assert made <= truth and len(made) >= 30, (len(made), made - truth)
    assert (tmp_path / "links.parquet").exists() and (tmp_path / "review.csv").exists()
    assert re.search(r"Left: 40 records", (tmp_path / "report.md").read_text())


# --- the UPRN as a match key ----------------------------------------------------------------------------------------


def _people(ids, uprns, firsts, lasts):
    return pd.DataFrame({"record_id": ids, "first_name": firsts, "last_name": lasts, "dob": None, "uprn": uprns})


def test_uprn_is_a_derived_field_cleaned_of_spreadsheet_decimals():
    fields = derive_fields(_people(["a", "b", "c"], ["200003378001.0", " 200003378002", None], ["A", "B", "C"],
                                   ["X", "Y", "Z"]))
    assert fields["uprn"].tolist() == ["200003378001", "200003378002", None]


def test_cascade_can_use_the_uprn_as_a_match_key():
    left = _people(["L1", "L2", "L3"], ["200003378001", "200003378012", "200003378012"],
                   ["Jermaine", "Ada", "Ada"], ["Campbell", "Obi", "Obi"])
    right = _people(["R1", "R2", "R3"], ["200003378001", "200003378013", "200003378012"],
                    ["JERMAINE", "ADA", "Bola"], ["CAMPBELL", "OBI", "Obi"])
    keys = [MatchKey("name_uprn", ("first", "last", "uprn"), description="same name at the same property"),
            MatchKey("last_uprn", ("last", "uprn"), description="same surname at the same property")]
    matches = match_key_cascade(left, right, keys)
    # L1-R1 agree on name and UPRN; L2 and L3 share a name and UPRN, so that key value is ambiguous and left alone
    assert matches.values.tolist() == [["L1", "R1", "name_uprn"]]
    assert matches.attrs["ambiguous_key_values"] == {"name_uprn": 0, "last_uprn": 1}


def test_unknown_field_is_named_once():
    with pytest.raises(BootcampInputError) as error:
        MatchKey("nonsense", ("first", "flat"))
    message = str(error.value)
    assert message.count("'flat'") == 1 and "unknown field(s) ['flat']" in message
    assert "'uprn'" in message  # the UPRN is offered among the fields to choose from


def test_default_cascade_does_not_use_the_uprn():
    assert not any("uprn" in (*k.left, *k.right_fields) for k in DEFAULT_KEYS)


# --- the benchmark's stored results (the benchmark itself is run by hand: python -m benchmarks.own_data_speed) -----


def test_own_data_speed_results_are_well_formed():
    from benchmarks.common import RESULTS

    table = pd.read_csv(RESULTS / "own_data_speed.csv")
    assert len(table) >= 1
    assert {"run_utc", "records", "seconds", "target_seconds", "within_target", "load_average_before",
            "matched_share"} <= set(table.columns)
    assert (table["records"] == 100_000).all() and (table["seconds"] > 0).all()
    assert table["matched_share"].between(0, 1).all()
    assert (table["within_target"] == (table["seconds"] < table["target_seconds"])).all()
    markdown = (RESULTS / "own_data_speed.md").read_text()
    assert markdown.splitlines()[0] == "| " + " | ".join(table.columns) + " |"
    assert markdown.count("\n") == len(table) + 2
