"""P2 · Households: front matter and checked exercises.

The reference answers live in ``solutions.households`` (composition, parent shells, associative matching, same
household or same person).
"""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, with_fresh_index
from solutions import households

chapter = Chapter(
    code="P2",
    title="Households",
    part="practice",
    week=None,
    minutes=120,
    notebook="book/practice/p2_households.ipynb",
    questions=(
        "Who lives with whom in Thamesbury, and how do we know?",
        "Why can one block of flats turn into one giant 'household'?",
        "How does matching households first find people that person-level matching missed?",
        "How do we tell two records of one person from two people of one household?",
    ),
    objectives=(
        "Group people into households by UPRN, from the truth and from matched addresses, and describe household "
        "composition (adults, children, over-75s) with a chart.",
        "Explain the parent-versus-flat UPRN pitfall on the gazetteer's parent_uprn structure, and write a check "
        "that catches it.",
        "Run ONS-style associative matching (household first, then its members within it) and measure what it "
        "adds to a person-level match-key cascade.",
        "Separate 'same household' from 'same person' for twins and for a parent and child with the same name, and "
        "say when the data cannot decide.",
    ),
    prerequisites=(
        "B5 · Address matching fundamentals (we match addresses with `solutions.match_addresses`).",
        "I2 · Deterministic matching (the match-key cascade and unique matches).",
        "P1 · Single view of the resident (recommended).",
    ),
    key_points=(
        "A household key is an address key: people share a household when their records match the same dwelling's "
        "UPRN. Address matching quality is household quality.",
        "Only dwellings are homes. A record matched to a block's parent shell instead of its flat joins everyone in "
        "the block into one 'household': check that no household sits on a UPRN that is some other address's "
        "parent.",
        "Associative matching matches the household first and then its members within it, where looser keys (a "
        "first name alone) are safe because the household is small: it finds people whose surname changed.",
        "Within a household, uniqueness matters more than anywhere: twins, and parents and children with the same "
        "name, are the pairs most easily confused.",
        "Without dates of birth, a father and son with the same name at the same address cannot be told apart: say "
        "so, and leave them unmatched rather than guess.",
    ),
)



# --- q1: household composition --------------------------------------------------------------------------------------

_PEOPLE = pd.DataFrame({
    "person_id": ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"],
    "uprn": ["100", "100", "100", "100", "200", "200", "300", None, "300"],
    "dob": ["1980-05-01", "1982-02-10", "2008-04-01", "2015-09-30", "1950-01-01", "1951-04-01", "1990-12-31",
            "1970-01-01", None],
})

q1 = FunctionExercise(
    label="p2-q1",
    title="Household composition",
    reference=households.household_composition,
    cases=[
        (_PEOPLE, "2026-03-31"),
        (_PEOPLE, "2026-04-01"),
        (_PEOPLE.iloc[[0, 4, 5]], "2025-12-31"),
    ],
    compare=with_fresh_index,
    golden=[
        ((_PEOPLE, "2026-03-31"),
         pd.DataFrame({"uprn": ["100", "200", "300"], "people": [4, 2, 2], "adults": [2, 2, 1],
                       "children": [2, 0, 0], "over_75": [0, 1, 0], "unknown_age": [0, 0, 1]})),
        ((_PEOPLE, "2026-04-01"),
         pd.DataFrame({"uprn": ["100", "200", "300"], "people": [4, 2, 2], "adults": [3, 2, 1],
                       "children": [1, 0, 0], "over_75": [0, 2, 0], "unknown_age": [0, 0, 1]})),
    ],
    wrong=[
        "import pandas as pd\n\n"
        "def household_composition(people, on_date):\n"
        "    # age as a difference of years: birthdays ignored\n"
        "    known = people[people['uprn'].notna()]\n"
        "    age = pd.Timestamp(on_date).year - pd.to_datetime(known['dob']).dt.year\n"
        "    out = pd.DataFrame({'uprn': known['uprn'], 'people': 1, 'adults': (age >= 18).astype(int),\n"
        "                        'children': (age < 18).astype(int), 'over_75': (age >= 75).astype(int),\n"
        "                        'unknown_age': age.isna().astype(int)})\n"
        "    return out.groupby('uprn').sum().reset_index()",
        "import pandas as pd\nfrom solutions.single_view import age_on\n\n"
        "def household_composition(people, on_date):\n"
        "    # 'over 75' read as older than 75: people aged exactly 75 are missed\n"
        "    known = people[people['uprn'].notna()]\n"
        "    age = age_on(known['dob'], on_date)\n"
        "    out = pd.DataFrame({'uprn': known['uprn'], 'people': 1, 'adults': (age >= 18).astype(int),\n"
        "                        'children': (age < 18).astype(int), 'over_75': (age > 75).astype(int),\n"
        "                        'unknown_age': age.isna().astype(int)})\n"
        "    return out.groupby('uprn').sum().reset_index()",
        "import pandas as pd\nfrom solutions.single_view import age_on\n\n"
        "def household_composition(people, on_date):\n"
        "    # people with no UPRN become a household of their own\n"
        "    known = people.fillna({'uprn': 'unknown'})\n"
        "    age = age_on(known['dob'], on_date)\n"
        "    out = pd.DataFrame({'uprn': known['uprn'], 'people': 1, 'adults': (age >= 18).astype(int),\n"
        "                        'children': (age < 18).astype(int), 'over_75': (age >= 75).astype(int),\n"
        "                        'unknown_age': age.isna().astype(int)})\n"
        "    return out.groupby('uprn').sum().reset_index()",
    ],
    hints=[
        "Compute each person's age in whole years on on_date (subtract the years, then one more if the birthday has "
        "not come yet), flag adults (>= 18), children (< 18), over-75s (>= 75) and unknown ages, then "
        "groupby('uprn').sum().",
        "Leave out people without a UPRN; a person with no date of birth counts in people and unknown_age only. "
        "Columns: uprn, people, adults, children, over_75, unknown_age; sorted by uprn, fresh index.",
    ],
    starter="def household_composition(people, on_date):\n    ...  # return one row per uprn",
)


# --- q2: the over-count check -------------------------------------------------------------------------------------------

_GAZ = pd.DataFrame({
    "uprn": ["10", "11", "12", "13", "20", "21", "22", "30", "40"],
    "parent_uprn": [None, "10", "10", "10", None, "20", "20", None, None],
    "classification": ["PP", "RD06", "RD06", "RD06", "PP", "RD06", "RD06", "RD04", "RD03"],
})
_HOUSEHOLDS = pd.DataFrame({"uprn": ["10", "11", "12", "20", "30", "40", "99"], "people": [23, 2, 3, 4, 12, 1, 2]})
# the smaller shell first in the file, and two shells with the same number of people
_UNSORTED = pd.DataFrame({"uprn": ["50", "11", "20", "10", "30"], "people": [4, 2, 4, 23, 12]})
_GAZ_MORE = pd.concat([_GAZ, pd.DataFrame({"uprn": ["50", "51"], "parent_uprn": [None, "50"],
                                           "classification": ["PP", "RD06"]})], ignore_index=True)

q2 = FunctionExercise(
    label="p2-q2",
    title="Households that are really whole buildings",
    reference=households.overcount_check,
    cases=[
        (_HOUSEHOLDS, _GAZ),
        (_HOUSEHOLDS.iloc[[1, 2, 4]], _GAZ),
        (_UNSORTED, _GAZ_MORE),
    ],
    compare=with_fresh_index,
    golden=[
        ((_UNSORTED, _GAZ_MORE), pd.DataFrame({"uprn": ["10", "20", "50"], "people": [23, 4, 4]})),
        ((_HOUSEHOLDS, _GAZ), pd.DataFrame({"uprn": ["10", "20"], "people": [23, 4]})),
    ],
    wrong=[
        "def overcount_check(households, gazetteer):\n"
        "    # flags the flats (parent_uprn filled in), not the shells\n"
        "    flats = set(gazetteer.loc[gazetteer['parent_uprn'].notna(), 'uprn'])\n"
        "    return households[households['uprn'].isin(flats)].sort_values('people', ascending=False)"
        ".reset_index(drop=True)",
        "def overcount_check(households, gazetteer):\n"
        "    # flags any big household, whatever the address is\n"
        "    return households[households['people'] >= 10].sort_values('people', ascending=False)"
        ".reset_index(drop=True)",
        "def overcount_check(households, gazetteer):\n"
        "    # the right rows, but in the file's order and with their old index\n"
        "    shells = set(gazetteer['parent_uprn'].dropna())\n"
        "    return households[households['uprn'].isin(shells)]",
        "def overcount_check(households, gazetteer):\n"
        "    # sorted, but the old index kept\n"
        "    shells = set(gazetteer['parent_uprn'].dropna())\n"
        "    return households[households['uprn'].isin(shells)].sort_values(['people', 'uprn'], "
        "ascending=[False, True])",
        "def overcount_check(households, gazetteer):\n"
        "    # biggest first, but no tie rule: equal households come out in the file's order\n"
        "    shells = set(gazetteer['parent_uprn'].dropna())\n"
        "    flagged = households[households['uprn'].isin(shells)]\n"
        "    return flagged.sort_values('people', ascending=False, kind='stable').reset_index(drop=True)",
    ],
    hints=[
        "A parent shell is a UPRN that appears in the gazetteer's parent_uprn column (the flats point at it). Keep "
        "the households whose uprn is in that set.",
        "Not the flats (their own parent_uprn is filled in: they are real homes) and not simply big households "
        "(a large family in a house is real). Sort by people, biggest first, then uprn; fresh index.",
    ],
    starter="def overcount_check(households, gazetteer):\n    ...  # return the households sitting on a parent shell",
)


# --- q3: matching within households --------------------------------------------------------------------------------------

_LEFT = pd.DataFrame({
    "record_id": ["CT1", "CT2", "CT3", "CT4", "CT5", "CT6"],
    "household": ["100", "100", "200", "300", "300", None],
    "first": ["FANG", "WEI", "JOHN", "AMY", "AMY", "SAM"],
})
_RIGHT = pd.DataFrame({
    "record_id": ["ER1", "ER2", "ER3", "ER4", "ER5", "ER6", "ER7"],
    "household": ["100", "100", "200", "200", "300", "400", None],
    "first": ["FANG", "WEI", "JOHN", "JOHN", "AMY", "FANG", "SAM"],
})

q3 = FunctionExercise(
    label="p2-q3",
    title="Match members within a household",
    reference=households.match_within_households,
    cases=[
        (_LEFT, _RIGHT, ["first"]),
        (_LEFT.iloc[[0, 1, 2]], _RIGHT.iloc[[0, 2, 5]], ["first"]),
    ],
    golden=[
        ((_LEFT, _RIGHT, ["first"]), pd.DataFrame({"left_id": ["CT1", "CT2"], "right_id": ["ER1", "ER2"]})),
        ((_LEFT.iloc[[0, 1, 2]], _RIGHT.iloc[[0, 2, 5]], ["first"]),
         pd.DataFrame({"left_id": ["CT1", "CT3"], "right_id": ["ER1", "ER3"]})),
    ],
    wrong=[
        "def match_within_households(left, right, on):\n"
        "    # every pair that agrees: twins and namesakes both matched\n"
        "    keys = ['household', *on]\n"
        "    merged = left.dropna(subset=keys).merge(right.dropna(subset=keys), on=keys, suffixes=('_l', '_r'))\n"
        "    out = merged.rename(columns={'record_id_l': 'left_id', 'record_id_r': 'right_id'})[['left_id', 'right_id']]\n"
        "    return out.sort_values(['left_id', 'right_id'], ignore_index=True)",
        "def match_within_households(left, right, on):\n"
        "    # matches on the `on` columns anywhere in the borough, ignoring the household\n"
        "    lk, rk = left.dropna(subset=on), right.dropna(subset=on)\n"
        "    lk, rk = lk[~lk.duplicated(on, keep=False)], rk[~rk.duplicated(on, keep=False)]\n"
        "    merged = lk.merge(rk, on=on, suffixes=('_l', '_r'))\n"
        "    out = merged.rename(columns={'record_id_l': 'left_id', 'record_id_r': 'right_id'})[['left_id', 'right_id']]\n"
        "    return out.sort_values(['left_id', 'right_id'], ignore_index=True)",
        "def match_within_households(left, right, on):\n"
        "    # drop_duplicates keeps the first JOHN instead of refusing to choose\n"
        "    keys = ['household', *on]\n"
        "    lk = left.dropna(subset=keys).drop_duplicates(keys)\n"
        "    rk = right.dropna(subset=keys).drop_duplicates(keys)\n"
        "    merged = lk.merge(rk, on=keys, suffixes=('_l', '_r'))\n"
        "    out = merged.rename(columns={'record_id_l': 'left_id', 'record_id_r': 'right_id'})[['left_id', 'right_id']]\n"
        "    return out.sort_values(['left_id', 'right_id'], ignore_index=True)",
    ],
    hints=[
        "Build a key from the household and the `on` columns on each side (missing parts give no key), keep the "
        "key values that occur exactly once on EACH side, and merge the two sides on the key.",
        "Two JOHNs in household 200 on one side, or two AMYs in 300 on the other, are ambiguous: no match. A FANG in "
        "another household is someone else. Return left_id, right_id sorted by left_id then right_id.",
    ],
    starter="def match_within_households(left, right, on):\n    ...  # return a DataFrame: left_id, right_id",
)


# --- q4: same person or same household? ----------------------------------------------------------------------------------

q4 = FunctionExercise(
    label="p2-q4",
    title="Same person, or same household",
    reference=households.classify_pair,
    cases=[
        ({"first_name": "John", "last_name": "Smith", "dob": "1960-03-02"},
         {"first_name": "JOHN", "last_name": "SMITH", "dob": "1992-07-19"}),
        ({"first_name": "John", "last_name": "Smith", "dob": None},
         {"first_name": "JOHN", "last_name": "SMITH", "dob": "1992-07-19"}),
        ({"first_name": "Hassan", "last_name": "Ali", "dob": "2012-06-01"},
         {"first_name": "Maryam", "last_name": "Ali", "dob": "2012-06-01"}),
        ({"first_name": "Ioana", "last_name": "Dumitru", "dob": "1988-11-04"},
         {"first_name": "IOANA", "last_name": "IONESCU", "dob": "1988-04-11"}),
        ({"first_name": "Priya", "last_name": "Patel", "dob": None},
         {"first_name": "Arjun", "last_name": "Patel", "dob": None}),
        ({"first_name": "Tom", "last_name": "Reid", "dob": "1975-11-30"},
         {"first_name": "Thomas", "last_name": "Reid", "dob": "1975-11-30"}),
        ({"first_name": "Amara", "last_name": "Okafor", "dob": "1980-02-01"},
         {"first_name": "Amara", "last_name": "Okafor", "dob": "1980-02-01"}),
        ({"first_name": "amara", "last_name": "okafor", "dob": "1980-02-01"},
         {"first_name": "AMARA", "last_name": "OKAFOR", "dob": "1980-02-01"}),
        ({"first_name": "priya", "last_name": "Patel", "dob": None},
         {"first_name": "PRIYA", "last_name": "PATEL", "dob": "1990-05-05"}),
    ],
    golden=[
        (({"first_name": "amara", "last_name": "okafor", "dob": "1980-02-01"},
          {"first_name": "AMARA", "last_name": "OKAFOR", "dob": "1980-02-01"}), "same person"),
        (({"first_name": "priya", "last_name": "Patel", "dob": None},
          {"first_name": "PRIYA", "last_name": "PATEL", "dob": "1990-05-05"}), "cannot tell"),
        (({"first_name": "Ioana", "last_name": "Dumitru", "dob": "1988-11-04"},
          {"first_name": "IOANA", "last_name": "IONESCU", "dob": "1988-04-11"}), "same person"),
        (({"first_name": "John", "last_name": "Smith", "dob": "1960-03-02"},
          {"first_name": "JOHN", "last_name": "SMITH", "dob": "1992-07-19"}), "same household"),
        (({"first_name": "Priya", "last_name": "Patel", "dob": None},
          {"first_name": "Arjun", "last_name": "Patel", "dob": None}), "same household"),
    ],
    wrong=[
        "def classify_pair(a, b):\n"
        "    # same names means same person: the namesake father and son merged\n"
        "    same = (a['first_name'].upper() == b['first_name'].upper()) and "
        "(a['last_name'].upper() == b['last_name'].upper())\n"
        "    return 'same person' if same else 'same household'",
        "def classify_pair(a, b):\n"
        "    # dates compared as text: no allowance for a day/month swap\n"
        "    first_a, first_b = a['first_name'].upper(), b['first_name'].upper()\n"
        "    if a.get('dob') and b.get('dob'):\n"
        "        if a['dob'] != b['dob']:\n"
        "            return 'same household'\n"
        "        return 'same person' if first_a[0] == first_b[0] else 'same household'\n"
        "    return 'cannot tell' if first_a[0] == first_b[0] else 'same household'",
        "def classify_pair(a, b):\n"
        "    # same date of birth means same person: twins merged\n"
        "    if a.get('dob') and b.get('dob'):\n"
        "        return 'same person' if a['dob'] == b['dob'] else 'same household'\n"
        "    return 'cannot tell'",
        "def classify_pair(a, b):\n"
        "    # the right rules, but names compared case by case: 'amara' and 'AMARA' look like two people\n"
        "    def swap(d):\n"
        "        y, m, day = d.split('-')\n"
        "        return f'{y}-{day}-{m}'\n"
        "    same_initial = a['first_name'][0] == b['first_name'][0]\n"
        "    if a.get('dob') and b.get('dob'):\n"
        "        if a['dob'] != b['dob'] and swap(a['dob']) != b['dob']:\n"
        "            return 'same household'\n"
        "        return 'same person' if same_initial else 'same household'\n"
        "    return 'cannot tell' if same_initial else 'same household'",
    ],
    hints=[
        "Start from the dates of birth. Both present and different (after allowing for a day/month swap): two "
        "people. Both present and equal: the same person, unless the first names start with different letters "
        "(twins).",
        "Without both dates, only first names with different initials prove two people; the same or a similar "
        "first name 'cannot tell'. Compare names in one case: 'John' and 'JOHN' are the same name. Return one of "
        "'same person', 'same household', 'cannot tell'.",
    ],
    starter="def classify_pair(a, b):\n    ...  # return 'same person', 'same household' or 'cannot tell'",
)
