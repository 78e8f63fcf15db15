"""Any Thamesbury source → the standard person record (chapters B1 and P5; used by every later chapter).

The standard person record has these columns, in this order; any value may be missing (None)::

    record_id, source, first_name, middle_name, last_name, dob, sex, address, postcode, uprn, nhs_number

* names: UPPER CASE, accents off, titles off, only letters, spaces, hyphens and apostrophes (``cleaning.clean_name``);
* ``dob``: an ISO date string ``yyyy-mm-dd``; ``sex``: ``M`` or ``F``;
* ``address``: one line, UPPER CASE, parts joined with ``", "``, without the postcode;
* ``postcode``: a valid UK postcode in the form ``"EC1A 1BB"`` (``postcodes.normalise_postcode``);
* ``uprn``: always missing here (no source carries one; finding it is address matching, chapter B5);
* ``nhs_number``: 10 digits passing the modulus 11 check.

``standardise`` returns one row per input row, in the input order, never dropping one. Each source has a small
reader below that says how its house style maps to the standard: the readers are the only place that knows a
source's column names, and they all use the same cleaning functions.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions import cleaning, postcodes

STANDARD_COLUMNS = ["record_id", "source", "first_name", "middle_name", "last_name", "dob", "sex", "address",
                    "postcode", "uprn", "nhs_number"]


def _map(values: pd.Series, func: Callable) -> pd.Series:
    """``values.map(func)``, calling ``func`` once per distinct value (names and streets repeat a lot)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    results = [func(u) for u in uniques] + [func(None)]
    return pd.Series([results[c] for c in codes], index=values.index, dtype=object)


def _text(raw: pd.DataFrame, column: str) -> pd.Series:
    """A column as text with placeholder junk turned into None (IDs and codes read as numbers become text again)."""
    values = raw[column]
    as_text = values.map(lambda v: v if isinstance(v, str) or cleaning.is_placeholder(v) else
                         (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
    return _map(as_text, lambda v: None if cleaning.is_placeholder(v) else v)


def _names(first: pd.Series, middle: pd.Series | None, last: pd.Series) -> dict[str, pd.Series]:
    """First, middle and last names cleaned; forenames that hold several words are split into first + middle."""
    split = _map(first, cleaning.split_forenames)
    first_name = split.map(lambda t: t[0])
    extra_middle = split.map(lambda t: t[1])
    if middle is not None:
        given_middle = _map(middle, cleaning.clean_name)
        middle_name = pd.Series(
            [" ".join(p for p in (e, g) if p) or None for e, g in zip(extra_middle, given_middle)], index=first.index)
    else:
        middle_name = extra_middle
    return {"first_name": first_name, "middle_name": middle_name, "last_name": _map(last, cleaning.clean_name)}


def _address_and_postcode(lines: list[pd.Series], postcode: pd.Series | None) -> dict[str, pd.Series]:
    """One address line without the postcode; the postcode from its own column, or else from the address text."""
    index = lines[0].index
    memo: dict = {}
    joined = pd.Series([memo[p] if p in memo else memo.setdefault(p, cleaning.join_address(*p))
                        for p in zip(*lines)], index=index, dtype=object)
    found_in_text = _map(joined, postcodes.extract_postcode)
    address = _map(joined, postcodes.remove_postcode)
    if postcode is not None:
        from_column = _map(postcode, postcodes.normalise_postcode)
        code = from_column.where(from_column.notna(), found_in_text)
    else:
        code = found_in_text
    return {"address": address.astype(object), "postcode": code.astype(object)}


# --- one reader per source: its house style → the standard columns --------------------------------------------------


def _council_tax(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forename"), None, t("surname")),
        "dob": None, "sex": None,
        **_address_and_postcode([t(f"address_line_{i}") for i in range(1, 5)], t("postcode")),
        "nhs_number": None,
    }


def _electoral_register(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forenames"), None, t("surname")),
        "dob": _map(t("attainer_dob"), cleaning.parse_date), "sex": None,
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _housing_benefit(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    split = _map(t("claimant_name"), cleaning.split_surname_first)
    surname = split.map(lambda s: s[0])
    forenames = split.map(lambda s: s[1])
    return {
        **_names(forenames, None, surname),
        "dob": _map(t("dob"), cleaning.parse_date), "sex": _map(t("sex"), cleaning.clean_sex),
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _adult_social_care(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("first_name"), None, t("last_name")),
        "dob": _map(t("dob"), cleaning.parse_date), "sex": _map(t("gender"), cleaning.clean_sex),
        **_address_and_postcode([t("address_line_1"), t("address_line_2"), t("town")], t("postcode")),
        "nhs_number": _map(t("nhs_number"), cleaning.clean_nhs_number),
    }


def _school_census(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    dob = pd.Series([cleaning.parse_school_dob(d, y) for d, y in zip(t("dob"), t("year_group"))],
                    index=raw.index, dtype=object)
    return {
        **_names(t("legal_forename"), t("middle_names"), t("legal_surname")),
        "dob": dob, "sex": t("sex").map(cleaning.clean_sex),
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _shielding_list(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forename"), None, t("surname")),
        "dob": _map(t("dob"), cleaning.parse_date), "sex": None,
        **_address_and_postcode([t(f"address_line_{i}") for i in range(1, 6)], t("postcode")),
        "nhs_number": _map(t("nhs_number"), cleaning.clean_nhs_number),
    }


#: Each source's reader and the columns it needs.
SOURCES: dict[str, tuple[Callable[[pd.DataFrame], dict], tuple[str, ...]]] = {
    "council_tax": (_council_tax, ("record_id", "forename", "surname", "address_line_1", "address_line_2",
                                   "address_line_3", "address_line_4", "postcode")),
    "electoral_register": (_electoral_register, ("record_id", "surname", "forenames", "address", "postcode",
                                                 "attainer_dob")),
    "housing_benefit": (_housing_benefit, ("record_id", "claimant_name", "dob", "sex", "address", "postcode")),
    "adult_social_care": (_adult_social_care, ("record_id", "first_name", "last_name", "dob", "gender",
                                               "nhs_number", "address_line_1", "address_line_2", "town",
                                               "postcode")),
    "school_census": (_school_census, ("record_id", "legal_forename", "middle_names", "legal_surname", "dob",
                                       "sex", "address", "postcode", "year_group")),
    "shielding_list": (_shielding_list, ("record_id", "nhs_number", "forename", "surname", "dob",
                                         "address_line_1", "address_line_2", "address_line_3", "address_line_4",
                                         "address_line_5", "postcode")),
}


def standardise(source_name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """Turn one Thamesbury source (as ``bootcamp.load`` gives it) into the standard person record.

    One row out for every row in, in the same order, with the columns :data:`STANDARD_COLUMNS`. Placeholder junk
    becomes missing; names, dates, sex, addresses, postcodes and NHS numbers are cleaned by the functions of
    :mod:`solutions.cleaning` and :mod:`solutions.postcodes`. Raises :class:`BootcampInputError` for an unknown
    source name, a missing column or something that is not a DataFrame. An empty frame gives an empty result.
    """
    if source_name not in SOURCES:
        raise BootcampInputError(
            f"Unknown source {source_name!r}: standardise knows {', '.join(map(repr, SOURCES))}. "
            "For a source of your own, write a reader like the ones in solutions/standard_record.py.")
    reader, needed = SOURCES[source_name]
    require_frame(raw, f"the {source_name} frame", needed, allow_empty=True)
    if raw.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STANDARD_COLUMNS})
    raw = raw.reset_index(drop=True)
    fields = reader(raw)
    out = pd.DataFrame(index=raw.index)
    out["record_id"] = _text(raw, "record_id")
    out["source"] = source_name
    for column in STANDARD_COLUMNS[2:]:
        value = fields.get(column)
        out[column] = value.astype(object) if isinstance(value, pd.Series) else None
    out = out.astype(object).where(out.notna(), None)
    return out[STANDARD_COLUMNS]


def standardise_all(sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several sources (name → raw frame) standardised and stacked into one frame of standard records."""
    if not isinstance(sources, dict) or not sources:
        raise BootcampInputError("sources must be a non-empty dict of source name → DataFrame.")
    return pd.concat([standardise(name, frame) for name, frame in sources.items()], ignore_index=True)


# --- chapter P5: one standard for any source, checked ------------------------------------------------------------


def standardise_frame(raw: pd.DataFrame, source: str, *, record_id: str, first_name: str | None = None,
                      middle_name: str | None = None, last_name: str | None = None, full_name: str | None = None,
                      surname_first: str | None = None, dob: str | None = None, dayfirst: bool = True,
                      sex: str | None = None, address: list[str] | tuple[str, ...] = (),
                      postcode: str | None = None, nhs_number: str | None = None) -> pd.DataFrame:
    """Any source, described by which of its columns hold what, → the standard person record.

    The six Thamesbury readers above are written out by hand; this is the same thing as *settings*: name the
    source's columns and it applies the shared cleaning functions. Names come from ``first_name``/``middle_name``/
    ``last_name``, or from one ``full_name`` column written "Forenames Surname" (the last word is taken as the
    surname, so double surnames without a hyphen are split wrongly: say so in your data standard), or from a
    ``surname_first`` column written "SURNAME, Forenames". ``address`` lists the columns of the address, in order.
    Raises BootcampInputError naming any column that is not in ``raw``.
    """
    named = [c for c in (record_id, first_name, middle_name, last_name, full_name, surname_first, dob, sex,
                         postcode, nhs_number) if c] + list(address)
    require_frame(raw, f"the {source} frame", named, allow_empty=True)
    if sum(x is not None for x in (first_name, full_name, surname_first)) > 1:
        raise BootcampInputError("give only one of first_name, full_name or surname_first.")
    raw = raw.reset_index(drop=True)
    t = lambda c: _text(raw, c) if c else pd.Series([None] * len(raw), index=raw.index, dtype=object)  # noqa: E731
    if full_name:
        cleaned = t(full_name).map(cleaning.clean_name)
        words = cleaned.map(lambda n: n.split(" ") if n else [])
        first = words.map(lambda w: " ".join(w[:-1]) if len(w) > 1 else None)
        last = words.map(lambda w: w[-1] if w else None)
        names = _names(first, t(middle_name) if middle_name else None, last)
    elif surname_first:
        split = t(surname_first).map(cleaning.split_surname_first)
        names = _names(split.map(lambda s: s[1]), t(middle_name) if middle_name else None, split.map(lambda s: s[0]))
    else:
        names = _names(t(first_name), t(middle_name) if middle_name else None, t(last_name))
    fields = {
        **names,
        "dob": cleaning.parse_dates(t(dob), dayfirst=dayfirst) if dob else None,
        "sex": t(sex).map(cleaning.clean_sex) if sex else None,
        **(_address_and_postcode([t(c) for c in address], t(postcode) if postcode else None) if address else
           {"address": None, "postcode": t(postcode).map(postcodes.normalise_postcode) if postcode else None}),
        "nhs_number": t(nhs_number).map(cleaning.clean_nhs_number) if nhs_number else None,
    }
    out = pd.DataFrame(index=raw.index)
    out["record_id"] = t(record_id)
    out["source"] = source
    for column in STANDARD_COLUMNS[2:]:
        value = fields.get(column)
        out[column] = value.astype(object) if isinstance(value, pd.Series) else None
    return out.astype(object).where(out.notna(), None)[STANDARD_COLUMNS]


def standardise_library_members(raw: pd.DataFrame) -> pd.DataFrame:
    """The library's member list (chapter P5's made-up new source) → the standard person record.

    Its house style: ``member_no``; ``full_name`` as "Forename Surname"; ``date_of_birth`` day first;
    ``gender``; ``street_address`` and ``town``; ``post_code``. It records no NHS number.
    """
    return standardise_frame(raw, "library_members", record_id="member_no", full_name="full_name",
                             dob="date_of_birth", sex="gender", address=["street_address", "town"],
                             postcode="post_code")


#: The rules of the standard person record, as (rule name, column, test of one present value).
_NAME_RE = re.compile(r"[A-Z][A-Z' -]*")


def _rule_tests(on: str) -> list[tuple[str, str, Callable]]:
    iso = lambda v: cleaning.parse_date(v) == v  # noqa: E731 - a real ISO date, written as one
    rules = [(f"{c} is UPPER CASE letters, spaces, hyphens and apostrophes", c,
              lambda v: isinstance(v, str) and _NAME_RE.fullmatch(v) is not None)
             for c in ("first_name", "middle_name", "last_name")]
    rules += [
        ("dob is a real ISO date (yyyy-mm-dd)", "dob", iso),
        (f"dob is not after {on}", "dob", lambda v: not iso(v) or v <= on),
        ("sex is M or F", "sex", lambda v: v in ("M", "F")),
        ("postcode is a valid UK postcode in standard form", "postcode", postcodes.is_valid_postcode),
        ("nhs_number is 10 digits with a valid check digit", "nhs_number",
         lambda v: isinstance(v, str) and cleaning.nhs_check_digit_ok(v)),
        ("uprn is 12 digits at most", "uprn", lambda v: isinstance(v, str) and v.isdigit() and len(v) <= 12),
    ]
    return rules


def standard_violations(frame: pd.DataFrame, on: str = "2026-03-31") -> pd.DataFrame:
    """Which rules of the standard person record ``frame`` breaks, with how many rows and an example record.

    Returns one row per broken rule: ``rule``, ``column``, ``rows`` (how many rows break it) and ``example``
    (the first offending record_id, or the offending column name). An empty result means the frame meets the
    standard. Checks: all eleven columns, in order; record_id present and unique; source present; no placeholder
    junk anywhere; then each column's format (see :func:`_rule_tests`). Missing values are allowed everywhere
    except record_id and source.
    """
    require_frame(frame, "frame", allow_empty=True)
    found = []

    def add(rule, column, rows, example):
        found.append({"rule": rule, "column": column, "rows": int(rows), "example": example})

    missing = [c for c in STANDARD_COLUMNS if c not in frame.columns]
    extra = [c for c in frame.columns if c not in STANDARD_COLUMNS]
    if missing or extra:
        add("has exactly the standard columns", "columns", len(frame), f"missing {missing}, extra {extra}")
    elif list(frame.columns) != STANDARD_COLUMNS:
        add("columns are in the standard order", "columns", len(frame), str(list(frame.columns)))
    ids = frame["record_id"] if "record_id" in frame.columns else None
    label = ids.astype(str) if ids is not None else pd.Series(frame.index.astype(str), index=frame.index)
    if ids is not None:
        absent = ids.map(cleaning.is_placeholder)
        if absent.any():
            add("record_id is present", "record_id", absent.sum(), f"row {int(absent.to_numpy().argmax())}")
        dupes = ids.duplicated(keep=False) & ~absent
        if dupes.any():
            add("record_id is unique", "record_id", dupes.sum(), ids[dupes].iloc[0])
    if "source" in frame.columns:
        absent = frame["source"].map(cleaning.is_placeholder)
        if absent.any():
            add("source is present", "source", absent.sum(), label[absent].iloc[0])
    for column in [c for c in STANDARD_COLUMNS if c in frame.columns]:
        junk = _map(frame[column], lambda v: isinstance(v, str) and cleaning.is_placeholder(v)).astype(bool)
        if junk.any():
            add("no placeholder junk: missing is a real missing value", column, junk.sum(), label[junk].iloc[0])
    for rule, column, test in _rule_tests(on):
        if column not in frame.columns:
            continue
        # a present value that fails the test (missing values and junk, reported above, pass here)
        bad = _map(frame[column], lambda v: not cleaning.is_placeholder(v) and not test(v)).astype(bool)
        if bad.any():
            add(rule, column, bad.sum(), label[bad].iloc[0])
    return pd.DataFrame(found, columns=["rule", "column", "rows", "example"])


def columns_breaking_standard(frame: pd.DataFrame) -> set[str]:
    """Where ``frame`` breaks the standard person record: the names of the columns holding a value that breaks a
    rule, plus ``"columns"`` when a standard column is missing, an extra one is present or the order is wrong.
    An empty set means the frame meets the standard."""
    return set(standard_violations(frame)["column"])


def overlap_by_key(left: pd.DataFrame, right: pd.DataFrame, keys: list[str]) -> int:
    """How many records of ``left`` share all of ``keys`` with at least one record of ``right``.

    Records with any key missing never match: two missing NHS numbers are not the same NHS number.
    """
    require_frame(left, "left", keys, allow_empty=True)
    require_frame(right, "right", keys, allow_empty=True)
    l = left.dropna(subset=keys)
    r = right.dropna(subset=keys)[keys].drop_duplicates()
    return int(l.merge(r, on=keys, how="inner").drop_duplicates(subset=["record_id"] if "record_id" in l else None)
               .shape[0])


# --- measuring what a standard buys: the same person's fields across sources -----------------------------------


def as_received(source_name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """A source's values put under the standard column names *without any cleaning*: the "before" picture.

    Only what is needed to line the columns up is done (the housing benefit "SURNAME, Forename" name is cut at its
    comma; address lines are joined with ", "); case, spacing, formats and junk are left exactly as received.
    """
    if source_name not in SOURCES:
        raise BootcampInputError(f"Unknown source {source_name!r}: choose from {', '.join(map(repr, SOURCES))}.")
    require_frame(raw, f"the {source_name} frame", SOURCES[source_name][1], allow_empty=True)
    raw = raw.reset_index(drop=True)
    col = lambda c: raw[c].astype(object) if c in raw.columns else pd.Series([None] * len(raw), dtype=object)  # noqa
    picks = {
        "council_tax": ("forename", None, "surname", None, None, "address_line_", None),
        "electoral_register": ("forenames", None, "surname", "attainer_dob", None, "address", None),
        "housing_benefit": (None, None, None, "dob", "sex", "address", None),
        "adult_social_care": ("first_name", None, "last_name", "dob", "gender", "address_line_", "nhs_number"),
        "school_census": ("legal_forename", "middle_names", "legal_surname", "dob", "sex", "address", None),
        "shielding_list": ("forename", None, "surname", "dob", None, "address_line_", "nhs_number"),
    }[source_name]
    first, middle, last, dob, sex, address, nhs = picks
    out = pd.DataFrame({"record_id": raw["record_id"].astype(object), "source": source_name})
    if source_name == "housing_benefit":
        parts = raw["claimant_name"].fillna("").str.partition(",")
        out["first_name"], out["last_name"] = parts[2].str.strip().replace("", None), parts[0].replace("", None)
    else:
        out["first_name"], out["last_name"] = col(first), col(last)
    out["middle_name"] = col(middle)
    out["dob"], out["sex"], out["nhs_number"] = col(dob), col(sex), col(nhs)
    lines = [c for c in raw.columns if c.startswith(address)] if address.endswith("_") else [address]
    if source_name == "adult_social_care":
        lines += ["town"]
    stacked = raw[lines].stack()      # drops empty cells; the index keeps each value's row
    out["address"] = stacked.astype(str).groupby(level=0).agg(", ".join).reindex(raw.index)
    out["postcode"] = col("postcode")
    out["uprn"] = None
    return out.astype(object).where(out.notna(), None)[STANDARD_COLUMNS]


def field_disagreement(frames: dict[str, pd.DataFrame], truth: dict[str, pd.DataFrame],
                       fields: tuple[str, ...] = ("first_name", "last_name", "dob", "sex", "address", "postcode",
                                                  "nhs_number")) -> pd.DataFrame:
    """How often the same person's fields disagree between sources.

    ``frames`` maps source name → records with standard column names (standardised or not); ``truth`` maps the
    same names → truth tables (record_id, person_id). Every pair of records from *different* sources that truly
    describe the same person is compared, field by field, on the pairs where both values are present. Returns,
    per field, ``pairs`` compared and ``disagree`` (the share that differ as strings, 0–1).
    """
    if not frames or set(frames) - set(truth):
        raise BootcampInputError("frames must be a non-empty dict, with a truth table for every source in it.")
    stacked = []
    for name, frame in frames.items():
        require_frame(frame, f"frames[{name!r}]", ["record_id", *fields], allow_empty=True)
        require_frame(truth[name], f"truth[{name!r}]", ["record_id", "person_id"], allow_empty=True)
        stacked.append(frame[["record_id", *fields]].merge(truth[name][["record_id", "person_id"]], on="record_id")
                       .assign(_source=name))
    everyone = pd.concat(stacked, ignore_index=True)
    pairs = everyone.merge(everyone, on="person_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["_source_a"] < pairs["_source_b"]]
    rows = {}
    for field in fields:
        a, b = pairs[f"{field}_a"], pairs[f"{field}_b"]
        both = a.notna() & b.notna()
        n = int(both.sum())
        rows[field] = {"pairs": n, "disagree": float((a[both].astype(str) != b[both].astype(str)).mean()) if n else
                       float("nan")}
    return pd.DataFrame.from_dict(rows, orient="index")


# --- Thamesbury's sources in the standard, computed once (chapter P5's exercises use them) ------------------------


@functools.lru_cache(maxsize=8)
def _thamesbury_standard(name: str) -> pd.DataFrame:
    from bootcamp import load

    return standardise(name, load(name))


def thamesbury_standard(name: str) -> pd.DataFrame:
    """Thamesbury's source ``name`` in the standard person record, standardised once per session (a copy)."""
    return _thamesbury_standard(name).copy()


def shielding_known_to_care_by_nhs() -> int:
    """How many shielding-list records share an NHS number with an adult social care record, once both are
    standardised (missing NHS numbers never match)."""
    return overlap_by_key(thamesbury_standard("shielding_list"), thamesbury_standard("adult_social_care"),
                          ["nhs_number"])


@functools.lru_cache(maxsize=1)
def _thamesbury_disagreement() -> pd.DataFrame:
    from bootcamp import SOURCES, load_truth

    return field_disagreement({name: thamesbury_standard(name) for name in SOURCES},
                              {name: load_truth(name) for name in SOURCES})


def field_disagreeing_most() -> str:
    """The standard field whose values still disagree most often between standardised records of one Thamesbury
    resident (ties: the first field in the standard's order)."""
    table = _thamesbury_disagreement()
    order = {column: i for i, column in enumerate(STANDARD_COLUMNS)}
    ranked = table.assign(_order=[order.get(f, len(order)) for f in table.index]) \
        .sort_values(["disagree", "_order"], ascending=[False, True], kind="stable")
    return str(ranked.index[0])
