"""Measuring linkage against the truth: pairs, precision, recall, F1, and what blocking costs.

Pairs are (left_id, right_id) tuples of record IDs. Address matches are (record_id, uprn) rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame


def pair_set(pairs, left: str = "left_id", right: str = "right_id") -> set[tuple]:
    """Pairs as a set of (left, right) tuples, from a DataFrame with two ID columns, a MultiIndex or any iterable."""
    if isinstance(pairs, pd.DataFrame):
        require_frame(pairs, "pairs", [left, right], allow_empty=True)
        return set(zip(pairs[left], pairs[right]))
    if isinstance(pairs, pd.MultiIndex):
        return set(pairs.tolist())
    if isinstance(pairs, (set, frozenset, list, tuple, pd.Index)):
        return set(map(tuple, pairs))
    raise BootcampInputError(f"pairs must be a DataFrame, a MultiIndex or a collection of pairs, not {type(pairs).__name__}.")


def true_pairs(left_truth: pd.DataFrame, right_truth: pd.DataFrame) -> set[tuple]:
    """Every (left record, right record) pair that describes the same person, from two truth tables.

    ``left_truth`` and ``right_truth`` have ``record_id`` and ``person_id``; pass the same table twice to find the
    duplicate pairs within one source (each unordered pair once, left ID < right ID).
    """
    for name, frame in (("left_truth", left_truth), ("right_truth", right_truth)):
        require_frame(frame, name, ["record_id", "person_id"])
    merged = left_truth[["record_id", "person_id"]].merge(
        right_truth[["record_id", "person_id"]], on="person_id", suffixes=("_l", "_r")
    )
    if left_truth is right_truth:
        merged = merged[merged["record_id_l"] < merged["record_id_r"]]
    return set(zip(merged["record_id_l"], merged["record_id_r"]))


def linkage_metrics(predicted, truth) -> dict:
    """Counts and rates of a set of predicted links against the true links.

    Returns true positives, false positives (false matches), false negatives (missed matches), precision, recall
    and F1. Precision is 1.0 by convention when nothing is predicted; recall is 1.0 when nothing is true.
    """
    predicted, truth = pair_set(predicted), pair_set(truth)
    tp = len(predicted & truth)
    fp = len(predicted - truth)
    fn = len(truth - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"true_matches_found": tp, "false_matches": fp, "missed_matches": fn,
            "precision": precision, "recall": recall, "f1": f1}


def pair_completeness(candidates, truth) -> float:
    """The share of true matches that survive blocking (the recall ceiling of everything after it)."""
    truth = pair_set(truth)
    if not truth:
        raise BootcampInputError("truth is empty: pair completeness needs at least one true pair.")
    return len(pair_set(candidates) & truth) / len(truth)


def reduction_ratio(n_candidates: int, n_left: int, n_right: int | None = None) -> float:
    """1 − candidates ÷ all possible pairs (pass ``n_right=None`` for deduplication within one table)."""
    if n_left <= 0 or (n_right is not None and n_right <= 0):
        raise BootcampInputError("both tables need at least one record to compute a reduction ratio.")
    total = n_left * n_right if n_right is not None else n_left * (n_left - 1) // 2
    return 1 - n_candidates / total


def address_match_metrics(predicted: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Quality of address matching: one predicted UPRN (or none) per record against the true UPRN (or none).

    ``predicted`` has ``record_id`` and ``uprn`` (missing = no match made); ``truth`` has ``record_id`` and ``uprn``
    (missing = the property is not in the gazetteer). Over records whose true UPRN is known: precision (matches made
    that are right) and recall (records matched to the right UPRN). Over records with no true UPRN: the wrong-match
    rate (records that were given a UPRN anyway).
    """
    require_frame(predicted, "predicted", ["record_id", "uprn"])
    require_frame(truth, "truth", ["record_id", "uprn"])
    if predicted["record_id"].duplicated().any():
        raise BootcampInputError("predicted has more than one row for some record_id; keep one best match per record.")
    merged = truth[["record_id", "uprn"]].merge(
        predicted[["record_id", "uprn"]], on="record_id", how="left", suffixes=("_true", "_pred")
    )
    has_truth = merged["uprn_true"].notna() & (merged["uprn_true"].astype(str) != "")
    made = merged["uprn_pred"].notna() & (merged["uprn_pred"].astype(str) != "")
    right = made & has_truth & (merged["uprn_pred"].astype(str) == merged["uprn_true"].astype(str))
    in_gaz, out_gaz = merged[has_truth], merged[~has_truth]
    n_made = int((made & has_truth).sum())
    return {
        "records": len(merged),
        "records_with_true_uprn": len(in_gaz),
        "matched": n_made,
        "correct": int(right.sum()),
        "precision": right.sum() / n_made if n_made else 1.0,
        "recall": right.sum() / len(in_gaz) if len(in_gaz) else 1.0,
        "records_without_true_uprn": len(out_gaz),
        "wrongly_matched_without_true_uprn": int(made[~has_truth].sum()),
        "wrong_match_rate_without_true_uprn": made[~has_truth].mean() if len(out_gaz) else 0.0,
    }


def metrics_table(rows: Iterable[tuple[str, dict]], columns=("precision", "recall", "f1")) -> pd.DataFrame:
    """A tidy table of several methods' metrics, rounded for display."""
    return pd.DataFrame({name: {c: m[c] for c in columns if c in m} for name, m in rows}).T.round(4)
