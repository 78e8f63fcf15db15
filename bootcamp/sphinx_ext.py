"""A small Sphinx extension: the trainer edition.

Instructor notes sit in the chapters inside ``{only} trainer`` blocks. Sphinx drops them from the learner build; the
trainer build (``python -m bootcamp build --edition trainer``) sets BOOTCAMP_EDITION=trainer, and this extension adds
the ``trainer`` tag so that Sphinx keeps them.

It also does four things for the web book, none of which needs a change to the chapters:

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
        config.html_favicon = str(Path(__file__).resolve().parent.parent / "book" / "_static" / "favicon.svg")
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
    source = Path(__file__).resolve().parent.parent / "book" / "_static" / "favicon.ico"
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


# --- setup ------------------------------------------------------------------------------------------------------

def setup(app):
    edition = os.environ.get("BOOTCAMP_EDITION", "learner")
    if edition not in EDITIONS:
        raise ValueError(f"BOOTCAMP_EDITION must be one of {EDITIONS}, not {edition!r}.")
    if edition == "trainer":
        app.tags.add("trainer")
    app.connect("config-inited", _site_settings)
    app.connect("doctree-read", _chart_alt_text)
    app.connect("doctree-read", _label_task_list_boxes)
    app.connect("doctree-read", _student_link)
    app.connect("doctree-resolved", _link_glossary_terms)
    app.connect("html-page-context", _add_chart_javascript)
    app.connect("html-page-context", _one_copy_of_each_script, priority=900)
    app.connect("build-finished", _write_student_notebooks)
    app.connect("build-finished", _favicon_at_the_root)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
