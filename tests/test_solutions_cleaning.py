"""Unit tests of solutions.cleaning: placeholders, names, nicknames, dates, sex, NHS numbers, addresses."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import cleaning as c


@pytest.mark.parametrize("junk", [None, float("nan"), pd.NA, "", "  ", ".", "-", "?", "N/A", "n/a", "N.A.", "NA",
                                  "UNKNOWN", "Unknown", "not known", "NULL", "none", "TBC", "XXX", "#N/A"])
def test_placeholders(junk):
    assert c.is_placeholder(junk)


@pytest.mark.parametrize("real", ["SMITH", "A", "J.", "NASH", "NAN", "Nan", "NAN LI", "0", "12", "FLAT 3", "O'BRIEN"])
def test_real_values_are_not_placeholders(real):
    assert not c.is_placeholder(real)


def test_to_missing_keeps_rows_and_index():
    values = pd.Series(["SMITH", "N/A", None, ".", "JONES"], index=[5, 6, 7, 8, 9])
    out = c.to_missing(values)
    assert list(out.index) == [5, 6, 7, 8, 9]
    assert out.tolist() == ["SMITH", None, None, None, "JONES"]


def test_placeholder_profile_and_junk_columns():
    frame = pd.DataFrame({"a": ["x", "N/A", None, "y"], "b": ["1", "2", "3", "4"], "c": [None, None, "z", "."]})
    profile = c.placeholder_profile(frame)
    assert profile.loc["a", "missing"] == 0.25 and profile.loc["a", "junk"] == 0.25
    assert profile.loc["b", "junk"] == 0
    assert c.junk_columns(frame) == {"a", "c"}
    with pytest.raises(BootcampInputError):
        c.placeholder_profile(pd.DataFrame())
    with pytest.raises(BootcampInputError):
        c.to_missing(["N/A"])


@pytest.mark.parametrize("raw,expected", [
    ("  dr. Zoë  o’BRIEN-smith ", "ZOE O'BRIEN-SMITH"),
    ("MARY - JANE  smith", "MARY-JANE SMITH"),
    ("Łukasz Wiśniewski", "LUKASZ WISNIEWSKI"),
    ("João", "JOAO"), ("Inês", "INES"), ("Søren", "SOREN"),
    ("Mrs Sarah Jones", "SARAH JONES"), ("MR. J. SMITH", "J SMITH"), ("Smith OBE", "SMITH"),
    ("LORD", "LORD"),                 # a one-word name that looks like a title is kept
    ("SMITH2", "SMITH"), ("smith,", "SMITH"), ("AL-HASHIMI", "AL-HASHIMI"),
    ("N/A", None), (".", None), ("", None), (None, None), (float("nan"), None),
])
def test_clean_name(raw, expected):
    assert c.clean_name(raw) == expected


def test_strip_accents_keeps_non_strings_and_plain_text():
    assert c.strip_accents("Wiśniewski") == "Wisniewski"
    assert c.strip_accents("Straße") == "Strasse"
    assert c.strip_accents("SMITH") == "SMITH"
    assert c.strip_accents(None) is None


def test_remove_titles():
    assert c.remove_titles("DR. JANE SMITH") == "JANE SMITH"
    assert c.remove_titles("Miss Ama Mensah") == "Ama Mensah"
    assert c.remove_titles("MASTER") == "MASTER"


def test_splits():
    assert c.split_forenames("mary anne louise") == ("MARY", "ANNE LOUISE")
    assert c.split_forenames("JOHN") == ("JOHN", None)
    assert c.split_forenames("N/A") == (None, None)
    assert c.split_surname_first("SMITH, John Paul") == ("SMITH", "John Paul")
    assert c.split_surname_first("O'BRIEN,Sean") == ("O'BRIEN", "Sean")
    assert c.split_surname_first("SMITH") == ("SMITH", None)
    assert c.split_surname_first(None) == (None, None)


def test_nicknames_are_one_to_many():
    variants = c.name_variants("Bill")
    assert {"BILL", "WILLIAM", "ROBERT"} <= variants
    assert c.could_be_same_first_name("Bill", "William")
    assert c.could_be_same_first_name("Liz", "ELIZABETH")
    assert not c.could_be_same_first_name("Bill", "Elizabeth")
    assert c.name_variants(None) == set()


@pytest.mark.parametrize("raw,dayfirst,expected", [
    ("01/02/2003", True, "2003-02-01"), ("01/02/2003", False, "2003-01-02"),
    ("13/02/2003", False, "2003-02-13"),    # cannot be month-first
    ("02/13/2003", True, "2003-02-13"),     # cannot be day-first
    ("1/2/2003", True, "2003-02-01"), ("01.02.2003", True, "2003-02-01"), ("01-02-2003", True, "2003-02-01"),
    ("20030201", True, "2003-02-01"), ("2003-02-01", True, "2003-02-01"), ("2003-02-01T00:00:00", True, "2003-02-01"),
    ("1 Feb 2003", True, "2003-02-01"), ("1st February 2003", True, "2003-02-01"),
    ("31/02/2003", True, None), ("00/00/0000", True, None), ("01/01/1900", True, None), ("19000101", True, None),
    ("N/A", True, None), (None, True, None), ("yesterday", True, None), ("2003", True, None),
])
def test_parse_date(raw, dayfirst, expected):
    assert c.parse_date(raw, dayfirst=dayfirst) == expected


def test_ambiguous_dates():
    assert c.is_ambiguous_date("01/02/2003")
    assert not c.is_ambiguous_date("02/02/2003")
    assert not c.is_ambiguous_date("13/02/2003")
    assert not c.is_ambiguous_date("2003-02-01")
    assert not c.is_ambiguous_date(None)


def test_parse_dates_series():
    out = c.parse_dates(pd.Series(["01/02/2003", "N/A", None], index=[3, 4, 5]))
    assert out.tolist() == ["2003-02-01", None, None] and list(out.index) == [3, 4, 5]
    with pytest.raises(BootcampInputError):
        c.parse_dates("01/02/2003")


def test_school_year_windows():
    assert c.school_year_birth_window("R") == ("2020-09-01", "2021-08-31")
    assert c.school_year_birth_window("Year 7") == ("2013-09-01", "2014-08-31")
    assert c.school_year_birth_window(7) == ("2013-09-01", "2014-08-31")
    assert c.school_year_birth_window("7", on="2026-10-01") == ("2014-09-01", "2015-08-31")
    assert c.school_year_birth_window("banana") is None


def test_school_dob_swaps_only_when_the_year_group_says_so():
    # Year 7 in 2025/26: born 2013-09-01 .. 2014-08-31.
    assert c.parse_school_dob("10/03/2014", "7") == "2014-03-10"          # day-first fits: keep
    assert c.parse_school_dob("03/10/2013", "7") == "2013-10-03"          # day-first (3 Oct 2013) fits: keep
    assert c.parse_school_dob("10/03/2013", "7") == "2013-10-03"          # day-first is too old; month-first fits
    assert c.parse_school_dob("03/25/2014", "7") == "2014-03-25"          # only month-first is a real date
    assert c.parse_school_dob("10/03/2014", None) == "2014-03-10"
    assert c.parse_school_dob("N/A", "7") is None


@pytest.mark.parametrize("raw,expected", [("M", "M"), ("male", "M"), ("Female", "F"), ("f", "F"), ("Unknown", None),
                                          ("X", None), ("N/A", None), (None, None)])
def test_clean_sex(raw, expected):
    assert c.clean_sex(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("943 476 5919", "9434765919"), ("9434765919", "9434765919"), ("943-476-5919", "9434765919"),
    (9434765919.0, "9434765919"), ("943 476 5918", None),   # wrong check digit
    ("12345", None), ("N/A", None), (None, None),
])
def test_clean_nhs_number(raw, expected):
    assert c.clean_nhs_number(raw) == expected


def test_addresses():
    assert c.clean_address_part("  12  high st. ") == "12 HIGH ST"
    assert c.clean_address_part("N/A") is None
    assert c.join_address("Flat 2", None, "12 High St", ".", "London") == "FLAT 2, 12 HIGH ST, LONDON"
    assert c.join_address(None, "UNKNOWN") is None


def test_tidy_address_joins_house_numbers_to_streets():
    assert c.tidy_address("7, School Close,, London") == "7 SCHOOL CLOSE, LONDON"
    assert c.tidy_address("Flat 3, 14A, High St") == "FLAT 3, 14A HIGH ST"
    assert c.join_address("FLAT 32", "MERIDIAN TOWER", "1", "VINEYARD AVENUE, LONDON") == \
        "FLAT 32, MERIDIAN TOWER, 1 VINEYARD AVENUE, LONDON"
    assert c.join_address("12-14", None, "HIGH ST") == "12-14 HIGH ST"
    assert c.tidy_address("N/A") is None


def test_placeholder_profile_breaks_ties_by_value():
    frame = pd.DataFrame({"a": ["UNKNOWN", "N/A", ".", "N/A", "UNKNOWN", "?", "x"]})
    assert c.placeholder_profile(frame).loc["a", "examples"] == "N/A, UNKNOWN, ."


def test_b1_value_answers():
    assert c.adult_social_care_junk_columns() == {"first_name", "gender"}
    assert c.shielding_invalid_postcode_count() == 6  # outward codes only (TB6)
    assert c.school_census_ambiguous_dates() == 1264
    assert c.nickname_policy() == "B"


def test_one_nhs_check_digit_everywhere():
    """The generator's vectorised check digit (10: no valid number), B1's check and I1's agree on every stem tried."""
    from bootcamp.thamesbury.population import nhs_check_digit as generator_digits
    from solutions.cleaning import nhs_check_digit_ok
    from solutions.regex import nhs_check_digit

    import numpy as np

    stems = np.random.default_rng(1).integers(100_000_000, 999_999_999, size=3000)
    for stem, generated in zip(stems, generator_digits(stems)):
        expected = nhs_check_digit(str(stem))
        assert generated == (10 if expected is None else expected), stem
        if expected is not None:
            assert nhs_check_digit_ok(f"{stem}{expected}") and not nhs_check_digit_ok(f"{stem}{(expected + 1) % 10}")
