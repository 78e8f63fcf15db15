"""Unit tests of solutions.regex: address parts, names, NHS numbers, the personal-data scanner, safe patterns."""

import re

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import postcodes, regex


@pytest.mark.parametrize("address, flat, house", [
    ("FLAT 3, 14 HIGH STREET, TB4 7QX", "3", "14"),
    ("Flat 3A 12-14 High St tb4 7qx", "3A", "12-14"),
    ("Apt. 12, 7 The Grove, EC1A 1BB", "12", "7"),
    ("Flat B 9 W1A Road W1A 0AX", "B", "9"),   # a road named like a postcode district is not a postcode
    ("1st Floor Flat, 22b Mill Lane", "1ST FLOOR", "22B"),
    ("GROUND FLOOR FLAT 91 BOROUGH SQUARE LONDON", "GROUND FLOOR", "91"),
    ("8 AUSTEN MANSIONS WILLOW COTTAGE 1 RUTLAND WALK", "8", "1"),
    ("25 KEIR HARDIE COURT LONDON TB4 7QX", None, "25"),
    ("FIRST FLR FLAT 87 RIVER STREET", "FIRST FLOOR", "87"),
    ("UNIT 4, 100 DOCK ROAD, M1 1AE", "4", "100"),
    ("ROSEBERY HOUSE, STATION ROAD", None, None),
    ("", None, None),
    (None, None, None),
])
def test_flat_and_house_number(address, flat, house):
    assert regex.flat_number(address) == flat
    assert regex.house_number(address) == house


def test_address_parts_reject_non_text():
    with pytest.raises(BootcampInputError, match="address must be text"):
        regex.house_number(14)


def test_postcode_in_text_uses_the_postcodes_module_and_finds_every_format():
    assert postcodes.OUTWARD_PATTERN in regex.POSTCODE_IN_TEXT.pattern
    text = "a M1 1AE b B33 8TH c W1A 0AX d CR2 6XH e DN55 1PT f EC1A 1BB g tb4 7qx h SW1W0NY"
    assert len(regex.POSTCODE_IN_TEXT.findall(text)) == 8
    assert regex.POSTCODE_IN_TEXT.search("XTB4 7QX9") is None


@pytest.mark.parametrize("name, expected", [
    ("SMITH, John Paul", ("John", "Paul", "SMITH")),
    ("O'BRIEN, Mrs Mary", ("Mary", None, "O'BRIEN")),
    ("SMITH-JONES,ANN", ("ANN", None, "SMITH-JONES")),
    ("  DE LA CRUZ ,  Maria  ", ("Maria", None, "DE LA CRUZ")),
    ("Mary Jane Smith", ("Mary", "Jane", "Smith")),
    ("Dr. Amir Khan", ("Amir", None, "Khan")),
    ("Cher", (None, None, "Cher")),
    (None, (None, None, None)),
    (float("nan"), (None, None, None)),
])
def test_split_name(name, expected):
    assert regex.split_name(name) == expected


def test_nhs_check_digit_examples_and_bad_input():
    assert regex.nhs_check_digit("943476591") == 9
    assert regex.is_valid_nhs_number("943 476 5919")
    assert not regex.is_valid_nhs_number("943 476 5918")
    assert not regex.is_valid_nhs_number("943-476 5919")      # mixed separators
    assert not regex.is_valid_nhs_number(9434765919)          # a number, not text
    with pytest.raises(BootcampInputError, match="nine digits"):
        regex.nhs_check_digit("12345")


def test_nhs_check_digit_ten_means_invalid():
    prefix = next(str(n) for n in range(999000000, 999001000) if regex.nhs_check_digit(str(n)) is None)
    assert not any(regex.is_valid_nhs_number(prefix + str(d)) for d in range(10))


def test_scan_text_finds_every_kind_in_order():
    text = ("Call 07700 900123 or +44 (0)20 7946 0123, email jo.smith@example.co.uk, NHS 943 476 5919, "
            "at tb4 7qx. Mary Smith said so on 12/03/2026 (ref 9434765918).")
    found = regex.scan_text(text, ["Mary", "Smith", "Jo"])
    assert found == [("phone", "07700 900123"), ("phone", "+44 (0)20 7946 0123"),
                     ("email", "jo.smith@example.co.uk"), ("nhs_number", "943 476 5919"),
                     ("postcode", "tb4 7qx"), ("name", "Mary"), ("name", "Smith")]


def test_name_pattern_prefers_longer_names_and_skips_short_ones():
    pattern = regex.name_pattern(["Anne", "Anne-Marie", "Li", None])
    assert pattern.findall("Anne-Marie and ANNE met Li") == ["Anne-Marie", "ANNE"]
    assert regex.name_pattern([]) is None


def test_scan_table_and_quality():
    table = pd.DataFrame({"id": ["A", "B", "C"],
                          "comment": ["ring 07700 900123", "Mary says hi", None],
                          "count": [1, 2, 3]})
    findings = regex.scan_table(table, names=["Mary"], id_column="id")
    assert list(findings.columns) == ["row", "column", "kind", "value"]
    assert set(zip(findings["row"], findings["kind"])) == {("A", "phone"), ("B", "name")}
    labels = pd.DataFrame({"row": ["A", "C"], "column": ["comment", "comment"], "kind": ["phone", "email"]})
    quality = regex.scanner_quality(findings, labels)
    assert quality.loc["all", "correct"] == 1 and quality.loc["all", "precision"] == 0.5
    assert quality.loc["phone", "recall"] == 1.0 and quality.loc["email", "recall"] == 0.0


def test_scan_table_bad_input():
    with pytest.raises(BootcampInputError, match="missing column"):
        regex.scan_table(pd.DataFrame({"a": ["x"]}), columns=["comment"])
    with pytest.raises(BootcampInputError, match="DataFrame"):
        regex.scan_table(["not", "a", "table"])


def test_fly_tipping_reports_is_reproducible_and_labelled():
    people = pd.DataFrame({"first_name": ["AMARA", "Tom"], "last_name": ["OKAFOR", "Reid"]})
    reports, labels = regex.fly_tipping_reports(people, ["HIGH STREET"], ["TB4 7QX"], n=60, seed=3)
    again, _ = regex.fly_tipping_reports(people, ["HIGH STREET"], ["TB4 7QX"], n=60, seed=3)
    pd.testing.assert_frame_equal(reports, again)
    assert len(reports) == 60 and reports["report_id"].is_unique
    assert set(labels["row"]) <= set(reports["report_id"])
    assert set(labels["kind"]) <= set(regex.KINDS)
    with pytest.raises(BootcampInputError):
        regex.fly_tipping_reports(people, [], ["TB4 7QX"])


def test_pattern_test_table():
    table = regex.pattern_test_table(r"\d+", ["12", "3"], ["a", "1a"])
    assert table["ok"].all() and len(table) == 4
    with pytest.raises(BootcampInputError, match="does not compile"):
        regex.pattern_test_table("[", [], [])


def test_safe_pattern_accepts_the_same_language_as_the_dangerous_one():
    cases = ["hello", "hello world", "a b c ", "a\tb", "", " a", "a  b", "a!", "a b!"]
    dangerous, safe = re.compile(regex.WORDS_DANGEROUS), re.compile(regex.WORDS_SAFE)
    for text in cases:
        assert (dangerous.match(text) is None) == (safe.match(text) is None), text
    assert safe.match("a" * 100_000 + "!") is None  # instant


def test_backtracking_timings_stops_early():
    timings = regex.backtracking_timings(regex.WORDS_SAFE, [10, 20])
    assert list(timings["n"]) == [10, 20]
    timings = regex.backtracking_timings(regex.WORDS_DANGEROUS, range(10, 40), limit_seconds=0.001)
    assert len(timings) < 30


def test_nhs_validation_agrees_with_the_cleaning_module():
    import numpy as np

    from solutions import cleaning
    numbers = [f"{n:010d}" for n in np.random.default_rng(0).integers(0, 10**10, 3000)]
    assert [regex.is_valid_nhs_number(n) for n in numbers] == [cleaning.nhs_check_digit_ok(n) for n in numbers]


def test_pattern_compare_names_the_failing_case_and_catastrophic_patterns():
    compare = regex.pattern_compare(["hello world"], ["hello  world", "a" * 40 + "!"])
    assert compare(regex.WORDS_SAFE, regex.WORDS_SAFE) is None
    assert "hello  world" in compare(r"^[\w\s]+$", regex.WORDS_SAFE)
    assert "catastrophic" in compare(regex.WORDS_DANGEROUS, regex.WORDS_SAFE)
    assert "does not compile" in compare(r"[A-Z", regex.WORDS_SAFE)
    assert "expected a pattern" in compare(42, regex.WORDS_SAFE)


def test_nhs_prefix_without_check_digit():
    prefix = regex.nhs_prefix_without_check_digit()
    assert prefix == "999000000" and regex.nhs_check_digit(prefix) is None
    assert not any(regex.is_valid_nhs_number(prefix + d) for d in "0123456789")


def test_nhs_number_spacing_must_be_all_or_nothing():
    assert regex.is_valid_nhs_number("943 476 5919") and regex.is_valid_nhs_number("9434765919")
    assert not regex.is_valid_nhs_number("9434 765919") and not regex.is_valid_nhs_number("943476 5919")
