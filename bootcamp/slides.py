"""Slides from the chapter notebooks: one reveal.js deck per chapter, made with nbconvert's slides exporter, that
works with no network at all.

    python -m bootcamp slides OUT [NOTEBOOK...] [--edition learner|trainer] [--force]

What goes into a deck:

* the chapter's title and its header (questions, objectives, time) as the opening slides;
* every markdown cell as a slide: ``#`` and ``##`` headings start a new slide, other markdown cells a vertical
  sub-slide; code cells and their outputs stay on the slide before them;
* exercises as "Exercise" slides with the task only; the check cells, the solutions and the solution fences are left
  out, so a deck never shows an answer;
* the key points as the last slide;
* in a **trainer** deck (``edition="trainer"``), the chapter's instructor notes as reveal.js speaker notes
  (``<aside class="notes">``: press S in the deck to open the speaker view); a learner deck has none.

Besides the chapters, ``write_slides`` writes a **welcome deck** for a cohort's first session
(``00_welcome.slides.html``): Thamesbury, its six sources (counted from the data), the course's parts and chapters
(from the chapter modules), how a session and an exercise work, and the ground rules.

MyST syntax that reveal.js cannot render (directives such as ``{exercise}`` or ``{note}``, roles such as
``{term}`` and ``{doc}``, targets such as ``(label)=``) is turned into plain Markdown.

Offline: every script a deck needs is copied beside it, into ``OUT/vendor/``: reveal.js 4 with its speaker-notes
plugin, RequireJS and jQuery (kept in ``bootcamp/slides_assets/vendor``), MathJax 3 and the course's Vega bundle
(from ``book/_static/vendor``). The decks use the course's own nbconvert template
(``bootcamp/slides_assets/templates/bootcamp_reveal``), which loads them by relative path; nothing comes from a CDN,
so a deck opened from a USB stick in a room with no network still shows as slides. Keep ``vendor/`` beside the decks
when you copy them. ``reveal_url_prefix`` can still point the decks at another copy of reveal.js 4.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat

from bootcamp.chapters import PARTS, Chapter, all_chapters, module_of
from bootcamp.paths import BOOK, ROOT

ASSETS = Path(__file__).resolve().parent / "slides_assets"
SLIDES_VENDOR = ASSETS / "vendor"          # reveal.js, RequireJS, jQuery
TEMPLATES = ASSETS / "templates"
BOOK_VENDOR = BOOK / "_static" / "vendor"  # MathJax and Vega, shared with the web book
VENDOR = "vendor"                          # the folder beside the decks
LOCAL_REVEAL = f"{VENDOR}/reveal.js"
#: Where each script comes from, relative to a deck.
ASSET_URLS = {"jquery": f"{VENDOR}/jquery/jquery.min.js", "require": f"{VENDOR}/requirejs/require.js",
              "mathjax": f"{VENDOR}/mathjax/tex-mml-chtml.js", "vega": f"{VENDOR}/vega/bootcamp-vega.js"}
CDN_REVEAL = "https://unpkg.com/reveal.js@4.0.2"  # kept for callers that name it; the decks no longer use it
EDITIONS = ("learner", "trainer")
WELCOME = "00_welcome"
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


def _check_edition(edition: str) -> str:
    if edition not in EDITIONS:
        raise SlidesError(f"edition must be one of {', '.join(EDITIONS)}, not {edition!r}.")
    return edition


def speaker_notes(source: str) -> str:
    """An instructor-note cell (```` ```{only} trainer ```` around ``:::{admonition} Instructor notes``) as the plain
    Markdown of a speaker note: the note's own text, without its wrappers."""
    text = source
    only = re.search(r"^(?P<fence>`{3,}|:{3,})\{only\}[ \t]*trainer[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", text,
                     re.MULTILINE | re.DOTALL)
    if only:
        text = only.group("body")
    box = re.search(r"^(?P<fence>`{3,}|:{3,})\{admonition\}[^\n]*\n(?P<body>.*?)^(?P=fence)[ \t]*$", text,
                    re.MULTILINE | re.DOTALL)
    if box:
        text = box.group("body")
    return plain_markdown(OPTION.sub("", text, count=0)).strip()


def _figures_with_alt_text(cell) -> None:
    """A figure keeps its cell's alt text (``mystnb.image.alt``, as in the book) in the deck."""
    import html

    alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
    if not alt:
        return
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data and "text/html" not in data:
            png = "".join(data["image/png"]) if isinstance(data["image/png"], list) else data["image/png"]
            output["data"] = {"text/html": f'<img src="data:image/png;base64,{png.strip()}" '
                                           f'alt="{html.escape(alt, quote=True)}" style="max-width: 100%">'}


def deck_notebook(notebook: nbformat.NotebookNode, edition: str = "learner") -> nbformat.NotebookNode:
    """A copy of a chapter notebook arranged as slides, without solutions or checks; a trainer deck carries the
    instructor notes as speaker notes, a learner deck leaves them out."""
    _check_edition(edition)
    deck = nbformat.from_dict(notebook)
    chapter = _chapter_of(deck)
    cells = []
    for cell in deck.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = cell.source
        if cell.cell_type == "markdown" and ("instructor" in tags or "{only} trainer" in source):
            if edition == "trainer" and cells:
                notes = speaker_notes(source)
                if notes:
                    cells.append(_slide(nbformat.v4.new_markdown_cell(notes), "notes"))
            continue
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
            _figures_with_alt_text(cell)
            cells.append(_slide(cell, "-"))
        # raw cells are left out
    deck.cells = cells
    return deck


# --- the welcome deck -----------------------------------------------------------------------------------------------

SOURCE_STYLES = {
    "council_tax": "who pays council tax at each address: UPPER CASE names, the address over four lines",
    "electoral_register": "who may vote: title-case names, forenames and middle names together, one-line address",
    "housing_benefit": "claimants and their households, keyed by the council's own claim numbers",
    "adult_social_care": "people the council supports at home; dates of birth typed by hand",
    "school_census": "pupils and the addresses schools hold for them",
    "shielding_list": "the national list of clinically extremely vulnerable people, with NHS numbers (all in the "
                      "synthetic 999 range)",
}


def _thamesbury_facts(data_dir=None) -> dict:
    """Counts for the welcome deck, from the data the learners will load."""
    from bootcamp.loading import SOURCES, load

    facts = {"addresses": len(load("gazetteer", data_dir))}
    facts["sources"] = {name: len(load(name, data_dir)) for name in SOURCES}
    return facts


def welcome_notebook(edition: str = "learner", data_dir=None) -> nbformat.NotebookNode:
    """The welcome deck for a cohort's first session, as a notebook of slides (numbers from the data and the chapter
    modules). A trainer deck carries speaker notes."""
    _check_edition(edition)
    md = nbformat.v4.new_markdown_cell
    facts = _thamesbury_facts(data_dir)
    chapters = all_chapters()
    hours = sum(c.minutes for c in chapters) / 60
    by_part: dict[str, list[Chapter]] = {}
    for chapter in chapters:
        by_part.setdefault(chapter.part, []).append(chapter)
    part_rows = "\n".join(
        f"| {PARTS[part]} | {'; '.join(f'{c.code} {c.title}' for c in members)} |" for part, members in by_part.items())
    source_rows = "\n".join(f"| {name.replace('_', ' ')} | {count:,} | {SOURCE_STYLES.get(name, '')} |"
                             for name, count in facts["sources"].items())
    slides = [
        ("# Welcome to the Data Matching Bootcamp\n\nFrom messy council records to matched people and addresses, "
         "in twelve weeks, on **Thamesbury**: a London borough that does not exist.",
         "Welcome everyone; introduce yourself and the helpers. Ask each person for their council, their team and "
         "one matching job they have to do this year. Keep it to 10 minutes."),
        ("## Why we are here\n\nCouncil analysts are asked to do hard things with messy records, often by Friday:\n\n"
         "- match a national shielding list to council records;\n- find every person in a household;\n"
         "- build a single view of the resident across services.\n\nThis course teaches the methods that make that "
         "work, and how to say how well they worked.",
         "Link each task to what people said in the round of introductions."),
        (f"## Meet Thamesbury\n\n- a gazetteer of **{facts['addresses']:,}** addresses, each with a UPRN;\n"
         "- residents with households, names from every part of London, twins, people who moved;\n"
         "- postcodes in the area `TB`, which no real UK postcode uses;\n"
         "- the full truth (person and UPRN for every record), kept apart, so every method is measured honestly.",
         "Stress that everything is synthetic: no real person or address, so it is safe on any laptop, Binder or "
         "Colab. Council data never goes there."),
        ("## Six systems, six house styles\n\n| source | records | what it holds |\n|---|---:|---|\n" + source_rows,
         "Ask: which of these does your council hold, and who owns each? The errors in each source are the kinds "
         "real council systems make."),
        (f"## The course\n\n| part | chapters |\n|---|---|\n{part_rows}\n\nAbout {hours:.0f} hours of "
         "chapters over twelve weeks, then a project on your own borough's challenge.",
         "Point out where today's chapter sits, and the capstone at the end."),
        ("## How a session works\n\n- read a little, run the cells, then an exercise every 10 to 15 minutes;\n"
         "- `q1.check(answer)` says whether your answer is right, and *why* if it is not;\n"
         "- `q1.hint()` when stuck, `q1.solution()` when really stuck;\n"
         "- a wrong or unfinished answer hands back the reference, so the rest of the notebook still runs.",
         "Demo one check live: a wrong answer first, then the hint, then the right answer."),
        ("## Ground rules\n\n- Course data only in the course: never a council extract on Binder, Colab or a "
         "shared hub.\n- Ask early; pair up when stuck for more than 10 minutes.\n- Be kind: everyone starts from a "
         "different place, and questions are the point.",
         "Read out the cohort's code of conduct, and how to report a problem."),
        ("## Before the next session\n\n```bash\npython -m bootcamp doctor\n```\n\nIt checks your Python, the "
         "packages and the data, and says what to do about anything missing. Then open the first chapter.",
         "Collect anyone whose doctor run fails; sort them out before the next session, not during it."),
    ]
    cells = []
    for text, notes in slides:
        cells.append(_slide(md(text), "slide"))
        if edition == "trainer":
            cells.append(_slide(md(notes), "notes"))
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["title"] = "Welcome to the Data Matching Bootcamp"
    return notebook


# --- writing decks ---------------------------------------------------------------------------------------------------


def _exporter(reveal_url_prefix: str):
    from nbconvert import SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(TEMPLATES)]
    config.SlidesExporter.template_name = "bootcamp_reveal"
    config.SlidesExporter.reveal_url_prefix = reveal_url_prefix
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_scroll = True
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.jquery_url = ASSET_URLS["jquery"]
    config.SlidesExporter.require_js_url = ASSET_URLS["require"]
    config.SlidesExporter.mathjax_url = ASSET_URLS["mathjax"]
    config.SlidesExporter.embed_images = True
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return SlidesExporter(config=config)


def _has_chart(notebook) -> bool:
    from bootcamp.charts import CHART_CLASS

    return any(CHART_CLASS in str(output.get("data", {}).get("text/html", ""))
               for cell in notebook.cells for output in cell.get("outputs", []))


def _no_cdn_fallback(html: str) -> str:
    """Charts fall back to a CDN when no Vega is on the page; a deck always has the course's copy, so drop that."""
    from bootcamp import charts

    return html.replace(json.dumps(charts._CDN), "[]")


def _export(deck, name: str, out: Path, edition: str, reveal_url_prefix: str, path: str = "") -> Path:
    resources = {"metadata": {"name": name, "path": path}, "bootcamp_edition": edition}
    if _has_chart(deck):
        resources["bootcamp_vega_url"] = ASSET_URLS["vega"]
    html, _ = _exporter(reveal_url_prefix).from_notebook_node(deck, resources=resources)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.slides.html"
    target.write_text(_no_cdn_fallback(html), encoding="utf-8")
    return target


def write_deck(notebook_path: str | Path, out_dir: str | Path, reveal_url_prefix: str = LOCAL_REVEAL,
               edition: str = "learner") -> Path:
    """Write the deck of one notebook to ``out_dir/<notebook name>.slides.html`` and return its path. The scripts it
    loads are not copied: ``write_slides`` does that (or call ``copy_vendor``)."""
    path = Path(notebook_path)
    if not path.exists():
        raise SlidesError(f"Notebook {str(path)!r} does not exist.")
    deck = deck_notebook(nbformat.read(path, as_version=4), edition)
    return _export(deck, path.stem, Path(out_dir), edition, reveal_url_prefix, str(path.parent))


def write_welcome_deck(out_dir: str | Path, edition: str = "learner", reveal_url_prefix: str = LOCAL_REVEAL,
                       data_dir=None) -> Path:
    """Write the welcome deck (``00_welcome.slides.html``) into ``out_dir``."""
    return _export(welcome_notebook(edition, data_dir), WELCOME, Path(out_dir), edition, reveal_url_prefix)


def copy_vendor(out_dir: str | Path, reveal: bool = True) -> Path:
    """Copy every script the decks load into ``out_dir/vendor``: reveal.js (unless another copy is used), RequireJS,
    jQuery, MathJax and the course's Vega bundle, each with its licence."""
    from bootcamp import charts

    target = Path(out_dir) / VENDOR
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(SLIDES_VENDOR, target, ignore=None if reveal else shutil.ignore_patterns("reveal.js"))
    missing = [p for p in (BOOK_VENDOR / "mathjax", BOOK_VENDOR / "vega") if not p.is_dir()]
    if missing:
        raise SlidesError(f"The course's copy of MathJax or Vega is missing: {', '.join(map(str, missing))}.")
    shutil.copytree(BOOK_VENDOR / "mathjax", target / "mathjax")
    (target / "vega").mkdir()
    for licence in (BOOK_VENDOR / "vega").glob("LICENSE*"):
        shutil.copy2(licence, target / "vega" / licence.name)
    (target / "vega" / "bootcamp-vega.js").write_text(
        "/* Vega, Vega-Lite and vega-embed (licences beside this file), as one script that sets window.vegaEmbed\n"
        "   even on a page with RequireJS. Made by bootcamp.slides from book/_static/vendor/vega. */\n"
        + charts.vendor_javascript(), encoding="utf-8")
    return target


def chapter_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebook of every chapter module whose notebook exists, in course order."""
    found = []
    for chapter in all_chapters():
        path = root / chapter.notebook
        if path.suffix == ".ipynb" and path.exists():
            found.append(path)
    return found


def write_slides(out_dir: str | Path, notebooks: list[str | Path] | None = None,
                 reveal_url_prefix: str | None = None, force: bool = False, root: Path = ROOT,
                 edition: str = "learner", welcome: bool | None = None) -> list[Path]:
    """Write one deck per chapter notebook (or per notebook given) into ``out_dir``, with everything they load beside
    them in ``out_dir/vendor``; return the decks' paths.

    ``edition="trainer"`` puts the instructor notes in as speaker notes. ``welcome`` adds the welcome deck (by default
    when no notebooks are named). ``reveal_url_prefix`` points the decks at another copy of reveal.js 4 (a relative
    folder or a URL) instead of the one copied into ``vendor/``.
    """
    _check_edition(edition)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise SlidesError(f"{out} exists and is not a folder.")
    if out.exists() and any(out.glob("*.slides.html")) and not force:
        raise SlidesError(f"{out} already holds decks; use --force to replace them.")
    paths = [Path(p) for p in notebooks] if notebooks else chapter_notebooks(root)
    if not paths:
        raise SlidesError("No chapter notebooks found to make slides from.")
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise SlidesError(f"Notebook {missing[0]!r} does not exist.")
    if force and out.exists():
        for old in out.glob("*.slides.html"):
            old.unlink()
    prefix = reveal_url_prefix or LOCAL_REVEAL
    written = [write_deck(path, out, prefix, edition) for path in paths]
    if welcome if welcome is not None else not notebooks:
        written.insert(0, write_welcome_deck(out, edition, prefix))
    copy_vendor(out, reveal=prefix == LOCAL_REVEAL)
    note = out / "README-slides.txt"
    lines = [f"{len(written)} {edition} decks. Open one in a browser: arrow keys or space to move, Esc for an overview"
             + (", S for the speaker notes" if edition == "trainer" else "") + ".",
             "Everything the decks load is in the vendor/ folder beside them (reveal.js 4, RequireJS, jQuery, MathJax,",
             "Vega): keep it next to the decks when you copy them; no network is needed."]
    if prefix != LOCAL_REVEAL:
        lines.append(f"These decks load reveal.js from '{prefix}': put a copy of reveal.js 4 (its dist/ and plugin/ "
                     "folders) there before presenting.")
    note.write_text("\n".join(lines) + "\n")
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
