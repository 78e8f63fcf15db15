"""A council's own files, read safely and mapped to the course's shapes (chapter "Your own data").

* :func:`read_extract` reads a CSV or Excel extract as text, so that leading zeros, NHS numbers and a resident called
  "Na" survive, and names the problem when a file is empty or in an unexpected encoding.
* :func:`gazetteer_from_extract` maps an AddressBase Plus, LLPG (BS7666) or PAF extract to the gazetteer columns that
  ``match_addresses`` reads (``uprn, saon, paon, street, locality, town, postcode``; ``locality`` may be empty).
* :func:`standard_records` maps any source to the standard person record with a column map.

OS Open UPRN is not a gazetteer: it holds UPRNs and coordinates but no address text, so nothing can be matched to
it by address. Use AddressBase (under the PSGA, free to councils) or your own LLPG.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions.standard_record import STANDARD_COLUMNS

GAZETTEER_COLUMNS = ["uprn", "saon", "paon", "street", "locality", "town", "postcode"]
ENCODINGS = ("utf-8-sig", "cp1252")  # UTF-8 (with or without Excel's byte-order mark), then Windows' Western


def read_extract(path: str | os.PathLike, sheet: str | int | None = None) -> pd.DataFrame:
    """Read a CSV or Excel (.xlsx) extract with every column as text, blank cells as missing.

    Text, because councils' identifiers lose their leading zeros as numbers and pandas' default missing-value list
    turns a surname "Null" or a first name "Na" into a gap. UTF-8 is tried first, then Windows-1252 (what Excel
    saves as "CSV" on a UK Windows computer); a file in neither is refused with a message saying so.
    """
    path = Path(path)
    if not path.exists():
        raise BootcampInputError(f"{path}: no such file.")
    if path.stat().st_size == 0:
        raise BootcampInputError(f"{path} is empty (0 bytes): was the export interrupted?")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        try:
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False, na_values=[""])
        except (ValueError, KeyError, OSError, zipfile.BadZipFile) as exc:
            raise BootcampInputError(f"{path} cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); "
                                     "open it in Excel and save it again as .xlsx, or as CSV UTF-8.") from None
    elif path.suffix.lower() == ".xls":
        raise BootcampInputError(f"{path}: old .xls workbooks are not read; save it as .xlsx or CSV.")
    else:
        frame = _read_csv_text(path)
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty:
        raise BootcampInputError(f"{path} has a header but no rows.")
    return frame


def _read_csv_text(path: Path) -> pd.DataFrame:
    for encoding in ENCODINGS:
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding=encoding)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise BootcampInputError(f"{path} has no header row.") from None
        except pd.errors.ParserError as exc:
            raise BootcampInputError(f"{path} is not a well-formed CSV file: {exc}") from None
    raise BootcampInputError(f"{path} is neither UTF-8 nor Windows-1252 text: open it in Excel and save it as "
                             "'CSV UTF-8 (comma delimited)'.")


# --- gazetteers -----------------------------------------------------------------------------------------------------

# AddressBase Plus and an LLPG's BS7666 export share these column names (upper case; a few exports use lower case).
_ADDRESSBASE = {"UPRN", "PAO_START_NUMBER", "STREET_DESCRIPTION"}
_PAF = {"UPRN", "THOROUGHFARE", "POST_TOWN"}


def gazetteer_style(frame: pd.DataFrame) -> str:
    """Which kind of extract ``frame`` is: ``"course"``, ``"addressbase"`` (AddressBase Plus or an LLPG) or ``"paf"``."""
    columns = {c.upper() for c in frame.columns}
    if set(GAZETTEER_COLUMNS) - {"locality"} <= set(frame.columns):
        return "course"
    if _ADDRESSBASE <= columns:
        return "addressbase"
    if _PAF <= columns:
        return "paf"
    raise BootcampInputError(
        "the gazetteer's columns are not recognised: expected the course's (uprn, saon, paon, street, town, "
        "postcode), AddressBase Plus / LLPG (UPRN, SAO_TEXT, PAO_START_NUMBER, STREET_DESCRIPTION, TOWN_NAME, "
        f"POSTCODE_LOCATOR, ...) or PAF (UPRN, BUILDING_NUMBER, THOROUGHFARE, POST_TOWN, POSTCODE, ...); got "
        f"{list(frame.columns)[:12]}")


def gazetteer_from_extract(frame: pd.DataFrame) -> pd.DataFrame:
    """The gazetteer columns ``match_addresses`` reads, from an AddressBase Plus, LLPG or PAF extract.

    AddressBase Plus / LLPG (BS7666): ``saon`` is ``SAO_TEXT`` with the SAO number range (``FLAT`` + ``3`` ->
    ``FLAT 3``; ``SAO_START_NUMBER``, ``_SUFFIX``, ``SAO_END_NUMBER``, ``_SUFFIX``), ``paon`` is ``PAO_TEXT`` with the
    PAO number range (``ROSE COURT 12-14``), ``street`` is ``STREET_DESCRIPTION``, ``locality`` is ``LOCALITY``,
    ``town`` is ``TOWN_NAME`` and ``postcode`` is ``POSTCODE_LOCATOR`` (or ``POSTCODE``).

    PAF: ``saon`` is ``SUB_BUILDING_NAME``, ``paon`` is ``BUILDING_NAME`` with ``BUILDING_NUMBER`` (and
    ``ORGANISATION_NAME`` when there is neither), ``street`` is ``DEPENDENT_THOROUGHFARE`` with ``THOROUGHFARE``,
    ``locality`` is ``DEPENDENT_LOCALITY``, ``town`` is ``POST_TOWN``.

    Column names are matched ignoring case; missing optional columns are treated as empty. Every input row gives one
    output row (nothing is dropped); rows without a UPRN are refused, because a match to them could not be used.
    """
    require_frame(frame, "gazetteer")
    style = gazetteer_style(frame)
    if style == "course":
        out = frame.copy()
        if "locality" not in out.columns:
            out["locality"] = None
    else:
        upper = frame.rename(columns={c: c.upper() for c in frame.columns})
        out = _from_addressbase(upper) if style == "addressbase" else _from_paf(upper)
    out = out[GAZETTEER_COLUMNS].copy()
    out["uprn"] = out["uprn"].astype(object).where(out["uprn"].notna(), None)
    blank = out["uprn"].isna() | (out["uprn"].astype(str).str.strip() == "")
    if blank.any():
        raise BootcampInputError(f"the gazetteer has {int(blank.sum())} rows without a UPRN (first at row "
                                 f"{int(blank.to_numpy().nonzero()[0][0])}).")
    out["uprn"] = out["uprn"].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
    if out["uprn"].duplicated().any():
        raise BootcampInputError(f"the gazetteer repeats {int(out['uprn'].duplicated().sum())} UPRNs: keep one row "
                                 "per UPRN (e.g. only the approved, current LPI of each).")
    return out.reset_index(drop=True)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series("", index=frame.index)
    values = frame[column].astype(object).where(frame[column].notna(), "")
    return values.astype(str).str.strip().str.replace(r"\.0$", "", regex=True)


def _number_range(frame: pd.DataFrame, prefix: str) -> pd.Series:
    start = _text(frame, f"{prefix}_START_NUMBER") + _text(frame, f"{prefix}_START_SUFFIX")
    end = _text(frame, f"{prefix}_END_NUMBER") + _text(frame, f"{prefix}_END_SUFFIX")
    return start.where(end == "", start + "-" + end)


def _join(*parts: pd.Series) -> pd.Series:
    joined = parts[0]
    for part in parts[1:]:
        joined = joined.str.cat(part, sep=" ")
    joined = joined.str.split().str.join(" ")
    return joined.where(joined != "", None)


def _from_addressbase(f: pd.DataFrame) -> pd.DataFrame:
    postcode = _text(f, "POSTCODE_LOCATOR") if "POSTCODE_LOCATOR" in f.columns else _text(f, "POSTCODE")
    return pd.DataFrame({
        "uprn": f["UPRN"], "saon": _join(_text(f, "SAO_TEXT"), _number_range(f, "SAO")),
        "paon": _join(_text(f, "PAO_TEXT"), _number_range(f, "PAO")), "street": _join(_text(f, "STREET_DESCRIPTION")),
        "locality": _join(_text(f, "LOCALITY")), "town": _join(_text(f, "TOWN_NAME")), "postcode": _join(postcode),
    })


def _from_paf(f: pd.DataFrame) -> pd.DataFrame:
    building = _join(_text(f, "BUILDING_NAME"), _text(f, "BUILDING_NUMBER"))
    paon = building.where(building.notna(), _join(_text(f, "ORGANISATION_NAME")))
    return pd.DataFrame({
        "uprn": f["UPRN"], "saon": _join(_text(f, "SUB_BUILDING_NAME")), "paon": paon,
        "street": _join(_text(f, "DEPENDENT_THOROUGHFARE"), _text(f, "THOROUGHFARE")),
        "locality": _join(_text(f, "DEPENDENT_LOCALITY")), "town": _join(_text(f, "POST_TOWN")),
        "postcode": _join(_text(f, "POSTCODE")),
    })


# --- person records -------------------------------------------------------------------------------------------------


def read_column_map(path: str | os.PathLike) -> dict[str, str]:
    """A column map from a JSON file: ``{"their column": "standard column", ...}``."""
    try:
        mapping = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise BootcampInputError(f"{path}: cannot read the column map as JSON ({exc}).") from None
    if not isinstance(mapping, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        raise BootcampInputError(f"{path}: the column map must be a JSON object of 'their column': 'standard column'.")
    return mapping


def standard_records(frame: pd.DataFrame, column_map: dict[str, str], source: str,
                     dayfirst: bool = True) -> pd.DataFrame:
    """Any extract as the standard person record, renaming its columns by ``column_map``.

    ``column_map`` maps the extract's column names to standard ones; several columns mapped to ``address`` are
    joined with ", " in the map's order (address lines 1 to 4, say). ``record_id`` must be mapped and unique. Dates
    of birth are read day first (UK style; ``dayfirst=False`` for ISO or US files) and written as ISO dates; a date
    that cannot be read is left missing and counted in the frame's ``attrs["unreadable_dob"]``; ISO dates are
    recognised first whatever ``dayfirst`` says (see :func:`read_dates`). Every input row
    gives one output row.
    """
    require_frame(frame, "extract", list(column_map))
    unknown = sorted(set(column_map.values()) - set(STANDARD_COLUMNS))
    if unknown:
        raise BootcampInputError(f"the column map names {unknown}, which are not standard columns: "
                                 f"use {STANDARD_COLUMNS}.")
    if "record_id" not in column_map.values():
        raise BootcampInputError("the column map must say which column is the record_id.")
    out = pd.DataFrame(index=frame.index)
    for standard in STANDARD_COLUMNS:
        theirs = [c for c, s in column_map.items() if s == standard]
        if standard == "address" and len(theirs) > 1:
            out[standard] = _join_address(frame[theirs])
        elif theirs:
            out[standard] = frame[theirs[0]].astype(object)
        else:
            out[standard] = None
    out["source"] = out["source"].where(out["source"].notna(), source)
    ids = out["record_id"]
    if ids.isna().any():
        raise BootcampInputError(f"{int(ids.isna().sum())} rows have no record_id (first at row "
                                 f"{int(ids.isna().to_numpy().nonzero()[0][0])}).")
    repeated = ids[ids.duplicated(keep=False)]
    if len(repeated):
        raise BootcampInputError(f"record_id is not unique: {repeated.nunique()} values repeat, e.g. "
                                 f"{repeated.iloc[0]!r}.")
    dob = read_dates(out["dob"], dayfirst=dayfirst)
    out.attrs["unreadable_dob"] = int((out["dob"].notna() & dob.isna()).sum())
    out["dob"] = dob
    return out.reset_index(drop=True)


_ISO_DATE = r"^\d{4}-\d{2}-\d{2}(?:[ T]00:00(?::00)?)?$"  # 1974-04-05, or Excel's 1974-04-05 00:00:00


def read_dates(values: pd.Series, dayfirst: bool = True) -> pd.Series:
    """Dates written in any common way, as ISO text (``"1974-04-05"``); missing where they cannot be read.

    ISO dates (``1974-04-05``, and the ``1974-04-05 00:00:00`` an Excel date cell becomes when read as text) are
    recognised first and read year-month-day whatever ``dayfirst`` says; every other value is read day first
    (``05/04/1974`` is 5 April: UK style) unless ``dayfirst=False``. Each value is read on its own, so one file may
    mix styles. A date with a two-digit year (``05/04/74``) is left missing: 1974 and 2074 are both readings, and a
    guess would be wrong for someone. Every distinct value is parsed once, so large files stay fast.
    """
    if not isinstance(values, pd.Series):
        raise BootcampInputError(f"read_dates needs a pandas Series of dates, not {type(values).__name__}.")
    text = values.astype(object).where(values.notna(), None)
    distinct = pd.Series(pd.unique(text.dropna().astype(str).str.strip()), dtype=object)
    iso = distinct.str.match(_ISO_DATE)
    parsed = pd.Series(pd.NaT, index=distinct.index, dtype="datetime64[ns]")
    if iso.any():
        parsed[iso] = pd.to_datetime(distinct[iso].str[:10], format="%Y-%m-%d", errors="coerce")
    other = ~iso & distinct.str.contains(r"\d{4}")  # a two-digit year (05/04/74) could be 1974 or 2074: not read
    if other.any():
        parsed[other] = pd.to_datetime(distinct[other], format="mixed", dayfirst=dayfirst, errors="coerce")
    as_text = dict(zip(distinct, parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), None)))
    out = text.map(lambda v: None if v is None else as_text[str(v).strip()])
    return out.astype(object).where(out.notna(), None)


def _join_address(lines: pd.DataFrame) -> pd.Series:
    text = lines.apply(lambda row: ", ".join(str(v).strip() for v in row if isinstance(v, str) and v.strip()), axis=1)
    return text.where(text != "", None)


# --- chapter P6's exercises and made-up extracts ----------------------------------------------------------------------


def clean_uprn(value) -> str | None:
    """A UPRN as it should be kept: digits only, as text (``"100023336956"``), or None when there is none.

    Spreadsheets damage UPRNs in two ways. A UPRN read as a number comes back as ``100023336956.0``: the ``.0`` is
    harmless and is removed. A UPRN that Excel has shown in scientific notation and saved that way
    (``1.00023E+11``) has lost its last digits for good: it cannot be repaired, so it is refused (None), never
    guessed. Surrounding spaces are removed; anything else that is not digits (``"N/A"``, ``""``) is None.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = value.strip().removesuffix(".0")
    return text if text.isdigit() and len(text) <= 12 else None


def review_precision(reviewed: pd.DataFrame) -> float | None:
    """The share of reviewed best candidates the reviewer accepted: ``accept / (accept + reject + other)``.

    ``reviewed`` is a review sheet read back (column ``decision``: ``accept``, ``reject``, ``other`` or blank).
    Blank rows were not reviewed and do not count; None when no row was reviewed. Rounded to 4 decimal places.
    """
    require_frame(reviewed, "reviewed", ["decision"], allow_empty=True)
    decision = reviewed["decision"].astype(object).where(reviewed["decision"].notna(), "").astype(str)
    decision = decision.str.strip().str.lower()
    decided = decision[decision.isin(["accept", "reject", "other"])]
    return None if decided.empty else round(float((decided == "accept").mean()), 4)


def same_standard_records(answer, expected, extract: pd.DataFrame | None = None) -> str | None:
    """Compare two column maps by what they do: the standard records each makes from ``extract``."""
    if not isinstance(answer, dict):
        return f"a column map is a dict of 'their column': 'standard column', not a {type(answer).__name__}"
    try:
        got = standard_records(extract, answer, source="housing_benefit")
    except BootcampInputError as exc:
        return f"standard_records refused this map: {exc}"
    want = standard_records(extract, expected, source="housing_benefit")
    for column in STANDARD_COLUMNS:
        if not got[column].fillna("").equals(want[column].fillna("")):
            example = (got[column].fillna("") != want[column].fillna("")).idxmax()
            return (f"the standard column {column!r} comes out wrong: for record {want.loc[example, 'record_id']!r} "
                    f"it is {got.loc[example, column]!r}, expected {want.loc[example, column]!r}")
    return None


def addressbase_style(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The course's gazetteer written with AddressBase Plus column names, as a council's extract would come.

    The inverse of :func:`gazetteer_from_extract` for the columns the course uses: a ``paon`` that is a number (with
    a letter) goes to ``PAO_START_NUMBER`` (and ``PAO_START_SUFFIX``), a range ``99-101`` to ``PAO_START_NUMBER``
    and ``PAO_END_NUMBER``, text to ``PAO_TEXT`` (a trailing number, as in ``TURNER TOWER 3``, to
    ``PAO_START_NUMBER``); ``saon`` to the ``SAO_`` columns likewise.
    """
    require_frame(gazetteer, "gazetteer", ["uprn", "saon", "paon", "street", "town", "postcode"])

    def split(values: pd.Series, prefix: str) -> pd.DataFrame:
        text = values.astype(object).where(values.notna(), "").astype(str)
        parts = text.str.extract(r"^(?P<text>.*?)\s*(?:(?P<number>\d+)(?P<suffix>[A-Z])?(?:-(?P<end>\d+))?)?$")
        numbered = parts["number"].notna()
        out = pd.DataFrame({f"{prefix}_TEXT": parts["text"].where(numbered, text),
                            f"{prefix}_START_NUMBER": parts["number"], f"{prefix}_START_SUFFIX": parts["suffix"],
                            f"{prefix}_END_NUMBER": parts["end"]})
        return out.astype(object).where(out.notna() & out.ne(""), None)

    locality = gazetteer["locality"] if "locality" in gazetteer.columns else None
    return pd.concat([
        pd.DataFrame({"UPRN": gazetteer["uprn"].astype(str)}), split(gazetteer["saon"], "SAO"),
        split(gazetteer["paon"], "PAO"),
        pd.DataFrame({"STREET_DESCRIPTION": gazetteer["street"], "LOCALITY": locality, "TOWN_NAME": gazetteer["town"],
                      "POSTCODE_LOCATOR": gazetteer["postcode"]}),
    ], axis=1)


#: The postcode district the chapter's made-up extracts cover (a small area keeps the chapter quick).
EXTRACT_AREA = "TB9"


def _in_area(postcode: pd.Series) -> pd.Series:
    return postcode.fillna("").astype(str).str.split(" ").str[0].eq(EXTRACT_AREA)


def council_tax_extract() -> pd.DataFrame:
    """A made-up council tax extract in a council's own house style, from Thamesbury's council tax records in
    :data:`EXTRACT_AREA`: other column names (``Account Ref``, ``Addr 1`` … ``Addr 4``, ``Post Code``), other IDs."""
    from bootcamp import load

    raw = load("council_tax")
    area = raw[_in_area(raw["postcode"])].reset_index(drop=True)
    return pd.DataFrame({
        "Account Ref": area["record_id"].str.replace("CT", "CTAX-", regex=False), "Title": area["title"],
        "Forename": area["forename"], "Surname": area["surname"], "Addr 1": area["address_line_1"],
        "Addr 2": area["address_line_2"], "Addr 3": area["address_line_3"], "Addr 4": area["address_line_4"],
        "Post Code": area["postcode"], "Liable From": area["liable_from"],
    })


def benefit_extract() -> pd.DataFrame:
    """A made-up housing benefit extract in another house style, from Thamesbury's housing benefit claimants in
    :data:`EXTRACT_AREA`: names in Title Case in two columns, dates of birth written ``19/04/1974`` under ``D.O.B.``."""
    from bootcamp import load
    from solutions.standard_record import standardise

    std = standardise("housing_benefit", load("housing_benefit"))
    area = std[_in_area(std["postcode"])].reset_index(drop=True)
    return pd.DataFrame({
        "Claim No": area["record_id"], "First Name": area["first_name"].str.title(),
        "Last Name": area["last_name"].str.title(),
        "D.O.B.": pd.to_datetime(area["dob"], format="%Y-%m-%d").dt.strftime("%d/%m/%Y"), "Sex": area["sex"],
        "Address": area["address"], "Postcode": area["postcode"],
    })


def benefit_column_map() -> dict[str, str]:
    """Chapter P6, q3: the column map that turns :func:`benefit_extract` into the standard person record."""
    return {"Claim No": "record_id", "First Name": "first_name", "Last Name": "last_name", "D.O.B.": "dob",
            "Sex": "sex", "Address": "address", "Postcode": "postcode"}


def same_benefit_records(answer, expected) -> str | None:
    """q3's check: two column maps are the same answer when they make the same standard records from
    :func:`benefit_extract` (so the order of the map's entries does not matter)."""
    return same_standard_records(answer, expected, benefit_extract())


def not_a_gazetteer() -> str:
    """Chapter P6, q1: the one product of the four that holds no address text, so nothing can be matched to it."""
    return "OS Open UPRN"
