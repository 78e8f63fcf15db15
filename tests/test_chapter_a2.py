"""A2's chapter module: what the generic walk over exercise declarations does not cover."""

import pandas as pd

from bootcamp.chapters import a2
from bootcamp.exercises import exercises_of


def test_exercises_follow_the_notebook_order():
    # the notebook meets counting pairs, then the growth exponent, then block skew, sampling, backends, the plan
    titles = [e.title for e in exercises_of(a2)]
    assert titles[1] == "The growth exponent" and titles[2] == "How much of the work is in the biggest blocks?"


def test_pair_counting_is_checked_on_series_as_the_notebook_passes_them():
    for args, _ in a2.q1.worked_cases() + a2.q3.worked_cases():
        assert isinstance(args[0], pd.Series) and isinstance(args[1], pd.Series)
    # the reference also takes plain lists
    assert a2.q1.reference(["SMITH", "SMITH", "KHAN"], ["SMITH", "KHAN", "KHAN"]) == 4


def test_backend_comparison_has_a_link_exactly_at_the_threshold():
    at_threshold = [args for args, _ in a2.q5.worked_cases()
                    if (args[0]["match_probability"] == 0.9).any() and (args[1]["match_probability"] == 0.9).any()]
    assert at_threshold


def test_no_chapter_text_counts_33_london_boroughs():
    choice_text = a2.q6.title + " ".join(a2.BLOCKING_OPTIONS.values())
    assert "33" not in choice_text
