"""I1 · Regular expressions for matching: front matter and checked exercises."""

from __future__ import annotations

import re

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise, Timeout, ValueExercise, time_limit
from solutions import regex

chapter = Chapter(
    code="I1",
    title="Regular expressions for matching",
    part="intermediate",
    week=5,
    minutes=180,
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


def _compare_patterns(cases_match, cases_not_match, flags=0):
    def compare(answer, expected):
        if not isinstance(answer, (str, re.Pattern)):
            return f"expected a pattern as a string, got {type(answer).__name__}"
        try:
            compiled = answer if isinstance(answer, re.Pattern) else re.compile(answer, flags)
        except re.error as exc:
            return f"your pattern does not compile: {exc}"
        reference = re.compile(expected, flags)
        for text in [*cases_match, *cases_not_match]:
            try:
                with time_limit(1):
                    got = compiled.fullmatch(text) is not None
            except Timeout:
                return f"on {text!r} your pattern ran for more than a second: catastrophic backtracking"
            wanted = reference.fullmatch(text) is not None
            if got != wanted:
                return (f"on {text!r} it should {'match' if wanted else 'NOT match'}, but it "
                        f"{'matched' if got else 'did not'}")
        return None

    return compare


q1 = ValueExercise(
    label="i1-q1",
    title="The full UK postcode pattern",
    reference=regex.uk_postcode_pattern,
    compare=_compare_patterns(POSTCODE_SHOULD_MATCH, POSTCODE_SHOULD_NOT_MATCH),
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
    hints=[
        r"With a comma, the surname is everything before the first comma: ^(?P<surname>[^,]+?)\s*,\s*(?P<forenames>.*)$. "
        "Without one, the last word is the surname.",
        "Remove a leading title (MR, MRS, MS, MISS, DR ...) from the forenames; the first forename is the first "
        "name, the rest (or None) the middle names. Keep the case as written.",
    ],
    starter="def split_name(name):\n    ...  # return (first, middle, last)",
)

# --- q4: NHS numbers ------------------------------------------------------------------------------------------------


def _first_nine_with_check_ten() -> str:
    """A nine-digit prefix for which no valid check digit exists (the Modulus 11 remainder gives 10)."""
    for n in range(999000000, 999001000):
        if regex.nhs_check_digit(str(n)) is None:
            return str(n)
    raise AssertionError("no prefix found")  # pragma: no cover


_TEN = _first_nine_with_check_ten()

q4 = FunctionExercise(
    label="i1-q4",
    title="Validate an NHS number",
    reference=regex.is_valid_nhs_number,
    cases=[
        "9434765919", "943 476 5919", "9434765918", "943 476 591", "94347659190", "943 476 591X",
        "4010232137", "401 023 2137", f"{_TEN}0", f"{_TEN}1", "0000000000", " 943 476 5919 ", "", None,
    ],
    hints=[
        r"First the shape: ten digits, bare or as 3-3-4 with spaces (^\d{3} ?\d{3} ?\d{4}$). Then the arithmetic "
        "on the digits.",
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
    compare=_compare_patterns(WORDS_SHOULD_MATCH, WORDS_SHOULD_NOT_MATCH),
    hints=[
        r"Match each character only one way: one word first (\w+), then any number of (one space, one word), "
        "then at most one space at the end.",
        r"^\w+(?:\s\w+)*\s?$ — the \s between words means the engine never has to guess where one word ends.",
    ],
    starter="SAFE_WORDS = ...  # your pattern, as a raw string: r\"...\"",
)

