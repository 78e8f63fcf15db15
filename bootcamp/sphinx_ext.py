"""A small Sphinx extension: the trainer edition, and the web book's own touches.

Instructor notes sit in the chapters inside ``{only} trainer`` blocks. Sphinx drops them from the learner build; the
trainer build (``python -m bootcamp build --edition trainer``) sets BOOTCAMP_EDITION=trainer, and this extension adds
the ``trainer`` tag so that Sphinx keeps them. The trainer build also gets:

* a banner on every page saying it is the trainer edition, with a link to the notes' index;
* one page per chapter that collects its instructor notes (``<chapter page>-instructor-notes.html``, beside the
  chapter), each under its section's title with its timing, and an index of them all (``instructor-notes.html``)
  with each chapter's timings summed against its stated length. They are made at build time from the notes the
  build has just rendered (the notebooks' ``instructor``-tagged cells); the learner build has none of this.

For the web book, none of which needs a change to the chapters:

* **Exercises numbered by chapter**, as the notebooks number them: "Exercise q6" for I3's ``i3-q6``, not the
  book-wide "Exercise 50" that sphinx-exercise counts (solutions and references follow).
* **Titled chapter boxes.** ``chapter.header()`` and ``chapter.key_points()`` print a MyST ``{tip}`` and
  ``{important}`` with a title that those directives do not take: the box is headed by its title ("I3 at a
  glance", "Key points"), not "Tip" and "Important".
* **Folded solutions that open the right way**: ``_static/bootcamp.js`` makes a click anywhere in a folded block's
  title (its link to the exercise included) toggle that block, where sphinx-togglebutton would throw
  "ReferenceError: button is not defined" or toggle another solution.

* **Interactive charts offline.** A page whose notebook outputs hold a chart from :mod:`bootcamp.charts` gets the
  course's own copies of Vega, Vega-Lite and vega-embed (``book/_static/vendor/vega``), so the chart draws with no
  network. Pages without charts do not load them. Each chart takes its cell's alt text (``mystnb.image.alt``, the
  same metadata as for a static figure) as its accessible name.
* **Student notebooks per chapter.** Every chapter notebook (metadata ``bootcamp.chapter``) is written in its student
  edition (``bootcamp.editions.student_edition``: no solutions, no instructor notes, no outputs) to
  ``student/<page>.ipynb`` in the built site, and the chapter page links to it under its title.
* **Glossary links.** In the chapters and other pages, the first mention of each glossary term on a page links to its
  entry in the glossary (``{glossary}`` in book/reference/glossary.md). Code, headings and existing links are left
  alone.
* **Offline and accessible pages.** MathJax comes from the course's copy (``book/_static/vendor/mathjax``, set as
  ``mathjax_path``), not from a CDN; inline scripts that two extensions both add (sphinx-thebe's and
  sphinx-togglebutton's settings, which otherwise raise "Identifier 'THEBE_JS_URL' has already been declared" on
  every page) are added once; a favicon and the theme's default colour mode spare a first visit two console
  errors; the check boxes of MyST task lists get the item's text as their label. The rest is CSS:
  book/_static/bootcamp.css.
"""

from __future__ import annotations

from bootcamp.paths import BOOK

import html
import json
import os
import re
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

EDITIONS = ("learner", "trainer")
CHART_MARKER = 'class="bootcamp-chart"'
VEGA_FILES = ("vendor/vega/vega.min.js", "vendor/vega/vega-lite.min.js", "vendor/vega/vega-embed.min.js")
STUDENT_DIR = "student"
NOTES_SUFFIX = "-instructor-notes"  # a chapter's notes page sits beside it: book/beginner/b1_cleaning-instructor-notes
NOTES_INDEX = "instructor-notes"
TIMING = re.compile(r"Timing:\**\s*(\d+)\s*min", re.IGNORECASE)
BOX_TITLE = re.compile(r"^(?:[A-Z]\d+ at a glance|Key points)$")
MATHJAX_PATH = "vendor/mathjax/tex-mml-chtml.js"  # relative to _static
# Pages that never get automatic glossary links: the glossary itself and the raw cheat sheets.
NO_GLOSSARY_LINKS = ("book/reference/glossary",)
# Where a glossary term is not linked: code, headings, links, figures' raw HTML, notebook outputs, the term list.
SKIP_ANCESTORS = (nodes.FixedTextElement, nodes.literal, nodes.reference, nodes.title, nodes.raw, nodes.term,
                  nodes.subtitle, nodes.rubric, nodes.caption, nodes.abbreviation, nodes.inline)

logger = logging.getLogger(__name__)


# --- charts -----------------------------------------------------------------------------------------------------

def _chart_alt_text(app, doctree) -> None:
    """Give each chart the alt text of its notebook cell as its accessible name."""
    for cell in doctree.findall(nodes.container):
        if cell.get("nb_element") != "cell_code":
            continue
        alt = (cell.get("cell_metadata") or {}).get("mystnb", {}).get("image", {}).get("alt")
        if not alt:
            continue
        for raw in cell.findall(nodes.raw):
            text = raw.astext()
            if CHART_MARKER not in text:
                continue
            new = re.sub(r'(class="bootcamp-chart" role="figure" aria-label=")[^"]*(")',
                         lambda m: m.group(1) + html.escape(alt, quote=True) + m.group(2), text)
            raw.children = [nodes.Text(new)]


def _add_chart_javascript(app, pagename, templatename, context, doctree) -> None:
    """Load the bundled Vega on the pages that hold a chart, and only there."""
    if CHART_MARKER in (context.get("body") or ""):
        for priority, filename in enumerate(VEGA_FILES, start=100):
            app.add_js_file(filename, priority=priority)


def _one_copy_of_each_script(app, pagename, templatename, context, doctree) -> None:
    """Drop scripts added twice (same file or same inline body, different priority)."""
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen, unique = set(), []
    for script in scripts:
        attributes = tuple(sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items()
                                  if k != "priority"))
        key = (str(getattr(script, "filename", script) or ""), attributes)
        if key in seen:
            continue
        seen.add(key)
        unique.append(script)
    scripts[:] = unique


def _label_task_list_boxes(app, doctree) -> None:
    """MyST task lists draw a disabled check box with no label: give it the item's own text."""
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if "task-list-item-checkbox" not in text or "aria-label" in text:
            continue
        item = raw.parent
        label = " ".join(item.astext().replace(text, "").split())[:120] if item is not None else ""
        new = text.replace("<input ", f'<input aria-label="{html.escape(label or "task", quote=True)}" ', 1)
        raw.children = [nodes.Text(new)]


def _site_settings(app, config) -> None:
    """MathJax from the course's copy; a favicon (else the browser asks for /favicon.ico and logs a 404); the theme's
    colour mode defaults to 'auto' (else pydata-sphinx-theme logs "Got invalid theme mode" on a first visit)."""
    config.mathjax_path = MATHJAX_PATH
    if not config.html_favicon:
        config.html_favicon = str(BOOK / "_static" / "favicon.svg")
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


# --- student notebooks ------------------------------------------------------------------------------------------

def _chapter_notebook(app, docname: str) -> Path | None:
    path = Path(app.env.doc2path(docname))
    if path.suffix != ".ipynb":
        return None
    try:
        metadata = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    except (OSError, ValueError):
        return None
    return path if metadata.get("bootcamp", {}).get("chapter") else None


def _student_link(app, doctree) -> None:
    """Under a chapter's title: a link to its student notebook and to the zip of all of them."""
    docname = app.env.docname
    if app.builder.format != "html" or _chapter_notebook(app, docname) is None:
        return
    app.env.metadata[docname]["bootcamp_student_notebook"] = True
    page = app.builder.get_target_uri(docname)
    notebook = relative_uri(page, f"{STUDENT_DIR}/{docname}.ipynb")
    archive = relative_uri(page, "student-notebooks.zip")
    name = Path(docname).name
    markup = (f'<p class="bootcamp-student-download"><a class="reference download" href="{notebook}" '
              f'download="{name}.ipynb">Download the student notebook</a> ({name}.ipynb: the exercises without the '
              f'answers) or <a class="reference download" href="{archive}" download>all the student notebooks '
              f'(zip)</a>.</p>')
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    title_at = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
    section.insert(title_at + 1, nodes.raw("", markup, format="html"))


def _favicon_at_the_root(app, exception) -> None:
    """Browsers ask for /favicon.ico on pages without an icon link (the root index.html redirect): serve one."""
    if exception is not None or app.builder.format != "html":
        return
    source = BOOK / "_static" / "favicon.ico"
    target = Path(app.outdir) / "favicon.ico"
    if source.exists() and not target.exists():
        target.write_bytes(source.read_bytes())


def _write_student_notebooks(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    import nbformat

    from bootcamp.editions import student_edition

    for docname, metadata in sorted(app.env.metadata.items()):
        if not metadata.get("bootcamp_student_notebook"):
            continue
        source = Path(app.env.doc2path(docname))
        target = Path(app.outdir) / STUDENT_DIR / f"{docname}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            nbformat.write(student_edition(nbformat.read(source, as_version=4)), target)
        except Exception as error:  # a broken chapter must not pass silently: warnings are errors in the build
            logger.warning(f"could not write the student notebook of {docname}: {error}", location=docname)


# --- glossary links ---------------------------------------------------------------------------------------------

def _glossary_terms(app) -> dict[str, tuple[str, str]]:
    std = app.env.get_domain("std")
    return {name: target for (kind, name), target in
            ((key, (docname, labelid)) for key, (docname, labelid) in std.objects.items()) if kind == "term"}


def _link_glossary_terms(app, doctree, docname) -> None:
    """Link the first mention of each glossary term on a page to its glossary entry."""
    if app.builder.format != "html" or docname in NO_GLOSSARY_LINKS:
        return
    terms = _glossary_terms(app)
    if not terms:
        return
    by_lower = {}
    for name, target in terms.items():
        by_lower.setdefault(name.lower(), (name, target))
    # Longest first, so that "m probability" wins over "m"; a plural 's' is allowed.
    names = sorted(by_lower, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(s|es)?(?![\w-])",
                         re.IGNORECASE)
    linked: set[str] = set()
    for text in list(doctree.findall(nodes.Text)):
        parent = text.parent
        if parent is None or not isinstance(parent, (nodes.paragraph, nodes.emphasis, nodes.strong)):
            continue
        if any(isinstance(a, SKIP_ANCESTORS) or (isinstance(a, nodes.container) and a.get("nb_element"))
               for a in _ancestors(text)):
            continue
        source = str(text)
        pieces, last = [], 0
        for match in pattern.finditer(source):
            key = match.group(1).lower()
            if key in linked or _is_code_like(match.group(0)):
                continue
            linked.add(key)
            term_docname, labelid = by_lower[key][1]
            if term_docname == docname:
                continue
            uri = app.builder.get_relative_uri(docname, term_docname) + "#" + labelid
            pieces.append(nodes.Text(source[last:match.start()]))
            pieces.append(nodes.reference("", match.group(0), internal=True, refuri=uri,
                                          reftitle=f"Glossary: {by_lower[key][0]}", classes=["glossary-link"]))
            last = match.end()
        if pieces:
            pieces.append(nodes.Text(source[last:]))
            parent.replace(text, pieces)


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _is_code_like(word: str) -> bool:
    return "_" in word


# --- exercises numbered by chapter, titled chapter boxes -----------------------------------------------------------

def _number_exercises_by_chapter(app, env):
    """Replace sphinx-exercise's book-wide numbers with the chapter's own (``i3-q6`` is Exercise q6)."""
    from bootcamp.editions import exercise_number

    for numbers in env.toc_fignumbers.values():
        exercises = numbers.get("exercise") or {}
        for node_id in list(exercises):
            number = exercise_number(node_id)
            if number != node_id:
                exercises[node_id] = (number,)
    return []


def _title_chapter_boxes(app, doctree) -> None:
    """The at-a-glance and key-points boxes: headed by their own title instead of "Tip" or "Important"."""
    for box in list(doctree.findall(nodes.Admonition)):
        if isinstance(box, nodes.admonition) or not box.children or not isinstance(box[0], nodes.paragraph):
            continue
        paragraph = box[0]
        first = paragraph[0] if paragraph.children else None
        if not isinstance(first, nodes.Text):
            continue
        line, _, rest = str(first).partition("\n")
        if not BOX_TITLE.match(line.strip()):
            continue
        titled = nodes.admonition("", classes=[box.tagname, "bootcamp-box", *box.get("classes", [])])
        titled += nodes.title(line.strip(), line.strip())
        if rest.strip():
            paragraph.replace(first, nodes.Text(rest.lstrip()))
        else:
            paragraph.remove(first)
        if paragraph.children:
            titled += paragraph
        titled += box.children[1:]
        box.replace_self(titled)


# --- the trainer edition ------------------------------------------------------------------------------------------

def _is_trainer(app) -> bool:
    return app.tags.has("trainer")


def _notes_link(app, doctree) -> None:
    """Trainer edition: under a chapter's title, a link to the page of its instructor notes."""
    docname = app.env.docname
    if not _is_trainer(app) or app.builder.format != "html" or _chapter_notebook(app, docname) is None:
        return
    page = app.builder.get_target_uri(docname)
    href = relative_uri(page, app.builder.get_target_uri(docname + NOTES_SUFFIX))
    markup = (f'<p class="bootcamp-notes-link"><a class="reference internal" href="{href}">This chapter\'s '
              f'instructor notes on one page</a> (timings, demos, pitfalls).</p>')
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None:
        title_at = next((i for i, child in enumerate(section.children) if isinstance(child, nodes.title)), -1)
        section.insert(title_at + 1, nodes.raw("", markup, format="html"))


def _collect_instructor_notes(app, doctree, docname) -> None:
    """Trainer edition: keep each chapter's rendered instructor notes, with their section, for its notes page."""
    if not _is_trainer(app) or app.builder.format != "html" or _chapter_notebook(app, docname) is None:
        return
    notes = []
    for box in doctree.findall(nodes.admonition):
        if "instructor" not in box.get("classes", []):
            continue
        section = next((a for a in _ancestors(box) if isinstance(a, nodes.section)), None)
        title = section.next_node(nodes.title).astext() if section is not None else ""
        anchor = section["ids"][0] if section is not None and section["ids"] else ""
        timing = TIMING.search(box.astext())
        html_text = app.builder.render_partial(box.deepcopy())["fragment"]
        notes.append({"section": title, "anchor": anchor, "minutes": int(timing.group(1)) if timing else None,
                      "html": html_text})
    title = app.env.titles[docname].astext() if docname in app.env.titles else docname
    _notes_store(app)[docname] = {"title": title, "notes": notes}


def _notes_store(app) -> dict:
    if not hasattr(app, "_bootcamp_instructor_notes"):
        app._bootcamp_instructor_notes = {}
    return app._bootcamp_instructor_notes


def _chapter_minutes(app, docname: str) -> tuple[str | None, int | None]:
    path = _chapter_notebook(app, docname)
    code = json.loads(path.read_text(encoding="utf-8"))["metadata"]["bootcamp"]["chapter"] if path else None
    try:
        from bootcamp.chapters import module_of

        return code, module_of(code).chapter.minutes
    except Exception:
        return code, None


def _instructor_note_pages(app):
    """Trainer edition: a page per chapter collecting its instructor notes, and their index."""
    if not _is_trainer(app) or app.builder.format != "html":
        return
    store = _notes_store(app)
    book_order = _book_order(app)
    order = sorted(store, key=lambda d: (book_order.index(d) if d in book_order else len(book_order), d))
    rows = []
    for docname in order:
        entry = store[docname]
        page = docname + NOTES_SUFFIX
        here = app.builder.get_target_uri(page)
        chapter_href = relative_uri(here, app.builder.get_target_uri(docname))
        code, minutes = _chapter_minutes(app, docname)
        timed = [n["minutes"] for n in entry["notes"] if n["minutes"] is not None]
        total = sum(timed)
        summary = (f"{len(entry['notes'])} note{'s' if len(entry['notes']) != 1 else ''}; "
                   f"the timings sum to {total} min" + (f" of the chapter's {minutes} min" if minutes else "") + ".")
        parts = [f'<h1>{html.escape(entry["title"])}: instructor notes</h1>',
                 '<p class="bootcamp-trainer-only">Trainer edition only: not in the learner book or the student '
                 'notebooks.</p>',
                 f'<p>The notes of <a class="reference internal" href="{chapter_href}">{html.escape(entry["title"])}'
                 f'</a>, in the order of its sections. {html.escape(summary)}</p>']
        if minutes and timed and total != minutes:
            parts.append(f'<p class="bootcamp-timing-gap"><strong>Check the plan:</strong> the sections\' timings '
                         f'({total} min) do not add up to the chapter\'s {minutes} min.</p>')
        for note in entry["notes"]:
            heading = note["section"] or entry["title"]
            link = f'{chapter_href}#{note["anchor"]}' if note["anchor"] else chapter_href
            timing = f' <span class="bootcamp-timing">({note["minutes"]} min)</span>' if note["minutes"] else ""
            parts.append(f'<section><h2><a class="reference internal" href="{link}">{html.escape(heading)}</a>'
                         f'{timing}</h2>\n{note["html"]}</section>')
        yield page, {"title": f"{entry['title']}: instructor notes", "body": "\n".join(parts)}, "page.html"
        rows.append((docname, page, entry, code, minutes, total, len(entry["notes"])))
    index_here = app.builder.get_target_uri(NOTES_INDEX)
    items = []
    for docname, page, entry, code, minutes, total, count in rows:
        href = relative_uri(index_here, app.builder.get_target_uri(page))
        stated = f"{minutes} min" if minutes else "—"
        items.append(f'<tr><td><a class="reference internal" href="{href}">{html.escape(entry["title"])}</a></td>'
                     f'<td>{count}</td><td>{total} min</td><td>{stated}</td></tr>')
    body = ("<h1>Instructor notes</h1>\n<p>Trainer edition only. Every chapter's instructor notes, collected on one "
            "page per chapter from the notebooks (timings, what to demonstrate live, pitfalls, checks for "
            "understanding).</p>\n<table class=\"table\"><thead><tr><th>chapter</th><th>notes</th>"
            "<th>timings sum to</th><th>chapter length</th></tr></thead><tbody>\n" + "\n".join(items)
            + "\n</tbody></table>")
    yield NOTES_INDEX, {"title": "Instructor notes", "body": body}, "page.html"


def _book_order(app) -> list[str]:
    """The chapters' docnames in the order of _toc.yml."""
    from bootcamp.editions import toc_notebooks

    root = Path(app.srcdir)
    return [p.relative_to(root).with_suffix("").as_posix() for p in toc_notebooks(root)]


def _trainer_banner(app, pagename, templatename, context, doctree) -> None:
    """Trainer edition: a banner on every page, linking to the index of instructor notes."""
    if not _is_trainer(app):
        return
    href = context["pathto"](NOTES_INDEX)
    context["theme_announcement"] = (
        '<span class="bootcamp-trainer-banner"><strong>Trainer edition</strong>: instructor notes and timings are '
        f'shown; learners use the learner book. <a href="{href}">All instructor notes</a></span>')


# --- setup ------------------------------------------------------------------------------------------------------

def setup(app):
    edition = os.environ.get("BOOTCAMP_EDITION", "learner")
    if edition not in EDITIONS:
        raise ValueError(f"BOOTCAMP_EDITION must be one of {EDITIONS}, not {edition!r}.")
    if edition == "trainer":
        app.tags.add("trainer")
    app.connect("config-inited", _site_settings)
    app.connect("env-get-updated", _number_exercises_by_chapter, priority=900)
    app.connect("doctree-read", _title_chapter_boxes)
    app.connect("doctree-read", _notes_link)
    app.connect("doctree-resolved", _collect_instructor_notes)
    app.connect("html-collect-pages", _instructor_note_pages)
    app.connect("html-page-context", _trainer_banner)
    app.connect("doctree-read", _chart_alt_text)
    app.connect("doctree-read", _label_task_list_boxes)
    app.connect("doctree-read", _student_link)
    app.connect("doctree-resolved", _link_glossary_terms)
    app.connect("html-page-context", _add_chart_javascript)
    app.connect("html-page-context", _one_copy_of_each_script, priority=900)
    app.connect("build-finished", _write_student_notebooks)
    app.connect("build-finished", _favicon_at_the_root)
    app.add_js_file("bootcamp.js", priority=900)
    # The trainer edition's notes pages are collected while pages are written: one writer process, not several.
    return {"parallel_read_safe": True, "parallel_write_safe": False}
