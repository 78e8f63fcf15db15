"""A chapter's instructor notes time its sections, and the sections add up to the chapter's stated length.

Each instructor note says ``**Timing:** N min.`` for its own section (not "N min to here"); the minutes of a
chapter's notes sum exactly to ``minutes`` in ``bootcamp/chapters/<code>.py``, which the course at a glance and the
session plans quote.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re

import pytest

import bootcamp.chapters
from bootcamp.paths import ROOT

TIMING = re.compile(r"\*\*Timing:\*\*\s*([^.*\n]*)")
MINUTES = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*min)?\b(.*)$")
CUMULATIVE = re.compile(r"to here|in all|so far|total", re.I)


def chapters():
    found = []
    for info in sorted(pkgutil.iter_modules(bootcamp.chapters.__path__), key=lambda i: i.name):
        chapter = getattr(importlib.import_module(f"bootcamp.chapters.{info.name}"), "chapter", None)
        if chapter is not None and chapter.notebook.endswith(".ipynb"):
            found.append(chapter)
    return found


def section_minutes(notebook_path) -> list[int]:
    """The minutes each instructor note of a notebook gives its section."""
    notebook = json.loads((ROOT / notebook_path).read_text())
    minutes = []
    for cell in notebook["cells"]:
        if "instructor" not in cell.get("metadata", {}).get("tags", []):
            continue
        for stated in TIMING.findall("".join(cell["source"])):
            stated = stated.strip()
            match = MINUTES.match(stated)
            if not match or not (match[1] or match[2]) or CUMULATIVE.search(match[3]):
                raise ValueError(f"{notebook_path}: timing {stated!r} is not 'N min' for its own section")
            minutes.append(int(match[1] or 0) * 60 + int(match[2] or 0))
    return minutes


@pytest.mark.parametrize("chapter", chapters(), ids=lambda c: c.code)
def test_sections_sum_to_the_chapter_length(chapter):
    minutes = section_minutes(chapter.notebook)
    assert minutes, f"{chapter.code} has no timed instructor notes"
    assert sum(minutes) == chapter.minutes, (
        f"{chapter.code}: instructor notes time {minutes} = {sum(minutes)} min, but the chapter says {chapter.minutes}")


def _notebook_with_timing(tmp_path, timing):
    notebook = {"cells": [{"cell_type": "markdown", "metadata": {"tags": ["instructor"]},
                           "source": [f"**Timing:** {timing}. **Demo live:** ..."]}]}
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(notebook))
    return path


@pytest.mark.parametrize("timing, minutes", [("25 min", [25]), ("1 h 15 min", [75]), ("20 min, including q1", [20])])
def test_section_timings_are_read(tmp_path, timing, minutes):
    assert section_minutes(_notebook_with_timing(tmp_path, timing)) == minutes


@pytest.mark.parametrize("timing", ["45 min to here", "3 h in all", "soon"])
def test_a_cumulative_or_unreadable_timing_is_refused(tmp_path, timing):
    with pytest.raises(ValueError, match="for its own section"):
        section_minutes(_notebook_with_timing(tmp_path, timing))
