"""Unit tests of solutions.deterministic and its pipeline match_key_cascade, on small made-up UK records."""

import numpy as np
import pandas as pd
import pytest

import solutions
from bootcamp.exercises import with_fresh_index
from bootcamp.validate import BootcampInputError
from solutions import deterministic as d


def people(rows):
    frame = pd.DataFrame(rows, columns=["record_id", "first_name", "last_name", "dob", "sex", "address", "postcode",
                                        "nhs_number"])
    frame.insert(1, "source", "test")
    frame.insert(3, "middle_name", None)
    frame["uprn"] = None
    return frame[d.STANDARD_COLUMNS]


LEFT = people([
    ("L1", "Siobhan", "O'Neill", "1980-02-01", "F", "3 Castle Street", "BT1 1AA", "943 476 5919"),
    ("L2", "John", "Smith", "1975-11-30", "M", "Flat 2, 10 High Street", "M1 1AE", None),
    ("L3", "Mohammed", "Rahman", "1990-03-05", "M", "7 Mill Lane", "CF10 1EP", None),
    ("L4", "Zhang", "Wei", "2001-07-04", "M", "1 Dock Road", "EC1A 1BB", None),
    ("L5", "William", "Jones", "1960-05-05", "M", "22 Park Road", "LS1 4AP", None),
    ("L6", "Amy", "Twin", "2010-01-01", "F", "5 Elm Grove", "G1 1XQ", None),
    ("L7", "Beth", "Twin", "2010-01-01", "F", "5 Elm Grove", "G1 1XQ", None),
    ("L8", None, None, None, None, None, None, None),
])
RIGHT = people([
    ("R1", "SIOBHAN", "ONEILL", "1980-02-01", "F", None, None, "9434765919"),     # NHS number, name without '
    ("R2", "JOHN", "SMITH", "1975-11-30", "M", "10 HIGH STREET", "M1 1AE", None),   # exact
    ("R3", "MOHAMMED", "RAHMAN", "1990-05-03", "M", "7 MILL LANE", "CF10 1EP", None),  # day/month swapped
    ("R4", "WEI", "ZHANG", "2001-07-04", "M", "1 DOCK ROAD", "EC1A 1BB", None),       # names swapped
    ("R5", "BILL", "JONES", "1960-05-05", "M", "22 PARK ROAD", "LS1 4AP", None),      # nickname... different initial
    ("R6", "AMY", "TWIN", "2010-01-01", "F", "5 ELM GROVE", "G1 1XQ", None),
    ("R7", "ANNA", "TWIN", "2010-01-01", "F", "5 ELM GROVE", "G1 1XQ", None),       # not on the left
    ("R8", None, None, None, None, None, None, None),
])


def test_cascade_finds_each_kind_of_error_and_nothing_else():
    matches = d.match_key_cascade(LEFT, RIGHT)
    assert list(matches.columns) == ["left_id", "right_id", "match_key"]
    found = dict(zip(matches["left_id"], zip(matches["right_id"], matches["match_key"])))
    assert found["L1"] == ("R1", "nhs_number")
    assert found["L2"] == ("R2", "name_dob_postcode")
    assert found["L3"] == ("R3", "name_dob_any_order_sector")
    assert found["L4"] == ("R4", "swapped_name_dob")
    assert found["L6"] == ("R6", "name_dob_postcode")
    assert "L5" not in found and "L7" not in found and "L8" not in found  # Bill/William: no safe key; empty rows
    assert matches["left_id"].is_unique and matches["right_id"].is_unique
    assert matches.attrs["left_records"] == 8 and matches.attrs["matched"] == len(matches)


def test_cascade_via_the_solutions_package_and_inputs_untouched():
    before = LEFT.copy()
    assert solutions.match_key_cascade(LEFT, RIGHT).equals(d.match_key_cascade(LEFT, RIGHT))
    pd.testing.assert_frame_equal(LEFT, before)


def test_ambiguous_key_values_are_not_matched():
    left = people([("A", "Sam", "Lee", "1990-01-01", "M", None, "SW1A 1AA", None),
                   ("B", "Sam", "Lee", "1990-01-01", "M", None, "SW1A 1AA", None)])
    right = people([("X", "Sam", "Lee", "1990-01-01", "M", None, "SW1A 1AA", None)])
    matches = d.match_key_cascade(left, right)
    assert matches.empty
    assert matches.attrs["ambiguous_key_values"]["name_dob_postcode"] == 1


def test_missing_values_never_agree():
    left = people([("A", None, None, None, None, None, None, None), ("B", "X", None, None, None, None, None, None)])
    right = people([("X", None, None, None, None, None, None, None), ("Y", "X", None, None, None, None, None, None)])
    with pytest.raises(BootcampInputError, match="no match key"):
        d.match_key_cascade(left, right)


def test_absent_optional_columns_are_treated_as_missing():
    left = LEFT[["record_id", "first_name", "last_name", "dob"]]
    matches = d.match_key_cascade(left, RIGHT)
    assert set(matches["match_key"]) <= {"name_dob", "swapped_name_dob", "phonetic_name_dob"}
    assert ("L2", "R2") in set(zip(matches["left_id"], matches["right_id"]))


def test_ids_are_text_and_numeric_ids_work():
    left = LEFT.assign(record_id=range(100, 108))
    matches = d.match_key_cascade(left, RIGHT)
    assert "101" in set(matches["left_id"])


@pytest.mark.parametrize("bad, message", [
    ("not a frame", "must be a pandas DataFrame"),
    (pd.DataFrame(columns=d.STANDARD_COLUMNS), "empty"),
    (LEFT.drop(columns="record_id"), "missing column"),
    (pd.concat([LEFT, LEFT.head(1)]), "duplicated record_id"),
    (LEFT.assign(record_id=[None] + list(LEFT["record_id"][1:])), "no record_id"),
    (pd.DataFrame({"record_id": ["a"], "colour": ["red"]}), "none of the standard"),
])
def test_bad_input_is_named(bad, message):
    with pytest.raises(BootcampInputError, match=message):
        d.match_key_cascade(bad, RIGHT)
    with pytest.raises(BootcampInputError, match=message.replace("left", "right")):
        d.match_key_cascade(LEFT, bad)


def test_bad_keys():
    with pytest.raises(BootcampInputError, match="unknown field"):
        d.MatchKey("oops", ("surname",))
    with pytest.raises(BootcampInputError, match="compares"):
        d.MatchKey("oops", ("first", "last"), ("first",))
    with pytest.raises(BootcampInputError, match="MatchKey"):
        d.match_key_cascade(LEFT, RIGHT, keys=[])


def test_derive_fields():
    fields = d.derive_fields(LEFT)
    assert list(fields.index) == list(LEFT["record_id"])
    row = fields.loc["L1"]
    assert (row["first"], row["last"], row["nhs"], row["postcode_sector"]) == ("SIOBHAN", "ONEILL", "9434765919", "BT1 1")
    assert fields.loc["L2", "house_number"] == "10"
    assert fields.loc["L3", "dob_any_order"] == "1990|03|05"
    assert fields.loc["L8"].isna().all()


def test_dob_any_order():
    assert d.dob_any_order("1975-03-17") == d.dob_any_order("1975-17-03") == "1975|03|17"
    assert d.dob_any_order("1980-7-7") == "1980|07|07"
    assert d.dob_any_order("17/03/1975") is None and d.dob_any_order(None) is None


def test_match_key_and_unique_matches():
    fields = pd.DataFrame({"a": ["x", "y", None], "b": ["1", "2", "3"]}, index=["p", "q", "r"])
    assert d.match_key(fields, ["a", "b"]).tolist() == ["x|1", "y|2", None]
    pairs = d.unique_key_matches(pd.Series(["k", "k", "m"], index=[1, 2, 3]), pd.Series(["k", "m", None], index=[7, 8, 9]))
    assert pairs.values.tolist() == [[3, 8]]
    with pytest.raises(BootcampInputError):
        d.unique_key_matches(["k"], pd.Series(["k"]))


def test_count_key_pairs_ignores_missing():
    left = pd.DataFrame({"dob": ["1990-01-01", "1990-01-01", None], "sex": ["M", "M", None]})
    right = pd.DataFrame({"dob": ["1990-01-01", None], "sex": ["M", None]})
    assert d.count_key_pairs(left, right, ["dob", "sex"]) == 2


def _sequential_greedy(pairs):
    used_l, used_r, keep = set(), set(), []
    for i, row in pairs.sort_values(["score", "left_id", "right_id"], ascending=[False, True, True]).iterrows():
        if row.left_id not in used_l and row.right_id not in used_r:
            keep.append(i)
            used_l.add(row.left_id)
            used_r.add(row.right_id)
    return set(zip(pairs.loc[keep, "left_id"], pairs.loc[keep, "right_id"]))


def test_one_to_one_equals_sequential_greedy():
    rng = np.random.default_rng(0)
    pairs = pd.DataFrame({"left_id": rng.integers(0, 40, 300).astype(str), "right_id": rng.integers(0, 40, 300).astype(str),
                          "score": rng.integers(0, 10, 300) / 10}).drop_duplicates(["left_id", "right_id"])
    kept = d.one_to_one(pairs)
    assert set(zip(kept["left_id"], kept["right_id"])) == _sequential_greedy(pairs)
    assert kept["left_id"].is_unique and kept["right_id"].is_unique
    with pytest.raises(BootcampInputError, match="numeric"):
        d.one_to_one(pairs.assign(score="high"))


def test_key_contribution():
    matches = pd.DataFrame({"left_id": ["a", "b", "c"], "right_id": ["x", "y", "z"], "match_key": ["k1", "k1", "k2"]})
    table = d.key_contribution(matches, {("a", "x"), ("c", "z"), ("d", "w")})
    assert table.loc["k1", "precision"] == 0.5 and table.loc["all keys", "correct"] == 2
    assert table.loc["all keys", "recall"] == round(2 / 3, 3) == table.loc["k2", "cumulative_recall"]
    with pytest.raises(BootcampInputError, match="truth is empty"):
        d.key_contribution(matches, set())


def test_cascade_is_fast_and_one_to_one_on_a_large_frame():
    rng = np.random.default_rng(1)
    n = 20_000
    first = rng.choice(["ANNA", "BEN", "CHLOE", "DAN", "EVE", "FAISAL", "GRACE", "HUGO"], n)
    last = rng.choice([f"NAME{i}" for i in range(300)], n)
    dob = pd.to_datetime("1940-01-01") + pd.to_timedelta(rng.integers(0, 25_000, n), unit="D")
    frame = pd.DataFrame({"record_id": [f"P{i}" for i in range(n)], "first_name": first, "last_name": last,
                          "dob": dob.strftime("%Y-%m-%d"), "postcode": rng.choice(["SW1A 1AA", "M1 1AE", "LS1 4AP"], n)})
    import time
    start = time.perf_counter()
    matches = d.match_key_cascade(frame, frame.sample(frac=1, random_state=2))
    assert time.perf_counter() - start < 20
    assert matches["left_id"].is_unique and matches["right_id"].is_unique
    assert (matches["left_id"] == matches["right_id"]).mean() > 0.99


def test_datetime_dates_and_numeric_nhs_numbers_are_read():
    left = LEFT.assign(dob=pd.to_datetime(LEFT["dob"]), nhs_number=[9434765919.0] + [None] * 7)
    assert d.match_key_cascade(left, RIGHT).equals(d.match_key_cascade(LEFT, RIGHT))


def test_postcode_is_read_from_the_address_when_its_column_is_empty():
    frame = people([("A", "Ann", "Bell", "1970-01-01", "F", "4 Quay Street, Manchester m3 3jz", None, None)])
    assert d.derive_fields(frame).loc["A", "postcode"] == "M3 3JZ"


def test_same_rows_fresh_index():
    expected = pd.DataFrame({"left_id": ["L1"], "right_id": ["R1"], "score": [0.9]})
    assert with_fresh_index(expected.copy(), expected) is None
    assert "fresh" in with_fresh_index(expected.set_axis([3]), expected)
    assert "rows" in with_fresh_index(expected.iloc[0:0], expected)
