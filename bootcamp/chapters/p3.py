"""P3 · Finding residents who need support: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, default_compare, subset_of
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
        "Set two thresholds for a clerical-review band on one half of the list, measure how many pairs land in each "
        "band and each band's precision, and report the thresholds on the other half.",
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
        "Two thresholds make three bands. Accept automatically only where precision is high; send to people the "
        "pairs where they change the decision; count and measure every band, the reject band too, before choosing. "
        "Where the scores are calibrated, a band's precision is about its typical score, and labelled pairs show "
        "whether they are.",
        "Choose thresholds on labelled pairs from one part of the list and report them on another: figures measured "
        "on the pairs that chose them flatter the choice.",
        "Missed matches are not random: on Thamesbury people who moved recently, and people known only to systems "
        "with no date of birth, are missed more often. Measure it by subgroup on your own data and say so when you "
        "hand the list over; the reasons (here, the synthetic borough's name lists) may be particular to your data.",
        "A contact list carries only what a caller needs, with caveats beside each row: no NHS numbers, no GP, no "
        "care or benefit details. Even 'known to the care team', and being on the list at all, are health and care "
        "data: decide who may see them.",
        "Emergency powers (the COPI notices of 2020) allowed the sharing; UK GDPR still applied. Minimise, record "
        "what you did, and ask your DPO.",
    ),
)

# --- q1: three bands ------------------------------------------------------------------------------------------------


def series_with_index(answer, expected) -> str | None:
    """Accept a Series with the expected values *and* the input's index (the band goes back onto the same rows)."""
    problem = default_compare(answer, expected)
    if problem:
        return problem
    if list(answer.index) != list(expected.index):
        return (f"the values are right but the index is {list(answer.index)[:5]}, not the input's "
                f"{list(expected.index)[:5]}: build the Series with index=probabilities.index")
    return None


q1 = FunctionExercise(
    label="p3-q1",
    title="Three bands from two thresholds",
    reference=shielding.assign_band,
    compare=series_with_index,
    cases=[
        (pd.Series([0.999, 0.95, 0.4, 0.05]), 0.5, 0.99),
        (pd.Series([0.99, 0.5, 0.4999]), 0.5, 0.99),            # on the thresholds themselves
        (pd.Series([0.2, 0.8], index=["SL1", "SL2"]), 0.1, 0.9),  # keep the index
        (pd.Series([1.0, 0.0, None]), 0.3, 0.98),                  # a missing probability is no evidence
    ],
    golden=[
        ((pd.Series([0.99, 0.5, 0.4999, 0.995]), 0.5, 0.99),
         pd.Series(["auto-accept", "review", "reject", "auto-accept"])),
        ((pd.Series([0.2, None], index=["SL7", "SL9"]), 0.1, 0.9),
         pd.Series(["review", "reject"], index=["SL7", "SL9"])),
    ],
    wrong=[
        "import numpy as np\nimport pandas as pd\n\n"
        "def assign_band(probabilities, lower, upper):\n"
        "    p = probabilities  # > instead of >=: a probability on a threshold falls a band lower\n"
        "    return pd.Series(np.where(p > upper, 'auto-accept', np.where(p > lower, 'review', 'reject')), "
        "index=p.index)",
        "import numpy as np\nimport pandas as pd\n\n"
        "def assign_band(probabilities, lower, upper):\n"
        "    p = probabilities  # tests written as 'below': NaN < x is False, so a missing probability is accepted\n"
        "    return pd.Series(np.where(p < lower, 'reject', np.where(p < upper, 'review', 'auto-accept')), "
        "index=p.index)",
        "import numpy as np\nimport pandas as pd\n\n"
        "def assign_band(probabilities, lower, upper):\n"
        "    p = probabilities  # the textbook's labels, not the ones asked for\n"
        "    return pd.Series(np.where(p >= upper, 'match', np.where(p >= lower, 'possible', 'non-match')), "
        "index=p.index)",
        "import numpy as np\nimport pandas as pd\n\n"
        "def assign_band(probabilities, lower, upper):\n"
        "    p = probabilities  # a fresh 0, 1, 2 ... index: the bands no longer line up with the pairs\n"
        "    return pd.Series(np.where(p >= upper, 'auto-accept', np.where(p >= lower, 'review', 'reject')))",
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
    golden=[
        ((_SCORED, _TRUTH, 0.5, 0.99),
         pd.DataFrame({"band": ["auto-accept", "review", "reject"], "pairs": [2, 2, 3], "true_matches": [2, 1, 1],
                       "precision": [1.0, 0.5, 0.3333], "share_of_true": [0.4, 0.2, 0.2]})),
        ((_SCORED, _TRUTH, 0.01, 0.9999),
         pd.DataFrame({"band": ["auto-accept", "review", "reject"], "pairs": [0, 7, 0], "true_matches": [0, 4, 0],
                       "precision": [None, 0.5714, None], "share_of_true": [0.0, 0.8, 0.0]})),
    ],
    wrong=[
        "from solutions.shielding import band_table as reference\n\n"
        "def band_table(scored, truth, lower, upper):\n"
        "    table = reference(scored, truth, lower, upper)  # divides by ALL pairs, not the band's own pairs\n"
        "    table['precision'] = (table['true_matches'] / table['pairs'].sum()).round(4)\n"
        "    return table",
        "from solutions.shielding import band_table as reference\n\n"
        "def band_table(scored, truth, lower, upper):\n"
        "    scored_pairs = set(zip(scored['left_id'], scored['right_id']))\n"
        "    found = set(truth) & scored_pairs  # divides by the true pairs that were scored, not all of them\n"
        "    table = reference(scored, truth, lower, upper)\n"
        "    table['share_of_true'] = (table['true_matches'] / len(found)).round(4)\n"
        "    return table",
        "from solutions.shielding import band_table as reference\n\n"
        "def band_table(scored, truth, lower, upper):\n"
        "    table = reference(scored, truth, lower, upper)  # drops the empty bands\n"
        "    return table[table['pairs'] > 0].reset_index(drop=True)",
        "import pandas as pd\n"
        "from solutions.shielding import assign_band\n\n"
        "def band_table(scored, truth, lower, upper):\n"
        "    band = assign_band(scored['match_probability'], lower, upper)\n"
        "    is_true = [pair in truth for pair in zip(scored['left_id'], scored['right_id'])]\n"
        "    frame = pd.DataFrame({'band': band, 'true': is_true})\n"
        "    table = frame.groupby('band').agg(pairs=('true', 'size'), true_matches=('true', 'sum')).reset_index()\n"
        "    table['precision'] = (table['true_matches'] / table['pairs']).round(4)\n"
        "    table['share_of_true'] = (table['true_matches'] / len(truth)).round(4)\n"
        "    return table  # groupby sorts the bands alphabetically and drops empty ones",
    ],
    hints=[
        "Label each pair with assign_band, mark whether (left_id, right_id) is in the truth, then group by band.",
        "Precision of a band = its true matches ÷ its pairs; share_of_true = its true matches ÷ ALL true pairs "
        "(including ones never scored). Keep all three bands, in the order auto-accept, review, reject "
        "(.reindex(['auto-accept', 'review', 'reject'])), and round to 4 decimals.",
    ],
    starter="def band_table(scored, truth, lower, upper):\n    ...  # band, pairs, true_matches, precision, share_of_true",
)

# --- q3: choose the band for the hub's capacity, on the tuning half -------------------------------------------------

MIN_AUTO_PRECISION = shielding.MIN_AUTO_PRECISION
MAX_REVIEW_PAIRS = shielding.MAX_REVIEW_PAIRS
MIN_FOUND = shielding.MIN_FOUND

q3 = ChoiceExercise(
    label="p3-q3",
    title="A review band the hub can staff",
    reference=shielding.hub_thresholds,
    validate=shielding.hub_threshold_problems,
    golden=[(0.1, 0.9), (0.5, 0.85), [0.3, 0.8]],
    wrong=[
        "thresholds = (0.9, 0.1)  # swapped: lower first",
        "thresholds = (0.5, 0.99)  # the first try: 136 pairs to review, 79 of them scored 0.9 to 0.99 and all but one "
        "true",
        "thresholds = (0.1, 0.95)  # upper a little higher: 51 more near-certain pairs to review, over 80",
        "thresholds = (0.02, 0.9)  # reaching below 0.1: 6 more true pairs, but over 300 more pairs to review",
        "thresholds = (0.1, 0.5)  # accept whatever is more likely than not: auto-accept precision below 99 %",
        "thresholds = (0.7, 0.9)  # review only the near misses: the true pairs scored 0.645 are rejected unseen",
        "thresholds = (0.65, 0.95)  # both raised: the pairs scored 0.9 to 0.95 overfill review, too few true pairs",
        "thresholds = (0.1, 0.999)  # upper too high: the pairs scored 0.99 to 0.999 all go to review",
        "thresholds = 0.9  # one threshold, not two",
        "thresholds = ('0.1', '0.9')  # text, not numbers",
    ],
    hints=[
        f"Try a few pairs with band_table(tune_scored, tune_truth, lower, upper). The upper threshold sets the "
        f"auto-accept precision (≥ {MIN_AUTO_PRECISION:.0%}); the lower one sets how many true matches are kept "
        f"(≥ {MIN_FOUND:.0%}); together they set how many pairs reach review (≤ {MAX_REVIEW_PAIRS}).",
        "The scores are close to calibrated: a band's precision is about its typical score. Review the pairs where "
        "a person changes the decision: pairs scored 0.9 or more are almost all true already and can be accepted "
        "without a look; pairs scored below 0.1 are mostly false and too many to look at; between them the model is "
        "unsure. Count the pairs in that middle band before you widen it.",
    ],
    starter="thresholds = ...  # (lower, upper)",
)

# --- q4: what the contact list must not carry -------------------------------------------------------------------------

CANDIDATE_FIELDS = ("record_id", "first_name", "last_name", "address", "postcode", "phone", "dob", "nhs_number",
                    "gp_practice_code", "primary_support_reason", "benefit_type", "known_to", "action", "caveats")

q4 = ChoiceExercise(
    label="p3-q4",
    title="Keep the contact list minimal",
    reference=shielding.not_for_callers,
    validate=subset_of(
        set(shielding.NOT_FOR_CALLERS),
        set(shielding.NOT_FOR_CALLERS) | {"dob"},
        why="a caller needs a name, an address, a phone number, what to do and what to check; health, care and "
            "benefit details and NHS or GP identifiers stay in the systems that hold them (leaving out dob is a "
            "defensible choice too: callers ask the resident, they do not read a date of birth out)",
    ),
    golden=[["nhs_number", "gp_practice_code", "primary_support_reason", "benefit_type"],
            ["nhs_number", "gp_practice_code", "primary_support_reason", "benefit_type", "dob"],
            [" NHS_Number", "GP_practice_code", "primary_support_reason", "benefit_type"]],  # case and spaces ignored
    wrong=[
        "leave_out = ['nhs_number']  # the identifier only: the support reason and benefit type still go out",
        "leave_out = ['nhs_number', 'gp_practice_code', 'primary_support_reason', 'benefit_type', 'phone']"
        "  # the phone number is what the caller needs most",
        "leave_out = ['nhs_number', 'gp_practice_code', 'primary_support_reason']  # forgets the benefit type",
        "leave_out = 'nhs_number'  # one name as text, not a list",
    ],
    hints=[
        "For each field ask: would a caller do anything differently because they can see it?",
        "The action column already says 'pass to the care team': the caller does not need the support reason, "
        "the benefit type, the NHS number or the GP practice to make the call.",
    ],
    starter="leave_out = ...  # a list of field names the contact list must not carry",
)
