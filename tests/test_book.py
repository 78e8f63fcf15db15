"""The book: every notebook is in the table of contents, figures have alt text, the build has no warnings, and
the trainer edition shows instructor notes that the learner edition hides."""

import re
import zipfile
from pathlib import Path

import nbformat
import pytest

from bootcamp.chapters import all_chapters, module_of
from bootcamp.editions import toc_notebooks
from bootcamp.paths import BOOK, ROOT

TOC_FILES = re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text())
NOTEBOOKS = sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)  # JupyterLab leaves copies


def toc_path(path: Path) -> str:
    return str(path.relative_to(ROOT).with_suffix(""))


def test_every_notebook_is_in_the_toc():
    missing = [toc_path(p) for p in NOTEBOOKS if toc_path(p) not in TOC_FILES and ".ipynb_checkpoints" not in p.parts]
    assert not missing, f"not in _toc.yml: {missing}"


def test_every_toc_entry_exists():
    root = re.search(r"root:\s*(\S+)", (ROOT / "_toc.yml").read_text()).group(1)
    missing = [f for f in [root, *TOC_FILES]
               if not any((ROOT / f"{f}{ext}").exists() for ext in (".md", ".ipynb"))]
    assert not missing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_has_alt_text(path):
    notebook = nbformat.read(path, as_version=4)
    for i, cell in enumerate(notebook.cells):
        draws = any("image/png" in out.get("data", {}) or "image/svg+xml" in out.get("data", {})
                    for out in cell.get("outputs", []))
        if draws:
            alt = cell.metadata.get("mystnb", {}).get("image", {}).get("alt", "")
            assert len(alt.strip()) >= 15, f"{path.name} cell {i} draws a figure without meaningful alt text"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_chapter_notebooks_name_their_chapter(path):
    notebook = nbformat.read(path, as_version=4)
    code = notebook.metadata.get("bootcamp", {}).get("chapter")
    if code is None:
        pytest.skip("not a chapter notebook")
    chapter = module_of(code).chapter
    assert chapter.notebook == str(path.relative_to(ROOT)), "the chapter module's notebook path is out of date"


def test_every_chapter_module_points_at_a_toc_notebook():
    for chapter in all_chapters():
        assert str(Path(chapter.notebook).with_suffix("")) in TOC_FILES, chapter.code


@pytest.mark.slow
def test_book_builds_without_warnings_and_offers_student_notebooks(built_site):
    assert (built_site / "index.html").exists() and (built_site / "book" / "intro.html").exists()
    with zipfile.ZipFile(built_site / "student-notebooks.zip") as archive:
        names = archive.namelist()
    assert len([n for n in names if n.endswith(".ipynb")]) == len(toc_notebooks())


@pytest.mark.slow
def test_trainer_edition_shows_instructor_notes_learner_edition_hides(built_site, built_trainer_site):
    learner, trainer = built_site, built_trainer_site

    def notes(site):  # instructor-note boxes per page
        return {page.relative_to(site): len(re.findall(r'class="[^"]*\binstructor\b', page.read_text(errors="ignore")))
                for page in site.rglob("*.html")}

    trainer_notes, learner_notes = notes(trainer), notes(learner)
    assert sum(learner_notes.values()) == 0
    chapters_with_notes = [page for page, n in trainer_notes.items() if n]
    assert len(chapters_with_notes) >= 5, chapters_with_notes


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_chapter_has_instructor_notes_for_the_trainer_edition(path):
    notebook = nbformat.read(path, as_version=4)
    if notebook.metadata.get("bootcamp", {}).get("chapter") is None:
        pytest.skip("not a chapter notebook")
    notes = [c for c in notebook.cells if "instructor" in c.metadata.get("tags", [])]
    assert notes, f"{path.name} has no instructor notes"
    assert all("{only} trainer" in c.source for c in notes), "instructor notes must sit in an {only} trainer block"
