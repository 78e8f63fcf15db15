"""Address sets the course did not generate, with truth: records, a gazetteer and each record's true UPRN.

Both sets take their recording errors from the ``address-errors`` package (Joseph Lam, UCL; version 0.1.1), whose
error profiles were fitted on six English councils' council-tax records against Ordnance Survey addresses. Nothing in
``bootcamp/thamesbury`` is used, and neither set was looked at while the course's matcher was built.

**"address-errors town"** (:func:`errors_town`): the package's own invented town (261 addresses: houses, converted
houses, blocks of flats, rural named properties; about 7 addresses a unit, one street a unit).

- *Records*: every address recorded once in each of the profile's five council house styles (Wigan, Bradford, Leeds,
  Derby, Cornwall: case, commas, unit wording, which fields are kept, whether a postcode is kept, and each council's
  error rates), ``Corruptor(Profile.load(), style=s, seed=k)`` with the default controls; 1,305 records. The
  record's address is ``recorded_address`` and its postcode ``recorded_postcode`` (empty when the style keeps none).
- *Postcodes*: the package's ZZ codes break Royal Mail's format rules (Z may not be an area's second letter, C may
  not be a unit letter), so the course's postcode parser rightly refuses them, as a council's real data would never
  hold them. Both records and gazetteer have them rewritten letter by letter (:func:`valid_postcode`: ZZ -> YY, an
  area that does not exist; C -> T), which keeps a mis-keyed postcode as near its true one as it was.
- *Truth*: ``source_uprn``, the address the string was generated from (the package's README: use it, not
  ``assigned_uprn``, which reproduces label drift). ``identifies_property`` is False for records whose edits left
  a string that cannot be told from a neighbour's (:data:`AMBIGUOUS_EDITS`, or equal to another address): recall is
  also reported over the others.
- *Gazetteer*: the town's components in PAF's columns (``SUB_BUILDING_NAME``, ``BUILDING_NAME``,
  ``BUILDING_NUMBER``, ``THOROUGHFARE``, ``DEPENDENT_LOCALITY``, ``POST_TOWN``, ``POSTCODE``) read by the course's
  ``gazetteer_from_extract``, with 5 % of the dwellings taken out (seed 7): those records' true property is not in
  the gazetteer, which is how the wrong-match rate is measured.

**"address-errors borough"** (:func:`errors_borough`): a larger invented London-like area built here, of another
shape than both Thamesbury and the package's town, recorded with the same profiles.

- *Addresses* (:func:`borough_components`, seed 2027): 60 streets in 6 districts (outward codes YY1-YY6), their
  names drawn from 50 stems and 12 endings so that many share a stem (ALBION CLOSE and ALBION LANE), houses on both
  sides with some ``A`` numbers, a fifth of houses converted into two or three flats (``FLAT A``, ``FLAT B``; or
  ``GROUND FLOOR FLAT``, ``FIRST FLOOR FLAT``), named blocks of 12 to 60 flats (some with a street number, some
  without; the blocks' names share words too, KESTREL HEIGHTS and KESTREL COURT), and a few named houses without a
  number. About half the dwellings are flats.
- *Postcodes as Royal Mail draws them*: each district's delivery points are walked street after street (odd side,
  then even side) and cut into units of 5 to 30 points, so that long streets span several units and a unit at the
  end of a street runs on into the next (several streets per unit); a block of flats has units of its own.
- *Records*: 1,000 addresses drawn (seeded) for each of the five house styles, then, on records that kept a
  postcode (seed 2028): 8 % lose it, 7 % keep only its outward code (``YY3``), and 8 % have it typed at the end of
  the address line instead of in the postcode field.
- *Gazetteer*: one row per dwelling (no parent shells for converted houses or blocks), in AddressBase/LLPG
  columns (``SAO_TEXT``, ``PAO_TEXT``, ``PAO_START_NUMBER``, ``PAO_START_SUFFIX``, ``STREET_DESCRIPTION``,
  ``LOCALITY``, ``TOWN_NAME``, ``POSTCODE_LOCATOR``) read by ``gazetteer_from_extract``; 5 % of the dwellings taken
  out (seed 7).

Each builder returns ``(records, gazetteer, truth)``: ``records`` has ``record_id, address, postcode`` (and the
package's audit columns ``style, applied_rules, collision``), ``truth`` has ``record_id, uprn`` (None when the
property was taken out of the gazetteer).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

STYLES = ("wigan", "bradford", "leeds", "derby", "cornwall")
MISSING_SHARE, MISSING_SEED = 0.05, 7
BOROUGH_SEED, BOROUGH_RECORDS_PER_STYLE, POSTCODE_SEED = 2027, 1000, 2028
POSTCODE_DROPPED, POSTCODE_OUTWARD_ONLY, POSTCODE_IN_LINE = 0.08, 0.07, 0.08


# --- shared -------------------------------------------------------------------------------------------------------


def corrupt(components: list[dict], ids_by_style: dict[str, list[str]], seed: int = 1) -> pd.DataFrame:
    """Record each style's IDs with that style's house style and rates (address-errors, default controls)."""
    from address_errors import Corruptor, Profile

    profile = Profile.load()
    rows = []
    for k, style in enumerate(STYLES):
        ids = ids_by_style.get(style, [])
        if not ids:
            continue
        generator = Corruptor(profile, style=style, seed=seed + k)
        generator.index(components)
        for n, row in enumerate(generator.generate(ids)):
            rows.append({"record_id": f"{style[:3].upper()}{n + 1:05d}", "address": row["recorded_address"],
                         "postcode": row["recorded_postcode"] or None, "true_uprn": str(row["source_uprn"]),
                         "style": style, "applied_rules": row["applied_rules"] or "",
                         "collision": row["collision"] or ""})
    out = pd.DataFrame(rows)
    out["identifies_property"] = identifies_property(out)
    return out


# Edits after which the string no longer tells the property from its neighbours: the flat's only name dropped
# (SU7, and SU4's floor descriptor when the floor was the name), the house number dropped (PN4).
AMBIGUOUS_EDITS = ("SU7:", "SU4:floor_descriptor_dropped", "PN4:number_dropped")


def identifies_property(records: pd.DataFrame) -> pd.Series:
    """False where an edit in ``AMBIGUOUS_EDITS`` was applied, or the string equals another address of the input
    (the package's ``collision == "matches_other_only"``): such records are reported apart, as its README advises."""
    rules = records["applied_rules"].fillna("")
    ambiguous = pd.Series(False, index=records.index)
    for edit in AMBIGUOUS_EDITS:
        ambiguous |= rules.str.contains(edit, regex=False)
    return ~(ambiguous | records["collision"].eq("matches_other_only"))


def without_some_dwellings(gazetteer: pd.DataFrame, share: float = MISSING_SHARE, seed: int = MISSING_SEED):
    """The gazetteer with a seeded ``share`` of its rows taken out, and the UPRNs taken out."""
    uprns = np.sort(gazetteer["uprn"].astype(str).to_numpy())
    rng = np.random.default_rng(seed)
    removed = set(rng.choice(uprns, size=int(round(len(uprns) * share)), replace=False).tolist())
    return gazetteer[~gazetteer["uprn"].astype(str).isin(removed)].reset_index(drop=True), removed


AREA = "YY"  # a postcode area that does not exist but keeps Royal Mail's format rules
_UNIT_LETTERS = str.maketrans("CIKMOV", "TUWXQY")  # letters a unit may not use -> unused letters it may


def valid_postcode(value):
    """The package's ZZ postcodes rewritten to Royal Mail's format: area ZZ -> YY (Z may not be an area's second
    letter) and the unit letters C, I, K, M, O, V (never used in a unit) -> T, U, W, X, Q, Y. Letter by letter, so a
    mis-keyed postcode stays as near its true one as it was. Other text is left alone."""
    import re

    if not isinstance(value, str):
        return value
    whole = re.sub(r"\bZZ(\d{1,2})(\s*)(\d)([A-Z]{2})\b",
                   lambda m: f"{AREA}{m[1]}{m[2]}{m[3]}{m[4].upper().translate(_UNIT_LETTERS)}", value,
                   flags=re.IGNORECASE)
    return re.sub(r"\bZZ(\d{1,2})\b", rf"{AREA}\1", whole, flags=re.IGNORECASE)


def finish(records: pd.DataFrame, gazetteer: pd.DataFrame):
    """Take 5 % of the gazetteer out and split records and truth."""
    gazetteer, removed = without_some_dwellings(gazetteer)
    truth = pd.DataFrame({"record_id": records["record_id"],
                          "uprn": records["true_uprn"].where(~records["true_uprn"].isin(removed), None)})
    truth["uprn"] = truth["uprn"].astype(object).where(truth["uprn"].notna(), None)
    records = records.drop(columns="true_uprn").reset_index(drop=True)
    return records, gazetteer, truth.reset_index(drop=True)


# --- the package's town ---------------------------------------------------------------------------------------------


def errors_town():
    """The package's invented town, recorded in each of five house styles, against a PAF-shaped gazetteer."""
    from address_errors import example_path, load_components

    from solutions.council_data import gazetteer_from_extract

    town = load_components(example_path())
    ids = [r["uprn"] for r in town]
    records = corrupt(town, {s: ids for s in STYLES})
    records["postcode"] = records["postcode"].map(valid_postcode)
    records["address"] = records["address"].map(valid_postcode)
    c = pd.DataFrame(town)
    c["postcode"] = c["postcode"].map(valid_postcode)
    paf = pd.DataFrame({"UPRN": c["uprn"], "SUB_BUILDING_NAME": c["subname"], "BUILDING_NAME": c["name"],
                        "BUILDING_NUMBER": c["number"], "THOROUGHFARE": c["streetname"],
                        "DEPENDENT_LOCALITY": c["locality"], "POST_TOWN": c["townname"], "POSTCODE": c["postcode"]})
    paf = paf.replace({"": None})
    return finish(records, gazetteer_from_extract(paf))


# --- a borough of another shape -------------------------------------------------------------------------------------

STEMS = ("ALBION", "ASHGROVE", "BEACONSFIELD", "BELGRAVE", "BIRCHFIELD", "CANTERBURY", "CARLTON", "CHESTNUT",
         "CLAREMONT", "COLLEGE", "CRANBROOK", "DEVONSHIRE", "ELMWOOD", "FAIRFIELD", "GLADSTONE", "GRANVILLE",
         "HAMILTON", "HARCOURT", "HAZELDENE", "HIGHFIELD", "KINGSWOOD", "LANCASTER", "LAUREL", "MALVERN", "MAPLE",
         "MARLBOROUGH", "MELBOURNE", "NORFOLK", "OAKLANDS", "ORCHARD", "PALMERSTON", "PRIORY", "QUEENS", "RAVENSWOOD",
         "REGENT", "RICHMOND", "ROSEBERY", "ST JOHNS", "ST MARYS", "SELBORNE", "SHERWOOD", "STANLEY", "SUMMERHILL",
         "SURREY", "TRAFALGAR", "VICTORIA", "WALDEGRAVE", "WELLESLEY", "WESTBOURNE", "WINDSOR")
SUFFIXES = ("ROAD", "STREET", "AVENUE", "GARDENS", "CLOSE", "LANE", "TERRACE", "PLACE", "MEWS", "GROVE", "WAY",
            "CRESCENT")
BLOCK_WORDS = ("HOUSE", "COURT", "LODGE", "MANSIONS", "HEIGHTS", "POINT")
BLOCK_NAMES = ("KESTREL", "FALCON", "HERON", "MERLIN", "OSPREY", "PLOVER", "SWIFT", "WREN", "LINNET", "CURLEW",
               "AVOCET", "BITTERN", "DUNLIN", "GANNET", "PIPIT", "SISKIN")
HOUSE_NAMES = ("ROSE COTTAGE", "THE OLD RECTORY", "IVY HOUSE", "THE LODGE", "WILLOW BANK", "HOLLY LODGE",
               "THE COACH HOUSE", "BRAMBLE COTTAGE")
DISTRICTS = ("NORTHGATE", "EASTFIELD", "SOUTHWARK PARK", "WESTCOMBE", "MIDDLETON", "RIVERSIDE")
LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # the letters Royal Mail uses at the end of an inward code


def borough_components(seed: int = BOROUGH_SEED) -> list[dict]:
    """The invented borough's addresses in address-errors' component columns (one dict per address)."""
    rng = np.random.default_rng(seed)
    names = [f"{s} {x}" for s in STEMS for x in SUFFIXES]
    chosen = rng.choice(len(names), size=60, replace=False)
    streets = [names[i] for i in np.sort(chosen)]
    rows, next_uprn, next_parent = [], 800000000001, 810000000001
    points_by_district: dict[int, list[list[int]]] = {d: [] for d in range(len(DISTRICTS))}
    block_names = iter(f"{b} {w}" for b in BLOCK_NAMES for w in BLOCK_WORDS[:: -1])

    def add(district, usrn, street, number="", name="", subname="", parent="", classification="RD04"):
        nonlocal next_uprn
        rows.append({"uprn": str(next_uprn), "subname": subname, "name": name, "number": number,
                     "streetname": street, "locality": DISTRICTS[district], "townname": "LONDON", "postcode": "",
                     "classificationcode": classification, "parentuprn": parent, "usrn": str(usrn),
                     "_district": district})
        next_uprn += 1
        return len(rows) - 1

    for k, street in enumerate(streets):
        district, usrn = k % len(DISTRICTS), 30000001 + k
        houses = int(rng.integers(8, 70))
        sides = {1: [], 0: []}
        for number in range(1, houses + 1):
            side = sides[number % 2]
            numbers = [str(number)] + ([f"{number}A"] if rng.random() < 0.04 else [])
            for house in numbers:
                u = rng.random()
                if u < 0.2:  # a converted house: two or three flats
                    parent = str(next_parent)
                    next_parent += 1
                    words = (["GROUND FLOOR FLAT", "FIRST FLOOR FLAT", "SECOND FLOOR FLAT"] if rng.random() < 0.4
                             else ["FLAT A", "FLAT B", "FLAT C"])
                    for sub in words[: int(rng.integers(2, 4))]:
                        side.append(add(district, usrn, street, house, "", sub, parent, "RD06"))
                elif u < 0.215:
                    side.append(add(district, usrn, street, "", str(rng.choice(HOUSE_NAMES)), "", "", "RD03"))
                else:
                    side.append(add(district, usrn, street, house, classification="RD04" if u < 0.7 else "RD03"))
        points_by_district[district] += [sides[1], sides[0]]
        if rng.random() < 0.25:  # a named block of flats on this street, with its own postcode unit(s)
            block, parent = next(block_names), str(next_parent)
            next_parent += 1
            number = str(houses + 1 + int(rng.integers(0, 20))) if rng.random() < 0.5 else ""
            flats = [add(district, usrn, street, number, block, f"FLAT {n}", parent, "RD06")
                     for n in range(1, int(rng.integers(12, 61)) + 1)]
            for start in range(0, len(flats), 40):
                points_by_district[district].append(["unit"] + flats[start:start + 40])
    # postcode units: walk each district's delivery points in order and cut them into runs of 5 to 30
    for district, runs in points_by_district.items():
        sector, unit_no, current, target = 1, 0, [], int(rng.integers(5, 31))

        def close(points):
            nonlocal unit_no, sector
            if not points:
                return
            if unit_no >= len(LETTERS) ** 2:
                sector, unit_no = sector + 1, 0
            code = f"{AREA}{district + 1} {sector}{LETTERS[unit_no // len(LETTERS)]}{LETTERS[unit_no % len(LETTERS)]}"
            for i in points:
                rows[i]["postcode"] = code
            unit_no += 1

        for run in runs:
            if run and run[0] == "unit":  # a block of flats: a unit of its own
                close(run[1:])
                continue
            for i in run:
                current.append(i)
                if len(current) >= target:
                    close(current)
                    current, target = [], int(rng.integers(5, 31))
        close(current)
    for r in rows:
        r.pop("_district")
    return rows


def damage_postcodes(records: pd.DataFrame, seed: int = POSTCODE_SEED) -> pd.DataFrame:
    """On records with a postcode: drop some, cut some to the outward code, move some into the address line."""
    rng = np.random.default_rng(seed)
    out = records.copy()
    has = out["postcode"].notna()
    u = pd.Series(rng.random(len(out)), index=out.index)
    dropped = has & (u < POSTCODE_DROPPED)
    outward = has & (u >= POSTCODE_DROPPED) & (u < POSTCODE_DROPPED + POSTCODE_OUTWARD_ONLY)
    in_line = has & (u >= POSTCODE_DROPPED + POSTCODE_OUTWARD_ONLY) & (
        u < POSTCODE_DROPPED + POSTCODE_OUTWARD_ONLY + POSTCODE_IN_LINE)
    out.loc[in_line, "address"] = out.loc[in_line, "address"] + " " + out.loc[in_line, "postcode"]
    out.loc[outward, "postcode"] = out.loc[outward, "postcode"].str.split().str[0]
    out.loc[dropped | in_line, "postcode"] = None
    out["postcode_damage"] = np.select([dropped, outward, in_line], ["dropped", "outward only", "in the line"], "")
    return out


def errors_borough(per_style: int = BOROUGH_RECORDS_PER_STYLE, seed: int = BOROUGH_SEED):
    """The invented borough recorded in five house styles (``per_style`` addresses each), with damaged postcodes,
    against an AddressBase/LLPG-shaped gazetteer."""
    from solutions.council_data import gazetteer_from_extract

    import tempfile
    from pathlib import Path

    from address_errors import load_components

    raw = borough_components(seed)
    with tempfile.TemporaryDirectory() as tmp:  # the package derives its context columns when it reads a table
        pd.DataFrame(raw).to_csv(Path(tmp) / "components.csv", index=False)
        components = load_components(str(Path(tmp) / "components.csv"))
    ids = [r["uprn"] for r in components]
    rng = np.random.default_rng(seed + 1)
    by_style = {s: sorted(rng.choice(ids, size=min(per_style, len(ids)), replace=False).tolist()) for s in STYLES}
    records = damage_postcodes(corrupt(components, by_style))
    c = pd.DataFrame(raw)
    number = c["number"].str.extract(r"^(\d+)([A-Z]?)$")
    llpg = pd.DataFrame({"UPRN": c["uprn"], "SAO_TEXT": c["subname"], "PAO_TEXT": c["name"],
                         "PAO_START_NUMBER": number[0], "PAO_START_SUFFIX": number[1],
                         "STREET_DESCRIPTION": c["streetname"], "LOCALITY": c["locality"], "TOWN_NAME": c["townname"],
                         "POSTCODE_LOCATOR": c["postcode"]})
    llpg = llpg.replace({"": None})
    return finish(records, gazetteer_from_extract(llpg))


def describe(gazetteer: pd.DataFrame) -> dict:
    """The gazetteer's shape: addresses, postcode units, delivery points a unit, streets a unit."""
    units = gazetteer.groupby("postcode")
    return {"addresses": len(gazetteer), "postcode_units": units.ngroups,
            "median_points_per_unit": float(units.size().median()),
            "units_with_several_streets": int((units["street"].nunique() > 1).sum())}


if __name__ == "__main__":  # pragma: no cover
    for name, build in (("address-errors town", errors_town), ("address-errors borough", errors_borough)):
        records, gazetteer, truth = build()
        print(name, len(records), "records;", describe(gazetteer), "; not in gazetteer:",
              int(truth["uprn"].isna().sum()))
        print(records.sample(8, random_state=0)[["record_id", "address", "postcode"]].to_string())
