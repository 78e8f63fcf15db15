"""Reference answers for chapter P2, Households: people grouped by address, and matching household first.

* :func:`household_composition` counts, per address (UPRN), the people, adults, children and over-75s.
* :func:`parent_shells`, :func:`roll_up_to_parent` and :func:`overcount_check` show and catch the parent-versus-flat
  pitfall: a record matched to a block's parent UPRN instead of its flat joins a giant "household".
* :func:`match_within_households` and :func:`associative_match` do ONS-style associative matching: households are
  matched first (same address), then the members not yet linked are matched *within* each household on looser keys
  (a first name alone, a surname and an initial), accepting only matches unique inside the household.
* :func:`classify_pair` separates "same household" from "same person" for two records at one address.

Keys and uniqueness come from ``solutions.deterministic`` (chapter I2); ages from ``solutions.single_view.age_on``.
Nothing here knows about Thamesbury.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame
from solutions import deterministic
from solutions.single_view import age_on

ADULT_AGE = 18
OLDER_AGE = 75


# --- composition ------------------------------------------------------------------------------------------------------


def household_composition(people: pd.DataFrame, on_date: str, household: str = "uprn") -> pd.DataFrame:
    """Per household (``household`` column, e.g. a UPRN): ``people``, ``adults`` (18 or over), ``children`` (under
    18), ``over_75`` (75 or over; also counted as adults) and ``unknown_age`` (no readable date of birth), from ISO
    ``dob`` and ages on ``on_date``. Rows without a household are left out. Sorted by household.
    """
    require_frame(people, "people", [household, "dob"])
    known = people[people[household].notna()]
    age = age_on(known["dob"], on_date)
    counts = pd.DataFrame({
        household: known[household].astype(str).to_numpy(),
        "people": 1,
        "adults": (age >= ADULT_AGE).astype(int).to_numpy(),
        "children": (age < ADULT_AGE).astype(int).to_numpy(),
        "over_75": (age >= OLDER_AGE).astype(int).to_numpy(),
        "unknown_age": age.isna().astype(int).to_numpy(),
    })
    return counts.groupby(household, sort=True).sum().reset_index()


def household_type(composition: pd.DataFrame) -> pd.Series:
    """A short label per household: one adult / two or more adults, with or without children, or 'all over 75'."""
    require_frame(composition, "composition", ["adults", "children", "over_75"])
    adults = np.where(composition["adults"] >= 2, "2+ adults", "1 adult")
    label = pd.Series(adults, index=composition.index)
    label = label.where(composition["children"] == 0, label + " with children")
    older = (composition["over_75"] > 0) & (composition["over_75"] == composition["adults"]) & \
            (composition["children"] == 0)
    label = label.where(~older, "all adults over 75")
    return label.where(composition["adults"] > 0, "children only")


# --- parent shells ----------------------------------------------------------------------------------------------------


def parent_shells(gazetteer: pd.DataFrame) -> set:
    """The UPRNs that are a parent of some other address (a block, a converted house): not dwellings."""
    require_frame(gazetteer, "gazetteer", ["uprn", "parent_uprn"])
    parents = gazetteer["parent_uprn"].dropna().astype(str)
    return set(parents[parents.str.strip() != ""])


def roll_up_to_parent(uprns: pd.Series, gazetteer: pd.DataFrame) -> pd.Series:
    """Each UPRN replaced by its parent's when it has one (a flat → its block): what a matcher that only finds the
    building does. Used to *show* the pitfall, never to count households."""
    require_frame(gazetteer, "gazetteer", ["uprn", "parent_uprn"])
    parent = gazetteer.dropna(subset=["parent_uprn"]).astype({"uprn": str}).set_index("uprn")["parent_uprn"]
    as_text = uprns.astype(object).where(uprns.isna(), uprns.astype(str))
    return as_text.map(parent).fillna(as_text)


def overcount_check(households: pd.DataFrame, gazetteer: pd.DataFrame, household: str = "uprn") -> pd.DataFrame:
    """The households whose UPRN is a parent shell (:func:`parent_shells`): nobody lives in a block's shell, so
    people there were matched to the building instead of their flat. Returns those rows, biggest first."""
    require_frame(households, "households", [household, "people"], allow_empty=True)
    shells = parent_shells(gazetteer)
    flagged = households[households[household].astype(str).isin(shells)]
    return flagged.sort_values(["people", household], ascending=[False, True]).reset_index(drop=True)


# --- associative matching -----------------------------------------------------------------------------------------------


def match_within_households(left: pd.DataFrame, right: pd.DataFrame, on: Sequence[str],
                            household: str = "household") -> pd.DataFrame:
    """Pairs of records in the same household that agree on ``on``, accepted only when that household + ``on``
    value is unique on both sides (two Johns in one house give no match). ``left`` and ``right`` have
    ``record_id``, ``household`` and the ``on`` columns; missing values never match. Returns ``left_id, right_id``.
    """
    columns = ["record_id", household, *on]
    require_frame(left, "left", columns, allow_empty=True)
    require_frame(right, "right", columns, allow_empty=True)
    if not on:
        raise BootcampInputError("on must name at least one column to match on within a household.")
    lk = deterministic.match_key(left.set_index("record_id"), [household, *on])
    rk = deterministic.match_key(right.set_index("record_id"), [household, *on])
    pairs = deterministic.unique_key_matches(lk, rk)
    return pairs.sort_values(["left_id", "right_id"], ignore_index=True)


#: The passes of associative matching, loosest last: each names derived fields (``solutions.deterministic``).
ASSOCIATIVE_PASSES = (
    ("household_first_name", ("first",)),                 # surname changed or mistyped
    ("household_last_initial", ("last", "first_initial")),  # nickname: Tom / Thomas, Kate / Katherine
)


def associative_match(left: pd.DataFrame, right: pd.DataFrame, person_links: pd.DataFrame,
                      household: str = "uprn", passes=ASSOCIATIVE_PASSES) -> pd.DataFrame:
    """ONS-style associative matching: match the household first, then its members within it.

    ``left`` and ``right`` are standard person records with a ``household`` column (e.g. the UPRN from address
    matching); ``person_links`` (``left_id, right_id``) are the person-level matches already made. Records already
    linked are set aside; the rest are matched within households that share the same ``household`` value, pass by
    pass, each pass accepting only matches unique within the household on both sides. Where both records hold a
    date of birth they must agree (day and month may be swapped). Returns ``left_id, right_id, match_key``.
    """
    for name, frame in (("left", left), ("right", right)):
        require_frame(frame, name, ["record_id", household])
    require_frame(person_links, "person_links", ["left_id", "right_id"], allow_empty=True)

    def residual(frame, linked, name):
        fields = deterministic.derive_fields(frame, name)
        fields["household"] = frame[household].astype(object).where(frame[household].notna(), None).to_numpy()
        fields = fields.reset_index()
        return fields[~fields["record_id"].isin(set(linked.astype(str)))]

    lf = residual(left, person_links["left_id"], "left")
    rf = residual(right, person_links["right_id"], "right")
    found = []
    for key_name, on in passes:
        pairs = match_within_households(lf, rf, list(on))
        if pairs.empty:
            continue
        ld = lf.set_index("record_id").loc[pairs["left_id"], "dob_any_order"].to_numpy()
        rd = rf.set_index("record_id").loc[pairs["right_id"], "dob_any_order"].to_numpy()
        agree = np.array([a is None or b is None or a == b for a, b in zip(ld, rd)])
        pairs = pairs[agree].assign(match_key=key_name)
        found.append(pairs)
        lf = lf[~lf["record_id"].isin(pairs["left_id"])]
        rf = rf[~rf["record_id"].isin(pairs["right_id"])]
    if not found:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ("left_id", "right_id", "match_key")})
    return pd.concat(found, ignore_index=True)[["left_id", "right_id", "match_key"]]


# --- same household or same person? ---------------------------------------------------------------------------------------


SAME_PERSON, SAME_HOUSEHOLD, CANNOT_TELL = "same person", "same household", "cannot tell"


def classify_pair(a: dict, b: dict) -> str:
    """Two records at the same address: the same person, two people of one household, or not decidable.

    ``a`` and ``b`` hold ``first_name``, ``last_name`` and ``dob`` (ISO text or None). With both dates of birth:
    different dates (other than a day/month swap) mean two people; the same date with first names that differ
    (not just a shortening with the same initial) means twins; otherwise the same person. Without both dates,
    first names with different initials mean two people, and anything else cannot be told apart from the names
    alone: a father and son both called John Smith look exactly like one man.
    """
    for name, record in (("a", a), ("b", b)):
        if not isinstance(record, dict):
            raise BootcampInputError(f"{name} must be a dict with first_name, last_name and dob, "
                                     f"not {type(record).__name__}.")
    first_a, first_b = (deterministic._compact_name(r.get("first_name")) for r in (a, b))
    same_first = first_a is not None and first_a == first_b
    same_initial = bool(first_a and first_b and first_a[0] == first_b[0])
    dob_a, dob_b = (deterministic.dob_any_order(r.get("dob")) if r.get("dob") else None for r in (a, b))
    if dob_a and dob_b:
        if dob_a != dob_b:
            return SAME_HOUSEHOLD
        return SAME_PERSON if same_first or same_initial else SAME_HOUSEHOLD
    return CANNOT_TELL if same_first or same_initial else SAME_HOUSEHOLD
