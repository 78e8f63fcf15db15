"""The teaching pages add up: the workshop script and the condensed formats (T4), the session plans (T2).

Each timing table is parsed from the page itself: its minutes must add up (to the day, or to the session), every
row must start when the one before ends, the exercises a block sets must fit in its minutes, and every exercise it
names must exist in the course, with the title the page gives it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bootcamp.chapters import module_of
from bootcamp.exercises import NOT_ATTEMPTED, exercises_of

from bootcamp.paths import ROOT  # noqa: E402 - the repository root, defined once
T4 = ROOT / "book" / "teaching" / "t4_cascading.md"
T2 = ROOT / "book" / "teaching" / "t2_session_plans.md"
FILL_INS = ROOT / "book" / "teaching" / "templates" / "workshop_fill_ins.py"
EXERCISE = re.compile(r"`(?P<label>[a-z]\d-q\d+)` (?P<title>[^;(]+?) \((?:(?P<style>[a-z-]+), )?(?P<minutes>\d+) min\)")


def tables_under(text: str, heading: str) -> list[list[dict]]:
    """Every Markdown table in the section of ``text`` that starts at ``heading`` (down to the next heading of its
    level or higher), as lists of rows keyed by the header."""
    level = len(heading) - len(heading.lstrip("#"))
    lines = text.splitlines()
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines))
                if re.match(r"#{1,%d} " % level, lines[i])), len(lines))
    tables, current = [], []
    for line in lines[start:end] + [""]:
        if line.startswith("|"):
            current.append([cell.strip() for cell in line.strip().strip("|").split("|")])
        elif current:
            header, rows = current[0], current[2:]
            tables.append([dict(zip(header, row)) for row in rows])
            current = []
    return tables


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _titles() -> dict[str, str]:
    titles = {}
    for code in ("B0", "B1", "B2", "B4", "B5", "I1", "I2", "I3", "A1", "A2"):
        titles.update({e.label: e.title for e in exercises_of(module_of(code))})
    return titles


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z+]+", " ", text.casefold()).split())


def check_timetable(rows: list[dict], first: str, last: str | None, total: int, exercise_column: str) -> None:
    """Rows chain from ``first``, add up to ``total`` minutes (ending at ``last``), and each block's exercises fit."""
    titles = _titles()
    assert rows, "no table found"
    clock = _clock(first)
    for row in rows:
        assert _clock(row["Start"]) == clock, f"{row['Start']} should be {clock // 60}:{clock % 60:02d}: {row}"
        minutes = int(row["Minutes"])
        clock += minutes
        found = list(EXERCISE.finditer(row.get(exercise_column, "")))
        assert sum(int(m["minutes"]) for m in found) <= minutes, f"exercises do not fit in {minutes} min: {row}"
        for match in found:
            assert match["label"] in titles, f"no exercise {match['label']} in the course"
            assert _words(match["title"]) in _words(titles[match["label"]]), (match["label"], match["title"])
    assert sum(int(r["Minutes"]) for r in rows) == total
    if last:
        assert clock == _clock(last)


def test_the_one_day_workshop_adds_up_to_the_day():
    [script] = [t for t in tables_under(T4.read_text(), "## The one-day workshop") if "Start" in t[0]]
    check_timetable(script, "09:00", "16:30", 450, "Exercises (style, minutes)")
    text = " ".join(row["Exercises (style, minutes)"] for row in script)
    for chapter in ("b0", "b1", "b2", "b5"):  # a slice of each, with value and fill-in exercises
        assert f"`{chapter}-q" in text
    assert "(value," in text and "(fill-in," in text


def test_the_half_day_and_the_four_sessions_add_up():
    text = T4.read_text()
    [half] = tables_under(text, "## A half-day")
    check_timetable(half, "09:30", "13:00", 210, "Exercises (style, minutes)")
    sessions = tables_under(text, "## Four 2-hour sessions")
    assert len(sessions) == 4
    for rows in sessions:
        check_timetable(rows, "0:00", "2:00", 120, "Exercises (style, minutes)")


def test_the_fill_in_versions_are_not_attempted_until_filled_then_pass_their_checks():
    source = FILL_INS.read_text()
    namespace: dict = {}
    exec(compile(source, str(FILL_INS), "exec"), namespace)
    exercises = {"normalise_postcode": module_of("B1").q7, "precision_recall_f1": module_of("B2").q5,
                 "postcode_sector": module_of("B5").q2}
    for name, exercise in exercises.items():
        assert exercise.evaluate(namespace[name]).status == NOT_ATTEMPTED, name
    answers = iter(['" "', "fp", "fn", "recall", "-2"])  # the key, in the order the gaps appear
    filled = []
    for line in source.splitlines():
        code = line.split("#")[0]
        if "____" in code and not line.startswith("from bootcamp.blanks") and "``____``" not in line:
            while "____" in code:
                code = code.replace("____", next(answers), 1)
            line = code
        filled.append(line)
    assert next(answers, None) is None, "the key has more answers than the file has gaps"
    namespace = {}
    exec("\n".join(filled), namespace)
    for name, exercise in exercises.items():
        result = exercise.evaluate(namespace[name])
        assert result.ok, f"{exercise.label} filled in: {result.message}"


def test_the_workshop_templates_exist_and_ask_for_the_respondent_code():
    templates = T4.parent / "templates"
    form = (templates / "workshop_feedback_form.md").read_text()
    assert "respondent code" in form and "Which council (borough)" in form
    for name in re.findall(r"\{download\}`[^<`]*<(templates/[^>]+)>`", T4.read_text()):
        assert (T4.parent / name).exists(), name


def _weeks(text: str) -> dict[str, str]:
    parts = re.split(r"^(## Week \d+ .*)$", text, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts), 2)}


def test_every_session_plan_adds_up_and_its_exercise_blocks_fit():
    weeks = _weeks(T2.read_text())
    assert len(weeks) == 12
    for heading, body in weeks.items():
        [timing] = tables_under(body, "### Timing")
        check_timetable(timing, "0:00", "2:30", 150, "Activity")
        in_timing = {m["label"] for row in timing for m in EXERCISE.finditer(row["Activity"])}
        sets = body.split("### Exercises to set", 1)[1].split("###", 1)[0]
        in_session = sets.split("For homework:")[0]
        listed = set(re.findall(r"^- `([a-z]\d-q\d+)`", in_session, flags=re.M))
        assert in_timing == listed, f"{heading}: the timing table sets {sorted(in_timing)}, the list {sorted(listed)}"
        generic = [row["Activity"] for row in timing if row["Activity"].startswith("Exercises") and
                   not EXERCISE.search(row["Activity"])]
        assert not generic, f"{heading}: an exercise block that does not name its exercises: {generic}"


def test_week_5_holds_what_it_sets():
    [timing] = tables_under(_weeks(T2.read_text())["## Week 5 · Regular expressions"], "### Timing")
    block = next(row for row in timing if row["Start"] == "1:25")
    assert sum(int(m["minutes"]) for m in EXERCISE.finditer(block["Activity"])) <= int(block["Minutes"])


def test_checks_for_understanding_have_answers_for_the_trainer_only():
    for heading, body in _weeks(T2.read_text()).items():
        checks = body.split("### Checks for understanding", 1)[1].split("### Homework", 1)[0]
        assert "```{only} trainer" in checks and ":class: instructor" in checks, heading
        questions = checks.split("```{only} trainer")[0]
        assert not re.search(r"\?\"? \(", questions), f"{heading}: an answer is printed beside its question"
