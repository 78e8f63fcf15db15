"""The R chapter's exercise checker (bootcamp/r/checks.R): every exercise accepts its reference answer from
bootcamp/r/solutions.R, rejects realistic wrong answers with a message, reports the notebook's starters as not
attempted, and carries on with the reference answer.

Runs Rscript once for the whole module. Skipped when Rscript is missing, except in CI (env var CI set), where the R
chapter is required and a missing R is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "bootcamp" / "r" / "checks.R"
NOTEBOOK = ROOT / "book" / "beginner" / "b3_linkage_r.ipynb"

# Realistic wrong answers, as R code: the mistakes learners really make. At least one per exercise.
WRONG = {
    "b3-q1": [
        "function(x) toupper(trimws(x))",  # apostrophes, hyphens and double spaces kept
        "function(x) stringr::str_squish(stringr::str_remove_all(toupper(x), '[^A-Z ]'))",  # drops the ë of Zoë
        "function(x) stringr::str_squish(stringr::str_remove_all(stringr::str_to_upper(x), '[^\\\\p{L} ]'))",  # MARYJANE
        "function(x) stringr::str_squish(stringr::str_remove_all(stringr::str_replace_all(stringr::str_to_upper(x), "
        "'-', ' '), '[^\\\\p{L} ]'))",  # "" instead of NA
    ],
    "b3-q2": [
        "function(x) stringr::str_squish(toupper(x))",  # TB47QX stays without its space
        "function(x) { x <- toupper(gsub(' ', '', x)); paste(substr(x, 1, 3), substr(x, 4, 10)) }",  # SW1 A1AA
        "function(x) { x <- toupper(gsub('[^A-Za-z0-9]', '', x)); "
        "paste(substr(x, 1, nchar(x) - 3), substr(x, nchar(x) - 2, nchar(x))) }",  # no validation: NA becomes 'N NA'
    ],
    "b3-q3": [
        # NA postcodes pair with each other: dplyr's default na_matches = "na"
        "function(left, right) dplyr::inner_join(dplyr::select(left, left_id = record_id, postcode), "
        "dplyr::select(right, right_id = record_id, postcode), by = 'postcode')[c('left_id', 'right_id')]",
        # a left join keeps records with no partner, with right_id NA
        "function(left, right) dplyr::left_join(dplyr::select(left, left_id = record_id, postcode), "
        "dplyr::select(right, right_id = record_id, postcode), by = 'postcode', na_matches = 'never')"
        "[c('left_id', 'right_id')]",
        # the join is right but the columns keep their source names
        "function(left, right) dplyr::inner_join(left, right, by = 'postcode', na_matches = 'never')"
        "[c('record_id.x', 'record_id.y')]",
        # every pair: no blocking at all
        "function(left, right) expand.grid(left_id = left$record_id, right_id = right$record_id, "
        "stringsAsFactors = FALSE)",
    ],
    "b3-q4": [
        "function(a, b) stringdist::stringsim(a, b, method = 'jw')",  # plain Jaro: p defaults to 0
        "function(a, b) stringdist::stringdist(a, b, method = 'jw', p = 0.1)",  # a distance, not a similarity
        "function(a, b) stringdist::stringsim(a, b, method = 'jw', p = 0.1)",  # NA kept
        "function(a, b) stringdist::stringsim(a, b, method = 'osa')",  # the wrong measure
    ],
    "b3-q5": [
        "function(comparisons, weights) as.vector(as.matrix(comparisons) %*% weights) / sum(weights)",  # by position
        "function(comparisons, weights) rowMeans(comparisons)",  # weights ignored
        "function(comparisons, weights) as.vector(as.matrix(comparisons[names(weights)]) %*% weights)",  # not scaled
    ],
    "b3-q6": [
        # duplicates counted twice
        "function(predicted, truth) { tp <- sum(paste(predicted$left_id, predicted$right_id) %in% "
        "paste(truth$left_id, truth$right_id)); p <- tp / nrow(predicted); r <- tp / nrow(truth); "
        "c(precision = p, recall = r, f1 = 2 * p * r / (p + r)) }",
        # precision and recall swapped
        "function(predicted, truth) { m <- .bootcamp_solutions$link_metrics(predicted, truth); "
        "c(precision = m[['recall']], recall = m[['precision']], f1 = m[['f1']]) }",
        # F1 as the plain mean
        "function(predicted, truth) { m <- .bootcamp_solutions$link_metrics(predicted, truth); "
        "c(precision = m[['precision']], recall = m[['recall']], f1 = (m[['precision']] + m[['recall']]) / 2) }",
        # unnamed result
        "function(predicted, truth) unname(.bootcamp_solutions$link_metrics(predicted, truth))",
    ],
}

def _rscript() -> str | None:
    return shutil.which("Rscript")


def _notebook_starters() -> dict[str, str]:
    """label -> starter code of each solution cell in the notebook (the student edition's stub)."""
    if not NOTEBOOK.exists():
        return {}
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    starters = {}
    for cell in notebook.cells:
        if "solution" in cell.metadata.get("tags", []):
            starter = cell.metadata.get("bootcamp", {}).get("starter")
            q = cell.source.split('b3_solution("', 1)[1].split('"', 1)[0]
            starters[f"b3-{q}"] = starter
    return starters


def _r_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid R string literal for our code (no unicode escapes needed)


def _harness(starters: dict[str, str]) -> str:
    lines = [
        f"source({_r_string(str(CHECKS))})",
        "report <- function(kind, label, i, status, message, carried_reference = NA) {",
        "  cat(sprintf('RESULT\\t%s\\t%s\\t%s\\t%s\\t%s\\n', kind, label, i, status,",
        "              gsub('[\\t\\n]', ' ', message)))",
        "}",
        "for (label in names(b3_exercises)) {",
        "  ref <- get(b3_exercises[[label]]$name, envir = .bootcamp_solutions)",
        "  r <- evaluate_answer(label, ref)",
        "  report('reference', label, 0, r$status, r$message)",
        "  r <- evaluate_answer(label, NULL)",
        "  report('null', label, 0, r$status, r$message)",
        "}",
    ]
    for label, answers in WRONG.items():
        for i, code in enumerate(answers):
            lines += [
                f"wrong <- {code}",
                f"r <- evaluate_answer({_r_string(label)}, wrong)",
                f"report('wrong', {_r_string(label)}, {i}, r$status, r$message)",
                f"out <- utils::capture.output(carried <- check_answer({_r_string(label)}, wrong))",
                f"ref <- get(b3_exercises[[{_r_string(label)}]]$name, envir = .bootcamp_solutions)",
                f"report('carried', {_r_string(label)}, {i}, identical(carried, ref) && any(grepl('reference answer', out)), '')",
            ]
    for label, starter in starters.items():
        lines += [
            "local({",
            starter or "NULL",
            "  answer <- get(ls(environment())[1])",
            f"  r <- evaluate_answer({_r_string(label)}, answer)",
            f"  report('starter', {_r_string(label)}, 0, r$status, r$message)",
            "})",
        ]
    lines.append("cat('DONE\\n')")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    rscript = _rscript()
    if rscript is None:
        if os.environ.get("CI"):
            pytest.fail("Rscript is missing, but the R chapter is required in CI (install r-base-core).")
        pytest.skip("Rscript is not installed")
    script = tmp_path_factory.mktemp("r") / "harness.R"
    script.write_text(_harness(_notebook_starters()), encoding="utf-8")
    completed = subprocess.run([rscript, "--vanilla", str(script)], capture_output=True, text=True, timeout=300,
                               cwd=ROOT)
    assert completed.returncode == 0 and "DONE" in completed.stdout, completed.stdout[-3000:] + completed.stderr[-3000:]
    found: dict[tuple, tuple] = {}
    for line in completed.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, kind, label, i, status, message = (line.split("\t") + [""])[:6]
            found[(kind, label, int(i))] = (status, message)
    return found


def _labels(results) -> list[str]:
    return sorted({label for (kind, label, _) in results if kind == "reference"})


def test_every_exercise_has_wrong_answers(results):
    labels = _labels(results)
    assert len(labels) >= 5, labels
    assert set(labels) == set(WRONG), "every R exercise needs prepared wrong answers, and only those"


def test_reference_answers_pass(results):
    for label in _labels(results):
        status, message = results[("reference", label, 0)]
        assert status == "correct", f"{label}: {message}"


def test_missing_answer_is_not_attempted(results):
    for label in _labels(results):
        assert results[("null", label, 0)][0] == "not attempted", label


def test_wrong_answers_rejected_with_a_reason(results):
    for label, answers in WRONG.items():
        for i, code in enumerate(answers):
            status, message = results[("wrong", label, i)]
            assert status != "correct", f"{label} accepted a wrong answer: {code}"
            assert message.strip(), f"{label} rejected {code} without saying why"
            if status == "incorrect":
                assert "On input:" in message and "expected:" in message and "got:" in message, message


def test_wrong_answers_carry_on_with_the_reference(results):
    for label, answers in WRONG.items():
        for i in range(len(answers)):
            assert results[("carried", label, i)][0] == "TRUE", f"{label}: wrong answer {i} did not hand back the reference"


def test_notebook_starters_are_not_attempted(results):
    starters = _notebook_starters()
    if not starters:
        pytest.skip("the B3 notebook is not there yet")
    assert set(starters) == set(_labels(results)), "every R exercise needs a solution cell with a starter in the notebook"
    for label in starters:
        status, message = results[("starter", label, 0)]
        assert status == "not attempted", f"{label}'s starter is reported as {status}: {message}"
