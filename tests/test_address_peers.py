"""The stored comparison of match_addresses with uk_address_matcher (benchmarks/address_peers.py), and the builders
of the address sets the course did not generate (benchmarks/external_addresses.py).

uk_address_matcher is not run here: it lives in its own virtual environment (Splink 4). These tests read its stored
results and check the sets it was measured on.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from benchmarks.common import RESULTS

SETS = ("Thamesbury held-out", "Thamesbury hard held-out", "address-errors town", "address-errors borough")
METHODS = ("match_addresses", "uk_address_matcher (default)", "uk_address_matcher (documented)")


@pytest.fixture(scope="module")
def table():
    path = RESULTS / "address_peers.csv"
    assert path.exists(), "run `python -m benchmarks.address_peers` to write results/address_peers.csv"
    return pd.read_csv(path)


def test_every_set_has_every_method(table):
    measured = table[table["kind"] != "published, not measured here"]
    for name in SETS:
        got = set(measured.loc[measured["dataset"] == name, "method"])
        assert set(METHODS) <= got, f"{name}: missing {set(METHODS) - got}"
    assert not measured.duplicated(["dataset", "method"]).any()
    # at least one set was not made by the course's generator
    assert any(not name.startswith("Thamesbury") for name in measured["dataset"])


def test_published_figure_is_kept_apart(table):
    published = table[table["kind"] == "published, not measured here"]
    assert len(published) == 1 and published["method"].iloc[0] == "uk_address_matcher"
    assert published["records"].isna().all() and published["seconds"].isna().all()


def test_figures_are_consistent(table):
    measured = table[table["kind"] != "published, not measured here"]
    for row in table.itertuples(index=False):
        for value in (row.precision, row.recall, row.f1):
            assert 0 <= value <= 1, row
        if row.precision + row.recall > 0:
            f1 = 2 * row.precision * row.recall / (row.precision + row.recall)
            assert math.isclose(row.f1, f1, abs_tol=2e-4), row
    for row in measured.itertuples(index=False):
        assert row.records == row.in_gazetteer + row.not_in_gazetteer
        assert row.correct + row.wrong == row.matched <= row.in_gazetteer
        assert math.isclose(row.recall, row.correct / row.in_gazetteer, abs_tol=1e-4)
        if row.matched:
            assert math.isclose(row.precision, row.correct / row.matched, abs_tol=1e-4)
        if row.not_in_gazetteer:
            assert math.isclose(row.wrong_match_rate, row.not_in_gazetteer_matched / row.not_in_gazetteer,
                                abs_tol=1e-4)
        assert 0 <= row.recall_identifiable <= 1 and row.seconds >= 0


def test_markdown_names_every_set_and_method(table):
    text = (RESULTS / "address_peers.md").read_text()
    for name in SETS:
        assert f"### {name}" in text
    for method in METHODS:
        assert method in text
    assert "not measured here" in text


def test_external_town_truth_is_in_its_gazetteer():
    from benchmarks.external_addresses import errors_town
    from solutions.postcodes import is_valid_postcode

    records, gazetteer, truth = errors_town()
    assert len(records) == len(truth) == 5 * 261
    assert records["record_id"].is_unique and list(records["record_id"]) == list(truth["record_id"])
    known = truth["uprn"].dropna()
    assert known.isin(set(gazetteer["uprn"])).all()
    assert 0 < truth["uprn"].isna().sum() < 0.1 * len(truth)  # some properties taken out of the gazetteer
    assert gazetteer["postcode"].map(is_valid_postcode).all()  # the package's ZZ codes rewritten to valid ones
    assert set(records["style"]) == {"wigan", "bradford", "leeds", "derby", "cornwall"}


def test_external_borough_has_the_shape_it_claims():
    from benchmarks.external_addresses import describe, errors_borough

    records, gazetteer, truth = errors_borough(per_style=200)
    assert len(records) == 1000 and records["record_id"].is_unique
    assert truth["uprn"].dropna().isin(set(gazetteer["uprn"])).all()
    shape = describe(gazetteer)
    assert shape["units_with_several_streets"] > 0 and 5 <= shape["median_points_per_unit"] <= 30
    damage = records["postcode_damage"].value_counts()
    assert {"dropped", "outward only", "in the line"} <= set(damage.index)
    outward = records.loc[records["postcode_damage"] == "outward only", "postcode"]
    assert outward.str.fullmatch(r"YY\d").all()


def test_valid_postcode_rewrites_letter_by_letter():
    from benchmarks.external_addresses import valid_postcode

    assert valid_postcode("ZZ1 1CJ") == "YY1 1TJ"
    assert valid_postcode("12 ACORN ROAD ZZ2 6AB") == "12 ACORN ROAD YY2 6AB"
    assert valid_postcode("ZZ3") == "YY3"
    assert valid_postcode(None) is None


def test_peer_runner_refuses_bad_input_before_starting():
    from bootcamp.validate import BootcampInputError

    from benchmarks.uk_address_matcher_peer import run_uk_address_matcher

    gazetteer = pd.DataFrame({"uprn": ["1"], "saon": [None], "paon": ["1"], "street": ["HIGH STREET"],
                              "town": ["LONDON"], "postcode": ["SE15 4QJ"]})
    with pytest.raises(BootcampInputError, match="address"):
        run_uk_address_matcher(pd.DataFrame({"record_id": ["a"]}), gazetteer)
    with pytest.raises(BootcampInputError, match="different"):
        run_uk_address_matcher(pd.DataFrame({"record_id": ["a", "a"], "address": ["1 HIGH ST", "2 HIGH ST"]}),
                               gazetteer)
    with pytest.raises(BootcampInputError, match="config"):
        run_uk_address_matcher(pd.DataFrame({"record_id": ["a"], "address": ["1 HIGH ST"]}), gazetteer, "best")


def test_inputs_are_shaped_as_the_peer_documents():
    from benchmarks.uk_address_matcher_peer import canonical_frame, messy_frame

    gazetteer = pd.DataFrame({"uprn": ["10"], "saon": ["FLAT A"], "paon": ["12"], "street": ["HIGH STREET"],
                              "locality": [None], "town": ["LONDON"], "postcode": ["SE15 4QJ"]})
    canonical = canonical_frame(gazetteer)
    assert canonical.to_dict("records") == [{"unique_id": "10", "address_concat": "FLAT A, 12, HIGH STREET, LONDON",
                                             "postcode": "SE15 4QJ"}]
    messy = messy_frame(pd.DataFrame({"record_id": ["r1", "r2"], "address": ["12a High St", None],
                                      "postcode": ["", None]}))
    assert list(messy.columns) == ["unique_id", "address_concat", "postcode"]
    assert messy["postcode"].isna().all() and messy["address_concat"].tolist() == ["12a High St", ""]
