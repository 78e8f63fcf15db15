"""Editions from one source: student notebooks hold no solutions or instructor notes, and still run."""

import inspect
import os

import nbformat
import pytest

from bootcamp import cli
from bootcamp.editions import EditionError, student_edition, toc_notebooks, write_student_notebooks
from bootcamp.exercises import exercises_of
from bootcamp.chapters import module_of
from tests.conftest import r_kernel_available

NOTEBOOKS = toc_notebooks()


def kernel_of(notebook) -> str:
    return notebook.metadata.get("kernelspec", {}).get("name", "python3")


def fixture_notebook():
    nb = nbformat.v4.new_notebook(metadata={"bootcamp": {"chapter": "demo"}})
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Demo"),
        nbformat.v4.new_markdown_cell("```{only} trainer\nSecret timing notes\n```", metadata={"tags": ["instructor"]}),
        nbformat.v4.new_markdown_cell("```{exercise} Tidy\n:label: demo-q1\nDo it.\n```"),
        nbformat.v4.new_markdown_cell("```{solution-start} demo-q1\n:class: dropdown\n```"),
        nbformat.v4.new_code_cell("tidy = q1.solution()", metadata={"tags": ["solution", "hide-cell"]}),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```"),
        nbformat.v4.new_code_cell("tidy = q1.check(tidy)"),
    ]
    return nb


def test_student_edition_swaps_solutions_for_starters(monkeypatch):
    class Demo:
        from bootcamp.exercises import FunctionExercise

        q1 = FunctionExercise(label="demo-q1", title="Tidy", reference=str.strip, cases=[" a "],
                              starter="def tidy(name):\n    ...  # your code here")

    monkeypatch.setattr("bootcamp.editions.module_of", lambda code: Demo)
    student = student_edition(fixture_notebook())
    sources = [cell.source for cell in student.cells]
    assert "def tidy(name):\n    ...  # your code here" in sources
    assert not any("solution" in s or "Secret" in s for s in sources)
    assert sources[-1] == "tidy = q1.check(tidy)"


def test_solution_cell_that_breaks_the_convention_is_reported():
    nb = fixture_notebook()
    nb.cells[4].source = "tidy = str.strip"
    with pytest.raises(EditionError, match="qN.solution"):
        student_edition(nb)


def test_student_notebooks_refuse_a_non_empty_folder(tmp_path, capsys):
    (tmp_path / "keep.txt").write_text("mine")
    assert cli.main(["student-notebooks", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").exists()


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    written = write_student_notebooks(out, force=True)
    assert len(written) == len(NOTEBOOKS)
    return out


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebook_has_no_solution_code(path, student_dir):
    source = nbformat.read(path, as_version=4)
    student = nbformat.read(student_dir / path.relative_to(path.parents[1]), as_version=4)
    text = "\n".join(cell.source for cell in student.cells)
    assert ".solution()" not in text and "b3_solution(" not in text
    assert "{only} trainer" not in text and "solution-start" not in text
    assert all(not cell.get("outputs") for cell in student.cells if cell.cell_type == "code")
    chapter = source.metadata.get("bootcamp", {}).get("chapter")
    if chapter and kernel_of(source) == "python3":
        for exercise in exercises_of(module_of(chapter)):
            for line in reference_lines(exercise):
                assert line not in text, f"{path.name}: the student edition shows {exercise.label}'s reference: {line!r}"


def reference_lines(exercise) -> list[str]:
    """The distinctive lines of an exercise's reference function (its body, not its signature)."""
    try:
        source = inspect.getsource(exercise.reference)
    except (OSError, TypeError):
        return []
    body = source.splitlines()[1:]
    return [line.strip() for line in body if len(line.strip()) >= 30 and not line.strip().startswith(("#", '"', "'"))]


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_notebook_runs_top_to_bottom(path, student_dir):
    from nbclient import NotebookClient

    target = student_dir / path.relative_to(path.parents[1])
    notebook = nbformat.read(target, as_version=4)
    if kernel_of(notebook) == "ir" and not r_kernel_available() and not os.environ.get("CI"):
        pytest.skip("no R kernel here (CI requires it)")
    NotebookClient(notebook, timeout=180, resources={"metadata": {"path": str(target.parent)}}).execute()
