"""Running and evaluating a cohort: learners' progress files, and the surveys the course evaluates itself with.

Progress (chapter T3). Each chapter notebook records a learner's exercise results; ``bootcamp.progress.export``
writes them to a JSON file the learner sends to their mentor. A learner works in one kernel per chapter, so a mentor
usually holds several files per learner. :func:`read_progress` reads a folder of them into one table (merging a
learner's files), and :func:`cohort_summary` and :func:`chapter_completion` turn that into what a mentor looks at
before the weekly session.

Surveys (chapter T5). :data:`SURVEYS` holds the pre-course, end-of-course and six-month questionnaires as data;
:func:`survey_markdown` prints one as a form; :func:`synthetic_survey` makes SYNTHETIC responses (fixed seed) to
demonstrate the analysis; :func:`confidence_by_wave`, :func:`paired_change`, :func:`response_rates` and
:func:`share_yes` compute what a programme lead reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError, require_frame

# --- progress files -------------------------------------------------------------------------------------------------

STATUS_RANK = {"correct": 5, "incorrect": 4, "error": 3, "timeout": 2, "not attempted": 1, None: 0}
PROGRESS_COLUMNS = ["learner", "label", "chapter", "status", "attempts", "solution_viewed", "exported"]


def course_labels(chapters=None) -> dict[str, str]:
    """Every exercise label of the course, mapped to its chapter code, in course order."""
    from bootcamp.chapters import all_chapters, module_of
    from bootcamp.exercises import exercises_of

    labels = {}
    for chapter in all_chapters() if chapters is None else chapters:
        try:
            module = module_of(chapter.code)
        except ImportError:
            continue
        for exercise in exercises_of(module):
            labels[exercise.label] = chapter.code
    return labels


def chapter_of(label: str) -> str:
    """The chapter code an exercise label belongs to: ``"b2-q3"`` → ``"B2"``."""
    return str(label).split("-", 1)[0].upper()


def _progress_files(source) -> list[Path]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            files = sorted(path.glob("*.json"))
            if not files:
                raise BootcampInputError(f"No progress files (*.json) in the folder {path.name!r}.")
            return files
        if not path.exists():
            raise BootcampInputError(f"Progress file or folder {str(path)!r} does not exist.")
        return [path]
    files = [Path(p) for p in source]
    if not files:
        raise BootcampInputError("No progress files given.")
    return files


def _read_one(path: Path) -> list[dict]:
    try:
        payload = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BootcampInputError(f"{path.name} is not a readable progress file ({type(exc).__name__}).") from None
    if not isinstance(payload, dict) or not {"learner", "results"} <= set(payload):
        raise BootcampInputError(f"{path.name} is not a progress file: it needs 'learner' and 'results' "
                                 "(write one with bootcamp.progress.export).")
    learner = str(payload["learner"]).strip()
    if not learner:
        raise BootcampInputError(f"{path.name} has an empty 'learner' name.")
    results = payload["results"]
    if not isinstance(results, dict):
        raise BootcampInputError(f"{path.name}: 'results' must map exercise labels to results.")
    exported = pd.to_datetime(payload.get("exported"), utc=True, errors="coerce")
    rows = []
    for label, entry in results.items():
        if not isinstance(entry, dict):
            raise BootcampInputError(f"{path.name}: the result for {label!r} is not a record.")
        status = entry.get("status")
        if status not in STATUS_RANK:
            raise BootcampInputError(f"{path.name}: unknown status {status!r} for {label!r}.")
        rows.append({"learner": learner, "label": label, "chapter": chapter_of(label), "status": status,
                     "attempts": int(entry.get("attempts") or 0),
                     "solution_viewed": bool(entry.get("solution_viewed")), "exported": exported})
    return rows


def read_progress(source: str | Path | Iterable[str | Path]) -> pd.DataFrame:
    """Read learners' exported progress files (a folder of ``*.json`` or a list of files) into one table.

    One row per learner and exercise. A learner's several files (one per chapter session, or re-exports) are merged:
    the best status wins (correct beats incorrect beats not attempted), attempts add up, a solution viewed in any
    session counts, and ``exported`` is the latest export time.
    """
    rows = [row for path in _progress_files(source) for row in _read_one(path)]
    if not rows:
        return pd.DataFrame(columns=PROGRESS_COLUMNS)
    table = pd.DataFrame(rows)
    table["rank"] = table["status"].map(STATUS_RANK)
    merged = (table.sort_values("rank", kind="stable")
              .groupby(["learner", "label"], sort=True)
              .agg(chapter=("chapter", "first"), status=("status", "last"), attempts=("attempts", "sum"),
                   solution_viewed=("solution_viewed", "any"), exported=("exported", "max"))
              .reset_index())
    merged = merged.sort_values(["learner", "label"], key=_natural, kind="stable", ignore_index=True)
    return merged[PROGRESS_COLUMNS]


def _natural(column: pd.Series) -> pd.Series:
    """Sort key putting b1-q2 before b1-q10."""
    if column.name != "label":
        return column
    return column.map(lambda label: tuple(int(p) if p.isdigit() else p
                                          for p in str(label).replace("-q", "-").split("-")))


def cohort_summary(progress: pd.DataFrame, labels: Sequence[str] | None = None, quiet_days: int = 14) -> pd.DataFrame:
    """One row per learner: exercises attempted and correct, share of the course done, solutions viewed, last export.

    ``labels`` are the course's exercise labels (default: every exercise of every chapter module); the share is of
    those. ``check_in`` flags a learner to talk to: nothing exported for ``quiet_days`` days before the cohort's
    latest export, or more solutions viewed than exercises got right.
    """
    require_frame(progress, "progress", PROGRESS_COLUMNS, allow_empty=True)
    labels = list(course_labels()) if labels is None else list(labels)
    attempted = progress["status"].isin([s for s in STATUS_RANK if STATUS_RANK[s] >= 2])
    table = progress.assign(attempted=attempted, correct=progress["status"].eq("correct"))
    summary = table.groupby("learner").agg(
        chapters_started=("chapter", "nunique"), attempted=("attempted", "sum"), correct=("correct", "sum"),
        solutions_viewed=("solution_viewed", "sum"), last_export=("exported", "max"))
    summary["share_of_course"] = (summary["correct"] / len(labels)).round(2) if labels else np.nan
    latest = summary["last_export"].max()
    quiet = (latest - summary["last_export"]) >= pd.Timedelta(days=quiet_days)
    summary["check_in"] = np.select(
        [quiet, summary["solutions_viewed"] > summary["correct"]],
        [f"no export for {quiet_days}+ days", "more solutions viewed than solved"], default="")
    summary["last_export"] = summary["last_export"].dt.strftime("%Y-%m-%d")
    columns = ["chapters_started", "attempted", "correct", "share_of_course", "solutions_viewed", "last_export",
               "check_in"]
    return summary[columns].astype({"attempted": int, "correct": int, "solutions_viewed": int}).reset_index()


def chapter_completion(progress: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Share of each chapter's exercises each learner has right: learners as rows, chapters (course order) as columns."""
    require_frame(progress, "progress", PROGRESS_COLUMNS, allow_empty=True)
    labels = course_labels() if labels is None else dict(labels)
    chapters = list(dict.fromkeys(labels.values())) or sorted(progress["chapter"].unique())
    per_chapter = pd.Series(labels).value_counts() if labels else progress.groupby("chapter")["label"].nunique()
    correct = progress[progress["status"].eq("correct")].groupby(["learner", "chapter"]).size().unstack(fill_value=0)
    correct = correct.reindex(index=sorted(progress["learner"].unique()), columns=chapters, fill_value=0)
    return (correct / per_chapter.reindex(chapters)).round(2).rename_axis(index="learner", columns=None)


def demo_labels(per_chapter: int = 6) -> dict[str, str]:
    """A fixed, made-up course for demonstrations: the course's chapters B1–A2, ``per_chapter`` exercises each.

    The demo does not depend on the chapters' real exercise lists, so a page built on it stays the same as chapters
    change. With a real cohort, use :func:`course_labels`.
    """
    codes = ("B1", "B2", "B3", "B4", "B5", "I1", "I2", "I3", "A1", "A2")
    return {f"{code.lower()}-q{i}": code for code in codes for i in range(1, per_chapter + 1)}


def report(folder: str | Path, csv: str | Path | None = None) -> str:
    """The command line's view of a folder of progress files: the cohort summary and each chapter's completion.

    ``python -m bootcamp cohort FOLDER [--csv summary.csv]``. With ``csv``, the summary is also written there.
    """
    table = read_progress(folder)
    labels = course_labels() or {label: chapter_of(label) for label in sorted(table["label"].unique())}
    summary = cohort_summary(table, list(labels))
    completion = chapter_completion(table, labels)
    if csv:
        summary.to_csv(csv, index=False)
    lines = [f"{summary['learner'].nunique()} learners, {len(table)} exercise results", "",
             summary.to_string(index=False), "", "Share of each chapter's exercises right:", "",
             completion.to_string()]
    return "\n".join(lines)


DEMO_LEARNERS = ("amira", "ben", "chidi", "dorota", "eilidh", "farhan", "grace", "hui", "ines", "jamal", "kofi",
                 "lena", "mehmet", "nadia", "oisin")


def synthetic_progress(folder: str | Path, labels: dict[str, str], learners: int = 8, seed: int = 2021,
                       start: date = date(2026, 1, 12), snapshot_week: int = 6) -> list[Path]:
    """Write SYNTHETIC progress files for a demo cohort into ``folder``: one file per learner per chapter done.

    A snapshot of a cohort in week ``snapshot_week``, doing one chapter a week from ``start``. Each learner has a
    skill (how often they get an exercise right, and how soon they look at the solution) and a lag (0–2 weeks
    behind the plan); about one in five went quiet a few weeks ago. Deterministic for a given ``seed``.
    """
    if not labels:
        raise BootcampInputError("labels is empty: give the course's exercise labels (cohort.course_labels()).")
    if not 1 <= learners <= len(DEMO_LEARNERS):
        raise BootcampInputError(f"learners must be between 1 and {len(DEMO_LEARNERS)}, not {learners}.")
    if snapshot_week < 1:
        raise BootcampInputError(f"snapshot_week must be 1 or more, not {snapshot_week}.")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    chapters = list(dict.fromkeys(labels.values()))
    written = []
    for name in DEMO_LEARNERS[:learners]:
        skill = rng.uniform(0.45, 0.95)
        lag = int(rng.choice([0, 0, 1, 1, 2]))
        quiet_from = lag + 1 + int(rng.integers(0, max(1, snapshot_week - lag - 3))) if rng.random() < 0.2 else None
        for number, chapter in enumerate(chapters):
            week = number + lag  # the course week (from 0) in which this learner did this chapter
            if week >= snapshot_week or (quiet_from is not None and week >= quiet_from):
                break
            results = {}
            for label in (lab for lab, code in labels.items() if code == chapter):
                if rng.random() > 0.9:  # skipped this one
                    continue
                right = rng.random() < skill
                viewed = rng.random() < (0.15 if right else 0.7)
                results[label] = {"attempts": int(rng.integers(1, 4)), "status": "correct" if right else "incorrect",
                                  "solution_viewed": bool(viewed)}
            when = datetime.combine(start + timedelta(days=7 * week + int(rng.integers(0, 6))),
                                    datetime.min.time(), tzinfo=timezone.utc) + timedelta(hours=17)
            payload = {"learner": name, "exported": when.isoformat(timespec="seconds"), "results": results}
            path = folder / f"{name}-{chapter.lower()}.json"
            path.write_text(json.dumps(payload, indent=2) + "\n")
            written.append(path)
    return written


# --- surveys --------------------------------------------------------------------------------------------------------

CONFIDENCE_SCALE = {1: "Not at all confident", 2: "Slightly confident", 3: "Somewhat confident",
                    4: "Confident", 5: "Very confident"}
AGREEMENT_SCALE = {1: "Strongly disagree", 2: "Disagree", 3: "Neither agree nor disagree", 4: "Agree",
                   5: "Strongly agree"}

# The skills the pilot bootcamp set out to teach, in its own words: the self-rated confidence items of every survey.
SKILLS = {
    "cleaning": "Clean and standardise names, dates and addresses with pandas",
    "linkage_python": "Link two data sets in Python and measure the result",
    "linkage_r": "Link two data sets in R",
    "good_practice": "Plan a linkage well: data protection, quality assurance, bias",
    "address_matching": "Match addresses to UPRNs",
    "regex": "Write regular expressions to parse and clean text",
    "deterministic": "Build a deterministic match-key cascade",
    "probabilistic": "Build and tune a probabilistic (Fellegi–Sunter) model",
    "ml_address": "Use machine learning to match addresses",
}
SKILL_LABELS = {  # short names for charts
    "cleaning": "Cleaning with pandas", "linkage_python": "Linkage in Python", "linkage_r": "Linkage in R",
    "good_practice": "Good practice", "address_matching": "Address matching", "regex": "Regex",
    "deterministic": "Deterministic matching", "probabilistic": "Probabilistic matching",
    "ml_address": "ML address matching",
}


QUESTION_LABELS = {  # short names for charts
    "used_at_work": "Used it at work", "project_in_use": "Project in use by a service",
    "cascaded": "Taught colleagues", "network": "Asked a peer in another borough",
    "mentor_support": "Mentors helped", "peer_support": "Peers helped", "project_value": "Project worth it",
}


@dataclass(frozen=True)
class Question:
    """One survey question: an id for analysis, its wording, and its kind (confidence, agree, yes_no, scale_0_10, choice, number, text)."""

    id: str
    text: str
    kind: str
    options: tuple[str, ...] = ()


def _confidence_items() -> list[Question]:
    return [Question(f"confidence_{key}", f"How confident are you that you can: {text}?", "confidence")
            for key, text in SKILLS.items()]


SURVEYS = {
    "pre": (
        "Pre-course survey (week 0)",
        [Question("role", "Which best describes your role?", "choice",
                  ("Analyst", "Data scientist", "Data engineer", "Manager", "Other")),
         Question("matching_now", "Does your work involve matching records today?", "yes_no"),
         *_confidence_items(),
         Question("hopes", "What matching problem do you hope to solve by the end of the course?", "text")],
    ),
    "end": (
        "End-of-course survey (week 12)",
        [*_confidence_items(),
         Question("pace", "The pace of the course was…", "choice", ("Too slow", "About right", "Too fast")),
         Question("mentor_support", "The mentors' support helped me learn.", "agree"),
         Question("peer_support", "Working with peers from other boroughs helped me learn.", "agree"),
         Question("project_value", "The project was worth the time it took.", "agree"),
         Question("recommend", "How likely are you to recommend the course to a colleague (0–10)?", "scale_0_10"),
         Question("change", "What one change would most improve the course?", "text")],
    ),
    "six_months": (
        "Six-month follow-up survey",
        [*_confidence_items(),
         Question("used_at_work", "Have you used what you learnt on the course in your work since it ended?", "yes_no"),
         Question("project_in_use", "Is your course project (or a successor) in use by a service?", "yes_no"),
         Question("cascaded", "Have you taught any of the course to colleagues?", "yes_no"),
         Question("colleagues_taught", "How many colleagues have you taught?", "number"),
         Question("network", "Have you asked a course peer from another borough for help since the course?", "yes_no"),
         Question("example", "Describe one piece of work the course changed.", "text")],
    ),
}
WAVES = {"pre": "Pre-course", "end": "End of course", "six_months": "Six months on"}

_ANSWER_FORMS = {
    "confidence": " · ".join(f"{k} {v}" for k, v in CONFIDENCE_SCALE.items()),
    "agree": " · ".join(f"{k} {v}" for k, v in AGREEMENT_SCALE.items()),
    "yes_no": "Yes · No",
    "scale_0_10": "0 (not at all likely) … 10 (extremely likely)",
    "number": "a whole number",
    "text": "free text",
}


def survey_markdown(wave: str) -> str:
    """A survey as a numbered Markdown form, ready to paste into a form tool."""
    if wave not in SURVEYS:
        raise BootcampInputError(f"wave must be one of {sorted(SURVEYS)}, not {wave!r}.")
    title, questions = SURVEYS[wave]
    lines = [f"**{title}**", "", "| # | Question | Answer |", "|---:|---|---|"]
    for number, question in enumerate(questions, 1):
        form = " · ".join(question.options) if question.kind == "choice" else _ANSWER_FORMS[question.kind]
        lines.append(f"| {number} | {question.text} | {form} |")
    return "\n".join(lines)


def synthetic_survey(respondents: int = 15, seed: int = 2021) -> pd.DataFrame:
    """SYNTHETIC survey responses for a demo cohort, in long form: ``respondent, borough, wave, question, answer``.

    Not real data: a small model in which confidence starts low, rises by the end of the course (least for R, which
    few use at work) and drifts back a little by six months, more for people who did not use the skills; not everyone
    answers the later waves. Numeric answers only (free text is read, not charted). Deterministic for a seed.
    """
    if respondents < 2:
        raise BootcampInputError(f"respondents must be at least 2, not {respondents}.")
    rng = np.random.default_rng(seed)
    gains = {"cleaning": 1.0, "linkage_python": 1.6, "linkage_r": 0.8, "good_practice": 1.4,
             "address_matching": 1.7, "regex": 1.3, "deterministic": 1.7, "probabilistic": 1.8, "ml_address": 1.9}
    starts = {"cleaning": 3.0, "linkage_python": 2.0, "linkage_r": 1.5, "good_practice": 2.4,
              "address_matching": 2.1, "regex": 2.0, "deterministic": 2.2, "probabilistic": 1.4, "ml_address": 1.2}
    rows = []
    for i in range(respondents):
        person = f"R{i + 1:02d}"
        borough = f"Borough {'ABCDEFGHI'[i % 9]}"
        ability = rng.normal(0, 0.5)
        answered_end = rng.random() < 0.93
        answered_six = answered_end and rng.random() < 0.75
        used = rng.random() < 0.8
        answers = {"pre": {}, "end": {}, "six_months": {}}
        for skill in SKILLS:
            pre = starts[skill] + ability + rng.normal(0, 0.6)
            end = pre + gains[skill] + rng.normal(0, 0.5)
            six = end - (0.2 if used else 0.7) + rng.normal(0, 0.4)
            for wave, value in (("pre", pre), ("end", end), ("six_months", six)):
                answers[wave][f"confidence_{skill}"] = int(np.clip(round(value), 1, 5))
        answers["pre"]["matching_now"] = int(rng.random() < 0.7)
        answers["end"].update(
            mentor_support=int(np.clip(round(4.3 + rng.normal(0, 0.6)), 1, 5)),
            peer_support=int(np.clip(round(4.0 + rng.normal(0, 0.8)), 1, 5)),
            project_value=int(np.clip(round(3.8 + rng.normal(0, 0.9)), 1, 5)),
            recommend=int(np.clip(round(8.3 + rng.normal(0, 1.4)), 0, 10)))
        cascaded = used and rng.random() < 0.5
        answers["six_months"].update(
            used_at_work=int(used), project_in_use=int(used and rng.random() < 0.55), cascaded=int(cascaded),
            colleagues_taught=int(rng.integers(1, 7)) if cascaded else 0, network=int(rng.random() < 0.6))
        for wave, took_part in (("pre", True), ("end", answered_end), ("six_months", answered_six)):
            if took_part:
                rows += [{"respondent": person, "borough": borough, "wave": wave, "question": q, "answer": a}
                         for q, a in answers[wave].items()]
    return pd.DataFrame(rows)


_RESPONSE_COLUMNS = ["respondent", "wave", "question", "answer"]


def response_rates(responses: pd.DataFrame, invited: int | None = None) -> pd.DataFrame:
    """Respondents per wave and the response rate (of ``invited``, default: everyone who answered the first wave)."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    counts = responses.groupby("wave")["respondent"].nunique().reindex(list(WAVES)).fillna(0).astype(int)
    invited = invited or int(counts.iloc[0])
    return pd.DataFrame({"wave": [WAVES[w] for w in counts.index], "respondents": counts.values,
                         "response_rate": (counts.values / invited).round(2)})


def confidence_by_wave(responses: pd.DataFrame) -> pd.DataFrame:
    """Mean self-rated confidence (1–5) per skill and wave, skills as rows in course order, waves as columns."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    items = responses[responses["question"].str.startswith("confidence_")]
    if items.empty:
        raise BootcampInputError("responses hold no confidence_* questions to summarise.")
    table = items.assign(skill=items["question"].str.removeprefix("confidence_")).pivot_table(
        index="skill", columns="wave", values="answer", aggfunc="mean")
    table = table.reindex(index=[s for s in SKILLS if s in table.index],
                          columns=[w for w in WAVES if w in table.columns])
    return table.rename(columns=WAVES).round(2).rename_axis(index="skill", columns=None)


def paired_change(responses: pd.DataFrame, before: str = "pre", after: str = "end") -> pd.DataFrame:
    """Change in confidence per skill among respondents who answered both waves (so drop-outs cannot flatter it)."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    for wave in (before, after):
        if wave not in WAVES:
            raise BootcampInputError(f"wave must be one of {sorted(WAVES)}, not {wave!r}.")
    items = responses[responses["question"].str.startswith("confidence_") & responses["wave"].isin([before, after])]
    wide = items.pivot_table(index=["respondent", "question"], columns="wave", values="answer")
    if before not in wide or after not in wide or wide.dropna(subset=[before, after]).empty:
        raise BootcampInputError(f"no respondent answered both the {before!r} and the {after!r} survey.")
    wide = wide.dropna(subset=[before, after])
    delta = (wide[after] - wide[before]).rename("change").reset_index()
    delta["skill"] = delta["question"].str.removeprefix("confidence_")
    table = delta.groupby("skill").agg(respondents=("respondent", "nunique"), mean_change=("change", "mean"),
                                       improved=("change", lambda c: (c > 0).mean()),
                                       worse=("change", lambda c: (c < 0).mean()))
    table = table.reindex([s for s in SKILLS if s in table.index])
    return table.round(2).reset_index()


def share_yes(responses: pd.DataFrame, wave: str, questions: Sequence[str]) -> pd.DataFrame:
    """For yes/no questions (answers 1/0): respondents, how many said yes and the share, one row per question."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    texts = {q.id: q.text for q in SURVEYS.get(wave, ("", []))[1]}
    rows = []
    for question in questions:
        answers = responses.loc[responses["wave"].eq(wave) & responses["question"].eq(question), "answer"]
        if answers.empty:
            raise BootcampInputError(f"no answers to {question!r} in the {wave!r} wave.")
        rows.append({"id": question, "question": texts.get(question, question), "respondents": len(answers),
                     "yes": int(answers.sum()), "share": round(float(answers.mean()), 2)})
    return pd.DataFrame(rows)


def net_promoter(responses: pd.DataFrame, question: str = "recommend", wave: str = "end") -> dict:
    """Net promoter score of a 0–10 question: % promoters (9–10) minus % detractors (0–6), with the counts."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    scores = responses.loc[responses["wave"].eq(wave) & responses["question"].eq(question), "answer"]
    if scores.empty:
        raise BootcampInputError(f"no answers to {question!r} in the {wave!r} wave.")
    promoters, detractors = int((scores >= 9).sum()), int((scores <= 6).sum())
    return {"respondents": len(scores), "promoters": promoters, "passives": len(scores) - promoters - detractors,
            "detractors": detractors, "score": round(100 * (promoters - detractors) / len(scores))}
