"""P3's exercises accept the reference answers and reject the mistakes learners really make."""

import numpy as np
import pandas as pd

from bootcamp.chapters import p3
from bootcamp.evaluation import pair_set
from solutions import shielding
from tests.exercise_checks import exercise_tests


def _strict_thresholds(p, lower, upper):  # > instead of >=: the thresholds themselves fall a band lower
    return pd.Series(np.where(p > upper, "auto-accept", np.where(p > lower, "review", "reject")), index=p.index)


def _missing_accepted(p, lower, upper):  # tests written as "below": NaN < x is False, so NaN is auto-accepted
    return pd.Series(np.where(p < lower, "reject", np.where(p < upper, "review", "auto-accept")), index=p.index)


def _other_labels(p, lower, upper):
    return pd.Series(np.where(p >= upper, "match", np.where(p >= lower, "possible", "non-match")), index=p.index)


def _precision_over_all_pairs(scored, truth, lower, upper):
    table = shielding.band_table(scored, truth, lower, upper)
    table["precision"] = (table["true_matches"] / table["pairs"].sum()).round(4)
    return table


def _share_of_found(scored, truth, lower, upper):  # divides by the true pairs that were scored, not all of them
    truth = pair_set(truth)
    scored_truth = truth & set(zip(scored["left_id"], scored["right_id"]))
    table = shielding.band_table(scored, truth, lower, upper)
    table["share_of_true"] = (table["true_matches"] / len(scored_truth)).round(4)
    return table


def _empty_bands_dropped(scored, truth, lower, upper):
    table = shielding.band_table(scored, truth, lower, upper)
    return table[table["pairs"] > 0].reset_index(drop=True)


WRONG = {
    "p3-q1": [_strict_thresholds, _missing_accepted, _other_labels],
    "p3-q2": [_precision_over_all_pairs, _share_of_found, _empty_bands_dropped],
    "p3-q3": [(0.99, 0.5), (0.3, 0.99), (0.5, 0.9), (0.9, 0.99), 0.99, ("0.5", "0.99")],
    "p3-q4": [["nhs_number"], list(shielding.NOT_FOR_CALLERS) + ["phone"],
              ["nhs_number", "gp_practice_code", "primary_support_reason"], "nhs_number"],
}

test_reference, test_wrong, test_stub = exercise_tests(p3, WRONG)
