"""Generate the whole Thamesbury dataset from a seed: ``generate(out_dir, seed=..., people=..., difficulty=...)``.

The same seed and size give byte-identical files. Everything is written to a temporary folder beside ``out_dir``
and moved into place only when complete, so a failed run leaves nothing half-written. For a large borough the six
sources are built and every file written on two processes (``bootcamp.thamesbury.parallel``); each source draws
from its own random stream, so the files are the same either way.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bootcamp.thamesbury.address_departures import apply_departures, draw_departures
from bootcamp.thamesbury.address_rendering import render_addresses
from bootcamp.thamesbury.gazetteer import GAZETTEER_COLUMNS, build_gazetteer
from bootcamp.thamesbury.parallel import map_costliest_first
from bootcamp.thamesbury.population import MEAN_HOUSEHOLD, OCCUPIED_SHARE, build_population
from bootcamp.thamesbury.sources import BUILDERS, wanted_uprns
from bootcamp.validate import BootcampInputError

DEFAULT_SEED = 20260331
DEFAULT_PEOPLE = 25_000
DIFFICULTIES = ("standard", "hard")
MAX_PEOPLE = 1_500_000
MIN_PEOPLE = 100
PARALLEL_WRITE_FROM = 50_000  # residents; below this one process is quicker than starting two
# relative cost of building and writing each file (measured at 1,000,000 residents): the costliest start first
WRITE_COST = {"council_tax": 25, "electoral_register": 22, "school_census": 15, "people": 10, "shielding_list": 5,
              "adult_social_care": 4, "housing_benefit": 4, "gazetteer": 3}


def _check_arguments(out_dir, seed, people, difficulty) -> Path:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise BootcampInputError(f"seed must be a whole number, not {seed!r} ({type(seed).__name__}).")
    if seed < 0:
        raise BootcampInputError(f"seed must be zero or more, not {seed}.")
    if isinstance(people, bool) or not isinstance(people, (int, np.integer)):
        raise BootcampInputError(f"people must be a whole number, not {people!r} ({type(people).__name__}).")
    if people <= 0:
        raise BootcampInputError(f"people must be a positive number of residents, not {people}.")
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise BootcampInputError(f"people must be between {MIN_PEOPLE:,} and {MAX_PEOPLE:,}, not {people:,}.")
    if difficulty not in DIFFICULTIES:
        raise BootcampInputError(f"difficulty must be one of {', '.join(DIFFICULTIES)}, not {difficulty!r}.")
    out = Path(out_dir)
    parent = out.resolve().parent
    if out.exists() and not out.is_dir():
        raise BootcampInputError(f"{out} exists and is not a folder.")
    if not parent.is_dir():
        raise BootcampInputError(f"cannot write to {out}: its parent folder {parent} does not exist.")
    if not os.access(parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise BootcampInputError(f"cannot write to {out}: the folder is not writable.")
    return out


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _borough(seed: int, people: int, difficulty: str) -> dict:
    """The gazetteer, the residents, each source's addresses and each source's random stream."""
    streams = np.random.SeedSequence(int(seed)).spawn(3 + len(BUILDERS))
    rng_gaz, rng_pop, rng_departures = (np.random.default_rng(s) for s in streams[:3])
    dwellings_wanted = int(people / MEAN_HOUSEHOLD / OCCUPIED_SHARE) + 20
    gazetteer = build_gazetteer(rng_gaz, dwellings_wanted)
    residents = build_population(rng_pop, gazetteer, people)
    rendered = render_addresses(gazetteer, wanted_uprns(residents), int(seed), difficulty)
    departures = draw_departures(rng_departures, gazetteer)
    rendered = apply_departures(rendered, departures, gazetteer, rng_departures)
    return {"gazetteer": gazetteer, "residents": residents, "rendered": rendered, "difficulty": difficulty,
            "missing": departures.missing, "streams": dict(zip(BUILDERS, streams[3:]))}


def _tables(part: str, borough: dict) -> dict:
    """One part of the dataset as {table name: DataFrame}: the gazetteer, the people, or a source and its truth."""
    gazetteer, missing = borough["gazetteer"], borough["missing"]
    if part == "gazetteer":  # the council's gazetteer lacks a few dwellings people live in
        return {"gazetteer": gazetteer.loc[~gazetteer["uprn"].isin(missing), GAZETTEER_COLUMNS]}
    if part == "people":
        return {"people": borough["residents"]}
    records, truth = BUILDERS[part](borough["residents"], gazetteer, borough["rendered"][part],
                                    np.random.default_rng(borough["streams"][part]), borough["difficulty"])
    truth["uprn"] = truth["uprn"].where(~truth["uprn"].isin(missing), "")  # no gazetteer row to match
    return {part: records, f"truth/{part}": truth}


PARTS = ("gazetteer", "people", *BUILDERS)


def build(seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE, difficulty: str = "standard") -> dict:
    """Build every table in memory: {'gazetteer', 'people', <source>, 'truth/<source>'} -> DataFrame."""
    borough = _borough(seed, people, difficulty)
    return {name: frame for part in PARTS for name, frame in _tables(part, borough).items()}


_to_write: dict = {}  # the borough and the staging folder, for the forked processes that write it


def _write_part(part: str) -> dict[str, int]:
    """Build one part of the dataset and write its files into the staging folder: {table name: rows}."""
    counts = {}
    for name, frame in _tables(part, _to_write["borough"]).items():
        _write_csv(frame, _to_write["staging"] / ("truth/people.csv" if name == "people" else f"{name}.csv"))
        counts[name] = len(frame)
    return counts


def _write_all(borough: dict, staging: Path, people: int) -> dict[str, int]:
    """Build and write every part (on two processes for a large borough): {table name: rows}, in PARTS order."""
    _to_write.update(borough=borough, staging=staging)
    try:
        counts = map_costliest_first(_write_part, PARTS, [WRITE_COST[p] for p in PARTS],
                                     parallel=people >= PARALLEL_WRITE_FROM)
    finally:
        _to_write.clear()
    return {name: rows for part in counts for name, rows in part.items()}


def generate(out_dir, seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE, difficulty: str = "standard") -> dict:
    """Generate Thamesbury into ``out_dir`` (replacing what is there); return a summary with counts and timing."""
    out = _check_arguments(out_dir, seed, people, difficulty)
    started = time.perf_counter()
    borough = _borough(int(seed), int(people), difficulty)
    parent = out.resolve().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=parent))
    try:
        staging.chmod(0o755)
        counts = _write_all(borough, staging, int(people))
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}-old-", dir=parent))
            os.replace(out, old / "data")
            os.replace(staging, out)
            shutil.rmtree(old)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return {
        "out_dir": str(out), "seed": int(seed), "people": int(people), "difficulty": difficulty,
        "counts": {name: rows for name, rows in counts.items() if not name.startswith("truth/")},
        "seconds": round(time.perf_counter() - started, 1),
    }
