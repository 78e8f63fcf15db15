"""Checks on inputs that turn pandas' deep tracebacks into one clear sentence naming the problem."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd


class BootcampInputError(ValueError):
    """Raised when a bootcamp or solutions function is given input it cannot use."""


def require_frame(obj, name: str = "input", columns: Iterable[str] = (), allow_empty: bool = False) -> pd.DataFrame:
    """Return ``obj`` if it is a DataFrame holding ``columns``; otherwise raise a clear BootcampInputError."""
    if not isinstance(obj, pd.DataFrame):
        raise BootcampInputError(f"{name} must be a pandas DataFrame, not {type(obj).__name__}.")
    missing = [c for c in columns if c not in obj.columns]
    if missing:
        raise BootcampInputError(
            f"{name} is missing column(s) {', '.join(map(repr, missing))}; it has {', '.join(map(repr, obj.columns))}."
        )
    if not allow_empty and obj.empty:
        raise BootcampInputError(f"{name} is empty: there are no rows to work on.")
    return obj


def require_series(obj, name: str = "input") -> pd.Series:
    if not isinstance(obj, pd.Series):
        raise BootcampInputError(f"{name} must be a pandas Series, not {type(obj).__name__}.")
    return obj


def require_type(obj, types, name: str = "input"):
    if not isinstance(obj, types):
        wanted = " or ".join(t.__name__ for t in (types if isinstance(types, tuple) else (types,)))
        raise BootcampInputError(f"{name} must be {wanted}, not {type(obj).__name__}.")
    return obj
