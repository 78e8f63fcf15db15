"""Reference answers for chapter I1, Regular expressions for matching.

Address parts from free text (flat and house numbers), "SURNAME, Forename" names, NHS numbers with their Modulus 11
check digit, a personal-data scanner for open data, testing a pattern against a table of cases, and patterns that
cannot backtrack catastrophically.

The UK postcode pattern itself lives once, in :mod:`solutions.postcodes`; this module imports it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions import postcodes


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _text(value, name: str = "text") -> str | None:
    """``value`` as a string, or None when it is missing; anything else that is not text is an input error."""
    if _missing(value):
        return None
    if not isinstance(value, str):
        raise BootcampInputError(f"{name} must be text (a str), not {type(value).__name__}.")
    return value


# --- postcodes inside text, from solutions.postcodes' pattern --------------------------------------------------------------

#: A UK postcode inside free text: :mod:`solutions.postcodes`' outward and inward patterns, any case, the space
#: optional, not glued to other letters or digits ("tb4 7qx" and "EC1A1BB" are found; "XTB4 7QX9" is not).
POSTCODE_IN_TEXT = re.compile(
    rf"(?<![A-Za-z0-9])(?:{postcodes.OUTWARD_PATTERN}\s?{postcodes.INWARD_PATTERN}|GIR\s?0AA)(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def uk_postcode_pattern() -> str:
    """The full UK postcode pattern, for a normalised postcode ("EC1A 1BB": upper case, one space).

    It is built in chapter I1 step by step and kept once, in :mod:`solutions.postcodes`: the six outward formats
    (A9, A99, A9A, AA9, AA99, AA9A) as an alternation, with Royal Mail's letter rules for each position, then a
    space and the inward code (a digit and two unit letters), or the special case GIR 0AA.
    """
    return postcodes.POSTCODE_PATTERN


# --- flat and house numbers ----------------------------------------------------------------------------------------

#: A flat designation: "FLAT 3", "Flat 3A", "APT. 12", "Flat B" (group ``flat``), or a floor flat with no number,
#: "GROUND FLOOR FLAT", "2ND FLOOR FLAT", "BASEMENT FLAT" (group ``floor``). The floor alternative comes first, so
#: the 91 of "GROUND FLOOR FLAT 91 HIGH STREET" stays the house number.
FLAT = re.compile(
    r"""\b(?:
        (?P<floor>(?:GROUND|FIRST|SECOND|THIRD|FOURTH|FIFTH|TOP|BASEMENT|LOWER\s+GROUND|LOWER|UPPER|\d+(?:ST|ND|RD|TH))
                  (?:\s+(?:FLOOR|FLR))?)\s+FLAT
      | (?:FLAT|FLT|APARTMENT|APT|UNIT|ROOM|MAISONETTE)\b\.?\s*(?:NO\b\.?\s*)?(?P<flat>\d+[A-Z]?|[A-Z])
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)

#: A flat number written before a named block, with the block's street number after it:
#: "8 AUSTEN MANSIONS, 1 RUTLAND WALK" (flat 8 of number 1). Without a second number ("25 KEIR HARDIE COURT") the
#: leading number may just as well be a house on a street called ... Court, so it is left alone.
BLOCK_FLAT = re.compile(
    r"""^\s*(?P<flat>\d+[A-Z]?)
        (?=\s+(?:[A-Z'-]+\s+){0,3}?
           (?:HOUSE|COURT|MANSIONS|LODGE|TOWER|POINT|BUILDINGS|HALL|BLOCK|APARTMENTS|HEIGHTS)\b
           \D*?\b\d+[A-Z]?\b)""",
    re.IGNORECASE | re.VERBOSE,
)

#: A house number: "14", "14A", a range "12-14" (spaces allowed round the dash); not "1ST" or part of a word.
HOUSE_NUMBER = re.compile(r"(?<![\w-])(?P<number>\d+[A-Z]?(?:\s*-\s*\d+[A-Z]?)?)\b", re.IGNORECASE)


def flat_number(address) -> str | None:
    """The flat identifier in a free-text address, upper case: "FLAT 3A, ..." → "3A"; "GROUND FLOOR FLAT, ..." →
    "GROUND FLOOR"; "8 AUSTEN MANSIONS, 1 RUTLAND WALK" → "8". None when there is none."""
    text = _text(address, "address")
    if text is None:
        return None
    text = POSTCODE_IN_TEXT.sub(" ", text)
    match = FLAT.search(text)
    if match:
        if match.group("flat"):
            return match.group("flat").upper()
        return re.sub(r"\s+FLR$", " FLOOR", re.sub(r"\s+", " ", match.group("floor")).upper())
    match = BLOCK_FLAT.search(text)
    return match.group("flat").upper() if match else None


def house_number(address) -> str | None:
    """The house (building) number in a free-text address, upper case, ranges as "12-14"; None when there is none.

    The postcode and any flat designation are taken out first, so that neither "FLAT 3" nor the "4" of "TB4 7QX"
    is mistaken for the house number.
    """
    text = _text(address, "address")
    if text is None:
        return None
    text = POSTCODE_IN_TEXT.sub(" ", text)
    text = FLAT.sub(" ", text)
    text = BLOCK_FLAT.sub(" ", text)
    match = HOUSE_NUMBER.search(text)
    if not match:
        return None
    return re.sub(r"\s*-\s*", "-", match.group("number")).upper()


# --- names ----------------------------------------------------------------------------------------------------------

#: Titles that may lead a name: "MR", "Mrs.", "Dr" ...
TITLE = re.compile(r"^(?:MR|MRS|MS|MISS|MX|DR|PROF|REV|SIR|DAME|LADY|LORD)\b\.?\s*", re.IGNORECASE)

#: "SURNAME, Forename Middle": everything before the first comma is the surname.
SURNAME_FIRST = re.compile(r"^(?P<surname>[^,]+?)\s*,\s*(?P<forenames>.*)$")


def split_name(name) -> tuple[str | None, str | None, str | None]:
    """Split a name into (first name, middle names, last name), keeping its case.

    "SMITH, John Paul" → ("John", "Paul", "SMITH"); "O'BRIEN, Mrs Mary" → ("Mary", None, "O'BRIEN"); without a comma
    the last word is the surname: "Mary Jane Smith" → ("Mary", "Jane", "Smith"). Missing parts are None.
    """
    text = _text(name, "name")
    if text is None:
        return (None, None, None)
    text = re.sub(r"\s+", " ", text).strip(" ,")
    match = SURNAME_FIRST.match(text)
    if match:
        surname, forenames = match.group("surname"), match.group("forenames")
    else:
        text = TITLE.sub("", text)
        forenames, _, surname = text.rpartition(" ")
    forenames = TITLE.sub("", forenames).strip()
    first, _, middle = forenames.partition(" ")
    return (first or None, middle.strip() or None, surname.strip() or None)


# --- NHS numbers ----------------------------------------------------------------------------------------------------

#: Ten digits, bare or grouped 3-3-4 with spaces or dashes: "9434765919", "943 476 5919", "943-476-5919".
NHS_NUMBER = re.compile(r"(?<![\d-])(?P<nhs>\d{3}([ -]?)\d{3}\2\d{4})(?![\d-])")


def nhs_check_digit(first_nine: str) -> int | None:
    """The Modulus 11 check digit of the first nine digits of an NHS number; None when no valid one exists (10).

    Weights 10, 9, ..., 2; the check digit is 11 minus the remainder of the weighted sum divided by 11 (11 → 0).
    """
    if not (isinstance(first_nine, str) and re.fullmatch(r"\d{9}", first_nine)):
        raise BootcampInputError(f"first_nine must be a string of exactly nine digits, not {first_nine!r}.")
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value) -> bool:
    """True when ``value`` is a well-formed NHS number (10 digits, optionally 3-3-4 spaced) with a valid check digit."""
    if _missing(value) or not isinstance(value, str):
        return False
    match = NHS_NUMBER.fullmatch(value.strip())
    if not match:
        return False
    digits = re.sub(r"\D", "", match.group("nhs"))
    return nhs_check_digit(digits[:9]) == int(digits[9])


# --- finding personal data ------------------------------------------------------------------------------------------

#: An email address (the practical pattern, not RFC 5322: no quoted local parts or IP-address domains).
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\b")

#: A UK phone number candidate: +44 or 0, then 9 or 10 more digits with spaces, dashes or brackets between them.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)(?:[\s()-]{0,2}\d){9,10}(?!\d)")

KINDS = ("email", "phone", "nhs_number", "postcode", "name")


def is_uk_phone_number(candidate: str) -> bool:
    """A found phone candidate is a UK number when, written with a leading 0, it has 10 or 11 digits."""
    digits = re.sub(r"\D", "", re.sub(r"^\s*\+44\s?(\(0\))?", "0", candidate))
    return digits.startswith("0") and len(digits) in (10, 11) and not digits.startswith("00")


def find_phone_numbers(text) -> list[str]:
    """Every UK phone number written in ``text``, as written (spaces and brackets kept)."""
    text = _text(text)
    if text is None:
        return []
    return [m.group(0).strip() for m in PHONE.finditer(text) if is_uk_phone_number(m.group(0))]


def name_pattern(names: Iterable[str], min_length: int = 3) -> re.Pattern | None:
    """One pattern matching any of ``names`` as a whole word, in Title Case or UPPER CASE (None for no names).

    Longer names come first in the alternation, so "Anne-Marie" wins over "Anne". Names shorter than ``min_length``
    are left out: "Li" or "Al" would flag far too many ordinary words.
    """
    words = set()
    for name in names:
        if _missing(name):
            continue
        name = str(name).strip()
        if len(name) >= min_length:
            words.update({name.title(), name.upper()})
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![\w'-])(?:{alternatives})(?![\w'-])")


def scan_text(text, names: re.Pattern | Iterable[str] | None = None) -> list[tuple[str, str]]:
    """The personal data found in one piece of text, as (kind, what was found) in order of position.

    Kinds: email, phone, nhs_number (10 digits whose check digit is valid), postcode (a full UK postcode) and name
    (any word of the ``names`` list, or a compiled :func:`name_pattern`).
    """
    text = _text(text)
    if text is None or not text.strip():
        return []
    if names is not None and not isinstance(names, re.Pattern):
        names = name_pattern(names)
    found = []
    for m in EMAIL.finditer(text):
        found.append((m.start(), "email", m.group(0)))
    for m in PHONE.finditer(text):
        if is_uk_phone_number(m.group(0)):
            found.append((m.start(), "phone", m.group(0).strip()))
    for m in NHS_NUMBER.finditer(text):
        if is_valid_nhs_number(m.group("nhs")):
            found.append((m.start(), "nhs_number", m.group("nhs")))
    for m in POSTCODE_IN_TEXT.finditer(text):
        found.append((m.start(), "postcode", m.group(0)))
    if names is not None:
        without_emails = EMAIL.sub(lambda m: " " * len(m.group(0)), text)  # "jo.smith@..." is an email, not a name
        for m in names.finditer(without_emails):
            found.append((m.start(), "name", m.group(0)))
    return [(kind, value) for _, kind, value in sorted(found, key=lambda f: f[0])]


def scan_table(table: pd.DataFrame, names: Iterable[str] | None = None, id_column: str | None = None,
               columns: Iterable[str] | None = None) -> pd.DataFrame:
    """Scan every text cell of a table for personal data: one row per finding.

    Returns columns ``row`` (the value of ``id_column``, or the row's index label), ``column``, ``kind`` and
    ``value``. ``columns`` limits the scan (default: every column holding text).
    """
    require_frame(table, "table", [id_column] if id_column else [], allow_empty=True)
    if columns is None:
        columns = [c for c in table.columns if c != id_column and table[c].dtype == object]
    else:
        columns = list(columns)
        require_frame(table, "table", columns, allow_empty=True)
    pattern = name_pattern(names) if names is not None else None
    ids = table[id_column] if id_column else pd.Series(table.index, index=table.index)
    rows = []
    for column in columns:
        for row_id, value in zip(ids, table[column]):
            if isinstance(value, str):
                rows.extend((row_id, column, kind, found) for kind, found in scan_text(value, pattern))
    return pd.DataFrame(rows, columns=["row", "column", "kind", "value"])


def scanner_quality(findings: pd.DataFrame, labels: pd.DataFrame) -> pd.DataFrame:
    """Precision and recall of a scan, per kind of personal data and overall, at the level of (row, column, kind).

    ``findings`` is :func:`scan_table`'s output; ``labels`` has ``row, column, kind`` for every planted item.
    """
    require_frame(findings, "findings", ["row", "column", "kind"], allow_empty=True)
    require_frame(labels, "labels", ["row", "column", "kind"], allow_empty=True)
    found = set(findings[["row", "column", "kind"]].itertuples(index=False, name=None))
    truth = set(labels[["row", "column", "kind"]].itertuples(index=False, name=None))
    rows = []
    for kind in [*KINDS, "all"]:
        f = {x for x in found if kind in ("all", x[2])}
        t = {x for x in truth if kind in ("all", x[2])}
        tp = len(f & t)
        rows.append({"kind": kind, "planted": len(t), "found": len(f), "correct": tp,
                     "precision": round(tp / len(f), 3) if f else np.nan,
                     "recall": round(tp / len(t), 3) if t else np.nan})
    return pd.DataFrame(rows).set_index("kind")


# --- the worked example's open-data table ---------------------------------------------------------------------------

_CLEAN = [
    "Mattress and two bin bags left by the bus stop.",
    "Builder's rubble dumped on the verge, about a tonne.",
    "Fridge freezer outside no. {house}, been there since Monday.",
    "Reported 3 times since 12/03/2026, still not collected.",
    "Garden waste tipped over the wall of the allotments.",
    "Large pile of tyres (about 20) behind the garages.",
    "Sofa on the pavement blocking the pram route.",
    "Van seen dumping at 6.30am, reg not taken.",
    "Case ref {ref}. Same spot as last month.",
    "Please phone the council switchboard 020 7946 0000 if urgent.",
]
_PERSONAL = [
    ("name", "My neighbour {first} {last} says it has been there a week."),
    ("phone", "Please call me back on {phone}."),
    ("email", "Photos sent to {email} if you need them."),
    ("postcode", "Dumped outside {house} {street}, {postcode}."),
    ("nhs_number", "I am disabled (NHS no {nhs}) and cannot move it myself."),
    ("name+phone", "{first} {last} at number {house} saw who did it, ring {phone}."),
    ("email_hidden", "email me: {first_lower} dot {last_lower} at example dot com"),
    ("name_lower", "the man at no {house}, {first_lower}, left it there"),
]


def _valid_nhs(rng) -> str:
    while True:
        first_nine = "999" + "".join(rng.choice(list("0123456789"), 6))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return first_nine + str(check)


def fly_tipping_reports(people: pd.DataFrame, streets: Iterable[str], postcodes_: Iterable[str],
                        n: int = 150, share_personal: float = 0.4, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A made-up open-data table of fly-tipping reports, with personal data planted in it, and the labels.

    ``people`` gives first and last names (columns ``first_name``, ``last_name``); ``streets`` and ``postcodes_``
    give places. Returns ``(reports, labels)``: reports has ``report_id, reported_on, street, category, comment,
    reporter_contact``; labels has ``row, column, kind`` for every planted item of personal data. Some planted items
    are hidden on purpose (a spelled-out email, a lower-case name) and some clean comments hold things that look
    personal but are not (the council's own switchboard, a case reference), so no scanner is perfect on it.
    """
    require_frame(people, "people", ["first_name", "last_name"])
    rng = np.random.default_rng(seed)
    people = people.dropna(subset=["first_name", "last_name"]).reset_index(drop=True)
    streets, postcodes_ = list(streets), list(postcodes_)
    if not streets or not postcodes_:
        raise BootcampInputError("streets and postcodes_ each need at least one value.")
    categories = ["household waste", "bulky items", "builders' rubble", "garden waste", "tyres", "white goods"]
    reports, labels = [], []
    for i in range(n):
        report_id = f"FT{i + 1:04d}"
        person = people.iloc[int(rng.integers(len(people)))]
        first, last = str(person["first_name"]).title(), str(person["last_name"]).title()
        values = {
            "first": first, "last": last, "first_lower": first.lower(), "last_lower": last.lower(),
            "house": int(rng.integers(1, 120)),
            "street": " ".join(word.capitalize() for word in str(rng.choice(streets)).split()),
            "postcode": str(rng.choice(postcodes_)),
            "phone": f"07700 900{int(rng.integers(0, 1000)):03d}",
            "email": f"{first.lower()}.{last.lower()}{int(rng.integers(1, 99))}@example.com".replace(" ", ""),
            "nhs": _valid_nhs(rng), "ref": f"{int(rng.integers(10**9, 10**10))}",
        }
        if rng.random() < share_personal:
            kind, template = _PERSONAL[int(rng.integers(len(_PERSONAL)))]
            comment = template.format(**values)
            planted = {"name+phone": ["name", "phone"], "email_hidden": ["email"], "name_lower": ["name"]}.get(kind, [kind])
            labels += [(report_id, "comment", k) for k in planted]
        else:
            comment = str(rng.choice(_CLEAN)).format(**values)
        contact = None
        if rng.random() < 0.25:
            contact = values["email"] if rng.random() < 0.5 else values["phone"]
            labels.append((report_id, "reporter_contact", "email" if "@" in contact else "phone"))
        reports.append({
            "report_id": report_id,
            "reported_on": str(pd.Timestamp("2026-01-01") + pd.Timedelta(days=int(rng.integers(0, 90))))[:10],
            "street": values["street"], "category": str(rng.choice(categories)),
            "comment": comment, "reporter_contact": contact,
        })
    return pd.DataFrame(reports), pd.DataFrame(labels, columns=["row", "column", "kind"]).drop_duplicates()


# --- testing patterns -----------------------------------------------------------------------------------------------


def pattern_test_table(pattern: str | re.Pattern, should_match: Iterable[str], should_not_match: Iterable[str],
                       flags: int = 0) -> pd.DataFrame:
    """Try a pattern (whole-string match) on cases that should and should not match: one row per case.

    Columns ``text``, ``should_match``, ``matched`` and ``ok``; a pattern passes when every ``ok`` is True.
    """
    try:
        compiled = pattern if isinstance(pattern, re.Pattern) else re.compile(pattern, flags)
    except (re.error, TypeError) as exc:
        raise BootcampInputError(f"pattern does not compile: {exc}") from None
    rows = [(text, expected, compiled.fullmatch(text) is not None)
            for cases, expected in ((should_match, True), (should_not_match, False)) for text in cases]
    table = pd.DataFrame(rows, columns=["text", "should_match", "matched"])
    table["ok"] = table["should_match"] == table["matched"]
    return table


# --- safe patterns --------------------------------------------------------------------------------------------------

#: "A line of words, each followed by at most one space", written the dangerous way: a repeated group whose body can match
#: the same text in many ways, so a near-miss makes the engine try them all (2ⁿ ways for n letters).
WORDS_DANGEROUS = r"^(\w+\s?)+$"

#: The same language written so each character can be matched only one way: linear time, whatever the input.
WORDS_SAFE = r"^\w+(?:\s\w+)*\s?$"


def words_line_pattern() -> str:
    """The safe rewrite of :data:`WORDS_DANGEROUS`: a word, then any number of (one space, a word), then an optional space."""
    return WORDS_SAFE


def backtracking_timings(pattern: str, sizes: Iterable[int], make_text: Callable[[int], str] = lambda n: "a" * n + "!",
                         limit_seconds: float = 2.0) -> pd.DataFrame:
    """Seconds a pattern takes to (fail to) match ``make_text(n)`` for each n; stops early past ``limit_seconds``."""
    compiled = re.compile(pattern)
    rows = []
    for n in sizes:
        start = time.perf_counter()
        compiled.search(make_text(n))
        seconds = time.perf_counter() - start
        rows.append({"n": n, "seconds": seconds})
        if seconds > limit_seconds:
            break
    return pd.DataFrame(rows)


# --- checking a learner's pattern (chapter I1's exercises q1 and q6) -----------------------------------------------


def pattern_compare(should_match: Iterable[str], should_not_match: Iterable[str], flags: int = 0,
                    seconds: float = 1.0) -> Callable:
    """A compare function for a pattern exercise: an answer equals the expected pattern when, with ``re.fullmatch``,
    it matches exactly the same cases (each within ``seconds``, so a catastrophic pattern is named, not waited for).
    """
    from bootcamp.exercises import Timeout, call_with_time_limit

    cases = [*should_match, *should_not_match]

    def same_matches(answer, expected) -> str | None:
        if not isinstance(answer, (str, re.Pattern)):
            return f"expected a pattern as a string, got {type(answer).__name__}"
        try:
            compiled = answer if isinstance(answer, re.Pattern) else re.compile(answer, flags)
        except re.error as exc:
            return f"your pattern does not compile: {exc}"
        reference = re.compile(expected, flags)
        for text in cases:
            try:
                got = call_with_time_limit(compiled.fullmatch, (text,), seconds) is not None
            except Timeout:
                return f"on {text!r} your pattern ran for more than {seconds:g} s: catastrophic backtracking"
            wanted = reference.fullmatch(text) is not None
            if got != wanted:
                return (f"on {text!r} it should {'match' if wanted else 'NOT match'}, but it "
                        f"{'matched' if got else 'did not'}")
        return None

    return same_matches


def nhs_prefix_without_check_digit(start: int = 999_000_000) -> str:
    """The first nine-digit prefix from ``start`` for which no check digit is valid (the Modulus 11 sum gives 10)."""
    for n in range(start, start + 1000):
        if nhs_check_digit(str(n)) is None:
            return str(n)
    raise BootcampInputError(f"no prefix without a check digit between {start} and {start + 999}")  # pragma: no cover
