"""Unit tests of solutions.households: composition, parent shells, associative matching, same person or household."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import households as hh

GAZ = pd.DataFrame({"uprn": ["10", "11", "12", "30"], "parent_uprn": [None, "10", "10", None]})


def test_composition_counts_birthdays_and_unknown_ages():
    people = pd.DataFrame({"uprn": ["A", "A", "A", "B", None], "dob": ["2008-04-01", "1951-04-01", None,
                                                                          "1990-01-01", "1990-01-01"]})
    out = hh.household_composition(people, "2026-03-31").set_index("uprn")
    assert out.loc["A"].to_dict() == {"people": 3, "adults": 1, "children": 1, "over_75": 0, "unknown_age": 1}
    assert hh.household_composition(people, "2026-04-01").set_index("uprn").loc["A", "over_75"] == 1
    assert list(out.index) == ["A", "B"]   # no household for the person without a UPRN
    with pytest.raises(BootcampInputError, match="dob"):
        hh.household_composition(people.drop(columns="dob"), "2026-03-31")


def test_household_type_labels():
    comp = pd.DataFrame({"adults": [1, 2, 2, 1, 0], "children": [0, 1, 0, 0, 2], "over_75": [0, 0, 2, 0, 0]})
    assert hh.household_type(comp).tolist() == ["1 adult", "2+ adults with children", "all adults over 75",
                                                 "1 adult", "children only"]


def test_parent_shells_roll_up_and_overcount():
    assert hh.parent_shells(GAZ) == {"10"}
    rolled = hh.roll_up_to_parent(pd.Series(["11", "12", "30", None]), GAZ)
    assert rolled.tolist()[:3] == ["10", "10", "30"] and pd.isna(rolled.iloc[3])
    households = pd.DataFrame({"uprn": ["10", "11", "30"], "people": [9, 2, 12]})
    assert hh.overcount_check(households, GAZ)["uprn"].tolist() == ["10"]
    with pytest.raises(BootcampInputError, match="parent_uprn"):
        hh.parent_shells(GAZ.drop(columns="parent_uprn"))


def test_match_within_households_needs_uniqueness_inside_the_household():
    left = pd.DataFrame({"record_id": ["L1", "L2", "L3"], "household": ["H1", "H2", "H2"],
                         "first": ["ANA", "JOHN", "JOHN"]})
    right = pd.DataFrame({"record_id": ["R1", "R2"], "household": ["H1", "H2"], "first": ["ANA", "JOHN"]})
    out = hh.match_within_households(left, right, ["first"])
    assert out.to_dict("records") == [{"left_id": "L1", "right_id": "R1"}]
    with pytest.raises(BootcampInputError):
        hh.match_within_households(left, right, [])


def test_associative_match_finds_a_changed_surname_and_skips_linked_records():
    left = pd.DataFrame({"record_id": ["CT1", "CT2", "CT3"], "first_name": ["IOANA", "MARK", "TOM"],
                         "last_name": ["DUMITRU", "HILL", "REID"], "dob": None, "uprn": ["1", "1", "2"]})
    right = pd.DataFrame({"record_id": ["ER1", "ER2", "ER3"], "first_name": ["IOANA", "MARK", "THOMAS"],
                          "last_name": ["IONESCU", "HILL", "REID"], "dob": None, "uprn": ["1", "1", "2"]})
    linked = pd.DataFrame({"left_id": ["CT2"], "right_id": ["ER2"]})
    out = hh.associative_match(left, right, linked)
    assert out.to_dict("records") == [
        {"left_id": "CT1", "right_id": "ER1", "match_key": "household_first_name"},
        {"left_id": "CT3", "right_id": "ER3", "match_key": "household_last_initial"},
    ]
    right_dob = right.assign(dob=["1990-01-02", None, None])
    left_dob = left.assign(dob=["1960-05-05", None, None])
    out = hh.associative_match(left_dob, right_dob, linked)   # different dates of birth: not the same person
    assert "CT1" not in set(out["left_id"])
    with pytest.raises(BootcampInputError, match="uprn"):
        hh.associative_match(left.drop(columns="uprn"), right, linked)


def test_classify_pair():
    john_sr = {"first_name": "John", "last_name": "Smith", "dob": "1960-03-02"}
    john_jr = {"first_name": "JOHN", "last_name": "SMITH", "dob": "1992-07-19"}
    assert hh.classify_pair(john_sr, john_jr) == "same household"
    assert hh.classify_pair({**john_sr, "dob": None}, john_jr) == "cannot tell"
    assert hh.classify_pair(john_sr, {**john_sr, "dob": "1960-02-03"}) == "same person"   # day/month swapped
    assert hh.classify_pair(john_sr, {**john_sr, "first_name": "Mary"}) == "same household"  # twins
    with pytest.raises(BootcampInputError):
        hh.classify_pair("John", john_jr)
