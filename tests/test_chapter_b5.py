"""B5's tests beyond its exercise declarations: the q5 reference meets its targets on the tuning half only."""

from bootcamp.chapters import b5
from solutions import address_sample


def test_q5_reference_threshold_meets_both_targets_on_the_tuning_half():
    threshold = b5.q5.reference_answer()
    got = address_sample.precision_recall_at(threshold, part="tuning")
    assert got["precision"] >= b5.MIN_PRECISION and got["recall"] >= b5.MIN_RECALL


def test_q6_offers_its_options_and_accepts_them_in_any_case():
    assert "no match" in b5.HARD_CASE_OPTIONS
    assert b5.q6.validate("  No Match ") is None
    assert "not one of" in b5.q6.validate("FLAT B, 14 HIGH STREET")
