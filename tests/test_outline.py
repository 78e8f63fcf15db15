"""The course-at-a-glance tables and the outcomes map are generated from the chapter modules, never typed twice."""

from __future__ import annotations

import sys
import types

import pytest

from bootcamp import outline
from bootcamp.chapters import Chapter, all_chapters
from bootcamp.exercises import ValueExercise


def _fake_chapter(**changes) -> Chapter:
    front = dict(code="Z9", title="Matching on the moon", part="intermediate", week=6, minutes=90,
                 notebook="book/intermediate/z9_moon.ipynb", questions=("Can we match craters?",),
                 objectives=("Block on crater names",), key_points=("Craters move slowly.",))
    front.update(changes)
    return Chapter(**front)


@pytest.fixture
def fake_course(monkeypatch):
    """The real chapters plus a fake one, Z9, whose module declares two exercises."""

    def install(chapter: Chapter):
        module = types.ModuleType(f"bootcamp.chapters.{chapter.code.lower()}")
        module.chapter = chapter
        module.q1 = ValueExercise(label="z9-q1", title="Count craters", reference=lambda: 3)
        module.q2 = ValueExercise(label="z9-q2", title="Name a crater", reference=lambda: "Tycho")
        monkeypatch.setitem(sys.modules, module.__name__, module)
        real = [c for c in all_chapters() if c.code != chapter.code]
        monkeypatch.setattr(outline, "all_chapters", lambda: real + [chapter])
        return chapter

    return install


def test_adding_an_objective_changes_the_outcomes_map(fake_course):
    fake_course(_fake_chapter())
    before = outline.outcomes()
    text_before = str(outline.outcomes_markdown())
    assert "Block on crater names" in text_before
    assert "z9-q1 Count craters" in text_before and "z9-q2 Name a crater" in text_before

    fake_course(_fake_chapter(objectives=("Block on crater names", "Weigh evidence from crater diameters")))
    after = outline.outcomes()
    assert len(after) == len(before) + 1
    assert "Weigh evidence from crater diameters" in set(after["objective"])
    assert "Weigh evidence from crater diameters" in str(outline.outcomes_markdown())
    row = after[after["objective"] == "Weigh evidence from crater diameters"].iloc[0]
    assert (row["week"], row["code"]) == (6, "Z9")
    assert "z9-q2 Name a crater" in row["exercises"]


def test_every_chapter_with_a_week_appears_in_the_plan_and_the_map(fake_course):
    fake_course(_fake_chapter())
    chapters = outline.all_chapters()
    plan = outline.plan()
    text = str(outline.outcomes_markdown(links=False))
    for chapter in chapters:
        if chapter.week:
            assert f"**{chapter.code} " in text, chapter.code
            assert plan["chapters"].str.contains(f"{chapter.code} ", regex=False).any(), chapter.code
            for objective in chapter.objectives:
                assert objective.replace("|", "\\|") in text


def test_plan_has_twelve_weeks_split_eight_and_four():
    plan = outline.plan([])
    assert plan["week"].tolist() == list(range(1, 13))
    assert (plan["module"] != "Advanced").sum() == 8
    assert (plan["module"] == "Advanced").sum() == 4
    assert plan.loc[plan["week"] == 12, "chapters"].iloc[0].startswith("Capstone")


def test_hours_come_from_chapter_minutes(fake_course):
    chapter = fake_course(_fake_chapter(minutes=120))
    plan = outline.plan([chapter])
    week6 = plan[plan["week"] == 6].iloc[0]
    assert week6["self_study_hours"] == 2.0
    assert week6["total_hours"] == week6["live_hours"] + 2.0 + week6["project_hours"]
    hours = outline.hours_by_module([chapter]).set_index("module")
    assert hours.loc["Whole course", "weeks"] == 12
    assert hours.loc["Whole course", "self_study_hours"] == 2.0


def test_a_continued_chapter_is_split_over_its_weeks():
    chapter = _fake_chapter(code="I3", week=7, minutes=240)
    plan = outline.plan([chapter]).set_index("week")
    assert plan.loc[7, "self_study_hours"] == plan.loc[8, "self_study_hours"] == 2.0
    assert "(continued)" in plan.loc[8, "chapters"]
    assert outline.weeks_of(chapter) == [7, 8]


def test_chapters_without_a_week_are_listed_apart():
    practice = _fake_chapter(code="P9", part="practice", week=None, title="A project brief")
    text = str(outline.outcomes_markdown([practice]))
    assert "Not tied to a week" in text and "P9 A project brief" in text
    assert "P9 A project brief" in str(outline.plan_markdown([practice]))


def test_markdown_tables_are_well_formed_with_the_real_chapters():
    for table in (outline.plan_markdown(), outline.hours_markdown()):
        lines = str(table).split("\n\n")[0].splitlines()
        widths = {line.count("|") - line.count("\\|") for line in lines}
        assert len(widths) == 1, lines
    assert "weeks" in str(outline.summary_sentence())


def test_exercises_named_in_the_teaching_pages_exist():
    """Labels such as `b2-q3` in the condensed formats must be exercises of their chapter, with the same title."""
    import re

    from bootcamp.chapters import module_of
    from bootcamp.exercises import exercises_of
    from bootcamp.paths import BOOK

    known_codes = {c.code for c in all_chapters()}
    for page in ("teaching/t4_cascading.md", "teaching/t2_session_plans.md"):
        text = (BOOK / page).read_text()
        for label, title in re.findall(r"`([a-z]\d-q\d+)`\s*([^;|`]*)", text):
            code = label.split("-")[0].upper()
            if code not in known_codes:
                continue  # the chapter is not written yet
            titles = {e.label: e.title for e in exercises_of(module_of(code))}
            assert label in titles, f"{page} names {label}, which {code} does not declare"
            shown = title.strip().lstrip("(").lower()
            if shown and not shown.startswith(")"):
                assert shown.startswith(titles[label].lower()), f"{page}: {label} is now called {titles[label]!r}"


def test_chapters_link_to_their_page_only_when_the_book_lists_it(monkeypatch):
    listed = _fake_chapter(code="Z8", notebook="book/intermediate/z8_listed.ipynb")
    unlisted = _fake_chapter(code="Z9")
    monkeypatch.setattr(outline, "_toc_files", lambda: {"book/intermediate/z8_listed"})
    text = str(outline.outcomes_markdown([listed, unlisted]))
    assert "{doc}`Z8 Matching on the moon </book/intermediate/z8_listed>`" in text
    assert "**Z9 Matching on the moon**" in text
