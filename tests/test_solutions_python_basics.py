"""Unit tests of solutions.python_basics (chapter B0) and of the fill-in-the-blank gap, bootcamp.blanks."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from bootcamp.blanks import ____
from bootcamp.chapters import b0
from bootcamp.exercises import NOT_ATTEMPTED
from bootcamp.validate import BootcampInputError
from solutions import python_basics as pb


@pytest.mark.parametrize("first, last, expected", [("LEON", "SMITH", "LEON SMITH"), (" Amira ", "Khan ", "Amira Khan")])
def test_full_name(first, last, expected):
    assert pb.full_name(first, last) == expected


@pytest.mark.parametrize("postcode, expected", [("TB4 7QX", "TB4"), ("TB10 1AA", "TB10"), ("  W1A 0AX ", "W1A"),
                                                (None, None), (float("nan"), None)])
def test_outward_code(postcode, expected):
    assert pb.outward_code(postcode) == expected


def test_squash_spaces_and_house_number():
    assert pb.squash_spaces(" 14 \t HIGH   STREET ") == "14 HIGH STREET"
    assert pb.house_number("14A HIGH STREET") == "14A"
    assert pb.house_number("221B BAKER STREET") == "221B"
    assert pb.house_number("FLAT 3, 12 HIGH STREET") is None


def test_add_ward_keeps_every_record_and_refuses_a_bad_lookup():
    records = pd.DataFrame({"record_id": ["a", "b", "c"], "postcode": ["TB1 1AA", None, "TB9 9ZZ"]})
    wards = pd.DataFrame({"postcode": ["TB1 1AA"], "ward": ["Old Town"]})
    out = pb.add_ward(records, wards)
    assert len(out) == len(records) and out["ward"].tolist()[0] == "Old Town" and out["ward"].isna().sum() == 2
    with pytest.raises(BootcampInputError, match="missing column"):
        pb.add_ward(records.drop(columns="postcode"), wards)
    gazetteer = pd.DataFrame({"uprn": [1, 2], "postcode": ["TB1 1AA", "TB1 1AA"], "ward": ["Old Town", "Kingsmead"]})
    with pytest.raises(BootcampInputError, match="more than one ward"):
        pb.ward_lookup(gazetteer)


def test_properties_per_ward_breaks_ties_by_name():
    gazetteer = pd.DataFrame({"uprn": range(5), "ward": ["B", "A", "C", "B", "A"]})
    assert pb.properties_per_ward(gazetteer)["ward"].tolist() == ["A", "B", "C"]


def test_value_answers_on_the_committed_data():
    assert pb.council_tax_rows() == 11_290
    assert pb.single_person_discounts() == 3_624
    assert pb.biggest_ward() == "Woodside"
    assert pb.accounts_without_ward() == 130  # 61 with no postcode, 69 with a terminated one


@pytest.mark.parametrize("use", [
    lambda: "a" + ____, lambda: ____ + 1, lambda: ____ == "x", lambda: {____: 1}, lambda: [1, 2][____],
    lambda: re.sub(____, " ", "a  b"), lambda: pd.Series(["a"]) == ____, lambda: bool(____), lambda: ____.upper(),
    lambda: pd.DataFrame({"a": [1]}).merge(pd.DataFrame({"a": [1]}), on="a", how=____),
])
def test_any_use_of_a_blank_says_it_is_unfilled(use):
    with pytest.raises(NotImplementedError, match="blank"):
        use()


def test_a_blank_can_be_shown_and_probed_without_error():
    assert repr(____) == "____" and str(____) == "____"
    assert getattr(____, "_repr_html_", None) is None


def test_every_fill_in_starter_is_not_attempted_until_filled():
    fill_ins = [q for q in (b0.q4, b0.q6, b0.q7, b0.q8, b0.q9) if "____" in q.starter]
    assert len(fill_ins) == 5
    for exercise in fill_ins:
        namespace: dict = {}
        exec(exercise.starter, namespace)
        name = exercise.starter.split("def ", 1)[1].split("(", 1)[0]
        assert exercise.evaluate(namespace[name]).status == NOT_ATTEMPTED, exercise.label


@pytest.mark.parametrize("exercise, answers", [
    (b0.q4, ['"postcode"', '"left"']), (b0.q6, ['" "']), (b0.q7, ["0"]), (b0.q8, ['r"\\s+"']),
    (b0.q9, ['r"\\d+[A-Z]?"']),
])
def test_a_fill_in_starter_filled_in_right_passes_its_check(exercise, answers):
    """The blanks are all a learner has to write: fill them and the exercise's own check accepts it."""
    lines, remaining = [], iter(answers)
    for line in exercise.starter.splitlines():
        if "____" in line and not line.startswith("from bootcamp.blanks"):
            while "____" in line:
                line = line.replace("____", next(remaining), 1)
        lines.append(line)
    assert next(remaining, None) is None
    namespace: dict = {}
    exec("\n".join(lines), namespace)
    name = exercise.starter.split("def ", 1)[1].split("(", 1)[0]
    assert exercise.evaluate(namespace[name]).ok, exercise.evaluate(namespace[name]).message
