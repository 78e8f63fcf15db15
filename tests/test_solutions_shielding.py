"""Unit tests of solutions.shielding (chapter P3): bands, band precision, subgroups, disagreements and the contact
list, with clear errors on bad input."""

import numpy as np
import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import shielding as sh


def test_assign_band_edges_and_missing():
    p = pd.Series([0.99, 0.98999, 0.5, 0.49999, np.nan], index=list("abcde"))
    out = sh.assign_band(p, 0.5, 0.99)
    assert out.tolist() == ["auto-accept", "review", "review", "reject", "reject"]
    assert list(out.index) == list("abcde")


@pytest.mark.parametrize("lower, upper", [(0.9, 0.5), (0.5, 0.5), (-0.1, 0.5), (0.1, 1.5), ("0.1", 0.9)])
def test_assign_band_rejects_bad_thresholds(lower, upper):
    with pytest.raises(BootcampInputError):
        sh.assign_band(pd.Series([0.5]), lower, upper)


def test_assign_band_needs_a_series():
    with pytest.raises(BootcampInputError, match="Series"):
        sh.assign_band([0.5], 0.1, 0.9)


def test_band_table_counts_precision_and_share():
    scored = pd.DataFrame({"left_id": ["a", "b", "c", "d"], "right_id": ["1", "2", "3", "4"],
                           "match_probability": [0.999, 0.995, 0.7, 0.1]})
    truth = {("a", "1"), ("c", "3"), ("z", "9")}
    table = sh.band_table(scored, truth, 0.5, 0.99).set_index("band")
    assert table["pairs"].tolist() == [2, 1, 1]
    assert table["true_matches"].tolist() == [1, 1, 0]
    assert table["precision"].tolist() == [0.5, 1.0, 0.0]
    assert table.loc["auto-accept", "share_of_true"] == round(1 / 3, 4)


def test_band_table_keeps_empty_bands():
    scored = pd.DataFrame({"left_id": ["a"], "right_id": ["1"], "match_probability": [0.999]})
    table = sh.band_table(scored, {("a", "1")}, 0.5, 0.99)
    assert table["band"].tolist() == list(sh.BANDS)
    assert table["pairs"].tolist() == [1, 0, 0]
    assert np.isnan(table["precision"].iloc[1])


def test_band_table_names_missing_column():
    with pytest.raises(BootcampInputError, match="match_probability"):
        sh.band_table(pd.DataFrame({"left_id": ["a"], "right_id": ["b"]}), set(), 0.1, 0.9)


def test_age_band():
    out = sh.age_band(pd.Series(["12", 50, 64, 65, 84, 85, None, "x"]))
    assert out.tolist()[:6] == ["under 50", "50–64", "50–64", "65–74", "75–84", "85 and over"]
    assert out.isna().tolist()[6:] == [True, True]


def _people():
    return pd.DataFrame({"person_id": ["P1", "P2"], "name_origin": ["polish", "english"], "age": ["80", "40"],
                         "uprn": ["U1", "U2"], "moved_date": ["2025-05-01", None]})


def test_pair_subgroups_and_missed_rates():
    gaz = pd.DataFrame({"uprn": ["U1", "U2"], "classification": ["RD06", "RD04"]})
    left_truth = pd.DataFrame({"record_id": ["S1", "S2"], "person_id": ["P1", "P2"]})
    pairs = sh.pair_subgroups({("S1", "C1"), ("S2", "C2")}, left_truth, _people(), gaz, "2025-01-01")
    row = pairs.set_index("left_id").loc["S1"]
    assert (row["name_origin"], row["moved"], row["home"], row["age_band"]) == (
        "polish", "moved since 2025-01-01", "flat", "75–84")
    assert pairs.set_index("left_id").loc["S2", "moved"] == "not moved"
    table = sh.missed_by_subgroup(pairs, {("S2", "C2")}, ["home", "moved"])
    assert set(table["subgroup"]) == {"home", "moved"}
    flat = table[(table["subgroup"] == "home") & (table["group"] == "flat")].iloc[0]
    assert (flat["true_matches"], flat["missed"], flat["missed_rate"]) == (1, 1, 1.0)


def test_pair_subgroups_errors():
    gaz = pd.DataFrame({"uprn": ["U1"], "classification": ["RD06"]})
    left_truth = pd.DataFrame({"record_id": ["S1"], "person_id": ["P1"]})
    with pytest.raises(BootcampInputError, match="empty"):
        sh.pair_subgroups(set(), left_truth, _people(), gaz, "2025-01-01")
    with pytest.raises(BootcampInputError, match="moved_date"):
        sh.pair_subgroups({("S1", "C1")}, left_truth, _people().drop(columns="moved_date"), gaz, "2025-01-01")
    with pytest.raises(BootcampInputError, match="subgroup"):
        sh.missed_by_subgroup(pd.DataFrame({"left_id": ["S1"], "right_id": ["C1"]}), set(), [])


def test_field_disagreements():
    left = pd.DataFrame({"record_id": ["S1"], "first_name": ["Anne-Marie"], "last_name": ["SMITH"],
                         "dob": ["1950-01-01"], "postcode": ["TB1 1AA"]})
    right = pd.DataFrame({"record_id": ["C1"], "first_name": ["ANNE MARIE"], "last_name": ["JONES"],
                          "dob": [None], "postcode": ["TB11AA"]})
    out = sh.field_disagreements(pd.DataFrame({"left_id": ["S1"], "right_id": ["C1"]}), left, right).iloc[0]
    assert (out["first_name"], out["last_name"], out["dob"], out["postcode"]) == ("same", "differs", "missing", "same")


def _contact_inputs():
    shielding = pd.DataFrame({"record_id": ["S1", "S2", "S3"], "first_name": ["A", "B", "C"],
                              "last_name": ["X", "Y", "Z"], "address": ["1 HIGH ST", "2 HIGH ST", "3 LOW RD"],
                              "postcode": ["TB1 1AA", "TB1 1AA", "TB2 2BB"], "nhs_number": ["9990000001"] * 3,
                              "dob": ["1940-01-01"] * 3})
    council = pd.DataFrame({"record_id": ["ASC1", "CT1", "CT2", "HB1"],
                            "source": ["adult_social_care", "council_tax", "council_tax", "housing_benefit"],
                            "address": ["1 High St", "1 HIGH ST", "9 NEW RD", "9 NEW RD"],
                            "postcode": ["TB1 1AA", "TB1 1AA", "TB3 3CC", "TB3 3CC"],
                            "dob": ["1940-01-01", None, None, "1940-01-01"]})
    scored = pd.DataFrame({"left_id": ["S1", "S1", "S2", "S2", "S3"], "right_id": ["ASC1", "CT1", "CT2", "HB1", "CT1"],
                           "match_probability": [0.999, 0.995, 0.8, 0.7, 0.1]})
    return shielding, council, scored


def test_contact_list_rows_actions_and_caveats():
    shielding, council, scored = _contact_inputs()
    out = sh.contact_list(shielding, council, scored, 0.5, 0.99, phones={"S1": "07700 900001"}).set_index("record_id")
    assert list(out.reset_index().columns) == sh.CONTACT_COLUMNS
    assert len(out) == 3  # one row per person on the list, none lost
    assert out.loc["S1", "action"] == sh.ACTIONS["adult_social_care"]
    assert out.loc["S1", "band"] == "auto-accept"
    assert out.loc["S1", "council_address"] == "1 HIGH ST"  # council tax is preferred for where people live now
    assert out.loc["S2", "band"] == "review"
    assert out.loc["S2", "action"] == sh.ACTIONS["housing_benefit"]
    assert "may have moved" in out.loc["S2", "caveats"]
    assert "no phone" in out.loc["S2", "caveats"]
    assert out.loc["S3", "band"] == "no match"
    assert not sh.forbidden_columns(out)


def test_contact_list_errors():
    shielding, council, scored = _contact_inputs()
    with pytest.raises(BootcampInputError, match="'source'"):
        sh.contact_list(shielding, council.drop(columns="source"), scored, 0.5, 0.99)
    with pytest.raises(BootcampInputError, match="lower"):
        sh.contact_list(shielding, council, scored, 0.99, 0.5)
    with pytest.raises(BootcampInputError, match="empty"):
        sh.contact_list(shielding.iloc[0:0], council, scored, 0.5, 0.99)


def test_forbidden_columns():
    frame = pd.DataFrame(columns=["record_id", "nhs_number", "primary_support_reason", "phone"])
    assert sh.forbidden_columns(frame) == ["nhs_number", "primary_support_reason"]
    with pytest.raises(BootcampInputError):
        sh.forbidden_columns(["nhs_number"])


def test_link_shielding_needs_source_column():
    frame = pd.DataFrame({"record_id": ["A"], "first_name": ["X"]})
    with pytest.raises(BootcampInputError, match="'source'"):
        sh.link_shielding(frame, frame)


def test_tuning_half_is_half_fixed_and_order_free():
    ids = [f"SL{i:03d}" for i in range(11)]
    half = sh.tuning_half(ids)
    assert len(half) == 5 and half <= set(ids)
    assert sh.tuning_half(list(reversed(ids))) == half       # the order of the IDs does not matter
    assert sh.tuning_half(ids, seed=1) != half or len(ids) < 3
    with pytest.raises(BootcampInputError, match="two"):
        sh.tuning_half(["SL1"])


def test_pairs_for_keeps_the_pairs_of_the_chosen_left_records():
    scored = pd.DataFrame({"left_id": ["A", "A", "B"], "right_id": ["X", "Y", "Z"], "match_probability": [0.9, 0.2, 0.8]})
    part, truth = sh.pairs_for(scored, {("A", "X"), ("B", "Z"), ("C", "W")}, {"A", "C"})
    assert part["right_id"].tolist() == ["X", "Y"]
    assert truth == {("A", "X"), ("C", "W")}


def test_hub_threshold_problems_says_what_is_wrong():
    assert sh.hub_threshold_problems(0.5) == "expected two numbers, (lower, upper)"
    assert "swap" in sh.hub_threshold_problems((0.99, 0.5))
    assert "numbers" in sh.hub_threshold_problems(("0.5", "0.99"))
