"""The R chapter's exercises (B3): declared in ``bootcamp/chapters/b3.py``, checked in R by ``bootcamp/r/checks.R``.

The generic walk (tests/test_exercise_declarations.py) checks each R declaration in R: the reference passes, the
golden cases match, the wrong answers are rejected and the check carries on with the reference, the starter is "not
attempted". Here: what is particular to R — the notebook's starters are the declared ones, the checker reads the
declarations from Python, hints come one at a time, progress is exported for the cohort report like any chapter's,
and the R-side walk can fail.

Runs Rscript a few times. Skipped when Rscript is missing, except in CI (env var CI set), where the R chapter is
required and a missing R is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

from bootcamp.chapters import b3
from bootcamp.exercises import exercises_of
from bootcamp.paths import ROOT
from bootcamp.r.exercises import CHECKS, RFunctionExercise, chapter_declarations

NOTEBOOK = ROOT / "book" / "beginner" / "b3_linkage_r.ipynb"
EXERCISES = exercises_of(b3)


@pytest.fixture(scope="module")
def rscript():
    found = shutil.which("Rscript")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Rscript is missing, but the R chapter is required in CI (install r-base-core).")
        pytest.skip("Rscript is not installed")
    return found


def _run_r(rscript, body: str, tmp_path) -> str:
    script = tmp_path / "script.R"
    script.write_text(f"source({json.dumps(str(CHECKS))})\n{body}\ncat('DONE\\n')\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env.update(BOOTCAMP_PYTHON=sys.executable, BOOTCAMP_PROGRESS_DIR=str(tmp_path))
    done = subprocess.run([rscript, "--vanilla", str(script)], capture_output=True, text=True, timeout=600, cwd=ROOT,
                          env=env)
    assert done.returncode == 0 and "DONE" in done.stdout, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def test_b3_declares_its_r_exercises():
    assert [e.label for e in EXERCISES] == [f"b3-q{i}" for i in range(1, 7)]
    assert all(isinstance(e, RFunctionExercise) for e in EXERCISES)
    for exercise in EXERCISES:
        assert exercise.golden and exercise.wrong and exercise.hints, exercise.label
        assert exercise.starter.startswith(f"{exercise.name} <- function"), exercise.label
        assert exercise.reference_answer().startswith(f"{exercise.name} <- function"), exercise.label


def test_the_declarations_reach_r_as_json():
    declared = chapter_declarations("b3")
    assert sorted(declared["exercises"]) == [e.label for e in EXERCISES]
    assert ".b3_left" in declared["fixtures"]
    done = subprocess.run([sys.executable, "-m", "bootcamp.r.exercises", "b3"], capture_output=True, text=True,
                          cwd=ROOT, check=True)
    assert json.loads(done.stdout) == declared


def test_the_notebook_starters_are_the_declared_ones():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    starters = {}
    for cell in notebook.cells:
        if "solution" in cell.metadata.get("tags", []):
            q = cell.source.split('b3_solution("', 1)[1].split('"', 1)[0]
            starters[f"b3-{q}"] = cell.metadata.get("bootcamp", {}).get("starter")
    assert starters == {e.label: e.starter for e in EXERCISES}


def test_hints_one_at_a_time_and_progress_exported_for_the_cohort(rscript, tmp_path):
    out = _run_r(rscript, """
b3_hint("q1")
b3_hint("q1")
b3_hint("q1")
wrong <- function(x) toupper(x)
invisible(utils::capture.output(carried <- check_b3("q1", wrong)))
stopifnot(identical(carried, .bootcamp_solutions$clean_name))
invisible(utils::capture.output(b3_solution("q2")))
invisible(utils::capture.output(check_b3("q2", .bootcamp_solutions$clean_postcode)))
export_chapter("B3", learner = "Amira")
""", tmp_path)
    hints = [line for line in out.splitlines() if line.startswith("Hint ")]
    assert [h.split(":")[0] for h in hints] == ["Hint 1 of 2", "Hint 2 of 2", "Hint 2 of 2"]
    assert 'more: b3_hint("q1")' in hints[0] and "more:" not in hints[1]
    saved = json.loads((tmp_path / "Amira_B3.json").read_text())
    assert saved["learner"] == "Amira"
    assert saved["results"]["b3-q1"] == {"attempts": 1, "status": "incorrect", "solution_viewed": False}
    assert saved["results"]["b3-q2"] == {"attempts": 1, "status": "reference answer", "solution_viewed": True}


def test_the_r_walk_fails_on_a_bad_declaration(rscript, tmp_path):
    out = _run_r(rscript, """
b3_exercises[["b3-q1"]]$golden[[1]]$expected <- c("OBRIEN", "MARY-JANE SMITH", "ZOE", "DSOUZA")
b3_exercises[["b3-q2"]]$wrong <- c(b3_exercises[["b3-q2"]]$wrong,
                                   "clean_postcode <- function(x) .bootcamp_solutions$clean_postcode(x)  # not wrong")
for (label in c("b3-q1", "b3-q2")) for (problem in declaration_problems(label)) cat("PROBLEM", label, problem, "\\n")
""", tmp_path)
    problems = [line for line in out.splitlines() if line.startswith("PROBLEM")]
    assert any(p.startswith("PROBLEM b3-q1 golden case") for p in problems), out
    assert any(p.startswith("PROBLEM b3-q2 wrong answer accepted") for p in problems), out
