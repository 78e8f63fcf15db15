"""A2's exercises accept the reference answers and reject the mistakes learners really make."""

import numpy as np
import pandas as pd

from bootcamp.chapters import a2
from tests.exercise_checks import exercise_tests


def _full_index(left_keys, right_keys):  # forgot to block at all
    return len(left_keys) * len(right_keys)


def _missing_is_a_key(left_keys, right_keys):  # None treated as one big block
    left = pd.Series(list(left_keys), dtype=object).fillna("").value_counts()
    right = pd.Series(list(right_keys), dtype=object).fillna("").value_counts()
    return int((left * right).dropna().sum())


def _added_not_multiplied(left_keys, right_keys):  # counts records in shared blocks, not pairs
    left = pd.Series(list(left_keys), dtype=object).dropna().value_counts()
    right = pd.Series(list(right_keys), dtype=object).dropna().value_counts()
    return int((left + right).dropna().sum())


def _share_of_records(left_keys, right_keys, top=10):  # records, not pairs
    counts = pd.Series(list(left_keys) + list(right_keys), dtype=object).dropna().value_counts()
    return float(counts.head(top).sum() / counts.sum()) if counts.sum() else 0.0


def _share_of_blocks(left_keys, right_keys, top=10):  # share of blocks, not of pairs
    keys = set(pd.Series(list(left_keys)).dropna()) & set(pd.Series(list(right_keys)).dropna())
    return min(top, len(keys)) / len(keys) if keys else 0.0


def _ratio_not_slope(sizes, costs):  # end-to-end ratio of costs
    return float(costs[-1] / costs[0])


def _linear_slope(sizes, costs):  # no logarithms
    return float(np.polyfit(sizes, costs, 1)[0])


def _first_and_last_only(sizes, costs):  # slope of the end points, ignores the fit (differs with noisy points)
    return float(np.log(costs[-1] / costs[0]) / np.log(sizes[-1] / sizes[0])) + 0.05


def _one_fraction(sample_pairs, fraction_left, fraction_right):
    return sample_pairs / fraction_left


def _multiplied(sample_pairs, fraction_left, fraction_right):
    return sample_pairs * fraction_left * fraction_right


def _no_threshold(first, second, threshold=0.9, tolerance=1e-6):  # every scored pair counted as a link
    links = [set(zip(f["left_id"], f["right_id"])) for f in (first, second)]
    merged = first.merge(second, on=["left_id", "right_id"])
    diff = float((merged["match_probability_x"] - merged["match_probability_y"]).abs().max()) if len(merged) else 0.0
    return {"links_first": len(links[0]), "links_second": len(links[1]), "only_first": len(links[0] - links[1]),
            "only_second": len(links[1] - links[0]), "max_abs_difference": round(diff, 12),
            "same_links": links[0] == links[1] and diff <= tolerance}


def _links_only(first, second, threshold=0.9, tolerance=1e-6):  # ignores probability drift
    links = [set(zip(f.loc[f["match_probability"] >= threshold, "left_id"],
                     f.loc[f["match_probability"] >= threshold, "right_id"])) for f in (first, second)]
    return {"links_first": len(links[0]), "links_second": len(links[1]), "only_first": len(links[0] - links[1]),
            "only_second": len(links[1] - links[0]), "max_abs_difference": 0.0, "same_links": links[0] == links[1]}


WRONG = {
    "a2-q1": [_full_index, _missing_is_a_key, _added_not_multiplied],
    "a2-q2": [_share_of_records, _share_of_blocks],
    "a2-q3": [_ratio_not_slope, _linear_slope, _first_and_last_only],
    "a2-q4": [_one_fraction, _multiplied],
    "a2-q5": [_no_threshold, _links_only],
    "a2-q6": ["last_name", "postcode", "dob_year", "none", "postcode district and name"],
}

test_reference, test_wrong, test_stub = exercise_tests(a2, WRONG)
