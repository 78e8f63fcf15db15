"""Load the Thamesbury data: ``load(name)`` for the gazetteer or a source, ``load_truth(name)`` for the answers.

Sources are read with every column as text, so IDs keep their leading zeros and placeholder junk such as "N/A",
"UNKNOWN" or "." stays visible; only empty cells are missing. The gazetteer's easting and northing are numbers.
The data folder is ``data/thamesbury`` at the top of the repository, or the folder named by the environment
variable ``BOOTCAMP_DATA``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from bootcamp.validate import BootcampInputError

SOURCES = ("council_tax", "electoral_register", "housing_benefit", "adult_social_care", "school_census",
           "shielding_list")
TABLES = ("gazetteer",) + SOURCES
TRUTH_TABLES = ("people",) + SOURCES
DATA_ENV_VAR = "BOOTCAMP_DATA"


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder holding the Thamesbury CSV files: ``data_dir``, else $BOOTCAMP_DATA, else data/thamesbury."""
    if data_dir is not None:
        return Path(data_dir)
    if os.environ.get(DATA_ENV_VAR):
        return Path(os.environ[DATA_ENV_VAR])
    from bootcamp.paths import DATA

    return DATA


def _read(path: Path, numeric: tuple[str, ...] = ()) -> pd.DataFrame:
    if not path.is_file():
        raise BootcampInputError(
            f"{path} does not exist. Generate the data with `python -m bootcamp data generate` or point "
            f"{DATA_ENV_VAR} at a folder that holds it.")
    dtypes = {c: ("int64" if c in numeric else str) for c in pd.read_csv(path, nrows=0).columns}
    return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""], encoding="utf-8")


def _check_name(name, allowed: tuple[str, ...], what: str) -> str:
    if not isinstance(name, str) or name not in allowed:
        raise BootcampInputError(f"unknown {what} {name!r}; available: {', '.join(allowed)}.")
    return name


def load(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The gazetteer or one of the six sources, every column as text (gazetteer easting/northing as numbers)."""
    _check_name(name, TABLES, "table")
    folder = resolve_data_dir(data_dir)
    numeric = ("easting", "northing") if name == "gazetteer" else ()
    return _read(folder / f"{name}.csv", numeric)


def load_truth(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The truth: "people" (every resident) or a source name (record_id, person_id, uprn for each record)."""
    _check_name(name, TRUTH_TABLES, "truth table")
    folder = resolve_data_dir(data_dir)
    return _read(folder / "truth" / f"{name}.csv")
