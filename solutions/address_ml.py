"""Machine learning for address matching (chapter A1), and the training of the shipped model.

The supervised workflow, one function per step:

1. :func:`labelled_pairs` — candidate pairs of a source with their features and a label from the truth (is this
   candidate the record's true UPRN?);
2. :func:`fit_logistic` — a logistic regression on standardised features (class weights optional), exported as plain
   numbers (:func:`export_logistic`) so the pipeline needs no pickle;
3. :func:`fit_boosting` — gradient boosting (scikit-learn's histogram GBM) for comparison;
4. :func:`choose_operating_point` — the threshold and margin that give the most recall at a required precision;
5. :func:`train_shipped_model` — the model that ``match_addresses`` uses, trained on TRAIN_SOURCES only and written
   to ``solutions/address_model.json``. Run ``python -m solutions.address_ml`` to rebuild it (deterministic).

Chapter A1's data, models and measurements are here too, computed once and cached: :func:`training_pairs`,
:func:`validation_pairs` (further records of the training sources, where A1 chooses its operating point),
:func:`held_out`, :func:`chosen_on_validation`, :func:`quality_at` and :func:`shipped_predictions`.

Training on two sources and measuring on the four others (hold whole sources out) is what tells us the features
generalise to house styles the model has not seen; a random split of pairs would leak each source's quirks.
"""

from __future__ import annotations

import json
from functools import lru_cache

import numpy as np
import pandas as pd

from bootcamp.evaluation import address_match_metrics
from bootcamp.validate import BootcampInputError, require_frame
from solutions.address_features import FEATURES, candidate_pairs, parse_records, prepare_gazetteer
from solutions.addresses import MODEL_PATH, address_one_line, best_candidates, decide, model_score

TRAIN_SOURCES = ("council_tax", "electoral_register")
HELD_OUT_SOURCES = ("housing_benefit", "adult_social_care", "school_census", "shielding_list")
MIN_PRECISION = 0.998  # the precision the operating point must keep on the training sources
MAX_WRONG_MATCH = 0.01  # ... and the share of records whose property is not in the gazetteer it may match
MISSING_SHARE, MISSING_SEED = 0.05, 7  # dwellings taken out of the training gazetteer: properties it lacks
# Chapter A1 fits its models on a sample of each training source, chooses its operating point on further records of
# those sources (validation) and reports on the held-out sources.
TRAIN_SAMPLE, TRAIN_SEED = 2000, 11
VALIDATION_SAMPLE, VALIDATION_SEED = 1000, 12
CHAPTER_MIN_PRECISION = 0.998  # the precision chapter A1's operating point must keep on validation data
THRESHOLD_GRID = tuple(round(0.05 * k, 2) for k in range(1, 20))  # 0.05, 0.10, ..., 0.95
MARGIN_GRID = (0.0, 0.05, 0.1, 0.2)


def label_pairs(pairs: pd.DataFrame, truth: pd.DataFrame) -> pd.Series:
    """1 where a candidate is the record's true UPRN, else 0 (records whose property is not in the gazetteer, or
    missing from ``truth``: all 0). One label per row of ``pairs``, in its order."""
    require_frame(pairs, "pairs", ["record_id", "uprn"], allow_empty=True)
    require_frame(truth, "truth", ["record_id", "uprn"])
    if truth["record_id"].duplicated().any():
        raise BootcampInputError("truth has more than one row for some record_id; it needs one true UPRN per record.")
    true_uprn = pairs["record_id"].map(dict(zip(truth["record_id"], truth["uprn"])))
    return (pairs["uprn"] == true_uprn).astype(int).rename("label")


def without_some_dwellings(gazetteer: pd.DataFrame, share: float = MISSING_SHARE, seed: int = MISSING_SEED):
    """The gazetteer with a random ``share`` of its dwellings taken out, and the UPRNs taken out.

    Real gazetteers lack some properties (new builds, conversions not yet recorded). Training on such a gazetteer
    shows the model what the nearest wrong candidates look like when the right one is absent, and lets the operating
    point be chosen to leave those records unmatched.
    """
    dwellings = gazetteer.loc[gazetteer["classification"].fillna("").str.startswith("R"), "uprn"].to_numpy()
    rng = np.random.default_rng(seed)
    removed = set(rng.choice(dwellings, size=int(len(dwellings) * share), replace=False))
    return gazetteer[~gazetteer["uprn"].isin(removed)].reset_index(drop=True), removed


def labelled_pairs(source: str, gz=None, sample: int | None = None, seed: int = 0, removed=()) -> pd.DataFrame:
    """Candidate pairs of a Thamesbury source (optionally a sample of its records) with features and labels.

    ``removed``: UPRNs taken out of the gazetteer ``gz``; records at those properties have no true candidate.
    """
    from bootcamp import load, load_truth

    gz = gz or prepare_gazetteer(load("gazetteer"))
    records = address_one_line(load(source))
    if sample is not None and sample < len(records):
        records = records.sample(sample, random_state=seed).sort_values("record_id").reset_index(drop=True)
    pairs = candidate_pairs(records, gz, parse_records(records))
    truth = load_truth(source)
    truth = truth.assign(uprn=truth["uprn"].where(~truth["uprn"].isin(set(removed))))
    pairs["label"] = label_pairs(pairs, truth).to_numpy()
    pairs.insert(0, "source", source)
    return pairs


def candidate_recall(pairs: pd.DataFrame, truth: pd.DataFrame) -> float:
    """Share of records with a true UPRN whose true UPRN is among their candidates (the ceiling of recall)."""
    require_frame(truth, "truth", ["record_id", "uprn"])
    known = truth[truth["uprn"].notna()]
    if known.empty:
        raise BootcampInputError("truth has no record with a true UPRN.")
    hits = set(zip(pairs["record_id"], pairs["uprn"]))
    return float(sum((r, u) in hits for r, u in zip(known["record_id"], known["uprn"])) / len(known))


def precision_recall_curve_records(pairs: pd.DataFrame, scores, truth: pd.DataFrame, margin: float = 0.0,
                                   thresholds=None) -> pd.DataFrame:
    """Record-level precision and recall of 'best candidate if score >= t and margin over the runner-up' for each t."""
    thresholds = np.round(np.linspace(0.0, 0.95, 20), 3) if thresholds is None else thresholds
    return operating_points(pairs, scores, truth, thresholds=thresholds, margins=(margin,))


def fit_logistic(pairs: pd.DataFrame, features=FEATURES, class_weight=None, C: float = 1.0):
    """A scikit-learn pipeline (standardise, then logistic regression) fitted on labelled pairs."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    require_frame(pairs, "pairs", list(features) + ["label"])
    if pairs["label"].nunique() < 2:
        raise BootcampInputError("pairs needs both matches (label 1) and non-matches (label 0) to learn from.")
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, class_weight=class_weight, max_iter=2000))
    return model.fit(pairs[list(features)].to_numpy(dtype=float), pairs["label"].to_numpy())


def fit_boosting(pairs: pd.DataFrame, features=FEATURES, seed: int = 0):
    """Gradient boosting (HistGradientBoostingClassifier) fitted on labelled pairs."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    require_frame(pairs, "pairs", list(features) + ["label"])
    model = HistGradientBoostingClassifier(max_iter=100, max_leaf_nodes=15, learning_rate=0.1, random_state=seed)
    with threadpool_limits(1):  # one thread: reproducible, and far quicker than two fighting on a shared machine
        return model.fit(pairs[list(features)].to_numpy(dtype=float), pairs["label"].to_numpy())


def export_logistic(pipeline, features=FEATURES) -> dict:
    """The fitted standardise-then-logistic pipeline as plain numbers (what ``model_score`` reads)."""
    scaler, lr = pipeline[0], pipeline[-1]
    scale = np.where(scaler.scale_ == 0, 1.0, scaler.scale_)
    return {"features": list(features), "mean": [round(float(v), 8) for v in scaler.mean_],
            "scale": [round(float(v), 8) for v in scale], "coef": [round(float(v), 8) for v in lr.coef_[0]],
            "intercept": round(float(lr.intercept_[0]), 8)}


def predictions(pairs: pd.DataFrame, scores, threshold: float, margin: float) -> pd.DataFrame:
    """One predicted UPRN (or none) per record from scored pairs, for address_match_metrics."""
    scored = pairs.assign(score=np.asarray(scores, dtype=float))
    best = best_candidates(scored)
    accepted = decide(best, threshold, margin)
    return pd.DataFrame({"record_id": best["record_id"], "uprn": best["uprn"].where(accepted, None)})


def operating_points(pairs: pd.DataFrame, scores, truth: pd.DataFrame, thresholds=None, margins=None) -> pd.DataFrame:
    """Record-level quality for a grid of thresholds and margins: precision and recall over records whose property
    is in the gazetteer; ``wrong``, how many of those were given another UPRN; ``not_in_gazetteer``, the records
    whose property is not in the gazetteer, ``not_in_gazetteer_matched``, how many of them were given a UPRN anyway,
    and ``wrong_match_rate``, that count as a share of them (it says nothing about the ``wrong`` matches)."""
    thresholds = np.round(np.arange(0.05, 1.0, 0.05), 2) if thresholds is None else thresholds
    margins = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5) if margins is None else margins
    scored = pairs.assign(score=np.asarray(scores, dtype=float))
    best = best_candidates(scored)
    all_records = truth[["record_id"]]
    rows = []
    for m in margins:
        for t in thresholds:
            accepted = decide(best, t, m)
            pred = all_records.merge(best.loc[accepted, ["record_id", "uprn"]], how="left")
            q = address_match_metrics(pred, truth)
            rows.append({"threshold": float(t), "margin": float(m), "precision": q["precision"],
                         "recall": q["recall"], "wrong": q["matched"] - q["correct"],
                         "not_in_gazetteer": q["records_without_true_uprn"],
                         "not_in_gazetteer_matched": q["wrongly_matched_without_true_uprn"],
                         "wrong_match_rate": q["wrong_match_rate_without_true_uprn"]})
    return pd.DataFrame(rows)


def choose_operating_point(points: pd.DataFrame, min_precision: float = MIN_PRECISION,
                           max_wrong_match: float = MAX_WRONG_MATCH) -> dict:
    """The threshold and margin with the most recall among those keeping precision at least ``min_precision`` and
    the wrong-match rate (records whose property is not in the gazetteer) at most ``max_wrong_match``."""
    ok = points[(points["precision"] >= min_precision) & (points["wrong_match_rate"] <= max_wrong_match)]
    if ok.empty:
        raise BootcampInputError(f"no threshold and margin reach precision {min_precision}.")
    best = ok.sort_values(["recall", "threshold", "margin"], ascending=[False, False, False]).iloc[0]
    return {"threshold": float(best["threshold"]), "margin": float(best["margin"])}


def train_shipped_model(sources=TRAIN_SOURCES, path=MODEL_PATH) -> dict:
    """Fit the pipeline's logistic regression on ``sources`` only, choose its operating point there, write JSON."""
    from bootcamp import load, load_truth

    gazetteer, removed = without_some_dwellings(load("gazetteer"))
    gz = prepare_gazetteer(gazetteer)
    pairs = pd.concat([labelled_pairs(s, gz, removed=removed) for s in sources], ignore_index=True)
    pipeline = fit_logistic(pairs)
    model = export_logistic(pipeline)
    truth = pd.concat([load_truth(s) for s in sources], ignore_index=True)
    truth["uprn"] = truth["uprn"].where(~truth["uprn"].isin(removed))
    key = pairs["source"] + "|" + pairs["record_id"]
    keyed = pairs.assign(record_id=key)
    truth = truth.assign(record_id=[f"{s}|{r}" for s, r in zip(
        np.repeat(list(sources), [len(load_truth(s)) for s in sources]), truth["record_id"])])
    keyed["record"] = pd.factorize(keyed["record_id"])[0]
    points = operating_points(keyed, model_score(keyed, model), truth)
    model.update(choose_operating_point(points))
    model["trained_on"] = list(sources)
    model["note"] = ("Logistic regression on pair features (solutions/address_features.py), trained by "
                     "`python -m solutions.address_ml` on the sources in trained_on only, against the gazetteer with "
                     f"{MISSING_SHARE:.0%} of its dwellings taken out (seed {MISSING_SEED}); threshold and margin chosen "
                     f"there for precision >= {MIN_PRECISION} and wrong matches <= {MAX_WRONG_MATCH} of the records "
                     "whose property was taken out. Measured on the held-out sources in the tests.")
    with open(path, "w") as f:
        json.dump(model, f, indent=1)
        f.write("\n")
    return model


def held_out_report(sources=HELD_OUT_SOURCES) -> pd.DataFrame:
    """The shipped pipeline's quality on each held-out source and pooled: precision, recall, recall over the records
    that can be resolved (see ``flat_not_identified``), and the wrong-match rate for properties not in the gazetteer."""
    from bootcamp import load, load_truth
    from solutions.addresses import flat_not_identified, match_addresses

    gazetteer = load("gazetteer")
    rows, pooled = {}, []
    for source in sources:
        records = address_one_line(load(source))
        truth = load_truth(source)
        predicted = match_addresses(records, gazetteer)
        flagged = flat_not_identified(records, truth, gazetteer)
        key = source + "|"
        pooled.append((predicted.assign(record_id=key + predicted["record_id"]),
                       truth.assign(record_id=key + truth["record_id"]),
                       truth.assign(record_id=key + truth["record_id"])[~flagged.to_numpy()]))
        rows[source] = _report_row(predicted, truth, truth[~flagged.to_numpy()])
    rows["all held-out"] = _report_row(*(pd.concat(parts, ignore_index=True) for parts in zip(*pooled)))
    report = pd.DataFrame(rows).T
    counts = ["records", "unresolvable", "not_in_gazetteer", "wrongly_matched"]
    return report.astype({c: int for c in counts})


def _report_row(predicted, truth, resolvable) -> dict:
    m = address_match_metrics(predicted, truth)
    return {"records": m["records"], "precision": round(float(m["precision"]), 4),
            "recall": round(float(m["recall"]), 4),
            "unresolvable": int(truth["uprn"].notna().sum() - resolvable["uprn"].notna().sum()),
            "recall_resolvable": round(float(address_match_metrics(predicted, resolvable)["recall"]), 4),
            "not_in_gazetteer": m["records_without_true_uprn"],
            "wrongly_matched": m["wrongly_matched_without_true_uprn"]}


# --- chapter A1: its data, its models and its measurements, computed once --------------------------------------------


@lru_cache(maxsize=1)
def gazetteer_prepared():
    """Thamesbury's gazetteer and its prepared look-ups (``prepare_gazetteer``)."""
    from bootcamp import load

    gazetteer = load("gazetteer")
    return gazetteer, prepare_gazetteer(gazetteer)


@lru_cache(maxsize=1)
def _training_pairs() -> pd.DataFrame:
    _, gz = gazetteer_prepared()
    return pd.concat([labelled_pairs(s, gz, sample=TRAIN_SAMPLE, seed=TRAIN_SEED) for s in TRAIN_SOURCES],
                     ignore_index=True)


def training_pairs() -> pd.DataFrame:
    """Labelled pairs of a sample of ``TRAIN_SAMPLE`` records from each training source (what A1's models learn)."""
    return _training_pairs().copy()


def _keyed(pairs: list, truths: list):
    pairs = pd.concat(pairs, ignore_index=True)
    pairs["record"] = pd.factorize(pairs["record_id"])[0]
    return pairs, pd.concat(truths, ignore_index=True)


@lru_cache(maxsize=1)
def _validation():
    from bootcamp import load, load_truth

    _, gz = gazetteer_prepared()
    used = set(_training_pairs()["record_id"])
    pairs, truths = [], []
    for source in TRAIN_SOURCES:
        records = address_one_line(load(source))
        unused = records[~records["record_id"].isin(used)]
        records = unused.sample(VALIDATION_SAMPLE, random_state=VALIDATION_SEED).sort_values("record_id")
        records = records.reset_index(drop=True)
        p = candidate_pairs(records, gz, parse_records(records))
        truth = load_truth(source)
        truth = truth[truth["record_id"].isin(set(records["record_id"]))]
        p["label"] = label_pairs(p, truth).to_numpy()
        p.insert(0, "source", source)
        p["record_id"] = source + "|" + p["record_id"]
        truths.append(truth.assign(record_id=source + "|" + truth["record_id"]))
        pairs.append(p)
    return _keyed(pairs, truths)


def validation_pairs() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labelled pairs of ``VALIDATION_SAMPLE`` further records of each training source (none of them in the training
    sample), and their truth; record IDs are prefixed by the source. A1 chooses its operating point here."""
    pairs, truth = _validation()
    return pairs.copy(), truth.copy()


@lru_cache(maxsize=1)
def _held_out():
    from bootcamp import load_truth

    _, gz = gazetteer_prepared()
    pairs, truths = [], []
    for source in HELD_OUT_SOURCES:
        p = labelled_pairs(source, gz)
        p["record_id"] = source + "|" + p["record_id"]
        truth = load_truth(source)
        truths.append(truth.assign(record_id=source + "|" + truth["record_id"]))
        pairs.append(p)
    return _keyed(pairs, truths)


def held_out() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Labelled pairs of every record of the four held-out sources, and their truth (record IDs prefixed by the
    source, so that they are unique)."""
    pairs, truth = _held_out()
    return pairs.copy(), truth.copy()


@lru_cache(maxsize=1)
def chapter_logistic():
    """A1's logistic regression, fitted on ``training_pairs()``."""
    return fit_logistic(_training_pairs())


def logistic_scores(pairs: pd.DataFrame):
    """A1's logistic regression's match probability for each pair, 0 where the two rules outside the model
    (``eligible``) rule the candidate out."""
    from solutions.address_features import eligible

    require_frame(pairs, "pairs", FEATURES)
    return chapter_logistic().predict_proba(pairs[FEATURES].to_numpy(dtype=float))[:, 1] * eligible(pairs).to_numpy()


def held_out_candidate_recall() -> float:
    """Share of held-out records with a true UPRN whose true UPRN is among their candidates (exercise a1-q1)."""
    pairs, truth = _held_out()
    return candidate_recall(pairs, truth)


@lru_cache(maxsize=1)
def _validation_points() -> pd.DataFrame:
    pairs, truth = _validation()
    return operating_points(pairs, logistic_scores(pairs), truth, thresholds=THRESHOLD_GRID, margins=MARGIN_GRID)


def validation_points() -> pd.DataFrame:
    """Precision and recall of A1's logistic regression on the validation records, for every threshold in
    ``THRESHOLD_GRID`` and margin in ``MARGIN_GRID``."""
    return _validation_points().copy()


def validation_quality(threshold: float, margin: float) -> dict:
    """Precision and recall of A1's logistic regression on the validation records at one threshold and margin."""
    pairs, truth = _validation()
    point = operating_points(pairs, _validation_scores(), truth, thresholds=[threshold], margins=[margin])
    return point.iloc[0][["precision", "recall"]].astype(float).to_dict()


@lru_cache(maxsize=1)
def _validation_scores():
    pairs, _ = _validation()
    return logistic_scores(pairs)


@lru_cache(maxsize=1)
def _held_out_scores():
    pairs, _ = _held_out()
    return logistic_scores(pairs)


def quality_at(threshold: float, margin: float = 0.1) -> dict:
    """Precision and recall of A1's logistic regression on the held-out sources at one threshold and margin."""
    pairs, truth = _held_out()
    point = operating_points(pairs, _held_out_scores(), truth, thresholds=[threshold], margins=[margin])
    return point.iloc[0][["precision", "recall"]].astype(float).to_dict()


def chosen_on_validation(min_precision: float = CHAPTER_MIN_PRECISION) -> tuple[float, float]:
    """Exercise a1-q5: the (threshold, margin) with the most recall on the validation records among those keeping
    precision at least ``min_precision`` there (ties: the higher threshold, then the higher margin)."""
    points = validation_points()
    ok = points[points["precision"] >= min_precision]
    best = ok.sort_values(["recall", "threshold", "margin"], ascending=[False, False, False], kind="mergesort")
    row = best.iloc[0]
    return float(row["threshold"]), float(row["margin"])


def judge_operating_point(answer, min_precision: float = CHAPTER_MIN_PRECISION) -> str | None:
    """None when ``answer`` (a ``(threshold, margin)`` pair) keeps precision at least ``min_precision`` on the
    validation records and reaches the most recall any point of the grid reaches there; otherwise why not."""
    if isinstance(answer, dict) and {"threshold", "margin"} <= set(answer):
        answer = (answer["threshold"], answer["margin"])
    numbers = (int, float, np.integer, np.floating)
    if not (isinstance(answer, (tuple, list)) and len(answer) == 2 and
            all(isinstance(v, numbers) and not isinstance(v, (bool, np.bool_)) for v in answer)):
        return "expected a pair of numbers, (threshold, margin), e.g. (0.7, 0.1)"
    threshold, margin = (float(v) for v in answer)
    if not (0 <= threshold <= 1 and 0 <= margin <= 1):
        return "a threshold and a margin both run from 0 to 1"
    got = validation_quality(threshold, margin)
    best_recall = validation_quality(*chosen_on_validation(min_precision))["recall"]
    if got["precision"] < min_precision:
        return (f"on the validation records, ({threshold}, {margin}) gives precision {got['precision']:.4f}, below "
                f"{min_precision}: too many wrong matches")
    if got["recall"] < best_recall - 1e-12:
        return (f"precision is fine ({got['precision']:.4f}), but recall on the validation records is "
                f"{got['recall']:.4f} where another row of val_points (validation_points()) keeps the precision "
                f"and reaches {best_recall:.4f}")
    return None


@lru_cache(maxsize=1)
def _shipped_predictions() -> pd.DataFrame:
    from solutions.addresses import load_model

    pairs, truth = _held_out()
    gazetteer, _ = gazetteer_prepared()
    model = load_model()
    preds = predictions(pairs, model_score(pairs), model["threshold"], model["margin"])
    out = truth.merge(preds, on="record_id", how="left", suffixes=("_true", "_pred"))
    out["classification"] = out["uprn_true"].map(dict(zip(gazetteer["uprn"], gazetteer["classification"])))
    return out


def shipped_predictions() -> pd.DataFrame:
    """The shipped pipeline's answer for every held-out record: ``record_id, uprn_true, uprn_pred`` and the
    gazetteer classification of the true UPRN (missing when the property is not in the gazetteer)."""
    return _shipped_predictions().copy()


def flat_recall() -> float:
    """Exercise a1-q6: the shipped pipeline's recall over held-out records whose true address is a flat (RD06);
    an unmatched record counts as a miss."""
    out = _shipped_predictions()
    flats = out[out["classification"].eq("RD06")]
    return float((flats["uprn_pred"] == flats["uprn_true"]).mean())


def honest_split() -> str:
    """Exercise a1-q3: the split that estimates quality on a source the model has never seen."""
    return "hold out whole sources"


if __name__ == "__main__":  # pragma: no cover
    import sys

    if "--report" in sys.argv:  # python -m solutions.address_ml --report
        print(held_out_report().to_string())
    else:  # python -m solutions.address_ml  (retrain and rewrite address_model.json)
        print(json.dumps(train_shipped_model(), indent=1))
