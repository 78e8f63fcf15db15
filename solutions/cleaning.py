"""Cleaning people's details: placeholder junk, names, dates, sex and NHS numbers (chapter B1).

Each function does one job on one value and returns ``None`` for "missing", so that it can be tried on a single
example, tested, and applied to a whole column with ``Series.map``. Nothing here knows about Thamesbury: the
rules are those of UK council and NHS data in general.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

import pandas as pd

from bootcamp.validate import require_frame, require_series

# --- missing values and placeholder junk -----------------------------------------------------------------------------

#: Words that people type into a field when they have nothing to put there. Compared after upper-casing and
#: removing full stops and spaces at the ends, so "n/a", "N.A." and " Unknown " all count.
PLACEHOLDERS = frozenset({
    "NA", "N/A", "N A", "NIL", "NONE", "NULL", "#N/A", "UNKNOWN", "UNK", "NOT KNOWN", "NK", "N/K",
    "NOT GIVEN", "NOT STATED", "NOT RECORDED", "NOT PROVIDED", "NOT APPLICABLE", "REFUSED", "TBC", "TBA",
    "TO BE CONFIRMED", "XX", "XXX", "XXXX", "ZZZ", "ZZZZ", "TEST", "DUMMY", "?", "??", "???", "-", "--", "---",
})


_HAS_ALNUM = re.compile(r"[A-Z0-9]")
_SPACES = re.compile(r"\s+")
_LONGEST_PLACEHOLDER = max(map(len, PLACEHOLDERS))


def is_placeholder(value) -> bool:
    """True for a value that carries no information: missing, blank, only punctuation, or a placeholder word."""
    if value is None:
        return True
    if not isinstance(value, str):
        try:
            return bool(pd.isna(value))
        except (TypeError, ValueError):
            return False
    text = value.strip().upper()
    if not _HAS_ALNUM.search(text):               # "", ".", "-", "?", "/" ...: nothing but punctuation
        return True
    if len(text) > _LONGEST_PLACEHOLDER + 4:       # too long to be one of the words: a quick way out
        return False
    text = _SPACES.sub(" ", text.replace(".", "")).strip()
    return text in PLACEHOLDERS


def to_missing(values: pd.Series) -> pd.Series:
    """A copy of a Series in which every placeholder (see :func:`is_placeholder`) is a real missing value (None)."""
    require_series(values, "values")
    return values.astype(object).where(~values.map(is_placeholder), None)


def placeholder_profile(frame: pd.DataFrame) -> pd.DataFrame:
    """Per column: the share of empty cells, the share of placeholder junk, and the junk values seen most often.

    Returns a frame indexed by column with ``missing``, ``junk`` (shares of all rows, 0–1) and ``examples``.
    """
    require_frame(frame, "frame")
    rows = {}
    for column in frame.columns:
        values = frame[column]
        empty = values.isna()
        junk = values.map(is_placeholder) & ~empty
        counts = values[junk].astype(str).value_counts()
        # the commonest first; ties broken by the value itself, so the same examples show on every machine
        examples = [value for value, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]]
        rows[column] = {"missing": float(empty.mean()), "junk": float(junk.mean()), "examples": ", ".join(examples)}
    return pd.DataFrame.from_dict(rows, orient="index")


def junk_columns(frame: pd.DataFrame) -> set[str]:
    """The names of the columns of ``frame`` that hold at least one placeholder value (not just empty cells)."""
    profile = placeholder_profile(frame)
    return set(profile.index[profile["junk"] > 0])


# --- names -----------------------------------------------------------------------------------------------------------

#: Letters that Unicode does not split into "base letter + accent", so NFKD alone leaves them in place.
_UNDECOMPOSABLE = str.maketrans({
    "Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "Ħ": "H", "ħ": "h", "ı": "i", "ß": "ss",
    "Æ": "AE", "æ": "ae", "Œ": "OE", "œ": "oe", "Þ": "TH", "þ": "th",
})


def strip_accents(text):
    """``"Łukasz Wiśniewski"`` → ``"Lukasz Wisniewski"``: accents and other marks off, letters kept.

    Unicode's NFKD form splits "ś" into "s" and a combining accent, which we then drop. A few letters (Polish Ł,
    Danish Ø, German ß) are letters in their own right with no such split, so they get a small table of their own.
    """
    if not isinstance(text, str):
        return None if is_placeholder(text) else text
    decomposed = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSABLE))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


#: Titles and honorifics that are not part of anyone's name (compared after removing full stops).
TITLES = frozenset({
    "MR", "MRS", "MS", "MISS", "MX", "MASTER", "DR", "PROF", "PROFESSOR", "REV", "REVD", "REVEREND", "FR",
    "SIR", "DAME", "LADY", "LORD", "CLLR", "CAPT", "COL", "MAJ", "SGT", "RABBI", "IMAM",
})
_SUFFIXES = frozenset({"JR", "JNR", "SR", "SNR", "OBE", "MBE", "CBE", "QC", "KC", "PHD", "MP"})


def remove_titles(name):
    """Take titles off the front (``"DR. JANE SMITH"`` → ``"JANE SMITH"``) and honours off the end (``"… OBE"``).

    A word is only treated as a title when other words follow it, so a surname that happens to be a title word
    on its own (``"LORD"``, ``"MASTER"``) is kept.
    """
    if not isinstance(name, str):
        return None if is_placeholder(name) else name
    words = name.split()
    while len(words) > 1 and words[0].upper().replace(".", "") in TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1].upper().replace(".", "").strip(",") in _SUFFIXES:
        words = words[:-1]
    return " ".join(words)


def clean_name(name):
    """A name in the course's standard form, or None: ``"  dr. Zoë  o’BRIEN-smith "`` → ``"ZOE O'BRIEN-SMITH"``.

    In order: placeholder junk to None; accents off; curly apostrophes and dashes made plain; UPPER CASE; titles
    and honours off; full stops, commas and other punctuation out, except the hyphen and apostrophe that are part
    of names (with the spaces around a hyphen closed up); runs of spaces to one space.
    """
    if is_placeholder(name):
        return None
    text = strip_accents(str(name))
    text = re.sub(r"[\u2018\u2019\u02bc`´]", "'", text)           # curly and other apostrophes
    text = re.sub(r"[\u2010-\u2015]", "-", text)                    # hyphens and dashes of every width
    text = text.upper().replace(".", " ")
    text = remove_titles(re.sub(r"\s+", " ", text).strip())
    text = re.sub(r"[^A-Z' -]", " ", text)                          # digits and other punctuation
    text = re.sub(r"\s*-\s*", "-", text).strip(" -'")
    text = re.sub(r"\s+", " ", text)
    return text or None


def split_forenames(forenames):
    """``"MARY ANNE LOUISE"`` → ``("MARY", "ANNE LOUISE")``: first word, then any middle names (None if none)."""
    cleaned = clean_name(forenames)
    if cleaned is None:
        return (None, None)
    first, _, middle = cleaned.partition(" ")
    return (first, middle or None)


def split_surname_first(name):
    """``"SMITH, John Paul"`` → ``("SMITH", "John Paul")``: the "SURNAME, Forenames" style, split at the first comma.

    Without a comma the whole value is taken as the surname, with no forenames: guessing which word is which in
    ``"SMITH JOHN"`` would be wrong as often as right.
    """
    if is_placeholder(name):
        return (None, None)
    surname, comma, forenames = str(name).partition(",")
    surname, forenames = surname.strip(), forenames.strip()
    if not comma:
        return (surname or None, None)
    return (surname or None, forenames or None)


@lru_cache(maxsize=1)
def _nicknamer():
    from nicknames import NickNamer

    return NickNamer()


def name_variants(first_name) -> set[str]:
    """Every formal name a first name may stand for, itself included, in UPPER CASE: ``"Bill"`` →
    ``{"BILL", "WILLIAM", "WILL", "WILLIS", "ROBERT"}``.

    Uses the ``nicknames`` package (a public list of English nickname–name pairs). Expansion is **one-to-many**:
    "Bill" may be William or Robert (or Willis), so a nickname can widen a comparison ("could these be the same
    person?") but can never safely overwrite the name in a record.
    """
    cleaned = clean_name(first_name)
    if cleaned is None:
        return set()
    canonicals = _nicknamer().canonicals_of(cleaned.lower())
    return {cleaned} | {c.upper() for c in canonicals}


def could_be_same_first_name(a, b) -> bool:
    """True when two first names are equal after cleaning, or one is a known nickname of the other (or both of a
    shared formal name): ``("Bill", "William")`` → True, ``("Bill", "Liz")`` → False."""
    va, vb = name_variants(a), name_variants(b)
    return bool(va and vb and va & vb)


# --- dates -----------------------------------------------------------------------------------------------------------

#: Dates that systems use to mean "not known": treat them as missing, not as real birthdays.
SENTINEL_DATES = frozenset({"1900-01-01", "1899-12-31", "1901-01-01", "9999-12-31", "1800-01-01", "1753-01-01"})

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_SLASHED = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_MONTHS = {m: i for i, m in enumerate(
    ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], start=1)}
_WORDY = re.compile(r"^(\d{1,2})(?:ST|ND|RD|TH)?[\s\-/]+([A-Z]{3})[A-Z]*\.?[\s\-/]+(\d{4})$")


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        iso = dt.date(year, month, day).isoformat()
    except ValueError:      # 31/02, month 13 and friends
        return None
    return None if iso in SENTINEL_DATES else iso


def parse_date(value, dayfirst: bool = True):
    """Any of the date styles councils use → an ISO date string (``"2003-02-01"``), or None.

    Understood: ``yyyy-mm-dd`` (and ISO with a time), ``yyyymmdd``, ``dd/mm/yyyy`` with ``/``, ``.`` or ``-``,
    and ``1 Feb 2003``. With ``dayfirst=True`` (the UK default) ``01/02/2003`` is 1 February; with
    ``dayfirst=False`` (the US order) it is 2 January. A slashed date whose first number is over 12 can only be
    day-first, and one whose second number is over 12 can only be month-first: those are read the only way they
    can be, whatever ``dayfirst`` says. Impossible dates, placeholders and "not known" sentinels (1900-01-01)
    give None.
    """
    if is_placeholder(value):
        return None
    text = str(value).strip().upper()
    if m := _ISO.match(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.match(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _SLASHED.match(text):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        if first > 12 or (dayfirst and second <= 12):
            return _iso(year, second, first)
        return _iso(year, first, second)
    if m := _WORDY.match(text):
        month = _MONTHS.get(m[2])
        return _iso(int(m[3]), month, int(m[1])) if month else None
    return None


def is_ambiguous_date(value) -> bool:
    """True for a slashed date that reads as two different real dates: ``"01/02/2003"`` yes, ``"13/02/2003"`` and
    ``"02/02/2003"`` no (the first cannot be month-first; the second reads the same both ways)."""
    if not isinstance(value, str):
        return False
    m = _SLASHED.match(value.strip())
    if not m:
        return False
    first, second, year = int(m[1]), int(m[2]), int(m[3])
    if first == second or first > 12 or second > 12:
        return False
    return _iso(year, second, first) is not None and _iso(year, first, second) is not None


def parse_dates(values: pd.Series, dayfirst: bool = True) -> pd.Series:
    """:func:`parse_date` on every value of a Series: ISO strings or None, same index and length."""
    require_series(values, "values")
    return values.map(lambda v: parse_date(v, dayfirst=dayfirst)).astype(object)


def school_year_birth_window(year_group, on: str = "2026-03-31") -> tuple[str, str] | None:
    """The birth dates a pupil in ``year_group`` must have in England, on date ``on``.

    Children start Reception in the September after their 4th birthday, so in the school year that starts on
    1 September ``S`` a pupil in Year N (Reception = 0) was born from 1 September ``S - N - 5`` to 31 August
    ``S - N - 4``. ``year_group`` may be ``"R"``, ``"Reception"``, ``7``, ``"7"``, ``"Year 7"``, ``"Y7"``.
    Returns None when the year group cannot be read.
    """
    if is_placeholder(year_group):
        return None
    text = str(year_group).strip().upper()
    if text in {"R", "REC", "RECEPTION", "YR"}:
        n = 0
    else:
        m = re.fullmatch(r"(?:YEAR|YR|Y)?\s*(\d{1,2})", text)
        if not m:
            return None
        n = int(m[1])
    day = dt.date.fromisoformat(on)
    start = day.year if day.month >= 9 else day.year - 1
    return (dt.date(start - n - 5, 9, 1).isoformat(), dt.date(start - n - 4, 8, 31).isoformat())


def parse_school_dob(value, year_group=None, on: str = "2026-03-31"):
    """A school census date of birth, entered dd/mm/yyyy by most schools and mm/dd/yyyy by some.

    Read day-first; if that reading is impossible, or falls outside the birth window of the pupil's year group
    while the month-first reading falls inside it, take the month-first reading. Otherwise the day-first reading
    stands: where both readings fit the year group the error cannot be detected from the record alone.
    """
    dayfirst = parse_date(value, dayfirst=True)
    monthfirst = parse_date(value, dayfirst=False)
    window = school_year_birth_window(year_group, on) if year_group is not None else None
    if dayfirst is None or window is None or monthfirst == dayfirst or monthfirst is None:
        return dayfirst if dayfirst is not None else monthfirst
    inside = lambda iso: window[0] <= iso <= window[1]  # noqa: E731
    if not inside(dayfirst) and inside(monthfirst):
        return monthfirst
    return dayfirst


# --- sex and NHS numbers ---------------------------------------------------------------------------------------------

_SEX = {"M": "M", "MALE": "M", "MAN": "M", "BOY": "M", "F": "F", "FEMALE": "F", "WOMAN": "F", "GIRL": "F"}


def clean_sex(value):
    """``"Male"``, ``"m"``, ``"F"``, ``"female"`` → ``"M"`` or ``"F"``; anything else (``"Unknown"``, ``"X"``) → None.

    The standard record holds sex as recorded, M or F; other answers are not guessed at.
    """
    if is_placeholder(value):
        return None
    return _SEX.get(str(value).strip().upper().rstrip("."))


def nhs_check_digit_ok(digits: str) -> bool:
    """True when ten digits pass the NHS number's modulus 11 check (``solutions.regex.nhs_check_digit``, chapter I1:
    weights 10..2 on the first nine digits; 11 - (sum mod 11) is the tenth digit, 11 counting as 0)."""
    from solutions.regex import nhs_check_digit  # one implementation of the check, taught in I1

    return bool(re.fullmatch(r"\d{10}", digits)) and nhs_check_digit(digits[:9]) == int(digits[9])


def clean_nhs_number(value):
    """An NHS number as 10 digits (``"999 123 4567"`` → ``"9991234567"``), or None when missing or not valid.

    Spaces and hyphens are removed; a number read as a float by a spreadsheet (``9991234567.0``) is accepted.
    Anything that is not ten digits passing the modulus 11 check becomes None.
    """
    if is_placeholder(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    digits = re.sub(r"[\s\-]", "", str(value))
    digits = re.sub(r"\.0$", "", digits)
    return digits if nhs_check_digit_ok(digits) else None


# --- addresses -------------------------------------------------------------------------------------------------------


def clean_address_part(value):
    """One address line tidied: placeholder to None, accents off, UPPER CASE, single spaces, no stray punctuation
    at the ends, and commas inside it followed by one space."""
    if is_placeholder(value):
        return None
    text = strip_accents(str(value)).upper()
    text = re.sub(r"\s*,\s*", ", ", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;")
    return text or None


_NUMBER_ONLY = re.compile(r"^\d+[A-Z]?(?:\s*-\s*\d+[A-Z]?)?$")


def tidy_address(text):
    """A one-line address tidied part by part: ``"7, school close,, London"`` → ``"7 SCHOOL CLOSE, LONDON"``.

    Each comma-separated part is cleaned (:func:`clean_address_part`); empty and placeholder parts are dropped; a
    part that is only a house number (``7``, ``14A``, ``12-14``) is joined to the street that follows it, because
    "7, SCHOOL CLOSE" and "7 SCHOOL CLOSE" are the same address written two ways.
    """
    if is_placeholder(text):
        return None
    parts = [clean_address_part(p) for p in str(text).split(",")]
    parts = [p for p in parts if p]
    merged: list[str] = []
    for part in parts:
        if merged and _NUMBER_ONLY.match(merged[-1]):
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return ", ".join(merged) if merged else None


def join_address(*parts) -> str | None:
    """Address lines joined into one tidy line (see :func:`tidy_address`), skipping missing and placeholder lines."""
    kept = [str(p) for p in parts if not is_placeholder(p)]
    return tidy_address(", ".join(kept)) if kept else None


# --- answers to B1's value and choice exercises (they read the Thamesbury data) --------------------------------------


@lru_cache(maxsize=None)
def _thamesbury(name: str) -> pd.DataFrame:
    from bootcamp import load

    return load(name)


def adult_social_care_junk_columns() -> set[str]:
    """B1 q2: the columns of the adult social care extract that hold placeholder junk (not just empty cells)."""
    return junk_columns(_thamesbury("adult_social_care"))


def shielding_invalid_postcode_count() -> int:
    """B1 q8: how many shielding list postcodes are present but not valid, even after normalising."""
    from solutions.postcodes import invalid_postcodes

    return int(len(invalid_postcodes(_thamesbury("shielding_list")["postcode"])))


def school_census_ambiguous_dates() -> int:
    """B1 q10: how many school census dates of birth read as two different real dates (``is_ambiguous_date``)."""
    return int(_thamesbury("school_census")["dob"].map(is_ambiguous_date).sum())


def nickname_policy() -> str:
    """B1 q6: "B" — keep the name as recorded, and compare through nickname variants when matching.

    A nickname can stand for several formal names (Bill: William or Robert), and only the resident knows which:
    overwriting it (A) guesses and cannot be undone; setting it to missing (C) throws good data away.
    """
    return "B"
