"""Unit tests of solutions.postcodes: every real UK format, tidying, keying errors, parts, bad input."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import postcodes as pc

# One real postcode of every format Royal Mail uses, and the special case.
REAL = ["M1 1AE", "B33 8TH", "W1A 0AX", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "SW1A 2AA", "E1W 1AA", "SW1W 0NY",
        "BS98 1TL", "GIR 0AA", "L1 8JQ", "NW1 6XE", "OX4 1AA", "TB4 7QX"]


@pytest.mark.parametrize("postcode", REAL)
def test_every_real_format_is_valid(postcode):
    assert pc.is_valid_postcode(postcode)
    assert pc.normalise_postcode(postcode) == postcode


@pytest.mark.parametrize("raw,expected", [
    (" ec1a1bb ", "EC1A 1BB"), ("ec1a  1bb", "EC1A 1BB"), ("Sw1a-2aa", "SW1A 2AA"), ("m11ae", "M1 1AE"),
    ("tb4 7qx.", "TB4 7QX"), ("gir0aa", "GIR 0AA"),
])
def test_spacing_and_case_are_tidied(raw, expected):
    assert pc.normalise_postcode(raw) == expected


@pytest.mark.parametrize("raw,expected", [
    ("SW1A OAA", "SW1A 0AA"),    # letter O typed for the zero that starts the inward code
    ("M1 IAE", "M1 1AE"),        # letter I for one
    ("0X4 1AA", "OX4 1AA"),      # zero typed for the O that starts the area
])
def test_unambiguous_keying_errors_are_fixed(raw, expected):
    assert pc.normalise_postcode(raw) == expected
    assert pc.normalise_postcode(raw, fix_errors=False) is None


@pytest.mark.parametrize("bad", [
    "QB1 1AA",      # Q never starts a postcode
    "AB1 1CI",      # C and I are never unit letters
    "AJ1 1AA",      # J is never the second letter
    "A1Z 1AA",      # Z is not allowed after the district digit
    "TB4", "TB4 7Q", "TB44 77QX", "12345", "", "N/A", "UNKNOWN", None, float("nan"), 123,
])
def test_invalid_values_give_none(bad):
    assert pc.normalise_postcode(bad) is None
    assert not pc.is_valid_postcode(bad)


def test_lower_case_or_unspaced_is_not_yet_normalised():
    assert not pc.is_valid_postcode("ec1a 1bb")
    assert not pc.is_valid_postcode("EC1A1BB")


def test_parts():
    assert pc.outward_code("ec1a1bb") == "EC1A"
    assert pc.inward_code("EC1A 1BB") == "1BB"
    assert pc.postcode_area("EC1A 1BB") == "EC"
    assert pc.postcode_area("M1 1AE") == "M"
    assert pc.postcode_district("W1A 0AX") == "W1A"
    assert pc.postcode_sector("B33 8TH") == "B33 8"
    assert pc.postcode_sector("rubbish") is None


def test_extract_and_remove_from_text():
    assert pc.extract_postcode("12 High St, London e1 6an") == "E1 6AN"
    assert pc.extract_postcode("FLAT 3, 12 HIGH STREET") is None
    assert pc.remove_postcode("12 HIGH ST, TB4 7QX, LONDON") == "12 HIGH ST, LONDON"
    assert pc.remove_postcode("12 HIGH ST LONDON SW1A2AA") == "12 HIGH ST LONDON"
    assert pc.remove_postcode(None) is None


def test_series_versions_keep_every_row():
    values = pd.Series(["tb4 7qx", None, "junk", "EC1A1BB"], index=[10, 11, 12, 13])
    out = pc.normalise_postcode_series(values)
    assert list(out.index) == [10, 11, 12, 13]
    assert out.tolist() == ["TB4 7QX", None, None, "EC1A 1BB"]
    assert pc.invalid_postcodes(values).tolist() == ["junk"]


def test_series_functions_reject_non_series():
    with pytest.raises(BootcampInputError, match="Series"):
        pc.normalise_postcode_series(["TB4 7QX"])
    with pytest.raises(BootcampInputError, match="Series"):
        pc.invalid_postcodes(pd.DataFrame({"postcode": ["TB4 7QX"]}))
