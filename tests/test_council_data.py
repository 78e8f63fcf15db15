"""solutions.council_data: a council's own files read safely and mapped to the course's shapes (chapter P6).

The fixtures in tests/fixtures/own_data/ are written in styles the course's generator does not make: AddressBase
Plus, LLPG (lower-case BS7666 columns, no locality) and PAF gazetteers of made-up Peckham addresses, free-text
addresses in one field, addresses whose postcode is only the outward code, and addresses in four lines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions.council_data import (GAZETTEER_COLUMNS, gazetteer_from_extract, gazetteer_style, read_column_map,
                                    read_dates, read_extract, standard_records)

FIXTURES = Path(__file__).parent / "fixtures" / "own_data"


def fixture(name: str) -> pd.DataFrame:
    return read_extract(FIXTURES / name)


# --- read_extract ---------------------------------------------------------------------------------------------------


def test_read_extract_keeps_every_value_as_text(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("ref,first,last,nhs\n007,Na,Null,0123456789\n008,,NA,\n", encoding="utf-8")
    frame = read_extract(path)
    assert frame["ref"].tolist() == ["007", "008"]  # leading zeros kept
    assert frame["first"].tolist()[0] == "Na" and frame["last"].tolist() == ["Null", "NA"]  # names, not gaps
    assert frame["nhs"].tolist()[0] == "0123456789"
    assert pd.isna(frame.loc[1, "first"]) and pd.isna(frame.loc[1, "nhs"])  # a blank cell is missing


def test_read_extract_reads_windows_1252_and_a_byte_order_mark(tmp_path):
    cp1252 = tmp_path / "excel.csv"
    cp1252.write_bytes("record_id,address\nA1,Flat 2 Café Court £\n".encode("cp1252"))
    assert read_extract(cp1252)["address"].tolist() == ["Flat 2 Café Court £"]
    bom = tmp_path / "bom.csv"
    bom.write_bytes("record_id,address\nA1,Zoë House\n".encode("utf-8-sig"))
    assert list(read_extract(bom).columns) == ["record_id", "address"]  # no "\ufeffrecord_id"


def test_read_extract_excel_gives_the_same_frame_as_csv(tmp_path):
    csv = fixture("free_text_records.csv")
    path = tmp_path / "records.xlsx"
    csv.to_excel(path, index=False)
    pd.testing.assert_frame_equal(read_extract(path), csv)


@pytest.mark.parametrize("content, problem", [
    (b"", r"empty \(0 bytes\)"),
    (b"record_id,address\n", "header but no rows"),
    (b"record_id,address\nA1,12 Bellenden Road \x81\x8d\n", "neither UTF-8 nor Windows-1252"),
    (b"\n\n", "no header row"),
])
def test_read_extract_names_the_problem(tmp_path, content, problem):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(BootcampInputError, match=problem):
        read_extract(path)


def test_read_extract_refuses_a_missing_file_and_an_old_workbook(tmp_path):
    with pytest.raises(BootcampInputError, match="no such file"):
        read_extract(tmp_path / "nowhere.csv")
    old = tmp_path / "old.xls"
    old.write_bytes(b"not really a workbook")
    with pytest.raises(BootcampInputError, match=r"\.xls"):
        read_extract(old)


# --- gazetteers -----------------------------------------------------------------------------------------------------


def test_addressbase_extract_is_mapped_to_the_gazetteer_columns():
    gazetteer = gazetteer_from_extract(fixture("addressbase_gazetteer.csv"))
    assert list(gazetteer.columns) == GAZETTEER_COLUMNS
    assert len(gazetteer) == 13  # every row kept
    row = gazetteer.set_index("uprn").loc
    assert row["200003378012", ["saon", "paon", "street"]].tolist() == ["FLAT 2", "ROSE COURT", "BELLENDEN ROAD"]
    assert row["200003378003", "paon"] == "14A"  # number and suffix
    assert row["200003378030", "paon"] == "2-4"  # a number range
    assert row["200003378021", "saon"] == "FIRST FLOOR FLAT"
    assert row["200003378001", "locality"] == "PECKHAM" and row["200003378030", "locality"] is None
    assert row["200003378001", "postcode"] == "SE15 4QJ"  # POSTCODE_LOCATOR


def test_llpg_extract_with_lower_case_columns_and_no_locality():
    frame = fixture("llpg_gazetteer.csv")
    assert gazetteer_style(frame) == "addressbase"
    gazetteer = gazetteer_from_extract(frame)
    assert gazetteer["locality"].isna().all() and len(gazetteer) == 13
    row = gazetteer.set_index("uprn").loc
    assert row["200003378011", ["saon", "paon"]].tolist() == ["FLAT 1", "ROSE COURT"]
    assert row["200003378030", "paon"] == "2-4"


def test_paf_extract_is_mapped_to_the_gazetteer_columns():
    frame = fixture("paf_gazetteer.csv")
    assert gazetteer_style(frame) == "paf"
    gazetteer = gazetteer_from_extract(frame)
    row = gazetteer.set_index("uprn").loc
    assert row["200003378013", ["saon", "paon", "street"]].tolist() == ["FLAT 3", "ROSE COURT", "BELLENDEN ROAD"]
    assert row["200003378003", "paon"] == "14A"
    assert row["200003378040", "paon"] == "THE OLD LIBRARY"  # the organisation name when there is no building
    assert row["200003378031", "locality"] is None and row["200003378001", "locality"] == "PECKHAM"


def test_course_gazetteer_without_locality_passes_through():
    course = gazetteer_from_extract(fixture("addressbase_gazetteer.csv")).drop(columns="locality")
    assert gazetteer_style(course) == "course"
    out = gazetteer_from_extract(course)
    assert list(out.columns) == GAZETTEER_COLUMNS and out["locality"].isna().all()


def test_numeric_uprns_lose_excel_decimal_point():
    frame = fixture("addressbase_gazetteer.csv").head(2)
    frame["UPRN"] = ["200003378001.0", " 200003378002 "]
    assert gazetteer_from_extract(frame)["uprn"].tolist() == ["200003378001", "200003378002"]


@pytest.mark.parametrize("change, problem", [
    (lambda f: f.rename(columns={"UPRN": "ID", "STREET_DESCRIPTION": "ROAD"}), "not recognised"),
    (lambda f: f.assign(UPRN=[None] + f["UPRN"].tolist()[1:]), "without a UPRN"),
    (lambda f: f.assign(UPRN=[f["UPRN"].iloc[1]] + f["UPRN"].tolist()[1:]), "repeats 1 UPRN"),
])
def test_bad_gazetteers_are_refused_with_the_reason(change, problem):
    with pytest.raises(BootcampInputError, match=problem):
        gazetteer_from_extract(change(fixture("addressbase_gazetteer.csv")))


def test_os_open_uprn_is_not_a_gazetteer():
    open_uprn = pd.DataFrame({"UPRN": ["200003378001"], "X_COORDINATE": ["534100.0"], "Y_COORDINATE": ["176000.0"],
                              "LATITUDE": ["51.47"], "LONGITUDE": ["-0.07"]})
    with pytest.raises(BootcampInputError, match="not recognised"):
        gazetteer_from_extract(open_uprn)


# --- person records -------------------------------------------------------------------------------------------------


def test_standard_records_maps_columns_and_joins_address_lines():
    records = standard_records(fixture("address_lines_records.csv"),
                               read_column_map(FIXTURES / "address_lines_map.json"), source="council_tax")
    assert records["record_id"].tolist() == ["CT-10", "CT-11", "CT-12", "CT-13"]
    assert records["address"].tolist() == ["12, Bellenden Road, Peckham, London",
                                           "Flat 1, Rose Court, Bellenden Road, London",
                                           "Ground Floor Flat, 103 Rye Lane, London", "2-4 Choumert Road, London"]
    assert (records["source"] == "council_tax").all() and records["first_name"].isna().all()


def test_standard_records_reads_uk_dates_day_first():
    people = standard_records(fixture("benefit_people.csv"), read_column_map(FIXTURES / "benefit_people_map.json"),
                              source="housing_benefit")
    assert people.loc[0, ["record_id", "first_name", "last_name", "dob"]].tolist() == [
        "CLM-0000001", "Jermaine", "Campbell", "1974-04-19"]  # 19/04/1974 in the file
    assert people.loc[1, "dob"] == "1988-12-02"  # 02/12/1988: 2 December, not 12 February
    assert people.attrs["unreadable_dob"] == 0 and len(people) == 40


def test_iso_dates_are_recognised_first_without_a_warning(recwarn):
    frame = pd.DataFrame({"id": ["a", "b", "c", "d", "e"],
                          "born": ["1974-04-05", "05/04/1974", "1974-04-05 00:00:00", "not a date", None]})
    people = standard_records(frame, {"id": "record_id", "born": "dob"}, source="x")
    assert people["dob"].tolist() == ["1974-04-05", "1974-04-05", "1974-04-05", None, None]
    assert people.attrs["unreadable_dob"] == 1
    assert not [w for w in recwarn if "dayfirst" in str(w.message) or "format" in str(w.message)]


def test_read_dates_month_first_when_asked():
    dates = pd.Series(["05/04/1974", "1974-04-05"])
    assert read_dates(dates).tolist() == ["1974-04-05", "1974-04-05"]
    assert read_dates(dates, dayfirst=False).tolist() == ["1974-05-04", "1974-04-05"]
    with pytest.raises(BootcampInputError, match="Series"):
        read_dates(["05/04/1974"])


def test_read_dates_leaves_two_digit_years_missing_rather_than_guess_the_century():
    dates = pd.Series(["05/04/74", "5 April 1974", "5 Apr 74", "19740405"])
    assert read_dates(dates).tolist() == [None, "1974-04-05", None, "1974-04-05"]


@pytest.mark.parametrize("mapping, problem", [
    ({"Our Ref": "record_id", "Full Address": "adress"}, r"not standard columns"),
    ({"Full Address": "address"}, "which column is the record_id"),
    ({"Ref": "record_id"}, "missing column"),
])
def test_bad_column_maps_are_refused(mapping, problem):
    with pytest.raises(BootcampInputError, match=problem):
        standard_records(fixture("free_text_records.csv"), mapping, source="x")


def test_repeated_and_missing_ids_are_refused():
    frame = fixture("free_text_records.csv")
    mapping = read_column_map(FIXTURES / "free_text_map.json")
    with pytest.raises(BootcampInputError, match="not unique"):
        standard_records(frame.assign(**{"Our Ref": "HB-001"}), mapping, source="x")
    with pytest.raises(BootcampInputError, match="no record_id"):
        standard_records(frame.assign(**{"Our Ref": None}), mapping, source="x")


@pytest.mark.parametrize("text, problem", [("{not json", "cannot read the column map"),
                                           ('["a", "b"]', "JSON object"), ('{"a": 1}', "JSON object")])
def test_read_column_map_refuses_what_is_not_a_map(tmp_path, text, problem):
    path = tmp_path / "map.json"
    path.write_text(text)
    with pytest.raises(BootcampInputError, match=problem):
        read_column_map(path)


def test_a_damaged_workbook_or_a_missing_sheet_is_named(tmp_path):
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"this was never a workbook")
    with pytest.raises(BootcampInputError, match="cannot be read as an Excel workbook"):
        read_extract(broken)
    good = tmp_path / "good.xlsx"
    fixture("outward_only_records.csv").to_excel(good, index=False, sheet_name="Records")
    assert read_extract(good, sheet="Records")["record_id"].tolist() == ["OW-1", "OW-2", "OW-3", "OW-4"]
    with pytest.raises(BootcampInputError, match="cannot be read as an Excel workbook"):
        read_extract(good, sheet="Sheet9")


def test_an_excel_sheet_with_a_header_only_is_refused(tmp_path):
    path = tmp_path / "header.xlsx"
    pd.DataFrame(columns=["record_id", "address"]).to_excel(path, index=False)
    with pytest.raises(BootcampInputError, match="header but no rows"):
        read_extract(path)


# --- chapter P6's helpers ---------------------------------------------------------------------------------------------


def test_addressbase_style_round_trips_the_course_gazetteer():
    from bootcamp import load
    from solutions.council_data import addressbase_style

    course = load("gazetteer")
    back = gazetteer_from_extract(addressbase_style(course))
    expected = course[GAZETTEER_COLUMNS].astype(str).replace("nan", None)
    pd.testing.assert_frame_equal(back.astype(str).replace("None", None), expected)


def test_clean_uprn_refuses_what_a_spreadsheet_destroyed():
    from solutions.council_data import clean_uprn

    assert [clean_uprn(v) for v in ["100023336956.0", " 100023336956 ", 100023336956, "1.00023E+11", None,
                                     float("nan"), "", "N/A", "1234567890123"]] == [
        "100023336956", "100023336956", "100023336956", None, None, None, None, None, None]


def test_review_precision_counts_only_reviewed_rows():
    from solutions.council_data import review_precision

    sheet = pd.DataFrame({"decision": ["accept", " Accept", "reject", "other", "", None]})
    assert review_precision(sheet) == 0.5
    assert review_precision(sheet.iloc[4:]) is None
    with pytest.raises(BootcampInputError, match="decision"):
        review_precision(pd.DataFrame({"verdict": ["accept"]}))


def test_made_up_extracts_have_their_own_house_style():
    from solutions.council_data import benefit_column_map, benefit_extract, council_tax_extract

    benefit = benefit_extract()
    assert list(benefit.columns) == list(benefit_column_map())
    assert benefit["D.O.B."].str.fullmatch(r"\d{2}/\d{2}/\d{4}").all()
    assert council_tax_extract()["Account Ref"].str.startswith("CTAX-").all()
    people = standard_records(benefit, benefit_column_map(), source="housing_benefit")
    assert len(people) == len(benefit) and people.attrs["unreadable_dob"] == 0
