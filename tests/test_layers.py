"""Imports run one way: build tooling → chapter declarations → solutions → the runtime the notebooks import.

The runtime (loading, exercises, evaluation, plots, charts, progress, validation, paths) and ``solutions/`` never
import the chapter declarations or the tooling that builds, teaches or runs the course from the command line.
"""

from __future__ import annotations

import ast

import pytest

from bootcamp.paths import ROOT

TOOLING = ("bootcamp.chapters", "bootcamp.editions", "bootcamp.outline", "bootcamp.outline_directive", "bootcamp.cli",
           "bootcamp.own_data", "bootcamp.cohort", "bootcamp.slides", "bootcamp.sphinx_ext", "bootcamp.doctor",
           "bootcamp.r", "bootcamp.__main__", "benchmarks", "tests")
RUNTIME = ["__init__", "loading", "exercises", "evaluation", "plots", "charts", "progress", "validate", "paths", "blanks",
           "timed_worker"]
LOWER = [ROOT / "bootcamp" / f"{name}.py" for name in RUNTIME] + sorted((ROOT / "solutions").glob("*.py"))


def imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


@pytest.mark.parametrize("path", LOWER, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_runtime_and_solutions_import_no_tooling(path):
    upward = sorted(m for m in imported_modules(path) if m.startswith(TOOLING))
    assert not upward, f"{path.relative_to(ROOT)} imports {upward}"


def test_the_check_sees_an_upward_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from bootcamp.chapters import b1\n    return b1\n")
    assert any(m.startswith(TOOLING) for m in imported_modules(bad))
