"""Slides from the chapter notebooks: one reveal.js deck per chapter, made with nbconvert's slides exporter.

    python -m bootcamp slides OUT [--reveal-prefix PREFIX] [--force]

What goes into a deck:

* the chapter's title and its header (questions, objectives, time) as the opening slides;
* every markdown cell as a slide: ``#`` and ``##`` headings start a new slide, other markdown cells a vertical
  sub-slide; code cells and their outputs stay on the slide before them;
* exercises as "Exercise" slides with the task only; the check cells, the solutions, the solution fences and the
  instructor notes are left out, so a deck never shows an answer;
* the key points as the last slide.

MyST syntax that reveal.js cannot render (directives such as ``{exercise}`` or ``{note}``, roles such as
``{term}`` and ``{doc}``, targets such as ``(label)=``) is turned into plain Markdown.

Where reveal.js comes from: nbconvert cannot embed reveal.js in the deck. Its template loads reveal.js (and
require.js and jQuery) by URL. By default the URL is a public CDN, so the deck needs a network connection when it is
shown. For a room without one, pass ``reveal_url_prefix="reveal.js"`` (``--reveal-prefix reveal.js``) and put a copy
of reveal.js 4 (its ``dist/`` and ``plugin/`` folders) in a folder called ``reveal.js`` beside the decks.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat

from bootcamp.chapters import Chapter, all_chapters, module_of
from bootcamp.paths import ROOT

CDN_REVEAL = "https://unpkg.com/reveal.js@4.0.2"
DROP_TAGS = {"instructor", "solution", "remove-cell", "starter"}
CHECK_CALL = re.compile(r"\bq\d+\.(check|solution|hint)\(")
FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>[^\n]*)\n(?P<body>.*?)^(?P=fence)[ \t]*$",
                   re.MULTILINE | re.DOTALL)
OPTION = re.compile(r"^:[\w-]+:[^\n]*\n", re.MULTILINE)
ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<text>[^`]*)`")
TARGET = re.compile(r"^\([\w.:-]+\)=[ \t]*\n", re.MULTILINE)


class SlidesError(ValueError):
    pass


# --- from MyST to the Markdown reveal.js renders -------------------------------------------------------------------


def _role(match: re.Match) -> str:
    role, text = match.group("role"), match.group("text")
    if role in ("math", "eq"):
        return f"${text}$" if role == "math" else text
    shown = re.sub(r"\s*<[^>]*>$", "", text)  # {term}`pairs <pair completeness>` shows "pairs"
    return f"`{shown}`" if role in ("code", "kbd", "file") else shown


def plain_markdown(text: str) -> str:
    """MyST Markdown made plain: directives become bold-titled blocks, roles become their text, targets go."""

    def directive(match: re.Match) -> str:
        name, arg = match.group("name"), match.group("arg").strip()
        body = OPTION.sub("", plain_markdown(match.group("body"))).strip()
        if name in ("solution-start", "solution-end", "only", "glossary"):
            return ""
        if name in ("code-cell", "code-block", "code"):
            return f"```{arg}\n{body}\n```"
        if name == "math":
            return f"$$\n{body}\n$$"
        title = "Exercise" + (f": {arg}" if arg else "") if name == "exercise" else (arg or name.capitalize())
        quoted = "\n".join(f"> {line}" if line else ">" for line in body.splitlines())
        return f"> **{title}**\n>\n{quoted}" if body else f"**{title}**"

    text = TARGET.sub("", text)
    previous = None
    while previous != text:  # nested directives: innermost first, until nothing changes
        previous, text = text, FENCE.sub(directive, text)
    return ROLE.sub(_role, text).strip()


# --- building a deck ------------------------------------------------------------------------------------------------


def _chapter_of(notebook) -> Chapter | None:
    code = notebook.metadata.get("bootcamp", {}).get("chapter")
    if not code:
        return None
    try:
        return getattr(module_of(code), "chapter", None)
    except ImportError:
        return None


def _key_points(chapter: Chapter) -> str:
    return "\n".join(f"- {point}" for point in tuple(chapter.key_points))


def _slide(cell, kind: str):
    cell.metadata["slideshow"] = {"slide_type": kind}
    return cell


def deck_notebook(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy of a chapter notebook arranged as slides, without solutions, checks or instructor notes."""
    deck = nbformat.from_dict(notebook)
    chapter = _chapter_of(deck)
    cells = []
    for cell in deck.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = cell.source
        if tags & DROP_TAGS or "{only} trainer" in source:
            continue
        if cell.cell_type == "markdown":
            if re.search(r"\{solution-(start|end)\}", source):
                continue
            text = plain_markdown(source)
            if not text:
                continue
            cell.source = text
            heading = re.match(r"#{1,2} ", text)
            cells.append(_slide(cell, "slide" if heading or not cells else "subslide"))
        elif cell.cell_type == "code":
            if CHECK_CALL.search(source):
                continue  # exercise checks and hints: learners run them in their own notebook
            if chapter and "chapter.header()" in source:
                cells.append(_slide(nbformat.v4.new_markdown_cell(
                    f"## {chapter.code} at a glance\n\n{chapter.header_markdown()}"), "subslide"))
                continue
            if chapter and "chapter.key_points()" in source:
                cells.append(_slide(nbformat.v4.new_markdown_cell(
                    f"## Key points\n\n{_key_points(chapter)}"), "slide"))
                continue
            if "remove-input" in tags:
                cell.metadata.setdefault("jupyter", {})["source_hidden"] = True
                cell.metadata["transient"] = {"remove_source": True}
            cells.append(_slide(cell, "-"))
        # raw cells are left out
    deck.cells = cells
    return deck


def _exporter(reveal_url_prefix: str):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.reveal_url_prefix = reveal_url_prefix
    config.SlidesExporter.reveal_scroll = True
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.embed_images = True
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return SlidesExporter(config=config)


def write_deck(notebook_path: str | Path, out_dir: str | Path, reveal_url_prefix: str = CDN_REVEAL) -> Path:
    """Write the deck of one notebook to ``out_dir/<notebook name>.slides.html`` and return its path."""
    path = Path(notebook_path)
    if not path.exists():
        raise SlidesError(f"Notebook {str(path)!r} does not exist.")
    deck = deck_notebook(nbformat.read(path, as_version=4))
    exporter = _exporter(reveal_url_prefix)
    html, _ = exporter.from_notebook_node(
        deck, resources={"metadata": {"name": path.stem, "path": str(path.parent)}})
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{path.stem}.slides.html"
    target.write_text(html, encoding="utf-8")
    return target


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebook of every chapter module whose notebook exists, in course order."""
    found = []
    for chapter in all_chapters():
        path = root / chapter.notebook
        if path.suffix == ".ipynb" and path.exists():
            found.append(path)
    return found


def write_slides(out_dir: str | Path, notebooks: list[str | Path] | None = None, reveal_url_prefix: str = CDN_REVEAL,
                 force: bool = False, root: Path = ROOT) -> list[Path]:
    """Write one deck per chapter notebook (or per notebook given) into ``out_dir``; return the decks' paths.

    ``reveal_url_prefix`` is where the decks load reveal.js from: the CDN by default, or a relative path such as
    ``"reveal.js"`` for a copy of reveal.js 4 kept beside the decks (needed offline).
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise SlidesError(f"{out} exists and is not a folder.")
    if out.exists() and any(out.glob("*.slides.html")) and not force:
        raise SlidesError(f"{out} already holds decks; use --force to replace them.")
    paths = [Path(p) for p in notebooks] if notebooks else chapter_notebooks(root)
    if not paths:
        raise SlidesError("No chapter notebooks found to make slides from.")
    if force and out.exists():
        for old in out.glob("*.slides.html"):
            old.unlink()
    written = [write_deck(path, out, reveal_url_prefix) for path in paths]
    if not reveal_url_prefix.startswith(("http://", "https://", "//")):
        note = out / "README-slides.txt"
        note.write_text(
            f"These decks load reveal.js from the relative folder '{reveal_url_prefix}'.\n"
            f"Put a copy of reveal.js 4 (its dist/ and plugin/ folders) there before presenting.\n")
    return written


def copy_reveal(source: str | Path, out_dir: str | Path, name: str = "reveal.js") -> Path:
    """Copy a local reveal.js 4 folder (holding ``dist/reveal.js``) beside the decks, for showing them offline."""
    source = Path(source)
    if not (source / "dist" / "reveal.js").exists():
        raise SlidesError(f"{source} does not look like reveal.js 4: there is no dist/reveal.js in it.")
    target = Path(out_dir) / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target)
    return target
