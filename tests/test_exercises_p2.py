"""P2's exercises accept their reference answers and reject the mistakes learners really make."""

import pandas as pd

from bootcamp.chapters import p2
from tests.exercise_checks import exercise_tests


# --- q1: composition ------------------------------------------------------------------------------------------------------

def _composition(people, on_date, age, over=75):
    known = people[people["uprn"].notna()]
    a = age(known, on_date)
    out = pd.DataFrame({"uprn": known["uprn"].to_numpy(), "people": 1, "adults": (a >= 18).astype(int).to_numpy(),
                        "children": (a < 18).astype(int).to_numpy(), "over_75": (a >= over).astype(int).to_numpy(),
                        "unknown_age": a.isna().astype(int).to_numpy()})
    return out.groupby("uprn").sum().reset_index()


def _year_difference(known, on_date):
    return pd.Timestamp(on_date).year - pd.to_datetime(known["dob"]).dt.year


def _true_age(known, on_date):
    born, day = pd.to_datetime(known["dob"]), pd.Timestamp(on_date)
    before = (born.dt.month > day.month) | ((born.dt.month == day.month) & (born.dt.day > day.day))
    return day.year - born.dt.year - before.astype(int)


def composition_year_difference(people, on_date):  # age as a difference of years: birthdays ignored
    return _composition(people, on_date, _year_difference)


def composition_over_75_strict(people, on_date):  # "over 75" read as older than 75, so 75-year-olds are missed
    return _composition(people, on_date, _true_age, over=76)


def composition_keeps_no_uprn(people, on_date):  # people with no address become a household of their own
    return _composition(people.fillna({"uprn": "unknown"}), on_date, _true_age)


# --- q2: over-count check -----------------------------------------------------------------------------------------------

def overcount_flats(households, gazetteer):  # flags the flats (parent_uprn filled in), not the shells
    flats = set(gazetteer.loc[gazetteer["parent_uprn"].notna(), "uprn"])
    return households[households["uprn"].isin(flats)].sort_values("people", ascending=False).reset_index(drop=True)


def overcount_big(households, gazetteer):  # flags any big household, whatever the address is
    return households[households["people"] >= 10].sort_values("people", ascending=False).reset_index(drop=True)


# --- q3: within households ---------------------------------------------------------------------------------------------

def within_not_unique(left, right, on):  # every pair that agrees: twins and namesakes both matched
    merged = left.dropna(subset=["household", *on]).merge(right.dropna(subset=["household", *on]),
                                                          on=["household", *on], suffixes=("_l", "_r"))
    out = merged.rename(columns={"record_id_l": "left_id", "record_id_r": "right_id"})[["left_id", "right_id"]]
    return out.sort_values(["left_id", "right_id"], ignore_index=True)


def within_ignoring_household(left, right, on):  # matches on the first name anywhere in the borough
    lk, rk = left.dropna(subset=on), right.dropna(subset=on)
    lk, rk = lk[~lk.duplicated(on, keep=False)], rk[~rk.duplicated(on, keep=False)]
    merged = lk.merge(rk, on=on, suffixes=("_l", "_r"))
    out = merged.rename(columns={"record_id_l": "left_id", "record_id_r": "right_id"})[["left_id", "right_id"]]
    return out.sort_values(["left_id", "right_id"], ignore_index=True)


def within_keep_first(left, right, on):  # drop_duplicates keeps the first JOHN instead of refusing to choose
    keys = ["household", *on]
    lk = left.dropna(subset=keys).drop_duplicates(keys)
    rk = right.dropna(subset=keys).drop_duplicates(keys)
    merged = lk.merge(rk, on=keys, suffixes=("_l", "_r"))
    out = merged.rename(columns={"record_id_l": "left_id", "record_id_r": "right_id"})[["left_id", "right_id"]]
    return out.sort_values(["left_id", "right_id"], ignore_index=True)


# --- q4: same person or same household ------------------------------------------------------------------------------------

def classify_names_only(a, b):  # same names means same person: the namesake father and son merged
    same = (a["first_name"].upper() == b["first_name"].upper()) and (a["last_name"].upper() == b["last_name"].upper())
    return "same person" if same else "same household"


def classify_exact_dob(a, b):  # no allowance for a day/month swap, and case-sensitive names
    if a.get("dob") and b.get("dob"):
        if a["dob"] != b["dob"]:
            return "same household"
        return "same person" if a["first_name"][0] == b["first_name"][0] else "same household"
    return "cannot tell" if a["first_name"] == b["first_name"] else "same household"


def classify_dob_only(a, b):  # same date of birth means same person: twins merged
    if a.get("dob") and b.get("dob"):
        return "same person" if a["dob"] == b["dob"] else "same household"
    return "cannot tell"


WRONG = {
    "p2-q1": [composition_year_difference, composition_over_75_strict, composition_keeps_no_uprn],
    "p2-q2": [overcount_flats, overcount_big],
    "p2-q3": [within_not_unique, within_ignoring_household, within_keep_first],
    "p2-q4": [classify_names_only, classify_exact_dob, classify_dob_only],
}

test_reference, test_wrong, test_stub = exercise_tests(p2, WRONG)
