"""Editions from one source: student notebooks hold no solutions or instructor notes, and still run."""

import inspect
import os
import re

import nbformat
import pytest

from bootcamp import cli
from bootcamp.editions import (EditionError, prose_markdown, student_edition, toc_notebooks,
                               write_student_notebooks)
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
    assert "### Exercise demo-q1 · Tidy\n\nDo it." in sources


def test_myst_blocks_become_prose_that_keeps_titles():
    text = prose_markdown("(b1-start)=\n## Names\n\nSee {term}`pairs <pair completeness>` and "
                          "{doc}`setup </book/start/setup>`.\n\n```{exercise} Tidy a name\n:label: b1-q3\n"
                          "Write `clean_name`.\n\n:::{tip}\nStrip first.\n:::\n```"
                          "\n\n:::{warning} Synthetic responses\nMade up.\n:::\n\n```{only} trainer\nSecret\n```")
    assert text.startswith("## Names\n\nSee pairs and setup.")
    assert "### Exercise q3 · Tidy a name\n\nWrite `clean_name`." in text
    assert "> **Tip**\n>\n> Strip first." in text and "> **Synthetic responses**\n>\n> Made up." in text
    for markup in ("{exercise}", ":::", ":label:", "{term}", "{doc}", "(b1-start)=", "Secret", "```"):
        assert markup not in text, markup


def _markdown_cells_as_html(cells) -> str:
    from nbconvert import HTMLExporter

    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(c.source) for c in cells])
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(notebook)
    return html


def test_a_student_exercise_renders_as_prose_with_its_title(student_dir):
    """nbconvert (as Jupyter renders markdown): the exercise's number and title are a heading, with no MyST markup."""
    import html as html_lib
    import re

    from bootcamp.chapters import b1

    path = next(p for p in NOTEBOOKS if p.name.startswith("b1_"))
    student = nbformat.read(student_dir / path.relative_to(path.parents[1]), as_version=4)
    cells = [c for c in student.cells if c.cell_type == "markdown" and "Exercise q1" in c.source]
    assert cells, "the student B1 has no 'Exercise q1' cell"
    page = _markdown_cells_as_html(cells)
    body = page[page.index("<body"):]
    headings = [html_lib.unescape(re.sub(r"<[^>]+>", "", h)).replace("¶", "").strip()
                for h in re.findall(r"<h3[^>]*>(.*?)</h3>", body, re.DOTALL)]
    assert f"Exercise q1 · {b1.q1.title}" in headings, headings
    for markup in ("{exercise}", ":::", ":label:", "{solution", "{term}", "{doc}"):
        assert markup not in body, markup


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_student_markdown_has_no_myst_markup(path, student_dir):
    student = nbformat.read(student_dir / path.relative_to(path.parents[1]), as_version=4)
    source = nbformat.read(path, as_version=4)
    for cell in student.cells:
        if cell.cell_type == "markdown":
            for markup in ("{exercise}", ":::{", "```{", ":label:", "{term}`", "{doc}`", "{ref}`"):
                assert markup not in cell.source, f"{path.name}: {markup} in {cell.source[:120]!r}"
    exercises = sum(c.source.count("```{exercise}") for c in source.cells if c.cell_type == "markdown")
    titled = sum(len(re.findall(r"^### Exercise ", c.source, re.MULTILINE)) for c in student.cells
                 if c.cell_type == "markdown")
    assert titled == exercises, f"{path.name}: {exercises} exercises but {titled} exercise headings"


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


# --- the trainer edition: a banner, and a page of instructor notes per chapter; none of it in the learner build ------

def _instructor_cells(path) -> int:
    notebook = nbformat.read(path, as_version=4)
    return sum("instructor" in c.metadata.get("tags", []) for c in notebook.cells)


def _chapter_notebooks_with_notes() -> list:
    return [p for p in NOTEBOOKS if nbformat.read(p, as_version=4).metadata.get("bootcamp", {}).get("chapter")
            and _instructor_cells(p)]


@pytest.mark.slow
def test_trainer_edition_has_a_banner_and_a_notes_page_per_chapter(built_trainer_site):
    from bootcamp.paths import ROOT

    site = built_trainer_site
    for page in ("index.html", "book/intro.html", "book/beginner/b1_cleaning.html"):
        if (site / page).exists():
            text = (site / page).read_text()
            if "http-equiv" in text:
                continue  # the root redirect
            assert "bd-header-announcement" in text and "Trainer edition" in text, page
            assert re.search(r'href="[^"]*instructor-notes\.html">All instructor notes', text), page
    index = (site / "instructor-notes.html").read_text()
    chapters = _chapter_notebooks_with_notes()
    assert len(chapters) >= 10
    for path in chapters:
        docname = path.relative_to(ROOT).with_suffix("").as_posix()
        notes_page = site / f"{docname}-instructor-notes.html"
        assert notes_page.exists(), notes_page
        text = notes_page.read_text()
        boxes = len(re.findall(r'<div class="[^"]*\binstructor\b[^"]*"', text))
        expected = _instructor_cells(path)
        assert boxes == expected, f"{notes_page.name}: {boxes} notes, the notebook has {expected}"
        assert "Timing:" in text and "timings sum to" in text
        assert f'{path.stem}-instructor-notes.html' in index, f"the notes index does not list {path.stem}"
        chapter_page = (site / f"{docname}.html").read_text()
        assert f'href="{path.stem}-instructor-notes.html"' in chapter_page, f"{docname} does not link to its notes page"


@pytest.mark.slow
def test_learner_edition_has_no_trainer_banner_or_notes_pages(built_site):
    assert not (built_site / "instructor-notes.html").exists()
    assert not list(built_site.rglob("*-instructor-notes.html"))
    for page in built_site.rglob("*.html"):
        text = page.read_text(errors="ignore")
        assert "Trainer edition" not in text and "bootcamp-notes-link" not in text, page
