"""I1 · Regular expressions for matching: front matter and checked exercises."""

from __future__ import annotations

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, ValueExercise
from solutions import regex

chapter = Chapter(
    code="I1",
    title="Regular expressions for matching",
    part="intermediate",
    week=5,
    minutes=195,
    notebook="book/intermediate/i1_regex.ipynb",
    questions=(
        "How do I describe the shape of a postcode, a flat number or an NHS number precisely enough for a computer?",
        "How do I pull the parts I need out of a free-text address or a 'SURNAME, Forename' name?",
        "How can I check an open-data file for personal data before it is published, and how well does the check work?",
        "How do I know a pattern is right, and how do I stop one from freezing my computer?",
    ),
    objectives=(
        "Read and write regular expressions with character classes, quantifiers, groups, alternation and anchors.",
        "Build the full UK postcode pattern, covering all six outward-code formats, step by step.",
        "Extract postcodes, flat numbers and house numbers from free-text addresses and split 'SURNAME, Forename' "
        "names with named groups.",
        "Validate NHS numbers with a pattern plus the Modulus 11 check digit, and explain why a pattern alone is not "
        "enough.",
        "Scan an open-data table for emails, phone numbers, NHS numbers, postcodes and names, and measure the "
        "scanner's precision and recall against planted labels.",
        "Test a pattern with a table of should-match and should-not-match cases, and recognise and rewrite patterns "
        "that backtrack catastrophically.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning with pandas (postcode normalisation, the standard person record).",
        "B5 · Address matching fundamentals is helpful but not required.",
    ),
    key_points=(
        "A regular expression describes the shape of text; build it a piece at a time and test each piece.",
        "Anchor validation patterns (fullmatch, or ^ and $) and use lookarounds to stop matches glued to other text.",
        "Named groups make extraction readable: m.group('flat') says what it is.",
        "A pattern checks shape, not meaning: an NHS number also needs its Modulus 11 check digit, a phone number "
        "its digit count.",
        "A personal-data scanner finds what it was written to find; plant labelled examples and measure its recall "
        "before trusting it, and have a person read what it cannot see.",
        "Keep a table of should-match and should-not-match cases beside every pattern and run it as a test.",
        "Nested quantifiers such as (\\w+\\s?)+ can take exponential time on a near-miss; write patterns where each "
        "character can be matched only one way.",
    ),
)


# --- exercises -----------------------------------------------------------------------------------------------------
# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type
# (tests/test_exercise_declarations.py walks them all).

# --- q1: the full UK postcode pattern -------------------------------------------------------------------------------

POSTCODE_SHOULD_MATCH = [
    "M1 1AE", "B33 8TH", "W1A 0AX", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "SW1W 0NY", "TB4 7QX", "E1W 1AA", "GIR 0AA",
]
POSTCODE_SHOULD_NOT_MATCH = [
    "TB47QX",      # no space: the pattern is for normalised postcodes
    "tb4 7qx",     # lower case: normalise first
    "TB4 7Q",      # inward code too short
    "TB4  7QX",    # two spaces
    "1TB 4QX",     # starts with a digit
    "TBB4 7QX",    # three letters in the area
    "TB123 4QX",   # three district digits
    "TB4 77X",     # two digits in the inward code
    "QA1 1AA",     # Q never starts a postcode
    "EC1A 1CB",    # C is never a unit letter
    "W1I 0AX",     # I is not allowed after the district digit in A9A
    "XTB4 7QX",
]

q1 = ValueExercise(
    label="i1-q1",
    title="The full UK postcode pattern",
    reference=regex.uk_postcode_pattern,
    compare=regex.pattern_compare(POSTCODE_SHOULD_MATCH, POSTCODE_SHOULD_NOT_MATCH),
    golden=[r"(?:(?:[A-PR-UWYZ]\d{1,2}|[A-PR-UWYZ]\d[ABCDEFGHJKPSTUW]|[A-PR-UWYZ][A-HK-Y]\d{1,2}"
            r"|[A-PR-UWYZ][A-HK-Y]\d[ABEHMNPRVWXY]) \d[ABDEFGHJLNPQRSTUWXYZ]{2}|GIR 0AA)"],
    wrong=[
        'POSTCODE = r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}"  # the popular short pattern: no letter rules, no GIR',
        'POSTCODE = r"(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)"  # GIR added, still no letter rules',
        'POSTCODE = r"(?:[A-PR-UWYZ][A-HK-Y]?[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)"  # forgets A9A and AA9A',
        'POSTCODE = (r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"\n'
        '            r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}")  # space optional, no GIR',
        'POSTCODE = r"[A-Z"  # a bracket left open: does not compile',
        "POSTCODE = 42  # not a pattern at all",
    ],
    hints=[
        "Six outward formats: A9, A99, A9A, AA9, AA99, AA9A. Write each as a piece, join them with | inside (?:...), "
        "then add ' ' and the inward code [0-9] followed by two letters.",
        "Then apply Royal Mail's letter rules: first letter not Q, V or X; second letter not I, J or Z; after the "
        "district digit in A9A only A B C D E F G H J K P S T U W; in AA9A only A B E H M N P R V W X Y; unit "
        "letters never C I K M O V. And remember GIR 0AA.",
    ],
    starter="POSTCODE = ...  # your pattern, as a raw string: r\"...\"",
)

# --- q2: house numbers ----------------------------------------------------------------------------------------------

q2 = FunctionExercise(
    label="i1-q2",
    title="Extract the house number",
    reference=regex.house_number,
    cases=[
        "14 HIGH STREET, TB4 7QX",
        "14A High Street",
        "12-14 MILL LANE",
        "12 - 14 Mill Lane",
        "FLAT 3, 22 STATION ROAD, TB2 1AB",
        "Flat 7 9 Church Road",
        "GROUND FLOOR FLAT 91 BOROUGH SQUARE LONDON",
        "ROSEBERY HOUSE, STATION ROAD, EC1A 1BB",
        "1st Floor Flat, 22b Mill Lane",
        "Apt. 12, 7 The Grove, W1A 0AX",
        None,
    ],
    golden=[("14 HIGH STREET, TB4 7QX", "14"), ("12 - 14 Mill Lane", "12-14"),
            ("FLAT 3, 22 STATION ROAD, TB2 1AB", "22"), ("1st Floor Flat, 22b Mill Lane", "22B"),
            ("GROUND FLOOR FLAT 91 BOROUGH SQUARE LONDON", "91"), ("ROSEBERY HOUSE, STATION ROAD, EC1A 1BB", None),
            (None, None)],
    wrong=[
        "import re\n\n"
        "def house_number(address):\n"
        "    # the first number in the line: the flat number, or the postcode's district digit\n"
        "    m = re.search(r'\\d+[A-Z]?', address or '')\n"
        "    return m.group(0) if m else None",
        "import re\n"
        "from solutions.regex import FLAT, POSTCODE_IN_TEXT\n\n"
        "def house_number(address):\n"
        "    # right order of work, but a range '12-14' comes back as '12'\n"
        "    if address is None:\n"
        "        return None\n"
        "    text = FLAT.sub(' ', POSTCODE_IN_TEXT.sub(' ', address))\n"
        "    m = re.search(r'\\b\\d+[A-Z]?\\b', text, re.I)\n"
        "    return m.group(0).upper() if m else None",
        "def house_number(address):\n    return 14  # the number of the first example, as a number",
    ],
    hints=[
        "Take the postcode out first (solutions.regex.POSTCODE_IN_TEXT.sub), then any 'FLAT 3' or 'GROUND FLOOR FLAT' part "
        "(solutions.regex.FLAT.sub), then search "
        r"for \d+[A-Z]? with an optional '-' and a second number.",
        r"Make sure '1st' is not a house number: the number must end at a word boundary (\b). Return upper case, "
        "ranges without spaces ('12-14'), and None when there is no number.",
    ],
    starter="def house_number(address):\n    ...  # your code here",
)

# --- q3: "SURNAME, Forename" ----------------------------------------------------------------------------------------

q3 = FunctionExercise(
    label="i1-q3",
    title="Split a name",
    reference=regex.split_name,
    cases=[
        "SMITH, John",
        "SMITH, John Paul",
        "O'BRIEN, Mrs Mary",
        "SMITH-JONES,ANN",
        "  DE LA CRUZ ,  Maria  ",
        "Mary Jane Smith",
        "Mr John Smith",
        "Cher",
        None,
    ],
    golden=[("SMITH, John Paul", ("John", "Paul", "SMITH")), ("O'BRIEN, Mrs Mary", ("Mary", None, "O'BRIEN")),
            ("  DE LA CRUZ ,  Maria  ", ("Maria", None, "DE LA CRUZ")), ("Mary Jane Smith", ("Mary", "Jane", "Smith")),
            ("Mr John Smith", ("John", None, "Smith")), ("Cher", (None, None, "Cher")), (None, (None, None, None))],
    wrong=[
        "def split_name(name):\n"
        "    # no titles removed, no middle names, nothing for names without a comma\n"
        "    if name is None:\n"
        "        return (None, None, None)\n"
        "    last, _, first = name.partition(',')\n"
        "    return (first.strip() or None, None, last.strip() or None)",
        "import re\n\n"
        "def split_name(name):\n"
        "    # both forms handled, but the title stays: ('Mrs', 'Mary', \"O'BRIEN\")\n"
        "    if name is None:\n"
        "        return (None, None, None)\n"
        "    m = re.match(r'^\\s*([^,]+?)\\s*,\\s*(.*?)\\s*$', name)\n"
        "    if m:\n"
        "        forenames, surname = m.group(2), m.group(1)\n"
        "    else:\n"
        "        forenames, _, surname = ' '.join(name.split()).rpartition(' ')\n"
        "    first, _, middle = forenames.partition(' ')\n"
        "    return (first or None, middle or None, surname or None)",
    ],
    hints=[
        r"With a comma, the surname is everything before the first comma: ^(?P<surname>[^,]+?)\s*,\s*(?P<forenames>.*)$. "
        "Without one, the last word is the surname.",
        "Remove a leading title (MR, MRS, MS, MISS, DR ...) from the forenames; the first forename is the first "
        "name, the rest (or None) the middle names. Keep the case as written.",
    ],
    starter="def split_name(name):\n    ...  # return (first, middle, last)",
)

# --- q4: NHS numbers ------------------------------------------------------------------------------------------------

# 999000000 is a prefix for which no check digit is valid (the Modulus 11 sum gives 10)
NO_CHECK_DIGIT = regex.nhs_prefix_without_check_digit()

q4 = FunctionExercise(
    label="i1-q4",
    title="Validate an NHS number",
    reference=regex.is_valid_nhs_number,
    cases=[
        "9434765919", "943 476 5919", "9434765918", "943 476 591", "94347659190", "943 476 591X",
        "4010232137", "401 023 2137", f"{NO_CHECK_DIGIT}0", f"{NO_CHECK_DIGIT}1", "0000000000", " 943 476 5919 ",
        "9434 765919", "943476 5919", "", None,
    ],
    golden=[("9434765919", True), ("943 476 5919", True), (" 943 476 5919 ", True), ("9434765918", False),
            ("9434 765919", False), ("943476 5919", False), ("9990000000", False), ("9990000001", False),
            ("94347659190", False), ("", False), (None, False)],
    wrong=[
        "import re\n\n"
        "def is_valid_nhs_number(value):\n"
        "    # the shape only: any ten digits pass, and the spaces may fall anywhere\n"
        "    return isinstance(value, str) and re.fullmatch(r'\\d{3} ?\\d{3} ?\\d{4}', value.strip()) is not None",
        "import re\n\n"
        "def is_valid_nhs_number(value):\n"
        "    # the arithmetic is right, but the shape lets mixed spacing through: '9434 765919'\n"
        "    if not isinstance(value, str) or not re.fullmatch(r'\\d{3} ?\\d{3} ?\\d{4}', value.strip()):\n"
        "        return False\n"
        "    digits = value.replace(' ', '')\n"
        "    check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11\n"
        "    check = 0 if check == 11 else check\n"
        "    return check != 10 and check == int(digits[9])",
        "import re\n\n"
        "def is_valid_nhs_number(value):\n"
        "    # weights 1 to 9 instead of 10 down to 2\n"
        "    if not isinstance(value, str) or not re.fullmatch(r'\\d{10}|\\d{3} \\d{3} \\d{4}', value.strip()):\n"
        "        return False\n"
        "    digits = value.replace(' ', '')\n"
        "    check = 11 - sum(int(d) * w for d, w in zip(digits, range(1, 10))) % 11\n"
        "    return (0 if check == 11 else check) == int(digits[9])",
        "import re\n\n"
        "def is_valid_nhs_number(value):\n"
        "    # a remainder giving 10 is taken as check digit 0, instead of 'never valid'\n"
        "    if not isinstance(value, str) or not re.fullmatch(r'\\d{10}|\\d{3} \\d{3} \\d{4}', value.strip()):\n"
        "        return False\n"
        "    digits = value.replace(' ', '')\n"
        "    check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11\n"
        "    return (check % 10 if check != 11 else 0) == int(digits[9])",
    ],
    hints=[
        r"First the shape: ten digits, bare or as 3-3-4 with a space between every group: "
        r"^(?:\d{10}|\d{3} \d{3} \d{4})$ (after .strip()). Then the arithmetic on the digits.",
        "Multiply the first nine digits by 10, 9, ..., 2 and add them up; the check digit is 11 minus the remainder "
        "after dividing by 11. 11 means 0; 10 means the number can never be valid.",
    ],
    starter="def is_valid_nhs_number(value):\n    ...  # return True or False",
)

# --- q5: phone numbers ----------------------------------------------------------------------------------------------

q5 = FunctionExercise(
    label="i1-q5",
    title="Find UK phone numbers",
    reference=regex.find_phone_numbers,
    cases=[
        "Call me on 07700 900123 after six.",
        "mob:07700900456",
        "+44 7700 900789 or +44 (0)20 7946 0123",
        "Office (020) 7946 0018, ext 4",
        "Ring 0161 496 0000 or 0800 123 4567.",
        "NHS no 943 476 5919, ref 20261234",
        "Reported 12/03/2026 at 0930",
        "Dial 999",
        "Paid into account 0123456789012 on 3 May",
        None,
    ],
    golden=[("Call me on 07700 900123 after six.", ["07700 900123"]),
            ("+44 7700 900789 or +44 (0)20 7946 0123", ["+44 7700 900789", "+44 (0)20 7946 0123"]),
            ("NHS no 943 476 5919, ref 20261234", []), ("Dial 999", []), (None, [])],
    wrong=[
        "import re\n\n"
        "def find_phone_numbers(text):\n"
        "    return re.findall(r'07\\d{3} ?\\d{6}', text or '')  # mobiles only",
        "import re\n\n"
        "def find_phone_numbers(text):\n"
        "    # any 0 followed by digits and spaces, digits never counted: dates, times and references too\n"
        "    found = re.findall(r'(?:\\+44\\s?(?:\\(0\\)\\s?)?|\\(?0)[\\d\\s()]{6,}\\d', text or '')\n"
        "    return [m.strip() for m in found]",
        "from solutions.regex import find_phone_numbers  # handing in the course's own function",
    ],
    hints=[
        r"A UK number starts with 0 (maybe in brackets) or +44 (maybe followed by (0)); then 9 or 10 more digits "
        r"with spaces, dashes or brackets between them: (?:[\s()-]{0,2}\d){9,10}.",
        "Stop the match from starting or ending inside a longer run of digits with lookarounds, then count the "
        "digits of each candidate in Python: with a leading 0 a UK number has 10 or 11.",
    ],
    starter="def find_phone_numbers(text):\n    ...  # return a list of the numbers, as written",
)

# --- q6: a safe pattern ---------------------------------------------------------------------------------------------

WORDS_SHOULD_MATCH = ["hello", "hello world", "Flat 3 Rosebery House", "a b c ", "a\tb"]
WORDS_SHOULD_NOT_MATCH = ["", " hello", "hello  world", "hello world!", "a" * 40 + "!", "a " * 20 + " !"]

q6 = ValueExercise(
    label="i1-q6",
    title="Rewrite a dangerous pattern",
    reference=regex.words_line_pattern,
    compare=regex.pattern_compare(WORDS_SHOULD_MATCH, WORDS_SHOULD_NOT_MATCH),
    golden=[r"\w+(?:\s\w+)*\s?"],
    wrong=[
        'SAFE_WORDS = r"^(\\w+\\s?)+$"  # the dangerous pattern itself: freezes on 40 letters and a "!"',
        'SAFE_WORDS = r"^\\w+( \\w+)*$"  # safe, but only spaces between words and no trailing space',
        'SAFE_WORDS = r"^[\\w\\s]+$"  # safe, but accepts two spaces in a row and a leading space',
    ],
    hints=[
        r"Match each character only one way: one word first (\w+), then any number of (one space, one word), "
        "then at most one space at the end.",
        r"^\w+(?:\s\w+)*\s?$ — the \s between words means the engine never has to guess where one word ends.",
    ],
    starter="SAFE_WORDS = ...  # your pattern, as a raw string: r\"...\"",
)
