"""B1's exercises accept the reference answers and reject the mistakes learners really make."""

import re
import unicodedata
import warnings

import pandas as pd

from bootcamp.chapters import b1
from tests.exercise_checks import exercise_tests


def _ascii_ignore(text):                 # the Stack Overflow answer: drops Ł instead of turning it into L
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() if text else text


def _nfkd_only(text):                    # forgets that None is a possible input
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def _upper_strip(name):                  # case and ends only
    return None if name is None else name.strip().upper()


def _no_titles(name):                    # spaces and case, but titles and curly apostrophes left in
    if name is None or name.strip() in {"", "N/A", "."}:
        return None
    return re.sub(r"\s+", " ", name.upper()).strip()


def _exact(a, b):                        # no nicknames at all
    return a is not None and b is not None and a.strip().upper() == b.strip().upper()


_ONE_TO_ONE = {"BILL": "WILLIAM", "LIZ": "ELIZABETH", "PEGGY": "MARGARET", "SAM": "SAMUEL"}


def _one_to_one(a, b):                   # a nickname dictionary with one formal name per nickname
    if a is None or b is None:
        return False
    a, b = a.strip().upper(), b.strip().upper()
    return _ONE_TO_ONE.get(a, a) == _ONE_TO_ONE.get(b, b)


def _case_sensitive_junk(value):         # the exact strings seen in one file
    return value in {"N/A", "UNKNOWN", "."}


def _only_missing(value):                # empty cells only
    return bool(pd.isna(value)) or value == ""


def _strip_upper_postcode(value):        # tidies but never validates or spaces
    return None if value is None else value.strip().upper()


def _space_no_validation(value):         # spaces, but keeps "TB4" and junk
    if value is None:
        return None
    s = re.sub(r"\s", "", value.upper())
    return f"{s[:-3]} {s[-3:]}"


def _two_formats_only(value):            # a regex for "AA9 9AA" and "A9 9AA" only: misses EC1A, W1A, DN55 ...
    if value is None:
        return None
    s = re.sub(r"\s", "", value.upper())
    s = f"{s[:-3]} {s[-3:]}"
    return s if re.fullmatch(r"[A-Z]{1,2}[0-9] [0-9][A-Z]{2}", s) else None


def _pandas_default(value):              # month first, as pandas does by default
    return pd.to_datetime(value).strftime("%Y-%m-%d")


def _pandas_dayfirst(value):             # day first, but crashes on junk and keeps 1900-01-01
    with warnings.catch_warnings():      # pandas warns when it silently switches to month first
        warnings.simplefilter("ignore", UserWarning)
        return pd.to_datetime(value, dayfirst=True).strftime("%Y-%m-%d")


def _slashes_only(value):                # one format only
    if value is None or "/" not in value:
        return None
    d, m, y = value.split("/")
    return f"{y}-{int(m):02d}-{int(d):02d}"


WRONG = {
    "b1-q3": [_ascii_ignore, _nfkd_only, lambda text: text],
    "b1-q4": [str.title, _upper_strip, _no_titles],
    "b1-q5": [_exact, _one_to_one],
    "b1-q1": [_case_sensitive_junk, _only_missing],
    "b1-q2": [{"first_name"}, {"first_name", "gender", "nhs_number", "dob", "address_line_2", "town"}, 2],
    "b1-q6": ["A", "C", "b"],
    "b1-q7": [_strip_upper_postcode, _space_no_validation, _two_formats_only],
    "b1-q8": [0, 67, 101, "34"],
    "b1-q9": [_pandas_default, _pandas_dayfirst, _slashes_only],
    "b1-q10": [3540, 43, 0],
}

test_reference, test_wrong, test_stub = exercise_tests(b1, WRONG)


def test_there_are_at_least_six_exercises():
    from bootcamp.exercises import exercises_of

    assert len(exercises_of(b1)) >= 6
