"""I3's exercises accept the reference answers and reject realistic wrong ones."""

import numpy as np
import pandas as pd

from bootcamp.chapters import i3
from tests.exercise_checks import exercise_tests


def _natural_log_weights(m, u):
    m, u = np.asarray(m, float), np.asarray(u, float)
    return pd.DataFrame({"agree": np.log(m / u), "disagree": np.log((1 - m) / (1 - u))})


def _ratio_only(m, u):
    m, u = np.asarray(m, float), np.asarray(u, float)
    return pd.DataFrame({"agree": np.log2(m / u), "disagree": -np.log2(m / u)})


def _em_without_m_step_for_u(vectors):
    x = np.asarray(vectors, float)
    return {"m": [0.9] * x.shape[1], "u": [0.1] * x.shape[1], "prior": 0.1}


def _em_one_round(vectors):
    from solutions import fellegi_sunter as fs
    fit = fs.expectation_maximisation(vectors, max_iter=1)
    return {"m": [round(v, 4) for v in fit["m"]], "u": [round(v, 4) for v in fit["u"]], "prior": round(fit["prior"], 4)}


WRONG = {
    "i3-q1": [lambda w: 2 ** w, lambda w: 1 / (1 + np.exp(-w)), lambda w: w / (1 + w)],
    "i3-q2": [_natural_log_weights, _ratio_only],
    "i3-q3": [lambda v: v.sum(), lambda v: 1 - v.mean(), lambda v: v.mean(axis=1)],
    "i3-q4": [_em_without_m_step_for_u, _em_one_round],
    "i3-q5": ["first_name and last_name", "postcode", "last_name"],
    "i3-q6": [(0.5, 0.9), (0.6, 0.999), (0.001, 0.999), (0.9995, 0.1), 0.9],
}

test_reference, test_wrong, test_stub = exercise_tests(i3, WRONG)
