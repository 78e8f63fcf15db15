"""Chapter P5's own tests, beyond what every exercise declaration gets (tests/test_exercise_declarations.py)."""

from bootcamp.chapters import p5
from solutions import cleaning


def test_the_library_cases_are_awkward_enough():
    # a title, an accent, a middle name, a US-ambiguous date, junk, an empty row, an impossible date
    text = " ".join(str(v) for frame in p5.LIBRARY_CASES for v in frame.to_numpy().ravel())
    for needle in ["Dr ", "ë", "Serwaa", "01/02/2003", "N/A", "31/02/1990"]:
        assert needle in text
    assert cleaning.is_placeholder(p5.LIBRARY_CASES[1]["full_name"].iloc[0])


def test_q1_samples_hold_the_traps_the_prompt_names():
    # a missing NHS number on both sides, an NHS number twice in social care, and two list records sharing one
    assert p5.SHIELDING_SAMPLE["nhs_number"].isna().any() and p5.CARE_SAMPLE["nhs_number"].isna().any()
    assert p5.CARE_SAMPLE["nhs_number"].dropna().duplicated().any()
    assert p5.SHIELDING_SAMPLE["nhs_number"].dropna().duplicated().any()
