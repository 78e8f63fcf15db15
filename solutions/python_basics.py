"""Reference answers for chapter B0, Python and Jupyter for analysts.

Small on purpose: each function is the kind of thing a novice writes in their first week, done carefully (a missing
value stays missing, rows are never lost). The value exercises' answers are computed here from the committed
Thamesbury data, so they follow the data if it is generated again.
"""

from __future__ import annotations

import re

import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame

# --- pandas on Thamesbury data -----------------------------------------------------------------------------------


def council_tax_rows() -> int:
    """How many rows (accounts) the council tax extract has."""
    from bootcamp import load

    return len(load("council_tax"))


def single_person_discounts() -> int:
    """How many council tax accounts get the single person discount (the column holds "Y" or "N")."""
    from bootcamp import load

    council_tax = load("council_tax")
    return int((council_tax["single_person_discount"] == "Y").sum())


def properties_per_ward(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """The number of gazetteer properties in each ward, largest first (ties broken by the ward's name)."""
    require_frame(gazetteer, "gazetteer", ["uprn", "ward"])
    counts = gazetteer.groupby("ward").size().rename("properties").reset_index()
    return counts.sort_values(["properties", "ward"], ascending=[False, True], kind="stable", ignore_index=True)


def biggest_ward() -> str:
    """The ward with the most properties in the Thamesbury gazetteer."""
    from bootcamp import load

    return str(properties_per_ward(load("gazetteer"))["ward"].iloc[0])


def ward_lookup(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """One row per postcode with the ward it lies in: ``postcode, ward``, sorted by postcode.

    Raises a clear error when a postcode lies in more than one ward, because a lookup with repeated keys would
    multiply the rows of every table merged with it.
    """
    require_frame(gazetteer, "gazetteer", ["postcode", "ward"])
    lookup = gazetteer[["postcode", "ward"]].dropna(subset=["postcode"]).drop_duplicates()
    repeated = lookup["postcode"][lookup["postcode"].duplicated()]
    if len(repeated):
        raise BootcampInputError(f"{repeated.nunique()} postcode(s) lie in more than one ward (e.g. "
                                 f"{repeated.iloc[0]!r}): a lookup needs one row per postcode.")
    return lookup.sort_values("postcode", kind="stable", ignore_index=True)


def add_ward(records: pd.DataFrame, wards: pd.DataFrame) -> pd.DataFrame:
    """``records`` with a ``ward`` column from the ``wards`` lookup (``postcode, ward``), keeping every record.

    A left merge: a record whose postcode is missing or not in the lookup keeps its row, with no ward.
    """
    require_frame(records, "records", ["postcode"], allow_empty=True)
    require_frame(wards, "wards", ["postcode", "ward"], allow_empty=True)
    return records.merge(wards, on="postcode", how="left")


def accounts_without_ward() -> int:
    """How many council tax accounts get no ward when merged with the gazetteer's postcode-to-ward lookup."""
    from bootcamp import load

    with_ward = add_ward(load("council_tax"), ward_lookup(load("gazetteer")))
    return int(with_ward["ward"].isna().sum())


# --- functions ---------------------------------------------------------------------------------------------------


def full_name(first: str, last: str) -> str:
    """First and last name joined by one space, with the spaces around each taken off: (" Amira ", "Khan") → "Amira Khan"."""
    return first.strip() + " " + last.strip()


def outward_code(postcode: str | None) -> str | None:
    """The part of a postcode before the space ("TB4 7QX" → "TB4"); a missing postcode (None or NaN) gives None."""
    if pd.isna(postcode):
        return None
    return postcode.strip().split(" ")[0]


# --- regular expressions -----------------------------------------------------------------------------------------


def squash_spaces(text: str) -> str:
    """Every run of spaces (or tabs) turned into one space, and none at the ends: "14  HIGH   STREET " → "14 HIGH STREET"."""
    return re.sub(r"\s+", " ", text).strip()


def house_number(address: str) -> str | None:
    """The house number an address starts with, with its letter if any ("14A HIGH STREET" → "14A"); None if it does not start with one."""
    found = re.match(r"\d+[A-Z]?", address)
    if found is None:
        return None
    return found.group()
