"""Unit tests of solutions.good_practice (chapter B4): hashing, Bloom filters, review, kappa, subgroup rates,
reports and manifests, with clear errors on bad input."""

import hashlib
import hmac
import random

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from bootcamp.validate import BootcampInputError
from solutions import good_practice as gp

KEY = bytes(range(32))


def test_minimise_keeps_only_needed_columns():
    records = pd.DataFrame({"record_id": ["A"], "first_name": ["X"], "dob": ["2000-01-01"], "postcode": ["E1 6AN"]})
    out = gp.minimise(records, ["postcode", "first_name", "record_id"])
    assert list(out.columns) == ["record_id", "postcode", "first_name"]
    with pytest.raises(BootcampInputError, match="'address'"):
        gp.minimise(records, ["address"])


def test_plain_and_keyed_hash():
    assert gp.plain_hash(" smith ") == gp.plain_hash("SMITH") == hashlib.sha256(b"SMITH").hexdigest()
    expected = hmac.new(KEY, b"SMITH", hashlib.sha256).hexdigest()
    assert gp.keyed_hash("Smith", KEY) == expected
    assert gp.keyed_hash("SMITH", KEY) != gp.keyed_hash("SMITH", b"x" * 32) != gp.plain_hash("SMITH")
    assert len(gp.keyed_hash("SMITH", KEY)) == 64


def test_keyed_hash_bad_keys_and_values():
    with pytest.raises(BootcampInputError, match="bytes"):
        gp.keyed_hash("SMITH", "secret")
    with pytest.raises(BootcampInputError, match="at least 16"):
        gp.keyed_hash("SMITH", b"short")
    with pytest.raises(BootcampInputError, match="value must be str"):
        gp.keyed_hash(None, KEY)


def test_hash_column_keeps_missing_missing():
    values = pd.Series(["SMITH", None, " ", "smith"])
    hashed = gp.hash_column(values, KEY)
    assert hashed[0] == hashed[3] == gp.keyed_hash("SMITH", KEY)
    assert hashed[1] is None and hashed[2] is None
    assert gp.hash_column(values)[0] == gp.plain_hash("SMITH")
    with pytest.raises(BootcampInputError, match="Series"):
        gp.hash_column(["SMITH"])


def test_dictionary_attack_recovers_plain_but_not_keyed_hashes():
    dates = [f"19{y:02d}-0{m}-1{d}" for y in range(100) for m in range(1, 10) for d in range(10)]
    secret = ["1957-03-14", "1999-09-19"]
    recovered = gp.dictionary_attack([gp.plain_hash(s) for s in secret], dates)
    assert sorted(recovered.values()) == secret
    assert gp.dictionary_attack([gp.keyed_hash(s, KEY) for s in secret], dates) == {}


def test_bigrams_and_dice():
    assert gp.bigrams("smith") == ["_S", "SM", "MI", "IT", "TH", "H_"]
    assert gp.dice({1, 2}, {2, 3}) == 0.5
    assert gp.dice(set(), set()) == 0.0
    assert gp.dice(np.array([1, 1, 0, 0], bool), np.array([1, 0, 1, 0], bool)) == 0.5
    with pytest.raises(BootcampInputError, match="same length"):
        gp.dice(np.zeros(3, bool), np.zeros(4, bool))
    assert gp.dice_bigrams("SMITH", "SMITH") == 1.0
    assert gp.dice_bigrams("SMITH", "JONES") == 0.0


def test_bloom_filter_dice_tracks_plain_dice():
    rng = random.Random(1)
    names = ["SMITH", "SMYTHE", "MOHAMMED", "MUHAMMAD", "CATHERINE", "KATHERINE", "NOWAK", "KOWALSKI", "LI", "LEE"]
    for _ in range(40):
        a, b = rng.choice(names), rng.choice(names)
        plain = gp.dice_bigrams(a, b)
        encoded = gp.dice(gp.bloom_filter(a, KEY), gp.bloom_filter(b, KEY))
        assert encoded >= plain - 1e-9  # collisions only ever add shared bits
        assert encoded - plain < 0.15, (a, b)
    assert gp.bloom_filter("SMITH", KEY).dtype == bool and gp.bloom_filter("SMITH", KEY).size == 1000
    assert not np.array_equal(gp.bloom_filter("SMITH", KEY), gp.bloom_filter("SMITH", b"y" * 32))


def test_bloom_filter_bad_input():
    with pytest.raises(BootcampInputError, match="size"):
        gp.bloom_filter("SMITH", KEY, size=0)
    with pytest.raises(BootcampInputError, match="bytes"):
        gp.bloom_filter("SMITH", None)


@pytest.mark.parametrize("seed", range(30))
def test_cohen_kappa_agrees_with_sklearn(seed):
    rng = random.Random(seed)
    labels = ["match", "non-match", "unsure"][: rng.randint(2, 3)]
    n = rng.randint(2, 40)
    a = [rng.choice(labels) for _ in range(n)]
    b = [x if rng.random() < 0.6 else rng.choice(labels) for x in a]
    if len(set(a)) == len(set(b)) == 1 and a == b:
        return  # undefined: covered below
    assert gp.cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_cohen_kappa_edge_cases():
    assert gp.cohen_kappa(["match"] * 3, ["match"] * 3) == 1.0
    with pytest.raises(BootcampInputError, match="different numbers"):
        gp.cohen_kappa(["a"], ["a", "b"])
    with pytest.raises(BootcampInputError, match="no ratings"):
        gp.cohen_kappa([], [])


def _review_inputs():
    left = pd.DataFrame({"record_id": [f"L{i}" for i in range(6)], "first_name": ["ANN"] * 6,
                         "middle_name": [None] * 6, "last_name": ["LEE", "LEE", "LI", "LEE", "LEA", "LEE"],
                         "address": [f"{i} HIGH STREET" for i in range(6)], "postcode": ["E1 6AN"] * 6})
    right = left.assign(record_id=[f"R{i}" for i in range(6)], first_name=["Ann", "Anne", "Ann", "Jo", "Ann", "Ann"])
    index = pd.MultiIndex.from_tuples([(f"L{i}", f"R{i}") for i in range(6)], names=["left_id", "right_id"])
    features = pd.DataFrame({"first_name": [1, 0.95, 1, 0.5, 1, 1], "last_name": [1, 1, 0.8, 1, 0.9, 1]},
                            index=index, dtype=float)
    return left, right, features


def test_review_sample_is_balanced_and_seeded():
    left, right, features = _review_inputs()
    links = [("L0", "R0"), ("L1", "R1"), ("L2", "R2")]
    sample = gp.review_sample(features, links, n=4, seed=0)
    assert list(sample.columns) == ["review_no", "left_id", "right_id", "linked"]
    assert sample["review_no"].tolist() == [1, 2, 3, 4]
    assert sample["linked"].sum() == 2
    assert ("L3", "R3") not in set(zip(sample["left_id"], sample["right_id"]))  # implausible pair left out
    pd.testing.assert_frame_equal(sample, gp.review_sample(features, links, n=4, seed=0))
    with pytest.raises(BootcampInputError, match="cannot sample"):
        gp.review_sample(features, links, n=8)


def test_render_pair_and_sheet():
    left, right, features = _review_inputs()
    sample = gp.review_sample(features, [("L0", "R0"), ("L1", "R1")], n=4, seed=0)
    form = gp.render_pair(sample, 1, left, right, labels=("council tax", "register"))
    assert list(form.index) == list(gp.REVIEW_FIELDS)
    assert form.columns[-1] == "agree?" and form.columns[0].startswith("council tax (L")
    assert set(form["agree?"]) <= {"same", "similar", "different", "?", ""}
    with pytest.raises(BootcampInputError, match="no pair number 99"):
        gp.render_pair(sample, 99, left, right)
    sheet = gp.review_sheet(sample, left, right)
    assert len(sheet) == 4 * len(gp.REVIEW_FIELDS)


def test_record_decisions():
    left, right, features = _review_inputs()
    sample = gp.review_sample(features, [("L0", "R0"), ("L1", "R1")], n=4, seed=0)
    table = gp.record_decisions(sample, {1: "Match", 2: "non match", 3: "unsure", 4: "NON-MATCH"}, reviewer="me")
    assert table["decision"].tolist() == ["match", "non-match", "unsure", "non-match"]
    assert gp.record_decisions(sample, ["match"] * 4)["decision"].tolist() == ["match"] * 4
    with pytest.raises(BootcampInputError, match="missing pair"):
        gp.record_decisions(sample, {1: "match"})
    with pytest.raises(BootcampInputError, match="pair 2: 'maybe'"):
        gp.record_decisions(sample, {1: "match", 2: "maybe", 3: "match", 4: "match"})
    with pytest.raises(BootcampInputError, match="3 entries"):
        gp.record_decisions(sample, ["match"] * 3)


def test_simulated_reviewer_is_seeded_and_mostly_right():
    sample = pd.DataFrame({"left_id": [f"L{i}" for i in range(200)], "right_id": [f"R{i}" for i in range(200)]})
    truth = {(f"L{i}", f"R{i}") for i in range(0, 200, 2)}
    a = gp.simulated_reviewer(sample, truth, seed=1)
    assert a == gp.simulated_reviewer(sample, truth, seed=1)
    right = sum((d == "match") == ((l, r) in truth) for d, l, r in zip(a, sample["left_id"], sample["right_id"])
                if d != "unsure")
    assert right / sum(d != "unsure" for d in a) > 0.7


def test_missed_match_rates():
    pairs = pd.DataFrame({"left_id": ["A", "B", "C", "D"], "right_id": ["W", "X", "Y", "Z"],
                          "moved": [True, True, False, False]})
    table = gp.missed_match_rates(pairs, [("A", "W"), ("C", "Y"), ("D", "Z"), ("A", "Z")], "moved")
    assert table.to_dict("list") == {"moved": [True, False], "true_matches": [2, 2], "missed": [1, 0],
                                     "missed_rate": [0.5, 0.0]}
    with pytest.raises(BootcampInputError, match="'flat'"):
        gp.missed_match_rates(pairs, [], "flat")


def _figures():
    return dict(title="T", purpose="P", lawful_basis="L", left_name="a", right_name="b", n_left=1000, n_right=2000,
                fields="names", blocking="postcode", candidate_pairs=5000, reduction_ratio=0.9975,
                pair_completeness=0.97, rule="rule", links=900, precision=0.98, recall=0.9, false_matches=18,
                missed_matches=100, review_pairs=12, review_accuracy=0.83, kappa=0.61, overall_missed_rate=0.1,
                worst_groups="x", caveats="c", manifest="m")


def test_linkage_report_fills_every_figure():
    report = gp.linkage_report(_figures())
    assert "| precision | 98.0% |" in report and "1,000" in report and "{" not in report
    figures = _figures()
    del figures["kappa"]
    with pytest.raises(BootcampInputError, match="'kappa'"):
        gp.linkage_report(figures)


def test_run_manifest(tmp_path):
    data = tmp_path / "people.csv"
    data.write_text("a,b\n1,2\n")
    manifest = gp.run_manifest({"threshold": 0.85}, seed=42, data_files=[data])
    assert manifest["parameters"] == {"threshold": 0.85} and manifest["seed"] == 42
    assert manifest["data"] == {"people.csv": hashlib.sha256(b"a,b\n1,2\n").hexdigest()[:16]}
    assert manifest["packages"]["pandas"] == pd.__version__
    with pytest.raises(BootcampInputError, match="seed"):
        gp.run_manifest({}, seed="42")
    with pytest.raises(BootcampInputError, match="not a file"):
        gp.run_manifest({}, seed=1, data_files=[tmp_path / "missing.csv"])


def test_fields_needed_for_linkage_are_standard_columns():
    from solutions.standard_record import STANDARD_COLUMNS

    assert set(gp.fields_needed_for_linkage()) <= set(STANDARD_COLUMNS)
    assert "dob" not in gp.fields_needed_for_linkage()
