"""Reference answers for chapter P4, Predicting service demand: features from linked data, an honest model, and what
linkage errors do to it.

The steps, in the order chapter P4 teaches them:

1. :func:`household_features` and :func:`person_features` turn a list of residents and the flags that linkage gives
   them (a care record, a housing benefit claim, a place on the shielding list) into one row per adult, with
   household and ward features beside the person's own.
2. :func:`household_split` keeps households whole on one side of a train/test split; :func:`age_band_baseline` is
   the baseline to beat; :func:`fit_care_model` a logistic regression (scikit-learn); :func:`scores` and
   :func:`calibration_table` evaluate it; :func:`odds_ratios` reads it.
3. :func:`ward_demand`: expected numbers per ward are sums of probabilities, not counts of people above 0.5.
4. :func:`thamesbury_flags` and :func:`thamesbury_dataset` build the same features twice on Thamesbury, once from
   the truth tables and once from the course's own linkage (``solutions.match_key_cascade``), so the chapter can
   compare the two models.

Only the two ``thamesbury_`` functions know about Thamesbury's files; the others work on any table with the named
columns.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame

SEED = 20260331
AGE_BANDS = [(18, 49, "18–49"), (50, 64, "50–64"), (65, 74, "65–74"), (75, 84, "75–84"), (85, 200, "85+")]
FEATURES = ["age_50_64", "age_65_74", "age_75_84", "age_85_plus", "female", "disability", "shielding",
            "household_benefit", "lives_alone", "household_size"]
FLAG_SOURCES = {"adult_social_care": "care_record", "housing_benefit": "benefit_claim", "shielding_list": "shielding"}


# --- 1. features --------------------------------------------------------------------------------------------------


def age_band(ages) -> pd.Series:
    """Adult ages in the bands 18–49, 50–64, 65–74, 75–84, 85+ (anything else missing)."""
    ages = pd.to_numeric(pd.Series(ages), errors="coerce")
    out = pd.Series(pd.NA, index=ages.index, dtype="object")
    for low, high, label in AGE_BANDS:
        out[(ages >= low) & (ages <= high)] = label
    return out


def household_features(residents: pd.DataFrame) -> pd.DataFrame:
    """One row per household: ``household_id, household_size, over_75s, any_disability``.

    ``residents`` has one row per person (children included: they count in the household's size) with
    ``person_id, household_id, age, disability`` (0/1). A person listed twice is counted once.
    """
    require_frame(residents, "residents", ["person_id", "household_id", "age", "disability"])
    people = residents.drop_duplicates("person_id")
    age = pd.to_numeric(people["age"], errors="coerce")
    disability = pd.to_numeric(people["disability"], errors="coerce").fillna(0)
    grouped = pd.DataFrame({"household_id": people["household_id"], "over_75": (age >= 75).astype(int),
                            "disability": (disability > 0).astype(int)}).groupby("household_id", sort=True)
    out = pd.DataFrame({"household_size": grouped.size(), "over_75s": grouped["over_75"].sum(),
                        "any_disability": grouped["disability"].max()})
    return out.astype(int).reset_index()


def person_features(residents: pd.DataFrame, flags: Mapping[str, set], min_age: int = 18) -> pd.DataFrame:
    """One row per adult: the model's features, the ward, and the flags linkage gave them.

    ``residents`` has ``person_id, household_id, age, sex, disability, ward`` for everyone (children count in their
    household). ``flags`` maps ``care_record``, ``benefit_claim`` and ``shielding`` to the set of person IDs that
    linkage found on adult social care, housing benefit and the shielding list. The care record is the *target*;
    a benefit claim counts for the whole household (the claimant's partner is on benefits too).
    """
    require_frame(residents, "residents", ["person_id", "household_id", "age", "sex", "disability", "ward"])
    missing = [k for k in ("care_record", "benefit_claim", "shielding") if k not in flags]
    if missing:
        raise BootcampInputError(f"flags is missing {missing}; it needs care_record, benefit_claim and shielding.")
    people = residents.drop_duplicates("person_id").reset_index(drop=True)
    households = household_features(people).set_index("household_id")
    age = pd.to_numeric(people["age"], errors="coerce")
    claimed = people.loc[people["person_id"].isin(flags["benefit_claim"]), "household_id"]
    out = pd.DataFrame({
        "person_id": people["person_id"], "household_id": people["household_id"], "ward": people["ward"],
        "age": age, "age_band": age_band(age),
    })
    for low, high, label in AGE_BANDS[1:]:
        out["age_" + label.replace("–", "_").replace("+", "_plus")] = ((age >= low) & (age <= high)).astype(int)
    out["female"] = (people["sex"].astype(str).str.upper().str[:1] == "F").astype(int)
    out["disability"] = (pd.to_numeric(people["disability"], errors="coerce").fillna(0) > 0).astype(int)
    out["shielding"] = people["person_id"].isin(flags["shielding"]).astype(int)
    out["household_benefit"] = people["household_id"].isin(set(claimed)).astype(int)
    out["household_size"] = people["household_id"].map(households["household_size"]).astype(int)
    out["lives_alone"] = (out["household_size"] == 1).astype(int)
    out["care"] = people["person_id"].isin(flags["care_record"]).astype(int)
    return out[age >= min_age].reset_index(drop=True)


# --- 2. an honest model -------------------------------------------------------------------------------------------


def household_split(frame: pd.DataFrame, test_size: float = 0.3, seed: int = SEED) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Train and test sets with every household wholly on one side (people in one household share features and
    often share care, so splitting them would leak the answer into training)."""
    from sklearn.model_selection import GroupShuffleSplit

    require_frame(frame, "frame", ["household_id"])
    if not 0 < test_size < 1:
        raise BootcampInputError(f"test_size must be between 0 and 1, not {test_size!r}.")
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=seed)
    train_rows, test_rows = next(splitter.split(frame, groups=frame["household_id"]))
    return frame.iloc[train_rows].reset_index(drop=True), frame.iloc[test_rows].reset_index(drop=True)


def age_band_baseline(train: pd.DataFrame, test: pd.DataFrame, target: str = "care") -> pd.Series:
    """The baseline to beat: each test person gets the share of the *training* people in their age band with the
    target (the training share overall for a band training never saw). Nothing from the test set is used."""
    require_frame(train, "train", ["age_band", target])
    require_frame(test, "test", ["age_band"])
    rates = train.groupby("age_band")[target].mean()
    overall = float(train[target].mean())
    return test["age_band"].map(rates).astype(float).fillna(overall).rename("baseline")


def _check_features(frame: pd.DataFrame, features: Sequence[str], name: str) -> None:
    require_frame(frame, name, list(features))
    bad = [f for f in features if not pd.api.types.is_numeric_dtype(frame[f])]
    if bad:
        raise BootcampInputError(f"{name}: feature column(s) {bad} must be numeric.")


def fit_care_model(train: pd.DataFrame, features: Sequence[str] = FEATURES, target: str = "care"):
    """A logistic regression of ``target`` on ``features`` (scikit-learn, lightly regularised, fixed seed)."""
    from sklearn.linear_model import LogisticRegression

    features = list(features)
    _check_features(train, features, "train")
    require_frame(train, "train", [target])
    if train[target].nunique() < 2:
        raise BootcampInputError(f"train[{target!r}] has only one class: nothing to learn.")
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)
    model.fit(train[features].to_numpy(float), train[target].to_numpy(int))
    model.feature_names = features
    return model


def predict(model, frame: pd.DataFrame) -> pd.Series:
    """The model's probability of the target for each row of ``frame``."""
    _check_features(frame, model.feature_names, "frame")
    return pd.Series(model.predict_proba(frame[model.feature_names].to_numpy(float))[:, 1], index=frame.index,
                     name="probability")


def odds_ratios(model) -> pd.Series:
    """exp(coefficient) per feature: how the odds of the target change with the feature, others held fixed.

    An association in this population, not an effect: the model says nothing about what would happen if a feature
    were changed."""
    return pd.Series(np.exp(model.coef_[0]), index=model.feature_names, name="odds_ratio").round(2)


def scores(y_true, probabilities) -> dict:
    """AUC (ranking), Brier score (accuracy of the probabilities), and the expected and observed totals."""
    from sklearn.metrics import brier_score_loss, roc_auc_score

    y = np.asarray(y_true, dtype=int)
    p = np.asarray(probabilities, dtype=float)
    if y.shape != p.shape or y.size == 0:
        raise BootcampInputError(f"y_true and probabilities must be the same non-zero length ({y.size} vs {p.size}).")
    return {"auc": round(float(roc_auc_score(y, p)), 3), "brier": round(float(brier_score_loss(y, p)), 4),
            "expected": round(float(p.sum()), 1), "observed": int(y.sum())}


def calibration_table(y_true, probabilities, bins: int = 8) -> pd.DataFrame:
    """Predicted against observed rates in bins of equal size (by predicted probability): ``bin, people,
    mean_predicted, observed_rate``. A calibrated model has the two rates close in every bin."""
    y = pd.Series(np.asarray(y_true, dtype=int))
    p = pd.Series(np.asarray(probabilities, dtype=float))
    if len(y) != len(p) or len(y) < bins:
        raise BootcampInputError(f"need at least {bins} predictions, as many as outcomes.")
    order = p.rank(method="first")
    groups = pd.qcut(order, bins, labels=False)
    table = pd.DataFrame({"people": y.groupby(groups).size(), "mean_predicted": p.groupby(groups).mean(),
                          "observed_rate": y.groupby(groups).mean()})
    table.index = pd.RangeIndex(1, bins + 1, name="bin")
    return table.round({"mean_predicted": 4, "observed_rate": 4}).reset_index()


# The statements of chapter P4's last exercise that its evidence supports (the others claim causes, predictions for
# named people, or errors that fall at random).
SUPPORTED_STATEMENTS = ("older", "ward_totals", "undercount")


def supported_statements() -> list[str]:
    """The keys of the statements about the care model that chapter P4's evidence supports (answer to P4 q4)."""
    return sorted(SUPPORTED_STATEMENTS)


# --- 3. demand by ward --------------------------------------------------------------------------------------------


def ward_demand(predictions: pd.DataFrame, probability: str = "probability", ward: str = "ward") -> pd.Series:
    """Expected number of people with the need in each ward: the sum of their probabilities (sorted by ward).

    Summing probabilities is right: 100 people with a 10 % chance each are about 10 people. Counting people above
    0.5 is wrong: on Thamesbury it gives a few dozen adults against about 700 care clients, because almost nobody's
    chance is above a half.
    """
    require_frame(predictions, "predictions", [ward, probability])
    return predictions.groupby(ward, sort=True)[probability].sum().rename("expected")


# --- 4. Thamesbury: the same features from truth and from the course's linkage ---------------------------------------


def resident_list(people: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The residents with their ward (from the gazetteer) and numeric flags, one row per person."""
    require_frame(people, "people", ["person_id", "household_id", "age", "sex", "disability", "uprn"])
    require_frame(gazetteer, "gazetteer", ["uprn", "ward"])
    out = people.copy()
    out["ward"] = out["uprn"].map(gazetteer.set_index("uprn")["ward"])
    for column in ("age", "disability", "receives_care", "benefits", "clinically_extremely_vulnerable"):
        if column in out.columns:
            out[column] = pd.to_numeric(out[column], errors="coerce")
    return out


def resident_records(residents: pd.DataFrame, gazetteer: pd.DataFrame, min_age: int = 18) -> pd.DataFrame:
    """The adult residents in the standard person record, to link service records to: names, date of birth, sex,
    address and postcode from the gazetteer. No NHS number: a council's own resident list does not hold one."""
    from solutions.addresses import gazetteer_one_line

    require_frame(residents, "residents", ["person_id", "first_name", "middle_name", "last_name", "dob", "sex",
                                           "uprn", "age"])
    adults = residents[pd.to_numeric(residents["age"], errors="coerce") >= min_age]
    lines = gazetteer_one_line(gazetteer)
    postcodes = gazetteer.set_index("uprn")["postcode"]
    return pd.DataFrame({
        "record_id": adults["person_id"].to_numpy(), "source": "residents",
        "first_name": adults["first_name"].to_numpy(), "middle_name": adults["middle_name"].to_numpy(),
        "last_name": adults["last_name"].to_numpy(), "dob": adults["dob"].to_numpy(), "sex": adults["sex"].to_numpy(),
        "address": adults["uprn"].map(lines).to_numpy(), "postcode": adults["uprn"].map(postcodes).to_numpy(),
        "uprn": adults["uprn"].to_numpy(), "nhs_number": None,
    })


@functools.lru_cache(maxsize=2)
def _flags(linkage: str) -> tuple:
    from bootcamp import load, load_truth

    people, gazetteer = load_truth("people"), load("gazetteer")
    residents = resident_list(people, gazetteer)
    if linkage == "truth":
        flags = {name: frozenset(load_truth(source)["person_id"]) for source, name in FLAG_SOURCES.items()}
        return residents, flags, None
    from solutions.deterministic import match_key_cascade
    from solutions.standard_record import standardise

    spine = resident_records(residents, gazetteer)
    flags, links = {}, {}
    for source, name in FLAG_SOURCES.items():
        matches = match_key_cascade(spine, standardise(source, load(source)))
        links[source] = matches
        flags[name] = frozenset(matches["left_id"])
    return residents, flags, links


def thamesbury_flags(linkage: str = "truth") -> tuple[pd.DataFrame, dict, dict | None]:
    """Thamesbury's residents and the flags linkage gives them: from the truth tables (``"truth"``) or from
    ``match_key_cascade`` of each service's records against the adult resident list (``"cascade"``).

    Returns ``(residents, flags, links)``; ``links`` holds the cascade's matches per source (``None`` for truth).
    Computed once per session and shared (copies are returned).
    """
    if linkage not in ("truth", "cascade"):
        raise BootcampInputError(f"linkage must be 'truth' or 'cascade', not {linkage!r}.")
    residents, flags, links = _flags(linkage)
    return residents.copy(), {k: set(v) for k, v in flags.items()}, (
        {k: v.copy() for k, v in links.items()} if links is not None else None)


def thamesbury_dataset(linkage: str = "truth") -> pd.DataFrame:
    """One row per Thamesbury adult with the model's features built from ``linkage``'s flags, and ``care``, the
    target: with ``"truth"`` the truth's ``receives_care``; with ``"cascade"`` whether the cascade linked the person
    to an adult social care record (what a council would know)."""
    residents, flags, _ = thamesbury_flags(linkage)
    frame = person_features(residents, flags)
    if linkage == "truth":
        frame["care"] = frame["person_id"].map(residents.set_index("person_id")["receives_care"]).astype(int)
    return frame
