"""Unit tests of solutions.service_demand (chapter P4): features, split, baseline, model, scores, calibration and
ward demand, with clear errors on bad input."""

import numpy as np
import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import service_demand as sd


def _residents():
    return pd.DataFrame({
        "person_id": ["P1", "P2", "P3", "P4", "P5"],
        "household_id": ["H1", "H1", "H1", "H2", "H3"],
        "age": ["80", "45", "10", "30", "90"],
        "sex": ["F", "M", "F", "M", "F"],
        "disability": ["1", "0", "0", "0", "1"],
        "ward": ["A", "A", "A", "B", "B"],
    })


def test_age_band():
    assert sd.age_band([18, 49, 50, 64, 65, 84, 85, 17]).tolist()[:7] == [
        "18–49", "18–49", "50–64", "50–64", "65–74", "75–84", "85+"]
    assert pd.isna(sd.age_band([17]).iloc[0])


def test_household_features():
    out = sd.household_features(_residents()).set_index("household_id")
    assert out.loc["H1"].tolist() == [3, 1, 1]
    assert out.loc["H2"].tolist() == [1, 0, 0]


def test_household_features_names_missing_column():
    with pytest.raises(BootcampInputError, match="'disability'"):
        sd.household_features(_residents().drop(columns="disability"))


def test_person_features_adults_flags_and_household_benefit():
    flags = {"care_record": {"P5"}, "benefit_claim": {"P2"}, "shielding": {"P1"}}
    out = sd.person_features(_residents(), flags).set_index("person_id")
    assert list(out.index) == ["P1", "P2", "P4", "P5"]  # the child counts in H1's size but is not a row
    assert out.loc["P1", "household_size"] == 3
    assert out.loc["P1", "household_benefit"] == 1  # partner's claim covers the household
    assert out.loc["P1", "shielding"] == 1 and out.loc["P1", "age_75_84"] == 1
    assert out.loc["P5", ["care", "age_85_plus", "lives_alone", "female"]].tolist() == [1, 1, 1, 1]
    assert set(sd.FEATURES) <= set(out.columns)


def test_person_features_needs_every_flag():
    with pytest.raises(BootcampInputError, match="shielding"):
        sd.person_features(_residents(), {"care_record": set(), "benefit_claim": set()})


def test_household_split_keeps_households_whole():
    frame = pd.DataFrame({"household_id": [f"H{i // 3}" for i in range(300)], "x": range(300)})
    train, test = sd.household_split(frame, test_size=0.3)
    assert not set(train["household_id"]) & set(test["household_id"])
    assert len(train) + len(test) == 300
    with pytest.raises(BootcampInputError):
        sd.household_split(frame, test_size=1.5)


def test_baseline_uses_training_rates_only():
    train = pd.DataFrame({"age_band": ["a", "a", "b"], "care": [1, 0, 1]})
    test = pd.DataFrame({"age_band": ["a", "b", "c"], "care": [0, 0, 0]})
    assert sd.age_band_baseline(train, test).tolist() == [0.5, 1.0, pytest.approx(2 / 3)]


def _synthetic(n=2000, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f: rng.integers(0, 2, n) for f in sd.FEATURES})
    frame["household_size"] = rng.integers(1, 6, n)
    logit = -3 + 2.5 * frame["age_85_plus"] + 1.0 * frame["disability"]
    frame["care"] = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return frame


def test_model_learns_a_strong_association_and_scores():
    frame = _synthetic()
    model = sd.fit_care_model(frame)
    ratios = sd.odds_ratios(model)
    assert ratios["age_85_plus"] > 5 and ratios["disability"] > 1.5
    p = sd.predict(model, frame)
    result = sd.scores(frame["care"], p)
    assert result["auc"] > 0.6 and 0 < result["brier"] < 0.25
    assert abs(result["expected"] - result["observed"]) < 0.05 * len(frame)  # logistic regression is calibrated in total


def test_model_errors():
    frame = _synthetic()
    with pytest.raises(BootcampInputError, match="one class"):
        sd.fit_care_model(frame.assign(care=0))
    with pytest.raises(BootcampInputError, match="numeric"):
        sd.fit_care_model(frame.assign(female="yes"))
    with pytest.raises(BootcampInputError, match="same non-zero length"):
        sd.scores([0, 1], [0.5])


def test_calibration_table():
    y = [0, 0, 1, 1] * 10
    p = [0.1, 0.2, 0.8, 0.9] * 10
    table = sd.calibration_table(y, p, bins=4)
    assert table["people"].sum() == 40 and len(table) == 4
    assert table["mean_predicted"].is_monotonic_increasing
    with pytest.raises(BootcampInputError):
        sd.calibration_table([0, 1], [0.5, 0.5], bins=4)


def test_ward_demand_sums_probabilities():
    frame = pd.DataFrame({"ward": ["B", "A", "B"], "probability": [0.2, 0.1, 0.3]})
    out = sd.ward_demand(frame)
    assert out.index.tolist() == ["A", "B"] and out.tolist() == [pytest.approx(0.1), pytest.approx(0.5)]
    with pytest.raises(BootcampInputError, match="'ward'"):
        sd.ward_demand(frame.drop(columns="ward"))


def test_thamesbury_flags_rejects_unknown_linkage():
    with pytest.raises(BootcampInputError, match="truth"):
        sd.thamesbury_flags("splink")


def test_resident_records_are_standard_and_adult():
    gaz = pd.DataFrame({"uprn": ["U1"], "saon": [None], "paon": ["1"], "street": ["HIGH STREET"], "locality": [None],
                        "town": ["LONDON"], "postcode": ["TB1 1AA"], "ward": ["A"]})
    residents = pd.DataFrame({"person_id": ["P1", "P2"], "first_name": ["ANN", "BO"], "middle_name": [None, None],
                              "last_name": ["LEE", "LEE"], "dob": ["1950-01-01", "2015-01-01"], "sex": ["F", "M"],
                              "uprn": ["U1", "U1"], "age": [76, 11]})
    out = sd.resident_records(residents, gaz)
    assert out["record_id"].tolist() == ["P1"]
    assert out.loc[0, "address"] == "1, HIGH STREET, LONDON" and out.loc[0, "postcode"] == "TB1 1AA"
    assert out["nhs_number"].isna().all()
