"""Reference answers for chapter I2, Deterministic matching algorithms, and the pipeline ``match_key_cascade``.

A **match key** is a set of fields that must agree exactly, such as first name + last name + date of birth. A
**cascade** (in the style of the ONS match-key method) tries keys from strict to loose: at each key it accepts only
the pairs whose key value is unique on both sides, then removes the matched records before trying the next key. Every
accepted pair records which key made it, so each key's contribution can be measured.

Keys are built from *derived* fields, computed once for both inputs by :func:`derive_fields`: cleaned names with
spaces and punctuation removed, initials, Soundex and Metaphone codes (jellyfish), date-of-birth parts, a date key
that survives a day/month swap, the postcode, its sector, the house number, the NHS number, and the UPRN when
address matching has added one (chapter P6: ``MatchKey("name_uprn", ("first", "last", "uprn"))``; no default key
uses it). Nothing here knows about
any particular area or data generator; it works on any two frames in the standard person record.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import jellyfish
import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions import cleaning, postcodes, regex
from solutions.standard_record import STANDARD_COLUMNS


OUTPUT_COLUMNS = ["left_id", "right_id", "match_key"]


# --- derived fields ---------------------------------------------------------------------------------------------------


def _map_unique(values: pd.Series, func: Callable) -> pd.Series:
    """``func`` applied once per distinct present value, then spread back over the Series (missing stays missing)."""
    present = values.dropna()
    mapping = {value: func(value) for value in pd.unique(present)}
    return values.map(mapping).astype(object).where(values.notna(), None)


def _compact_name(name) -> str | None:
    """A name for exact keys: cleaned, upper case, letters only ("O'Brien" and "OBRIEN" agree; so do "Anne-Marie"
    and "ANNE MARIE")."""
    cleaned = cleaning.clean_name(name)
    if cleaned is None:
        return None
    compact = "".join(ch for ch in cleaned if ch.isalpha())
    return compact or None


def _first_word(name) -> str | None:
    cleaned = cleaning.clean_name(name)
    return cleaned.split(" ")[0] if cleaned else None


def _iso_dob(value) -> str | None:
    if isinstance(value, (pd.Timestamp, np.datetime64)):
        return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")
    parsed = cleaning.parse_date(value) if isinstance(value, str) else None
    return parsed if parsed not in cleaning.SENTINEL_DATES else None


def _clean_uprn(value) -> str | None:
    text = str(value).strip().removesuffix(".0")
    return text if text.isdigit() else None


def dob_any_order(dob) -> str | None:
    """A date-of-birth key that survives a day/month swap: "1975-03-17" and "1975-17-03" both give "1975|03|17".

    The year comes first; the day and the month follow as two two-digit numbers in ascending order. Missing or
    badly formed dates give None.
    """
    if not isinstance(dob, str):
        return None
    parts = dob.strip().split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, a, b = parts[0], f"{int(parts[1]):02d}", f"{int(parts[2]):02d}"
    return "|".join([year, *sorted([a, b])])


#: The fields :func:`derive_fields` makes, which keys may use.
DERIVED_FIELDS = (
    "first", "last", "first_initial", "middle_initial", "first_soundex", "last_soundex", "first_metaphone",
    "last_metaphone", "dob", "dob_year", "dob_month", "dob_day", "dob_any_order", "sex", "postcode",
    "postcode_sector", "postcode_district", "house_number", "nhs", "uprn",
)


def derive_fields(records: pd.DataFrame, name: str = "records") -> pd.DataFrame:
    """The derived fields of every record, one row per input row, indexed by ``record_id``.

    ``records`` is in the standard person record; any column but ``record_id`` may be absent (treated as missing)
    and any value may be missing. Work is done once per distinct value, so it stays fast on large frames.
    """
    _validate(records, name)
    column = lambda c: records[c].astype(object).where(records[c].notna(), None) if c in records else \
        pd.Series([None] * len(records), index=records.index, dtype=object)
    first = _map_unique(column("first_name"), _first_word)
    out = pd.DataFrame(index=records.index)
    out["first"] = _map_unique(first, _compact_name)
    out["last"] = _map_unique(column("last_name"), _compact_name)
    out["first_initial"] = out["first"].str[:1]
    out["middle_initial"] = _map_unique(column("middle_name"), _compact_name).str[:1]
    for part in ("first", "last"):
        out[f"{part}_soundex"] = _map_unique(out[part], jellyfish.soundex)
        out[f"{part}_metaphone"] = _map_unique(out[part], lambda n: jellyfish.metaphone(n) or None)
    out["dob"] = _map_unique(column("dob"), _iso_dob)
    out["dob_year"] = out["dob"].str[:4]
    out["dob_month"] = out["dob"].str[5:7]
    out["dob_day"] = out["dob"].str[8:10]
    out["dob_any_order"] = _map_unique(out["dob"], dob_any_order)
    out["sex"] = _map_unique(column("sex"), cleaning.clean_sex)
    # the postcode from its own column, or else from the address text (some systems keep it there)
    out["postcode"] = _map_unique(column("postcode"), postcodes.normalise_postcode).fillna(
        _map_unique(column("address"), postcodes.extract_postcode))
    out["postcode_sector"] = out["postcode"].str[:-2]
    out["postcode_district"] = out["postcode"].str.split(" ").str[0]
    out["house_number"] = _map_unique(column("address"), lambda a: regex.house_number(str(a)))
    out["nhs"] = _map_unique(column("nhs_number"), cleaning.clean_nhs_number)
    # the UPRN that address matching added (chapter P6): text, without the ".0" a spreadsheet may have given it
    out["uprn"] = _map_unique(column("uprn"), _clean_uprn)
    out = out.astype(object).where(out.notna(), None)
    out.index = pd.Index(records["record_id"].astype(str), name="record_id")
    return out


# --- keys -------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MatchKey:
    """A match key: derived fields that must all be present and agree. ``right`` differs from ``left`` only for
    keys that compare different fields, such as swapped first and last names."""

    name: str
    left: tuple[str, ...]
    right: tuple[str, ...] | None = None
    description: str = ""

    def __post_init__(self):
        right = self.right or self.left
        unknown = list(dict.fromkeys(f for f in (*self.left, *right) if f not in DERIVED_FIELDS))
        if unknown:
            raise BootcampInputError(f"match key {self.name!r} uses unknown field(s) {unknown}; "
                                     f"choose from {list(DERIVED_FIELDS)}.")
        if len(right) != len(self.left):
            raise BootcampInputError(f"match key {self.name!r} compares {len(self.left)} left fields with "
                                     f"{len(right)} right fields.")

    @property
    def right_fields(self) -> tuple[str, ...]:
        return self.right or self.left


#: The default cascade, strict to loose. Each key is there for a kind of error the ones above it cannot survive.
DEFAULT_KEYS: tuple[MatchKey, ...] = (
    MatchKey("nhs_number", ("nhs",), description="the same NHS number"),
    MatchKey("name_dob_postcode", ("first", "last", "dob", "postcode"), description="everything agrees"),
    MatchKey("name_dob_sector", ("first", "last", "dob", "postcode_sector"), description="moved nearby, postcode typo"),
    MatchKey("name_dob", ("first", "last", "dob"), description="moved further, or postcode missing"),
    MatchKey("swapped_name_dob", ("first", "last", "dob"), ("last", "first", "dob"),
             description="first and last names swapped"),
    MatchKey("initial_dob_postcode", ("first_initial", "last", "dob", "postcode"),
             description="first name spelt differently but same initial (Sam / Samuel)"),
    MatchKey("phonetic_name_dob", ("first_metaphone", "last_metaphone", "dob"),
             description="spelling variants that sound alike"),
    MatchKey("name_dob_any_order_sector", ("first", "last", "dob_any_order", "postcode_sector"),
             description="day and month swapped"),
    MatchKey("name_year_postcode", ("first", "last", "dob_year", "postcode"),
             description="a typo in the day or month of birth"),
    MatchKey("first_dob_postcode", ("first", "dob", "postcode"), description="surname changed"),
    MatchKey("soundex_dob_postcode", ("first_soundex", "last_soundex", "dob", "postcode"),
             description="misspelt names, with the postcode to keep it safe"),
    MatchKey("name_house_postcode", ("first", "last", "house_number", "postcode"),
             description="date of birth missing or wrong"),
    MatchKey("name_postcode", ("first", "last", "postcode"),
             description="no date of birth and no house number: loose, unique pairs only"),
)


def match_key(fields: pd.DataFrame, columns: Sequence[str], sep: str = "|") -> pd.Series:
    """The key value of every row: the fields joined with ``sep``, or None when any of them is missing."""
    require_frame(fields, "fields", list(columns), allow_empty=True)
    if not columns:
        raise BootcampInputError("a match key needs at least one column.")
    parts = fields[list(columns)].astype(object)
    present = parts.notna().all(axis=1)
    joined = parts.fillna("").astype(str).agg(sep.join, axis=1) if len(parts) else pd.Series([], dtype=object)
    return joined.where(present, None).astype(object)


def unique_key_matches(left_keys: pd.Series, right_keys: pd.Series) -> pd.DataFrame:
    """Pairs whose key value appears exactly once on each side (``left_id, right_id``); index = record IDs.

    Missing keys never match; a key value shared by two records on either side is ambiguous and gives no pair.
    """
    for name, keys in (("left_keys", left_keys), ("right_keys", right_keys)):
        if not isinstance(keys, pd.Series):
            raise BootcampInputError(f"{name} must be a pandas Series of key values indexed by record ID.")
    left = left_keys.dropna()
    right = right_keys.dropna()
    left = left[~left.duplicated(keep=False)]
    right = right[~right.duplicated(keep=False)]
    merged = pd.merge(
        pd.DataFrame({"left_id": left.index, "key": left.to_numpy()}),
        pd.DataFrame({"right_id": right.index, "key": right.to_numpy()}),
        on="key",
    )
    return merged[["left_id", "right_id"]].reset_index(drop=True)


def count_key_pairs(left: pd.DataFrame, right: pd.DataFrame, columns: Sequence[str]) -> int:
    """How many (left, right) pairs agree on ``columns`` (all present): the candidate pairs a key makes."""
    require_frame(left, "left", list(columns))
    require_frame(right, "right", list(columns))
    lk = left[list(columns)].dropna().astype(str).agg("|".join, axis=1).value_counts()
    rk = right[list(columns)].dropna().astype(str).agg("|".join, axis=1).value_counts()
    return int((lk * rk.reindex(lk.index, fill_value=0)).sum())


# --- the cascade ------------------------------------------------------------------------------------------------------


def _validate(records, name: str) -> None:
    require_frame(records, name, ["record_id"])
    ids = records["record_id"]
    if ids.isna().any():
        raise BootcampInputError(f"{name} has {int(ids.isna().sum())} row(s) with no record_id; every record needs "
                                 "an ID for its matches to be reported.")
    duplicated = ids.astype(str)[ids.astype(str).duplicated()]
    if len(duplicated):
        raise BootcampInputError(f"{name} has duplicated record_id values (e.g. {duplicated.iloc[0]!r}); "
                                 "record IDs must be unique.")
    if not any(c in records.columns for c in STANDARD_COLUMNS[2:]):
        raise BootcampInputError(f"{name} has none of the standard person record's columns "
                                 f"{STANDARD_COLUMNS[2:]}; it has {list(records.columns)}.")


def match_key_cascade(left: pd.DataFrame, right: pd.DataFrame, keys: Iterable[MatchKey] = DEFAULT_KEYS) -> pd.DataFrame:
    """Link two frames in the standard person record with an ordered cascade of match keys.

    For each key in turn (strict to loose): build the key on the records not yet matched, keep key values that are
    unique on both sides, accept those pairs, and remove the matched records before the next key. The result is
    one-to-one: ``left_id, right_id, match_key`` (the key that made each pair), ordered by key then left ID.

    Records with a missing field simply cannot use the keys that need it: no row is dropped or altered. The result's
    ``attrs`` say how many records each side had, how many were matched and, per key, how many key values were
    ambiguous (shared by more than one unmatched record on a side) and so left alone.
    """
    keys = tuple(keys)
    if not keys or not all(isinstance(k, MatchKey) for k in keys):
        raise BootcampInputError("keys must be a non-empty sequence of MatchKey objects.")
    left_fields, right_fields = derive_fields(left, "left"), derive_fields(right, "right")
    usable = [k for k in keys
              if all(left_fields[f].notna().any() for f in k.left)
              and all(right_fields[f].notna().any() for f in k.right_fields)]
    if not usable:
        raise BootcampInputError("no match key can be built: the two frames do not share any populated fields "
                                 f"the keys need ({sorted({f for k in keys for f in k.left})}).")
    results, ambiguous = [], {}
    for key in keys:
        if left_fields.empty or right_fields.empty:
            break
        left_keys = match_key(left_fields, key.left)
        right_keys = match_key(right_fields, key.right_fields)
        left_counts, right_counts = left_keys.value_counts(), right_keys.value_counts()
        common = left_counts.index.intersection(right_counts.index)
        ambiguous[key.name] = int(((left_counts[common] > 1) | (right_counts[common] > 1)).sum())
        pairs = unique_key_matches(left_keys, right_keys)
        if len(pairs):
            pairs["match_key"] = key.name
            results.append(pairs)
            left_fields = left_fields.drop(index=pairs["left_id"])
            right_fields = right_fields.drop(index=pairs["right_id"])
    matches = (pd.concat(results, ignore_index=True) if results
               else pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS}))
    matches = matches[OUTPUT_COLUMNS].astype(object).reset_index(drop=True)
    matches.attrs = {"left_records": len(left), "right_records": len(right), "matched": len(matches),
                     "ambiguous_key_values": ambiguous}
    return matches


# --- measuring and resolving ------------------------------------------------------------------------------------------


def key_contribution(matches: pd.DataFrame, truth: set | pd.DataFrame, keys: Iterable[MatchKey] | None = None) -> pd.DataFrame:
    """Each key's contribution, against the true pairs: pairs accepted, correct, precision, and the share of all true
    pairs it found (its recall contribution), with the cumulative recall down the cascade and a total row."""
    from bootcamp.evaluation import pair_set

    require_frame(matches, "matches", OUTPUT_COLUMNS, allow_empty=True)
    truth = pair_set(truth)
    if not truth:
        raise BootcampInputError("truth is empty: a key's recall needs at least one true pair.")
    order = [k.name for k in keys] if keys is not None else list(dict.fromkeys(matches["match_key"]))
    correct = pd.Series([pair in truth for pair in zip(matches["left_id"], matches["right_id"])], index=matches.index,
                        dtype=bool)
    table = pd.DataFrame({"accepted": matches.groupby("match_key").size(),
                          "correct": correct.groupby(matches["match_key"]).sum()}).reindex(order).fillna(0)
    table = table.astype(int)
    table.loc["all keys"] = table.sum()
    table["precision"] = (table["correct"] / table["accepted"].where(table["accepted"] > 0)).round(3)
    table["recall"] = (table["correct"] / len(truth)).round(3)
    cumulative = table["correct"].iloc[:-1].cumsum() / len(truth)
    table["cumulative_recall"] = pd.concat([cumulative, pd.Series({"all keys": cumulative.iloc[-1] if len(cumulative) else 0.0})]).round(3)
    table.index.name = "match_key"
    return table


def one_to_one(pairs: pd.DataFrame, score: str = "score") -> pd.DataFrame:
    """Resolve candidate pairs to one-to-one links, best score first (greedy), in vectorised rounds.

    In each round every pair that is the best remaining pair for *both* its left and its right record is accepted
    (ties broken by left then right ID), and every other pair touching those records is dropped. Returns the kept
    pairs with their columns, sorted by score (highest first) then IDs.
    """
    require_frame(pairs, "pairs", ["left_id", "right_id", score], allow_empty=True)
    if not pd.api.types.is_numeric_dtype(pairs[score]):
        raise BootcampInputError(f"pairs[{score!r}] must be numeric.")
    remaining = pairs.sort_values([score, "left_id", "right_id"], ascending=[False, True, True])
    kept = []
    while len(remaining):
        best_left = ~remaining["left_id"].duplicated()
        best_right = ~remaining["right_id"].duplicated()
        accepted = remaining[best_left & best_right]
        kept.append(accepted)
        remaining = remaining[~remaining["left_id"].isin(accepted["left_id"])
                              & ~remaining["right_id"].isin(accepted["right_id"])]
    if not kept:
        return pairs.iloc[0:0].reset_index(drop=True)
    return (pd.concat(kept).sort_values([score, "left_id", "right_id"], ascending=[False, True, True])
            .reset_index(drop=True))


# --- chapter I2's exercises: a value computed on Thamesbury, and a check that wants a fresh index ------------------


def dob_sex_pairs() -> int:
    """Candidate pairs made by the key date of birth + sex between adult social care and housing benefit
    (standardised; records missing either part dropped first)."""
    from bootcamp import load
    from solutions.standard_record import standardise

    return count_key_pairs(standardise("adult_social_care", load("adult_social_care")),
                           standardise("housing_benefit", load("housing_benefit")), ["dob", "sex"])

