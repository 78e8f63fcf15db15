"""P3 · Finding residents who need support: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, subset_of
from solutions import shielding

chapter = Chapter(
    code="P3",
    title="Finding residents who need support",
    part="practice",
    week=None,
    minutes=150,
    notebook="book/practice/p3_shielding.ipynb",
    questions=(
        "The national shielding list has arrived: which of these residents does the council already know, and how "
        "do we reach them?",
        "Which matches can we act on straight away, and which need a person to check them?",
        "Who does the linkage miss, and why?",
        "What may a contact list carry, and what must a caller check before trusting it?",
    ),
    objectives=(
        "Link a national list to several council sources with the course's probabilistic pipeline and read off "
        "existing support (care, benefits) for each person.",
        "Set two thresholds for a clerical-review band, and measure how many pairs land in each band and each "
        "band's precision.",
        "Measure missed-match rates by subgroup (name origin, recent movers, people in flats, age band) as a table "
        "and a chart, and explain them from the fields that disagree.",
        "Build a minimised contact list with caveats a caller can act on.",
        "Describe the data protection context of this use (the 2020 COPI notices, UK GDPR) and what it asks of "
        "you, without mistaking it for legal advice.",
    ),
    prerequisites=(
        "I3 · Probabilistic matching algorithms (link_people and match probabilities).",
        "B4 · Good practice in data linkage (missed-match rates, clerical review, minimisation).",
    ),
    key_points=(
        "Linking a national list to council records turns a list of names into actions: who is already a care "
        "client, who is known to the benefits team, and who nobody knows.",
        "Two thresholds make three bands. Accept automatically only where precision is high; send the middle band "
        "to people; count and measure each band before choosing.",
        "Missed matches are not random: people who moved recently, people in flats and people with common names "
        "are missed more often. Measure it by subgroup and say so when you hand the list over.",
        "A contact list carries only what a caller needs, with caveats beside each row; it never carries NHS "
        "numbers, health or care details or benefit details.",
        "Emergency powers (the COPI notices of 2020) allowed the sharing; UK GDPR still applied. Minimise, record "
        "what you did, and ask your DPO.",
    ),
)

# --- q1: three bands ------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="p3-q1",
    title="Three bands from two thresholds",
    reference=shielding.assign_band,
    cases=[
        (pd.Series([0.999, 0.95, 0.4, 0.05]), 0.5, 0.99),
        (pd.Series([0.99, 0.5, 0.4999]), 0.5, 0.99),            # on the thresholds themselves
        (pd.Series([0.2, 0.8], index=["SL1", "SL2"]), 0.1, 0.9),  # keep the index
        (pd.Series([1.0, 0.0, None]), 0.3, 0.98),                  # a missing probability is no evidence
    ],
    hints=[
        "Compare with `>=`: a probability equal to the upper threshold is accepted, one equal to the lower "
        "threshold is reviewed.",
        "np.where(p >= upper, 'auto-accept', np.where(p >= lower, 'review', 'reject')), wrapped in a Series with "
        "the input's index. NaN >= anything is False, so a missing value falls through to 'reject'.",
    ],
    starter="def assign_band(probabilities, lower, upper):\n    ...  # a Series of 'auto-accept', 'review', 'reject'",
)

# --- q2: precision per band -----------------------------------------------------------------------------------------

_SCORED = pd.DataFrame({
    "left_id": ["S1", "S1", "S2", "S3", "S4", "S5", "S6"],
    "right_id": ["C1", "C2", "C3", "C4", "C5", "C6", "C7"],
    "match_probability": [0.999, 0.995, 0.97, 0.6, 0.45, 0.2, 0.05],
})
_TRUTH = {("S1", "C1"), ("S1", "C2"), ("S2", "C3"), ("S4", "C5"), ("S9", "C9")}

q2 = FunctionExercise(
    label="p3-q2",
    title="Precision in each band",
    reference=shielding.band_table,
    cases=[
        (_SCORED, _TRUTH, 0.5, 0.99),
        (_SCORED, _TRUTH, 0.1, 0.9),
        (_SCORED, {("S1", "C1")}, 0.3, 0.998),
        (_SCORED, _TRUTH, 0.01, 0.9999),  # nothing reaches auto-accept, nothing is rejected: keep the empty bands
    ],
    hints=[
        "Label each pair with assign_band, mark whether (left_id, right_id) is in the truth, then group by band.",
        "Precision of a band = its true matches ÷ its pairs; share_of_true = its true matches ÷ ALL true pairs "
        "(including ones never scored). Keep all three bands, in the order auto-accept, review, reject, and round "
        "to 4 decimals.",
    ],
    starter="def band_table(scored, truth, lower, upper):\n    ...  # band, pairs, true_matches, precision, share_of_true",
)

# --- q3: choose the band for the hub's capacity -----------------------------------------------------------------------

MIN_AUTO_PRECISION = 0.98
MAX_REVIEW_PAIRS = 400
MIN_FOUND = 0.90


def _band_figures(choice):
    links = shielding.shielding_links()
    return shielding.band_table(links["scored"], links["truth"], *choice)


def _validate_thresholds(answer):
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected two numbers, (lower, upper)"
    lower, upper = answer
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in answer):
        return "both thresholds must be numbers"
    if not 0 <= lower < upper <= 1:
        return f"need 0 ≤ lower < upper ≤ 1; got lower={lower}, upper={upper} (did you swap them?)"
    table = _band_figures((lower, upper)).set_index("band")
    auto, review = table.loc["auto-accept"], table.loc["review"]
    found = auto["share_of_true"] + review["share_of_true"]
    problems = []
    if not auto["pairs"] or auto["precision"] < MIN_AUTO_PRECISION:
        problems.append(f"auto-accept precision is {auto['precision']:.1%}, below {MIN_AUTO_PRECISION:.0%}")
    if review["pairs"] > MAX_REVIEW_PAIRS:
        problems.append(f"the review band holds {int(review['pairs'])} pairs, more than the {MAX_REVIEW_PAIRS} the "
                        "team can check")
    if found < MIN_FOUND:
        problems.append(f"auto-accept and review together hold {found:.1%} of the true matches, below "
                        f"{MIN_FOUND:.0%}")
    return "; ".join(problems) or None


q3 = ChoiceExercise(
    label="p3-q3",
    title="A review band the hub can staff",
    reference=lambda: (0.5, 0.99),
    validate=_validate_thresholds,
    hints=[
        f"Try a few pairs with shielding.band_table(scored, truth, lower, upper). The upper threshold sets the "
        f"auto-accept precision (≥ {MIN_AUTO_PRECISION:.0%}); the lower one sets how many pairs reach review "
        f"(≤ {MAX_REVIEW_PAIRS}) and how many true matches are kept (≥ {MIN_FOUND:.0%}).",
        "Lowering the lower threshold finds more true matches but fills the review band with non-matches; raising "
        "the upper threshold moves pairs from auto-accept into review.",
    ],
    starter="thresholds = ...  # (lower, upper)",
)

# --- q4: what the contact list must not carry -------------------------------------------------------------------------

CANDIDATE_FIELDS = ("record_id", "first_name", "last_name", "address", "postcode", "phone", "dob", "nhs_number",
                    "gp_practice_code", "primary_support_reason", "benefit_type", "known_to", "action", "caveats")

q4 = ChoiceExercise(
    label="p3-q4",
    title="Keep the contact list minimal",
    reference=lambda: list(shielding.NOT_FOR_CALLERS),
    validate=subset_of(
        set(shielding.NOT_FOR_CALLERS),
        set(shielding.NOT_FOR_CALLERS) | {"dob"},
        why="a caller needs a name, an address, a phone number, what to do and what to check; health, care and "
            "benefit details and NHS or GP identifiers stay in the systems that hold them (leaving out dob is a "
            "defensible choice too: callers can ask the resident to confirm it)",
    ),
    hints=[
        "For each field ask: would a caller do anything differently because they can see it?",
        "The action column already says 'pass to the care team': the caller does not need the support reason, "
        "the benefit type, the NHS number or the GP practice to make the call.",
    ],
    starter="leave_out = ...  # a list of field names the contact list must not carry",
)
