"""Unit tests of solutions.standard_record.standardise: each source's house style, no lost rows, clear errors."""

import functools

import pandas as pd
import pytest

from bootcamp import load
from bootcamp.validate import BootcampInputError
from solutions.standard_record import SOURCES, STANDARD_COLUMNS, standardise, standardise_all


@functools.lru_cache(maxsize=None)
def _raw_and_standard(source):
    raw = load(source)
    return raw, standardise(source, raw)


def _one(source, **values):
    """A one-row frame of ``source`` with every column it needs (empty unless given)."""
    _, needed = SOURCES[source]
    return pd.DataFrame([{c: values.get(c) for c in needed}])


def test_council_tax_style():
    raw = _one("council_tax", record_id="CT1", forename="MARY ANNE", surname="O'BRIEN", address_line_1="FLAT 2",
               address_line_2="12", address_line_3="HIGH STREET", address_line_4="LONDON", postcode="tb47qx")
    row = standardise("council_tax", raw).iloc[0]
    assert (row.first_name, row.middle_name, row.last_name) == ("MARY", "ANNE", "O'BRIEN")
    assert row.address == "FLAT 2, 12 HIGH STREET, LONDON"
    assert row.postcode == "TB4 7QX"
    assert row.source == "council_tax" and row.dob is None and row.uprn is None


def test_housing_benefit_surname_first_and_junk_postcode():
    raw = _one("housing_benefit", record_id="HB1", claimant_name="SMITH, John Paul", dob="01/02/1980", sex="M",
               address="12 HIGH STREET LONDON", postcode="UNKNOWN")
    row = standardise("housing_benefit", raw).iloc[0]
    assert (row.first_name, row.middle_name, row.last_name) == ("JOHN", "PAUL", "SMITH")
    assert row.dob == "1980-02-01" and row.sex == "M" and row.postcode is None


def test_adult_social_care_nhs_and_gender():
    raw = _one("adult_social_care", record_id="ASC1", first_name=".", last_name="Kowalski", dob="1950-03-04",
               gender="Unknown", nhs_number="943 476 5919", address_line_1="3 Elm Road", town="London",
               postcode="M1 1AE")
    row = standardise("adult_social_care", raw).iloc[0]
    assert row.first_name is None and row.last_name == "KOWALSKI"
    assert row.sex is None and row.nhs_number == "9434765919" and row.dob == "1950-03-04"
    assert row.address == "3 ELM ROAD, LONDON"


def test_school_census_month_first_dob_fixed_by_year_group():
    raw = _one("school_census", record_id="SC1", legal_forename="Ana Sofia", middle_names="Maria",
               legal_surname="Da Silva", dob="10/03/2013", sex="F", address="7, School Close, London",
               postcode="EC1A 1BB", year_group="7")
    row = standardise("school_census", raw).iloc[0]
    assert (row.first_name, row.middle_name, row.last_name) == ("ANA", "SOFIA MARIA", "DA SILVA")
    assert row.dob == "2013-10-03"      # Year 7 in 2025/26 was born Sep 2013 - Aug 2014
    assert row.address == "7 SCHOOL CLOSE, LONDON"


def test_shielding_list_postcode_typed_in_an_address_line():
    raw = _one("shielding_list", record_id="SL1", nhs_number="9434765919", forename="Jan", surname="NOWAK",
               dob="19450102", address_line_1="FLAT 31", address_line_2="HORIZON MANSIONS",
               address_line_3="LONDON", address_line_4="sw1a 2aa")
    row = standardise("shielding_list", raw).iloc[0]
    assert row.postcode == "SW1A 2AA"
    assert row.address == "FLAT 31, HORIZON MANSIONS, LONDON"
    assert row.dob == "1945-01-02"


def test_electoral_register_forenames_split():
    raw = _one("electoral_register", record_id="ER1", surname="Price", forenames="Matthew Richard",
               address="81 Abbey Square, London", postcode="B33 8TH")
    row = standardise("electoral_register", raw).iloc[0]
    assert (row.first_name, row.middle_name, row.last_name) == ("MATTHEW", "RICHARD", "PRICE")
    assert row.dob is None


def test_numbers_read_as_numbers_become_text():
    raw = _one("shielding_list", record_id=17, nhs_number=9434765919, forename="A", surname="B", dob=19450102,
               address_line_1="1 A ST", postcode="M1 1AE")
    row = standardise("shielding_list", raw).iloc[0]
    assert row.record_id == "17" and row.nhs_number == "9434765919" and row.dob == "1945-01-02"


def test_unknown_source_lists_the_six():
    with pytest.raises(BootcampInputError) as error:
        standardise("library_members", pd.DataFrame({"record_id": ["L1"]}))
    for name in SOURCES:
        assert name in str(error.value)


def test_missing_column_is_named():
    raw = _one("council_tax", record_id="CT1").drop(columns="postcode")
    with pytest.raises(BootcampInputError, match="postcode"):
        standardise("council_tax", raw)


def test_not_a_frame():
    with pytest.raises(BootcampInputError, match="DataFrame"):
        standardise("council_tax", [{"record_id": "CT1"}])


def test_empty_frame_gives_empty_standard_frame():
    _, needed = SOURCES["council_tax"]
    out = standardise("council_tax", pd.DataFrame(columns=list(needed)))
    assert list(out.columns) == STANDARD_COLUMNS and len(out) == 0


def test_standardise_all_stacks():
    a = _one("council_tax", record_id="CT1", surname="SMITH")
    b = _one("housing_benefit", record_id="HB1", claimant_name="JONES, Ann")
    out = standardise_all({"council_tax": a, "housing_benefit": b})
    assert out.record_id.tolist() == ["CT1", "HB1"]
    with pytest.raises(BootcampInputError):
        standardise_all({})


@pytest.mark.parametrize("source", list(SOURCES))
def test_every_source_keeps_every_row(source):
    raw, out = _raw_and_standard(source)
    assert list(out.columns) == STANDARD_COLUMNS
    assert len(out) == len(raw)
    assert out.record_id.tolist() == raw.record_id.tolist()
    assert out.uprn.isna().all()
    present = out.postcode.dropna()
    assert present.str.fullmatch(r"[A-Z0-9]{2,4} [0-9][A-Z]{2}").all()
    dob = out.dob.dropna()
    assert dob.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    assert out.sex.dropna().isin(["M", "F"]).all()
    assert out.nhs_number.dropna().str.fullmatch(r"\d{10}").all()


# --- chapter P5: any source as settings, the rules of the standard, and what a standard buys ----------------------

from solutions.standard_record import (  # noqa: E402
    as_received, columns_breaking_standard, field_disagreement, overlap_by_key, standard_violations,
    standardise_frame, standardise_library_members,
)


def _library():
    return pd.DataFrame({"member_no": ["L1", "L2"], "full_name": ["Dr Zoë Kowalska", "Ama Serwaa Mensah"],
                         "date_of_birth": ["14-Feb-1987", "N/A"], "gender": ["f", "x"],
                         "street_address": ["12 high st", "."], "town": ["London", None],
                         "post_code": ["tb47qx", "N/A"]})


def test_standardise_frame_from_settings():
    out = standardise_library_members(_library())
    assert list(out.columns) == STANDARD_COLUMNS and len(out) == 2
    assert out.loc[0, ["first_name", "last_name", "dob", "sex", "address", "postcode"]].tolist() == \
        ["ZOE", "KOWALSKA", "1987-02-14", "F", "12 HIGH ST, LONDON", "TB4 7QX"]
    assert out.loc[1, ["first_name", "middle_name", "last_name"]].tolist() == ["AMA", "SERWAA", "MENSAH"]
    assert out.loc[1, ["dob", "sex", "address", "postcode"]].isna().all()
    assert columns_breaking_standard(out) == set()


def test_standardise_frame_surname_first_and_postcode_only():
    raw = pd.DataFrame({"id": ["X1"], "name": ["SMITH, John"], "pc": ["m11ae"]})
    out = standardise_frame(raw, "x", record_id="id", surname_first="name", postcode="pc")
    assert out.loc[0, ["first_name", "last_name", "postcode", "address"]].tolist() == ["JOHN", "SMITH", "M1 1AE", None]


def test_standardise_frame_errors():
    with pytest.raises(BootcampInputError, match="post_code"):
        standardise_frame(_library().drop(columns="post_code"), "library_members", record_id="member_no",
                          full_name="full_name", postcode="post_code")
    with pytest.raises(BootcampInputError, match="only one"):
        standardise_frame(_library(), "x", record_id="member_no", full_name="full_name", first_name="gender")


def test_standard_violations_names_rule_column_and_example():
    good = standardise_library_members(_library())
    assert standard_violations(good).empty
    bad = good.copy()
    bad.loc[1, "dob"] = "01/02/2003"
    bad.loc[0, "postcode"] = "N/A"
    found = standard_violations(bad)
    assert set(found["column"]) == {"dob", "postcode"}
    assert found.set_index("column").loc["dob", "example"] == "L2"
    assert columns_breaking_standard(bad.drop(columns="uprn")) >= {"columns"}
    with pytest.raises(BootcampInputError):
        standard_violations("not a frame")


def test_standard_violations_on_every_source_is_small():
    for source in SOURCES:
        found = standard_violations(_raw_and_standard(source)[1])
        assert not (set(found["column"]) & {"columns", "record_id", "source", "postcode", "nhs_number", "sex"}), found


def test_overlap_by_key_ignores_missing_keys():
    left = pd.DataFrame({"record_id": ["a", "b", "c"], "nhs": ["1", None, "3"]})
    right = pd.DataFrame({"record_id": ["x", "y", "z"], "nhs": ["1", None, "1"]})
    assert overlap_by_key(left, right, ["nhs"]) == 1
    with pytest.raises(BootcampInputError, match="nhs"):
        overlap_by_key(left, right.drop(columns="nhs"), ["nhs"])


def test_as_received_lines_columns_up_without_cleaning():
    raw = _one("housing_benefit", record_id="HB1", claimant_name="SMITH, John", dob="01/02/1980", sex="M",
               address="12 HIGH STREET LONDON", postcode="UNKNOWN")
    row = as_received("housing_benefit", raw).iloc[0]
    assert (row.first_name, row.last_name, row.dob, row.postcode) == ("John", "SMITH", "01/02/1980", "UNKNOWN")
    with pytest.raises(BootcampInputError, match="library"):
        as_received("library", raw)


def test_field_disagreement_counts_cross_source_pairs_of_the_same_person():
    a = pd.DataFrame({"record_id": ["A1", "A2"], "last_name": ["SMITH", "JONES"]})
    b = pd.DataFrame({"record_id": ["B1", "B2"], "last_name": ["Smith", "JONES"]})
    truth = {"a": pd.DataFrame({"record_id": ["A1", "A2"], "person_id": ["P1", "P2"]}),
             "b": pd.DataFrame({"record_id": ["B1", "B2"], "person_id": ["P1", "P2"]})}
    out = field_disagreement({"a": a, "b": b}, truth, fields=("last_name",))
    assert out.loc["last_name", "pairs"] == 2 and out.loc["last_name", "disagree"] == 0.5
    with pytest.raises(BootcampInputError):
        field_disagreement({"a": a, "c": b}, truth, fields=("last_name",))
