"""Reference answers for chapter B2, "Your first data linkage in Python".

A first linkage of two standardised person tables (council tax to the electoral register), one step per function:

1. :func:`candidate_pairs` — which pairs to compare (a full index, or blocking on one or more columns);
2. :func:`blocking_summary` — what blocking saved (reduction ratio) and what it cost (pair completeness);
3. :func:`levenshtein` and :func:`levenshtein_similarity` — string comparison written by hand (the lesson; tested
   against ``rapidfuzz``);
4. :func:`compare_people` — comparison features for every candidate pair (``recordlinkage`` with ``jellyfish``,
   plus a ``rapidfuzz`` address score);
5. :func:`rule_based_links` — a simple rule-based classifier;
6. :func:`confusion_matrix` and :func:`error_table` — evaluation against the truth, and the errors one by one.

Every function takes the standard person record (``record_id, first_name, last_name, address, postcode`` ...), so it
works on any two sources, not only Thamesbury's.
"""

from __future__ import annotations

import math
import numbers
import re
import warnings

import pandas as pd
import recordlinkage
from rapidfuzz import fuzz, utils

from bootcamp.evaluation import pair_completeness, pair_set, reduction_ratio
from bootcamp.validate import BootcampInputError, require_frame, require_type

PERSON_FIELDS = ["record_id", "first_name", "last_name", "address", "postcode"]


# --- 1. which pairs to compare ------------------------------------------------------------------------------------


def full_index_size(n_left: int, n_right: int) -> int:
    """The number of pairs a full index compares: every left record with every right record."""
    for name, n in (("n_left", n_left), ("n_right", n_right)):
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise BootcampInputError(f"{name} must be a whole number of records (0 or more), not {n!r}.")
    return int(n_left) * int(n_right)


def council_tax_register_full_index_pairs() -> int:
    """B2 q1: how many pairs a full index of Thamesbury's council tax × electoral register compares."""
    from bootcamp import load

    return full_index_size(len(load("council_tax")), len(load("electoral_register")))


def surname_initial(frame: pd.DataFrame, column: str = "last_name") -> pd.Series:
    """The first letter of a surname (upper case; missing when the surname is missing or blank)."""
    require_frame(frame, "frame", [column], allow_empty=True)
    initial = frame[column].astype("string").str.strip().str.upper().str[:1]
    return initial.mask(initial == "")


def candidate_pairs(left: pd.DataFrame, right: pd.DataFrame, block_on: list[str] | str | None = None) -> pd.MultiIndex:
    """Candidate pairs (left record_id, right record_id) to compare.

    ``block_on=None`` is a full index (every pair: only for small tables); a column name or a list of column names
    keeps only pairs that agree exactly on all of them. Records with a missing blocking value are never paired.
    """
    for name, frame in (("left", left), ("right", right)):
        require_frame(frame, name, ["record_id"])
        if frame["record_id"].duplicated().any():
            raise BootcampInputError(f"{name} has duplicated record_id values; each record needs its own ID.")
    if isinstance(block_on, str):
        block_on = [block_on]
    if block_on is not None:
        if not block_on:
            raise BootcampInputError("block_on is an empty list: pass None for a full index, or column names.")
        for name, frame in (("left", left), ("right", right)):
            require_frame(frame, name, block_on)
    indexer = recordlinkage.Index()
    if block_on is None:
        indexer.full()
    else:
        indexer.block(on=block_on)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pairs = indexer.index(left.set_index("record_id"), right.set_index("record_id"))
    return pairs.set_names(["left_id", "right_id"])


def blocking_summary(candidates, n_left: int, n_right: int, truth) -> dict:
    """How many pairs blocking keeps, what share of all pairs it removes, and what share of true matches it keeps.

    Returns ``{"pairs", "reduction_ratio", "pair_completeness"}``; pair completeness is the recall ceiling of
    everything after blocking: a true match that is not a candidate pair can never be found.
    """
    candidates = pair_set(candidates)
    return {
        "pairs": len(candidates),
        "reduction_ratio": reduction_ratio(len(candidates), n_left, n_right),
        "pair_completeness": pair_completeness(candidates, truth),
    }


# --- 2. comparing strings -----------------------------------------------------------------------------------------


def levenshtein(a: str, b: str) -> int:
    """The Levenshtein (edit) distance: the fewest single-character insertions, deletions and substitutions that
    turn ``a`` into ``b``. Written by hand with two rows of the dynamic-programming table."""
    require_type(a, str, "a")
    require_type(b, str, "b")
    if len(a) < len(b):
        a, b = b, a  # keep the row (the shorter string) short
    previous = list(range(len(b) + 1))  # distance from "" to each prefix of b
    for i, char_a in enumerate(a, start=1):
        current = [i]  # distance from a[:i] to ""
        for j, char_b in enumerate(b, start=1):
            current.append(min(
                previous[j] + 1,  # delete char_a
                current[j - 1] + 1,  # insert char_b
                previous[j - 1] + (char_a != char_b),  # substitute (free when the characters agree)
            ))
        previous = current
    return previous[-1]


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def levenshtein_similarity(a, b) -> float:
    """1 − distance ÷ length of the longer string, from 0 (nothing in common) to 1 (identical).

    Missing values (None, NaN) are not evidence of a match: the similarity is 0.0. Two empty strings are identical
    (1.0).
    """
    if _missing(a) or _missing(b):
        return 0.0
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    return 1 - levenshtein(a, b) / longest


# --- 3. comparison features ---------------------------------------------------------------------------------------


def _upper(series: pd.Series) -> pd.Series:
    return series.astype("string").str.strip().str.upper()


def address_numbers(address) -> frozenset:
    """The numbers in an address, with any letter suffix: "FLAT 3, 14A HIGH STREET" → {"3", "14A"}.

    Ranges count as their two ends ("12-14" → {"12", "14"}). Missing or number-free addresses give an empty set.
    """
    if _missing(address):
        return frozenset()
    return frozenset(re.findall(r"\d+[A-Z]?\b", str(address).upper()))


def compare_people(candidates: pd.MultiIndex, left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """Comparison features for each candidate pair, between 0 (disagree) and 1 (agree).

    - ``first_name``, ``last_name``: Jaro–Winkler similarity (recordlinkage, which uses jellyfish);
    - ``postcode``: exact agreement (1 or 0);
    - ``address``: rapidfuzz's ``token_set_ratio`` ÷ 100 after its default processing (lower case, punctuation
      off), which ignores word order and repeated words;
    - ``address_numbers``: 1 when both addresses are present and hold the same house and flat numbers
      (:func:`address_numbers`; two addresses without numbers agree), else 0 — string similarity barely notices FLAT 27 v FLAT 38, but they are different homes.

    Missing values score 0. The result is indexed by (left_id, right_id), one row per candidate pair.
    """
    if not isinstance(candidates, pd.MultiIndex):
        raise BootcampInputError(f"candidates must be a pandas MultiIndex of pairs, not {type(candidates).__name__}.")
    for name, frame in (("left", left), ("right", right)):
        require_frame(frame, name, PERSON_FIELDS)
    columns = ["first_name", "last_name", "postcode", "address", "address_numbers"]
    if len(candidates) == 0:
        return pd.DataFrame(columns=columns, index=candidates, dtype=float)
    left_ = left.set_index("record_id")[columns[:4]].apply(_upper)
    right_ = right.set_index("record_id")[columns[:4]].apply(_upper)
    unknown_left = ~candidates.get_level_values(0).isin(left_.index)
    unknown_right = ~candidates.get_level_values(1).isin(right_.index)
    if unknown_left.any() or unknown_right.any():
        raise BootcampInputError("some candidate pairs name record IDs that are not in left/right; "
                                 "make the candidates from these same tables.")
    compare = recordlinkage.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", label="first_name")
    compare.string("last_name", "last_name", method="jarowinkler", label="last_name")
    compare.exact("postcode", "postcode", label="postcode")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        features = compare.compute(candidates, left_, right_)
    address_l = left_["address"].reindex(candidates.get_level_values(0)).fillna("").tolist()
    address_r = right_["address"].reindex(candidates.get_level_values(1)).fillna("").tolist()
    features["address"] = [fuzz.token_set_ratio(a, b, processor=utils.default_process) / 100 if a and b else 0.0
                           for a, b in zip(address_l, address_r)]
    numbers_l = left_["address"].map(address_numbers).reindex(candidates.get_level_values(0)).tolist()
    numbers_r = right_["address"].map(address_numbers).reindex(candidates.get_level_values(1)).tolist()
    features["address_numbers"] = [float(bool(a) and bool(b) and x == y)
                                   for a, b, x, y in zip(address_l, address_r, numbers_l, numbers_r)]
    features = features[columns].astype(float).round(6)
    features.index = features.index.set_names(["left_id", "right_id"])
    return features


# --- 4. a rule-based classifier -----------------------------------------------------------------------------------


def rule_based_links(features: pd.DataFrame, name_threshold: float = 0.85, address_threshold: float = 0.8,
                     require_numbers: bool = False) -> pd.MultiIndex:
    """The pairs a simple rule calls a match: both names similar enough AND the address similar enough.

    Rule: ``first_name >= name_threshold`` and ``last_name >= name_threshold`` and
    ``address >= address_threshold`` (and, with ``require_numbers=True``, ``address_numbers == 1``: the house and
    flat numbers agree). Returns the matching pairs as a MultiIndex (left_id, right_id).
    """
    needed = ["first_name", "last_name", "address"] + (["address_numbers"] if require_numbers else [])
    require_frame(features, "features", needed, allow_empty=True)
    for name, value in (("name_threshold", name_threshold), ("address_threshold", address_threshold)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise BootcampInputError(f"{name} must be a number from 0 to 1, not {value!r}.")
    rule = ((features["first_name"] >= name_threshold) & (features["last_name"] >= name_threshold)
            & (features["address"] >= address_threshold))
    if require_numbers:
        rule &= features["address_numbers"] == 1
    return features.index[rule.to_numpy()]


# --- 5. evaluation ------------------------------------------------------------------------------------------------


def confusion_matrix(predicted, truth, n_left: int, n_right: int) -> pd.DataFrame:
    """The 2 × 2 confusion matrix of a linkage over all ``n_left × n_right`` possible pairs.

    Rows: the truth (match / non-match); columns: the prediction (link / no link). True matches that blocking
    removed count as missed matches: they were never predicted.
    """
    predicted, truth = pair_set(predicted), pair_set(truth)
    total = full_index_size(n_left, n_right)
    tp = len(predicted & truth)
    fp = len(predicted - truth)
    fn = len(truth - predicted)
    if tp + fp + fn > total:
        raise BootcampInputError("there are more pairs than n_left × n_right allows: check n_left and n_right.")
    tn = total - tp - fp - fn
    return pd.DataFrame(
        {"predicted link": [tp, fp], "predicted no link": [fn, tn]},
        index=pd.Index(["true match", "true non-match"], name="truth"),
    )


def precision_recall_f1(true_matches_found: int, false_matches: int, missed_matches: int) -> dict:
    """Precision, recall and F1 from the three counts that matter (true non-matches play no part).

    - precision = found ÷ (found + false matches): of the links we made, the share that are right;
    - recall = found ÷ (found + missed matches): of the true matches, the share we found;
    - F1 = their harmonic mean, 2PR ÷ (P + R), which is low when either is low.

    By convention precision is 1.0 when nothing is linked, recall is 1.0 when nothing is true, F1 is 0.0 when both
    are 0.
    """
    counts = {"true_matches_found": true_matches_found, "false_matches": false_matches,
              "missed_matches": missed_matches}
    for name, n in counts.items():
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 0:
            raise BootcampInputError(f"{name} must be a count (a whole number, 0 or more), not {n!r}.")
    tp, fp, fn = int(true_matches_found), int(false_matches), int(missed_matches)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def classifier_for_account_page() -> str:
    """Which rule to use when links show a resident their council tax account: "strict".

    A false match here shows one resident another resident's account, a personal data breach; a missed match only
    means the resident links the account by hand, as today. The strict rule (house and flat numbers must agree)
    makes far fewer false matches for much the same F1, so it is the right choice for this use.
    """
    return "strict"


def error_table(predicted, truth, left: pd.DataFrame, right: pd.DataFrame,
                fields=("first_name", "last_name", "address", "postcode")) -> pd.DataFrame:
    """Every false match and missed match, the two records side by side, to read one by one.

    Columns: ``error`` ("false match" or "missed match"), ``left_id``, ``right_id``, then ``<field>_left`` and
    ``<field>_right`` for each field. Sorted by error, then IDs.
    """
    predicted, truth = pair_set(predicted), pair_set(truth)
    fields = list(fields)
    require_frame(left, "left", ["record_id"] + fields, allow_empty=True)
    require_frame(right, "right", ["record_id"] + fields, allow_empty=True)
    rows = [("false match", *p) for p in predicted - truth] + [("missed match", *p) for p in truth - predicted]
    errors = pd.DataFrame(rows, columns=["error", "left_id", "right_id"])
    errors = errors.merge(left[["record_id"] + fields].rename(columns={"record_id": "left_id"}), on="left_id", how="left")
    errors = errors.merge(right[["record_id"] + fields].rename(columns={"record_id": "right_id"}), on="right_id",
                          how="left", suffixes=("_left", "_right"))
    ordered = ["error", "left_id", "right_id"] + [f"{f}_{side}" for f in fields for side in ("left", "right")]
    return errors[ordered].sort_values(["error", "left_id", "right_id"]).reset_index(drop=True)

