"""P4's exercises accept the reference answers and reject the mistakes learners really make."""

import pandas as pd

from bootcamp.chapters import p4
from solutions import service_demand
from tests.exercise_checks import exercise_tests


def _rows_not_people(residents):  # a person listed twice is counted twice
    age = pd.to_numeric(residents["age"])
    g = residents.assign(o=(age >= 75).astype(int), d=pd.to_numeric(residents["disability"])).groupby("household_id")
    return pd.DataFrame({"household_size": g.size(), "over_75s": g["o"].sum(), "any_disability": g["d"].max()}
                        ).astype(int).reset_index()


def _over_75_strict(residents):  # > 75 leaves out people aged exactly 75
    people = residents.drop_duplicates("person_id")
    age = pd.to_numeric(people["age"])
    g = people.assign(o=(age > 75).astype(int), d=pd.to_numeric(people["disability"])).groupby("household_id")
    return pd.DataFrame({"household_size": g.size(), "over_75s": g["o"].sum(), "any_disability": g["d"].max()}
                        ).astype(int).reset_index()


def _disability_count(residents):  # counts disabled people instead of flagging the household
    people = residents.drop_duplicates("person_id")
    age = pd.to_numeric(people["age"])
    g = people.assign(o=(age >= 75).astype(int), d=pd.to_numeric(people["disability"])).groupby("household_id")
    return pd.DataFrame({"household_size": g.size(), "over_75s": g["o"].sum(), "any_disability": g["d"].sum()}
                        ).astype(int).reset_index()


def _test_rates(train, test, target="care"):  # leaks the test set's answers into the prediction
    return test["age_band"].map(test.groupby("age_band")[target].mean())


def _prevalence(train, test, target="care"):
    return pd.Series(train[target].mean(), index=test.index)


def _unseen_zero(train, test, target="care"):
    return test["age_band"].map(train.groupby("age_band")[target].mean()).fillna(0.0)


def _count_above_half(predictions, probability="probability", ward="ward"):
    return (predictions[probability] >= 0.5).groupby(predictions[ward]).sum().astype(float)


def _mean(predictions, probability="probability", ward="ward"):
    return predictions.groupby(ward)[probability].mean()


def _unsorted(predictions, probability="probability", ward="ward"):
    return predictions.groupby(ward, sort=False)[probability].sum()


WRONG = {
    "p4-q1": [_rows_not_people, _over_75_strict, _disability_count],
    "p4-q2": [_test_rates, _prevalence, _unseen_zero],
    "p4-q3": [_count_above_half, _mean, _unsorted],
    "p4-q4": [sorted(p4.STATEMENTS), ["older", "ward_totals"], ["older", "ward_totals", "undercount", "causes"],
              ["older", "ward_totals", "undercount", "fair"], "older"],
}

test_reference, test_wrong, test_stub = exercise_tests(p4, WRONG)
