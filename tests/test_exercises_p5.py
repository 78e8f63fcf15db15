"""P5's exercises accept the reference answers and reject the mistakes learners really make."""


import pandas as pd

from bootcamp.chapters import p5
from solutions import cleaning, postcodes
from solutions.standard_record import STANDARD_COLUMNS, standardise_frame
from tests.exercise_checks import exercise_tests


def _no_cleaning(raw):                       # columns renamed, values left as received
    out = pd.DataFrame({"record_id": raw["member_no"], "source": "library_members"})
    words = raw["full_name"].fillna("").str.split()
    out["first_name"] = words.str[0]
    out["middle_name"] = None
    out["last_name"] = words.str[-1]
    out["dob"], out["sex"] = raw["date_of_birth"], raw["gender"]
    out["address"], out["postcode"] = raw["street_address"], raw["post_code"]
    out["uprn"] = out["nhs_number"] = None
    return out[STANDARD_COLUMNS]


def _surname_is_the_rest(raw):              # "AMA SERWAA MENSAH" → first AMA, surname "SERWAA MENSAH"
    out = standardise_frame(raw, "library_members", record_id="member_no", first_name="full_name",
                            dob="date_of_birth", sex="gender", address=["street_address", "town"],
                            postcode="post_code")
    rest = out["middle_name"]
    out["last_name"] = rest
    out["middle_name"] = None
    return out


def _month_first(raw):                       # reads 01/02/2003 the US way
    return standardise_frame(raw, "library_members", record_id="member_no", full_name="full_name",
                             dob="date_of_birth", dayfirst=False, sex="gender", address=["street_address", "town"],
                             postcode="post_code")


def _drops_incomplete_rows(raw):             # "clean" by dropping members without a name
    return standardise_frame(raw.dropna(subset=["full_name"]), "library_members", record_id="member_no",
                             full_name="full_name", dob="date_of_birth", sex="gender",
                             address=["street_address", "town"], postcode="post_code")


def _structure_only(frame):                  # checks the columns and nothing else
    return set() if list(frame.columns) == STANDARD_COLUMNS else {"columns"}


def _formats_without_junk_or_checksums(frame):   # regexes only: no junk rule, no check digit, no future dates
    found = set() if list(frame.columns) == STANDARD_COLUMNS else {"columns"}
    rules = {"dob": r"\d{4}-\d{2}-\d{2}", "sex": r"[MF]", "postcode": postcodes.POSTCODE_PATTERN,
             "nhs_number": r"\d{10}", "first_name": r"[A-Z][A-Z' -]*", "last_name": r"[A-Z][A-Z' -]*"}
    for column, pattern in rules.items():
        if column in frame and not frame[column].dropna().astype(str).str.fullmatch(pattern).all():
            found.add(column)
    return found


def _missing_counts_as_broken(frame):        # treats every missing value as a broken rule
    found = set() if list(frame.columns) == STANDARD_COLUMNS else {"columns"}
    return found | {c for c in frame.columns if frame[c].isna().any()}


WRONG = {
    "p5-q1": [0, 69, 51, "60"],
    "p5-q2": [_no_cleaning, _surname_is_the_rest, _month_first, _drops_incomplete_rows],
    "p5-q3": ["postcode", "first_name", "ADDRESS", "uprn"],
    "p5-q4": [_structure_only, _formats_without_junk_or_checksums, _missing_counts_as_broken],
}

test_reference, test_wrong, test_stub = exercise_tests(p5, WRONG)


def test_the_library_cases_are_awkward_enough():
    # a title, an accent, a middle name, a US-ambiguous date, junk, an empty row, an impossible date
    text = " ".join(str(v) for frame in p5.LIBRARY_CASES for v in frame.to_numpy().ravel())
    for needle in ["Dr ", "ë", "Serwaa", "01/02/2003", "N/A", "31/02/1990"]:
        assert needle in text
    assert cleaning.is_placeholder(p5.LIBRARY_CASES[1]["full_name"].iloc[0])
