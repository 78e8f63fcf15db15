"""The Fellegi–Sunter model written out by hand in numpy (chapter I3).

Writing it by hand is the lesson; :mod:`tests.test_solutions_fellegi_sunter` checks it against recordlinkage's
``ECMClassifier`` on the same binary comparison vectors. Splink does the same arithmetic at scale.

Vocabulary (one binary comparison per column, 1 = the field agrees):

* ``m`` — P(field agrees | the pair is a match), per column;
* ``u`` — P(field agrees | the pair is not a match), per column;
* ``λ`` (``prior``) — P(a pair is a match) before looking at any field, for the population of pairs the model is
  fitted on: for all pairs, the probability that two random records match; among blocked candidates, much higher;
* match weight — log2 of a Bayes factor: log2(m/u) when a field agrees, log2((1−m)/(1−u)) when it disagrees;
  the prior adds log2(λ/(1−λ)); weights of independent fields add up; probability = 2^w / (1 + 2^w).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError


def _binary_matrix(vectors, name: str = "vectors") -> np.ndarray:
    """Comparison vectors (DataFrame or array, rows = pairs, columns = fields) as a 0/1 float array, checked."""
    if isinstance(vectors, pd.DataFrame):
        values = vectors.to_numpy()
    elif isinstance(vectors, np.ndarray):
        values = vectors
    else:
        raise BootcampInputError(f"{name} must be a pandas DataFrame or numpy array, not {type(vectors).__name__}.")
    if values.ndim != 2 or values.shape[0] == 0 or values.shape[1] == 0:
        raise BootcampInputError(f"{name} must be a non-empty table of pairs × fields; got shape {values.shape}.")
    try:
        values = values.astype(float)
    except (TypeError, ValueError) as exc:
        raise BootcampInputError(f"{name} must hold only 0 and 1 (agree/disagree): {exc}") from None
    if np.isnan(values).any() or not np.isin(values, (0.0, 1.0)).all():
        raise BootcampInputError(f"{name} must hold only 0 and 1 (agree/disagree, no missing values); "
                                 "binarise scores first, e.g. (similarity >= 0.85).astype(int).")
    return values


def _columns(vectors) -> list:
    return list(vectors.columns) if isinstance(vectors, pd.DataFrame) else list(range(vectors.shape[1]))


def m_u_from_labels(vectors, is_match) -> pd.DataFrame:
    """m and u per field, counted from labelled pairs: the share agreeing among matches and among non-matches."""
    x = _binary_matrix(vectors)
    labels = np.asarray(is_match, dtype=bool)
    if labels.shape != (x.shape[0],):
        raise BootcampInputError(f"is_match must have one label per pair ({x.shape[0]}), got shape {labels.shape}.")
    if labels.all() or not labels.any():
        raise BootcampInputError("is_match needs both matches and non-matches to estimate m and u.")
    return pd.DataFrame({"m": x[labels].mean(axis=0), "u": x[~labels].mean(axis=0)}, index=_columns(vectors))


def u_from_random_pairs(vectors) -> pd.Series:
    """u per field from comparison vectors of *randomly drawn* pairs (almost all of which are non-matches)."""
    x = _binary_matrix(vectors)
    return pd.Series(x.mean(axis=0), index=_columns(vectors), name="u")


def _check_probabilities(values, name: str) -> np.ndarray:
    arr = np.asarray(values, dtype=float)
    if np.isnan(arr).any() or (arr <= 0).any() or (arr >= 1).any():
        raise BootcampInputError(f"{name} must be probabilities strictly between 0 and 1; got {arr.tolist()}.")
    return arr


def match_weights(m, u) -> pd.DataFrame:
    """The weight (bits) each field adds when it agrees, log2(m/u), and when it disagrees, log2((1−m)/(1−u))."""
    index = m.index if isinstance(m, pd.Series) else None
    m_arr, u_arr = _check_probabilities(m, "m"), _check_probabilities(u, "u")
    return pd.DataFrame({"agree": np.log2(m_arr / u_arr), "disagree": np.log2((1 - m_arr) / (1 - u_arr))},
                        index=index)


def prior_weight(prior: float) -> float:
    """The starting weight from λ alone: log2(λ / (1 − λ))."""
    lam = float(_check_probabilities(prior, "prior"))
    return float(np.log2(lam / (1 - lam)))


def total_weights(vectors, m, u, prior: float) -> np.ndarray:
    """Each pair's match weight: the prior weight plus each field's agree or disagree weight."""
    x = _binary_matrix(vectors)
    weights = match_weights(m, u)
    if len(weights) != x.shape[1]:
        raise BootcampInputError(f"m and u have {len(weights)} fields but the vectors have {x.shape[1]} columns.")
    return prior_weight(prior) + x @ weights["agree"].to_numpy() + (1 - x) @ weights["disagree"].to_numpy()


def weight_to_probability(weight):
    """From a match weight (bits) to a match probability: 2^w / (1 + 2^w)."""
    w = np.asarray(weight, dtype=float)
    probability = 1.0 / (1.0 + np.power(2.0, -w))
    return float(probability) if probability.ndim == 0 else probability


def probability_to_weight(probability):
    """From a match probability to a match weight: log2(p / (1 − p))."""
    p = np.asarray(probability, dtype=float)
    weight = np.log2(p / (1 - p))
    return float(weight) if weight.ndim == 0 else weight


def expectation_maximisation(vectors, m_start: float = 0.9, u_start: float = 0.1, prior_start: float = 0.1,
                             max_iter: int = 100, atol: float = 1e-4) -> dict:
    """Estimate m, u and λ from unlabelled binary comparison vectors by expectation maximisation.

    The same conventions as recordlinkage's ``ECMClassifier`` (init='jaro'), so the two agree:
    start every field at m = 0.9 and u = 0.1 with λ = 0.1; repeat

    * **E step** — each pair's probability of being a match, given the current m, u and λ (Bayes' rule);
    * **M step** — λ = the mean of those probabilities; m = the agreement rate weighted by them; u = the agreement
      rate weighted by one minus them;

    until no probability (λ and 1 − λ, m and 1 − m, u and 1 − u) moves by more than ``atol`` (plus numpy's default
    relative tolerance of 1e-5, as ``np.allclose`` has) or ``max_iter`` rounds have run. The estimates of the last
    round are kept. Returns ``{"m", "u", "prior", "iterations", "history"}`` (history: λ after each round).
    """
    x = _binary_matrix(vectors)
    columns = _columns(vectors)
    n_fields = x.shape[1]
    m = np.full(n_fields, float(m_start))
    u = np.full(n_fields, float(u_start))
    prior = float(prior_start)
    _check_probabilities(np.r_[m, u, prior], "starting values")
    # Identical vectors get identical probabilities: work on the distinct vectors and their counts (as ECM does).
    patterns, counts = np.unique(x, axis=0, return_counts=True)
    history, iterations = [], 0
    with np.errstate(divide="ignore"):
        for iterations in range(1, max_iter + 1):
            # E step, in logs for stability: log P(vector, match) and log P(vector, non-match)
            log_match = np.log(prior) + patterns @ np.log(m) + (1 - patterns) @ np.log(1 - m)
            log_non = np.log(1 - prior) + patterns @ np.log(u) + (1 - patterns) @ np.log(1 - u)
            g = 1.0 / (1.0 + np.exp(log_non - log_match))  # P(match | vector)
            weighted_match, weighted_non = g * counts, (1 - g) * counts
            # M step
            new_prior = weighted_match.sum() / counts.sum()
            new_m = weighted_match @ patterns / weighted_match.sum()
            new_u = weighted_non @ patterns / weighted_non.sum()
            converged = (np.allclose([new_prior, 1 - new_prior], [prior, 1 - prior], atol=atol)
                         and np.allclose(np.r_[1 - new_u, new_u, 1 - new_m, new_m], np.r_[1 - u, u, 1 - m, m],
                                         atol=atol))
            prior, m, u = new_prior, new_m, new_u
            history.append(prior)
            if converged:
                break
    return {"m": pd.Series(m, index=columns, name="m"), "u": pd.Series(u, index=columns, name="u"),
            "prior": float(prior), "iterations": iterations, "history": history}


def match_probabilities(vectors, m, u, prior: float) -> np.ndarray:
    """Each pair's match probability under the model (m, u, λ)."""
    return weight_to_probability(total_weights(vectors, m, u, prior))


def log_likelihood(vectors, m, u, prior: float) -> float:
    """The log-likelihood (natural log) of the vectors under the two-class model (m, u, λ): EM never lowers it.

    Two runs of EM from different starts that end at different estimates can be compared with it: the one with the
    higher log-likelihood explains the vectors better (a local optimum is one EM cannot climb out of).
    """
    x = _binary_matrix(vectors)
    m_arr, u_arr, lam = (np.asarray(v, dtype=float) for v in (m, u, prior))
    for name, values in (("m", m_arr), ("u", u_arr), ("prior", lam)):
        if np.isnan(values).any() or (values < -1e-9).any() or (values > 1 + 1e-9).any():  # rounding may pass 1 by a hair
            raise BootcampInputError(f"{name} must be probabilities between 0 and 1; got {np.ravel(values).tolist()}.")
    # EM can drive an estimate to exactly 0 or 1; a hair inside keeps the logarithms finite
    m_arr, u_arr = np.clip(m_arr, 1e-12, 1 - 1e-12), np.clip(u_arr, 1e-12, 1 - 1e-12)
    lam = float(np.clip(lam, 1e-12, 1 - 1e-12))
    if len(m_arr) != x.shape[1] or len(u_arr) != x.shape[1]:
        raise BootcampInputError(f"m and u need one value per column ({x.shape[1]}); got {len(m_arr)} and {len(u_arr)}.")
    log_match = np.log(lam) + x @ np.log(m_arr) + (1 - x) @ np.log(1 - m_arr)
    log_non = np.log(1 - lam) + x @ np.log(u_arr) + (1 - x) @ np.log(1 - u_arr)
    return float(np.logaddexp(log_match, log_non).sum())


def tf_adjustment(u_exact: float, term_frequency: float) -> float:
    """The term-frequency adjustment (bits) to an exact match on one value: log2(u_exact / tf).

    ``u_exact`` is the comparison's u for an exact match, averaged over all values; ``term_frequency`` is the share
    of records holding this value (Splink takes the larger of the two records' shares). Two records agreeing on a
    value held by a share ``tf`` of people agree by chance with probability about ``tf``, so the value's own weight is
    log2(m / tf) = log2(m / u_exact) + log2(u_exact / tf): the usual weight plus this adjustment. Common values get a
    negative adjustment, rare ones a positive one.
    """
    u_arr = _check_probabilities(u_exact, "u_exact")
    tf = _check_probabilities(term_frequency, "term_frequency")
    adjustment = np.log2(u_arr / tf)
    return float(adjustment) if adjustment.ndim == 0 else adjustment


def em_summaries_agree(answer, expected) -> str | None:
    """Compare two EM summaries to within 0.001 on every estimate: a learner's stopping rule may stop one round
    earlier or later than the reference's and still be right."""
    from bootcamp.exercises import default_compare

    return default_compare(answer, expected, rel_tol=0.0, abs_tol=1e-3)


def simulated_vectors(n: int = 3000, prior: float = 0.25, m=(0.95, 0.85, 0.9), u=(0.1, 0.3, 0.02),
                      seed: int = 3) -> np.ndarray:
    """Binary comparison vectors drawn from a known model (λ = ``prior``, per-field ``m`` and ``u``), seeded: EM run
    on them should find roughly the model back (chapter I3's q4 checks a learner's EM on them)."""
    m_arr, u_arr = _check_probabilities(m, "m"), _check_probabilities(u, "u")
    if m_arr.shape != u_arr.shape:
        raise BootcampInputError(f"m and u need the same number of fields; got {len(m_arr)} and {len(u_arr)}.")
    rng = np.random.default_rng(seed)
    match = rng.random(n) < prior
    draws = rng.random((n, len(m_arr)))
    return np.where(match[:, None], draws < m_arr, draws < u_arr).astype(int)


def em_summary(vectors) -> dict:
    """EM's estimates rounded for reading and checking: ``{"m": [...], "u": [...], "prior": λ}`` (4 decimals)."""
    fit = expectation_maximisation(vectors)
    return {"m": [round(float(v), 4) for v in fit["m"]], "u": [round(float(v), 4) for v in fit["u"]],
            "prior": round(fit["prior"], 4)}


def clerical_band(scored: pd.DataFrame, lower: float, upper: float) -> dict:
    """How many pairs an automatic-link threshold ``upper`` accepts, and how many fall in the review band below it."""
    if not 0 < lower < upper < 1:
        raise BootcampInputError(f"need 0 < lower < upper < 1, got lower={lower!r}, upper={upper!r}.")
    p = scored["match_probability"]
    return {"links": int((p >= upper).sum()), "review": int(((p >= lower) & (p < upper)).sum())}
