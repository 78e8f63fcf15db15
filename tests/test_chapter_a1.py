"""A1's chapter module and the helpers behind it: what the generic walk over exercise declarations does not cover."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import address_ml
from solutions.address_features import prepare_gazetteer, tfidf_neighbours


def test_label_pairs_says_what_is_wrong_with_its_input():
    pairs = pd.DataFrame({"record_id": ["R1"], "uprn": ["U1"]})
    with pytest.raises(BootcampInputError, match="more than one row"):
        address_ml.label_pairs(pairs, pd.DataFrame({"record_id": ["R1", "R1"], "uprn": ["U1", "U2"]}))
    with pytest.raises(BootcampInputError, match="missing column"):
        address_ml.label_pairs(pairs.rename(columns={"uprn": "UPRN"}),
                               pd.DataFrame({"record_id": ["R1"], "uprn": ["U1"]}))
    with pytest.raises(BootcampInputError, match="DataFrame"):
        address_ml.label_pairs([("R1", "U1")], pd.DataFrame({"record_id": ["R1"], "uprn": ["U1"]}))


def test_label_pairs_keeps_every_pair_in_order():
    pairs = pd.DataFrame({"record_id": ["B", "A", "Z"], "uprn": ["Y", "Y", "Y"]}, index=[10, 11, 12])
    truth = pd.DataFrame({"record_id": ["A", "B"], "uprn": [None, "Y"]})
    assert address_ml.label_pairs(pairs, truth).tolist() == [1, 0, 0]


def test_operating_points_count_wrong_matches_apart_from_the_rate():
    # two records in the gazetteer (one matched wrongly), one not in it (matched anyway)
    pairs = pd.DataFrame({"record": [0, 1, 2], "record_id": ["a", "b", "c"], "uprn": ["U1", "U9", "U3"]})
    truth = pd.DataFrame({"record_id": ["a", "b", "c"], "uprn": ["U1", "U2", None]})
    point = address_ml.operating_points(pairs, [0.9, 0.9, 0.9], truth, thresholds=[0.5], margins=[0.0]).iloc[0]
    assert point["precision"] == 0.5 and point["wrong"] == 1
    assert point["not_in_gazetteer"] == 1 and point["not_in_gazetteer_matched"] == 1
    assert point["wrong_match_rate"] == 1.0  # of the records not in the gazetteer: not the wrong matches above


def test_judge_operating_point_explains_the_shape_it_wants():
    assert "pair of numbers" in address_ml.judge_operating_point(0.5)
    assert "pair of numbers" in address_ml.judge_operating_point(("0.5", "0.1"))
    assert "from 0 to 1" in address_ml.judge_operating_point((5, 0.1))


def test_tfidf_neighbours_nearest_first_and_bad_input():
    gazetteer = pd.DataFrame({"uprn": ["1", "2", "3"], "saon": [None, None, None], "paon": ["1", "2", "3"],
                              "street": ["ROSEBERY AVENUE", "ROSEBERY AVENUE", "MILL LANE"], "locality": None,
                              "town": "LONDON", "postcode": ["TB1 1AA", "TB1 1AA", "TB1 1AB"]})
    gz = prepare_gazetteer(gazetteer)
    nearest = tfidf_neighbours(gz, ["2 ROSBERY AVE"], 3)[0]
    assert nearest[-1] == 2 and sorted(nearest) == [0, 1, 2]  # the other street is furthest
    with pytest.raises(BootcampInputError):
        tfidf_neighbours(gz, "2 ROSEBERY AVENUE", 3)
    with pytest.raises(BootcampInputError):
        tfidf_neighbours(gz, ["x"], 0)


@pytest.mark.slow
def test_validation_records_are_neither_training_nor_held_out_records():
    train = address_ml.training_pairs()
    pairs, truth = address_ml.validation_pairs()
    sources = set(truth["record_id"].str.split("|").str[0])
    assert sources == set(address_ml.TRAIN_SOURCES)
    plain_ids = set(truth["record_id"].str.split("|").str[1])
    assert not plain_ids & set(train["record_id"])
    assert len(truth) == address_ml.VALIDATION_SAMPLE * len(address_ml.TRAIN_SOURCES)
    # the chosen point keeps the precision floor on validation data, and is reported on the held-out sources
    threshold, margin = address_ml.chosen_on_validation()
    assert address_ml.validation_quality(threshold, margin)["precision"] >= address_ml.CHAPTER_MIN_PRECISION
    assert 0.9 < address_ml.quality_at(threshold, margin)["recall"] < 1
