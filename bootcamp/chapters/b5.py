"""B5 · Address matching fundamentals: front matter and checked exercises."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of, threshold_meeting
from solutions import addresses, postcodes

chapter = Chapter(
    code="B5",
    title="Address matching fundamentals",
    part="beginner",
    week=4,
    minutes=150,
    notebook="book/beginner/b5_address_fundamentals.ipynb",
    questions=(
        "How is a UK address built, and what are UPRNs, USRNs, the LLPG and AddressBase?",
        "Why do two spellings of one address not compare equal, and how do we make them comparable?",
        "How far can the postcode take us, and where does blocking on it fail?",
        "How do we match a council's free-text addresses to the gazetteer's UPRNs, and how good is the result?",
    ),
    objectives=(
        "Name the parts of a BS7666 address (SAON, PAON, street, locality, town, postcode) and say what a UPRN and a "
        "USRN identify.",
        "Take a postcode apart (area, district, sector, unit) and validate it.",
        "Normalise addresses: case, punctuation, abbreviations such as Rd/Road, St as Street or Saint, flat wording.",
        "Compare addresses token by token with rapidfuzz, and say why house and flat numbers need exact agreement.",
        "Measure what postcode blocking loses, then match council tax records to UPRNs and compute precision and "
        "recall by hand.",
        "Recognise the hard cases: 14A v 14C, a flat v its parent building, named buildings, ranges.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning with pandas (its postcode functions are used here).",
        "B2 · Your first data linkage in Python (blocking, precision and recall).",
    ),
    key_points=(
        "A UK address is a structure, not a string: SAON (flat), PAON (number or building name), street, locality, "
        "town, postcode. The UPRN identifies the property; the gazetteer (LLPG, AddressBase) holds them all.",
        "Normalise before you compare: one case, no punctuation, one spelling of each abbreviation. Abbreviating "
        "(ROAD to RD, STREET and SAINT to ST) removes the St = Street / Saint question instead of guessing.",
        "Numbers decide: 14A and 14C, Flat 1 and Flat 2 are different homes however similar the strings. Compare "
        "identifiers exactly and words fuzzily.",
        "Postcode blocking is fast but loses every record whose postcode is missing or mistyped: add a fallback "
        "block on the street.",
        "Accept a match only when it is clearly the best: a high score and a margin over the runner-up. An "
        "unmatched record costs a clerk a minute; a wrong UPRN sends a bill to the wrong door.",
        "Some records cannot be resolved at all (a flat written without its flat number): count them, and send "
        "them to clerical review instead of guessing.",
    ),
)


# --- data the exercises need, computed once -----------------------------------------------------------------------

SAMPLE_SIZE, SAMPLE_SEED = 3000, 5


@lru_cache(maxsize=1)
def _council_tax_sample():
    """A fixed sample of council tax addresses as one line, its truth and the gazetteer."""
    from bootcamp import load, load_truth

    records = addresses.address_one_line(load("council_tax")).sample(SAMPLE_SIZE, random_state=SAMPLE_SEED)
    records = records.sort_values("record_id").reset_index(drop=True)
    truth = load_truth("council_tax")
    truth = truth[truth["record_id"].isin(records["record_id"])].reset_index(drop=True)
    return records, truth, load("gazetteer")


@lru_cache(maxsize=1)
def _scored_pairs() -> pd.DataFrame:
    """The sample's candidate pairs with their rule-based score."""
    from solutions.address_features import candidate_pairs, parse_records, prepare_gazetteer

    records, _, gazetteer = _council_tax_sample()
    pairs = candidate_pairs(records, prepare_gazetteer(gazetteer), parse_records(records))
    pairs["score"] = addresses.rule_score(pairs).to_numpy()
    return pairs


def precision_recall_at(threshold: float, margin: float = 0.1) -> dict:
    """Precision and recall of the rule-based matcher on the chapter's sample at a threshold and margin."""
    _, truth, _ = _council_tax_sample()
    best = addresses.best_candidates(_scored_pairs())
    accepted = addresses.decide(best, threshold, margin)
    return addresses.precision_recall(best.loc[accepted, ["record_id", "uprn"]], truth)


def council_tax_postcode_block_recall() -> float:
    """Share of the sample's records whose written postcode is their true address's postcode."""
    records, truth, gazetteer = _council_tax_sample()
    return addresses.postcode_block_recall(records, truth, gazetteer)


# --- exercises -----------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="b5-q1",
    title="Abbreviate an address",
    reference=addresses.abbreviate,
    cases=["St John's Road", "12 High Street", "Flat 3, Saint Mary's Avenue", "rosebery house, elm gdns",
           "14-16 Church Lane", None],
    hints=[
        "Start from clean_text(text) (upper case, punctuation gone, ranges kept), split it into words, and look "
        "each word up in ABBREVIATIONS (a dict from every spelling to its short form).",
        "Words that are not in the dict stay as they are: ABBREVIATIONS.get(word, word). Join with single spaces.",
        "Do not expand ST to STREET: it may be SAINT. Both long forms map to ST, which is the whole point.",
    ],
    starter="def abbreviate(text):\n    ...  # your code here",
)

q2 = FunctionExercise(
    label="b5-q2",
    title="The postcode sector",
    reference=postcodes.postcode_sector,
    cases=["TB4 7QX", "tb47qx", "EC1A 1BB", " m1 1ae ", "SW1A OAA", "not a postcode", None],
    hints=[
        "The sector is the outward code, a space and the first digit of the inward code: TB4 7QX -> TB4 7.",
        "Normalise first (normalise_postcode from solutions.postcodes): 'tb47qx' has no space to split on.",
        "An invalid or missing postcode has no sector: return None.",
    ],
    starter="def postcode_sector(postcode):\n    ...  # your code here",
)

q3 = ValueExercise(
    label="b5-q3",
    title="What postcode blocking keeps",
    reference=council_tax_postcode_block_recall,
    hints=[
        "For each sample record with a true UPRN, look up that UPRN's postcode in the gazetteer and compare it with "
        "the postcode the record was written with (normalised).",
        "The answer is a share between 0 and 1: the records whose true address is in their own postcode block.",
    ],
    starter="block_recall_sample = ...  # a share between 0 and 1",
)

q4 = FunctionExercise(
    label="b5-q4",
    title="Precision and recall of address matches",
    reference=addresses.precision_recall,
    cases=[
        (pd.DataFrame({"record_id": ["R1", "R2", "R3", "R4"], "uprn": ["U1", "U9", None, "U4"]}),
         pd.DataFrame({"record_id": ["R1", "R2", "R3", "R4"], "uprn": ["U1", "U2", "U3", "U4"]})),
        (pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U1", None, None]}),
         pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U1", "U2", "U3"]})),
        (pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U1", "U5", "U3"]}),
         pd.DataFrame({"record_id": ["R1", "R2", "R3"], "uprn": ["U1", None, "U7"]})),
    ],
    hints=[
        "Only records whose true UPRN is known count; a prediction of None is 'no match made', not a wrong match.",
        "precision = right matches / matches made; recall = right matches / records with a true UPRN.",
        "Return a dict {'precision': ..., 'recall': ...}; precision is 1.0 when no match is made at all.",
    ],
    starter="def precision_recall(predicted, truth):\n    ...  # your code here",
)



q5 = ChoiceExercise(
    label="b5-q5",
    title="Choose a threshold",
    reference=lambda: 0.8,
    validate=threshold_meeting(precision_recall_at, 0.995, 0.95, "the rule-based score"),
    hints=[
        "Use precision_recall_at(threshold) for a few thresholds between 0.5 and 0.95 and look at both numbers.",
        "You need precision of at least 0.995 and recall of at least 0.95 on the chapter's sample (margin 0.1).",
    ],
    starter="threshold = ...  # a number between 0 and 1",
)

HARD_CASE_OPTIONS = ("FLAT A, 14 HIGH STREET", "14A HIGH STREET", "14 HIGH STREET (the building)", "no match")

q6 = ChoiceExercise(
    label="b5-q6",
    title="A flat or its building?",
    reference=lambda: "no match",
    validate=one_of(["no match"], why="the record says 'Flat' but not which one; the building holds three flats and "
                                      "a wrong one is worse than none"),
    hints=[
        "The record 'Flat, 14 High Street' says it is a flat, but not which. Which gazetteer entries could it be?",
        "The building (parent) is not where anyone lives, and each of FLAT A, B, C fits equally well.",
    ],
    starter="answer = ...  # one of HARD_CASE_OPTIONS",
)
