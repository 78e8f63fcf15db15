"""Generate the whole Thamesbury dataset from a seed: ``generate(out_dir, seed=..., people=..., difficulty=...)``.

The same seed and size give byte-identical files. Everything is written to a temporary folder beside ``out_dir``
and moved into place only when complete, so a failed run leaves nothing half-written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bootcamp.thamesbury.address_rendering import render_addresses
from bootcamp.thamesbury.gazetteer import GAZETTEER_COLUMNS, build_gazetteer
from bootcamp.thamesbury.population import MEAN_HOUSEHOLD, OCCUPIED_SHARE, build_population
from bootcamp.thamesbury.sources import BUILDERS, wanted_uprns
from bootcamp.validate import BootcampInputError

DEFAULT_SEED = 20260331
DEFAULT_PEOPLE = 25_000
DIFFICULTIES = ("standard", "hard")
MAX_PEOPLE = 1_500_000
MIN_PEOPLE = 100


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


def build(seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE, difficulty: str = "standard") -> dict:
    """Build every table in memory: {'gazetteer', 'people', <source>, 'truth/<source>'} -> DataFrame."""
    streams = np.random.SeedSequence(int(seed)).spawn(3 + len(BUILDERS))
    rng_gaz, rng_pop, _ = (np.random.default_rng(s) for s in streams[:3])
    dwellings_wanted = int(people / MEAN_HOUSEHOLD / OCCUPIED_SHARE) + 20
    gazetteer = build_gazetteer(rng_gaz, dwellings_wanted)
    residents = build_population(rng_pop, gazetteer, people)
    rendered = render_addresses(gazetteer, wanted_uprns(residents), int(seed), difficulty)
    tables = {"gazetteer": gazetteer[GAZETTEER_COLUMNS], "people": residents}
    for (source, builder), stream in zip(BUILDERS.items(), streams[3:]):
        records, truth = builder(residents, gazetteer, rendered[source], np.random.default_rng(stream), difficulty)
        tables[source], tables[f"truth/{source}"] = records, truth
    return tables


def generate(out_dir, seed: int = DEFAULT_SEED, people: int = DEFAULT_PEOPLE, difficulty: str = "standard") -> dict:
    """Generate Thamesbury into ``out_dir`` (replacing what is there); return a summary with counts and timing."""
    out = _check_arguments(out_dir, seed, people, difficulty)
    started = time.perf_counter()
    tables = build(int(seed), int(people), difficulty)
    parent = out.resolve().parent
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=parent))
    try:
        staging.chmod(0o755)
        for name, frame in tables.items():
            target = "truth/people.csv" if name == "people" else f"{name}.csv"
            _write_csv(frame, staging / target)
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
        "counts": {name: len(frame) for name, frame in tables.items() if not name.startswith("truth/")},
        "seconds": round(time.perf_counter() - started, 1),
    }

