"""B5's exercises accept the reference answers and reject the mistakes learners really make."""

import pandas as pd

from bootcamp.chapters import b5
from solutions.address_parsing import clean_text
from tests.exercise_checks import exercise_tests


def _upper_only(text):
    return text.upper() if isinstance(text, str) else ""


def _expand_st(text):  # the classic: read every ST as STREET
    words = clean_text(text).split()
    return " ".join({"RD": "ROAD", "ST": "STREET", "AVE": "AVENUE"}.get(w, w) for w in words)


def _no_punctuation_step(text):  # abbreviates but keeps commas and apostrophes
    if not isinstance(text, str):
        return ""
    short = {"ROAD": "RD", "STREET": "ST", "SAINT": "ST", "AVENUE": "AVE"}
    return " ".join(short.get(w, w) for w in text.upper().split())


def _sector_by_slicing(postcode):  # forgets to normalise first
    return postcode[:-2] if isinstance(postcode, str) else None


def _outward_only(postcode):
    return postcode.split()[0] if isinstance(postcode, str) and postcode.split() else None


def _recall_over_all(predicted, truth):  # recall right, precision over every record
    guess = truth["record_id"].map(dict(zip(predicted["record_id"], predicted["uprn"])))
    right = (guess == truth["uprn"]).sum()
    return {"precision": right / len(truth), "recall": right / len(truth)}


def _none_is_wrong(predicted, truth):  # counts "no match" as a wrong match
    guess = truth["record_id"].map(dict(zip(predicted["record_id"], predicted["uprn"])))
    right = (guess == truth["uprn"]).sum()
    return {"precision": right / len(guess), "recall": right / truth["uprn"].notna().sum()}


WRONG = {
    "b5-q1": [_upper_only, _expand_st, _no_punctuation_step],
    "b5-q2": [_sector_by_slicing, _outward_only],
    "b5-q3": [1.0, 0.5, b5.council_tax_postcode_block_recall() - 0.01],
    "b5-q4": [_recall_over_all, _none_is_wrong],
    "b5-q5": [0.3, 0.99, "0.8", 5],
    "b5-q6": ["FLAT A, 14 HIGH STREET", "14 HIGH STREET (the building)", "14A HIGH STREET"],
}
test_reference, test_wrong, test_stub = exercise_tests(b5, WRONG)


def test_q5_reference_threshold_meets_both_targets():
    got = b5.precision_recall_at(0.8)
    assert got["precision"] >= 0.995 and got["recall"] >= 0.95


def test_sample_is_fixed():
    records, truth, _ = b5._council_tax_sample()
    assert len(records) == b5.SAMPLE_SIZE and set(truth["record_id"]) == set(records["record_id"])
    assert isinstance(records, pd.DataFrame)
