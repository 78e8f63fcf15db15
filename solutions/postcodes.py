"""UK postcodes: recognise, normalise and take apart (chapter B1; used by every later chapter).

A UK postcode is an *outward* code (area + district, e.g. ``EC1A``) and an *inward* code (sector digit + unit,
e.g. ``1BB``), written with one space between them. The six formats in use, plus the one historic special case::

    A9 9AA     M1 1AE          AA9 9AA    CR2 6XH
    A99 9AA    B33 8TH         AA99 9AA   DN55 1PT
    A9A 9AA    W1A 0AX         AA9A 9AA   EC1A 1BB
    GIR 0AA    (Girobank)

Nothing here knows about any particular area: the rules are Royal Mail's, so the same code works for every
council. British Forces postcodes (``BF1 3AA``) fit the rules and are accepted; the overseas territories' codes
(``ASCN 1ZZ``) and NHS pseudo-postcodes such as ``ZZ99 3VZ`` do not, and are treated as invalid. Functions take one value and return ``None`` for a missing or invalid postcode; the ``*_series``
versions work on a pandas Series and never drop or reorder rows.
"""

from __future__ import annotations

import re

import pandas as pd

from bootcamp.validate import require_series

# Letters Royal Mail allows in each position (the "BS 7666" rules):
#   1st letter of the area: not Q, V, X;  2nd letter of the area: not I, J, Z;
#   letter after the district digit in A9A: A B C D E F G H J K P S T U W;
#   letter after the district digits in AA9A: A B E H M N P R V W X Y;
#   the two unit letters of the inward code: not C, I, K, M, O, V.
_A1, _A2 = "[A-PR-UWYZ]", "[A-HK-Y]"
_A3, _A4 = "[A-HJKPSTUW]", "[ABEHMNPRVWXY]"
_UNIT = "[ABD-HJLNP-UW-Z]"

OUTWARD_PATTERN = (
    rf"(?:{_A1}[0-9]{{1,2}}"            # A9, A99
    rf"|{_A1}[0-9]{_A3}"                # A9A   (W1A, E1W)
    rf"|{_A1}{_A2}[0-9]{{1,2}}"         # AA9, AA99
    rf"|{_A1}{_A2}[0-9]{_A4})"          # AA9A  (EC1A, SW1W)
)
INWARD_PATTERN = rf"[0-9]{_UNIT}{{2}}"

#: A whole, normalised postcode ("outward inward", upper case, one space), or the special case GIR 0AA.
POSTCODE_PATTERN = rf"(?:{OUTWARD_PATTERN} {INWARD_PATTERN}|GIR 0AA)"
POSTCODE_RE = re.compile(rf"^{POSTCODE_PATTERN}$")

# A postcode inside free text (an address line, say): word boundaries, any spacing, any case.
_IN_TEXT_RE = re.compile(
    rf"(?<![A-Z0-9])(?P<out>{OUTWARD_PATTERN}|GIR)\s*(?P<in>{INWARD_PATTERN}|0AA)(?![A-Z0-9])", re.IGNORECASE
)


def is_valid_postcode(value) -> bool:
    """True when ``value`` is a postcode in the normalised form ``"EC1A 1BB"`` (upper case, one space)."""
    return isinstance(value, str) and POSTCODE_RE.fullmatch(value) is not None


def _squash(value) -> str | None:
    """Upper case with every space and punctuation mark removed, or None when nothing is left."""
    if value is None or not isinstance(value, str):
        if value is None or pd.isna(value):
            return None
        value = str(value)
    squashed = re.sub(r"[^A-Z0-9]", "", value.upper())
    return squashed or None


def _fix_keying_errors(squashed: str) -> str:
    """Repair the slips that can only mean one thing, given what each position of a postcode must hold.

    * the first character of the inward code is always a digit: a letter O there is a zero (``SW1A OAA``), a
      letter I or L is a one;
    * the first character of the whole postcode is always a letter: a zero there is a letter O (``0X4`` → ``OX4``).
    Anything else (a 5 that might be an S in the middle of the outward code, say) is ambiguous and left alone.
    """
    chars = list(squashed)
    sector = len(chars) - 3
    if sector >= 2:
        chars[sector] = {"O": "0", "I": "1", "L": "1"}.get(chars[sector], chars[sector])
    if chars and chars[0] == "0":
        chars[0] = "O"
    return "".join(chars)


def normalise_postcode(value, fix_errors: bool = True) -> str | None:
    """The postcode in standard form (``" ec1a1bb "`` → ``"EC1A 1BB"``), or None if it is missing or not valid.

    Case and spacing are tidied; with ``fix_errors`` the unambiguous keying slips are repaired (a letter O typed
    for the zero at the start of the inward code, a zero for an O at the start of the area). A value that still
    is not a valid UK postcode gives None: a standard record never holds half a postcode.
    """
    squashed = _squash(value)
    if squashed is None or not 5 <= len(squashed) <= 7:
        return None
    if fix_errors:
        squashed = _fix_keying_errors(squashed)
    candidate = f"{squashed[:-3]} {squashed[-3:]}"
    return candidate if POSTCODE_RE.fullmatch(candidate) else None


def extract_postcode(text) -> str | None:
    """The first valid postcode written anywhere in a piece of free text (``"12 High St, London e1 6an"``)."""
    if not isinstance(text, str):
        return None
    for match in _IN_TEXT_RE.finditer(text):
        found = normalise_postcode(match.group("out") + match.group("in"))
        if found:
            return found
    return None


def remove_postcode(text) -> str | None:
    """``text`` with any postcode in it taken out (and the commas or spaces it leaves tidied)."""
    if not isinstance(text, str):
        return None
    cleaned = _IN_TEXT_RE.sub(" ", text)
    cleaned = re.sub(r"\s*,\s*(,\s*)+", ", ", cleaned)       # ", ," left behind
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" ,")
    return cleaned or None


# --- taking a postcode apart -----------------------------------------------------------------------------------------


def outward_code(value) -> str | None:
    """``"EC1A 1BB"`` → ``"EC1A"`` (the part before the space: area and district)."""
    postcode = normalise_postcode(value)
    return postcode.split(" ")[0] if postcode else None


def inward_code(value) -> str | None:
    """``"EC1A 1BB"`` → ``"1BB"`` (sector digit and unit letters)."""
    postcode = normalise_postcode(value)
    return postcode.split(" ")[1] if postcode else None


def postcode_area(value) -> str | None:
    """``"EC1A 1BB"`` → ``"EC"`` (the one or two letters at the start)."""
    postcode = normalise_postcode(value)
    return re.match(r"[A-Z]+", postcode).group(0) if postcode else None


def postcode_district(value) -> str | None:
    """``"EC1A 1BB"`` → ``"EC1A"``: the district is the whole outward code."""
    return outward_code(value)


def postcode_sector(value) -> str | None:
    """``"EC1A 1BB"`` → ``"EC1A 1"``: outward code and the sector digit; a few thousand addresses, good for blocking."""
    postcode = normalise_postcode(value)
    return postcode[:-2] if postcode else None


# --- whole columns ---------------------------------------------------------------------------------------------------


def normalise_postcode_series(values: pd.Series, fix_errors: bool = True) -> pd.Series:
    """:func:`normalise_postcode` applied to every value of a Series (same index, same length)."""
    require_series(values, "values")
    return values.map(lambda v: normalise_postcode(v, fix_errors=fix_errors)).astype(object)


def invalid_postcodes(values: pd.Series) -> pd.Series:
    """The values of a Series that are present but cannot be read as a valid postcode, even after tidying."""
    require_series(values, "values")
    present = values[values.notna() & (values.astype(str).str.strip() != "")]
    return present[present.map(normalise_postcode).isna()]
