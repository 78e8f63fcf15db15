"""B5 · Address matching fundamentals: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, ValueExercise, one_of, threshold_meeting
from solutions import address_sample, addresses, postcodes

chapter = Chapter(
    code="B5",
    title="Address matching fundamentals",
    part="beginner",
    week=4,
    minutes=180,
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
        "Choose a threshold on one part of a sample and report it on another part that played no part in the choice.",
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
        "Postcode blocking is fast but loses every record whose postcode is missing, mistyped or terminated: add a "
        "fallback block on the street. A postcode and a house number need not name one home: a unit can take in two "
        "streets.",
        "Accept a match only when it is clearly the best: a high score and a margin over the runner-up. An "
        "unmatched record costs a clerk a minute; a wrong UPRN sends a bill to the wrong door.",
        "Choose the threshold on one part of the labelled data and quote the figures from another part: figures "
        "measured on the records that chose the threshold flatter it.",
        "Some records cannot be resolved at all (a flat written without its flat number): count them, and send "
        "them to clerical review instead of guessing.",
    ),
)


# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type
# (tests/test_exercise_declarations.py walks them all). The exercises use the chapter's fixed council tax sample,
# made by solutions.address_sample.

MIN_PRECISION, MIN_RECALL = address_sample.MIN_PRECISION, address_sample.MIN_RECALL

q1 = FunctionExercise(
    label="b5-q1",
    title="Abbreviate an address",
    reference=addresses.abbreviate,
    cases=["St John's Road", "12 High Street", "Flat 3, Saint Mary's Avenue", "rosebery house, elm gdns",
           "14-16 Church Lane", None],
    golden=[("St John's Road", "ST JOHNS RD"), ("12 High Street", "12 HIGH ST"),
            ("Flat 3, Saint Mary's Avenue", "FLAT 3 ST MARYS AVE"), ("14-16 Church Lane", "14-16 CHURCH LN"),
            (None, "")],
    wrong=[
        "def abbreviate(text):\n"
        "    return text.upper() if isinstance(text, str) else ''  # upper case only",
        "from solutions.address_parsing import clean_text\n\n"
        "def abbreviate(text):\n"
        "    # the classic: expands, and reads every ST as STREET\n"
        "    words = clean_text(text).split()\n"
        "    return ' '.join({'RD': 'ROAD', 'ST': 'STREET', 'AVE': 'AVENUE'}.get(w, w) for w in words)",
        "def abbreviate(text):\n"
        "    # abbreviates, but keeps commas and apostrophes (no clean_text)\n"
        "    if not isinstance(text, str):\n"
        "        return ''\n"
        "    short = {'ROAD': 'RD', 'STREET': 'ST', 'SAINT': 'ST', 'AVENUE': 'AVE'}\n"
        "    return ' '.join(short.get(w, w) for w in text.upper().split())",
        "from solutions.address_parsing import ABBREVIATIONS, clean_text\n\n"
        "def abbreviate(text):\n"
        "    # a missing address becomes the word 'NONE'\n"
        "    return ' '.join(ABBREVIATIONS.get(w, w) for w in clean_text(str(text)).split())",
    ],
    hints=[
        "Start from clean_text(text) (upper case, punctuation gone, ranges kept), split it into words, and look "
        "each word up in ABBREVIATIONS (a dict from every spelling to its short form).",
        "Words that are not in the dict stay as they are: ABBREVIATIONS.get(word, word). Join with single spaces.",
        "Do not expand ST to STREET: it may be SAINT. Both long forms map to ST, which is the whole point.",
    ],
    starter="def abbreviate(text):\n    ...  # text: a str or None. Return a str",
)

q2 = FunctionExercise(
    label="b5-q2",
    title="The postcode sector",
    reference=postcodes.postcode_sector,
    cases=["TB4 7QX", "tb47qx", "EC1A 1BB", " m1 1ae ", "SW1A OAA", "not a postcode", None],
    golden=[("TB4 7QX", "TB4 7"), ("tb47qx", "TB4 7"), ("EC1A 1BB", "EC1A 1"), (" m1 1ae ", "M1 1"),
            ("SW1A OAA", "SW1A 0"), ("not a postcode", None), (None, None)],
    wrong=[
        "def postcode_sector(postcode):\n"
        "    return postcode[:-2] if isinstance(postcode, str) else None  # slices without normalising first",
        "def postcode_sector(postcode):\n"
        "    # the outward code (the district), not the sector\n"
        "    return postcode.split()[0] if isinstance(postcode, str) and postcode.split() else None",
        "def postcode_sector(postcode):\n"
        "    # outward code plus the first inward character, but no normalising: 'tb47qx' has no space\n"
        "    if not isinstance(postcode, str) or len(postcode.split()) != 2:\n"
        "        return None\n"
        "    outward, inward = postcode.upper().split()\n"
        "    return f'{outward} {inward[0]}'",
    ],
    hints=[
        "The sector is the outward code, a space and the first digit of the inward code: TB4 7QX -> TB4 7.",
        "Normalise first (normalise_postcode from solutions.postcodes): 'tb47qx' has no space to split on.",
        "An invalid or missing postcode has no sector: return None.",
    ],
    starter="def postcode_sector(postcode):\n    ...  # postcode: a str or None. Return a str or None",
)

q3 = ValueExercise(
    label="b5-q3",
    title="What postcode blocking keeps",
    reference=address_sample.council_tax_postcode_block_recall,
    golden=[0.9879437],  # 2,950 of the 2,986 sample records whose home is in the gazetteer
    wrong=[
        "block_recall_sample = 1.0  # every record kept: the postcode is never wrong",
        "block_recall_sample = 0.5",
        "block_recall_sample = 36 / 2986  # the share lost, not the share kept",
        "block_recall_sample = 2950 / 3000  # counts the 14 records whose home is not in the gazetteer as lost",
        "from bootcamp import load, load_truth\n"
        "from solutions.addresses import address_one_line, postcode_block_recall\n"
        "# the whole council tax file, not the chapter's sample\n"
        "block_recall_sample = postcode_block_recall(address_one_line(load('council_tax')), load_truth('council_tax'),\n"
        "                                            load('gazetteer'))",
    ],
    hints=[
        "For each sample record with a true UPRN, look up that UPRN's postcode in the gazetteer and compare it with "
        "the postcode the record was written with (normalised).",
        "The answer is a share between 0 and 1: the records whose true address is in their own postcode block.",
    ],
    starter="block_recall_sample = ...  # a float between 0 and 1",
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
    golden=[
        # R4's property is not in the gazetteer: left out of both measures, though a match was made for it
        ((pd.DataFrame({"record_id": ["R1", "R2", "R3", "R4"], "uprn": ["U1", "U9", None, "U4"]}),
          pd.DataFrame({"record_id": ["R1", "R2", "R3", "R4"], "uprn": ["U1", "U2", "U3", None]})),
         {"precision": 0.5, "recall": 0.3333333}),
        ((pd.DataFrame({"record_id": ["R1", "R2"], "uprn": [None, None]}),
          pd.DataFrame({"record_id": ["R1", "R2"], "uprn": ["U1", "U2"]})),
         {"precision": 1.0, "recall": 0.0}),
    ],
    wrong=[
        "def precision_recall(predicted, truth):\n"
        "    # recall right, but precision over every record instead of the matches made\n"
        "    guess = truth['record_id'].map(dict(zip(predicted['record_id'], predicted['uprn'])))\n"
        "    right = (guess == truth['uprn']).sum()\n"
        "    return {'precision': right / len(truth), 'recall': right / len(truth)}",
        "def precision_recall(predicted, truth):\n"
        "    # counts 'no match made' as a wrong match\n"
        "    guess = truth['record_id'].map(dict(zip(predicted['record_id'], predicted['uprn'])))\n"
        "    right = (guess == truth['uprn']).sum()\n"
        "    return {'precision': right / len(guess), 'recall': right / truth['uprn'].notna().sum()}",
        "def precision_recall(predicted, truth):\n"
        "    # keeps the records whose property is not in the gazetteer\n"
        "    guess = truth['record_id'].map(dict(zip(predicted['record_id'], predicted['uprn'])))\n"
        "    made = guess.notna()\n"
        "    right = (made & (guess == truth['uprn'])).sum()\n"
        "    return {'precision': right / made.sum() if made.any() else 1.0, 'recall': right / len(truth)}",
    ],
    hints=[
        "Only records whose true UPRN is known count; a prediction of None is 'no match made', not a wrong match.",
        "precision = right matches / matches made; recall = right matches / records with a true UPRN.",
        "Return a dict {'precision': ..., 'recall': ...}; precision is 1.0 when no match is made at all.",
    ],
    starter="def precision_recall(predicted, truth):\n"
            "    ...  # predicted, truth: DataFrames with record_id and uprn. Return {'precision': float, 'recall': float}",
)

q5 = ChoiceExercise(
    label="b5-q5",
    title="Choose a threshold",
    reference=address_sample.choose_threshold,
    validate=threshold_meeting(address_sample.precision_recall_at, MIN_PRECISION, MIN_RECALL,
                               "the rule-based score (on the tuning half)"),
    golden=[0.75, 0.8],
    wrong=[
        "threshold = 0.7  # precision 0.9959 on the tuning half: below 0.998",
        "threshold = 0.5  # the first try from the text: too many wrong UPRNs",
        "threshold = 0.9  # too strict: recall falls below 0.95",
        "threshold = '0.8'  # a string, not a number",
        "threshold = 80  # a percentage, not a score from 0 to 1",
    ],
    hints=[
        "Call precision_recall_at(threshold) for a few thresholds between 0.5 and 0.95 and look at both numbers.",
        f"You need precision of at least {MIN_PRECISION} and recall of at least {MIN_RECALL} on the tuning half "
        "(margin 0.1).",
    ],
    starter="threshold = ...  # a number between 0 and 1",
)

HARD_CASE_OPTIONS = ("FLAT A, 14 HIGH STREET", "14A HIGH STREET", "14 HIGH STREET (the building)", "no match")

q6 = ChoiceExercise(
    label="b5-q6",
    title="A flat or its building?",
    reference=addresses.flat_or_building_choice,
    validate=one_of(["no match"], why="the record says 'Flat' but not which one; the building holds three flats and "
                                      "a wrong one is worse than none", choices=HARD_CASE_OPTIONS),
    golden=["no match", "No match", " NO MATCH "],
    wrong=[
        "answer = 'FLAT A, 14 HIGH STREET'  # the first flat: a guess that sends post to the wrong door 2 times in 3",
        "answer = '14 HIGH STREET (the building)'  # the parent shell: nobody lives there",
        "answer = '14A HIGH STREET'  # a different house",
        "answer = 'FLAT B, 14 HIGH STREET'  # not one of the options",
    ],
    hints=[
        "The record 'Flat, 14 High Street' says it is a flat, but not which. Which gazetteer entries could it be?",
        "The building (parent) is not where anyone lives, and each of FLAT A, B, C fits equally well.",
    ],
    starter="answer = ...  # one of HARD_CASE_OPTIONS (a str)",
)
