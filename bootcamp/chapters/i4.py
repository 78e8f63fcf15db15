"""I4 · Judging a linkage without a truth table: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise
from solutions import linkage_quality as lq

chapter = Chapter(
    code="I4",
    title="Judging a linkage without a truth table",
    part="intermediate",
    week=8,
    minutes=150,
    notebook="book/intermediate/i4_quality_without_truth.ipynb",
    questions=(
        "Nobody knows which pairs are right: how good is our linkage, and how sure are we?",
        "Why does a clerical sample need weights, and how many pairs must a reviewer check?",
        "What can pairs sharing an NHS number tell us, and what do they hide?",
        "Who does the linkage miss, and which linked groups look wrong?",
        "How do we tell a data-protection officer and a service manager what the linkage is worth?",
    ),
    objectives=(
        "Draw a clerical-review sample stratified by score band and give each pair its inverse-probability weight.",
        "Estimate precision and recall (among scored pairs) from the reviewed sample with confidence intervals, and "
        "show on Thamesbury that the interval covers the truth while an unweighted estimate does not.",
        "Estimate the matches missing from the scored pairs (lost at blocking or scored below the floor) from a "
        "clerical search, and work out a sample size for a margin of error.",
        "Use pairs sharing an NHS number as a silver standard and state the biases it carries.",
        "Compare linked with unlinked records by group, check clusters for size, bridges and conflicts, and write a "
        "plain-English quality statement.",
    ),
    prerequisites=(
        "I3 · Probabilistic matching algorithms (match probabilities, thresholds, clerical review).",
        "B4 · Good practice in data linkage (review sheets, reviewer agreement, missed-match rates).",
    ),
    key_points=(
        "No council has a truth table; a reviewed sample of scored pairs is how a linkage's quality is known.",
        "Sample by score band so the rare, uncertain pairs are seen, and weight each reviewed pair by the number of "
        "pairs it stands for (band size ÷ pairs sampled); without weights the estimate is simply wrong.",
        "Report every estimate with an interval; 50 matches out of 50 reviewed does not prove a band is perfect.",
        "Recall from scored pairs cannot see matches that never reached them (lost at blocking, or scored below the "
        "floor): estimate those with a clerical search of randomly chosen records.",
        "A silver standard (pairs sharing an NHS number) covers only the people and sources that hold the number, "
        "and cannot measure precision.",
        "Unlinked is not the same as missed, but large gaps between groups are a question the linkage must answer.",
        "Clusters that are too big, hang on one link or hold several dates of birth can be found without any truth.",
        "Tell the data-protection officer and the service manager what the figures mean for people, with ranges.",
    ),
)


# --- small reviewed samples for q1 and q2: worked by hand in the golden cases -----------------------------------------
# Band [0, 0.5): 100 scored pairs, 4 reviewed, so each stands for 25. Band [0.5, 1]: 10 pairs, 5 reviewed (2 each).

REVIEWED = pd.DataFrame({
    "match_probability": [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95],
    "band": ["[0, 0.5)"] * 4 + ["[0.5, 1]"] * 5,
    "band_size": [100] * 4 + [10] * 5,
    "band_sample": [4] * 4 + [5] * 5,
    "weight": [25.0] * 4 + [2.0] * 5,
})
DECISIONS = [False, False, False, True, True, True, True, True, False]

# Three bands of unequal size: 1,000 pairs (10 reviewed), 200 (10 reviewed), 50 (10 reviewed).
REVIEWED_3 = pd.DataFrame({
    "match_probability": [0.05 + 0.03 * i for i in range(10)] + [0.6 + 0.02 * i for i in range(10)]
    + [0.9 + 0.01 * i for i in range(10)],
    "band": ["[0, 0.5)"] * 10 + ["[0.5, 0.9)"] * 10 + ["[0.9, 1]"] * 10,
    "band_size": [1000] * 10 + [200] * 10 + [50] * 10,
    "band_sample": [10] * 30,
    "weight": [100.0] * 10 + [20.0] * 10 + [5.0] * 10,
})
DECISIONS_3 = [False] * 9 + [True] + [False] * 6 + [True] * 4 + [True] * 9 + [False]


q1 = FunctionExercise(
    label="i4-q1", title="Precision from a weighted clerical sample",
    reference=lq.weighted_precision,
    cases=[(REVIEWED, DECISIONS, 0.5), (REVIEWED_3, DECISIONS_3, 0.9), (REVIEWED_3, DECISIONS_3, 0.3),
           (REVIEWED_3, DECISIONS_3, 0.66)],
    golden=[((REVIEWED, DECISIONS, 0.5), 0.8),                # (5 × 2 − 2) ÷ (5 × 2)
            ((REVIEWED, DECISIONS, 0.35), 33 / 35),          # (25 + 4 × 2) ÷ (25 + 5 × 2)
            ((REVIEWED, DECISIONS, 0.6), 0.8),               # the pair scoring exactly 0.6 is a link
            ((REVIEWED_3, DECISIONS_3, 0.5), (4 * 20 + 9 * 5) / (10 * 20 + 10 * 5))],
    hints=["Keep the reviewed pairs whose `match_probability` is at least the threshold. Each stands for `weight` "
           "scored pairs: precision = Σ weight × match ÷ Σ weight, over those pairs only.",
           "With numpy: `above = sample['match_probability'] >= threshold`, `w = sample['weight']`, "
           "`m = np.array(labels)`; then `(w * m * above).sum() / (w * above).sum()`; return a float."],
    starter="def weighted_precision(sample, labels, threshold):\n    ...  # your code here",
    wrong=[
        "import numpy as np\n"
        "def weighted_precision(sample, labels, threshold):\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    return float(np.array(labels)[above].mean())  # ignores the weights",
        "import numpy as np\n"
        "def weighted_precision(sample, labels, threshold):\n"
        "    above = sample['match_probability'].to_numpy() > threshold  # > drops a link on the threshold\n"
        "    w = sample['weight'].to_numpy()\n"
        "    return float((w * np.array(labels) * above).sum() / (w * above).sum())",
        "import numpy as np\n"
        "def weighted_precision(sample, labels, threshold):\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    w = sample['weight'].to_numpy()\n"
        "    return float((w * np.array(labels) * above).sum() / w.sum())  # divides by every pair, not the links",
        "import numpy as np\n"
        "def weighted_precision(sample, labels, threshold):\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    w = 1 / sample['weight'].to_numpy()  # the sampling probability, not its inverse\n"
        "    return float((w * np.array(labels) * above).sum() / (w * above).sum())",
    ],
)

q2 = FunctionExercise(
    label="i4-q2", title="Recall among scored pairs from a weighted clerical sample",
    reference=lq.weighted_recall,
    cases=[(REVIEWED, DECISIONS, 0.5), (REVIEWED_3, DECISIONS_3, 0.9), (REVIEWED_3, DECISIONS_3, 0.66)],
    golden=[((REVIEWED, DECISIONS, 0.5), 8 / 33),                # 4 × 2 of an estimated 25 + 4 × 2 matches
            ((REVIEWED, DECISIONS, 0.35), 1.0),
            ((REVIEWED_3, DECISIONS_3, 0.5), (4 * 20 + 9 * 5) / (1 * 100 + 4 * 20 + 9 * 5)),
            ((REVIEWED_3, DECISIONS_3, 0.6), (4 * 20 + 9 * 5) / (1 * 100 + 4 * 20 + 9 * 5))],
    hints=["Recall = estimated matches at or above the threshold ÷ estimated matches among all scored pairs: "
           "Σ weight × match × (score ≥ threshold) ÷ Σ weight × match.",
           "The one match found in a big low band stands for `weight` matches: that is where missed links hide."],
    starter="def weighted_recall(sample, labels, threshold):\n    ...  # your code here",
    wrong=[
        "import numpy as np\n"
        "def weighted_recall(sample, labels, threshold):\n"
        "    m = np.array(labels)\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    return float((m & above).sum() / m.sum())  # ignores the weights: the low bands' matches count once",
        "import numpy as np\n"
        "def weighted_recall(sample, labels, threshold):\n"
        "    m, w = np.array(labels), sample['weight'].to_numpy()\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    return float((w * m * above).sum() / (w * above).sum())  # that is precision, not recall",
        "import numpy as np\n"
        "def weighted_recall(sample, labels, threshold):\n"
        "    m, w = np.array(labels), sample['weight'].to_numpy()\n"
        "    above = sample['match_probability'].to_numpy() >= threshold\n"
        "    return float((w * m * above).sum() / (w * m * above).sum())  # counts only the matches it found",
    ],
)

q3 = FunctionExercise(
    label="i4-q3", title="How many pairs to review",
    reference=lq.sample_size_for_margin,
    cases=[(0.05, 0.5, 0.95), (0.02, 0.95, 0.95), (0.1, 0.9, 0.9), (0.03, 0.98, 0.95), (0.01, 0.99, 0.99)],
    golden=[((0.05, 0.5, 0.95), 385),    # 1.96² × 0.5 × 0.5 ÷ 0.05² = 384.1, rounded up
            ((0.02, 0.95, 0.95), 457),   # 1.96² × 0.95 × 0.05 ÷ 0.02² = 456.2
            ((0.1, 0.9, 0.9), 25),       # 1.645² × 0.9 × 0.1 ÷ 0.1² = 24.3
            ((0.03, 0.98, 0.95), 84)],   # 1.96² × 0.98 × 0.02 ÷ 0.03² = 83.7
    hints=["n = z² × p × (1 − p) ÷ margin², rounded *up* to a whole pair; z is the normal quantile for the "
           "confidence: `from statistics import NormalDist; z = NormalDist().inv_cdf(0.5 + confidence / 2)` "
           "(1.96 for 95 %).",
           "Use `math.ceil`, not `round` or `int`: 384.1 pairs means 385 to be sure of the margin."],
    starter="def sample_size_for_margin(margin, expected, confidence):\n    ...  # your code here",
    wrong=[
        "from statistics import NormalDist\n"
        "def sample_size_for_margin(margin, expected, confidence):\n"
        "    z = NormalDist().inv_cdf(0.5 + confidence / 2)\n"
        "    return round(z * z * expected * (1 - expected) / margin ** 2)  # rounds 384.1 down",
        "import math\n"
        "def sample_size_for_margin(margin, expected, confidence):\n"
        "    return math.ceil(4 * expected * (1 - expected) / margin ** 2)  # z = 2 whatever the confidence",
        "import math\n"
        "from statistics import NormalDist\n"
        "def sample_size_for_margin(margin, expected, confidence):\n"
        "    z = NormalDist().inv_cdf(confidence)  # one-sided: 1.645 for 95 %\n"
        "    return math.ceil(z * z * expected * (1 - expected) / margin ** 2)",
        "import math\n"
        "from statistics import NormalDist\n"
        "def sample_size_for_margin(margin, expected, confidence):\n"
        "    z = NormalDist().inv_cdf(0.5 + confidence / 2)\n"
        "    return math.ceil(z * expected * (1 - expected) / margin)  # forgot to square z and the margin",
    ],
)

SILVER = pd.DataFrame({"left_id": ["SL1", "SL2", "SL3", "SL4"], "right_id": ["AS1", "AS2", "AS3", "AS4"]})
LINKS = pd.DataFrame({"left_id": ["SL1", "SL2", "SL5", "SL6", "SL4"], "right_id": ["AS1", "AS9", "AS5", "AS6", "AS4"]})

q4 = FunctionExercise(
    label="i4-q4", title="Recall on a silver standard",
    reference=lq.silver_recall,
    cases=[(LINKS, SILVER), (LINKS.iloc[:1], SILVER), (SILVER, SILVER)],
    golden=[((LINKS, SILVER), {"recall": 0.5, "silver_pairs": 4, "found": 2}),
            ((LINKS.iloc[3:], SILVER), {"recall": 0.25, "silver_pairs": 4, "found": 1})],
    hints=["Make a set of (left_id, right_id) tuples from the links; count the silver pairs that are in it.",
           "Return a dict: {'recall': found ÷ silver pairs, 'silver_pairs': ..., 'found': ...}. A link outside the "
           "silver standard is not counted at all: it may be a true match whose NHS number was missing."],
    starter="def silver_recall(links, silver):\n    ...  # your code here",
    wrong=[
        "def silver_recall(links, silver):\n"
        "    made = set(zip(links['left_id'], links['right_id']))\n"
        "    pairs = set(zip(silver['left_id'], silver['right_id']))\n"
        "    found = len(made & pairs)\n"
        "    return {'recall': found / len(made), 'silver_pairs': len(pairs), 'found': found}"
        "  # divides by the links: that is 'silver precision'",
        "def silver_recall(links, silver):\n"
        "    found = int(links['left_id'].isin(silver['left_id']).sum())  # a left record in silver, any partner\n"
        "    return {'recall': found / len(silver), 'silver_pairs': len(silver), 'found': found}",
    ],
)

GROUPED = pd.DataFrame({"record_id": ["CT1", "CT2", "CT3", "CT4", "CT5", "CT6", "CT7"],
                        "age_band": ["18–34", "18–34", "35–64", "35–64", "35–64", "65+", "65+"]})

q5 = FunctionExercise(
    label="i4-q5", title="Who is left unlinked",
    reference=lq.unlinked_share,
    cases=[(GROUPED, ["CT1", "CT3", "CT4", "CT6", "CT7"], "age_band"), (GROUPED, [], "age_band"),
           (GROUPED, ["CT2", "CT5"], "age_band")],
    golden=[((GROUPED, ["CT1", "CT3", "CT4", "CT6", "CT7"], "age_band"),
             pd.Series([0.5, 1 / 3, 0.0], index=["18–34", "35–64", "65+"])),
            ((GROUPED, {"CT1", "CT2", "CT5"}, "age_band"), pd.Series([0.0, 2 / 3, 1.0],
                                                                   index=["18–34", "35–64", "65+"]))],
    hints=["`unlinked = ~records['record_id'].isin(linked_ids)`; then the mean of `unlinked` by group.",
           "`unlinked.groupby(records[group]).mean()` gives a Series indexed by group, sorted by group name."],
    starter="def unlinked_share(records, linked_ids, group):\n    ...  # your code here",
    wrong=[
        "def unlinked_share(records, linked_ids, group):\n"
        "    linked = records['record_id'].isin(linked_ids)\n"
        "    return linked.groupby(records[group]).mean()  # the linked share, not the unlinked one",
        "def unlinked_share(records, linked_ids, group):\n"
        "    unlinked = ~records['record_id'].isin(linked_ids)\n"
        "    return unlinked.groupby(records[group]).sum()  # counts, not shares: big groups look worst",
        "def unlinked_share(records, linked_ids, group):\n"
        "    unlinked = ~records['record_id'].isin(linked_ids)\n"
        "    return unlinked.groupby(records[group]).mean() - unlinked.mean()  # the gap, not the share",
    ],
)
