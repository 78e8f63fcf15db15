"""R exercises declared in Python, like every other exercise of the course (chapter B3).

B3 is an R notebook, but its exercises are declared in ``bootcamp/chapters/b3.py`` with the same fields as the Python
ones (label, title, hints, starter, golden cases, wrong answers), so that the cohort tools count them and one place
says what each check accepts. Everything that is R code is held as R source text:

* ``cases`` — R expressions, each evaluating to the ``list()`` of arguments of one test call;
* ``golden`` — ``(arguments, expected)`` pairs of R expressions, the expected value written out by hand;
* ``wrong`` — wrong answers as R source a learner might type, each defining the function the starter defines;
* ``fixtures`` — R code that defines the small tables the cases use (shared by a chapter's exercises).

The checker itself is R (``bootcamp/r/checks.R``): when a notebook sources it, it asks Python for these declarations
(``python -m bootcamp.r.exercises b3`` prints them as JSON) and checks the learner's functions in the R session.
From Python, :meth:`RFunctionExercise.evaluate` and :meth:`RFunctionExercise.declaration_problems` run ``Rscript``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from bootcamp.exercises import ERROR, NOT_ATTEMPTED, Exercise, Result

R_DIR = Path(__file__).resolve().parent
CHECKS = R_DIR / "checks.R"
SOLUTIONS = R_DIR / "solutions.R"
ROOT = R_DIR.parent.parent


class RNotAvailable(RuntimeError):
    """Rscript is not installed, so an R exercise cannot be checked from Python."""


@dataclass(eq=False)
class RFunctionExercise(Exercise):
    """An exercise whose answer is an R function, checked in R by ``bootcamp/r/checks.R``.

    ``name`` is the function's name (as in ``solutions.R``); ``compare`` is how answers are compared in R:
    ``"vector"`` (values in order, numbers to 1e-6, names too when the expected vector has them) or ``"pairs"``
    (a data frame of left_id, right_id compared as a set of pairs).
    """

    name: str = ""
    cases: Sequence[str] = ()
    compare: str = "vector"
    fixtures: str = ""
    language: str = "R"

    def declaration(self) -> dict:
        """This exercise as plain data, for the R checker (JSON)."""
        return {"label": self.label, "title": self.title, "name": self.name, "cases": list(self.cases),
                "golden": [list(pair) for pair in self.golden], "wrong": list(self.wrong), "hints": list(self.hints),
                "compare": self.compare, "starter": self.starter}

    def reference_answer(self) -> str:
        """The reference function's R source, from ``solutions.R`` (what a learner who copied it would hand in)."""
        return reference_source(self.name)

    def evaluate(self, answer: Any) -> Result:
        """Check ``answer`` (R source code defining the function) in R; needs ``Rscript``."""
        if answer is None or answer is ... or (isinstance(answer, str) and not answer.strip()):
            return Result(NOT_ATTEMPTED, "Write the function in the cell above, then run this check again.")
        if not isinstance(answer, str):
            return Result(ERROR, f"An R exercise's answer is R source code (a string), not {type(answer).__name__}.")
        script = (f"answer <- .answer_from_code({_r_string(answer)}, {_r_string(self.name)})\n"
                  f"r <- if (is.null(answer)) list(status = 'error', message = 'the code does not define "
                  f"{self.name}') else evaluate_answer({_r_string(self.label)}, answer)\n"
                  "cat('RESULT', jsonlite::toJSON(r, auto_unbox = TRUE), '\\n')\n")
        found = _run_r(script)
        return Result(found["status"], found["message"])

    def declaration_problems(self) -> list[str]:
        """Every way this declaration breaks the course's rules, checked in R (see ``declaration_problems`` in
        checks.R). R reads the declarations as the chapter module declares them, so the whole chapter is checked in
        one R session and the answers are kept for its other exercises."""
        chapter = self.label.split("-", 1)[0]
        if self.label not in _CHECKED.get(chapter, {}):
            _CHECKED[chapter] = declaration_problems(_r_exercises_of(chapter))
        return _CHECKED[chapter].get(self.label, [f"{self.label} is not declared in bootcamp/chapters/{chapter}.py"])


_CHECKED: dict[str, dict[str, list[str]]] = {}


def _r_exercises_of(chapter: str) -> list[RFunctionExercise]:
    import importlib

    from bootcamp.exercises import exercises_of

    module = importlib.import_module(f"bootcamp.chapters.{chapter.lower()}")
    return [e for e in exercises_of(module) if isinstance(e, RFunctionExercise)]


def declaration_problems(exercises: Sequence[RFunctionExercise]) -> dict[str, list[str]]:
    """For each exercise (by label): the problems ``checks.R``'s ``declaration_problems()`` finds, in one Rscript run.

    The rules are those of every exercise: the reference passes (handed in as a learner's copy), each golden case
    matches, the starter is "not attempted", each wrong answer is rejected with a reason and the check carries on with
    the reference, the reference itself is not counted, and an answer that stops with an error is reported as one.
    """
    labels = [exercise.label for exercise in exercises]
    script = "".join(f"cat('RESULT', {_r_string(label)}, jsonlite::toJSON(declaration_problems({_r_string(label)})), "
                     "'\\n')\n" for label in labels)
    found = _run_r(script, many=True)
    return {label: found.get(label, ["checks.R reported nothing for this exercise"]) for label in labels}


def reference_source(name: str) -> str:
    """The R source of the function ``name`` in ``solutions.R`` (from ``name <- function`` to its closing brace)."""
    lines = SOLUTIONS.read_text(encoding="utf-8").splitlines()
    for start, line in enumerate(lines):
        if re.match(rf"^{re.escape(name)}\s*<-\s*function\b", line):
            for end in range(start, len(lines)):
                if lines[end].rstrip() == "}":
                    return "\n".join(lines[start:end + 1])
    raise KeyError(f"solutions.R defines no function {name!r}")


def chapter_declarations(code: str) -> dict:
    """A chapter's R exercises and fixtures as plain data: what ``checks.R`` reads."""
    exercises = _r_exercises_of(code)
    fixtures = {e.fixtures for e in exercises if e.fixtures}
    return {"chapter": code.upper(), "fixtures": "\n".join(sorted(fixtures)),
            "exercises": {e.label: e.declaration() for e in exercises}}


# --- running R --------------------------------------------------------------------------------------------------


def _r_string(text: str) -> str:
    """An R string literal for ``text`` (JSON's escapes are R's too, for the characters we use)."""
    return json.dumps(text, ensure_ascii=False)


def _run_r(body: str, many: bool = False, timeout: int = 600) -> Any:
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise RNotAvailable("Rscript is not installed: R exercises can only be checked with R (see Setup).")
    script = f"source({_r_string(str(CHECKS))})\n{body}"
    env = {k: v for k, v in os.environ.items() if k != "LD_LIBRARY_PATH"}
    env["BOOTCAMP_PYTHON"] = sys.executable
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "check.R"
        path.write_text(script, encoding="utf-8")
        env.setdefault("BOOTCAMP_PROGRESS_DIR", folder)  # never write a learner's progress file from a test
        done = subprocess.run([rscript, "--vanilla", str(path)], capture_output=True, text=True, timeout=timeout,
                              cwd=ROOT, env=env)
    results = [line.split(" ", 1)[1] for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not results:
        raise RuntimeError(f"Rscript failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    if not many:
        return json.loads(results[-1])
    found = {}
    for line in results:
        label, payload = line.split(" ", 1)
        found[label] = json.loads(payload)
    return found


if __name__ == "__main__":  # python -m bootcamp.r.exercises b3: the declarations, as JSON, for checks.R
    from bootcamp.r import exercises as _this  # the module itself, not __main__, so isinstance sees b3's exercises

    print(json.dumps(_this.chapter_declarations(sys.argv[1] if len(sys.argv) > 1 else "b3"), ensure_ascii=False))
