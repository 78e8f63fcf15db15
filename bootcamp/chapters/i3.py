"""I3 · Probabilistic matching algorithms: front matter and checked exercises."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, one_of
from solutions import fellegi_sunter as fs
from solutions import probabilistic as pr

chapter = Chapter(
    code="I3",
    title="Probabilistic matching algorithms",
    part="intermediate",
    week=7,
    minutes=270,
    notebook="book/intermediate/i3_probabilistic.ipynb",
    questions=(
        "How much evidence is 'the dates of birth agree', and how much is 'the surnames agree'?",
        "Where do m and u probabilities come from when nobody has labelled any pairs?",
        "How do we train, run and read a Splink model on council data?",
        "How do we choose a threshold, and what goes to clerical review?",
        "Why can twins, or a parent and child with the same name, fool the model?",
    ),
    objectives=(
        "Explain the Fellegi–Sunter model: m and u probabilities, the prior λ, match weights in bits and how a "
        "weight becomes a probability.",
        "Explain λ as the probability that two random records match, and why λ and u must describe the same "
        "population of pairs (random pairs, not blocked ones).",
        "Estimate u from random pairs and m from labelled pairs, and write expectation maximisation by hand in numpy, "
        "checking it against recordlinkage's ECM; say what EM can and cannot identify (local optima, passes that are "
        "almost all matches, households as the latent class).",
        "Build, train (u by random sampling, m by EM or from labels) and run a Splink 5 model on DuckDB with blocking "
        "rules, graded comparisons and term-frequency adjustment, computing one adjustment by hand.",
        "Read Splink's charts (match weights, m and u, waterfall) to explain a false match and a missed match.",
        "Choose a threshold on a labelled training part and report it on held-out pairs, choose a clerical-review "
        "band, and recognise the household pitfall of EM.",
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
        "λ is the probability that two random records match; blocking decides which pairs are scored, not their "
        "score, so λ and u are both measured over all pairs (u on random pairs).",
        "u comes cheaply from random pairs (nearly all non-matches); m needs labels or expectation maximisation.",
        "A term-frequency adjustment is log2(u_exact / tf): common values count for less, rare ones for more.",
        "EM is a few lines of numpy; ours agrees with recordlinkage's ECM to many decimals. It finds the split that "
        "best explains the agreement patterns, which need not be 'same person': check its estimates.",
        "Splink does the same arithmetic at scale, with graded levels, term-frequency adjustment and charts that "
        "explain every score.",
        "Fields that depend on each other (first and last name; address and postcode) must be scored together, or "
        "evidence counts twice.",
        "Two people at one home who share a surname are a household, not a coincidence: measure how often that "
        "happens on pairs known to be two people, not on random pairs, or the model links family members.",
        "EM trained on a pass where family members look alike learns the wrong m: train on a strong identifier "
        "when you have one, and read the false matches.",
        "Choose thresholds on labelled training pairs and report them on held-out pairs (or, with no labels, read "
        "the scores and check a sample); send the uncertain band to clerical review.",
        "Probabilities that mean what they say need no extreme threshold (0.5 is 'more likely than not'); check "
        "them band by band on held-out pairs.",
    ),
)


# --- exercises --------------------------------------------------------------------------------------------------
# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type
# (tests/test_exercise_declarations.py walks them all).

q1 = FunctionExercise(
    label="i3-q1", title="From a match weight to a probability",
    reference=fs.weight_to_probability,
    cases=[0.0, 1.0, 3.32, -2.0, 10.0, -7.5],
    golden=[(0.0, 0.5), (1.0, 2 / 3), (-2.0, 0.2), (10.0, 1024 / 1025)],
    wrong=[
        "def weight_to_probability(weight):\n    return 2 ** weight  # the odds, not the probability",
        "import numpy as np\n\n"
        "def weight_to_probability(weight):\n"
        "    return 1 / (1 + np.exp(-weight))  # the logistic in base e: weights are in bits (base 2)",
        "def weight_to_probability(weight):\n    return weight / (1 + weight)  # forgets to turn the weight into odds",
    ],
    hints=["A weight w is log2 of the odds: odds = 2 ** w.", "Probability = odds / (1 + odds)."],
    starter="def weight_to_probability(weight):\n    ...  # your code here",
)

q2 = FunctionExercise(
    label="i3-q2", title="Agreement and disagreement weights",
    reference=fs.match_weights,
    cases=[([0.9], [0.01]), ([0.95, 0.6], [0.001, 0.3]), ([0.5], [0.5])],
    golden=[(([0.9], [0.01]), pd.DataFrame({"agree": [6.491853096], "disagree": [-3.307428525]})),
            (([0.5], [0.5]), pd.DataFrame({"agree": [0.0], "disagree": [0.0]}))],
    wrong=[
        "import numpy as np\nimport pandas as pd\n\n"
        "def match_weights(m, u):\n"
        "    # natural logarithms: weights in nats, not bits\n"
        "    m, u = np.asarray(m, float), np.asarray(u, float)\n"
        "    return pd.DataFrame({'agree': np.log(m / u), 'disagree': np.log((1 - m) / (1 - u))})",
        "import numpy as np\nimport pandas as pd\n\n"
        "def match_weights(m, u):\n"
        "    # disagreement taken as minus the agreement weight\n"
        "    m, u = np.asarray(m, float), np.asarray(u, float)\n"
        "    return pd.DataFrame({'agree': np.log2(m / u), 'disagree': -np.log2(m / u)})",
    ],
    hints=["Agree: log2(m / u). Disagree: log2((1 − m) / (1 − u)). Use np.log2, not np.log.",
           "Return pd.DataFrame({'agree': ..., 'disagree': ...}), one row per field."],
    starter="def match_weights(m, u):\n    ...  # your code here",
)

q3 = FunctionExercise(
    label="i3-q3", title="u from random pairs",
    reference=fs.u_from_random_pairs,
    cases=[pd.DataFrame({"first_name": [0, 0, 1, 0], "dob": [0, 0, 0, 0]}),
           pd.DataFrame({"surname": [1, 0, 0, 0, 0, 0, 0, 1], "postcode": [0, 1, 0, 0, 0, 0, 0, 0]})],
    golden=[(pd.DataFrame({"first_name": [0, 0, 1, 0], "dob": [0, 0, 0, 0]}),
             pd.Series([0.25, 0.0], index=["first_name", "dob"])),
            (pd.DataFrame({"surname": [1, 0, 0, 0, 0, 0, 0, 1], "postcode": [0, 1, 0, 0, 0, 0, 0, 0]}),
             pd.Series([0.25, 0.125], index=["surname", "postcode"]))],
    wrong=[
        "def u_from_random_pairs(vectors):\n    return vectors.sum()  # counts, not shares",
        "def u_from_random_pairs(vectors):\n    return 1 - vectors.mean()  # the share that disagree",
        "def u_from_random_pairs(vectors):\n    return vectors.mean(axis=1)  # averaged over each pair, not each field",
    ],
    hints=["Random pairs are nearly all non-matches: u is simply the share of them that agree, column by column.",
           "Return a Series indexed by the column names (vectors.mean() does it)."],
    starter="def u_from_random_pairs(vectors):\n    ...  # your code here",
)


EM_SMALL = np.array([[1, 1], [1, 1], [1, 0], [0, 0], [0, 0], [0, 1], [0, 0], [0, 0], [1, 1], [0, 0]])

q4 = FunctionExercise(
    label="i3-q4", title="Expectation maximisation by hand",
    reference=fs.em_summary,
    compare=fs.em_summaries_agree,
    cases=[fs.simulated_vectors(), EM_SMALL],
    golden=[(EM_SMALL, {"m": [0.9691, 0.9691], "u": [0.154, 0.154], "prior": 0.3018})],
    wrong=[
        "import numpy as np\n\n"
        "def em_summary(vectors):\n"
        "    # the starting values handed back: no E or M step at all\n"
        "    x = np.asarray(vectors, float)\n"
        "    return {'m': [0.9] * x.shape[1], 'u': [0.1] * x.shape[1], 'prior': 0.1}",
        "import numpy as np\n\n"
        "def em_summary(vectors):\n"
        "    # one round of E and M steps, then stop\n"
        "    x = np.asarray(vectors, float)\n"
        "    m, u, lam = np.full(x.shape[1], 0.9), np.full(x.shape[1], 0.1), 0.1\n"
        "    a = lam * np.prod(m ** x * (1 - m) ** (1 - x), axis=1)\n"
        "    b = (1 - lam) * np.prod(u ** x * (1 - u) ** (1 - x), axis=1)\n"
        "    g = a / (a + b)\n"
        "    m, u, lam = g @ x / g.sum(), (1 - g) @ x / (1 - g).sum(), g.mean()\n"
        "    return {'m': [round(v, 4) for v in m], 'u': [round(v, 4) for v in u], 'prior': round(lam, 4)}",
        "import numpy as np\n\n"
        "def em_summary(vectors):\n"
        "    # M step weights u by g, like m, instead of by 1 - g\n"
        "    x = np.asarray(vectors, float)\n"
        "    m, u, lam = np.full(x.shape[1], 0.9), np.full(x.shape[1], 0.1), 0.1\n"
        "    for _ in range(100):\n"
        "        a = lam * np.prod(m ** x * (1 - m) ** (1 - x), axis=1)\n"
        "        b = (1 - lam) * np.prod(u ** x * (1 - u) ** (1 - x), axis=1)\n"
        "        g = a / (a + b)\n"
        "        m, u, lam = g @ x / g.sum(), g @ x / g.sum(), g.mean()\n"
        "    return {'m': [round(v, 4) for v in m], 'u': [round(v, 4) for v in u], 'prior': round(lam, 4)}",
    ],
    hints=["Start at m = 0.9, u = 0.1, λ = 0.1 for every field; E step: P(match | vector) by Bayes' rule; "
           "M step: λ = mean of those, m and u = agreement rates weighted by them and by one minus them.",
           "Repeat until no estimate moves by more than 1e-4 between rounds (np.allclose(new, old, atol=1e-4)) and "
           "keep the last round's estimates, rounded to 4 decimals: {'m': [...], 'u': [...], 'prior': ...}. "
           "The check accepts answers within 0.001 of the reference's, so stopping a round earlier or later is fine."],
    starter="def em_summary(vectors):\n    ...  # your code here",
)

q5 = FunctionExercise(
    label="i3-q5", title="A term-frequency adjustment by hand",
    reference=fs.tf_adjustment,
    cases=[(0.0127, 0.064), (0.0127, 0.0003), (0.02, 0.02), (0.05, 0.2)],
    golden=[((0.01, 0.04), -2.0), ((0.01, 0.0025), 2.0), ((0.02, 0.02), 0.0)],
    wrong=[
        "import numpy as np\n\n"
        "def tf_adjustment(u_exact, term_frequency):\n"
        "    return np.log2(term_frequency / u_exact)  # upside down: common names would gain evidence",
        "import numpy as np\n\n"
        "def tf_adjustment(u_exact, term_frequency):\n"
        "    return np.log(u_exact / term_frequency)  # natural log: nats, not bits",
        "def tf_adjustment(u_exact, term_frequency):\n"
        "    return u_exact / term_frequency  # the ratio, not its log2: not in bits",
    ],
    hints=["Two records agree on a value by chance about as often as the value's share of records, its term "
           "frequency: that is the value's own u.",
           "The adjustment replaces log2(m / u_exact) by log2(m / tf): the difference is log2(u_exact / tf)."],
    starter="def tf_adjustment(u_exact, term_frequency):\n    ...  # your code here",
)

q6 = ChoiceExercise(
    label="i3-q6", title="A clerical-review band",
    reference=pr.clerical_band_choice,
    validate=pr.clerical_band_problem,
    golden=[(0.1, 0.999), (0.2, 0.9995), (0.05, 0.9999), [0.5, 0.999]],
    wrong=[
        "band = (0.1, 0.99)  # the training half's twins score above 0.99: they would be linked automatically",
        "band = (0.1, 0.993)  # links at or above upper: the twins, at 0.9933, are linked automatically",
        "band = (0.1, 0.9)  # the twins, at 0.9933, are linked unseen",
        "band = (0.1, 0.5)  # the chosen threshold as the top of the band: the twins above it are linked unseen",
        "band = (0.5, 0.9)  # links every pair above 0.9 automatically: the twins included",
        "band = (0.6, 0.999)  # pairs from 0.5 to 0.6 are more likely matches than not, and nobody looks at them",
        "band = (0.001, 0.999)  # the reviewers drown in pairs that are almost surely different people",
        "band = (0.9995, 0.1)  # the two thresholds the wrong way round",
        "band = 0.9  # one threshold, not a band",
    ],
    hints=["Links at or above `upper` are made automatically; pairs between `lower` and `upper` go to a person. "
           "Read the training half's table: which thresholds let no false match through?"],
    starter="band = ...  # (lower, upper)",
)

EM_PASS_CHOICES = ["postcode", "last_name", "first_name and last_name", "nhs_number"]

q7 = ChoiceExercise(
    label="i3-q7", title="Which EM pass avoids the household pitfall?",
    reference=pr.em_pass_for_households,
    validate=one_of(["nhs_number"], "pairs blocked on names or on an address include family members who share "
                                    "them; pairs sharing an NHS number are nearly all the same person",
                    choices=EM_PASS_CHOICES),
    golden=["nhs_number", "NHS_NUMBER", " nhs_number "],
    wrong=[
        'em_blocking_field = "first_name and last_name"  # a mother and her namesake daughter share both',
        'em_blocking_field = "postcode"  # a whole household shares one',
        'em_blocking_field = "last_name"  # families share surnames',
        'em_blocking_field = "date of birth"  # not one of the options offered',
    ],
    hints=["In a blocking pass, which field would a mother and her namesake daughter NOT share?"],
    starter='em_blocking_field = ...  # one of "postcode", "last_name", "first_name and last_name", "nhs_number"',
)
