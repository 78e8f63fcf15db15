"""B1's chapter module: what is not covered by the generic walk over exercise declarations."""

from bootcamp.chapters import b1
from bootcamp.exercises import exercises_of


def test_there_are_at_least_six_exercises():
    assert len(exercises_of(b1)) >= 6


def test_q7_cases_cover_the_letter_o_and_punctuation():
    cases = {args[0] for args, _ in b1.q7.worked_cases()}
    assert {"OX4 2JQ", "po1 2ab", "tb4-7qx", "SW1A OAA"} <= cases
