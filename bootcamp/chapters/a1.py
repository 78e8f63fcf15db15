"""A1 · Machine learning for address matching: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of
from solutions import address_ml, addresses  # the chapter's data and measurements live in solutions/address_ml.py

chapter = Chapter(
    code="A1",
    title="Machine learning for address matching",
    part="advanced",
    week=9,
    minutes=200,
    notebook="book/advanced/a1_ml_addresses.ipynb",
    questions=(
        "Can a model learn how much each piece of address evidence is worth, instead of us choosing weights by hand?",
        "How do we get candidates, features and labels for a supervised address matcher?",
        "How do we test it honestly, so that the numbers hold for a source it has never seen?",
        "Where does it still fail, and how does it compare with rules and with a pretrained matcher?",
    ),
    objectives=(
        "Generate candidates by postcode blocking plus TF-IDF character n-grams with nearest neighbours, and measure "
        "candidate recall.",
        "Turn record–candidate pairs into features and labels (from truth, or from clerical review).",
        "Split by source, fit logistic regression and gradient boosting with scikit-learn, and handle class "
        "imbalance.",
        "Read precision–recall curves and calibration plots, and accept one best candidate per record only with a "
        "margin over the runner-up, choosing the threshold and margin on validation data.",
        "Analyse errors by dwelling type and compare the model with the rule-based matcher of B5.",
    ),
    prerequisites=(
        "B5 · Address matching fundamentals (parsing, pair features, the rule-based score).",
        "I3 · Probabilistic matching algorithms (match weights and thresholds).",
        "Some scikit-learn: fit, predict_proba.",
    ),
    key_points=(
        "Supervised address matching is candidates, then features, then a classifier, then one decision per record; "
        "most of the quality comes from the candidates and the features, not the classifier.",
        "Candidate recall is the ceiling of everything after it: measure it first, and add a fallback (street, "
        "TF-IDF neighbours) for wrong and missing postcodes.",
        "Hold whole sources out: a random split of pairs leaks each source's house style into the test set.",
        "Fit on training data, choose the threshold and margin on validation data, and report on held-out data that "
        "chose nothing.",
        "Matches are rare among candidates: use precision–recall curves, not accuracy, and check calibration before "
        "reading a score as a probability.",
        "Accept the best candidate only when it is clearly better than the runner-up; flats written without their "
        "flat number, or named PAF's way where the gazetteer has its own name, cannot be resolved from the text and "
        "belong in clerical review.",
        "A simple logistic regression on good features is as good as gradient boosting here, and it ships as a "
        "handful of numbers anyone can read.",
    ),
)

# --- exercises -----------------------------------------------------------------------------------------------------

q1 = ValueExercise(
    label="a1-q1",
    title="Candidate recall",
    reference=address_ml.held_out_candidate_recall,
    hints=[
        "Among held-out records whose true UPRN is known, what share have that UPRN among their candidate pairs?",
        "Build the set of (record_id, uprn) pairs and count the truth rows found in it; divide by the truth rows "
        "with a UPRN (records whose property is not in the gazetteer have none, and cannot be found).",
    ],
    starter="candidate_recall = ...  # a share between 0 and 1",
    golden=[0.994606257],
    wrong=[
        "candidate_recall = 1.0  # read off the best sources in the table, not computed",
        "from solutions.address_ml import held_out\n"
        "pairs, truth = held_out()\n"
        "found = set(zip(pairs['record_id'], pairs['uprn']))\n"
        "# divides by every record, counting those whose property is not in the gazetteer as misses\n"
        "candidate_recall = sum((r, u) in found for r, u in zip(truth['record_id'], truth['uprn'])) / len(truth)",
        "from solutions.address_ml import held_out\n"
        "pairs, truth = held_out()\n"
        "candidate_recall = pairs['label'].mean()  # the share of pairs that are matches, not of records found",
    ],
)

q2 = FunctionExercise(
    label="a1-q2",
    title="Labels from the truth",
    reference=address_ml.label_pairs,
    cases=[
        (pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3"], "uprn": ["U1", "U2", "U5", "U9"]}),
         pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U2", "U5", None]})),
        (pd.DataFrame({"record_id": ["A", "B"], "uprn": ["X", "Y"]}),
         pd.DataFrame({"record_id": ["B", "A"], "uprn": ["Y", "Z"]})),
    ],
    golden=[
        # R4 is not in the truth table at all; U2 is R1's home, not R4's
        ((pd.DataFrame({"record_id": ["R1", "R1", "R2", "R3", "R4"], "uprn": ["U1", "U2", "U5", "U9", "U2"]}),
          pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U2", "U5", None]})),
         pd.Series([0, 1, 1, 0, 0])),
        # truth in another order; X is C's home, not A's
        ((pd.DataFrame({"record_id": ["A", "B", "B", "C"], "uprn": ["X", "Y", "Z", "X"]}),
          pd.DataFrame({"record_id": ["B", "A", "C"], "uprn": ["Y", "Z", "X"]})),
         pd.Series([0, 1, 0, 1])),
    ],
    hints=[
        "A pair is a match (1) when its uprn is the true UPRN of its own record_id; otherwise 0. A UPRN that is "
        "someone else's home is not a match.",
        "Map record_id to the true UPRN with a dict (or a left merge, which keeps every pair in order), compare with "
        "the pair's uprn, and turn True/False into 1/0 with .astype(int). A record missing from truth, or whose "
        "property is not in the gazetteer, has no matching candidate at all.",
    ],
    starter="def label_pairs(pairs, truth):\n    ...  # your code here",
    wrong=[
        "def label_pairs(pairs, truth):\n"
        "    return pairs['uprn'].isin(truth['uprn']).astype(int)  # anyone's home counts, not the record's own",
        "def label_pairs(pairs, truth):\n"
        "    # an inner merge: pairs of records missing from truth vanish, so rows are lost\n"
        "    merged = pairs.merge(truth, on='record_id', suffixes=('', '_true'))\n"
        "    return (merged['uprn'] == merged['uprn_true']).astype(int)",
        "import pandas as pd\n\n"
        "def label_pairs(pairs, truth):  # compares row by row, as if both frames were in the same order\n"
        "    return pd.Series([int(u == t) for u, t in zip(pairs['uprn'], truth['uprn'])])",
        "def label_pairs(pairs, truth):  # marks the first candidate of each record as the match\n"
        "    return (~pairs['record_id'].duplicated()).astype(int)",
    ],
)

SPLITS = ("random 80/20 split of the pairs", "random 80/20 split of the records", "hold out whole sources")

q3 = ChoiceExercise(
    label="a1-q3",
    title="How to split",
    reference=address_ml.honest_split,
    validate=one_of(["hold out whole sources"],
                    why="every source repeats the same string for everyone at one address, in its own house style; a "
                        "random split puts copies of test strings in training and flatters the model",
                    choices=SPLITS),
    hints=["Each source writes one address the same way for every person living there. What does a random split do "
           "with those copies?"],
    starter="split = ...  # one of SPLITS (a string)",
    golden=["hold out whole sources", "Hold out whole sources "],
    wrong=[
        'split = "random 80/20 split of the pairs"  # copies of test strings land in training',
        'split = "random 80/20 split of the records"  # one address, one house style, on both sides',
        'split = "split by postcode"  # not one of SPLITS',
    ],
)

q4 = FunctionExercise(
    label="a1-q4",
    title="Accept the best candidate only with a margin",
    reference=addresses.decide,
    cases=[
        (pd.DataFrame({"score": [0.95, 0.95, 0.5, 0.99], "runner_up": [0.1, 0.9, 0.0, 0.0]}), 0.8, 0.1),
        (pd.DataFrame({"score": [0.8, 0.85, 0.2], "runner_up": [0.7, 0.74, 0.0]}), 0.8, 0.1),
        (pd.DataFrame({"score": [0.6, 0.9], "runner_up": [0.0, 0.85]}), 0.5, 0.0),
        (pd.DataFrame({"score": [0.5, 0.7], "runner_up": [0.44, 0.25]}), 0.3, 0.1),
    ],
    golden=[
        ((pd.DataFrame({"score": [0.95, 0.95, 0.5, 0.8], "runner_up": [0.1, 0.9, 0.0, 0.7]}), 0.8, 0.1),
         pd.Series([True, False, False, True])),
        ((pd.DataFrame({"score": [0.6, 0.9, 0.3], "runner_up": [0.6, 0.85, 0.0]}), 0.5, 0.0),
         pd.Series([True, True, False])),
    ],
    hints=[
        "Accept a row when score >= threshold AND score - runner_up >= margin; return a boolean Series, one value "
        "per row of best.",
        "Both conditions use >=: a score exactly at the threshold is accepted, and so is a lead exactly equal to "
        "the margin.",
    ],
    starter="def decide(best, threshold, margin):\n    ...  # your code here",
    wrong=[
        "def decide(best, threshold, margin):\n"
        "    return best['score'] >= threshold  # forgets the runner-up",
        "def decide(best, threshold, margin):  # > where the prompt says at least\n"
        "    return (best['score'] > threshold) & (best['score'] - best['runner_up'] > margin)",
        "def decide(best, threshold, margin):  # a ratio, not a difference\n"
        "    return (best['score'] >= threshold) & (best['runner_up'] / best['score'] <= 1 - margin)",
        "def decide(best, threshold, margin):  # either condition, not both\n"
        "    return (best['score'] >= threshold) | (best['score'] - best['runner_up'] >= margin)",
        "def decide(best, threshold, margin):  # keeps the accepted rows instead of saying True/False for each\n"
        "    return best[(best['score'] >= threshold) & (best['score'] - best['runner_up'] >= margin)]",
    ],
)

q5 = ChoiceExercise(
    label="a1-q5",
    title="An operating point chosen on validation data",
    reference=address_ml.chosen_on_validation,
    validate=address_ml.judge_operating_point,
    hints=[
        "Keep the rows of val_points whose precision is at least 0.998, then take the one with the highest recall.",
        "row = val_points[val_points['precision'] >= 0.998].sort_values('recall').iloc[-1] is that row; answer "
        "(row['threshold'], row['margin']).",
    ],
    starter="operating_point = ...  # a (threshold, margin) pair of numbers, chosen from val_points",
    # rows tie on recall: every row that keeps the floor and reaches the most recall is right
    golden=[(0.3, 0.1), (0.15, 0.05)],
    wrong=[
        "operating_point = (0.5, 0.1)  # the habitual 0.5: precise, but gives recall away",
        "operating_point = (0.05, 0.05)  # more recall, but precision 0.9979 misses the 0.998 floor by a whisker",
        "operating_point = (0.95, 0.2)  # the most cautious row: precision is already high enough lower down",
        "operating_point = 0.5  # a threshold alone, without its margin",
        "from solutions.address_ml import validation_points\n"
        "val_points = validation_points()\n"
        "# the most recall, precision floor forgotten\n"
        "best = val_points.sort_values(['recall', 'threshold']).iloc[-1]\n"
        "operating_point = (best['threshold'], best['margin'])",
    ],
)

q6 = ValueExercise(
    label="a1-q6",
    title="Recall for flats",
    reference=address_ml.flat_recall,
    hints=[
        "Keep the held-out records whose true UPRN's classification is RD06 (a flat), then compute the share "
        "whose predicted UPRN equals the true one.",
        "An unmatched record counts as a miss: compare uprn_pred with uprn_true row by row, over every flat record "
        "(a missing uprn_pred never equals a UPRN).",
    ],
    starter="flat_recall = ...  # a share between 0 and 1",
    golden=[0.849337748],
    wrong=[
        "from solutions.address_ml import shipped_predictions\n"
        "shipped = shipped_predictions()\n"
        "flats = shipped[shipped['classification'].eq('RD06') & shipped['uprn_pred'].notna()]\n"
        "flat_recall = (flats['uprn_pred'] == flats['uprn_true']).mean()  # matched records only: that is precision",
        "from solutions.address_ml import shipped_predictions\n"
        "shipped = shipped_predictions()\n"
        "# every record, houses too\n"
        "flat_recall = (shipped['uprn_pred'] == shipped['uprn_true']).mean()",
        "from solutions.address_ml import shipped_predictions\n"
        "shipped = shipped_predictions()\n"
        "flats = shipped[shipped['classification'].eq('RD06')]\n"
        "flat_recall = flats['uprn_pred'].notna().mean()  # records matched, right or wrong",
    ],
)
