"""Slides: one reveal.js deck per chapter notebook, never with a solution or an instructor note in it."""

from __future__ import annotations

import sys
import types

import nbformat
import pytest

from bootcamp import slides
from bootcamp.chapters import Chapter
from bootcamp.exercises import ValueExercise

SECRET = "SECRET_REFERENCE_ANSWER_42"
INSTRUCTOR = "INSTRUCTOR_ONLY_TIMING"


@pytest.fixture
def fake_chapter(monkeypatch):
    chapter = Chapter(code="Z9", title="Matching on the moon", part="intermediate", week=6, minutes=60,
                      notebook="book/intermediate/z9_moon.ipynb", questions=("Can we match craters?",),
                      objectives=("Block on crater names",), key_points=("Craters move slowly.",))
    module = types.ModuleType("bootcamp.chapters.z9")
    module.chapter = chapter
    module.q1 = ValueExercise(label="z9-q1", title="Count craters", reference=lambda: 3)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return chapter


def _notebook() -> nbformat.NotebookNode:
    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    solution = code("craters = q1.solution()", metadata={"tags": ["solution"]})
    solution.outputs = [nbformat.v4.new_output("display_data", data={
        "text/markdown": f"Reference answer, from `solutions.moon`:\n\n```python\n{SECRET}\n```",
        "text/plain": "<IPython.core.display.Markdown object>"})]
    check = code("craters = q1.check(craters)")
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ Correct — Count craters.\n")]
    cells = [
        md("# Z9 · Matching on the moon"),
        code("from bootcamp.chapters.z9 import chapter, q1\nchapter.header()", metadata={"tags": ["remove-input"]}),
        md("(z9-start)=\n## Craters\n\nA {term}`crater <blocking>` is a {doc}`blocking key </book/x>`."),
        code("print(1 + 1)", outputs=[nbformat.v4.new_output("stream", name="stdout", text="2\n")]),
        md(f"```{{only}} trainer\n:::{{admonition}} Instructor notes\n:class: instructor\n{INSTRUCTOR}\n:::\n```",
           metadata={"tags": ["instructor"]}),
        md("```{exercise} Count craters\n:label: z9-q1\nHow many craters are there?\n```"),
        md("```{solution-start} z9-q1\n:class: dropdown\n```"),
        solution,
        md("```{solution-end}\n```"),
        check,
        md(":::{note}\nCraters are round.\n:::"),
        code("chapter.key_points()", metadata={"tags": ["remove-input"]}),
    ]
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["bootcamp"] = {"chapter": "Z9"}
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def test_deck_has_no_solution_check_or_instructor_cell(fake_chapter):
    deck = slides.deck_notebook(_notebook())
    text = nbformat.writes(deck)
    assert SECRET not in text and INSTRUCTOR not in text
    assert "q1.solution()" not in text and "q1.check(" not in text
    assert "solution-start" not in text and "solution-end" not in text
    sources = [cell.source for cell in deck.cells]
    assert sources[0] == "# Z9 · Matching on the moon"
    assert any("Block on crater names" in s for s in sources), "the header becomes a slide"
    assert any(s.startswith("## Key points") and "Craters move slowly." in s for s in sources)
    assert any("**Exercise: Count craters**" in s and "How many craters" in s for s in sources)
    kinds = [cell.metadata["slideshow"]["slide_type"] for cell in deck.cells]
    assert kinds[0] == "slide" and all(k in ("slide", "subslide", "-") for k in kinds)
    for cell in deck.cells:
        if cell.cell_type == "markdown":
            assert cell.metadata["slideshow"]["slide_type"] in ("slide", "subslide")


def test_myst_becomes_plain_markdown():
    text = slides.plain_markdown("(a-label)=\n## Title\n\nSee {term}`pairs <pair completeness>`, {doc}`setup`, "
                                 "{math}`m/u`.\n\n:::{warning} Mind the gap\nBody **here**.\n:::")
    assert "(a-label)=" not in text and "{term}" not in text and "{doc}" not in text
    assert "See pairs, setup, $m/u$." in text
    assert "> **Mind the gap**" in text and "> Body **here**." in text


def test_write_slides_makes_one_deck_per_notebook_without_solutions(fake_chapter, tmp_path):
    first, second = tmp_path / "z9_moon.ipynb", tmp_path / "z9_moon_again.ipynb"
    nbformat.write(_notebook(), first)
    nbformat.write(_notebook(), second)
    decks = slides.write_slides(tmp_path / "slides", [first, second])
    assert sorted(d.name for d in decks) == ["z9_moon.slides.html", "z9_moon_again.slides.html"]
    html = decks[0].read_text()
    assert "reveal.js" in html and slides.CDN_REVEAL in html
    assert SECRET not in html and INSTRUCTOR not in html and "Reference answer" not in html
    assert "solution()" not in html and "check(" not in html
    assert "Craters move slowly." in html and "Block on crater names" in html
    with pytest.raises(slides.SlidesError, match="--force"):
        slides.write_slides(tmp_path / "slides", [first])
    assert len(slides.write_slides(tmp_path / "slides", [first], force=True)) == 1
    assert not (tmp_path / "slides" / "z9_moon_again.slides.html").exists()


def test_a_relative_reveal_prefix_is_used_and_explained(fake_chapter, tmp_path):
    path = tmp_path / "z9_moon.ipynb"
    nbformat.write(_notebook(), path)
    (deck,) = slides.write_slides(tmp_path / "out", [path], reveal_url_prefix="reveal.js")
    html = deck.read_text()
    assert 'href="reveal.js/dist/reveal.css"' in html and "unpkg.com/reveal.js" not in html
    assert "reveal.js 4" in (tmp_path / "out" / "README-slides.txt").read_text()


def test_missing_notebook_is_a_clear_error(tmp_path):
    with pytest.raises(slides.SlidesError, match="does not exist"):
        slides.write_slides(tmp_path / "out", [tmp_path / "nope.ipynb"])


@pytest.mark.slow
@pytest.mark.parametrize("notebook", slides.chapter_notebooks(), ids=lambda p: p.stem)
def test_every_chapter_notebook_makes_a_deck_without_solutions(notebook, tmp_path):
    original = nbformat.read(notebook, as_version=4)
    deck = slides.deck_notebook(original)
    for cell in deck.cells:
        assert "solution" not in cell.metadata.get("tags", []) and "instructor" not in cell.metadata.get("tags", [])
        assert not slides.CHECK_CALL.search(cell.source), cell.source[:80]
        for output in cell.get("outputs", []):
            assert "Reference answer, from" not in str(output.get("data", {}).get("text/markdown", ""))
    html = slides.write_deck(notebook, tmp_path).read_text()
    assert ".solution()" not in html and "Reference answer, from" not in html and "Instructor notes" not in html


def test_copy_reveal_checks_the_folder(tmp_path):
    with pytest.raises(slides.SlidesError, match="dist/reveal.js"):
        slides.copy_reveal(tmp_path / "not-reveal", tmp_path / "out")
    source = tmp_path / "reveal-4"
    (source / "dist").mkdir(parents=True)
    (source / "dist" / "reveal.js").write_text("/* reveal */")
    target = slides.copy_reveal(source, tmp_path / "out")
    assert (target / "dist" / "reveal.js").exists() and target.name == "reveal.js"
