"""A Sphinx directive that writes the course-at-a-glance tables when the book is built.

In a MyST page::

    ```{course-outline} plan
    ```

with one of ``summary``, ``plan``, ``hours`` or ``outcomes`` (see :data:`PARTS`). The tables are made by
:mod:`bootcamp.outline` from the chapter modules at build time, so adding a chapter or an exercise changes the
pages with no notebook to re-run.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def _parts():
    from bootcamp import outline

    return {"summary": outline.summary_sentence, "plan": outline.plan_markdown, "hours": outline.hours_markdown,
            "outcomes": outline.outcomes_markdown}


PARTS = ("summary", "plan", "hours", "outcomes")


class CourseOutline(SphinxDirective):
    required_arguments = 1
    has_content = False

    def run(self):
        part = self.arguments[0]
        if part not in PARTS:
            raise self.error(f"course-outline takes one of {', '.join(PARTS)}, not {part!r}")
        text = str(_parts()[part]())
        for module in ("bootcamp.outline", "bootcamp.chapters"):  # rebuild the page when the course changes
            self.env.note_dependency(__import__(module, fromlist=["__file__"]).__file__)
        container = nodes.container(classes=["course-outline", f"course-outline-{part}"])
        self.state.nested_parse(StringList(text.splitlines(), source=self.env.docname), self.content_offset, container)
        return [container]


def setup(app):
    app.add_directive("course-outline", CourseOutline)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
