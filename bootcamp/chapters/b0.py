"""B0 · Python and Jupyter for analysts: front matter and checked exercises.

For learners who have never written Python. Exercises come in two novice styles: *value* (compute one number or
name from the data, following a worked example) and *fill in the blank* (working code with ``____`` gaps; see
``bootcamp.blanks``). The reference answers live in ``solutions.python_basics``.
"""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, ValueExercise
from solutions import python_basics

chapter = Chapter(
    code="B0",
    title="Python and Jupyter for analysts",
    part="beginner",
    week=0,
    minutes=180,
    notebook="book/beginner/b0_python_jupyter.ipynb",
    questions=(
        "What is a notebook, and how do I run, edit and restart one without losing my work?",
        "How do I do in pandas what I do in Excel: open a sheet, pick columns, filter rows, make a pivot table, "
        "do a VLOOKUP?",
        "How do I write a small function of my own?",
        "What are the regular expressions in chapter B1 saying?",
    ),
    objectives=(
        "Run, edit and re-run notebook cells, restart the kernel, and tell a code cell from a text cell.",
        "Read a Thamesbury source with `load`, and look at it with `.shape`, `.head()` and `.columns`.",
        "Select columns and filter rows with a condition, and count what is left.",
        "Count by group with `groupby` and `value_counts`, breaking ties on purpose.",
        "Join two tables with `merge`, and check that no row was lost (a left merge keeps every record).",
        "Write a function with `def` and `return` that handles a missing value, and apply it to a column with `.map`.",
        "Read the regular expressions used in chapter B1: `\\d`, `\\s`, `[A-Z]`, `+`, `?`, `{1,2}`, with "
        "`re.sub`, `re.match` and `re.fullmatch`.",
    ),
    prerequisites=(
        "Setup done: `python -m bootcamp doctor` says everything is ready, or the course's JupyterHub opens.",
        "Spreadsheets: you have filtered a sheet, made a pivot table or used VLOOKUP. No programming needed.",
    ),
    key_points=(
        "A notebook runs cells in the order you run them, not the order on the page: when in doubt, restart the "
        "kernel and run all.",
        "A DataFrame is a sheet: `df[\"column\"]` picks a column, `df[condition]` filters rows, `len(df)` counts them.",
        "`groupby(...).size()` is a pivot table of counts; sort by the count *and* a name so that ties come out the "
        "same on every computer.",
        "`merge` is VLOOKUP for whole tables. `how=\"left\"` keeps every record; always compare the rows in and out.",
        "A function is a recipe with a name: `def` names it and its inputs, `return` hands back the result. "
        "Decide what it does with a missing value.",
        "A regular expression describes the shape of text: `\\d` a digit, `\\s` a space, `[A-Z]` a capital, `+` "
        "one or more. Read them piece by piece.",
        "Every exercise says why an answer is wrong, and hands you the reference answer when you are stuck.",
    ),
)


# --- value exercises: one number or name from the data -----------------------------------------------------------

q1 = ValueExercise(
    label="b0-q1", title="Count the council tax accounts",
    reference=python_basics.council_tax_rows,
    golden=[11_290],
    wrong=[
        "from bootcamp import load\nct_rows = len(load('council_tax').columns)  # counted the columns, not the rows",
        "from bootcamp import load\nct_rows = load('council_tax').shape  # the shape is (rows, columns), not one number",
        "ct_rows = 5  # the rows that .head() shows, not the whole table",
    ],
    hints=["Read the extract with load('council_tax'); len(table) is the number of rows, and table.shape gives "
           "(rows, columns)."],
    starter="ct_rows = ...  # a whole number",
)


q2 = ValueExercise(
    label="b0-q2", title="Filter the accounts with a single person discount",
    reference=python_basics.single_person_discounts,
    golden=[3_624],
    wrong=[
        "from bootcamp import load\nct = load('council_tax')\n"
        "discounts = int((ct['single_person_discount'] == 'N').sum())  # counted the accounts without it",
        "from bootcamp import load\nct = load('council_tax')\n"
        "discounts = int(ct['single_person_discount'].notna().sum())  # counted every filled-in cell, Y or N",
        "from bootcamp import load\nct = load('council_tax')\n"
        "discounts = len(ct[ct['single_person_discount'] == 'Y']) / len(ct)  # a share, not a count",
    ],
    hints=["ct[\"single_person_discount\"] == \"Y\" is True or False for each row; filter with it, then count the rows "
           "with len(...)."],
    starter="discounts = ...  # a whole number",
)


q3 = ValueExercise(
    label="b0-q3", title="Find the ward with the most properties",
    reference=python_basics.biggest_ward,
    golden=["Woodside"],
    wrong=[
        "from bootcamp import load\ngaz = load('gazetteer')\n"
        "biggest = gaz.groupby('ward').size().sort_values().index[0]  # sorted smallest first",
        "from bootcamp import load\ngaz = load('gazetteer')\n"
        "biggest = gaz['ward'].sort_values().iloc[0]  # the first ward in the alphabet, not the biggest",
        "from bootcamp import load\ngaz = load('gazetteer')\n"
        "biggest = int(gaz['ward'].value_counts().iloc[0])  # the count, not the ward's name",
    ],
    hints=["load('gazetteer')['ward'].value_counts() counts the properties in each ward, largest first; the "
           "answer is a ward's name (a string), not its count."],
    starter="biggest = ...  # a ward's name, as a string",
)


# --- fill in the blanks ------------------------------------------------------------------------------------------

EXAMPLE_RECORDS = pd.DataFrame({"record_id": ["CT1", "CT2", "CT3", "CT4"],
                         "postcode": ["TB4 7QX", "TB1 2AB", None, "TB4 7QX"]})
EXAMPLE_WARDS = pd.DataFrame({"postcode": ["TB1 2AB", "TB4 7QX", "TB9 9ZZ"], "ward": ["Old Town", "Riverside", "Kingsmead"]})

q4 = FunctionExercise(
    label="b0-q4", title="Add each record's ward with a merge",
    reference=python_basics.add_ward,
    golden=[((EXAMPLE_RECORDS, EXAMPLE_WARDS),
             pd.DataFrame({"record_id": ["CT1", "CT2", "CT3", "CT4"],
                           "postcode": ["TB4 7QX", "TB1 2AB", None, "TB4 7QX"],
                           "ward": ["Riverside", "Old Town", None, "Riverside"]}))],
    cases=[(EXAMPLE_RECORDS.iloc[:2], EXAMPLE_WARDS), (EXAMPLE_RECORDS.iloc[2:3], EXAMPLE_WARDS)],
    wrong=[
        "def add_ward(records, wards):\n    return records.merge(wards, on='postcode', how='inner')  "
        "# inner drops the record with no postcode",
        "def add_ward(records, wards):\n    return wards.merge(records, on='postcode', how='left')  "
        "# the wrong table on the left: one row per ward, not per record",
        "def add_ward(records, wards):\n    return records.merge(wards, on='postcode', how='outer')  "
        "# outer adds a row for a ward's postcode with no record",
    ],
    hints=["merge is VLOOKUP for a whole table: records.merge(wards, on=..., how=...). on is the column both tables "
           "share; how says which rows to keep.",
           "how=\"left\" keeps every row of the table on the left (the records), with a missing ward where there is "
           "no match. Count the rows before and after."],
    starter=("from bootcamp.blanks import ____  # each ____ is a blank to fill in\n\n"
             "def add_ward(records, wards):\n"
             "    return records.merge(wards, on=____, how=____)"),
)


q5 = ValueExercise(
    label="b0-q5", title="Count the accounts left without a ward",
    reference=python_basics.accounts_without_ward,
    golden=[130],
    wrong=[
        "from bootcamp import load\nct = load('council_tax')\n"
        "no_ward = int(ct['postcode'].isna().sum())  # only the accounts with no postcode; others have one the "
        "lookup does not hold",
        "from bootcamp import load\nct = load('council_tax')\n"
        "no_ward = len(ct) - len(ct.merge(load('gazetteer')[['postcode', 'ward']], on='postcode'))  "
        "# merged with the whole gazetteer: one row per property, so the rows multiply",
        "no_ward = 0  # assumed every account has a postcode in the gazetteer",
    ],
    hints=["Merge load('council_tax') with the ward lookup, how=\"left\", then count the rows whose ward is "
           "missing: with_ward[\"ward\"].isna().sum()."],
    starter="no_ward = ...  # a whole number",
)


q6 = FunctionExercise(
    label="b0-q6", title="Join a first and last name",
    reference=python_basics.full_name,
    golden=[(("LEON", "SMITH"), "LEON SMITH"), ((" Amira ", "Khan "), "Amira Khan")],
    cases=[("Mary-Jane", "O'Brien"), ("  Nimal", "PERERA  ")],
    wrong=[
        "def full_name(first, last):\n    return first + last  # no space between the names",
        "def full_name(first, last):\n    return first + ' ' + last  # the spaces around each name stay in",
        "def full_name(first, last):\n    print(first.strip() + ' ' + last.strip())  # printed, not returned",
    ],
    hints=["\" Amira \".strip() is \"Amira\"; strings join with +. What goes between the two names?",
           "print shows a value; return hands it back to whoever called the function. The check needs return."],
    starter=("from bootcamp.blanks import ____  # each ____ is a blank to fill in\n\n"
             "def full_name(first, last):\n"
             "    return first.strip() + ____ + last.strip()"),
)


q7 = FunctionExercise(
    label="b0-q7", title="The outward code of a postcode",
    reference=python_basics.outward_code,
    golden=[("TB4 7QX", "TB4"), ("TB10 1AA", "TB10"), (" SW1A 1AA", "SW1A"), (None, None), (float("nan"), None)],
    cases=["EC1A 1BB", "M1 1AE"],
    wrong=[
        "def outward_code(postcode):\n    return postcode[:3]  # the first three characters: TB10 has four",
        "def outward_code(postcode):\n    return postcode.split(' ')[1]  # the second part is the inward code",
        "def outward_code(postcode):\n    return postcode.strip().split(' ')[0]  # forgot the missing postcode",
        "def outward_code(postcode):\n    if postcode is None:  # NaN, the way pandas marks an empty cell, is not None\n"
        "        return None\n    return postcode.strip().split(' ')[0]",
    ],
    hints=["\"TB4 7QX\".split(\" \") is [\"TB4\", \"7QX\"]; Python counts from 0, so the first part is [0].",
           "A missing postcode arrives as None, or as NaN from a pandas column: pd.isna(postcode) is True for both. "
           "Return None for it before calling any string method."],
    starter=("import pandas as pd\nfrom bootcamp.blanks import ____  # each ____ is a blank to fill in\n\n"
             "def outward_code(postcode):\n"
             "    if pd.isna(postcode):\n"
             "        return None\n"
             "    return postcode.strip().split(\" \")[____]"),
)


q8 = FunctionExercise(
    label="b0-q8", title="Squash runs of spaces",
    reference=python_basics.squash_spaces,
    golden=[("14  HIGH   STREET ", "14 HIGH STREET"), ("FLAT\t2", "FLAT 2"), ("SMITH", "SMITH")],
    cases=["  MARY  JANE", "A B"],
    wrong=[
        "def squash_spaces(text):\n    return text.replace('  ', ' ').strip()  # three spaces become two, not one",
        "import re\ndef squash_spaces(text):\n    return re.sub(r'\\s', ' ', text).strip()  # no +: each space "
        "is replaced by a space, runs stay",
        "import re\ndef squash_spaces(text):\n    return re.sub(r'\\s+', ' ', text)  # forgot the space at the end",
    ],
    hints=["\\s means one space-like character (a space or a tab); + means one or more of what comes before it.",
           "re.sub(pattern, replacement, text) replaces every match; .strip() takes off the spaces at the ends."],
    starter=("import re\nfrom bootcamp.blanks import ____  # each ____ is a blank to fill in\n\n"
             "def squash_spaces(text):\n"
             "    return re.sub(____, \" \", text).strip()"),
)


q9 = FunctionExercise(
    label="b0-q9", title="The house number at the start of an address",
    reference=python_basics.house_number,
    golden=[("14 HIGH STREET", "14"), ("14A HIGH STREET", "14A"), ("FLAT 3, 12 HIGH STREET", None),
            ("ROSE COTTAGE", None)],
    cases=["221B BAKER STREET", "7 MILL LANE"],
    wrong=[
        "import re\ndef house_number(address):\n    found = re.match(r'\\d', address)  # one digit only: 14 gives 1\n"
        "    return None if found is None else found.group()",
        "import re\ndef house_number(address):\n    found = re.search(r'\\d+[A-Z]?', address)  # search looks "
        "anywhere: finds the 3 of FLAT 3\n    return None if found is None else found.group()",
        "import re\ndef house_number(address):\n    found = re.match(r'\\d+', address)  # forgot the letter of 14A\n"
        "    return None if found is None else found.group()",
    ],
    hints=["re.match looks only at the start of the text. \\d+ is one or more digits; [A-Z]? is an optional capital "
           "letter.",
           "re.match returns None when the text does not start with the pattern; otherwise .group() is the text "
           "it matched."],
    starter=("import re\nfrom bootcamp.blanks import ____  # each ____ is a blank to fill in\n\n"
             "def house_number(address):\n"
             "    found = re.match(____, address)\n"
             "    if found is None:\n"
             "        return None\n"
             "    return found.group()"),
)
