"""The course-at-a-glance pages are written at build time from the chapter modules (no stored notebook outputs)."""

from __future__ import annotations

from bootcamp.chapters import all_chapters
from bootcamp.outline import outcomes
from bootcamp.paths import ROOT


def _build(tmp_path, page: str, warnings=None) -> str:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text("extensions = ['myst_parser', 'bootcamp.outline_directive']\n"
                                 "myst_enable_extensions = ['colon_fence']\nsuppress_warnings = ['myst.xref_missing']\n")
    (src / "index.md").write_text(page)
    app = Sphinx(str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None,
                 warning=warnings, freshenv=True)
    app.build()
    return (tmp_path / "out" / "index.html").read_text()


def test_the_outcomes_map_is_built_from_every_chapter(tmp_path):
    html = _build(tmp_path, "# Outcomes\n\n```{course-outline} outcomes\n```\n")
    for chapter in all_chapters():
        if chapter.week is not None:
            assert chapter.title.split("·")[-1].strip()[:20] in html, chapter.code
    labels = outcomes()["exercises"].str.split(", ").explode().dropna()
    assert any(label and label in html for label in labels)


def test_an_unknown_part_is_an_error(tmp_path):
    import io

    warnings = io.StringIO()  # the book is built with warnings as errors, so this stops the build
    _build(tmp_path, "```{course-outline} everything\n```\n", warnings)
    assert "course-outline takes one of summary, plan, hours, outcomes" in warnings.getvalue()


def test_the_pages_use_the_directive_not_stored_outputs():
    for page in ("book/start/outcomes.md", "book/teaching/t1_at_a_glance.md"):
        assert "```{course-outline}" in (ROOT / page).read_text()
    assert not (ROOT / "book/start/outcomes.ipynb").exists()
