"""B1 · Data and string cleaning with pandas: front matter and checked exercises.

The reference answers live in ``solutions.cleaning`` and ``solutions.postcodes``; together they make up
``solutions.standard_record``, which every later chapter uses.
"""

from __future__ import annotations

from functools import lru_cache

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of
from solutions import cleaning, postcodes

chapter = Chapter(
    code="B1",
    title="Data and string cleaning with pandas",
    part="beginner",
    week=1,
    minutes=150,
    notebook="book/beginner/b1_cleaning.ipynb",
    questions=(
        "What does real mess in council records look like, and which of it can cleaning fix?",
        "How do we make names, postcodes and dates from six systems comparable?",
        "When is a value missing, even though the cell is not empty?",
        "Which cleaning steps are safe, and which quietly change what a record says?",
    ),
    objectives=(
        "Profile a source: the share of empty cells and of placeholder junk (\"N/A\", \"UNKNOWN\", \".\") in "
        "every column.",
        "Clean names with pandas string methods: case, spaces, punctuation, titles and accents (with unicodedata).",
        "Explain why nickname expansion is one-to-many, and use the nicknames package to compare, not overwrite.",
        "Validate and normalise UK postcodes of every format with a regular expression, and take them apart into "
        "outward code, sector and district.",
        "Parse dates written in several styles to ISO dates, and measure how many dd/mm vs mm/dd dates are "
        "ambiguous.",
        "Turn any of the six Thamesbury sources into the standard person record with `standardise`, without "
        "losing a row.",
    ),
    prerequisites=(
        "Meet Thamesbury: the six sources and what each is for.",
        "A little pandas: reading a CSV, selecting columns, `value_counts`, `map` and `apply`.",
        "Writing a small Python function with `def` and `return`.",
    ),
    key_points=(
        "Clean before you match: most of what stops two records matching is how they are written, not what they say.",
        "Missing is more than empty: placeholder junk such as \"N/A\", \"UNKNOWN\" and \".\" must become real "
        "missing values before anything is counted or compared.",
        "Write one small function per job (name, postcode, date) that handles a missing value, test it on a few "
        "awkward examples, then apply it to whole columns with `.map`.",
        "Unicode's NFKD form strips most accents, but not all letters decompose: Ł and Ø need a table of their own.",
        "Nicknames are one-to-many (Bill may be William or Robert) and the lists are English-centric: use them to "
        "widen a comparison, never to overwrite a name.",
        "A UK postcode has six outward formats plus GIR 0AA; validate with the rules, normalise spacing and case, "
        "and fix only the keying errors that can mean one thing.",
        "01/02/2003 is two different dates. Read each source in its own documented order, and use other fields "
        "(such as a pupil's year group) to catch entries typed the other way round; some cannot be caught.",
        "Standardising never drops a row: rows in = rows out, and every change can be explained.",
    ),
)


# --- data the exercises need, computed once -----------------------------------------------------------------------


@lru_cache(maxsize=1)
def _source(name: str):
    from bootcamp import load

    return load(name)


def _asc_junk_columns() -> set[str]:
    return cleaning.junk_columns(_source("adult_social_care"))


def _shielding_invalid_postcodes() -> int:
    return int(len(postcodes.invalid_postcodes(_source("shielding_list")["postcode"])))


def _school_ambiguous_dates() -> int:
    return int(_source("school_census")["dob"].map(cleaning.is_ambiguous_date).sum())


def nickname_policy() -> str:
    """B: keep the name as recorded and compare through nickname variants when matching."""
    return "B"


# --- exercises -----------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="b1-q1", title="Spot placeholder junk",
    reference=cleaning.is_placeholder,
    cases=["N/A", "n/a", ".", " UNKNOWN ", "Unknown", "", "  ", None, "-", "N.A.", "Not known", "SMITH", "NASH",
           "0", "TB4 7QX", "J"],
    hints=[
        "Missing (None, NaN) is junk too: test with pd.isna first, but only when the value is not a string.",
        "Compare after .strip().upper() and removing full stops, against a set of placeholder words; a value with "
        "no letter or digit at all ('.', '-', '  ') is junk. 'NASH' and 'J' are real.",
    ],
    starter="def is_placeholder(value):\n    ...  # your code here",
)


q2 = ValueExercise(
    label="b1-q2", title="Find the columns that hold placeholder junk",
    reference=_asc_junk_columns,
    hints=[
        "Apply your is_placeholder to every column of load('adult_social_care'), but count only cells that are "
        "not already empty (.notna()): an empty cell is missing, not junk. cleaning.placeholder_profile does it all.",
    ],
    starter="asc_junk = ...  # a set of column names",
)


q3 = FunctionExercise(
    label="b1-q3", title="Take the accents off",
    reference=cleaning.strip_accents,
    cases=["Zoë", "Wiśniewski", "Łukasz", "José María", "Inês", "Søren", "SMITH", "Straße", None],
    hints=[
        "unicodedata.normalize('NFKD', text) splits 'ë' into 'e' plus a combining mark; "
        "unicodedata.combining(ch) is non-zero for the mark. Keep the characters that are not marks.",
        "Some letters do not split: 'Ł', 'ø' and 'ß' are letters of their own. Replace them with a small "
        "str.maketrans table before normalising. And a missing name (None) should stay None.",
    ],
    starter="def strip_accents(text):\n    ...  # your code here",
)


q4 = FunctionExercise(
    label="b1-q4", title="Tidy a name",
    reference=cleaning.clean_name,
    cases=["  o'BRIEN ", "MARY - JANE  smith", "Dr. Ama  Mensah", "Mrs Zoë Kowalska-Nowak", "o’brien",
           "smith,", "N/A", ".", None, "Mohammed  Ali  Khan"],
    hints=[
        "Work step by step: junk to None, strip_accents, .upper(), remove titles, then punctuation and spaces. "
        "cleaning.is_placeholder and strip_accents (your answer to q3) are yours to use.",
        "A curly apostrophe (’) is not the same character as a straight one ('). Replace full stops with a space "
        "before you look for titles, so 'Dr.' becomes 'DR'.",
        "re.sub(r\"\\s*-\\s*\", \"-\", text) closes up the spaces around a hyphen; re.sub(r\"\\s+\", \" \", text) "
        "turns runs of spaces into one.",
    ],
    starter="def clean_name(name):\n    ...  # your code here",
)


q5 = FunctionExercise(
    label="b1-q5", title="Decide whether two first names could match",
    reference=cleaning.could_be_same_first_name,
    cases=[("Bill", "William"), ("bill", "ROBERT"), ("Liz", "Elizabeth"), ("Bill", "Elizabeth"),
           ("Peggy", "Margaret"), ("Sam", "Samuel"), ("Sam", "Samantha"), ("Sarah", "sarah "), ("Mo", "Mohammed"),
           (None, "John")],
    hints=[
        "NickNamer().canonicals_of('bill') returns a set of formal names (in lower case). Compare sets, not "
        "single names: two first names could match when their sets of variants (each including the name itself) "
        "share a member.",
        "Clean both names first (your clean_name), and return False when either is missing.",
    ],
    starter="def could_be_same_first_name(a, b):\n    ...  # your code here",
)


q6 = ChoiceExercise(
    label="b1-q6", title="Choose what standardise does with nicknames",
    reference=nickname_policy,
    validate=one_of(["B"], why="a nickname can stand for several formal names, and only the resident knows which"),
    hints=[
        "'Bill' could be William or Robert, 'Jack' could be John or Jacqueline. What happens to a record if the "
        "cleaner picks the wrong one, and can anyone undo it later?",
    ],
    starter="nickname_choice = ...  # 'A', 'B' or 'C'",
)


q7 = FunctionExercise(
    label="b1-q7", title="Normalise a postcode",
    reference=postcodes.normalise_postcode,
    cases=[" ec1a1bb ", "W1A 0AX", "m1 1ae", "B33 8TH", "CR2 6XH", "DN55 1PT", "tb4  7qx", "SW1A OAA", "GIR 0AA",
           "TB4", "QB1 1AA", "AB1 1CI", "N/A", None],
    hints=[
        "Upper-case, remove everything that is not a letter or digit, then put one space before the last three "
        "characters. Then check the result against postcodes.POSTCODE_RE and return None if it fails.",
        "The inward code (last three characters) always starts with a digit: a letter O there can only be a zero. "
        "Fix that before you validate.",
    ],
    starter="def normalise_postcode(value):\n    ...  # your code here",
)


q8 = ValueExercise(
    label="b1-q8", title="Count the invalid shielding postcodes",
    reference=_shielding_invalid_postcodes,
    hints=[
        "Count the postcodes that are present (not missing) but give None from normalise_postcode. Empty cells do "
        "not count: they are missing, not invalid.",
    ],
    starter="invalid_shielding = ...  # a whole number",
)


q9 = FunctionExercise(
    label="b1-q9", title="Parse dates in mixed formats",
    reference=cleaning.parse_date,
    cases=["01/02/2003", "1/2/2003", "13/02/2003", "02/13/2003", "20030201", "2003-02-01", "1 Feb 2003",
           "31/02/2003", "01/01/1900", "N/A", None],
    hints=[
        "Try one regular expression per style (yyyy-mm-dd, yyyymmdd, dd/mm/yyyy, '1 Feb 2003') and build the date "
        "with datetime.date(year, month, day) inside try/except: it refuses 31 February for you.",
        "UK order is day first. But '02/13/2003' can only be month first: there is no month 13. And 1900-01-01 is "
        "what many systems store when the date is not known.",
    ],
    starter="def parse_date(value):\n    ...  # your code here",
)


q10 = ValueExercise(
    label="b1-q10", title="Count the ambiguous school census dates",
    reference=_school_ambiguous_dates,
    hints=[
        "A date is ambiguous when both numbers are 12 or less and they differ: 01/02/2003 is ambiguous, "
        "02/02/2003 and 13/02/2003 are not. Count them in load('school_census')['dob'].",
    ],
    starter="ambiguous_school_dates = ...  # a whole number",
)
