"""Unit tests of solutions.first_linkage (chapter B2): the hand-written Levenshtein against rapidfuzz, blocking,
comparison, classification, evaluation, and clear errors on bad input."""

import random

import pandas as pd
import pytest
from rapidfuzz.distance import Levenshtein

from bootcamp.validate import BootcampInputError
from solutions import first_linkage as fl

ALPHABETS = ["AB", "ABCDE", "ABCDEFGHIJKLMNOPQRSTUVWXYZ '-", "aÅbŁc dé"]


def _random_string(rng, alphabet):
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))


@pytest.mark.parametrize("alphabet", ALPHABETS)
def test_levenshtein_agrees_with_rapidfuzz_on_random_strings(alphabet):
    rng = random.Random(2026)
    for _ in range(1500):
        a, b = _random_string(rng, alphabet), _random_string(rng, alphabet)
        assert fl.levenshtein(a, b) == Levenshtein.distance(a, b), (a, b)


def test_levenshtein_known_values_and_symmetry():
    assert fl.levenshtein("KITTEN", "SITTING") == 3
    assert fl.levenshtein("", "") == 0
    assert fl.levenshtein("", "ABC") == 3
    assert fl.levenshtein("AB", "BA") == 2  # a transposition is two edits (Damerau counts it as one)
    assert fl.levenshtein("SMITH", "SMYTHE") == fl.levenshtein("SMYTHE", "SMITH") == 2


def test_levenshtein_rejects_non_strings():
    with pytest.raises(BootcampInputError, match="a must be str"):
        fl.levenshtein(None, "A")
    with pytest.raises(BootcampInputError, match="b must be str"):
        fl.levenshtein("A", 3)


def test_levenshtein_similarity_agrees_with_rapidfuzz():
    rng = random.Random(7)
    for _ in range(500):
        a, b = _random_string(rng, "ABCD"), _random_string(rng, "ABCD")
        assert fl.levenshtein_similarity(a, b) == pytest.approx(Levenshtein.normalized_similarity(a, b))


def test_levenshtein_similarity_missing_values():
    assert fl.levenshtein_similarity(None, "A") == 0.0
    assert fl.levenshtein_similarity("A", float("nan")) == 0.0
    assert fl.levenshtein_similarity(pd.NA, pd.NA) == 0.0
    assert fl.levenshtein_similarity("", "") == 1.0


def test_full_index_size():
    assert fl.full_index_size(3, 4) == 12
    assert fl.full_index_size(0, 4) == 0
    for bad in (-1, 2.5, "3", True):
        with pytest.raises(BootcampInputError, match="whole number"):
            fl.full_index_size(bad, 4)


def _people():
    left = pd.DataFrame({
        "record_id": ["L1", "L2", "L3", "L4"],
        "first_name": ["JOHN", "MARY", None, "ANNA"],
        "last_name": ["SMITH", "JONES", "PATEL", "NOWAK"],
        "address": ["1 HIGH STREET", "2 HIGH STREET", "FLAT 3, ROSE HOUSE", "9 MILL LANE"],
        "postcode": ["SW1A 1AA", "SW1A 1AA", "M1 1AE", None],
    })
    right = pd.DataFrame({
        "record_id": ["R1", "R2", "R3", "R4"],
        "first_name": ["Jon", "Mary", "Priya", "Ana"],
        "last_name": ["Smith", "Jones", "Patel", "Nowak"],
        "address": ["1 High Street", "2 High Street", "Flat 3 Rose House", "9 Mill Lane"],
        "postcode": ["SW1A 1AA", "SW1A 1AA", "M1 1AE", "B33 8TH"],
    })
    return left, right


def test_candidate_pairs_full_and_blocked():
    left, right = _people()
    full = fl.candidate_pairs(left, right)
    assert len(full) == 16
    assert list(full.names) == ["left_id", "right_id"]
    blocked = fl.candidate_pairs(left, right, "postcode")
    assert set(blocked.tolist()) == {("L1", "R1"), ("L1", "R2"), ("L2", "R1"), ("L2", "R2"), ("L3", "R3")}
    left["initial"], right["initial"] = fl.surname_initial(left), fl.surname_initial(right)
    both = fl.candidate_pairs(left, right, ["postcode", "initial"])
    assert set(both.tolist()) == {("L1", "R1"), ("L2", "R2"), ("L3", "R3")}


def test_candidate_pairs_bad_input():
    left, right = _people()
    with pytest.raises(BootcampInputError, match="missing column"):
        fl.candidate_pairs(left, right, "uprn")
    with pytest.raises(BootcampInputError, match="empty"):
        fl.candidate_pairs(left.iloc[:0], right, "postcode")
    with pytest.raises(BootcampInputError, match="duplicated record_id"):
        fl.candidate_pairs(pd.concat([left, left]), right, "postcode")
    with pytest.raises(BootcampInputError, match="DataFrame"):
        fl.candidate_pairs("left.csv", right)
    with pytest.raises(BootcampInputError, match="empty list"):
        fl.candidate_pairs(left, right, [])


def test_surname_initial_handles_missing_and_blank():
    frame = pd.DataFrame({"last_name": [" smith", "", None, "O'BRIEN"]})
    assert fl.surname_initial(frame).tolist()[0] == "S"
    assert pd.isna(fl.surname_initial(frame)[1]) and pd.isna(fl.surname_initial(frame)[2])


def test_blocking_summary():
    left, right = _people()
    blocked = fl.candidate_pairs(left, right, "postcode")
    truth = {("L1", "R1"), ("L2", "R2"), ("L3", "R3"), ("L4", "R4")}
    summary = fl.blocking_summary(blocked, 4, 4, truth)
    assert summary == {"pairs": 5, "reduction_ratio": pytest.approx(1 - 5 / 16), "pair_completeness": 0.75}
    with pytest.raises(BootcampInputError, match="truth is empty"):
        fl.blocking_summary(blocked, 4, 4, set())


def test_compare_people_features_and_missing_values():
    left, right = _people()
    pairs = fl.candidate_pairs(left, right, "postcode")
    features = fl.compare_people(pairs, left, right)
    assert list(features.columns) == ["first_name", "last_name", "postcode", "address", "address_numbers"]
    assert len(features) == len(pairs)
    assert features.loc[("L2", "R2")].tolist() == [1.0] * 5  # case does not matter
    assert features.loc[("L3", "R3"), "first_name"] == 0.0  # a missing name is not evidence of a match
    assert features.loc[("L3", "R3"), "address"] == pytest.approx(1.0)  # token_set_ratio ignores the comma
    assert ((features >= 0) & (features <= 1)).all().all()


def test_compare_people_bad_input():
    left, right = _people()
    pairs = fl.candidate_pairs(left, right, "postcode")
    with pytest.raises(BootcampInputError, match="MultiIndex"):
        fl.compare_people([("L1", "R1")], left, right)
    with pytest.raises(BootcampInputError, match="'address'"):
        fl.compare_people(pairs, left.drop(columns="address"), right)
    strangers = pd.MultiIndex.from_tuples([("L1", "R99")])
    with pytest.raises(BootcampInputError, match="not in left/right"):
        fl.compare_people(strangers, left, right)
    empty = fl.compare_people(pairs[:0], left, right)
    assert empty.empty and "address_numbers" in empty.columns


def test_rule_based_links_and_thresholds():
    features = pd.DataFrame(
        {"first_name": [1.0, 0.95, 0.5], "last_name": [1.0, 1.0, 1.0], "address": [1.0, 0.7, 1.0]},
        index=pd.MultiIndex.from_tuples([("A", "X"), ("B", "Y"), ("C", "Z")], names=["left_id", "right_id"]),
    )
    assert fl.rule_based_links(features, 0.9, 0.8).tolist() == [("A", "X")]
    assert fl.rule_based_links(features, 0.9, 0.6).tolist() == [("A", "X"), ("B", "Y")]
    with pytest.raises(BootcampInputError, match="name_threshold"):
        fl.rule_based_links(features, 90)
    with pytest.raises(BootcampInputError, match="'address'"):
        fl.rule_based_links(features.drop(columns="address"))


def test_precision_recall_f1():
    assert fl.precision_recall_f1(90, 10, 30) == pytest.approx({"precision": 0.9, "recall": 0.75, "f1": 9 / 11})
    assert fl.precision_recall_f1(0, 0, 0) == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert fl.precision_recall_f1(0, 5, 5)["f1"] == 0.0
    with pytest.raises(BootcampInputError, match="false_matches"):
        fl.precision_recall_f1(1, -2, 0)


def test_confusion_matrix_counts_everything_once():
    predicted = {("A", "X"), ("B", "Z")}
    truth = {("A", "X"), ("B", "Y"), ("C", "Z")}
    matrix = fl.confusion_matrix(predicted, truth, 3, 3)
    assert matrix.loc["true match"].tolist() == [1, 2]
    assert matrix.loc["true non-match"].tolist() == [1, 5]
    assert int(matrix.to_numpy().sum()) == 9
    with pytest.raises(BootcampInputError, match="n_left"):
        fl.confusion_matrix(predicted, truth, 1, 1)


def test_error_table():
    left, right = _people()
    predicted = {("L1", "R1"), ("L1", "R2")}
    truth = {("L1", "R1"), ("L2", "R2")}
    errors = fl.error_table(predicted, truth, left, right)
    assert errors["error"].tolist() == ["false match", "missed match"]
    assert errors[["left_id", "right_id"]].values.tolist() == [["L1", "R2"], ["L2", "R2"]]
    assert errors.loc[0, "first_name_right"] == "Mary"
    with pytest.raises(BootcampInputError, match="'postcode'"):
        fl.error_table(predicted, truth, left.drop(columns="postcode"), right)


def test_address_numbers():
    assert fl.address_numbers("Flat 3, 14a High Street") == {"3", "14A"}
    assert fl.address_numbers("12-14 MILL LANE") == {"12", "14"}
    assert fl.address_numbers("ROSE COTTAGE") == frozenset()
    assert fl.address_numbers(None) == frozenset()


def test_address_numbers_feature_tells_flats_apart():
    left = pd.DataFrame({"record_id": ["L1", "L2", "L3"], "first_name": ["A"] * 3, "last_name": ["B"] * 3,
                         "address": ["FLAT 27, SEACOLE BUILDINGS", "ROSE COTTAGE, MILL LANE", None],
                         "postcode": ["E1 6AN"] * 3})
    right = left.assign(record_id=["R1", "R2", "R3"],
                        address=["FLAT 38, SEACOLE BUILDINGS", "Rose Cottage, Mill Lane", None])
    features = fl.compare_people(fl.candidate_pairs(left, right, "postcode"), left, right)
    assert features.loc[("L1", "R1"), "address_numbers"] == 0.0
    assert features.loc[("L1", "R1"), "address"] > 0.8  # string similarity alone barely notices
    assert features.loc[("L2", "R2"), "address_numbers"] == 1.0
    assert features.loc[("L3", "R3"), "address_numbers"] == 0.0
    strict = fl.rule_based_links(features, 0.9, 0.8, require_numbers=True)
    assert ("L1", "R1") not in strict and ("L1", "R1") in fl.rule_based_links(features, 0.9, 0.8)


def test_classifier_for_account_page():
    assert fl.classifier_for_account_page() == "strict"


def test_b2_full_index_answer():
    from solutions.first_linkage import council_tax_register_full_index_pairs

    assert council_tax_register_full_index_pairs() == 11_290 * 16_794
