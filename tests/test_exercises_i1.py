"""I1's exercises accept their reference answers and reject the mistakes learners really make."""

import re

from bootcamp.chapters import i1
from tests.exercise_checks import exercise_tests


def first_number(address):  # forgets the flat number and the postcode
    m = re.search(r"\d+[A-Z]?", address or "")
    return m.group(0) if m else None


def number_without_ranges(address):  # right order of work, but "12-14" comes back as "12"
    if address is None:
        return None
    from solutions.regex import FLAT, POSTCODE_IN_TEXT
    text = FLAT.sub(" ", POSTCODE_IN_TEXT.sub(" ", address))
    m = re.search(r"\b\d+[A-Z]?\b", text, re.I)
    return m.group(0).upper() if m else None


def split_on_comma(name):  # no titles removed, no middle names, nothing for names without a comma
    if name is None:
        return (None, None, None)
    last, _, first = name.partition(",")
    return (first.strip() or None, None, last.strip() or None)


def split_keeping_title(name):
    if name is None:
        return (None, None, None)
    m = re.match(r"^\s*([^,]+?)\s*,\s*(.*?)\s*$", name)
    if m:
        forenames, surname = m.group(2), m.group(1)
    else:
        forenames, _, surname = " ".join(name.split()).rpartition(" ")
    first, _, middle = forenames.partition(" ")
    return (first or None, middle or None, surname or None)


def nhs_shape_only(value):
    return isinstance(value, str) and re.fullmatch(r"\d{3} ?\d{3} ?\d{4}", value.strip()) is not None


def nhs_wrong_weights(value):  # weights 1..9 instead of 10..2
    if not nhs_shape_only(value):
        return False
    digits = value.replace(" ", "").strip()
    check = 11 - sum(int(d) * w for d, w in zip(digits, range(1, 10))) % 11
    return (0 if check == 11 else check) == int(digits[9])


def nhs_ten_means_zero(value):  # treats a remainder giving 10 as check digit 0
    if not nhs_shape_only(value):
        return False
    digits = value.replace(" ", "").strip()
    check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1))) % 11
    return (check % 10 if check != 11 else 0) == int(digits[9])


def phones_mobile_only(text):
    return re.findall(r"07\d{3} ?\d{6}", text or "")


def phones_no_digit_count(text):  # any 0 followed by digits and spaces: dates, times, references
    return [m.strip() for m in re.findall(r"(?:\+44\s?(?:\(0\)\s?)?|\(?0)[\d\s()]{6,}\d", text or "")]


WRONG = {
    "i1-q1": [
        r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}",                            # the popular short pattern
        r"(?:[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}|GIR 0AA)",                 # ... with GIR but no letter rules
        r"(?:[A-PR-UWYZ][A-HK-Y]?[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}|GIR 0AA)",  # forgets A9A and AA9A
        r"(?:[A-PR-UWYZ][0-9]{1,2}|[A-PR-UWYZ][0-9][A-HJKPSTUW]|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
        r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]) ?[0-9][ABD-HJLNP-UW-Z]{2}",   # space optional, no GIR
        r"[A-Z",                                                               # does not compile
        42,
    ],
    "i1-q2": [first_number, number_without_ranges, lambda a: 14],
    "i1-q3": [split_on_comma, split_keeping_title],
    "i1-q4": [nhs_shape_only, nhs_wrong_weights, nhs_ten_means_zero],
    "i1-q5": [phones_mobile_only, phones_no_digit_count],
    "i1-q6": [i1.regex.WORDS_DANGEROUS, r"^\w+( \w+)*$", r"^[\w\s]+$"],
}

test_reference, test_wrong, test_stub = exercise_tests(i1, WRONG)
