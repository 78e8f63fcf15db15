"""The Fellegi–Sunter model written out by hand in numpy (chapter I3).

Writing it by hand is the lesson; :mod:`tests.test_solutions_fellegi_sunter` checks it against recordlinkage's
``ECMClassifier`` on the same binary comparison vectors. Splink does the same arithmetic at scale.

Vocabulary (one binary comparison per column, 1 = the field agrees):

* ``m`` — P(field agrees | the pair is a match), per column;
* ``u`` — P(field agrees | the pair is not a match), per column;
* ``λ`` (``prior``) — P(a pair drawn from the candidates is a match), before looking at any field;
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
