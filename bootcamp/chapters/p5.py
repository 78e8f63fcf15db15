"""P5 · One standard across services and boroughs: front matter and checked exercises.

The reference answers live in ``solutions.standard_record`` (the standard person record, its rules, and the measures
of what a standard buys).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, ValueExercise
import solutions.standard_record as std

chapter = Chapter(
    code="P5",
    title="One standard across services and boroughs",
    part="practice",
    week=None,
    minutes=90,
    notebook="book/practice/p5_one_standard.ipynb",
    questions=(
        "Why does the same resident get counted differently by two services?",
        "What is a data standard for a person record, and what does it cost to adopt one?",
        "How do we bring a new system, with its own house style, into the standard?",
        "How can a borough check, automatically, that a file meets its standard?",
    ),
    objectives=(
        "Explain how inconsistent definitions give residents an inconsistent experience, with a computed example.",
        "Describe the standard person record field by field, and the one shared cleaning function behind each field.",
        "Map a new source with different column names and house style to the standard, as settings rather than code.",
        "Measure, against the truth, how much the same person's fields disagree across sources before and after "
        "standardising.",
        "Write a validator that reports which rules of the standard a frame breaks, and adapt a data-standard "
        "checklist for your borough.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning with pandas (`standardise` and the cleaning functions).",
        "B2 · Your first data linkage in Python (what a match is), helpful but not essential.",
    ),
    key_points=(
        "Two services that write the same facts differently will count the same residents differently, and "
        "residents feel it: asked again for what the council already knows, or missed altogether.",
        "A data standard is small: named fields, one format per field, what counts as missing, and one shared "
        "function per job that every service uses.",
        "A new source joins the standard by a mapping of its columns, not by a new pipeline; its oddities (name "
        "order, date style) are written down once.",
        "Measured on Thamesbury, standardising removes most disagreement in names, dates, sex and NHS numbers; "
        "what remains is real content (typos, moves) and addresses, which need a UPRN (address matching).",
        "A standard that is not checked is not kept: validate every file against the rules and report what breaks, "
        "row counts included.",
        "Standards travel between boroughs only if they are written down, versioned and owned, with the checks in "
        "code that anyone can run.",
    ),
)


# --- the made-up library source used by q2 -----------------------------------------------------------------------

LIBRARY_COLUMNS = ["member_no", "full_name", "date_of_birth", "gender", "street_address", "town", "post_code"]


def _library(rows: list[tuple], index=None) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=LIBRARY_COLUMNS, index=index)


LIBRARY_CASES = [
    _library([
        ("LIB-0001", "Dr Zoë Kowalska", "14-Feb-1987", "f", "12 high st", "London", "tb47qx"),
        ("LIB-0002", "sean o'brien", "01/02/2003", "M", "Flat 3, 7 Mill Lane", "London", "EC1A1BB"),
        ("LIB-0003", "Ama Serwaa Mensah", "N/A", "x", ".", None, "N/A"),
    ]),
    _library([("LIB-0104", None, None, None, None, None, None)]),
    _library([("LIB-0200", "Mr  Tomasz  Nowak", "03-Mar-1950", "m", "4, Elm Road", "London", "sw1a oaa"),
              ("LIB-0201", "Prince", "31/02/1990", "f", "UNKNOWN", "London", "M1 1AE")], index=[7, 3]),
]


# --- frames for the validator exercise (q4) ----------------------------------------------------------------------


def _valid_standard() -> pd.DataFrame:
    return pd.DataFrame([
        {"record_id": "A1", "source": "library_members", "first_name": "ZOE", "middle_name": None,
         "last_name": "KOWALSKA", "dob": "1987-02-14", "sex": "F", "address": "12 HIGH ST, LONDON",
         "postcode": "TB4 7QX", "uprn": None, "nhs_number": "9434765919"},
        {"record_id": "A2", "source": "library_members", "first_name": "SEAN", "middle_name": "PATRICK",
         "last_name": "O'BRIEN", "dob": None, "sex": None, "address": None, "postcode": None,
         "uprn": "100023336956", "nhs_number": None},
    ])


def _with(changes: dict, row: int = 0) -> pd.DataFrame:
    frame = _valid_standard()
    for column, value in changes.items():
        frame.loc[row, column] = value
    return frame


VALIDATOR_CASES = [
    _valid_standard(),
    _with({"dob": "14/02/1987"}),
    _with({"postcode": "tb4 7qx", "sex": "Female"}),
    _with({"last_name": "N/A"}, row=1),
    _with({"first_name": "Zoe"}),
    _with({"dob": "2051-07-28"}),
    _with({"nhs_number": "9434765918"}),
    _with({"record_id": "A1"}, row=1),
    _valid_standard().drop(columns="uprn"),
    _valid_standard()[list(reversed(std.STANDARD_COLUMNS))],
]


# --- data the value exercises need, computed once ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _standard(name: str) -> pd.DataFrame:
    from bootcamp import load

    return std.standardise(name, load(name))


def _shielding_found_in_care_by_nhs() -> int:
    return std.overlap_by_key(_standard("shielding_list"), _standard("adult_social_care"), ["nhs_number"])


@lru_cache(maxsize=1)
def _disagreement_after() -> pd.DataFrame:
    from bootcamp import SOURCES, load_truth

    return std.field_disagreement({name: _standard(name) for name in SOURCES},
                                  {name: load_truth(name) for name in SOURCES})


def _field_disagreeing_most() -> str:
    return str(_disagreement_after()["disagree"].idxmax())


# --- exercises -----------------------------------------------------------------------------------------------------

q1 = ValueExercise(
    label="p5-q1", title="Count shielding residents known to adult social care",
    reference=_shielding_found_in_care_by_nhs,
    hints=[
        "Standardise both sources, then count the shielding records whose nhs_number appears in adult social "
        "care. Leave out missing NHS numbers: two missing values are not a match. "
        "solutions.standard_record.overlap_by_key does exactly this.",
    ],
    starter="found_by_nhs = ...  # a whole number",
)

q2 = FunctionExercise(
    label="p5-q2", title="Bring the library's members into the standard",
    reference=std.standardise_library_members,
    cases=LIBRARY_CASES,
    hints=[
        "solutions.standard_record.standardise_frame does the work once you name the library's columns: record_id is "
        "member_no, the whole name is in full_name, the date of birth is date_of_birth (day first), and so on.",
        "full_name is 'Forename [Middle] Surname': clean it first (titles off), then the last word is the surname. "
        "Every row comes out, even one with nothing but a member number.",
    ],
    starter="def standardise_library_members(raw):\n    ...  # your code here",
)

q3 = ValueExercise(
    label="p5-q3", title="Find the field that still disagrees most",
    reference=_field_disagreeing_most,
    hints=[
        "Look at the 'standardised' column of the disagreement table: which field's share is largest? Give its "
        "name as it appears in the standard record, e.g. 'dob'.",
    ],
    starter="worst_field = ...  # a standard column name, as a string",
)

q4 = FunctionExercise(
    label="p5-q4", title="Check a frame against the standard",
    reference=std.columns_breaking_standard,
    cases=VALIDATOR_CASES,
    hints=[
        "Start with the structure: if the columns are not exactly the eleven standard ones in order, add 'columns'. "
        "Then go column by column, testing only the values that are present (missing is allowed).",
        "Rules people forget: placeholder junk such as 'N/A' is not allowed anywhere; a dob must be a real ISO date "
        "and not after the snapshot date 2026-03-31; an NHS number must pass its check digit "
        "(cleaning.nhs_check_digit_ok); record_id must be unique.",
    ],
    starter="def columns_breaking_standard(frame):\n    ...  # your code here",
)
