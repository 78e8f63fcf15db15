"""Any Thamesbury source → the standard person record (chapters B1 and P5; used by every later chapter).

The standard person record has these columns, in this order; any value may be missing (None)::

    record_id, source, first_name, middle_name, last_name, dob, sex, address, postcode, uprn, nhs_number

* names: UPPER CASE, accents off, titles off, only letters, spaces, hyphens and apostrophes (``cleaning.clean_name``);
* ``dob``: an ISO date string ``yyyy-mm-dd``; ``sex``: ``M`` or ``F``;
* ``address``: one line, UPPER CASE, parts joined with ``", "``, without the postcode;
* ``postcode``: a valid UK postcode in the form ``"EC1A 1BB"`` (``postcodes.normalise_postcode``);
* ``uprn``: always missing here (no source carries one; finding it is address matching, chapter B5);
* ``nhs_number``: 10 digits passing the modulus 11 check.

``standardise`` returns one row per input row, in the input order, never dropping one. Each source has a small
reader below that says how its house style maps to the standard: the readers are the only place that knows a
source's column names, and they all use the same cleaning functions.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions import cleaning, postcodes

STANDARD_COLUMNS = ["record_id", "source", "first_name", "middle_name", "last_name", "dob", "sex", "address",
                    "postcode", "uprn", "nhs_number"]


def _text(raw: pd.DataFrame, column: str) -> pd.Series:
    """A column as text with placeholder junk turned into None (IDs and codes read as numbers become text again)."""
    values = raw[column]
    as_text = values.map(lambda v: v if isinstance(v, str) or cleaning.is_placeholder(v) else
                         (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)))
    return cleaning.to_missing(as_text)


def _names(first: pd.Series, middle: pd.Series | None, last: pd.Series) -> dict[str, pd.Series]:
    """First, middle and last names cleaned; forenames that hold several words are split into first + middle."""
    split = first.map(cleaning.split_forenames)
    first_name = split.map(lambda t: t[0])
    extra_middle = split.map(lambda t: t[1])
    if middle is not None:
        given_middle = middle.map(cleaning.clean_name)
        middle_name = pd.Series(
            [" ".join(p for p in (e, g) if p) or None for e, g in zip(extra_middle, given_middle)], index=first.index)
    else:
        middle_name = extra_middle
    return {"first_name": first_name, "middle_name": middle_name, "last_name": last.map(cleaning.clean_name)}


def _address_and_postcode(lines: list[pd.Series], postcode: pd.Series | None) -> dict[str, pd.Series]:
    """One address line without the postcode; the postcode from its own column, or else from the address text."""
    index = lines[0].index
    joined = pd.Series([cleaning.join_address(*parts) for parts in zip(*lines)], index=index, dtype=object)
    found_in_text = joined.map(postcodes.extract_postcode)
    address = joined.map(postcodes.remove_postcode)
    if postcode is not None:
        from_column = postcode.map(postcodes.normalise_postcode)
        code = from_column.where(from_column.notna(), found_in_text)
    else:
        code = found_in_text
    return {"address": address.astype(object), "postcode": code.astype(object)}


# --- one reader per source: its house style → the standard columns --------------------------------------------------


def _council_tax(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forename"), None, t("surname")),
        "dob": None, "sex": None,
        **_address_and_postcode([t(f"address_line_{i}") for i in range(1, 5)], t("postcode")),
        "nhs_number": None,
    }


def _electoral_register(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forenames"), None, t("surname")),
        "dob": cleaning.parse_dates(t("attainer_dob")), "sex": None,
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _housing_benefit(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    split = t("claimant_name").map(cleaning.split_surname_first)
    surname = split.map(lambda s: s[0])
    forenames = split.map(lambda s: s[1])
    return {
        **_names(forenames, None, surname),
        "dob": cleaning.parse_dates(t("dob")), "sex": t("sex").map(cleaning.clean_sex),
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _adult_social_care(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("first_name"), None, t("last_name")),
        "dob": cleaning.parse_dates(t("dob")), "sex": t("gender").map(cleaning.clean_sex),
        **_address_and_postcode([t("address_line_1"), t("address_line_2"), t("town")], t("postcode")),
        "nhs_number": t("nhs_number").map(cleaning.clean_nhs_number),
    }


def _school_census(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    dob = pd.Series([cleaning.parse_school_dob(d, y) for d, y in zip(t("dob"), t("year_group"))],
                    index=raw.index, dtype=object)
    return {
        **_names(t("legal_forename"), t("middle_names"), t("legal_surname")),
        "dob": dob, "sex": t("sex").map(cleaning.clean_sex),
        **_address_and_postcode([t("address")], t("postcode")),
        "nhs_number": None,
    }


def _shielding_list(raw: pd.DataFrame) -> dict[str, pd.Series]:
    t = lambda c: _text(raw, c)  # noqa: E731
    return {
        **_names(t("forename"), None, t("surname")),
        "dob": cleaning.parse_dates(t("dob")), "sex": None,
        **_address_and_postcode([t(f"address_line_{i}") for i in range(1, 6)], t("postcode")),
        "nhs_number": t("nhs_number").map(cleaning.clean_nhs_number),
    }


#: Each source's reader and the columns it needs.
SOURCES: dict[str, tuple[Callable[[pd.DataFrame], dict], tuple[str, ...]]] = {
    "council_tax": (_council_tax, ("record_id", "forename", "surname", "address_line_1", "address_line_2",
                                   "address_line_3", "address_line_4", "postcode")),
    "electoral_register": (_electoral_register, ("record_id", "surname", "forenames", "address", "postcode",
                                                 "attainer_dob")),
    "housing_benefit": (_housing_benefit, ("record_id", "claimant_name", "dob", "sex", "address", "postcode")),
    "adult_social_care": (_adult_social_care, ("record_id", "first_name", "last_name", "dob", "gender",
                                               "nhs_number", "address_line_1", "address_line_2", "town",
                                               "postcode")),
    "school_census": (_school_census, ("record_id", "legal_forename", "middle_names", "legal_surname", "dob",
                                       "sex", "address", "postcode", "year_group")),
    "shielding_list": (_shielding_list, ("record_id", "nhs_number", "forename", "surname", "dob",
                                         "address_line_1", "address_line_2", "address_line_3", "address_line_4",
                                         "address_line_5", "postcode")),
}


def standardise(source_name: str, raw: pd.DataFrame) -> pd.DataFrame:
    """Turn one Thamesbury source (as ``bootcamp.load`` gives it) into the standard person record.

    One row out for every row in, in the same order, with the columns :data:`STANDARD_COLUMNS`. Placeholder junk
    becomes missing; names, dates, sex, addresses, postcodes and NHS numbers are cleaned by the functions of
    :mod:`solutions.cleaning` and :mod:`solutions.postcodes`. Raises :class:`BootcampInputError` for an unknown
    source name, a missing column or something that is not a DataFrame. An empty frame gives an empty result.
    """
    if source_name not in SOURCES:
        raise BootcampInputError(
            f"Unknown source {source_name!r}: standardise knows {', '.join(map(repr, SOURCES))}. "
            "For a source of your own, write a reader like the ones in solutions/standardise.py.")
    reader, needed = SOURCES[source_name]
    require_frame(raw, f"the {source_name} frame", needed, allow_empty=True)
    if raw.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in STANDARD_COLUMNS})
    raw = raw.reset_index(drop=True)
    fields = reader(raw)
    out = pd.DataFrame(index=raw.index)
    out["record_id"] = _text(raw, "record_id")
    out["source"] = source_name
    for column in STANDARD_COLUMNS[2:]:
        value = fields.get(column)
        out[column] = value.astype(object) if isinstance(value, pd.Series) else None
    out = out.astype(object).where(out.notna(), None)
    return out[STANDARD_COLUMNS]


def standardise_all(sources: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Several sources (name → raw frame) standardised and stacked into one frame of standard records."""
    if not isinstance(sources, dict) or not sources:
        raise BootcampInputError("sources must be a non-empty dict of source name → DataFrame.")
    return pd.concat([standardise(name, frame) for name, frame in sources.items()], ignore_index=True)
