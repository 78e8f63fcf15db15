"""B1 · Data and string cleaning with pandas: front matter and checked exercises.

The reference answers live in ``solutions.cleaning`` and ``solutions.postcodes``; together they make up
``solutions.standard_record``, which every later chapter uses.
"""

from __future__ import annotations

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of
from solutions import cleaning, postcodes

chapter = Chapter(
    code="B1",
    title="Data and string cleaning with pandas",
    part="beginner",
    week=1,
    minutes=240,
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
        "and fix only the keying errors that can mean one thing. A valid shape is not a live postcode: a terminated "
        "code passes every rule, and only a postcode file can tell.",
        "01/02/2003 is two different dates. Read each source in its own documented order, and use other fields "
        "(such as a pupil's year group) to catch entries typed the other way round; some cannot be caught.",
        "Standardising never drops a row: rows in = rows out, and every change can be explained.",
    ),
)


# --- exercises -----------------------------------------------------------------------------------------------------
# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type (tests/test_exercise_declarations.py).

q1 = FunctionExercise(
    label="b1-q1", title="Spot placeholder junk",
    reference=cleaning.is_placeholder,
    cases=["N/A", "n/a", ".", " UNKNOWN ", "Unknown", "", "  ", None, float("nan"), "-", "N.A.", "Not known",
           "SMITH", "NASH", "0", "TB4 7QX", "J"],
    golden=[("N/A", True), (" Unknown ", True), ("N.A.", True), (".", True), (None, True), ("NASH", False),
            ("J", False), ("0", False)],
    wrong=[
        "def is_placeholder(value):\n"
        "    return value in {'N/A', 'UNKNOWN', '.'}  # only the exact strings seen in one file: misses 'n/a', None",
        "import pandas as pd\n\n"
        "def is_placeholder(value):\n"
        "    return bool(pd.isna(value)) or value == ''  # empty cells only: 'N/A' and '.' count as real values",
        "def is_placeholder(value):\n"
        "    if value is None:\n"
        "        return True\n"
        "    return value.strip().upper() in {'N/A', 'UNKNOWN', 'NOT KNOWN', '.', '-', ''}"
        "  # forgets NaN and 'N.A.'",
        "from solutions.cleaning import is_placeholder  # handing in the course's own function",
    ],
    hints=[
        "Missing (None, NaN) is junk too: test with pd.isna first, but only when the value is not a string.",
        "Compare after .strip().upper() and removing full stops, against a set of placeholder words; a value with "
        "no letter or digit at all ('.', '-', '  ') is junk. 'NASH' and 'J' are real.",
    ],
    starter="def is_placeholder(value):\n    ...  # your code here",
)


q2 = ValueExercise(
    label="b1-q2", title="Find the columns that hold placeholder junk",
    reference=cleaning.adult_social_care_junk_columns,
    golden=[{"first_name", "gender"}],
    wrong=[
        "asc_junk = {'first_name'}  # only the column where junk was spotted first",
        "from bootcamp import load\n"
        "asc = load('adult_social_care')\n"
        "asc_junk = set(asc.columns[asc.isna().any()])  # columns with empty cells: missing is not junk",
        "asc_junk = 2  # the number of columns, not their names",
    ],
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
    golden=[("Zoë", "Zoe"), ("Łukasz", "Lukasz"), ("Straße", "Strasse"), ("Søren", "Soren"), ("SMITH", "SMITH"),
            (None, None)],
    wrong=[
        "import unicodedata\n\n"
        "def strip_accents(text):\n"
        "    # the Stack Overflow one-liner: drops Ł instead of turning it into L\n"
        "    return unicodedata.normalize('NFKD', text).encode('ascii', 'ignore').decode() if text else text",
        "import unicodedata\n\n"
        "def strip_accents(text):\n"
        "    # NFKD only: forgets that None is a possible input, and leaves Ł and ß alone\n"
        "    return ''.join(ch for ch in unicodedata.normalize('NFKD', text) if not unicodedata.combining(ch))",
        "def strip_accents(text):\n    return text  # nothing done",
    ],
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
    golden=[("  Mrs Zoë Kowalska - Nowak.", "ZOE KOWALSKA-NOWAK"), ("  o'BRIEN ", "O'BRIEN"),
            ("o’brien", "O'BRIEN"), ("Dr. Ama  Mensah", "AMA MENSAH"), ("N/A", None), (None, None)],
    wrong=[
        "def clean_name(name):\n    return name.title()  # Title Case: O'Brien, and crashes on None",
        "def clean_name(name):\n"
        "    return None if name is None else name.strip().upper()  # case and ends only",
        "import re\n\n"
        "def clean_name(name):\n"
        "    # spaces and case, but titles and curly apostrophes left in\n"
        "    if name is None or name.strip() in {'', 'N/A', '.'}:\n"
        "        return None\n"
        "    return re.sub(r'\\s+', ' ', name.upper()).strip()",
    ],
    hints=[
        "Work step by step: junk to None, strip_accents, .upper(), remove titles, then punctuation and spaces. "
        "cleaning.is_placeholder and strip_accents (your answer to q3) are yours to use.",
        "A curly apostrophe (’) is not the same character as a straight one ('). Replace full stops with a space "
        "before you look for titles, so 'Dr.' becomes 'DR'.",
        "re.sub(r\"\\s*-\\s*\", \"-\", text) closes up the spaces around a hyphen; re.sub(r\"\\s+\", \" \", text) "
        "turns runs of spaces into one (see the box 'Regular expressions in one minute').",
    ],
    starter="def clean_name(name):\n    ...  # your code here",
)


q5 = FunctionExercise(
    label="b1-q5", title="Decide whether two first names could match",
    reference=cleaning.could_be_same_first_name,
    cases=[("Bill", "William"), ("bill", "ROBERT"), ("Liz", "Elizabeth"), ("Bill", "Elizabeth"),
           ("Peggy", "Margaret"), ("Liz", "Beth"), ("Peggy", "Maggie"), ("Zoë", "ZOE"), ("Sam", "Samuel"),
           ("Sam", "Samantha"), ("Sarah", "sarah "), ("Mo", "Mohammed"), (None, "John")],
    golden=[(("Bill", "William"), True), (("Bill", "Robert"), True), (("Bill", "Elizabeth"), False),
            (("Liz", "Beth"), True), (("Peggy", "Maggie"), True), (("Zoë", "ZOE"), True), ((None, "John"), False)],
    wrong=[
        "def could_be_same_first_name(a, b):\n"
        "    # no nicknames at all\n"
        "    return a is not None and b is not None and a.strip().upper() == b.strip().upper()",
        "def could_be_same_first_name(a, b):\n"
        "    # a nickname dictionary with one formal name per nickname\n"
        "    one_to_one = {'BILL': 'WILLIAM', 'LIZ': 'ELIZABETH', 'PEGGY': 'MARGARET', 'SAM': 'SAMUEL'}\n"
        "    if a is None or b is None:\n"
        "        return False\n"
        "    a, b = a.strip().upper(), b.strip().upper()\n"
        "    return one_to_one.get(a, a) == one_to_one.get(b, b)",
        "from nicknames import NickNamer\n"
        "from solutions.cleaning import clean_name\n\n"
        "def could_be_same_first_name(a, b):\n"
        "    # one nickname of the other only: misses two nicknames of one formal name (Liz and Beth)\n"
        "    a, b = clean_name(a), clean_name(b)\n"
        "    if a is None or b is None:\n"
        "        return False\n"
        "    namer = NickNamer()\n"
        "    return a == b or b.lower() in namer.canonicals_of(a.lower()) or a.lower() in namer.canonicals_of(b.lower())",
        "from nicknames import NickNamer\n\n"
        "def could_be_same_first_name(a, b):\n"
        "    # nickname sets compared, but the names are not cleaned first: 'Zoë' v 'ZOE', 'sarah ' v 'Sarah'\n"
        "    if a is None or b is None:\n"
        "        return False\n"
        "    namer = NickNamer()\n"
        "    return bool(({a.lower()} | namer.canonicals_of(a.lower())) & ({b.lower()} | namer.canonicals_of(b.lower())))",
    ],
    hints=[
        "NickNamer().canonicals_of('bill') returns a set of formal names (in lower case). Compare sets, not "
        "single names: two first names could match when their sets of variants (each including the name itself) "
        "share a member. That also catches two nicknames of one formal name (Liz and Beth: both Elizabeth).",
        "Clean both names first (your clean_name: 'Zoë' and 'ZOE' are one name), and return False when either "
        "is missing.",
    ],
    starter="def could_be_same_first_name(a, b):\n    ...  # your code here",
)


q6 = ChoiceExercise(
    label="b1-q6", title="Choose what standardise does with nicknames",
    reference=cleaning.nickname_policy,
    validate=one_of(["B"], why="a nickname can stand for several formal names, and only the resident knows which",
                    choices=["A", "B", "C"]),
    golden=["B", "b", " B "],
    wrong=[
        "nickname_choice = 'A'  # more fields agree, but Bill might be Robert: a guess nobody can undo",
        "nickname_choice = 'C'  # throws good data away",
        "nickname_choice = 'WILLIAM'  # not one of the options",
    ],
    hints=[
        "'Bill' could be William or Robert, 'Jack' could be John or Jacqueline. What happens to a record if the "
        "cleaner picks the wrong one, and can anyone undo it later?",
    ],
    starter="nickname_choice = ...  # 'A', 'B' or 'C'",
)


q7 = FunctionExercise(
    label="b1-q7", title="Normalise a postcode",
    reference=postcodes.normalise_postcode,
    cases=[" ec1a1bb ", "W1A 0AX", "m1 1ae", "B33 8TH", "CR2 6XH", "DN55 1PT", "tb4  7qx", "tb4-7qx", "SW1A OAA",
           "OX4 2JQ", "po1 2ab", "GIR 0AA", "TB4", "QB1 1AA", "AB1 1CI", "N/A", None],
    golden=[(" ec1a1bb ", "EC1A 1BB"), ("SW1A OAA", "SW1A 0AA"), ("tb4-7qx", "TB4 7QX"), ("OX4 2JQ", "OX4 2JQ"),
            ("po1 2ab", "PO1 2AB"), ("GIR 0AA", "GIR 0AA"), ("TB4", None), ("QB1 1AA", None), (None, None)],
    wrong=[
        "def normalise_postcode(value):\n"
        "    return None if value is None else value.strip().upper()  # tidies, but never validates or spaces",
        "import re\n\n"
        "def normalise_postcode(value):\n"
        "    # a regex for 'AA9 9AA' and 'A9 9AA' only: misses EC1A, W1A, DN55 ...\n"
        "    if value is None:\n"
        "        return None\n"
        "    s = re.sub(r'\\s', '', value.upper())\n"
        "    s = f'{s[:-3]} {s[-3:]}'\n"
        "    return s if re.fullmatch(r'[A-Z]{1,2}[0-9] [0-9][A-Z]{2}', s) else None",
        "from solutions.postcodes import POSTCODE_RE\n\n"
        "def normalise_postcode(value):\n"
        "    # every letter O made a zero, not only the one that starts the inward code: breaks OX4 and PO1\n"
        "    if value is None:\n"
        "        return None\n"
        "    s = ''.join(ch for ch in value.upper() if ch.isalnum()).replace('O', '0')\n"
        "    s = f'{s[:-3]} {s[-3:]}'\n"
        "    return s if POSTCODE_RE.match(s) else None",
        "from solutions.postcodes import POSTCODE_RE\n\n"
        "def normalise_postcode(value):\n"
        "    # spaces removed but not other punctuation: 'tb4-7qx' is lost\n"
        "    if value is None:\n"
        "        return None\n"
        "    s = value.upper().replace(' ', '')\n"
        "    if len(s) > 3 and s[-3] == 'O':\n"
        "        s = s[:-3] + '0' + s[-2:]\n"
        "    s = f'{s[:-3]} {s[-3:]}'\n"
        "    return s if POSTCODE_RE.match(s) else None",
    ],
    hints=[
        "Upper-case, remove everything that is not a letter or digit (spaces, hyphens, full stops), then put one "
        "space before the last three characters. Then check the result against postcodes.POSTCODE_RE and return "
        "None if it fails.",
        "The inward code (last three characters) always starts with a digit: a letter O there can only be a zero. "
        "Fix that one position before you validate, and no other: OX4 and PO1 are real postcodes with a real O.",
    ],
    starter="def normalise_postcode(value):\n    ...  # your code here",
)


q8 = ValueExercise(
    label="b1-q8", title="Count the invalid shielding postcodes",
    reference=cleaning.shielding_invalid_postcode_count,
    golden=[6],
    wrong=[
        "from bootcamp import load\n"
        "from solutions import postcodes\n"
        "shielding = load('shielding_list')\n"
        "invalid_shielding = int(shielding['postcode'].map(postcodes.normalise_postcode).isna().sum())"
        "  # counts the empty cells too",
        "from bootcamp import load\n"
        "invalid_shielding = int(load('shielding_list')['postcode'].isna().sum())  # the missing ones, not the invalid",
        "invalid_shielding = '6'  # typed as text, not computed as a number",
        "invalid_shielding = 0  # every postcode has the right shape? look again",
    ],
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
    golden=[("01/02/2003", "2003-02-01"), ("1/2/2003", "2003-02-01"), ("02/13/2003", "2003-02-13"),
            ("20030201", "2003-02-01"), ("1 Feb 2003", "2003-02-01"), ("31/02/2003", None), ("01/01/1900", None),
            ("N/A", None), (None, None)],
    wrong=[
        "import pandas as pd\n\n"
        "def parse_date(value):\n"
        "    return pd.to_datetime(value).strftime('%Y-%m-%d')  # month first, as pandas does by default",
        "import warnings\n"
        "import pandas as pd\n\n"
        "def parse_date(value):\n"
        "    # day first, but crashes on junk and keeps 1900-01-01\n"
        "    with warnings.catch_warnings():\n"
        "        warnings.simplefilter('ignore', UserWarning)\n"
        "        return pd.to_datetime(value, dayfirst=True).strftime('%Y-%m-%d')",
        "def parse_date(value):\n"
        "    # one format only\n"
        "    if value is None or '/' not in value:\n"
        "        return None\n"
        "    d, m, y = value.split('/')\n"
        "    return f'{y}-{int(m):02d}-{int(d):02d}'",
    ],
    hints=[
        "Try each style in turn: value.split('/') gives day, month and year of a slashed date; a value of eight "
        "digits (.isdigit()) is yyyymmdd; a value with '-' in it is yyyy-mm-dd; '1 Feb 2003' splits into three "
        "words. Build the date with datetime.date(year, month, day) inside try/except: it refuses 31 February.",
        "UK order is day first. But '02/13/2003' can only be month first: there is no month 13. And 1900-01-01 is "
        "what many systems store when the date is not known.",
    ],
    starter="def parse_date(value):\n    ...  # your code here",
)


q10 = ValueExercise(
    label="b1-q10", title="Count the ambiguous school census dates",
    reference=cleaning.school_census_ambiguous_dates,
    golden=[1264],
    wrong=[
        "from bootcamp import load\n"
        "ambiguous_school_dates = len(load('school_census'))  # every slashed date",
        "from bootcamp import load\n"
        "dob = load('school_census')['dob']\n"
        "day, month = dob.str.split('/').str[0].astype(int), dob.str.split('/').str[1].astype(int)\n"
        "ambiguous_school_dates = int(((day <= 12) & (month <= 12)).sum())  # counts 02/02/2003, which reads one way",
        "ambiguous_school_dates = 0",
    ],
    hints=[
        "A date is ambiguous when both numbers are 12 or less and they differ: 01/02/2003 is ambiguous, "
        "02/02/2003 and 13/02/2003 are not. Count them in load('school_census')['dob'].",
    ],
    starter="ambiguous_school_dates = ...  # a whole number",
)
