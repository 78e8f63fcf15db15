"""Slides: one reveal.js deck per chapter notebook, never with a solution in it; instructor notes only as speaker
notes in trainer decks; everything a deck loads copied beside it, so that it works with no network (a Chromium test
opens decks with every request beyond file:// blocked and counts their slides)."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

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
    assert 'src="vendor/requirejs/require.js"' in html and '"vendor/reveal.js/dist/reveal.js"' in html
    assert slides.CDN_REVEAL not in html and "unpkg.com" not in html and "cdnjs" not in html
    assert "aside class=\"notes\"" not in html, "a learner deck has no speaker notes"
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
    vendor = tmp_path / "out" / "vendor"
    assert not (vendor / "reveal.js").exists() and (vendor / "jquery").is_dir()


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
        if cell.cell_type == "code":  # prose may name q1.hint(); no cell may run a check or show a solution
            assert not slides.CHECK_CALL.search(cell.source), cell.source[:80]
        for output in cell.get("outputs", []):
            assert "Reference answer, from" not in str(output.get("data", {}).get("text/markdown", ""))
    html = slides.write_deck(notebook, tmp_path).read_text()
    # Prose may mention q1.solution() (B0 teaches it); no code cell in a deck calls it, and no answer is shown.
    assert not re.search(r'<span class="n">(solution|check)</span><span class="p">\(', html)
    assert "Reference answer, from" not in html and "Instructor notes" not in html
    assert "No description has been provided for this image" not in html, "a figure lost its alt text in the deck"


def test_copy_reveal_checks_the_folder(tmp_path):
    with pytest.raises(slides.SlidesError, match="dist/reveal.js"):
        slides.copy_reveal(tmp_path / "not-reveal", tmp_path / "out")
    source = tmp_path / "reveal-4"
    (source / "dist").mkdir(parents=True)
    (source / "dist" / "reveal.js").write_text("/* reveal */")
    target = slides.copy_reveal(source, tmp_path / "out")
    assert (target / "dist" / "reveal.js").exists() and target.name == "reveal.js"


# --- speaker notes, the welcome deck, everything offline --------------------------------------------------------------

REMOTE = re.compile(r'<(?:script|img|iframe|link)\b[^>]*\b(?:src|href)="((?:https?:)?//[^"]+)"')


def test_trainer_decks_carry_instructor_notes_as_speaker_notes(fake_chapter):
    deck = slides.deck_notebook(_notebook(), edition="trainer")
    notes = [c for c in deck.cells if c.metadata["slideshow"]["slide_type"] == "notes"]
    assert len(notes) == 1 and notes[0].source == INSTRUCTOR
    text = nbformat.writes(deck)
    assert SECRET not in text and "q1.solution()" not in text and "{only}" not in text
    learner = slides.deck_notebook(_notebook())
    assert not any(c.metadata["slideshow"]["slide_type"] == "notes" for c in learner.cells)
    assert INSTRUCTOR not in nbformat.writes(learner)
    with pytest.raises(slides.SlidesError, match="edition"):
        slides.deck_notebook(_notebook(), edition="mentor")


def test_speaker_notes_keep_the_text_and_drop_the_wrappers():
    source = ("```{only} trainer\n:::{admonition} Instructor notes\n:class: instructor\n**Timing:** 15 min. "
              "**Demo live:** see {term}`blocking`.\n:::\n```")
    assert slides.speaker_notes(source) == "**Timing:** 15 min. **Demo live:** see blocking."


def test_trainer_deck_html_has_reveal_notes_and_every_script_beside_it(fake_chapter, tmp_path):
    path = tmp_path / "z9_moon.ipynb"
    nbformat.write(_notebook(), path)
    (deck,) = slides.write_slides(tmp_path / "out", [path], edition="trainer")
    html = deck.read_text()
    assert html.count('<aside class="notes">') == 1 and INSTRUCTOR in html and SECRET not in html
    assert "plugin/notes/notes.js" in html and "press S" in html
    assert not REMOTE.findall(html), REMOTE.findall(html)
    vendor = tmp_path / "out" / "vendor"
    for name in ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.css", "reveal.js/dist/theme/white.css",
                 "reveal.js/plugin/notes/notes.js", "reveal.js/LICENSE-reveal.js.txt", "requirejs/require.js",
                 "requirejs/LICENSE-requirejs.txt", "jquery/jquery.min.js", "jquery/LICENSE-jquery.txt",
                 "mathjax/tex-mml-chtml.js", "mathjax/LICENSE-mathjax.txt", "vega/bootcamp-vega.js",
                 "vega/LICENSE-vega.txt"):
        assert (vendor / name).is_file(), name
    for local in re.findall(r'(?:src|href)="(vendor/[^"?#]+)"', html):
        assert (tmp_path / "out" / local).is_file(), local


def test_the_vendored_scripts_load_nothing_remote():
    """The copies themselves fetch nothing from elsewhere (the theme's fonts are local, no @import of a web font)."""
    for path in slides.SLIDES_VENDOR.rglob("*.css"):
        assert not re.search(r"@import\s+url\((?:['\"])?(?:https?:)?//", path.read_text()), path


def test_welcome_deck_counts_thamesbury_and_lists_every_chapter(tmp_path):
    from bootcamp import load
    from bootcamp.chapters import all_chapters

    learner = slides.welcome_notebook()
    text = "\n".join(c.source for c in learner.cells)
    assert text.startswith("# Welcome to the Data Matching Bootcamp")
    assert f"{len(load('gazetteer')):,}" in text and f"| council tax | {len(load('council_tax')):,} |" in text
    for chapter in all_chapters():
        assert f"{chapter.code} {chapter.title}" in text
    assert all(c.metadata["slideshow"]["slide_type"] == "slide" for c in learner.cells)
    trainer = slides.welcome_notebook("trainer")
    notes = [c for c in trainer.cells if c.metadata["slideshow"]["slide_type"] == "notes"]
    assert len(notes) == len(learner.cells)
    deck = slides.write_welcome_deck(tmp_path, "trainer")
    assert deck.name == "00_welcome.slides.html" and deck.read_text().count('<aside class="notes">') == len(notes)


# --- in a browser, with the network blocked -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def offline_decks(tmp_path_factory):
    """The welcome deck and the I3 deck (charts, maths), as a trainer would make them."""
    out = tmp_path_factory.mktemp("decks")
    i3 = next(p for p in slides.chapter_notebooks() if p.name.startswith("i3_"))
    return slides.write_slides(out, [i3], edition="trainer", welcome=True)


def _open_offline(deck: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.site_browser import CHROMIUM_ARGS, require_browser

    report = {"requests": [], "blocked": [], "errors": []}
    with sync_playwright() as p:
        # No name resolves, and any request that is not file:// is refused: the room has no network.
        browser = p.chromium.launch(executable_path=require_browser(),
                                    args=CHROMIUM_ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND"])
        context = browser.new_context(viewport={"width": 1280, "height": 800}, service_workers="block")
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else (report["blocked"].append(route.request.url), route.abort()))
        page = context.new_page()
        page.on("request", lambda r: report["requests"].append(r.url))
        page.on("console", lambda m: report["errors"].append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: report["errors"].append(str(e)))
        page.on("requestfailed", lambda r: report["errors"].append(f"{r.url} ({r.failure})"))
        page.goto(deck.resolve().as_uri(), wait_until="load")
        try:
            page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)
        except Exception:
            report["ready"] = False
        else:
            report["ready"] = True
            page.wait_for_timeout(500)
            report.update(page.evaluate("""() => ({
                slides: Reveal.getTotalSlides(),
                shown: document.querySelectorAll('.reveal .slides section.present').length,
                notes: document.querySelectorAll('.reveal aside.notes').length,
                charts: document.querySelectorAll('.bootcamp-chart').length,
                drawn: [...document.querySelectorAll('.bootcamp-chart')].filter(c => c.querySelector('svg')).length,
                longScroll: document.documentElement.scrollHeight > 2 * window.innerHeight})"""))
            page.keyboard.press("ArrowRight")
            page.wait_for_timeout(300)
            report["after_key"] = page.evaluate("() => Reveal.getIndices()")
        browser.close()
    return report


@pytest.mark.slow
def test_decks_show_as_slides_with_the_network_blocked(offline_decks):
    for deck in offline_decks:
        report = _open_offline(deck)
        name = deck.name
        assert report["ready"], f"{name}: reveal.js did not start offline: {report['errors']}"
        assert not report["blocked"], f"{name} tried the network: {report['blocked']}"
        assert all(u.startswith(("file:", "data:")) for u in report["requests"]), report["requests"]
        assert not report["errors"], f"{name}: {report['errors']}"
        assert report["slides"] > 1 and not report["longScroll"], f"{name}: one long scroll, not slides: {report}"
        assert report["after_key"]["h"] + report["after_key"]["v"] >= 1, "the arrow key did not move on"
        assert report["notes"] >= 1, f"{name}: a trainer deck without speaker notes"
        if name.startswith("i3_"):
            assert report["charts"] >= 1 and report["drawn"] == report["charts"], report
