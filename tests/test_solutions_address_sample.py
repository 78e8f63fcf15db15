"""B5's fixed council tax sample: fixed, split into two disjoint halves, and measured with validated inputs."""

import pytest

from bootcamp.validate import BootcampInputError
from solutions import address_sample


def test_sample_is_fixed_and_split_in_two_disjoint_halves():
    records, truth = address_sample.council_tax_sample()
    assert len(records) == address_sample.SAMPLE_SIZE
    assert set(truth["record_id"]) == set(records["record_id"])
    tuning, _ = address_sample.council_tax_sample("tuning")
    held_out, held_out_truth = address_sample.council_tax_sample("held-out")
    assert len(tuning) == len(held_out) == address_sample.SAMPLE_SIZE // 2
    assert not set(tuning["record_id"]) & set(held_out["record_id"])
    assert set(held_out_truth["record_id"]) == set(held_out["record_id"])
    again, _ = address_sample.council_tax_sample()
    assert again.equals(records)


def test_the_sample_is_a_copy():
    records, _ = address_sample.council_tax_sample()
    records.loc[0, "address"] = "changed"
    assert address_sample.council_tax_sample()[0].loc[0, "address"] != "changed"


def test_block_recall_is_a_share():
    assert 0.9 < address_sample.council_tax_postcode_block_recall() < 1


def test_choose_threshold_is_the_lowest_on_the_grid_meeting_both_floors():
    chosen = address_sample.choose_threshold()
    assert chosen in address_sample.THRESHOLD_GRID
    got = address_sample.precision_recall_at(chosen)
    assert got["precision"] >= address_sample.MIN_PRECISION and got["recall"] >= address_sample.MIN_RECALL
    lower = [t for t in address_sample.THRESHOLD_GRID if t < chosen]
    for threshold in lower:
        got = address_sample.precision_recall_at(threshold)
        assert got["precision"] < address_sample.MIN_PRECISION or got["recall"] < address_sample.MIN_RECALL


def test_impossible_floors_are_reported():
    with pytest.raises(BootcampInputError, match="no threshold"):
        address_sample.choose_threshold(min_precision=1.0, min_recall=1.0)


@pytest.mark.parametrize("kwargs, message", [
    ({"threshold": "0.8"}, "threshold"),
    ({"threshold": 1.5}, "threshold"),
    ({"threshold": 0.8, "margin": -0.1}, "margin"),
    ({"threshold": 0.8, "part": "test"}, "part"),
])
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(BootcampInputError, match=message):
        address_sample.precision_recall_at(**kwargs)
