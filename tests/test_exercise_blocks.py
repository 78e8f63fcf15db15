"""Each notebook's exercise blocks agree with their declarations: the same labels, in order, with the same titles,
imported by the header cell and checked after their prompt. An exercise has one name everywhere: its label
(``b1-q3``), shown in the book as "Exercise q3" of its chapter."""

from __future__ import annotations

import json
import re

import pytest

from bootcamp.chapters import all_chapters, module_of
from bootcamp.exercises import exercises_of
from bootcamp.paths import ROOT

FENCE = re.compile(r"```\{exercise\}\s*(?P<title>[^\n]*)\n:label:\s*(?P<label>\S+)")
CHAPTERS = [c for c in all_chapters() if c.notebook.endswith(".ipynb") and exercises_of(module_of(c.code))]


def cells(chapter):
    return json.loads((ROOT / chapter.notebook).read_text())["cells"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.code)
def test_blocks_agree_with_declarations(chapter):
    declared = exercises_of(module_of(chapter.code))
    notebook = cells(chapter)
    blocks = [(m["label"], m["title"].strip(), i) for i, c in enumerate(notebook) if c["cell_type"] == "markdown"
              for m in FENCE.finditer("".join(c["source"]))]
    assert [label for label, _, _ in blocks] == [e.label for e in declared], \
        f"{chapter.code}: the notebook's exercises {[b[0] for b in blocks]} are not the declared ones, in order"
    for (label, title, _), exercise in zip(blocks, declared):
        assert title == exercise.title, f"{label}: the notebook says {title!r}, the declaration {exercise.title!r}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c.code)
def test_header_imports_and_checks_follow_each_prompt(chapter):
    declared = exercises_of(module_of(chapter.code))
    notebook = cells(chapter)
    sources = ["".join(c["source"]) for c in notebook]
    names = [e.label.rsplit("-", 1)[1] for e in declared]
    if chapter.code == "B3":  # R: the checks are check_b3("q1", ...) after sourcing the R checker
        pattern = lambda name: rf'check_b3\(\s*"{name}"'  # noqa: E731
    else:
        header = next((s for s in sources if f"from bootcamp.chapters.{chapter.code.lower()} import" in s), "")
        imported = re.findall(r"\bq\d+\b", header)
        assert imported == names, f"{chapter.code}: the header imports {imported}, the chapter declares {names}"
        pattern = lambda name: rf"\b{name}\.check\("  # noqa: E731
    prompt_at = {m["label"]: i for i, s in enumerate(sources) for m in FENCE.finditer(s)}
    for exercise, name in zip(declared, names):
        checks = [i for i, (c, s) in enumerate(zip(notebook, sources))
                  if c["cell_type"] == "code" and re.search(pattern(name), s)]
        assert checks and checks[0] > prompt_at[exercise.label], f"{exercise.label} is not checked after its prompt"
