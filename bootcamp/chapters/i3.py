"""I3 · Probabilistic matching algorithms: front matter and checked exercises."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, one_of
from solutions import fellegi_sunter as fs
from solutions.probabilistic import SHIELDING_THRESHOLD

chapter = Chapter(
    code="I3",
    title="Probabilistic matching algorithms",
    part="intermediate",
    week=7,
    minutes=180,
    notebook="book/intermediate/i3_probabilistic.ipynb",
    questions=(
        "How much evidence is 'the dates of birth agree', and how much is 'the surnames agree'?",
        "Where do m and u probabilities come from when nobody has labelled any pairs?",
        "How do we train, run and read a Splink model on council data?",
        "How do we choose a threshold, and what goes to clerical review?",
        "Why can a mother and daughter with the same name fool the model?",
    ),
    objectives=(
        "Explain the Fellegi–Sunter model: m and u probabilities, the prior λ, match weights in bits and how a "
        "weight becomes a probability.",
        "Estimate u from random pairs and m from labelled pairs, and write expectation maximisation by hand in numpy, "
        "checking it against recordlinkage's ECM.",
        "Build, train (u by random sampling, m by EM) and run a Splink 5 model on DuckDB with blocking rules, graded "
        "comparisons and term-frequency adjustment.",
        "Read Splink's charts (match weights, m and u, waterfall) to explain a false match and a missed match.",
        "Choose a threshold and a clerical-review band, and recognise the household pitfall of EM.",
    ),
    prerequisites=(
        "B2 · Your first data linkage in Python (pairs, blocking, precision and recall).",
        "I2 · Deterministic matching algorithms (match keys) helps but is not required.",
        "Logarithms: log2(8) = 3.",
    ),
    key_points=(
        "m = P(field agrees | match), u = P(field agrees | non-match); log2(m/u) is the evidence, in bits, that an "
        "agreement adds, and log2((1−m)/(1−u)) what a disagreement takes away.",
        "Weights of independent fields add up, starting from the prior weight log2(λ/(1−λ)); "
        "probability = 2^w / (1 + 2^w).",
        "u comes cheaply from random pairs (nearly all non-matches); m needs labels or expectation maximisation.",
        "EM is a few lines of numpy; ours agrees with recordlinkage's ECM to many decimals.",
        "Splink does the same arithmetic at scale, with graded levels, term-frequency adjustment and charts that "
        "explain every score.",
        "Fields that depend on each other (address and postcode) must be scored together, or evidence counts twice.",
        "EM trained on a pass where family members look alike learns the wrong m: train on a strong identifier "
        "when you have one, and read the false matches.",
        "Choose thresholds by reading the scores; send the uncertain band to clerical review.",
    ),
)


# --- exercises --------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="i3-q1", title="From a match weight to a probability",
    reference=fs.weight_to_probability,
    cases=[0.0, 1.0, 3.32, -2.0, 10.0, -7.5],
    hints=["A weight w is log2 of the odds: odds = 2 ** w.", "Probability = odds / (1 + odds)."],
    starter="def weight_to_probability(weight):\n    ...  # your code here",
)

q2 = FunctionExercise(
    label="i3-q2", title="Agreement and disagreement weights",
    reference=fs.match_weights,
    cases=[([0.9], [0.01]), ([0.95, 0.6], [0.001, 0.3]), ([0.5], [0.5])],
    hints=["Agree: log2(m / u). Disagree: log2((1 − m) / (1 − u)). Use np.log2, not np.log.",
           "Return pd.DataFrame({'agree': ..., 'disagree': ...}), one row per field."],
    starter="def match_weights(m, u):\n    ...  # your code here",
)

q3 = FunctionExercise(
    label="i3-q3", title="u from random pairs",
    reference=fs.u_from_random_pairs,
    cases=[pd.DataFrame({"first_name": [0, 0, 1, 0], "dob": [0, 0, 0, 0]}),
           pd.DataFrame({"surname": [1, 0, 0, 0, 0, 0, 0, 1], "postcode": [0, 1, 0, 0, 0, 0, 0, 0]})],
    hints=["Random pairs are nearly all non-matches: u is simply the share of them that agree, column by column.",
           "Return a Series indexed by the column names (vectors.mean() does it)."],
    starter="def u_from_random_pairs(vectors):\n    ...  # your code here",
)


def _em_cases():
    rng = np.random.default_rng(3)
    n, prior = 3000, 0.25
    m, u = np.array([0.95, 0.85, 0.9]), np.array([0.1, 0.3, 0.02])
    match = rng.random(n) < prior
    x = np.where(match[:, None], rng.random((n, 3)) < m, rng.random((n, 3)) < u).astype(int)
    small = np.array([[1, 1], [1, 1], [1, 0], [0, 0], [0, 0], [0, 1], [0, 0], [0, 0], [1, 1], [0, 0]])
    return [x, small]


q4 = FunctionExercise(
    label="i3-q4", title="Expectation maximisation by hand",
    reference=fs.em_summary,
    cases=_em_cases(),
    hints=["Start at m = 0.9, u = 0.1, λ = 0.1 for every field; E step: P(match | vector) by Bayes' rule; "
           "M step: λ = mean of those, m and u = agreement rates weighted by them and by one minus them.",
           "Stop when nothing moves by more than 1e-4 (np.allclose), and keep the last round's estimates; round "
           "to 4 decimals: {'m': [...], 'u': [...], 'prior': ...}."],
    starter="def em_summary(vectors):\n    ...  # your code here",
)

q5 = ChoiceExercise(
    label="i3-q5", title="Which EM pass avoids the household pitfall?",
    reference=lambda: "nhs_number",
    validate=one_of(["nhs_number"], "pairs blocked on names or on an address include family members who share "
                                    "them; pairs sharing an NHS number are nearly all the same person"),
    hints=["In a blocking pass, which field would a mother and her namesake daughter NOT share?"],
    starter='em_blocking_field = ...  # one of "postcode", "last_name", "first_name and last_name", "nhs_number"',
)


def _band_ok(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected a pair (lower, upper)"
    lower, upper = answer
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in answer):
        return "both thresholds must be numbers"
    if not 0 < lower < upper < 1:
        return "need 0 < lower < upper < 1: the review band lies below the automatic-link threshold"
    if upper < SHIELDING_THRESHOLD:
        return (f"an automatic-link threshold of {upper} links the household namesakes (a parent and child with one "
                f"name at one address) automatically: the chapter's table shows false matches up to just below "
                f"{SHIELDING_THRESHOLD}")
    if lower > 0.5:
        return f"a lower threshold of {lower} leaves pairs that may well be matches (0.5 to {lower}) unreviewed"
    if lower < 0.01:
        return "the band is too wide: below 0.01 almost nothing is a match, and reviewers drown"
    return None


q6 = ChoiceExercise(
    label="i3-q6", title="A clerical-review band",
    reference=lambda: (0.1, SHIELDING_THRESHOLD),
    validate=_band_ok,
    hints=["Links at or above `upper` are made automatically; pairs between `lower` and `upper` go to a person."],
    starter="band = ...  # (lower, upper)",
)
