"""A1's exercises accept the reference answers and reject the mistakes learners really make."""

import pandas as pd

from bootcamp.chapters import a1
from tests.exercise_checks import exercise_tests


def _label_as_bool(pairs, truth):  # True/False is fine to a human, but labels are 0/1 numbers ... and NaN-unsafe
    true = pairs["record_id"].map(dict(zip(truth["record_id"], truth["uprn"])))
    return pairs["uprn"] == true


def _label_by_position(pairs, truth):  # compares row by row, as if both frames were in the same order
    return pd.Series([int(u == t) for u, t in zip(pairs["uprn"], truth["uprn"])])


def _label_every_record_once(pairs, truth):  # marks the first candidate of each record as the match
    return (~pairs["record_id"].duplicated()).astype(int)


def _threshold_only(best, threshold, margin):
    return best["score"] >= threshold


def _strict(best, threshold, margin):
    return (best["score"] > threshold) & (best["score"] - best["runner_up"] > margin)


def _margin_ratio(best, threshold, margin):
    return (best["score"] >= threshold) & (best["runner_up"] / best["score"] <= 1 - margin)


def _flat_recall_on_matched_only():
    out = a1._shipped_predictions()
    flats = out[out["classification"].eq("RD06") & out["uprn_pred"].notna()]
    return float((flats["uprn_pred"] == flats["uprn_true"]).mean())


WRONG = {
    "a1-q1": [1.0, a1.held_out_candidate_recall() - 0.005],
    "a1-q2": [_label_by_position, _label_every_record_once],
    "a1-q3": ["random 80/20 split of the pairs", "random 80/20 split of the records"],
    "a1-q4": [_threshold_only, _strict, _margin_ratio],
    "a1-q5": [1.0, 0.999, "0.5"],
    "a1-q6": [_flat_recall_on_matched_only(), 1.0],
}
test_reference, test_wrong, test_stub = exercise_tests(a1, WRONG)


def test_bool_labels_are_accepted_as_numbers():
    # a learner returning True/False gets the same values compared: that is right, not a mistake to reject
    case = a1.q2.cases[0]
    assert list(_label_as_bool(*case).astype(int)) == list(a1.q2.reference(*case))
