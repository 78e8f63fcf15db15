"""Tests of solutions.linkage_quality: judging a linkage without a truth table (chapter I4)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import linkage_quality as lq

BANDS = [0, 0.6, 0.8, 0.9, 0.95, 1]


# --- a cheap, fixed scorer on Thamesbury (council tax × electoral register), for the coverage tests ------------------


@pytest.fixture(scope="module")
def thamesbury_pairs() -> pd.DataFrame:
    """Pairs sharing a postcode, scored by the mean Jaro–Winkler similarity of first forename and surname (≈ 4 s).

    Cheaper than ``link_people`` (which chapter I4 uses), with the same shape: a few big bands of non-matches with
    rare matches in them, and a small top band of nearly all matches. ``match`` is the truth.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    from bootcamp import load, load_truth

    def side(raw, id_name, forename):
        return pd.DataFrame({id_name: raw["record_id"],
                             "pc": raw["postcode"].str.upper().str.replace(" ", "", regex=False),
                             "fn": raw[forename].str.upper().str.split().str[0].fillna(""),
                             "sn": raw["surname"].str.upper().fillna("")})

    left = side(load("council_tax"), "left_id", "forename").dropna(subset=["pc"])
    right = side(load("electoral_register"), "right_id", "forenames").dropna(subset=["pc"])
    pairs = left.merge(right, on="pc")
    similarity = [process.cpdist(pairs[f"{c}_x"].tolist(), pairs[f"{c}_y"].tolist(),
                                 scorer=JaroWinkler.normalized_similarity, workers=1) for c in ("fn", "sn")]
    pairs["score"] = np.round((similarity[0] + similarity[1]) / 2, 10)
    people = {name: load_truth(name).set_index("record_id")["person_id"]
              for name in ("council_tax", "electoral_register")}
    pairs["match"] = (pairs["left_id"].map(people["council_tax"]).to_numpy()
                      == pairs["right_id"].map(people["electoral_register"]).to_numpy())
    return pairs[["left_id", "right_id", "score", "match"]]


@pytest.fixture(scope="module")
def clerical_samples(thamesbury_pairs) -> list[pd.DataFrame]:
    """100 stratified clerical samples (seeds 0–99), 50 pairs per band; ``match`` stands in for the reviewer."""
    return [lq.stratified_clerical_sample(thamesbury_pairs, "score", BANDS, per_band=50, seed=seed)
            for seed in range(100)]


def _truth(pairs, threshold):
    above = pairs["score"] >= threshold
    found = (pairs["match"] & above).sum()
    return found / above.sum(), found / pairs["match"].sum()


def _coverage(pairs, samples, threshold, estimator, which):
    truth = _truth(pairs, threshold)[which]
    covered = 0
    for seed, sample in enumerate(samples):
        if estimator is lq.naive_precision:
            result = estimator(sample, "match", threshold, "score")
        else:
            result = estimator(sample, "match", threshold, "score", draws=1000, seed=seed)
        covered += result["lower"] <= truth <= result["upper"]
    return covered / len(samples)


@pytest.mark.parametrize("threshold", [0.9, 0.85])  # a band edge, and a threshold inside a band
def test_precision_interval_covers_the_truth_in_at_least_90_percent_of_samples(thamesbury_pairs, clerical_samples,
                                                                               threshold):
    assert _coverage(thamesbury_pairs, clerical_samples, threshold, lq.estimate_precision, 0) >= 0.90


def test_recall_interval_covers_the_truth_in_at_least_90_percent_of_samples(thamesbury_pairs, clerical_samples):
    assert _coverage(thamesbury_pairs, clerical_samples, 0.9, lq.estimate_recall, 1) >= 0.90


def test_unweighted_estimate_does_not_reach_that_coverage(thamesbury_pairs, clerical_samples):
    # The same samples, ignoring the weights: the small, mixed 0.9–0.95 band counts as much as the big top band.
    assert _coverage(thamesbury_pairs, clerical_samples, 0.9, lq.naive_precision, 0) < 0.5


def test_weighted_estimate_is_close_to_the_truth_on_average(thamesbury_pairs, clerical_samples):
    truth = _truth(thamesbury_pairs, 0.9)[0]
    estimates = [lq.weighted_precision(sample, "match", 0.9, "score") for sample in clerical_samples]
    assert abs(np.mean(estimates) - truth) < 0.01


# --- the sample ---------------------------------------------------------------------------------------------------


def _toy(n=100):
    scores = np.linspace(0, 1, n)
    return pd.DataFrame({"left_id": [f"L{i}" for i in range(n)], "right_id": [f"R{i}" for i in range(n)],
                         "match_probability": scores, "match": scores > 0.7})


def test_sample_has_bands_sizes_and_weights():
    pairs = _toy()
    sample = lq.stratified_clerical_sample(pairs, bands=[0, 0.5, 0.9, 1], per_band=10, seed=1)
    assert list(sample.columns[-4:]) == ["band", "band_size", "band_sample", "weight"]
    sizes = sample.groupby("band", observed=True)["band_size"].first().to_dict()
    assert sizes == {"[0, 0.5)": 50, "[0.5, 0.9)": 40, "[0.9, 1]": 10}
    assert sample.groupby("band", observed=True).size().tolist() == [10, 10, 10]
    assert sample["weight"].tolist()[:1] == [5.0] and sample["weight"].iloc[-1] == 1.0
    assert sample["weight"].sum() == pytest.approx(len(pairs))  # the weights add up to the scored pairs
    again = lq.stratified_clerical_sample(pairs, bands=[0, 0.5, 0.9, 1], per_band=10, seed=1)
    pd.testing.assert_frame_equal(sample, again)


def test_sample_allocation_by_band_and_small_bands_taken_whole():
    pairs = _toy()
    sample = lq.stratified_clerical_sample(pairs, bands=[0, 0.9, 1], per_band={"[0, 0.9)": 20, "[0.9, 1]": 50})
    assert sample.groupby("band", observed=True).size().tolist() == [20, 10]


@pytest.mark.parametrize("kwargs, message", [
    ({"bands": [0, 0.5]}, "outside the band edges"),
    ({"bands": [0, 1, 0.5]}, "increase"),
    ({"bands": "0,1"}, "band edges"),
    ({"per_band": 0}, "none would be sampled"),
    ({"per_band": 1}, "at least 2"),
    ({"per_band": -3}, "whole number"),
    ({"per_band": {"[9, 10)": 5}}, "unknown band"),
    ({"score": "nope"}, "missing column"),
    ({"seed": 1.5}, "seed"),
])
def test_sample_bad_inputs(kwargs, message):
    with pytest.raises(BootcampInputError, match=message):
        lq.stratified_clerical_sample(_toy(), **{"bands": [0, 1], **kwargs})


def test_sample_rejects_a_sample_and_non_frames():
    sample = lq.stratified_clerical_sample(_toy(), bands=[0, 1], per_band=5)
    with pytest.raises(BootcampInputError, match="sample already"):
        lq.stratified_clerical_sample(sample, bands=[0, 1])
    with pytest.raises(BootcampInputError, match="DataFrame"):
        lq.stratified_clerical_sample([0.5, 0.7], bands=[0, 1])


# --- estimates by hand --------------------------------------------------------------------------------------------


def _hand_sample():
    # band A: 100 pairs, 4 reviewed (weight 25), 1 match; band B: 10 pairs, 5 reviewed (weight 2), 4 matches
    return pd.DataFrame({"match_probability": [0.1, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.9, 0.95],
                         "band": ["[0, 0.5)"] * 4 + ["[0.5, 1]"] * 5, "band_size": [100] * 4 + [10] * 5,
                         "band_sample": [4] * 4 + [5] * 5, "weight": [25.0] * 4 + [2.0] * 5,
                         "match": [False, False, False, True, True, True, True, True, False]})


def test_weighted_precision_and_recall_by_hand():
    sample = _hand_sample()
    assert lq.weighted_precision(sample, "match", 0.5) == pytest.approx(8 / 10)
    assert lq.weighted_recall(sample, "match", 0.5) == pytest.approx(8 / (8 + 25))
    assert lq.weighted_precision(sample, sample["match"].tolist(), 0.85) == pytest.approx(0.5)
    estimate = lq.estimate_precision(sample, "match", 0.5)
    assert estimate["estimate"] == pytest.approx(0.8) and estimate["lower"] < 0.8 < estimate["upper"] <= 1
    assert estimate["links"] == pytest.approx(10) and estimate["reviewed"] == 5
    recall = lq.estimate_recall(sample, "match", 0.5)
    assert recall["lower"] < recall["estimate"] < recall["upper"] and recall["matches"] == pytest.approx(33)
    assert lq.estimate_precision(sample, "match", 0.5, seed=3) == lq.estimate_precision(sample, "match", 0.5, seed=3)


def test_a_band_reviewed_in_full_is_known_exactly():
    sample = _hand_sample().assign(band_size=[100] * 4 + [5] * 5, weight=[25.0] * 4 + [1.0] * 5)
    result = lq.estimate_precision(sample, "match", 0.5)
    assert result["lower"] == result["upper"] == result["estimate"] == pytest.approx(0.8)


def test_all_matches_in_a_band_still_gives_an_interval():
    sample = _hand_sample().assign(match=[False] * 4 + [True] * 5)
    result = lq.estimate_precision(sample, "match", 0.5)
    assert result["estimate"] == 1.0 and result["lower"] < 0.9


@pytest.mark.parametrize("labels, message", [
    ("nope", "does not have"),
    ([True, False], "one decision per sampled pair"),
    ([True] * 8 + [None], "no decision"),
    (["yes"] * 9, "True/False"),
])
def test_estimates_bad_labels(labels, message):
    with pytest.raises(BootcampInputError, match=message):
        lq.weighted_precision(_hand_sample(), labels, 0.5)


def test_estimates_bad_inputs():
    sample = _hand_sample()
    with pytest.raises(BootcampInputError, match="nothing to estimate"):
        lq.weighted_precision(sample, "match", 0.99)
    with pytest.raises(BootcampInputError, match="no reviewed pair is a match"):
        lq.weighted_recall(sample.assign(match=False), "match", 0.5)
    with pytest.raises(BootcampInputError, match="missing column"):
        lq.weighted_precision(sample.drop(columns="weight"), "match", 0.5)
    with pytest.raises(BootcampInputError, match="threshold must be a number"):
        lq.weighted_precision(sample, "match", "high")
    with pytest.raises(BootcampInputError, match="confidence"):
        lq.estimate_precision(sample, "match", 0.5, confidence=95)
    with pytest.raises(BootcampInputError, match="weight"):
        lq.weighted_precision(sample.assign(weight=0.5), "match", 0.5)


def test_naive_precision_ignores_weights():
    result = lq.naive_precision(_hand_sample(), "match", 0.5)
    assert result["estimate"] == pytest.approx(4 / 5) and result["reviewed"] == 5
    assert lq.naive_precision(_hand_sample(), "match", 0)["estimate"] == pytest.approx(5 / 9)


# --- blocking loss ------------------------------------------------------------------------------------------------


def test_blocking_loss():
    searched = pd.DataFrame({"match_found": [True] * 98 + [False] * 2, "match_scored": [True] * 96 + [False] * 4})
    result = lq.estimate_blocking_loss(searched)
    assert result["estimate"] == pytest.approx(2 / 98) and result["not_scored"] == 2
    assert 0 < result["lower"] < result["estimate"] < result["upper"] < 0.1
    none_lost = lq.estimate_blocking_loss(searched.assign(match_scored=searched["match_found"]))
    assert none_lost["estimate"] == 0 and none_lost["lower"] == 0
    assert none_lost["upper"] == pytest.approx(0.0369, abs=1e-3)   # about 3 ÷ 98: the rule of three


def test_blocking_loss_bad_inputs():
    with pytest.raises(BootcampInputError, match="cannot be scored"):
        lq.estimate_blocking_loss(pd.DataFrame({"match_found": [False], "match_scored": [True]}))
    with pytest.raises(BootcampInputError, match="no searched record"):
        lq.estimate_blocking_loss(pd.DataFrame({"match_found": [False], "match_scored": [False]}))
    with pytest.raises(BootcampInputError, match="missing column"):
        lq.estimate_blocking_loss(pd.DataFrame({"match_found": [True]}))


# --- sample size --------------------------------------------------------------------------------------------------


def test_sample_size_by_hand():
    assert lq.sample_size_for_margin(0.05) == 385          # 1.96² × 0.25 / 0.0025 = 384.1
    assert lq.sample_size_for_margin(0.02, expected=0.95) == 457
    assert lq.sample_size_for_margin(0.05, population=1000) == 278
    assert lq.sample_size_for_margin(0.1, confidence=0.9) == 68
    assert lq.sample_size_for_margin(0.05, expected=1.0) == 1


@pytest.mark.parametrize("kwargs, message", [
    ({"margin": 0}, "margin"), ({"margin": 5}, "margin"), ({"margin": "5%"}, "margin"),
    ({"margin": 0.05, "expected": 1.5}, "expected"), ({"margin": 0.05, "confidence": 1}, "confidence"),
    ({"margin": 0.05, "population": 0}, "population"), ({"margin": 0.05, "population": 10.5}, "population"),
])
def test_sample_size_bad_inputs(kwargs, message):
    with pytest.raises(BootcampInputError, match=message):
        lq.sample_size_for_margin(**kwargs)


# --- silver standard ----------------------------------------------------------------------------------------------


def test_silver_standard_and_recall():
    left = pd.DataFrame({"record_id": ["a", "b", "c", "d"], "nhs_number": ["999 123 4567", None, "9990000001", ""]})
    right = pd.DataFrame({"record_id": ["x", "y", "z"], "nhs_number": ["9991234567", "9990000001", None]})
    silver = lq.silver_standard(left, right)
    assert silver[["left_id", "right_id"]].values.tolist() == [["a", "x"], ["c", "y"]]
    links = pd.DataFrame({"left_id": ["a", "b"], "right_id": ["x", "z"]})
    assert lq.silver_recall(links, silver) == {"recall": 0.5, "silver_pairs": 2, "found": 1}
    with pytest.raises(BootcampInputError, match="missing column"):
        lq.silver_standard(left.drop(columns="nhs_number"), right)
    with pytest.raises(BootcampInputError, match="empty"):
        lq.silver_recall(links, silver.iloc[:0])


# --- who is missed ------------------------------------------------------------------------------------------------


def test_missed_by_group():
    records = pd.DataFrame({"record_id": list("abcdef"), "age_band": ["old", "old", "young", "young", "young", None]})
    table = lq.missed_by_group(records, ["a", "b", "c"], "age_band")
    assert table["age_band"].tolist() == ["(not recorded)", "young", "old"]
    assert table["records"].tolist() == [1, 3, 2] and table["linked"].tolist() == [0, 1, 2]
    assert table["unlinked_share"].tolist() == pytest.approx([1, 2 / 3, 0])
    assert table["gap"].iloc[-1] == pytest.approx(-0.5)
    assert len(lq.missed_by_group(records, ["a"], "age_band", min_records=2)) == 2
    with pytest.raises(BootcampInputError, match="collection"):
        lq.missed_by_group(records, "a", "age_band")
    with pytest.raises(BootcampInputError, match="missing column"):
        lq.missed_by_group(records, ["a"], "tenure")


# --- clusters -----------------------------------------------------------------------------------------------------


def test_cluster_diagnostics():
    links = pd.DataFrame({"left_id": ["1", "1", "2", "3", "3", "4"], "right_id": ["A", "B", "B", "C", "D", "E"]})
    records = pd.DataFrame({"record_id": ["1", "2", "A", "B", "3", "C", "D", "4", "E"],
                            "dob": ["1950-01-01", "1950-01-01", "1950-01-01", None, "1980-02-02", "1980-02-02",
                                    "1981-03-03", "1990-01-01", "1990-01-01"]})
    table = lq.cluster_diagnostics(links, records, max_size=3)
    assert table["cluster"].tolist() == ["L:1", "L:3", "L:4"]
    assert table["size"].tolist() == [4, 3, 2] and table["links"].tolist() == [3, 2, 1]
    assert table["bridges"].tolist() == [3, 2, 0]          # a chain: every link holds it together
    assert table["distinct_dob"].tolist() == [1, 2, 1]
    assert table["reasons"].tolist() == ["4 records (more than 3)", "2 different dob values", ""]
    cycle = pd.DataFrame({"left_id": ["1", "1", "2", "2"], "right_id": ["A", "B", "A", "B"]})
    assert lq.cluster_diagnostics(cycle)["bridges"].tolist() == [0]   # a cycle survives losing any one link
    assert lq.cluster_diagnostics(links.iloc[:0]).empty
    with pytest.raises(BootcampInputError, match="max_size"):
        lq.cluster_diagnostics(links, max_size=1)
    with pytest.raises(BootcampInputError, match="missing column"):
        lq.cluster_diagnostics(links, records.drop(columns="dob"))


# --- the statement ------------------------------------------------------------------------------------------------


def test_quality_statement():
    precision = {"estimate": 0.97, "lower": 0.95, "upper": 0.985, "confidence": 0.95}
    recall = {"estimate": 0.9, "lower": 0.8, "upper": 0.95}
    loss = {"estimate": 0.01, "lower": 0.0, "upper": 0.04, "matches_found": 150, "not_scored": 1,
            "records_searched": 200}
    missed = pd.DataFrame({"age_band": ["18–24"], "unlinked_share": [0.3], "gap": [0.12]})
    clusters = pd.DataFrame({"reasons": ["", "2 different dob values"], "bridges": [1, 0]})
    text = lq.quality_statement("council tax × electoral register", 0.9, precision, recall, 300, loss, missed,
                                "age_band", clusters)
    for phrase in ("97.0 %", "between 95.0 % and 98.5 %", "about 3 in every 100", "300 pairs", "1 of 150",
                   "\"18–24\"", "+12 points", "1 linked group(s) look implausible"):
        assert phrase in text
    nearly_all = lq.quality_statement("x", 0.9, {**precision, "estimate": 0.996}, recall, 300)
    assert "fewer than 1 in every 100 links" in nearly_all and "about 0 in" not in nearly_all
    assert "none of the links" in lq.quality_statement("x", 0.9, {**precision, "estimate": 1.0}, recall, 300)
    with pytest.raises(BootcampInputError, match="estimate_precision"):
        lq.quality_statement("x", 0.9, {"estimate": 0.9}, recall, 300)
