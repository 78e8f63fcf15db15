"""P5 · One standard across services and boroughs: front matter and checked exercises.

The reference answers live in ``solutions.standard_record`` (the standard person record, its rules, and the measures
of what a standard buys).
"""

from __future__ import annotations

import pandas as pd

import solutions.standard_record as std
from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, ValueExercise

chapter = Chapter(
    code="P5",
    title="One standard across services and boroughs",
    part="practice",
    week=None,
    minutes=105,
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


# --- the records q1 counts: missing NHS numbers on both sides, a duplicate on each side ----------------------------

SHIELDING_SAMPLE = pd.DataFrame({
    "record_id": ["SL1", "SL2", "SL3", "SL4", "SL5"],
    "nhs_number": ["9990000001", None, "9990000003", "9990000004", "9990000004"],
    "first_name": ["AMA", "JOHN", "MEI", "OLU", "OLU"],
    "last_name": ["MENSAH", "SMITH", "CHEN", "ADEYEMI", "ADEYEMI"],
    "dob": ["1950-01-02", None, "1961-07-08", "1944-12-30", "1944-12-30"],
})
CARE_SAMPLE = pd.DataFrame({
    "record_id": ["ASC1", "ASC2", "ASC3", "ASC4", "ASC5"],
    "nhs_number": ["9990000001", None, "9990000001", "9990000004", "9990000009"],
    "first_name": ["AMA", "JOHN", "AMA", "OLU", "MEI"],
    "last_name": ["MENSAH", "SMITH", "MENSAH", "ADEYEMI", "CHEN"],
    "dob": ["1950-01-02", None, "1950-01-02", "1944-12-30", "1961-07-08"],
})


# --- the made-up library source used by q2 -----------------------------------------------------------------------

LIBRARY_COLUMNS = ["member_no", "full_name", "date_of_birth", "gender", "street_address", "town", "post_code"]


def library_frame(rows: list[tuple], index=None) -> pd.DataFrame:
    """A frame in the library's house style, for q2's cases."""
    return pd.DataFrame(rows, columns=LIBRARY_COLUMNS, index=index)


LIBRARY_CASES = [
    library_frame([
        ("LIB-0001", "Dr Zoë Kowalska", "14-Feb-1987", "f", "12 high st", "London", "tb47qx"),
        ("LIB-0002", "sean o'brien", "01/02/2003", "M", "Flat 3, 7 Mill Lane", "London", "EC1A1BB"),
        ("LIB-0003", "Ama Serwaa Mensah", "N/A", "x", ".", None, "N/A"),
    ]),
    library_frame([("LIB-0104", None, None, None, None, None, None)]),
    library_frame([("LIB-0200", "Mr  Tomasz  Nowak", "03-Mar-1950", "m", "4, Elm Road", "London", "sw1a oaa"),
                   ("LIB-0201", "Prince", "31/02/1990", "f", "UNKNOWN", "London", "M1 1AE")], index=[7, 3]),
]


# --- frames for the validator exercise (q4) ----------------------------------------------------------------------


def valid_standard_frame() -> pd.DataFrame:
    """Two records that meet the standard (missing values are allowed), for q4's cases."""
    return pd.DataFrame([
        {"record_id": "A1", "source": "library_members", "first_name": "ZOE", "middle_name": None,
         "last_name": "KOWALSKA", "dob": "1987-02-14", "sex": "F", "address": "12 HIGH ST, LONDON",
         "postcode": "TB4 7QX", "uprn": None, "nhs_number": "9434765919"},
        {"record_id": "A2", "source": "library_members", "first_name": "SEAN", "middle_name": "PATRICK",
         "last_name": "O'BRIEN", "dob": None, "sex": None, "address": None, "postcode": None,
         "uprn": "100023336956", "nhs_number": None},
    ])


def standard_frame_with(changes: dict, row: int = 0) -> pd.DataFrame:
    """:func:`valid_standard_frame` with ``changes`` (column → value) made in one row, for q4's cases."""
    frame = valid_standard_frame()
    for column, value in changes.items():
        frame.loc[row, column] = value
    return frame


VALIDATOR_CASES = [
    valid_standard_frame(),
    standard_frame_with({"dob": "14/02/1987"}),
    standard_frame_with({"postcode": "tb4 7qx", "sex": "Female"}),
    standard_frame_with({"last_name": "N/A"}, row=1),
    standard_frame_with({"first_name": "Zoe"}),
    standard_frame_with({"dob": "2051-07-28"}),
    standard_frame_with({"nhs_number": "9434765918"}),
    standard_frame_with({"record_id": "A1"}, row=1),
    valid_standard_frame().drop(columns="uprn"),
    valid_standard_frame()[list(reversed(std.STANDARD_COLUMNS))],
]


# --- exercises -----------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="p5-q1", title="Count shielding residents known to adult social care",
    reference=std.overlap_by_key,
    cases=[
        (SHIELDING_SAMPLE, CARE_SAMPLE, ["nhs_number"]),
        (SHIELDING_SAMPLE, CARE_SAMPLE, ["first_name", "last_name", "dob"]),
        (CARE_SAMPLE, SHIELDING_SAMPLE, ["nhs_number"]),
        (SHIELDING_SAMPLE.iloc[0:0], CARE_SAMPLE, ["nhs_number"]),
    ],
    golden=[
        ((SHIELDING_SAMPLE, CARE_SAMPLE, ["nhs_number"]), 3),
        ((SHIELDING_SAMPLE, CARE_SAMPLE, ["first_name", "last_name", "dob"]), 4),
        ((CARE_SAMPLE, SHIELDING_SAMPLE, ["nhs_number"]), 3),
    ],
    wrong=[
        "def count_known(left, right, keys):\n"
        "    # no dropna: pandas joins a missing NHS number to a missing one, two strangers 'match'\n"
        "    return left.merge(right[keys].drop_duplicates(), on=keys)['record_id'].nunique()",
        "def count_known(left, right, keys):\n"
        "    # counts the rows of the join: a record found twice in the other list is counted twice\n"
        "    return len(left.dropna(subset=keys).merge(right.dropna(subset=keys), on=keys))",
        "def count_known(left, right, keys):\n"
        "    # counts the shared NHS numbers, not the records: two records with one number count once\n"
        "    shared = set(left[keys[0]].dropna()) & set(right[keys[0]].dropna())\n"
        "    return len(shared)",
        "def count_known(left, right, keys):\n"
        "    # any key agreeing is taken as a match, not all of them\n"
        "    found = set()\n"
        "    for key in keys:\n"
        "        found |= set(left.dropna(subset=[key]).merge(right.dropna(subset=[key])[[key]], on=key)['record_id'])\n"
        "    return len(found)",
    ],
    hints=[
        "Drop the records with a missing key on both sides first (dropna(subset=keys)): two missing NHS numbers are "
        "not a match. Then keep the right side's distinct keys and merge.",
        "Count the LEFT records found, not the rows of the merge: a shielding record whose NHS number appears twice "
        "in social care is still one resident (nunique on record_id).",
    ],
    starter="def count_known(left, right, keys):\n    ...  # return a whole number",
)

q2 = FunctionExercise(
    label="p5-q2", title="Bring the library's members into the standard",
    reference=std.standardise_library_members,
    cases=LIBRARY_CASES,
    golden=[
        (LIBRARY_CASES[1],
         pd.DataFrame([{"record_id": "LIB-0104", "source": "library_members", "first_name": None, "middle_name": None,
                        "last_name": None, "dob": None, "sex": None, "address": None, "postcode": None, "uprn": None,
                        "nhs_number": None}])),
        (LIBRARY_CASES[0].iloc[[0]],
         pd.DataFrame([{"record_id": "LIB-0001", "source": "library_members", "first_name": "ZOE",
                        "middle_name": None, "last_name": "KOWALSKA", "dob": "1987-02-14", "sex": "F",
                        "address": "12 HIGH ST, LONDON", "postcode": "TB4 7QX", "uprn": None,
                        "nhs_number": None}])),
    ],
    wrong=[
        "import pandas as pd\nfrom solutions.standard_record import STANDARD_COLUMNS\n\n"
        "def standardise_library_members(raw):\n"
        "    # columns renamed, values left exactly as received\n"
        "    out = pd.DataFrame({'record_id': raw['member_no'], 'source': 'library_members'})\n"
        "    words = raw['full_name'].fillna('').str.split()\n"
        "    out['first_name'] = words.str[0]\n"
        "    out['middle_name'] = None\n"
        "    out['last_name'] = words.str[-1]\n"
        "    out['dob'], out['sex'] = raw['date_of_birth'], raw['gender']\n"
        "    out['address'], out['postcode'] = raw['street_address'], raw['post_code']\n"
        "    out['uprn'] = out['nhs_number'] = None\n"
        "    return out[STANDARD_COLUMNS]",
        "from solutions.standard_record import standardise_frame\n\n"
        "def standardise_library_members(raw):\n"
        "    # 'AMA SERWAA MENSAH' split on the first space: surname 'SERWAA MENSAH'\n"
        "    out = standardise_frame(raw, 'library_members', record_id='member_no', first_name='full_name',\n"
        "                            dob='date_of_birth', sex='gender', address=['street_address', 'town'],\n"
        "                            postcode='post_code')\n"
        "    out['last_name'] = out['middle_name']\n"
        "    out['middle_name'] = None\n"
        "    return out",
        "from solutions.standard_record import standardise_frame\n\n"
        "def standardise_library_members(raw):\n"
        "    # reads 01/02/2003 the US way, month first\n"
        "    return standardise_frame(raw, 'library_members', record_id='member_no', full_name='full_name',\n"
        "                             dob='date_of_birth', dayfirst=False, sex='gender',\n"
        "                             address=['street_address', 'town'], postcode='post_code')",
        "from solutions.standard_record import standardise_frame\n\n"
        "def standardise_library_members(raw):\n"
        "    # 'cleans' by dropping the members without a name: rows lost are residents lost\n"
        "    return standardise_frame(raw.dropna(subset=['full_name']), 'library_members', record_id='member_no',\n"
        "                             full_name='full_name', dob='date_of_birth', sex='gender',\n"
        "                             address=['street_address', 'town'], postcode='post_code')",
    ],
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
    reference=std.field_disagreeing_most,
    golden=["address"],
    wrong=[
        "worst_field = 'postcode'  # the field that barely changed, not the one that disagrees most",
        "worst_field = 'first_name'  # the worst of the name fields, not of all fields",
        "worst_field = 'ADDRESS'  # the right field, but not the standard column name",
        "worst_field = 'uprn'  # the field that would fix it, not the one that disagrees",
    ],
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
    golden=[
        (valid_standard_frame(), set()),
        (standard_frame_with({"postcode": "tb4 7qx", "sex": "Female"}), {"postcode", "sex"}),
        (standard_frame_with({"last_name": "N/A"}, row=1), {"last_name"}),
        (standard_frame_with({"dob": "2051-07-28"}), {"dob"}),
        (standard_frame_with({"nhs_number": "9434765918"}), {"nhs_number"}),
        (standard_frame_with({"record_id": "A1"}, row=1), {"record_id"}),
        (valid_standard_frame().drop(columns="uprn"), {"columns"}),
    ],
    wrong=[
        "from solutions.standard_record import STANDARD_COLUMNS\n\n"
        "def columns_breaking_standard(frame):\n"
        "    # checks the columns and nothing else\n"
        "    return set() if list(frame.columns) == STANDARD_COLUMNS else {'columns'}",
        "from solutions import postcodes\nfrom solutions.standard_record import STANDARD_COLUMNS\n\n"
        "def columns_breaking_standard(frame):\n"
        "    # regexes only: no junk rule, no check digit, no future dates, no unique IDs\n"
        "    found = set() if list(frame.columns) == STANDARD_COLUMNS else {'columns'}\n"
        "    rules = {'dob': r'\\d{4}-\\d{2}-\\d{2}', 'sex': r'[MF]', 'postcode': postcodes.POSTCODE_PATTERN,\n"
        "             'nhs_number': r'\\d{10}', 'first_name': r\"[A-Z][A-Z' -]*\", 'last_name': r\"[A-Z][A-Z' -]*\"}\n"
        "    for column, pattern in rules.items():\n"
        "        if column in frame and not frame[column].dropna().astype(str).str.fullmatch(pattern).all():\n"
        "            found.add(column)\n"
        "    return found",
        "from solutions.standard_record import STANDARD_COLUMNS\n\n"
        "def columns_breaking_standard(frame):\n"
        "    # treats every missing value as a broken rule\n"
        "    found = set() if list(frame.columns) == STANDARD_COLUMNS else {'columns'}\n"
        "    return found | {c for c in frame.columns if frame[c].isna().any()}",
    ],
    hints=[
        "Start with the structure: if the columns are not exactly the eleven standard ones in order, add 'columns'. "
        "Then go column by column, testing only the values that are present (missing is allowed).",
        "Rules people forget: placeholder junk such as 'N/A' is not allowed anywhere; a dob must be a real ISO date "
        "and not after the snapshot date 2026-03-31; an NHS number must pass its check digit "
        "(cleaning.nhs_check_digit_ok); record_id must be unique.",
    ],
    starter="def columns_breaking_standard(frame):\n    ...  # your code here",
)
