"""B2 · Your first data linkage in Python: front matter and checked exercises."""

from __future__ import annotations

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of
from solutions import first_linkage

chapter = Chapter(
    code="B2",
    title="Your first data linkage in Python",
    part="beginner",
    week=2,
    minutes=200,
    notebook="book/beginner/b2_linkage_python.ipynb",
    questions=(
        "Which council tax payers are on the electoral register, when the two systems share no ID?",
        "Why not compare every record with every other, and what does blocking cost?",
        "How do we score how alike two names or addresses are?",
        "How good is a linkage, and why is one number (F1) not enough?",
    ),
    objectives=(
        "Use the vocabulary of linkage: record, pair, match, non-match, false match, missed match.",
        "Count the pairs of a full index and choose a blocking rule, measuring its reduction ratio and pair "
        "completeness.",
        "Write the Levenshtein distance by hand and use jellyfish and rapidfuzz for string similarity.",
        "Build comparison features with recordlinkage and classify pairs with a simple rule.",
        "Evaluate a linkage against the truth with a confusion matrix, precision, recall and F1, and read its "
        "errors one by one.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning with pandas (we reuse its `standardise`).",
        "Basic pandas: selecting columns, merging, value_counts.",
    ),
    key_points=(
        "Linkage decides, for pairs of records, whether they describe the same person; without a shared ID we "
        "compare names and addresses.",
        "A full index grows as n × m; blocking keeps only pairs that agree on something, and pair completeness says "
        "how many true matches it throws away for good.",
        "Edit distance and Jaro–Winkler turn 'how alike are these strings' into a number; libraries do it fast, "
        "but knowing the algorithm tells you what it misses.",
        "Without a date of birth, people with the same name at the same address (parents and children, "
        "namesakes) cannot be told apart by names and addresses alone.",
        "Report false matches and missed matches as counts, not only F1: they cost a council different things.",
        "Read the errors one by one: they tell you what to fix next.",
    ),
)


# --- exercises -----------------------------------------------------------------------------------------------------
# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type (tests/test_exercise_declarations.py).

q1 = ValueExercise(
    label="b2-q1",
    title="Count the pairs of a full index",
    reference=first_linkage.council_tax_register_full_index_pairs,
    golden=[189_604_260],
    wrong=[
        "from bootcamp import load\n"
        "full_index_pairs = len(load('council_tax')) + len(load('electoral_register'))  # a sum, not a product",
        "from bootcamp import load\n"
        "n = len(load('council_tax')) + len(load('electoral_register'))\n"
        "full_index_pairs = n * (n - 1) // 2  # every pair within one combined table: that is deduplication",
        "from bootcamp import load\n"
        "n = len(load('council_tax'))\n"
        "full_index_pairs = n * (n - 1) // 2  # council tax with itself",
        "full_index_pairs = '189,604,260'  # typed as text, not computed",
    ],
    hints=[
        "A full index pairs every council tax record with every electoral register record.",
        "That is len(council_tax) × len(register) — a product, not a sum, and not n(n − 1)/2 "
        "(that is deduplication within one table).",
    ],
    starter="full_index_pairs = ...  # a number",
)

q2 = FunctionExercise(
    label="b2-q2",
    title="Summarise a blocking rule",
    reference=first_linkage.blocking_summary,
    cases=[
        ([("L1", "R1"), ("L1", "R2"), ("L2", "R2")], 4, 5, {("L1", "R1"), ("L2", "R2"), ("L3", "R3")}),
        ([("L1", "R1")], 2, 2, {("L1", "R1")}),
        ([("A", "X"), ("B", "Y"), ("C", "X"), ("C", "Z")], 10, 10, {("A", "Y"), ("B", "Y")}),
        ([], 3, 3, {("L1", "R1")}),
    ],
    golden=[
        (([("L1", "R1"), ("L1", "R2"), ("L2", "R2")], 4, 5, {("L1", "R1"), ("L2", "R2"), ("L3", "R3")}),
         {"pairs": 3, "reduction_ratio": 0.85, "pair_completeness": 0.6666667}),
        (([], 3, 3, {("L1", "R1")}), {"pairs": 0, "reduction_ratio": 1.0, "pair_completeness": 0.0}),
    ],
    wrong=[
        "def blocking_summary(candidates, n_left, n_right, truth):\n"
        "    # pair completeness divided by the candidates, not by the true matches\n"
        "    candidates, truth = set(candidates), set(truth)\n"
        "    return {'pairs': len(candidates), 'reduction_ratio': 1 - len(candidates) / (n_left * n_right),\n"
        "            'pair_completeness': len(candidates & truth) / len(candidates) if candidates else 0.0}",
        "from bootcamp.evaluation import pair_completeness\n\n"
        "def blocking_summary(candidates, n_left, n_right, truth):\n"
        "    # the share of pairs kept, not the share removed\n"
        "    candidates = set(candidates)\n"
        "    return {'pairs': len(candidates), 'reduction_ratio': len(candidates) / (n_left * n_right),\n"
        "            'pair_completeness': pair_completeness(candidates, truth)}",
        "from bootcamp.evaluation import pair_completeness\n\n"
        "def blocking_summary(candidates, n_left, n_right, truth):\n"
        "    # all pairs counted as for deduplication, n(n - 1)/2\n"
        "    candidates = set(candidates)\n"
        "    total = (n_left + n_right) * (n_left + n_right - 1) / 2\n"
        "    return {'pairs': len(candidates), 'reduction_ratio': 1 - len(candidates) / total,\n"
        "            'pair_completeness': pair_completeness(candidates, truth)}",
    ],
    hints=[
        "Use reduction_ratio and pair_completeness from bootcamp.evaluation; pair_set turns the candidates into a set.",
        "Pair completeness divides by the number of TRUE pairs (how many survive blocking), not by the number of "
        "candidates; the reduction ratio is 1 − candidates ÷ (n_left × n_right).",
    ],
    starter=("def blocking_summary(candidates, n_left, n_right, truth):\n"
             "    ...  # return {'pairs': ..., 'reduction_ratio': ..., 'pair_completeness': ...}"),
)

q3 = FunctionExercise(
    label="b2-q3",
    title="Write the Levenshtein distance by hand",
    reference=first_linkage.levenshtein,
    cases=[
        ("KITTEN", "SITTING"), ("SMITH", "SMITH"), ("", ""), ("", "ABC"), ("JONES", ""), ("AB", "BA"),
        ("MOHAMMED", "MUHAMMAD"), ("SMITH", "SMYTHE"), ("ŁUKASZ", "LUKASZ"), ("CHAUDHRY", "CHOWDHURY"),
        ("ANN", "ANNE-MARIE"), ("FLAT 3", "FLAT 13"), ("STEVEN", "STEPHEN"), ("abc", "ABC"),
        # two whole addresses: a function that recomputes the same sub-problems over and over never finishes
        ("FLAT 12, NIGHTINGALE BUILDINGS, TANNERY WAY", "FLAT 21 NIGHTINGALE BLDGS TANNERY WAY LONDON"),
    ],
    golden=[(("KITTEN", "SITTING"), 3), (("SMITH", "SMYTHE"), 2), (("", ""), 0), (("", "ABC"), 3), (("AB", "BA"), 2),
            (("abc", "ABC"), 3),
            (("FLAT 12, NIGHTINGALE BUILDINGS, TANNERY WAY", "FLAT 21 NIGHTINGALE BLDGS TANNERY WAY LONDON"), 14)],
    wrong=[
        "def levenshtein(a, b):\n"
        "    # the Hamming distance: differing positions, plus the difference in length\n"
        "    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))",
        "def levenshtein(a, b):\n    return abs(len(a) - len(b))  # the difference in length only",
        "import jellyfish\n\n"
        "def levenshtein(a, b):\n"
        "    return jellyfish.damerau_levenshtein_distance(a, b)  # a library, and a transposition counts as one edit",
        "from rapidfuzz.distance import Levenshtein\n\n"
        "def levenshtein(a, b):\n"
        "    return Levenshtein.distance(a.upper(), b.upper())  # case-blind: 'abc' and 'ABC' are different strings",
        "def levenshtein(a, b):\n"
        "    # the textbook recursion with no memory: right, but its time doubles and more with every character\n"
        "    if not a:\n"
        "        return len(b)\n"
        "    if not b:\n"
        "        return len(a)\n"
        "    return min(levenshtein(a[1:], b) + 1, levenshtein(a, b[1:]) + 1,\n"
        "               levenshtein(a[1:], b[1:]) + (a[0] != b[0]))",
    ],
    hints=[
        "Build a table where cell (i, j) is the distance between the first i characters of a and the first j of b; "
        "row 0 is 0, 1, 2, … (insert everything) and column 0 likewise.",
        "Each cell is the smallest of: the cell above + 1 (delete), the cell to the left + 1 (insert), the "
        "diagonal + 0 if the characters agree or + 1 if not (substitute). The answer is the bottom-right cell.",
        "Counting differing positions with zip() is the Hamming distance: it breaks when one string has an extra "
        "character (SMITH v SMYTHE).",
        "'Too slow' on the two addresses? A function that calls itself three times per character recomputes the same "
        "cells millions of times. Fill the table row by row with two loops instead (or remember each result).",
    ],
    starter="def levenshtein(a, b):\n    ...  # your code here",
)

q4 = FunctionExercise(
    label="b2-q4",
    title="Turn a distance into a similarity",
    reference=first_linkage.levenshtein_similarity,
    cases=[("KITTEN", "SITTING"), ("SMITH", "SMITH"), ("SMITH", None), (None, None), ("", ""), ("JO", "JOE"),
           ("ROSEBERY HOUSE", "ROSEBURY HOUSE"), (float("nan"), "SMITH")],
    golden=[(("KITTEN", "SITTING"), 0.5714286), (("SMITH", "SMITH"), 1.0), (("JO", "JOE"), 0.6666667),
            (("SMITH", None), 0.0), (("", ""), 1.0)],
    wrong=[
        "import jellyfish\n\n"
        "def levenshtein_similarity(a, b):\n"
        "    # no check for missing values: crashes on None\n"
        "    longest = max(len(a), len(b))\n"
        "    return 1 - jellyfish.levenshtein_distance(a, b) / longest if longest else 1.0",
        "import jellyfish\n"
        "import pandas as pd\n\n"
        "def levenshtein_similarity(a, b):\n"
        "    # divided by the SHORTER string\n"
        "    if pd.isna(a) or pd.isna(b):\n"
        "        return 0.0\n"
        "    shortest = min(len(a), len(b))\n"
        "    return 1 - jellyfish.levenshtein_distance(a, b) / shortest if shortest else 1.0",
        "import jellyfish\n"
        "import pandas as pd\n\n"
        "def levenshtein_similarity(a, b):\n"
        "    # a missing value counted as a perfect match\n"
        "    if pd.isna(a) or pd.isna(b):\n"
        "        return 1.0\n"
        "    longest = max(len(a), len(b))\n"
        "    return 1 - jellyfish.levenshtein_distance(a, b) / longest if longest else 1.0",
    ],
    hints=[
        "Similarity = 1 − distance ÷ the length of the LONGER string, so it runs from 0 to 1.",
        "Check for missing values (None or NaN: pd.isna) first and return 0.0 — a blank is not evidence of a "
        "match; two empty strings are identical (1.0), and watch out for dividing by zero.",
    ],
    starter="def levenshtein_similarity(a, b):\n    ...  # your code here",
)

q5 = FunctionExercise(
    label="b2-q5",
    title="Precision, recall and F1 from counts",
    reference=first_linkage.precision_recall_f1,
    cases=[(90, 10, 30), (50, 0, 50), (1, 99, 0), (0, 0, 10), (0, 0, 0), (7, 3, 0)],
    golden=[((90, 10, 30), {"precision": 0.9, "recall": 0.75, "f1": 0.8181818}),
            ((0, 0, 10), {"precision": 1.0, "recall": 0.0, "f1": 0.0}),
            ((0, 0, 0), {"precision": 1.0, "recall": 1.0, "f1": 1.0})],
    wrong=[
        "def precision_recall_f1(true_matches_found, false_matches, missed_matches):\n"
        "    # precision and recall swapped\n"
        "    tp, fp, fn = true_matches_found, false_matches, missed_matches\n"
        "    p = tp / (tp + fn) if tp + fn else 1.0\n"
        "    r = tp / (tp + fp) if tp + fp else 1.0\n"
        "    return {'precision': p, 'recall': r, 'f1': 2 * p * r / (p + r) if p + r else 0.0}",
        "def precision_recall_f1(true_matches_found, false_matches, missed_matches):\n"
        "    # F1 as the plain average\n"
        "    tp, fp, fn = true_matches_found, false_matches, missed_matches\n"
        "    p = tp / (tp + fp) if tp + fp else 1.0\n"
        "    r = tp / (tp + fn) if tp + fn else 1.0\n"
        "    return {'precision': p, 'recall': r, 'f1': (p + r) / 2}",
        "def precision_recall_f1(true_matches_found, false_matches, missed_matches):\n"
        "    # no zero cases: divides by zero when nothing is linked\n"
        "    tp, fp, fn = true_matches_found, false_matches, missed_matches\n"
        "    p, r = tp / (tp + fp), tp / (tp + fn)\n"
        "    return {'precision': p, 'recall': r, 'f1': 2 * p * r / (p + r)}",
    ],
    hints=[
        "Precision asks 'of the links we made, how many are right?': found ÷ (found + false matches). Recall asks "
        "'of the true matches, how many did we find?': found ÷ (found + missed matches).",
        "F1 is the harmonic mean 2PR ÷ (P + R), not the average (P + R) ÷ 2. Mind the zero cases: precision is "
        "1.0 when nothing is linked, recall 1.0 when nothing is true, F1 0.0 when P + R is 0.",
    ],
    starter="def precision_recall_f1(true_matches_found, false_matches, missed_matches):\n"
            "    ...  # return {'precision': ..., 'recall': ..., 'f1': ...}",
)

q6 = ChoiceExercise(
    label="b2-q6",
    title="Choose a classifier for a 'your account' page",
    reference=first_linkage.classifier_for_account_page,
    validate=one_of(["strict"], why="here a false match shows one resident another resident's council tax account "
                                    "(a personal data breach); the strict rule makes far fewer of them, for a slightly "
                                    "lower F1", choices=["loose", "strict"]),
    golden=["strict", "Strict ", "STRICT"],
    wrong=[
        "choice = 'loose'  # it finds more true matches, but its false matches show strangers' accounts",
        "choice = 'F1'  # not one of the two rules",
    ],
    hints=[
        "Look at the false_matches column, not at F1: the two F1 scores are close.",
        "Ask what each error costs in THIS use: a false match shows someone else's account (a data breach to "
        "report); a missed match means the resident links their account by hand, as they do today.",
    ],
    starter='choice = ...  # "loose" or "strict"',
)
