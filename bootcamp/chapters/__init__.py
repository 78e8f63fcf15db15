"""One module per chapter: its front matter (as data) and its checked exercises.

A chapter notebook starts with::

    from bootcamp.chapters.b1 import chapter, q1, q2
    chapter.header()

and ends with ``chapter.key_points()``. The course-at-a-glance page and the outcomes map are generated from these
modules, so a chapter's objectives are written once, here.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass, field

PARTS = {
    "start": "Start here",
    "beginner": "Beginner (weeks 0–4)",
    "intermediate": "Intermediate (weeks 5–8)",
    "advanced": "Advanced (weeks 9–12)",
    "practice": "Putting it to work",
    "teaching": "Teaching this course",
    "reference": "Reference",
}


@dataclass(frozen=True)
class Chapter:
    """A chapter's front matter: what it answers, what learners will be able to do, what it needs and takes."""

    code: str  # "B1"
    title: str
    part: str  # a key of PARTS
    week: int | None  # the week of the 12-week cohort it belongs to (None: not tied to a week)
    minutes: int  # time to work through it, exercises included
    notebook: str  # path from the repository root, e.g. "book/beginner/b1_cleaning.ipynb"
    questions: tuple[str, ...]
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...] = ()
    key_points: tuple[str, ...] = field(default=())

    def __post_init__(self):
        object.__setattr__(self, "key_points", KeyPoints(self.key_points))
        if self.part not in PARTS:
            raise ValueError(f"Chapter {self.code}: part must be one of {sorted(PARTS)}, not {self.part!r}.")
        if not self.objectives:
            raise ValueError(f"Chapter {self.code} needs at least one objective.")

    def header_markdown(self) -> str:
        lines = [f"**Time:** about {_duration(self.minutes)}"
                 + (f" · **Week {self.week}** of the cohort course" if self.week else ""), ""]
        lines += ["**Questions**", ""] + [f"- {q}" for q in self.questions] + [""]
        lines += ["**Objectives** — by the end you will be able to:", ""] + [f"- {o}" for o in self.objectives]
        if self.prerequisites:
            lines += ["", "**Before you start**", ""] + [f"- {p}" for p in self.prerequisites]
        return "\n".join(lines)

    def header(self):
        """Display the chapter's questions, objectives, prerequisites and time as a box."""
        return _admonition(f"{self.code} at a glance", self.header_markdown(), "tip")


class KeyPoints(tuple):
    """A chapter's key points: a tuple of sentences that, called, displays them as a box (``chapter.key_points()``)."""

    def __call__(self):
        return _admonition("Key points", "\n".join(f"- {point}" for point in self), "important")


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes} minutes"
    text = f"{hours} hour" + ("s" if hours > 1 else "")
    return text + (f" {rest} minutes" if rest else "")


class Markdown:
    """Markdown output for the book that also reads well as plain text (what nbval compares)."""

    def __init__(self, text: str):
        self.text = text

    def _repr_markdown_(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text


def _admonition(title: str, body: str, kind: str) -> Markdown:
    return Markdown(f":::{{{kind}}} {title}\n{body}\n:::")


def all_chapters() -> list[Chapter]:
    """Every chapter module's front matter, in course order (part, then code)."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        chapter = getattr(module, "chapter", None)
        if isinstance(chapter, Chapter):
            found.append(chapter)
    order = list(PARTS)
    return sorted(found, key=lambda c: (order.index(c.part), c.code))


def module_of(code: str):
    """The chapter module for a chapter code such as "B1"."""
    return importlib.import_module(f"{__name__}.{code.lower()}")
