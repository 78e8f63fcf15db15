"""P6 · Your own data: front matter and checked exercises.

The reference answers live in ``solutions.council_data`` (reading extracts, gazetteers from AddressBase Plus, LLPG
and PAF, column maps, the review sheet's precision); the commands are in ``bootcamp.own_data``.
"""

from __future__ import annotations

import pandas as pd

import solutions.council_data as council
from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of

chapter = Chapter(
    code="P6",
    title="Your own data",
    part="practice",
    week=12,
    minutes=130,
    notebook="book/practice/p6_your_own_data.ipynb",
    questions=(
        "How do I read a council's CSV or Excel extract without losing leading zeros, names or dates?",
        "How do I turn an AddressBase Plus, LLPG or PAF extract into the gazetteer the course's matcher reads?",
        "How do I bring a source with its own column names into the standard person record?",
        "How do I run the whole chain on my own files, save the results and get a clerical review back?",
    ),
    objectives=(
        "Read CSV and Excel extracts as text, with the right encoding and dates read day first, and explain what "
        "pandas' defaults would have lost.",
        "Map an AddressBase Plus, LLPG or PAF extract to the gazetteer columns, and say why OS Open UPRN cannot be "
        "matched to.",
        "Write a column map that turns a council's extract into the standard person record.",
        "Run standard record → UPRN → person links (the UPRN as evidence and as a match key) → clusters → golden "
        "record on a council-style extract.",
        "Save the outputs as CSV and Parquet with a report and a clerical review sheet, read the filled-in sheet back, "
        "and estimate precision from it; run the same chain with `python -m bootcamp match-addresses` and `link`.",
    ),
    prerequisites=(
        "B5 · Address matching (match_addresses and its statuses).",
        "I3 · Probabilistic linkage (link_people) and I2 · Deterministic matching (match_key_cascade).",
        "P1 · A single view of the resident (clusters and golden records); P5 · One standard, helpful.",
    ),
    key_points=(
        "Read every extract as text (`dtype=str`, `keep_default_na=False`): numbers lose leading zeros and pandas' "
        "missing-value list turns a resident called Null into a gap. `read_extract` does this, and names the "
        "problem when a file is empty or in an unexpected encoding.",
        "AddressBase Plus, an LLPG and PAF hold the same addresses in different columns; one mapping "
        "(`gazetteer_from_extract`) turns each into the gazetteer the matcher reads. OS Open UPRN has no address "
        "text, so nothing can be matched to it.",
        "A UPRN is text. A spreadsheet that shows it as 1.00023E+11 has destroyed it: refuse such values, never "
        "guess.",
        "A column map, written once per source, brings a council's extract into the standard person record; dates "
        "are read day first, ISO dates recognised first.",
        "The UPRN found by address matching is evidence for person links and can be a match key of its own in the "
        "cascade; links from several methods become clusters and then golden records.",
        "Nothing is dropped: every record leaves with a status, the unmatched go to a review sheet, and the "
        "reviewer's decisions come back in and give an estimate of precision.",
    ),
)


# --- q2: UPRNs as a spreadsheet leaves them ------------------------------------------------------------------------

UPRN_CASES = ["100023336956", "100023336956.0", " 100023336956 ", "1.00023E+11", "1.00023336956E+11", None, "",
              "N/A", float("nan"), 100023336956, "10033544614", "100023336956.0 "]


# --- q4: review sheets read back -----------------------------------------------------------------------------------


def reviewed_sheet(decisions: list) -> pd.DataFrame:
    """A review sheet read back, with ``decisions`` in its decision column (for q4's cases)."""
    return pd.DataFrame({"record_id": [f"R{i}" for i in range(len(decisions))],
                         "best_uprn": [f"9900000000{i:02d}" for i in range(len(decisions))],
                         "decision": decisions, "reviewer_uprn": ""})


REVIEW_CASES = [
    reviewed_sheet(["accept", "accept", "reject", "other"]),
    reviewed_sheet(["accept", "", "", "reject"]),
    reviewed_sheet(["", "", ""]),
    reviewed_sheet(["accept", "accept", "accept"]),
    reviewed_sheet([" Accept", "REJECT ", None, "accept", "accept", ""]),
    reviewed_sheet(["other", " Other", "accept"]),
    reviewed_sheet([]),
]


# --- exercises -----------------------------------------------------------------------------------------------------

GAZETTEER_PRODUCTS = ("AddressBase Plus", "LLPG", "PAF", "OS Open UPRN")

q1 = ChoiceExercise(
    label="p6-q1", title="Which product cannot be a gazetteer?",
    reference=council.not_a_gazetteer,
    validate=one_of(["OS Open UPRN"], why="the other three hold the address text; this one holds UPRNs and "
                                          "coordinates only", choices=GAZETTEER_PRODUCTS),
    golden=["OS Open UPRN", "os open uprn", " OS Open  UPRN "],
    wrong=[
        "answer = 'PAF'  # PAF has no parent shells, but it does hold the address text",
        "answer = 'LLPG'  # the council's own gazetteer: the best of the four to match to",
        "answer = 'AddressBase Plus'  # the national product built from the LLPGs: it holds the address text",
        "answer = 'OS Open Names'  # not one of the four offered",
    ],
    hints=["Matching compares the record's address text with each entry's: which product has no address text?"],
    starter="answer = ...  # one of 'AddressBase Plus', 'LLPG', 'PAF', 'OS Open UPRN'",
)

q2 = FunctionExercise(
    label="p6-q2", title="Rescue the UPRNs a spreadsheet mangled",
    reference=council.clean_uprn,
    cases=UPRN_CASES,
    golden=[
        ("100023336956.0", "100023336956"),
        (" 100023336956 ", "100023336956"),
        ("1.00023E+11", None),
        (None, None),
        ("N/A", None),
        (100023336956, "100023336956"),
    ],
    wrong=[
        "def clean_uprn(value):\n"
        "    # int(float(...)) 'repairs' 1.00023E+11 into 100023000000: a UPRN that exists, but someone else's\n"
        "    try:\n"
        "        return str(int(float(value)))\n"
        "    except (TypeError, ValueError):\n"
        "        return None",
        "def clean_uprn(value):\n"
        "    # strips spaces but keeps the '.0', so 100023336956.0 never equals 100023336956\n"
        "    return None if value is None else str(value).strip() or None",
        "def clean_uprn(value):\n"
        "    # a number: UPRNs are identifiers, kept as text\n"
        "    try:\n"
        "        return int(str(value).strip().removesuffix('.0'))\n"
        "    except ValueError:\n"
        "        return None",
        "def clean_uprn(value):\n"
        "    # forgets that a missing cell arrives as None or NaN: str(None) is 'None'\n"
        "    text = str(value).strip().removesuffix('.0')\n"
        "    return text if text.isdigit() else text",
    ],
    hints=[
        "Work on text: strip the spaces, remove one trailing '.0', then keep the value only if every character is a "
        "digit (str.isdigit). A whole number (int) is fine too: turn it into text first.",
        "1.00023E+11 has lost digits that cannot come back: return None rather than a guess. So do None, NaN, '' "
        "and 'N/A'.",
    ],
    starter="def clean_uprn(value):\n    ...  # return the UPRN as text of digits, or None",
)

q3 = ValueExercise(
    label="p6-q3", title="Write the benefit extract's column map",
    reference=council.benefit_column_map,
    compare=council.same_benefit_records,
    golden=[{"Claim No": "record_id", "First Name": "first_name", "Last Name": "last_name", "D.O.B.": "dob",
             "Sex": "sex", "Address": "address", "Postcode": "postcode"}],
    wrong=[
        "benefit_map = {'Claim No': 'record_id', 'First Name': 'first_name', 'Last Name': 'last_name',\n"
        "               'Sex': 'sex', 'Address': 'address', 'Postcode': 'postcode'}  # the date of birth left out",
        "benefit_map = {'Claim No': 'record_id', 'First Name': 'last_name', 'Last Name': 'first_name',\n"
        "               'D.O.B.': 'dob', 'Sex': 'sex', 'Address': 'address', 'Postcode': 'postcode'}  # names swapped",
        "benefit_map = {'Claim No': 'record_id', 'First Name': 'first_name', 'Last Name': 'last_name',\n"
        "               'DOB': 'dob', 'Sex': 'sex', 'Address': 'address', 'Postcode': 'postcode'}"
        "  # 'DOB' is not the file's column name",
        "benefit_map = {'record_id': 'Claim No', 'first_name': 'First Name', 'last_name': 'Last Name',\n"
        "               'dob': 'D.O.B.', 'sex': 'Sex', 'address': 'Address', 'postcode': 'Postcode'}  # backwards",
        "benefit_map = {'Claim No': 'record_id', 'First Name': 'first_name', 'Last Name': 'last_name',\n"
        "               'D.O.B.': 'dob', 'Sex': 'sex', 'Address': 'address', 'Postcode': 'address'}"
        "  # the postcode joined into the address and lost from its own column",
    ],
    hints=[
        "Each key is a column name exactly as the extract writes it (look at benefit_raw.columns); each value is a "
        "standard column name (STANDARD_COLUMNS).",
        "Map all seven columns: the claim number, both names, the date of birth (`D.O.B.`), sex, address and "
        "postcode.",
    ],
    starter="benefit_map = ...  # a dict: {'their column': 'standard column', ...}",
)

q4 = FunctionExercise(
    label="p6-q4", title="Estimate precision from the review sheet",
    reference=council.review_precision,
    cases=REVIEW_CASES,
    golden=[
        (reviewed_sheet(["accept", "accept", "reject", "other"]), 0.5),
        (reviewed_sheet(["accept", "", "", "reject"]), 0.5),
        (reviewed_sheet(["", "", ""]), None),
        (reviewed_sheet([" Accept", "REJECT ", None, "accept", "accept", ""]), 0.75),
        (reviewed_sheet(["other", " Other", "accept"]), 0.3333),
        (reviewed_sheet(["accept", "accept", "reject"]), 0.6667),
    ],
    wrong=[
        "def review_precision(reviewed):\n"
        "    # blank rows were not reviewed, but here they count against precision\n"
        "    return round(float((reviewed['decision'] == 'accept').mean()), 4)",
        "def review_precision(reviewed):\n"
        "    # 'other' means the best candidate was wrong, but it is left out of the count\n"
        "    d = reviewed['decision'].fillna('').str.strip().str.lower()\n"
        "    decided = d[d.isin(['accept', 'reject'])]\n"
        "    return None if decided.empty else round(float((decided == 'accept').mean()), 4)",
        "def review_precision(reviewed):\n"
        "    # ' Accept' and 'REJECT ' as typed by a reviewer are not recognised\n"
        "    d = reviewed['decision']\n"
        "    decided = d[d.isin(['accept', 'reject', 'other'])]\n"
        "    return None if decided.empty else round(float((decided == 'accept').mean()), 4)",
        "def review_precision(reviewed):\n"
        "    # divides by zero when nobody has reviewed anything yet\n"
        "    d = reviewed['decision'].fillna('').str.strip().str.lower()\n"
        "    decided = d[d.isin(['accept', 'reject', 'other'])]\n"
        "    return round(float((decided == 'accept').sum() / max(len(decided), 1)), 4)",
    ],
    hints=[
        "Tidy the decisions first (missing → '', strip spaces, lower case), then keep only 'accept', 'reject' and "
        "'other': blank rows were not reviewed.",
        "Precision is accepted ÷ reviewed, rounded to 4 places; return None when nothing was reviewed.",
    ],
    starter="def review_precision(reviewed):\n    ...  # a share between 0 and 1 (4 decimal places), or None",
)
