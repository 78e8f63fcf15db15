"""The course at a glance, generated from the chapter modules: the 12-week plan, hours per week, the outcomes map.

Nothing a chapter says about itself is typed here. Titles, weeks, minutes and objectives come from each chapter's
front matter (``bootcamp/chapters/<code>.py``) and the exercises from the chapter module itself
(:func:`bootcamp.exercises.exercises_of`). What this module adds is what belongs to the *cohort*, not to a chapter:
which module each week is in, the weekly live session, the project milestones (one longer project, chosen in weeks
1–2, as the pilot's participants asked), and which longer chapters carry on into a second week.

The functions return DataFrames for tests and analysis, and :class:`Markdown` objects for the book (they render as
MyST in the web book and read as plain text in a notebook's stored output, which is what nbval compares).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from bootcamp.chapters import Chapter, Markdown, all_chapters, module_of
from bootcamp.exercises import exercises_of

WEEKS = 12
MODULES = {  # the pilot's split: an 8-week beginner/intermediate module, then a 4-week advanced module
    "Beginner": range(1, 5),
    "Intermediate": range(5, 9),
    "Advanced": range(9, 13),
}


@dataclass(frozen=True)
class Week:
    """What a cohort does in one week beyond its chapters: the live session, the project, chapters carried over."""

    number: int
    project: str  # the project milestone this week
    project_hours: float
    live_hours: float = 2.5  # the weekly live session: live coding, exercises in pairs, discussion
    continues: tuple[str, ...] = ()  # codes of chapters started in an earlier week and finished this week
    focus: str = ""  # what the week is about when it has no chapter of its own

    @property
    def module(self) -> str:
        return next(name for name, weeks in MODULES.items() if self.number in weeks)


COHORT_WEEKS = (
    Week(1, "Bring a matching problem from your own service; read the project briefs (Putting it to work)", 0.5),
    Week(2, "Choose ONE project for the rest of the course; write a one-page brief: question, data, measure of success", 1.0),
    Week(3, "Data access and a DPIA check; profile your project data's quality (or use Thamesbury as a stand-in)", 1.5),
    Week(4, "Clean and standardise the project data; a first address match to UPRNs", 1.5),
    Week(5, "A baseline match on the project data, measured against a hand-labelled sample", 1.5),
    Week(6, "A match-key cascade on the project data; compare with the baseline", 1.5),
    Week(7, "A probabilistic model for the project; choose a threshold with your service", 1.5),
    Week(8, "Show-and-tell across boroughs: results so far, peer review of each other's approach", 1.5,
         continues=("I3",)),
    Week(9, "Label pairs for training and evaluation; plan the advanced extension of the project", 2.0),
    Week(10, "Improve the project's matching with what the advanced chapters taught; clerical review of the doubtful", 2.0,
         continues=("A1",)),
    Week(11, "Scale up, document the pipeline, write the hand-over note", 2.0, focus="Matching at scale"),
    Week(12, "Capstone presentations to mentors, peers and your service", 3.0,
         focus="Capstone presentations and the end-of-course survey"),
)


# --- data -----------------------------------------------------------------------------------------------------------


def _chapters(chapters: Sequence[Chapter] | None) -> list[Chapter]:
    return list(all_chapters() if chapters is None else chapters)


def weeks_of(chapter: Chapter, weeks: Sequence[Week] = COHORT_WEEKS) -> list[int]:
    """The weeks a chapter is studied in: its own week, plus any later week that continues it."""
    if not chapter.week:
        return []
    return [chapter.week] + [w.number for w in weeks if chapter.code in w.continues and w.number != chapter.week]


def exercises_table(chapter: Chapter) -> pd.DataFrame:
    """The exercises a chapter module declares: label and title, in order (empty if the module has none yet)."""
    try:
        module = module_of(chapter.code)
    except ImportError:
        return pd.DataFrame(columns=["label", "title"])
    return pd.DataFrame([(e.label, e.title) for e in exercises_of(module)], columns=["label", "title"])


def _exercises_of_chapter(chapter: Chapter) -> list[str]:
    table = exercises_table(chapter)
    return [f"{label} {title}" for label, title in zip(table["label"], table["title"])]


def plan(chapters: Sequence[Chapter] | None = None, weeks: Sequence[Week] = COHORT_WEEKS) -> pd.DataFrame:
    """The 12-week plan: one row per week with its module, chapters and hours (live, self-study, project, total).

    Self-study hours are the chapters' own ``minutes``; a chapter that a later week continues is split evenly over
    its weeks.
    """
    chapters = _chapters(chapters)
    rows = []
    for week in weeks:
        names, minutes = [], 0.0
        for chapter in chapters:
            spread = weeks_of(chapter, weeks)
            if week.number in spread:
                continued = week.number != chapter.week
                names.append(f"{chapter.code} {chapter.title}" + (" (continued)" if continued else ""))
                minutes += chapter.minutes / len(spread)
        self_study = round(minutes / 60, 1)
        rows.append({
            "week": week.number,
            "module": week.module,
            "chapters": "; ".join(names) or week.focus or "—",
            "live_hours": week.live_hours,
            "self_study_hours": self_study,
            "project_hours": week.project_hours,
            "total_hours": round(week.live_hours + self_study + week.project_hours, 1),
            "project": week.project,
        })
    return pd.DataFrame(rows)


def hours_by_module(chapters: Sequence[Chapter] | None = None, weeks: Sequence[Week] = COHORT_WEEKS) -> pd.DataFrame:
    """Weeks and hours per module (Beginner, Intermediate, Advanced) and for the whole course."""
    table = plan(chapters, weeks)
    hours = ["live_hours", "self_study_hours", "project_hours", "total_hours"]
    summary = table.groupby("module", sort=False).agg(weeks=("week", "count"), **{h: (h, "sum") for h in hours})
    summary.loc["Whole course"] = summary.sum()
    summary["weeks"] = summary["weeks"].astype(int)
    return summary.round(1).reset_index()


def outcomes(chapters: Sequence[Chapter] | None = None) -> pd.DataFrame:
    """The outcomes map as data: one row per objective, with its week, chapter and the chapter's exercises."""
    rows = []
    for chapter in _chapters(chapters):
        exercises = "; ".join(_exercises_of_chapter(chapter))
        for objective in chapter.objectives:
            rows.append({"week": chapter.week, "code": chapter.code, "title": chapter.title,
                         "objective": objective, "exercises": exercises})
    table = pd.DataFrame(rows, columns=["week", "code", "title", "objective", "exercises"])
    return table.sort_values("week", kind="stable", na_position="last").reset_index(drop=True)


def project_material(chapters: Sequence[Chapter] | None = None) -> list[Chapter]:
    """The chapters of 'Putting it to work': project material from week 2 onwards."""
    return [c for c in _chapters(chapters) if c.part == "practice"]


# --- the book's views -----------------------------------------------------------------------------------------------


def _toc_files() -> set[str]:
    """The pages listed in _toc.yml, as paths without suffix (a chapter is linked only if the book builds it)."""
    import re

    from bootcamp.paths import ROOT

    toc = ROOT / "_toc.yml"
    return set(re.findall(r"file:\s*(\S+)", toc.read_text())) if toc.exists() else set()


def _chapter_name(chapter: Chapter, toc: set[str]) -> str:
    """``B1 Title``, as a link to the chapter's page when the book includes it."""
    name = f"{chapter.code} {_cell(chapter.title)}"
    target = chapter.notebook.rsplit(".", 1)[0]
    return f"{{doc}}`{name} </{target}>`" if target in toc else name


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _hours(value: float) -> str:
    return f"{value:g}"


def plan_markdown(chapters: Sequence[Chapter] | None = None, weeks: Sequence[Week] = COHORT_WEEKS) -> Markdown:
    """The 12-week plan as a Markdown table."""
    table = plan(chapters, weeks)
    lines = ["| Week | Module | Chapters | Live | Self-study | Project | Total (h) | Project milestone |",
             "|---:|---|---|---:|---:|---:|---:|---|"]
    for row in table.itertuples():
        lines.append(f"| {row.week} | {row.module} | {_cell(row.chapters)} | {_hours(row.live_hours)} | "
                     f"{_hours(row.self_study_hours)} | {_hours(row.project_hours)} | {_hours(row.total_hours)} | "
                     f"{_cell(row.project)} |")
    material = project_material(chapters)
    if material:
        names = ", ".join(f"{c.code} {c.title}" for c in material)
        lines += ["", f"Project material, from week 2 onwards: {names}."]
    return Markdown("\n".join(lines))


def hours_markdown(chapters: Sequence[Chapter] | None = None, weeks: Sequence[Week] = COHORT_WEEKS) -> Markdown:
    """Hours per module as a Markdown table."""
    table = hours_by_module(chapters, weeks)
    lines = ["| Module | Weeks | Live (h) | Self-study (h) | Project (h) | Total (h) |", "|---|---:|---:|---:|---:|---:|"]
    for row in table.itertuples():
        bold = "**" if row.module == "Whole course" else ""
        lines.append(f"| {bold}{row.module}{bold} | {row.weeks} | {_hours(row.live_hours)} | "
                     f"{_hours(row.self_study_hours)} | {_hours(row.project_hours)} | {bold}{_hours(row.total_hours)}{bold} |")
    return Markdown("\n".join(lines))


def outcomes_markdown(chapters: Sequence[Chapter] | None = None, links: bool = True) -> Markdown:
    """The outcomes map as nested lists: week → chapter → objectives → exercises.

    With ``links``, each chapter's name links to its page when _toc.yml lists it.
    """
    chapters = _chapters(chapters)
    toc = _toc_files() if links else set()
    by_week: dict[int | None, list[Chapter]] = {}
    for chapter in chapters:
        by_week.setdefault(chapter.week or None, []).append(chapter)
    lines = []
    for week in sorted(by_week, key=lambda w: (w is None, w or 0)):
        lines.append(f"**Week {week}**" if week else "**Not tied to a week** (reading, project material, reference)")
        lines.append("")
        for chapter in by_week[week]:
            lines.append(f"- **{_chapter_name(chapter, toc)}** — about {_hours(round(chapter.minutes / 60, 1))} h")
            lines.append("  - By the end, learners can:")
            lines += [f"    - {_cell(o)}" for o in chapter.objectives]
            exercises = _exercises_of_chapter(chapter)
            if exercises:
                lines.append(f"  - Practised in the exercises: {_cell('; '.join(exercises))}")
            else:
                lines.append("  - Practised in the exercises: none declared yet")
        lines.append("")
    if not lines:
        lines = ["No chapter modules found in bootcamp/chapters/."]
    return Markdown("\n".join(lines).rstrip())


def summary_sentence(chapters: Sequence[Chapter] | None = None, weeks: Sequence[Week] = COHORT_WEEKS) -> Markdown:
    """One sentence with the course's size: weeks, chapters, objectives, exercises and hours."""
    chapters = _chapters(chapters)
    table = plan(chapters, weeks)
    n_exercises = sum(len(exercises_table(c)) for c in chapters)
    n_objectives = sum(len(c.objectives) for c in chapters)
    first = [w for w in weeks if w.module != "Advanced"]
    return Markdown(
        f"{len(weeks)} weeks ({len(first)} beginner and intermediate, {len(weeks) - len(first)} advanced), "
        f"{_count(len(chapters), 'chapter')}, {_count(n_objectives, 'learning objective')} and "
        f"{_count(n_exercises, 'checked exercise')}; "
        f"about {_hours(round(table['total_hours'].sum()))} hours of a learner's time, "
        f"{_hours(round(table['total_hours'].mean(), 1))} hours a week on average."
    )
