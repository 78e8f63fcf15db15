"""I2 · Deterministic matching algorithms: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, ValueExercise, with_fresh_index
from solutions import deterministic

chapter = Chapter(
    code="I2",
    title="Deterministic matching algorithms",
    part="intermediate",
    week=6,
    minutes=180,
    notebook="book/intermediate/i2_deterministic.ipynb",
    questions=(
        "How far can exact agreement on a few fields take us in linking two council lists?",
        "How does an ordered cascade of match keys, strict to loose, find more matches without losing precision?",
        "Which keys are safe, which are dangerous, and how do I know?",
        "How do I make sure each record is linked to at most one other?",
    ),
    objectives=(
        "Link two lists on an exact match key, handling missing values so that 'missing equals missing' never "
        "makes a match.",
        "Derive keys that survive common errors: initials, Soundex and Metaphone codes, date-of-birth parts, "
        "swapped names, postcode sectors.",
        "Explain why a non-discriminating key such as date of birth + sex is unsafe, by counting the pairs it makes.",
        "Run an ONS-style match-key cascade that accepts unique matches only and removes matched records between "
        "keys, and measure each key's precision and recall against the truth.",
        "Resolve candidate pairs to one-to-one links.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning (we link records standardised with `solutions.standard_record`).",
        "B2 · Your first data linkage (pairs, precision, recall).",
        "I1 · Regular expressions (the house number and NHS number checks are reused).",
    ),
    key_points=(
        "A deterministic match is a rule: these fields agree exactly. It is transparent, fast and easy to explain to "
        "a data protection officer.",
        "Missing values must never agree: drop them before a merge, or 'no date of birth' links to 'no date of "
        "birth'.",
        "A key is only as good as it is discriminating: date of birth + sex makes pairs of strangers; accept only key "
        "values that are unique on both sides.",
        "A cascade runs keys strict to loose and removes matched records after each key, so loose keys only see "
        "what the strict ones could not link.",
        "Derived keys (initials, phonetic codes, date parts, swapped names, sectors) each rescue one kind of error; "
        "measure what each key adds, and drop keys that add little but false matches.",
        "Deterministic rules cannot weigh evidence: a rare surname agreeing counts the same as SMITH. That is the "
        "job of probabilistic matching (I3).",
    ),
)


# --- exercises -----------------------------------------------------------------------------------------------------
# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type
# (tests/test_exercise_declarations.py walks them all).

# --- q1: a match key ----------------------------------------------------------------------------------------------

PEOPLE = pd.DataFrame({
    "first": ["AMARA", "TOM", None, "TOM", "LI"],
    "last": ["OKAFOR", "REID", "SHAH", "REID", "WEI"],
    "dob": ["1980-02-01", "1975-11-30", "1990-01-01", None, "2001-07-04"],
    "postcode": ["TB4 7QX", "TB1 2AB", "TB4 7QX", "TB1 2AB", None],
}, index=pd.Index(["R1", "R2", "R3", "R4", "R5"], name="record_id"))

q1 = FunctionExercise(
    label="i2-q1",
    title="Build a match key",
    reference=deterministic.match_key,
    cases=[
        (PEOPLE, ["first", "last", "dob"]),
        (PEOPLE, ["last", "postcode"]),
        (PEOPLE, ["first"]),
    ],
    golden=[((PEOPLE, ["first", "last", "dob"]),
             pd.Series(["AMARA|OKAFOR|1980-02-01", "TOM|REID|1975-11-30", None, None, "LI|WEI|2001-07-04"],
                       index=PEOPLE.index)),
            ((PEOPLE, ["last", "postcode"]),
             pd.Series(["OKAFOR|TB4 7QX", "REID|TB1 2AB", "SHAH|TB4 7QX", "REID|TB1 2AB", None], index=PEOPLE.index))],
    wrong=[
        "def make_key(fields, columns):\n"
        "    # missing parts joined as text: 'nan' becomes part of a key, and two blanks agree\n"
        "    return fields[columns].astype(str).agg('|'.join, axis=1)",
        "def make_key(fields, columns):\n"
        "    # rows with a missing part are dropped instead of marked: the key no longer lines up with the records\n"
        "    return fields[columns].dropna().astype(str).agg('|'.join, axis=1)",
    ],
    hints=[
        "Join the chosen columns of each row with '|', e.g. frame[columns].astype(str).agg('|'.join, axis=1), but only "
        "where every part is present: frame[columns].notna().all(axis=1).",
        "Rows with a missing part must give None, not 'AMARA|None' or 'AMARA|nan': use .where(present, None). Keep "
        "the frame's index.",
    ],
    starter="def make_key(fields, columns):\n    ...  # return a Series of key values (None where a part is missing)",
)

# --- q2: a date-of-birth key that survives a day/month swap ---------------------------------------------------------

q2 = FunctionExercise(
    label="i2-q2",
    title="A date key that survives a day/month swap",
    reference=deterministic.dob_any_order,
    cases=["1975-03-17", "1975-17-03", "2001-12-05", "2001-05-12", "1980-07-07", "1980-7-7", "17/03/1975", "", None],
    golden=[("1975-03-17", "1975|03|17"), ("1975-17-03", "1975|03|17"), ("2001-12-05", "2001|05|12"),
            ("1980-7-7", "1980|07|07"), ("17/03/1975", None), ("", None), (None, None)],
    wrong=[
        "def dob_key(dob):\n"
        "    # sorted as text without zero padding: '7' and '17' come out the wrong way round\n"
        "    if not isinstance(dob, str) or dob.count('-') != 2:\n"
        "        return None\n"
        "    year, a, b = dob.split('-')\n"
        "    return '|'.join([year, *sorted([a, b])])",
        "def dob_key(dob):\n"
        "    # forgets to sort: a swapped day and month still break the key\n"
        "    if not isinstance(dob, str) or dob.count('-') != 2:\n"
        "        return None\n"
        "    return dob.replace('-', '|')",
    ],
    hints=[
        "Split the ISO date on '-': year, then two numbers. Sort the two numbers so that the day and the month "
        "come out in the same order whichever way round they were typed.",
        "Sort them as two-digit strings ('03', '17'), not as '3' and '17' (which sort the wrong way as text). "
        "Return 'year|low|high', and None for anything that is not three '-'-separated numbers with a 4-digit year.",
    ],
    starter="def dob_key(dob):\n    ...  # return 'yyyy|aa|bb' or None",
)

# --- q3: a non-discriminating key -----------------------------------------------------------------------------------

q3 = ValueExercise(
    label="i2-q3",
    title="How many pairs does date of birth + sex make?",
    reference=deterministic.dob_sex_pairs,
    golden=[51],  # 51 pairs of adult social care and housing benefit records agree on dob + sex
    wrong=[
        "from bootcamp import load\n"
        "from solutions.standard_record import standardise\n"
        "asc = standardise('adult_social_care', load('adult_social_care'))\n"
        "hb = standardise('housing_benefit', load('housing_benefit'))\n"
        "n_dob_sex_pairs = len(asc.merge(hb, on=['dob', 'sex']))  # missing values not dropped: 181, blank agrees with blank",
        "n_dob_sex_pairs = 0  # a guess: 'surely nobody shares both'",
        "from bootcamp import load\n"
        "n_dob_sex_pairs = len(load('adult_social_care'))  # the number of records, not of pairs",
    ],
    hints=[
        "Merge the standardised adult social care and housing benefit frames on ['dob', 'sex'] and count the rows, "
        "after dropping records where either is missing (pandas merges missing with missing).",
    ],
    starter="n_dob_sex_pairs = ...  # a number",
)

# --- q4: accept unique matches only -------------------------------------------------------------------------------

LEFT_KEYS = pd.Series(["A|1", "B|2", "B|2", "C|3", None, "E|5"], index=["L1", "L2", "L3", "L4", "L5", "L6"])
RIGHT_KEYS = pd.Series(["A|1", "B|2", "C|3", "C|3", None, "F|6"], index=["R1", "R2", "R3", "R4", "R5", "R6"])

q4 = FunctionExercise(
    label="i2-q4",
    title="Accept unique matches only",
    reference=deterministic.unique_key_matches,
    cases=[
        (LEFT_KEYS, RIGHT_KEYS),
        (LEFT_KEYS.iloc[[0, 1, 3, 5]], RIGHT_KEYS.iloc[[0, 1, 2, 5]]),
        (LEFT_KEYS.iloc[[4]], RIGHT_KEYS.iloc[[4]]),
    ],
    golden=[((LEFT_KEYS, RIGHT_KEYS), pd.DataFrame({"left_id": ["L1"], "right_id": ["R1"]})),
            ((LEFT_KEYS.iloc[[0, 1, 3, 5]], RIGHT_KEYS.iloc[[0, 1, 2, 5]]),
             pd.DataFrame({"left_id": ["L1", "L2", "L4"], "right_id": ["R1", "R2", "R3"]}))],
    wrong=[
        "import pandas as pd\n\n"
        "def unique_matches(left_keys, right_keys):\n"
        "    # duplicated() without keep=False keeps the first copy of a repeated key\n"
        "    left, right = left_keys.dropna(), right_keys.dropna()\n"
        "    left, right = left[~left.duplicated()], right[~right.duplicated()]\n"
        "    merged = pd.DataFrame({'left_id': left.index, 'key': left.values}).merge(\n"
        "        pd.DataFrame({'right_id': right.index, 'key': right.values}), on='key')\n"
        "    return merged[['left_id', 'right_id']]",
        "import pandas as pd\n\n"
        "def unique_matches(left_keys, right_keys):\n"
        "    # no uniqueness check at all, and missing keys agree with each other\n"
        "    merged = pd.DataFrame({'left_id': left_keys.index, 'key': left_keys.values}).merge(\n"
        "        pd.DataFrame({'right_id': right_keys.index, 'key': right_keys.values}), on='key')\n"
        "    return merged[['left_id', 'right_id']]",
    ],
    hints=[
        "Drop missing keys, then drop every key value that appears more than once on its side: "
        "keys[~keys.duplicated(keep=False)] (keep=False drops all copies, not all but the first).",
        "Then merge the two sides on the key value and return a DataFrame with columns left_id and right_id "
        "(the Series' index labels), in the order the left keys came.",
    ],
    starter="def unique_matches(left_keys, right_keys):\n    ...  # return a DataFrame with left_id, right_id",
)

# --- q5: one-to-one -----------------------------------------------------------------------------------------------

CANDIDATES = pd.DataFrame({
    "left_id": ["L1", "L1", "L2", "L2", "L3", "L4"],
    "right_id": ["R1", "R2", "R1", "R3", "R3", "R4"],
    "score": [0.9, 0.8, 0.95, 0.5, 0.7, 0.6],
})

q5 = FunctionExercise(
    label="i2-q5",
    title="Resolve to one-to-one",
    reference=deterministic.one_to_one,
    compare=with_fresh_index,
    cases=[
        CANDIDATES,
        CANDIDATES.iloc[[0, 1]],
        pd.DataFrame({"left_id": ["A", "A", "B"], "right_id": ["X", "Y", "X"], "score": [1.0, 1.0, 1.0]}),
        CANDIDATES.iloc[0:0],
    ],
    golden=[(CANDIDATES, pd.DataFrame({"left_id": ["L2", "L1", "L3", "L4"], "right_id": ["R1", "R2", "R3", "R4"],
                                       "score": [0.95, 0.8, 0.7, 0.6]})),
            (pd.DataFrame({"left_id": ["A", "A", "B"], "right_id": ["X", "Y", "X"], "score": [1.0, 1.0, 1.0]}),
             pd.DataFrame({"left_id": ["A"], "right_id": ["X"], "score": [1.0]}))],
    wrong=[
        "def one_to_one(pairs):\n"
        "    # one per left record, but a right record can be used twice\n"
        "    kept = pairs.sort_values(['score', 'left_id', 'right_id'], ascending=[False, True, True])\n"
        "    return kept.drop_duplicates('left_id').reset_index(drop=True)",
        "def one_to_one(pairs):\n"
        "    # greedy, but in the order the pairs came rather than best score first\n"
        "    used_l, used_r, keep = set(), set(), []\n"
        "    for i, row in pairs.iterrows():\n"
        "        if row.left_id not in used_l and row.right_id not in used_r:\n"
        "            keep.append(i)\n"
        "            used_l.add(row.left_id)\n"
        "            used_r.add(row.right_id)\n"
        "    return pairs.loc[keep].reset_index(drop=True)",
        "def one_to_one(pairs):\n"
        "    # right pairs, right order, but the old index kept: the hint's reset_index(drop=True) forgotten\n"
        "    ranked = pairs.sort_values(['score', 'left_id', 'right_id'], ascending=[False, True, True])\n"
        "    used_l, used_r, keep = set(), set(), []\n"
        "    for i, row in ranked.iterrows():\n"
        "        if row.left_id not in used_l and row.right_id not in used_r:\n"
        "            keep.append(i)\n"
        "            used_l.add(row.left_id)\n"
        "            used_r.add(row.right_id)\n"
        "    return ranked.loc[keep]",
    ],
    hints=[
        "Greedy: sort by score, highest first (ties: left_id, then right_id), walk down the list and keep a pair "
        "only if neither its left nor its right record has been used.",
        "Return the kept rows with all their columns, sorted by score (highest first) then left_id and right_id, "
        "with a fresh index (reset_index(drop=True)).",
    ],
    starter="def one_to_one(pairs):\n    ...  # return the kept pairs",
)
