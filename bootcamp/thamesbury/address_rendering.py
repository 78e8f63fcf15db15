"""Addresses as each source writes them, made by the ``address-errors`` package from gazetteer components.

Each source gets its own house style (one of address-errors' council styles, with case and comma overrides). The
gazetteer is corrupted one postcode district at a time (every street lies in one district, so building
conventions, street spellings and collision checks still see whole streets). Each district builds its
address-errors components and its canonical index once and shares them between its six sources, and districts run
in parallel on two processes when there is enough work, the largest first. Each district's seed comes from the
run's seed, the source and the district, so the output does not depend on how the work is split between processes."""

from __future__ import annotations

from dataclasses import dataclass

import address_errors
import numpy as np
import pandas as pd
from address_errors import Controls, Corruptor, Noise, Profile, add_context
from address_errors.context import COLUMNS
from address_errors.pipeline.reference import derive_columns

from bootcamp.thamesbury.parallel import map_costliest_first


@dataclass(frozen=True)
class AddressStyle:
    """How one source writes addresses: an address-errors council style and overrides."""
    style: str | None  # None = pooled rates, the package's setting for an unseen council
    case: str | None  # 'upper', 'title' or None (the style's own)
    commas: bool


ADDRESS_STYLES = {
    "council_tax": AddressStyle("wigan", "upper", True),
    "electoral_register": AddressStyle("leeds", "title", True),
    "housing_benefit": AddressStyle("bradford", "upper", False),
    "adult_social_care": AddressStyle("derby", "title", True),
    "school_census": AddressStyle(None, "title", True),
    "shielding_list": AddressStyle("cornwall", None, True),
}
HARD_NOISE_RATE = 0.10
PARALLEL_FROM = 40_000  # addresses; below this one process is quicker than starting two
# What address-errors 0.1.1's Corruptor.index builds from the records: the same for every house style (only the
# postcode layer's random stream and the bundle rates differ by style), so one index serves a district's six
# sources. ``_flags`` is the per-record eligibility cache, also style-free. Another version indexes each source anew.
SHARED_INDEX = ("rec", "children", "by_street", "generic_names", "streets_by_town", "grid", "coll", "_collflags",
                "_flags")
SHARED_POSTCODE_INDEX = ("by_sector", "by_district")
SHARES_INDEX = address_errors.__version__ == "0.1.1"
_profile = None


def profile() -> Profile:
    global _profile
    if _profile is None:
        _profile = Profile.load()
    return _profile


def controls_for(source: str, difficulty: str) -> Controls:
    style = ADDRESS_STYLES[source]
    extra = {}
    if difficulty == "hard":
        extra = {"intensity": profile().intensity_band()[1], "noise": Noise(rate=HARD_NOISE_RATE)}
    return Controls(case=style.case, commas=style.commas, postcode="with_errors", **extra)


def components(gazetteer: pd.DataFrame) -> list[dict]:
    """address-errors component records (all text) for gazetteer rows."""
    cols = {"uprn": "uprn", "subname": "saon", "name": "pao_text", "number": "pao_number", "streetname": "street",
            "locality": "locality", "townname": "town", "postcode": "postcode", "classificationcode": "classification",
            "parentuprn": "parent_uprn", "usrn": "usrn", "easting": "easting", "northing": "northing"}
    frame = pd.DataFrame({k: gazetteer[v].astype(str).to_numpy() for k, v in cols.items()})
    for c in COLUMNS:
        if c not in frame:
            frame[c] = ""
    frame["feature_type"] = "builtaddress"
    columns = list(frame.columns)  # plain dicts of str, as DataFrame.to_dict("records") gives, without its overhead
    rows = [dict(zip(columns, values)) for values in zip(*(frame[c].tolist() for c in columns))]
    derive_columns(rows)
    return add_context(rows)


def _district_seed(seed: int, source: str, district: str) -> int:
    key = [seed] + [ord(c) for c in f"{source}|{district}"]
    return int(np.random.SeedSequence(key).generate_state(1)[0])


def _share_index(gen: Corruptor, indexed: Corruptor) -> Corruptor:
    """Give ``gen`` the canonical index ``indexed`` built from the same records (see SHARED_INDEX): the same
    objects, which generating only reads, so each source's output is what its own ``gen.index(records)`` gives."""
    for name in SHARED_INDEX:
        setattr(gen, name, getattr(indexed, name))
    for name in SHARED_POSTCODE_INDEX:
        setattr(gen.postcode_layer, name, getattr(indexed.postcode_layer, name))
    return gen


def _corrupt_district(task) -> list[tuple[str, list[tuple[str, str, str, str]]]]:
    """Corrupt one district's addresses for every source that needs them: [(source, rows)], rows of
    (uprn asked for, uprn described, address, postcode)."""
    district, gazetteer_rows, wanted, seed, difficulty = task
    records = components(gazetteer_rows)
    out = []
    indexed = None
    for source, ids in wanted.items():
        style = ADDRESS_STYLES[source]
        gen = Corruptor(profile(), style=style.style, seed=_district_seed(seed, source, district),
                        controls=controls_for(source, difficulty), rates="council" if style.style else "pooled",
                        source_id=source)
        if indexed is None or not SHARES_INDEX:
            indexed = gen.index(records)
        else:
            _share_index(gen, indexed)
        # assigned_uprn is the property asked for; under label drift the string describes another (source_uprn)
        out.append((source, [(r["assigned_uprn"], r["source_uprn"], r["recorded_address"], r["recorded_postcode"])
                             for r in gen.generate(ids)]))
    return out


def render_addresses(gazetteer: pd.DataFrame, wanted: dict[str, list[str]], seed: int,
                     difficulty: str = "standard") -> dict[str, pd.DataFrame]:
    """For each source, the addresses it records for the wanted UPRNs: columns uprn (the property asked for),
    described_uprn (the property the string describes: another one under address-errors' label drift, when the
    system picked a neighbour, parent or sibling), address, postcode.

    ``wanted`` maps a source name to the distinct UPRNs it needs; each distinct address is corrupted once per source.
    """
    district = gazetteer["postcode"].str.split(" ").str[0].to_numpy()
    districts = sorted(set(district.tolist()))
    district_of = dict(zip(gazetteer["uprn"].tolist(), district.tolist()))
    ids = {d: {source: [] for source in ADDRESS_STYLES} for d in districts}
    for source in ADDRESS_STYLES:
        for u in wanted.get(source, []):
            if u in district_of:  # in the order wanted lists them
                ids[district_of[u]][source].append(u)
    tasks = [(d, gazetteer[district == d], {source: u for source, u in ids[d].items() if u}, seed, difficulty)
             for d in districts]
    work = [sum(len(u) for u in task[2].values()) for task in tasks]
    results = map_costliest_first(_corrupt_district, tasks, work, parallel=sum(work) >= PARALLEL_FROM)
    out: dict[str, list] = {s: [] for s in ADDRESS_STYLES}
    for district_result in results:
        for source, rows in district_result:
            out[source].extend(rows)
    columns = ["uprn", "described_uprn", "address", "postcode"]
    return {s: pd.DataFrame(rows, columns=columns) for s, rows in out.items()}


def split_lines(addresses: pd.Series, n_lines: int) -> pd.DataFrame:
    """Split comma-joined addresses into n_lines columns; extra parts are kept together in the last line."""
    parts = addresses.fillna("").str.split(r"\s*,\s*", n=n_lines - 1, regex=True)
    lines = pd.DataFrame(parts.tolist(), index=addresses.index).reindex(columns=range(n_lines))
    return lines.fillna("")
