"""A1 · Machine learning for address matching: front matter and checked exercises."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of, threshold_meeting
from solutions import address_ml, addresses

chapter = Chapter(
    code="A1",
    title="Machine learning for address matching",
    part="advanced",
    week=9,
    minutes=180,
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
        "margin over the runner-up.",
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
        "Matches are rare among candidates: use precision–recall curves, not accuracy, and check calibration before "
        "reading a score as a probability.",
        "Accept the best candidate only when it is clearly better than the runner-up; flats written without their "
        "flat number cannot be resolved and belong in clerical review.",
        "A simple logistic regression on good features is as good as gradient boosting here, and it ships as a "
        "handful of numbers anyone can read.",
    ),
)

# --- data the exercises need, computed once -----------------------------------------------------------------------

TRAIN_SAMPLE, SEED = 2000, 11


@lru_cache(maxsize=1)
def gazetteer_prepared():
    from bootcamp import load
    from solutions.address_features import prepare_gazetteer

    gazetteer = load("gazetteer")
    return gazetteer, prepare_gazetteer(gazetteer)


@lru_cache(maxsize=1)
def training_pairs() -> pd.DataFrame:
    """Labelled pairs from samples of the two training sources."""
    _, gz = gazetteer_prepared()
    return pd.concat([address_ml.labelled_pairs(s, gz, sample=TRAIN_SAMPLE, seed=SEED)
                      for s in address_ml.TRAIN_SOURCES], ignore_index=True)


@lru_cache(maxsize=1)
def held_out() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labelled pairs of every record of the four held-out sources, and their truth (record IDs made unique)."""
    from bootcamp import load_truth

    _, gz = gazetteer_prepared()
    pairs, truths = [], []
    for source in address_ml.HELD_OUT_SOURCES:
        p = address_ml.labelled_pairs(source, gz)
        p["record_id"] = source + "|" + p["record_id"]
        truths.append(load_truth(source).assign(record_id=lambda t, s=source: s + "|" + t["record_id"]))
        pairs.append(p)
    pairs = pd.concat(pairs, ignore_index=True)
    pairs["record"] = pd.factorize(pairs["record_id"])[0]
    return pairs, pd.concat(truths, ignore_index=True)


@lru_cache(maxsize=1)
def _logistic():
    return address_ml.fit_logistic(training_pairs())


def held_out_candidate_recall() -> float:
    """Share of held-out records whose true UPRN is among their candidates."""
    pairs, truth = held_out()
    return address_ml.candidate_recall(pairs, truth)


def held_out_scores():
    pairs, _ = held_out()
    from solutions.address_features import FEATURES, eligible

    p = _logistic().predict_proba(pairs[FEATURES].to_numpy(dtype=float))[:, 1]
    return p * eligible(pairs).to_numpy()


def quality_at(threshold: float, margin: float = 0.1) -> dict:
    """Precision and recall of the chapter's logistic regression on the held-out sources."""
    pairs, truth = held_out()
    points = address_ml.operating_points(pairs, held_out_scores(), truth, thresholds=[threshold], margins=[margin])
    return points.iloc[0][["precision", "recall"]].astype(float).to_dict()


@lru_cache(maxsize=1)
def _shipped_predictions() -> pd.DataFrame:
    """The shipped pipeline's answers on the held-out sources, with each record's true UPRN's classification."""
    pairs, truth = held_out()
    gazetteer, _ = gazetteer_prepared()
    from solutions.addresses import model_score

    preds = address_ml.predictions(pairs, model_score(pairs), addresses.load_model()["threshold"],
                                   addresses.load_model()["margin"])
    out = truth.merge(preds, on="record_id", how="left", suffixes=("_true", "_pred"))
    out["classification"] = out["uprn_true"].map(dict(zip(gazetteer["uprn"], gazetteer["classification"])))
    return out


def flat_recall() -> float:
    """Recall of the shipped pipeline over held-out records whose true address is a flat (RD06)."""
    out = _shipped_predictions()
    flats = out[out["classification"].eq("RD06")]
    return float((flats["uprn_pred"] == flats["uprn_true"]).mean())


# --- exercises -----------------------------------------------------------------------------------------------------

q1 = ValueExercise(
    label="a1-q1",
    title="Candidate recall",
    reference=held_out_candidate_recall,
    hints=[
        "Among held-out records whose true UPRN is known, what share have that UPRN among their candidate pairs?",
        "Build the set of (record_id, uprn) pairs and count the truth rows found in it; divide by the truth rows "
        "with a UPRN.",
    ],
    starter="candidate_recall = ...  # a share between 0 and 1",
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
    hints=[
        "A pair is a match (1) when its uprn is the true UPRN of its record_id; otherwise 0.",
        "Map record_id to the true UPRN with a dict, compare with the pair's uprn, and turn True/False into 1/0. "
        "A record whose property is not in the gazetteer has no matching candidate at all.",
    ],
    starter="def label_pairs(pairs, truth):\n    ...  # your code here",
)

SPLITS = ("random 80/20 split of the pairs", "random 80/20 split of the records", "hold out whole sources")

q3 = ChoiceExercise(
    label="a1-q3",
    title="How to split",
    reference=lambda: "hold out whole sources",
    validate=one_of(["hold out whole sources"],
                    why="every source repeats the same string for everyone at one address, in its own house style; a "
                        "random split puts copies of test strings in training and flatters the model"),
    hints=["Each source writes one address the same way for every person living there. What does a random split do "
           "with those copies?"],
    starter="split = ...  # one of SPLITS",
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
    hints=[
        "Accept a row when score >= threshold AND score - runner_up >= margin; return a boolean Series.",
        "Both conditions use >=: a score exactly at the threshold is accepted.",
    ],
    starter="def decide(best, threshold, margin):\n    ...  # your code here",
)



q5 = ChoiceExercise(
    label="a1-q5",
    title="An operating point",
    reference=lambda: 0.5,
    validate=threshold_meeting(quality_at, 0.995, 0.95, "a probability threshold"),
    hints=["Try quality_at(threshold) for thresholds from 0.1 to 0.95 (margin 0.1). You need precision >= 0.995 and "
           "recall >= 0.95 on the held-out sources."],
    starter="threshold = ...  # a number between 0 and 1",
)

q6 = ValueExercise(
    label="a1-q6",
    title="Recall for flats",
    reference=flat_recall,
    hints=[
        "Keep the held-out records whose true UPRN's classification is RD06 (a flat), then compute the share "
        "whose predicted UPRN equals the true one.",
        "An unmatched record counts as a miss: compare uprn_pred with uprn_true row by row.",
    ],
    starter="flat_recall = ...  # a share between 0 and 1",
)
