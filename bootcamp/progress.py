"""A learner's exercise results in this session, which they can export for their mentor (chapter T3)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

_RESULTS: dict[str, dict] = {}


def record(label: str, status: str) -> None:
    entry = _RESULTS.setdefault(label, {"attempts": 0, "status": None, "solution_viewed": False})
    if status == "solution viewed":
        entry["solution_viewed"] = True
        return
    entry["attempts"] += 1
    if entry["status"] != "correct":  # once right, stays right
        entry["status"] = status


def results() -> dict[str, dict]:
    """This session's results, by exercise label."""
    return {label: dict(entry) for label, entry in sorted(_RESULTS.items())}


def export(path: str | Path, learner: str) -> Path:
    """Write this session's results to a JSON file that a mentor's cohort notebook can read."""
    if not isinstance(learner, str) or not learner.strip():
        raise ValueError("learner must be a non-empty name or pseudonym, e.g. export('me.json', learner='amira').")
    path = Path(path)
    payload = {"learner": learner.strip(), "exported": datetime.now(timezone.utc).isoformat(timespec="seconds"),
               "results": results()}
    path.write_text(json.dumps(payload, indent=2) + "\n")
    return path


def reset() -> None:
    _RESULTS.clear()
