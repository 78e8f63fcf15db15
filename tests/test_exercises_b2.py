"""B2's exercises accept the reference answers and reject the mistakes learners really make."""

import jellyfish

from bootcamp.chapters import b2
from bootcamp.evaluation import pair_completeness, pair_set
from tests.exercise_checks import exercise_tests



def _wrong_full_index():
    n_left, n_right = b2._sizes()
    return [n_left + n_right, (n_left + n_right) * (n_left + n_right - 1) // 2, n_left * (n_left - 1) // 2]


def _summary_completeness_over_candidates(candidates, n_left, n_right, truth):
    candidates = pair_set(candidates)
    return {"pairs": len(candidates), "reduction_ratio": 1 - len(candidates) / (n_left * n_right),
            "pair_completeness": len(candidates & pair_set(truth)) / len(candidates) if candidates else 0.0}


def _summary_ratio_not_reduction(candidates, n_left, n_right, truth):
    candidates = pair_set(candidates)
    return {"pairs": len(candidates), "reduction_ratio": len(candidates) / (n_left * n_right),
            "pair_completeness": pair_completeness(candidates, truth)}


def _summary_dedup_total(candidates, n_left, n_right, truth):
    candidates = pair_set(candidates)
    total = (n_left + n_right) * (n_left + n_right - 1) / 2
    return {"pairs": len(candidates), "reduction_ratio": 1 - len(candidates) / total,
            "pair_completeness": pair_completeness(candidates, truth)}


def _hamming(a, b):
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


def _length_difference(a, b):
    return abs(len(a) - len(b))


def _case_blind(a, b):
    from solutions.first_linkage import levenshtein
    return levenshtein(a.upper(), b.upper())


def _similarity_no_missing_check(a, b):
    longest = max(len(a), len(b))
    return 1 - jellyfish.levenshtein_distance(a, b) / longest if longest else 1.0


def _similarity_shorter(a, b):
    import pandas as pd
    if pd.isna(a) or pd.isna(b):
        return 0.0
    shortest = min(len(a), len(b))
    return 1 - jellyfish.levenshtein_distance(a, b) / shortest if shortest else 1.0


def _similarity_missing_is_match(a, b):
    import pandas as pd
    if pd.isna(a) or pd.isna(b):
        return 1.0
    longest = max(len(a), len(b))
    return 1 - jellyfish.levenshtein_distance(a, b) / longest if longest else 1.0


def _prf_swapped(tp, fp, fn):
    p = tp / (tp + fn) if tp + fn else 1.0
    r = tp / (tp + fp) if tp + fp else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _prf_mean(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": (p + r) / 2}


def _prf_no_zero_case(tp, fp, fn):
    p, r = tp / (tp + fp), tp / (tp + fn)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r)}


class _WrongFullIndex(list):
    """Resolved on first use so that importing this module does not load the data."""

    def __iter__(self):
        return iter(_wrong_full_index())

    def __bool__(self):
        return True


WRONG = {
    "b2-q1": _WrongFullIndex(),
    "b2-q2": [_summary_completeness_over_candidates, _summary_ratio_not_reduction, _summary_dedup_total],
    "b2-q3": [_hamming, _length_difference, jellyfish.damerau_levenshtein_distance, _case_blind],
    "b2-q4": [_similarity_no_missing_check, _similarity_shorter, _similarity_missing_is_match],
    "b2-q5": [_prf_swapped, _prf_mean, _prf_no_zero_case],
    "b2-q6": ["loose", "F1", "Strict "],
}

test_reference, test_wrong, test_stub = exercise_tests(b2, WRONG)
