"""Thamesbury's gazetteer: an LLPG-like (BS7666) list of addressable properties with UPRNs.

Streets are laid out one at a time inside their ward; each street is one of four kinds (Victorian terrace,
suburban houses, estate of blocks of flats, high street). Terraces hold converted houses (parent shell + flats),
suffixes (14A) and ranges (12-14); suburban streets hold named houses, some with a number too; estates hold named
blocks of numbered flats; high streets hold shops with flats above and an office building. A share of blocks are
new builds with a recent entry_date, which older source snapshots lack.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

GAZETTEER_COLUMNS = ["uprn", "parent_uprn", "usrn", "saon", "paon", "street", "locality", "town", "postcode",
                     "easting", "northing", "classification", "ward", "entry_date"]
DWELLING_CLASSES = ("RD02", "RD03", "RD04", "RD06")
TOWN = "LONDON"

# (ward, locality, postcode district, relative deprivation 0..1); wards tile the borough 4 wide x 2 high.
WARDS = [
    ("Kingsmead", "NORTH THAMESBURY", "TB1", 0.35), ("Northfields", "NORTH THAMESBURY", "TB2", 0.20),
    ("Highbury Vale", "NORTH THAMESBURY", "TB3", 0.45), ("Woodside", "NORTH THAMESBURY", "TB4", 0.30),
    ("Old Town", "SOUTH THAMESBURY", "TB5", 0.55), ("St Mary's", "SOUTH THAMESBURY", "TB6", 0.60),
    ("Riverside", "SOUTH THAMESBURY", "TB7", 0.75), ("Marsh Green", "SOUTH THAMESBURY", "TB8", 0.85),
]
TOWN_CENTRE_DISTRICT = "TB9"  # high streets in every ward take the town-centre district
EAST_MIN, NORTH_MIN, WARD_WIDTH, WARD_HEIGHT = 530000, 175000, 2500, 5000

STREET_STEMS = (
    "CHURCH", "ST JOHN'S", "ST MARY'S", "ST PAUL'S", "ST GEORGE'S", "ALBERT", "VICTORIA", "QUEEN'S", "KING'S",
    "STATION", "MILL", "PARK", "GROVE", "ELM", "OAK", "ASH", "BEECH", "WILLOW", "CEDAR", "LIME", "CHESTNUT",
    "HAWTHORN", "HOLLY", "IVY", "ROSE", "LAUREL", "MAPLE", "SYCAMORE", "ALEXANDRA", "CLARENCE", "GLADSTONE",
    "DISRAELI", "PALMERSTON", "WELLINGTON", "NELSON", "TRAFALGAR", "WATERLOO", "BALACLAVA", "INKERMAN", "ALMA",
    "MARLBOROUGH", "DEVONSHIRE", "BEDFORD", "CAMBRIDGE", "OXFORD", "RICHMOND", "GROSVENOR", "CAVENDISH",
    "PORTLAND", "MONTAGUE", "SPENCER", "STANLEY", "SALISBURY", "DERBY", "RUTLAND", "LANCASTER", "YORK",
    "WINDSOR", "HANOVER", "BRUNSWICK", "COBURG", "DENMARK", "SANDRINGHAM", "BALMORAL", "OSBORNE", "KELVIN",
    "FARADAY", "DARWIN", "NEWTON", "MILTON", "SHAKESPEARE", "CHAUCER", "DICKENS", "TENNYSON", "BYRON", "SHELLEY",
    "KEATS", "WORDSWORTH", "RIVER", "WHARF", "FERRY", "BRIDGE", "MARKET", "CHAPEL", "ABBEY", "PRIORY", "MANOR",
    "HALL", "COURT", "GREEN", "COMMON", "HEATH", "MEADOW", "ORCHARD", "VINEYARD", "BREWERY", "TANNERY", "ROPE",
    "CANAL", "MARSH", "WELL", "SPRING", "HILL", "VALE", "WOOD", "FOREST", "FIELD", "FARM", "BARN", "KILN",
    "FOUNDRY", "GAS", "WATER", "SCHOOL", "COLLEGE", "HOSPITAL", "VICARAGE", "RECTORY", "TEMPLE", "PILGRIM",
    "FRIARS", "MONK", "NORMAN", "SAXON", "ROMAN", "TUDOR", "STUART", "GEORGIAN", "REGENT", "EMPRESS", "PRINCE",
    "PRINCESS", "DUKE", "EARL", "BARON", "KNIGHT", "BISHOP", "DEAN", "CANON", "ELDON", "ELGIN", "ESSEX", "KENT",
    "SURREY", "SUSSEX", "MIDDLESEX", "CORNWALL", "DORSET", "SOMERSET", "WARWICK", "STAFFORD", "CHESTER",
    "LINCOLN", "NORFOLK", "SUFFOLK", "HEREFORD", "WORCESTER", "GLOUCESTER", "BERKELEY", "BELGRAVE", "CADOGAN",
    "EATON", "CHELSEA", "FULHAM", "BARNES", "MORTLAKE", "KEW", "ELTHAM", "LEWISHAM", "DEPTFORD", "GREENWICH",
    "BLACKHEATH", "DULWICH", "PECKHAM", "BRIXTON", "STOCKWELL", "KENNINGTON", "VAUXHALL", "LAMBETH", "BOROUGH",
    "TOWER", "BOW", "STEPNEY", "WAPPING", "LIMEHOUSE", "POPLAR",
)
STREET_TYPES = ("ROAD", "STREET", "AVENUE", "GARDENS", "CLOSE", "COURT", "TERRACE", "WAY", "LANE", "CRESCENT",
                "GROVE", "MEWS", "PLACE", "RISE", "SQUARE", "WALK", "HILL", "PARADE")
STREET_PREFIXES = ("", "NEW ", "OLD ", "UPPER ", "LOWER ", "NORTH ", "SOUTH ", "EAST ", "WEST ", "GREAT ", "LITTLE ")
BLOCK_STEMS = ("ROSEBERY", "ATTLEE", "BEVAN", "LANSBURY", "MORRISON", "KEIR HARDIE", "PANKHURST", "FAWCETT",
               "SEACOLE", "NIGHTINGALE", "BRUNEL", "TELFORD", "STEPHENSON", "WREN", "HAWKSMOOR", "NASH", "ADAM",
               "CONSTABLE", "TURNER", "GAINSBOROUGH", "REYNOLDS", "HOGARTH", "BLAKE", "RUSKIN", "MORRIS",
               "ORWELL", "HARDY", "AUSTEN", "BRONTE", "ELIOT", "WOOLF", "KIPLING", "WILBERFORCE", "CLARKSON",
               "EQUIANO", "SANCHO", "OLAUDAH", "WINDRUSH", "PROSPECT", "HORIZON", "RIVERSIDE", "THAMES",
               "MERIDIAN", "KESTREL", "FALCON", "HERON", "KINGFISHER", "SWIFT", "MARTIN", "LAPWING")
BLOCK_TYPES = ("HOUSE", "COURT", "LODGE", "MANSIONS", "POINT", "TOWER", "HEIGHTS", "BUILDINGS")
HOUSE_NAMES = ("THE OLD VICARAGE", "THE COACH HOUSE", "ROSE COTTAGE", "IVY HOUSE", "THE LODGE", "THE GABLES",
               "HOLLY LODGE", "THE OLD FORGE", "WILLOW COTTAGE", "THE LAURELS", "ORCHARD HOUSE", "THE BEECHES",
               "MEADOW VIEW", "THE OLD BAKERY", "CHESTNUT HOUSE", "THE OLD SCHOOL HOUSE", "FERN VILLA",
               "SUNNYSIDE", "THE CEDARS", "GLEBE HOUSE")
CONVERSION_SCHEMES = (("GROUND FLOOR FLAT", "FIRST FLOOR FLAT"), ("FLAT A", "FLAT B"),
                      ("FLAT A", "FLAT B", "FLAT C"), ("BASEMENT FLAT", "GROUND FLOOR FLAT", "FIRST FLOOR FLAT"),
                      ("FLAT 1", "FLAT 2", "FLAT 3"), ("GROUND FLOOR FLAT", "FIRST FLOOR FLAT", "SECOND FLOOR FLAT"))
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters used in the inward code (no C I K M O V)
NEW_BUILD_FROM, OLD_ENTRY_FROM, OLD_ENTRY_TO = dt.date(2024, 1, 15), dt.date(1998, 4, 1), dt.date(2019, 12, 31)
SNAPSHOT = dt.date(2026, 3, 31)
STREET_KINDS = ("terrace", "suburban", "estate", "high_street")
STREET_KIND_SHARES = (0.50, 0.22, 0.18, 0.10)
SHARED_UNIT_SHARE = 0.6  # chance a new street continues its district's open postcode unit (when it has room)
MIN_ROOM_TO_SHARE = 4  # dwellings the open unit must still have room for


@dataclass
class _Property:
    saon: str
    pao_text: str
    pao_number: str
    classification: str
    parent: int  # index of the parent property in the list, -1 when none
    is_new: bool


def numbered(pattern: str, numbers) -> np.ndarray:
    """``pattern % number`` for each number (``"P%07d"`` -> ``P0000001``), as an object array of str: the strings
    ``np.char.mod`` makes, at a fraction of its cost per item on a million rows."""
    return np.array([pattern % number for number in np.asarray(numbers).tolist()], dtype=object)


def iso_dates(days) -> np.ndarray:
    """Dates (datetime64) as ISO text, ``YYYY-MM-DD``, in an object array (faster than ``strftime``)."""
    return np.datetime_as_string(np.asarray(days, dtype="datetime64[D]"), unit="D").astype(object)


def street_names(rng: np.random.Generator, n: int) -> list[str]:
    """n distinct street names in a seeded order; simple names first, prefixed ones only for very large boroughs."""
    names = [f"{s} {t}" for s in STREET_STEMS for t in STREET_TYPES]
    order = rng.permutation(len(names))
    plain = [names[i] for i in order]
    if n <= len(plain):
        return plain[:n]
    prefixed = [p + name for p in STREET_PREFIXES[1:] for name in plain]
    extra = [prefixed[i] for i in rng.permutation(len(prefixed))]
    if n > len(plain) + len(extra):
        raise ValueError(f"the generator can name at most {len(plain) + len(extra)} streets; ask for fewer people.")
    return plain + extra[: n - len(plain)]


def _street_properties(rng: np.random.Generator, kind: str, block_names: list[str], new_build_share: float):
    """The properties of one street (houses, parent shells and their flats), numbered along the street."""
    props: list[_Property] = []
    number = 1
    names_used: list[str] = []  # a named-only house name is used once per street

    def add(saon, text, num, cls, parent=-1, new=False):
        props.append(_Property(saon, text, num, cls, parent, new))
        return len(props) - 1

    n_buildings = {"terrace": rng.integers(16, 70), "suburban": rng.integers(10, 40),
                   "estate": rng.integers(2, 6), "high_street": rng.integers(12, 40)}[kind]
    for _ in range(int(n_buildings)):
        u = rng.random()
        if kind == "terrace":
            if u < 0.03:
                add("", "", f"{number}-{number + 2}", "RD04"); number += 4; continue
            if u < 0.18:
                parent = add("", "", str(number), "PP")
                for saon in CONVERSION_SCHEMES[rng.integers(len(CONVERSION_SCHEMES))]:
                    add(saon, "", str(number), "RD06", parent)
            else:
                add("", "", str(number), "RD04")
            if rng.random() < 0.03:
                add("", "", f"{number}A", "RD04")
            number += 2
        elif kind == "suburban":
            cls = "RD03" if u < 0.7 else "RD02"
            name = HOUSE_NAMES[rng.integers(len(HOUSE_NAMES))]
            if u > 0.96 and name not in names_used:
                names_used.append(name)
                add("", name, "", "RD02")  # named only
            elif u > 0.90:
                add("", name, str(number), cls)  # name and number
            else:
                add("", "", str(number), cls)
            number += 1
        elif kind == "estate":
            name = block_names.pop() if block_names else f"BLOCK {number}"
            with_number = rng.random() < 0.3
            new = rng.random() < new_build_share
            parent = add("", name, str(number) if with_number else "", "PP", new=new)
            for flat in range(1, int(rng.integers(6, 61)) + 1):
                add(f"FLAT {flat}", name, str(number) if with_number else "", "RD06", parent, new)
            number += 1
        else:  # high street: shops with flats above, the odd office building
            if u < 0.06:
                name = (block_names.pop() if block_names else "MARKET") + " BUSINESS CENTRE"
                parent = add("", name, "", "PP")
                for unit in range(1, int(rng.integers(3, 10)) + 1):
                    add(f"UNIT {unit}", name, "", "CO01", parent)
            elif u < 0.10:
                add("", "", f"{number}-{number + 2}", "CR01"); number += 4; continue
            else:
                parent = add("", "", str(number), "PP")
                add("GROUND FLOOR", "", str(number), "CR01", parent)
                floors = ("FIRST FLOOR FLAT",) if rng.random() < 0.6 else ("FLAT 1", "FLAT 2")
                for saon in floors:
                    add(saon, "", str(number), "RD06", parent)
            number += 2
    return props


def _postcode(district: str, k: int) -> str:
    """The k-th postcode unit of a district (k < 4000): sectors 0-9 filled in turn, units AA, AB, ..."""
    if k >= 4000:
        raise ValueError(f"postcode district {district} is full; ask for fewer people.")
    sector, j = (k // 25) % 10, (k // 250) * 25 + k % 25
    return f"{district} {sector}{POSTCODE_LETTERS[j // 20]}{POSTCODE_LETTERS[j % 20]}"


def _postcode_units(rng: np.random.Generator, street_idx, streets, props, is_building):
    """Postcode units: consecutive buildings share a unit of roughly 10-25 dwellings. A new street usually starts a
    new unit, but sometimes takes in the rest of the open unit of its ward's district, as a corner, a mews or a close
    off a longer road does, so some units hold two or more streets. Returns (postcode per property, {street: the
    street whose unit it joined})."""
    postcode = np.empty(len(props), dtype=object)
    district_counter: dict[str, int] = {}
    open_unit: dict[tuple, list] = {}  # (district, ward) -> [postcode, room left in dwellings, street]
    joins: dict[int, int] = {}
    prev_street = -1
    for i, s in enumerate(street_idx.tolist()):
        name, ward, kind = streets[s]
        district = TOWN_CENTRE_DISTRICT if kind == "high_street" else WARDS[ward][2]
        unit = open_unit.get((district, ward))
        new_street = s != prev_street
        prev_street = s
        if new_street and unit is not None and unit[1] >= MIN_ROOM_TO_SHARE and rng.random() < SHARED_UNIT_SHARE:
            joins[s], unit[2] = unit[2], s
        elif new_street or (is_building[i] and unit[1] <= 0):
            k = district_counter.get(district, 0)
            district_counter[district] = k + 1
            unit = open_unit[(district, ward)] = [_postcode(district, k), int(rng.integers(10, 26)), s]
        postcode[i] = unit[0]
        unit[1] -= props[i].classification in DWELLING_CLASSES
    return postcode, joins


def _random_dates(rng: np.random.Generator, start: dt.date, end: dt.date, n: int) -> np.ndarray:
    days = rng.integers(0, (end - start).days + 1, size=n)
    return np.datetime64(start) + days.astype("timedelta64[D]")


def build_gazetteer(rng: np.random.Generator, dwellings_wanted: int, new_build_share: float = 0.12) -> pd.DataFrame:
    """Lay out streets until the borough holds at least ``dwellings_wanted`` dwellings; return the gazetteer."""
    rows = []  # per property: street index + _Property fields
    streets = []  # (name, ward index, kind)
    n_streets_guess = max(40, int(dwellings_wanted / 25 * 1.3))
    names = street_names(rng, n_streets_guess + 60)
    block_names = [f"{s} {t}" for s in BLOCK_STEMS for t in BLOCK_TYPES]
    block_names = [block_names[i] for i in rng.permutation(len(block_names))]
    dwellings = 0
    while dwellings < dwellings_wanted:
        s = len(streets)
        if s >= len(names):
            names += street_names(rng, len(names) * 2)[len(names):]
        ward = int(rng.integers(len(WARDS)))
        kind = STREET_KINDS[rng.choice(len(STREET_KINDS), p=STREET_KIND_SHARES)]
        name = names[s]
        # the same street name in two localities: a few streets reuse a name from the other half of the borough
        if s > 20 and rng.random() < 0.03:
            other = int(rng.integers(s))
            if WARDS[streets[other][1]][1] != WARDS[ward][1]:
                name = streets[other][0]
        streets.append((name, ward, kind))
        for p in _street_properties(rng, kind, block_names, new_build_share):
            rows.append((s, p))
            dwellings += p.classification in DWELLING_CLASSES
    return _frame(rng, rows, streets)


def _frame(rng: np.random.Generator, rows, streets) -> pd.DataFrame:
    n = len(rows)
    street_idx = np.array([s for s, _ in rows])
    props = [p for _, p in rows]
    name_counts: dict[str, int] = {}
    for name, _, _ in streets:
        name_counts[name] = name_counts.get(name, 0) + 1
    # street geometry: a start point inside the ward, a direction, a spacing
    n_st = len(streets)
    ward_of = np.array([w for _, w, _ in streets])
    start_e = EAST_MIN + (ward_of % 4) * WARD_WIDTH + rng.uniform(150, WARD_WIDTH - 150, n_st)
    start_n = NORTH_MIN + (1 - ward_of // 4) * WARD_HEIGHT + rng.uniform(150, WARD_HEIGHT - 150, n_st)
    angle = rng.uniform(0, np.pi, n_st)
    # position along the street: each property without a parent is a new building
    is_building = np.array([p.parent < 0 for p in props])
    building_seq = np.zeros(n, dtype=int)
    parent_pos = np.arange(n)  # position of each property's building (itself when it has no parent)
    seq, prev_street, building = -1, -1, 0
    for i in range(n):
        if street_idx[i] != prev_street:
            seq, prev_street = -1, street_idx[i]
        if is_building[i]:
            seq, building = seq + 1, i
        building_seq[i], parent_pos[i] = seq, building
    postcode, joins = _postcode_units(rng, street_idx, streets, props, is_building)
    # a street that took in another's postcode unit starts a few metres past that street's last building
    length = pd.Series(building_seq).groupby(street_idx).max().reindex(range(n_st), fill_value=0).to_numpy() * 9.0
    for s, p in sorted(joins.items()):  # p < s, so p's own start is final
        end_e = start_e[p] + length[p] * np.cos(angle[p])
        end_n = start_n[p] + length[p] * np.sin(angle[p])
        start_e[s] = end_e + 25 * np.cos(angle[s])
        start_n[s] = end_n + 25 * np.sin(angle[s])
    along = building_seq * 9.0
    side = np.where(building_seq % 2 == 0, 8.0, -8.0)
    a = angle[street_idx]
    easting = start_e[street_idx] + along * np.cos(a) - side * np.sin(a)
    northing = start_n[street_idx] + along * np.sin(a) + side * np.cos(a)
    cell_e0 = EAST_MIN + (ward_of[street_idx] % 4) * WARD_WIDTH
    cell_n0 = NORTH_MIN + (1 - ward_of[street_idx] // 4) * WARD_HEIGHT
    easting = np.clip(easting, cell_e0 + 20, cell_e0 + WARD_WIDTH - 20).round().astype(int)
    northing = np.clip(northing, cell_n0 + 20, cell_n0 + WARD_HEIGHT - 20).round().astype(int)

    # identifiers: UPRNs rise with gaps, as an LLPG's do
    uprn_num = 990000000000 + np.cumsum(rng.integers(1, 40, size=n))
    uprn = numbered("%012d", uprn_num)
    parent_uprn = np.where(is_building, "", uprn[parent_pos]).astype(object)
    usrn = numbered("%08d", 21000000 + np.arange(n_st) * 7)[street_idx]

    is_new = np.array([p.is_new for p in props])
    entry = np.where(is_new, _random_dates(rng, NEW_BUILD_FROM, SNAPSHOT - dt.timedelta(days=20), n),
                     _random_dates(rng, OLD_ENTRY_FROM, OLD_ENTRY_TO, n))
    # a flat enters the LLPG with its parent shell
    entry = entry[parent_pos]
    paon = [(f"{p.pao_text} {p.pao_number}".strip()) for p in props]
    street_name = np.array([name for name, _, _ in streets], dtype=object)[street_idx]
    locality = np.array([WARDS[w][1] if (name_counts[name] > 1 or (i % 5 == 0)) else ""
                         for i, (name, w, _) in enumerate(streets)], dtype=object)[street_idx]
    frame = pd.DataFrame({
        "uprn": uprn, "parent_uprn": parent_uprn, "usrn": usrn,
        "saon": [p.saon for p in props], "paon": paon, "street": street_name, "locality": locality,
        "town": TOWN, "postcode": postcode, "easting": easting, "northing": northing,
        "classification": [p.classification for p in props],
        "ward": np.array([w[0] for w in WARDS], dtype=object)[ward_of[street_idx]],
        "entry_date": iso_dates(entry),
    })
    # generator-only helpers (not written to gazetteer.csv): components for address rendering
    frame["pao_text"] = [p.pao_text for p in props]
    frame["pao_number"] = [p.pao_number for p in props]
    return frame

