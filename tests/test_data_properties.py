"""Tests of the measured-properties table (bootcamp/thamesbury/properties.py): it measures correctly on a tiny borough
whose answers are worked out by hand, it covers every property on the committed data, and data/README.md holds
exactly its output."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from bootcamp.cli import main as cli
from bootcamp.thamesbury import properties
from bootcamp.thamesbury.error_report import readme_block, readme_path
from bootcamp.validate import BootcampInputError

# Three postcode units on three streets (USRN S1, S2, S3):
#   A: 2 delivery points on S1, plus a parent shell (PP, not a delivery point) on S3
#   B: 4 delivery points, 2 on S1 and 2 on S2
#   C: 6 delivery points on S2, one of them a shop (CR01, a delivery point)
# so delivery points per unit are 2, 4, 6; streets per unit 1, 2, 1; S1 and S2 each span 2 units; S3 has no address.
TINY_GAZETTEER = pd.DataFrame(
    [("U1", "S1", "TB1 1AA", "RD04"), ("U2", "S1", "TB1 1AA", "RD04"), ("U3", "S3", "TB1 1AA", "PP"),
     ("U4", "S1", "TB1 1AB", "RD03"), ("U5", "S1", "TB1 1AB", "RD03"), ("U6", "S2", "TB1 1AB", "RD06"),
     ("U7", "S2", "TB1 1AB", "RD06"), ("U8", "S2", "TB1 1AD", "RD06"), ("U9", "S2", "TB1 1AD", "RD06"),
     ("U10", "S2", "TB1 1AD", "RD06"), ("U11", "S2", "TB1 1AD", "RD06"), ("U12", "S2", "TB1 1AD", "RD06"),
     ("U13", "S2", "TB1 1AD", "CR01")],
    columns=["uprn", "usrn", "postcode", "classification"])
# Three households: H1 one person; H2 three people, two of them namesakes (JOHN SMITH), two surnames; H3 two people,
# one surname. Surnames: SMITH 3, PATEL 2, JONES 1.
TINY_PEOPLE = pd.DataFrame(
    [("P1", "ANN", "SMITH", "H1"), ("P2", "JOHN", "SMITH", "H2"), ("P3", "JOHN", "SMITH", "H2"),
     ("P4", "MARY", "JONES", "H2"), ("P5", "ANIL", "PATEL", "H3"), ("P6", "RAJ", "PATEL", "H3")],
    columns=["person_id", "first_name", "last_name", "household_id"])
HAND_WORKED = {
    "Delivery points per postcode unit (mean)": 4.0,
    "Delivery points per postcode unit (median)": 4.0,
    "Delivery points per postcode unit (largest)": 6.0,
    "Streets per postcode unit (mean)": 4 / 3,
    "Postcode units with two or more streets": 1 / 3,
    "Postcode units per street (mean, streets with an address)": 2.0,
    "People per household (mean)": 2.0,
    "One-person households": 1 / 3,
    "Distinct surnames per 10,000 residents": 10_000 * 3 / 6,
    "Residents sharing first and last name with someone at home": 2 / 6,
    "Households of 2+ people whose members have more than one surname": 1 / 2,
}


@pytest.fixture(scope="module")
def committed():
    return properties.measured_properties()


def tiny_table():
    return properties.measure_all(TINY_GAZETTEER, TINY_PEOPLE).set_index("property")


@pytest.mark.parametrize("name", sorted(HAND_WORKED))
def test_each_property_measures_the_hand_worked_answer(name):
    assert tiny_table().loc[name, "thamesbury"] == pytest.approx(HAND_WORKED[name])


def test_top_surname_share_counts_the_commonest_names_first(monkeypatch):
    monkeypatch.setattr(properties, "TOP_SURNAMES", 2)  # SMITH (3) and PATEL (2) of 6 residents
    table = tiny_table()
    assert table.loc["Residents with one of the 10 commonest surnames", "thamesbury"] == pytest.approx(5 / 6)


def test_ratio_and_factor_of_two_follow_the_public_figure():
    table = tiny_table()
    mean_points = table.loc["Delivery points per postcode unit (mean)"]
    assert mean_points["ratio"] == pytest.approx(4 / 15)  # 4 delivery points against Ordnance Survey's 15
    assert mean_points["within_factor_two"] is False
    one_person = table.loc["One-person households"]
    assert one_person["ratio"] == pytest.approx((1 / 3) / one_person["public_figure"])
    assert one_person["within_factor_two"] is True
    no_figure = table.loc["Streets per postcode unit (mean)"]
    assert no_figure["public_source"] == properties.NO_FIGURE
    assert math.isnan(no_figure["ratio"]) and no_figure["within_factor_two"] is None


def test_committed_data_has_every_property_with_a_number(committed):
    assert list(committed.columns) == properties.COLUMNS
    assert list(committed["property"]) == [prop.name for prop in properties.PROPERTIES]
    assert committed["thamesbury"].map(math.isfinite).all()
    cited = committed[committed["public_figure"].notna()]
    assert len(cited) >= 5
    assert cited["public_source"].str.contains("http").all()
    assert (cited["ratio"] == cited["thamesbury"] / cited["public_figure"]).all()


def test_every_property_outside_a_factor_of_two_or_without_a_figure_says_why(committed):
    explained = {prop.name: prop.why_not for prop in properties.PROPERTIES}
    needs_a_note = committed[committed["within_factor_two"] != True]["property"]  # noqa: E712 - None counts too
    assert [name for name in needs_a_note if not explained[name].strip()] == []


def test_the_one_street_note_is_still_true(committed):
    """The note says every unit has one street; when the data changes that, the note must change too."""
    note = next(prop.why_not for prop in properties.PROPERTIES if prop.name == "Streets per postcode unit (mean)")
    share = committed.set_index("property").loc["Postcode units with two or more streets", "thamesbury"]
    assert ("exactly one street" in note) == (share == 0)


def test_readme_table_equals_the_modules_output():
    text = readme_path().read_text(encoding="utf-8")
    assert readme_block(text, properties.README_START, properties.README_END) == properties.report()


def test_missing_columns_are_named():
    with pytest.raises(BootcampInputError, match="usrn"):
        properties.measure_all(TINY_GAZETTEER.drop(columns="usrn"), TINY_PEOPLE)
    with pytest.raises(BootcampInputError, match="household_id"):
        properties.measure_all(TINY_GAZETTEER, TINY_PEOPLE.drop(columns="household_id"))


def test_the_command_line_prints_the_table(capsys):
    assert cli(["data", "properties"]) == 0
    assert capsys.readouterr().out == properties.report()
