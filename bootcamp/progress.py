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


def progress_folder() -> Path:
    """Where :func:`export_chapter` saves: ``$BOOTCAMP_PROGRESS_DIR``, or a ``bootcamp_progress`` folder in the home directory."""
    import os

    return Path(os.environ.get("BOOTCAMP_PROGRESS_DIR") or Path.home() / "bootcamp_progress")


def export_chapter(chapter: str, learner: str | None = None) -> Path:
    """Save this session's results at the end of a chapter, for your mentor: one JSON file per learner and chapter.

    ``learner`` is your name or a pseudonym agreed with your mentor (default: ``$BOOTCAMP_LEARNER``, else "me"); use
    the same one every time (case and spaces do not matter to the mentor's report). The file goes to
    :func:`progress_folder`; send it to your mentor, who reads a folder of them with ``python -m bootcamp cohort
    FOLDER``. An export with no results is still written, and the mentor's report lists it, so that nobody is lost.
    """
    import os
    import re

    if not isinstance(chapter, str) or not re.fullmatch(r"\s*[A-Za-z]\d+\s*", chapter):
        raise ValueError(f"chapter must be the chapter's code, e.g. export_chapter('B2'), not {chapter!r}.")
    if learner is not None and not isinstance(learner, str):
        raise ValueError(f"learner must be your name or pseudonym as text, e.g. learner='amira', not {learner!r}.")
    given = (learner or os.environ.get("BOOTCAMP_LEARNER") or "").strip()
    learner = given or "me"
    chapter = chapter.strip().upper()
    folder = progress_folder()
    folder.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_-]+", "_", learner).strip("_") or "me"
    path = export(folder / f"{safe}_{chapter}.json", learner=learner)
    done = sum(entry["status"] == "correct" for entry in results().values())
    print(f"Saved {len(results())} exercise results ({done} correct) for {learner!r} to {path}")
    if not results():
        print("No exercise has been checked in this session yet: run the chapter's checks, then export again.")
    if not given:
        print(f"Tip: give your name or pseudonym, export_chapter({chapter!r}, learner=\"your name\"), so that your "
              "mentor can tell your file from everyone else's.")
    return path
