"""Where council records depart from the gazetteer in ways no typo explains.

address-errors writes each source's addresses from the gazetteer's own components, with the errors clerks make.
Real records also differ from the LLPG for reasons of their own, and this module adds four of them:

- **Properties missing from the gazetteer**: a few dwellings (a conversion not yet surveyed, a flat the LLPG has
  not caught up with) are in the sources but not in ``gazetteer.csv``; their records' true UPRN is empty.
- **Terminated postcodes**: some units were recoded; the gazetteer holds the live postcode, and older records in
  some systems still carry the terminated one.
- **Outward-code-only postcodes**: a few records hold only the district (``TB4``).
- **PAF flat names**: Royal Mail's PAF and the council's LLPG often name the flats of a converted house
  differently (``FLAT B`` for ``FIRST FLOOR FLAT``, ``FLAT 1`` for ``FLAT A``); systems fed from PAF (GP
  registrations, schools, social care) write PAF's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bootcamp.thamesbury.gazetteer import DWELLING_CLASSES, _postcode

MISSING_SHARE = 0.005  # of dwellings, missing from the gazetteer
RECODED_UNIT_SHARE = 0.03  # of postcode units, recoded (the old postcode terminated)
PAF_NAMED_BUILDING_SHARE = 0.4  # of converted houses and flats over shops, where PAF names the flats differently
# per source: the share of its addresses in a recoded unit still under the terminated postcode, the share with only
# an outward code, and whether the system takes its addresses from PAF
TERMINATED_KEPT = {"council_tax": 0.25, "electoral_register": 0.10, "housing_benefit": 0.30,
                   "adult_social_care": 0.40, "school_census": 0.20, "shielding_list": 0.50}
OUTWARD_ONLY = {"council_tax": 0.0, "electoral_register": 0.0, "housing_benefit": 0.005,
                "adult_social_care": 0.01, "school_census": 0.005, "shielding_list": 0.01}
PAF_SOURCES = ("adult_social_care", "school_census", "shielding_list")
LETTERS = "ABCDEFGHJK"


@dataclass
class Departures:
    missing: set  # UPRNs of dwellings the gazetteer lacks
    terminated: dict  # live postcode -> the terminated postcode it replaced
    paf_saon: dict  # UPRN -> PAF's name for the flat, where it differs from the LLPG's


def draw_departures(rng: np.random.Generator, gazetteer: pd.DataFrame) -> Departures:
    """Choose the missing dwellings, the recoded units and the flats PAF names differently."""
    dwellings = gazetteer.loc[gazetteer["classification"].isin(DWELLING_CLASSES), "uprn"].to_numpy()
    missing = set(rng.choice(dwellings, size=int(round(len(dwellings) * MISSING_SHARE)), replace=False).tolist())

    units = np.sort(gazetteer["postcode"].unique())
    recoded = units[rng.random(len(units)) < RECODED_UNIT_SHARE]
    in_use = pd.Series(units).str.split(" ").str[0].value_counts().to_dict()  # units per district
    terminated = {}
    for unit in recoded:  # the old code is one the district no longer uses
        district = unit.split(" ")[0]
        terminated[unit] = _postcode(district, in_use[district])
        in_use[district] = in_use[district] + 1

    flats = gazetteer[(gazetteer["classification"] == "RD06") & (gazetteer["parent_uprn"] != "")
                      & (gazetteer["pao_text"] == "")]
    buildings = np.sort(flats["parent_uprn"].unique())
    chosen = set(buildings[rng.random(len(buildings)) < PAF_NAMED_BUILDING_SHARE].tolist())
    paf_saon = {}
    for _, group in flats[flats["parent_uprn"].isin(chosen)].sort_values("uprn").groupby("parent_uprn"):
        for j, (uprn, saon) in enumerate(zip(group["uprn"], group["saon"])):
            letter_named = re.fullmatch(r"FLAT [A-Z]", saon) is not None
            paf_saon[uprn] = f"FLAT {j + 1}" if letter_named else f"FLAT {LETTERS[j]}"
    return Departures(missing, terminated, paf_saon)


def _in_same_case(text: str, like: str) -> str:
    return text if like.isupper() else text.title()


def _with_paf_name(address: str, llpg: str, paf: str) -> str:
    """The address with the LLPG's flat name replaced by PAF's, in the address's own case (unchanged when the
    clerk's rendering does not hold the LLPG name word for word)."""
    return re.sub(re.escape(llpg), lambda m: _in_same_case(paf, m.group(0)), address, count=1, flags=re.IGNORECASE)


def apply_departures(rendered: dict, departures: Departures, gazetteer: pd.DataFrame,
                     rng: np.random.Generator) -> dict:
    """Each source's rendered addresses (uprn, described_uprn, address, postcode) with the departures written in."""
    by_uprn = gazetteer.set_index("uprn")
    live, llpg_saon = by_uprn["postcode"], by_uprn["saon"]
    out = {}
    for source in sorted(rendered):
        frame = rendered[source].copy()
        if frame.empty:
            out[source] = frame
            continue
        postcode = frame["postcode"].astype(str)
        described_live = frame["described_uprn"].map(live)
        terminated = postcode.map(departures.terminated)
        keep_old = (terminated.notna() & (postcode == described_live)
                    & (rng.random(len(frame)) < TERMINATED_KEPT[source]))
        postcode = postcode.where(~keep_old, terminated).astype(str)
        outward = (postcode.str.fullmatch(r"[A-Z]{1,2}\d{1,2}[A-Z]? \d[A-Z]{2}")
                   & (rng.random(len(frame)) < OUTWARD_ONLY[source]))
        frame["postcode"] = postcode.where(~outward, postcode.str.split(" ").str[0])
        if source in PAF_SOURCES:
            paf = frame["described_uprn"].map(departures.paf_saon)
            frame["address"] = [
                _with_paf_name(address, llpg_saon[uprn], new) if isinstance(new, str) else address
                for address, uprn, new in zip(frame["address"], frame["described_uprn"], paf)]
        out[source] = frame
    return out
