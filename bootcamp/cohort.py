"""Running and evaluating a cohort: learners' progress files, and the surveys the course evaluates itself with.

Progress (chapter T3). Each chapter notebook records a learner's exercise results; its last cell,
``bootcamp.progress.export_chapter("B2")``, writes them to a JSON file the learner sends to their mentor. A learner
works in one kernel per chapter, so a mentor usually holds several files per learner. :func:`read_cohort` reads a
folder of them without ever stopping on a bad file: it merges a learner's files (names compared ignoring case and
spaces), keeps every learner (an empty export too) and lists every problem (a broken file, an empty export, a label
that is not in the course, which is not counted). :func:`cohort_summary` and :func:`chapter_completion` turn that
into what a mentor looks at before the weekly session; :func:`report` is the command line's
``python -m bootcamp cohort FOLDER``.

Surveys (chapter T5). :data:`SURVEYS` holds the pre-course, end-of-course and six-month questionnaires as data, each
opening with a respondent code and a borough so that the waves can be paired; :func:`survey_markdown` prints one as
a form; :func:`read_form_export` reads a wave exported as CSV from Microsoft Forms or Google Forms (text answers
such as "4 Confident", "Strongly agree" or "Yes" included); :func:`synthetic_survey` makes SYNTHETIC responses
(fixed seed) to demonstrate the analysis; :func:`confidence_by_wave`, :func:`paired_change`, :func:`paired_waves`,
:func:`response_rates`, :func:`share_yes` and :func:`net_promoter` compute what a programme lead reports.
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

STATUS_RANK = {"correct": 5, "incorrect": 4, "error": 3, "timeout": 2, "not attempted": 1, "reference answer": 1,
               None: 0}
PROGRESS_COLUMNS = ["learner", "label", "chapter", "status", "attempts", "solution_viewed", "exported"]
PROBLEM_COLUMNS = ["file", "learner", "problem"]


def course_labels(chapters=None) -> dict[str, str]:
    """Every exercise label of the course, mapped to its chapter code, in course order.

    Every chapter declares its exercises in ``bootcamp/chapters/<code>.py``, the R chapter B3 included (its
    ``b3-qN`` exercises are declared there too, and checked in R), so every chapter is tracked.
    """
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


def name_key(name: str) -> str:
    """What two spellings of one learner's name share: ``"Amira"``, ``"amira "`` and ``"AMIRA"`` all give ``"amira"``.

    Case and every space are ignored, so ``"Amira Khan"`` and ``"amirakhan"`` are the same learner too.
    """
    return "".join(str(name).split()).casefold()


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


@dataclass
class _Export:
    """What one progress file holds: a learner (or None), result rows, and every problem found in it."""

    file: str
    learner: str | None
    exported: pd.Timestamp
    spelling: str
    rows: list[dict]
    problems: list[str]


def _read_export(path: Path, labels: Sequence[str] | None) -> _Export:
    """Read one progress file without ever raising: what cannot be used is described in ``problems``."""
    export = _Export(path.name, None, pd.NaT, "", [], [])
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        export.problems.append(f"cannot be read ({type(exc).__name__})")
        return export
    if not text.strip():
        export.problems.append("is empty (0 bytes): ask the learner to export again")
        return export
    try:
        payload = json.loads(text)
    except json.JSONDecodeError:
        export.problems.append("is not a readable progress file (not JSON: perhaps cut short, or not an export)")
        return export
    if not isinstance(payload, dict) or not {"learner", "results"} <= set(payload):
        export.problems.append("is not a progress file: it needs 'learner' and 'results' "
                               "(write one with bootcamp.progress.export_chapter)")
        return export
    learner = " ".join(str(payload["learner"] or "").split())
    if not learner:
        export.problems.append("has an empty 'learner' name: its results cannot be given to anyone")
        return export
    export.learner, export.spelling = learner, str(payload["learner"])
    export.exported = pd.to_datetime(payload.get("exported"), utc=True, errors="coerce")
    results = payload["results"]
    if not isinstance(results, dict):
        export.problems.append("'results' must map exercise labels to results: none could be read")
        return export
    if not results:
        export.problems.append("holds no exercise results (an empty export: the learner may have exported before "
                               "running a check, or from a fresh kernel)")
    known = None if labels is None else set(labels)
    unknown = []
    for label, entry in results.items():
        if known is not None and label not in known:
            unknown.append(label)
            continue
        if not isinstance(entry, dict):
            export.problems.append(f"the result for {label!r} is not a record: not counted")
            continue
        status = entry.get("status")
        if status not in STATUS_RANK:
            export.problems.append(f"unknown status {status!r} for {label!r}: not counted")
            continue
        try:
            attempts = int(entry.get("attempts") or 0)
        except (TypeError, ValueError):
            attempts = 0
            export.problems.append(f"attempts for {label!r} is not a number: counted as 0")
        export.rows.append({"learner": learner, "label": label, "chapter": chapter_of(label), "status": status,
                            "attempts": attempts, "solution_viewed": bool(entry.get("solution_viewed")),
                            "exported": export.exported})
    if unknown:
        shown = ", ".join(map(repr, sorted(unknown)[:5])) + (" …" if len(unknown) > 5 else "")
        export.problems.append(f"{len(unknown)} exercise label(s) not in the course, not counted: {shown}")
    return export


@dataclass
class Cohort:
    """A folder of progress files, read: the merged results, every learner, and every problem found.

    * ``progress`` — one row per learner and exercise (see :func:`read_progress`);
    * ``learners`` — every learner named in a readable file, including those whose export is empty;
    * ``problems`` — one row per problem: ``file, learner, problem`` (a broken file, an empty export, an unknown
      label); nothing is skipped in silence;
    * ``names`` — the spellings merged into one learner (``learner, spellings``), when there were several.
    """

    progress: pd.DataFrame
    learners: list[str]
    problems: pd.DataFrame
    names: pd.DataFrame


def read_cohort(source: str | Path | Iterable[str | Path], labels: Sequence[str] | None = None) -> Cohort:
    """Read learners' progress files (a folder of ``*.json`` or a list of files); never stops on a bad file.

    A learner's several files are merged (see :func:`read_progress`); names that differ only in case or spaces
    ("Amira", "amira ") are one learner, shown as spelt in their latest export. With ``labels`` (the course's
    exercise labels, e.g. ``course_labels()``), results for any other label are reported and not counted.
    """
    exports = [_read_export(path, labels) for path in _progress_files(source)]
    readable = [e for e in exports if e.learner is not None]
    # one display name per learner: the spelling of their latest export (ties: the first in sorted order)
    spellings: dict[str, list[tuple[pd.Timestamp, str, str]]] = {}
    for export in readable:
        spellings.setdefault(name_key(export.learner), []).append((export.exported, export.learner, export.spelling))
    display = {}
    for key, seen in spellings.items():
        latest = max((when for when, _, _ in seen if not pd.isna(when)), default=None)
        candidates = sorted({name for when, name, _ in seen if latest is None or when == latest})
        display[key] = candidates[0]
    names = pd.DataFrame(
        [{"learner": display[key], "spellings": ", ".join(repr(s) for s in sorted({raw for _, _, raw in seen}))}
         for key, seen in sorted(spellings.items()) if len({raw for _, _, raw in seen}) > 1],
        columns=["learner", "spellings"])
    rows = [dict(row, learner=display[name_key(e.learner)]) for e in readable for row in e.rows]
    problems = pd.DataFrame(
        [{"file": e.file, "learner": display[name_key(e.learner)] if e.learner else "", "problem": problem}
         for e in exports for problem in e.problems], columns=PROBLEM_COLUMNS)
    return Cohort(progress=_merge(rows), learners=sorted(set(display.values()), key=str.casefold),
                  problems=problems, names=names)


def _merge(rows: list[dict]) -> pd.DataFrame:
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


def read_progress(source: str | Path | Iterable[str | Path], labels: Sequence[str] | None = None) -> pd.DataFrame:
    """Read learners' exported progress files (a folder of ``*.json`` or a list of files) into one table, strictly.

    One row per learner and exercise. A learner's several files (one per chapter session, or re-exports) are merged:
    the best status wins (correct beats incorrect beats not attempted), attempts add up, a solution viewed in any
    session counts, and ``exported`` is the latest export time. Names differing only in case or spaces are one
    learner. Any problem in any file stops it with a message naming the file; :func:`read_cohort` reads on and
    lists the problems instead (what a mentor's weekly report wants). An empty export is not a problem here: it
    simply adds no rows.
    """
    cohort = read_cohort(source, labels)
    serious = cohort.problems[~cohort.problems["problem"].str.startswith("holds no exercise results")]
    if len(serious):
        first = serious.iloc[0]
        more = f" (and {len(serious) - 1} more problem(s))" if len(serious) > 1 else ""
        raise BootcampInputError(f"{first['file']} {first['problem']}{more}. "
                                 "cohort.read_cohort reads on past bad files and lists every problem.")
    return cohort.progress


def _natural(column: pd.Series) -> pd.Series:
    """Sort key putting b1-q2 before b1-q10, and names in alphabetical order whatever their case."""
    if column.name == "learner":
        return column.map(lambda name: (str(name).casefold(), str(name)))
    if column.name != "label":
        return column
    return column.map(lambda label: tuple(int(p) if p.isdigit() else p
                                          for p in str(label).replace("-q", "-").split("-")))


def cohort_summary(progress: pd.DataFrame, labels: Sequence[str] | None = None, quiet_days: int = 14,
                   learners: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per learner: exercises attempted and correct, share of the course done, solutions viewed, last export.

    ``labels`` are the course's exercise labels (default: every exercise of every chapter module); the share is of
    those, and results for any other label are not counted. ``learners`` adds learners with no results at all (an
    empty export), so that nobody drops out of the table: they show zeros and ``check_in`` "no results exported".
    ``check_in`` also flags a learner to talk to: nothing exported for ``quiet_days`` days before the cohort's
    latest export, or more solutions viewed than exercises got right.
    """
    require_frame(progress, "progress", PROGRESS_COLUMNS, allow_empty=True)
    labels = list(course_labels()) if labels is None else list(labels)
    progress = progress[progress["label"].isin(labels)] if labels else progress
    attempted = progress["status"].isin([s for s in STATUS_RANK if STATUS_RANK[s] >= 2])
    table = progress.assign(attempted=attempted, correct=progress["status"].eq("correct"))
    summary = table.groupby("learner").agg(
        chapters_started=("chapter", "nunique"), attempted=("attempted", "sum"), correct=("correct", "sum"),
        solutions_viewed=("solution_viewed", "sum"), last_export=("exported", "max"))
    everyone = sorted(set(summary.index) | set(learners or ()), key=lambda n: (str(n).casefold(), str(n)))
    summary = summary.reindex(everyone)
    empty = summary["chapters_started"].isna()
    for column in ("chapters_started", "attempted", "correct", "solutions_viewed"):
        summary[column] = pd.to_numeric(summary[column]).fillna(0)
    summary["last_export"] = pd.to_datetime(summary["last_export"], utc=True)
    summary["share_of_course"] = (summary["correct"] / len(labels)).round(2) if labels else np.nan
    latest = summary["last_export"].max()
    quiet = ((latest - summary["last_export"]) >= pd.Timedelta(days=quiet_days)).fillna(False)
    summary["check_in"] = np.select(
        [empty.to_numpy(), quiet.to_numpy(), (summary["solutions_viewed"] > summary["correct"]).to_numpy()],
        ["no results exported", f"no export for {quiet_days}+ days", "more solutions viewed than solved"],
        default="")
    summary["last_export"] = summary["last_export"].dt.strftime("%Y-%m-%d").fillna("")
    columns = ["chapters_started", "attempted", "correct", "share_of_course", "solutions_viewed", "last_export",
               "check_in"]
    summary = summary[columns].astype({"chapters_started": int, "attempted": int, "correct": int,
                                       "solutions_viewed": int})
    return summary.rename_axis("learner").reset_index()


def chapter_completion(progress: pd.DataFrame, labels: dict[str, str] | None = None,
                       learners: Sequence[str] | None = None) -> pd.DataFrame:
    """Share of each chapter's exercises each learner has right: learners as rows, chapters (course order) as columns.

    Only the course's ``labels`` count; ``learners`` adds learners with no results (a row of zeros).
    """
    require_frame(progress, "progress", PROGRESS_COLUMNS, allow_empty=True)
    labels = course_labels() if labels is None else dict(labels)
    if labels:
        progress = progress[progress["label"].isin(list(labels))]
    chapters = list(dict.fromkeys(labels.values())) or sorted(progress["chapter"].unique())
    per_chapter = pd.Series(labels).value_counts() if labels else progress.groupby("chapter")["label"].nunique()
    everyone = sorted(set(progress["learner"]) | set(learners or ()), key=lambda n: (str(n).casefold(), str(n)))
    correct = progress[progress["status"].eq("correct")].groupby(["learner", "chapter"]).size().unstack(fill_value=0)
    correct = correct.reindex(index=everyone, columns=chapters, fill_value=0)
    return (correct / per_chapter.reindex(chapters)).round(2).rename_axis(index="learner", columns=None)


def demo_labels(per_chapter: int = 6) -> dict[str, str]:
    """A fixed, made-up course for demonstrations: the course's chapters B1–A2, ``per_chapter`` exercises each.

    The demo does not depend on the chapters' real exercise lists, so a page built on it stays the same as chapters
    change. With a real cohort, use :func:`course_labels`.
    """
    codes = ("B1", "B2", "B3", "B4", "B5", "I1", "I2", "I3", "A1", "A2")
    return {f"{code.lower()}-q{i}": code for code in codes for i in range(1, per_chapter + 1)}


def report(folder: str | Path, csv: str | Path | None = None, labels: dict[str, str] | None = None) -> str:
    """The command line's view of a folder of progress files: the summary, each chapter's completion, the problems.

    ``python -m bootcamp cohort FOLDER [--csv summary.csv]``. With ``csv``, the summary is also written there. One bad
    file never stops the report: every learner named in a readable file is in the summary (an empty export shows
    zeros), and every broken file, empty export and unknown exercise label is listed at the end.
    """
    labels = dict(labels) if labels is not None else course_labels()
    cohort = read_cohort(folder, list(labels) if labels else None)
    if not labels:
        labels = {label: chapter_of(label) for label in sorted(cohort.progress["label"].unique())}
    summary = cohort_summary(cohort.progress, list(labels), learners=cohort.learners)
    completion = chapter_completion(cohort.progress, labels, learners=cohort.learners)
    if csv:
        summary.to_csv(csv, index=False)
    lines = [f"{len(cohort.learners)} learners, {len(cohort.progress)} exercise results", ""]
    lines += [summary.to_string(index=False) if len(summary) else "(no learner could be read)", ""]
    if len(completion):
        lines += ["Share of each chapter's exercises right:", "", completion.to_string(), ""]
    if len(cohort.names):
        lines += ["Names merged (case and spaces ignored):", ""]
        lines += [f"  {row.learner}: {row.spellings}" for row in cohort.names.itertuples()] + [""]
    if len(cohort.problems):
        lines += [f"Problems ({len(cohort.problems)}), not counted above:", ""]
        lines += [f"  {row.file}" + (f" ({row.learner})" if row.learner else "") + f": {row.problem}"
                  for row in cohort.problems.itertuples()]
    else:
        lines += ["Problems: none."]
    return "\n".join(lines).rstrip()


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


def _identity_items() -> list[Question]:
    """The two questions that open every wave, so that the three waves can be paired and compared by borough."""
    return [Question("respondent_code", "Your respondent code: the first two letters of the street you grew up on, "
                                        "then the day of the month you were born (for example HI07). Use the same "
                                        "code in every survey; it is how your answers are paired, without your name.",
                     "code"),
            Question("borough", "Which council (borough) do you work for?", "borough")]


SURVEYS = {
    "pre": (
        "Pre-course survey (week 0)",
        [*_identity_items(),
         Question("role", "Which best describes your role?", "choice",
                  ("Analyst", "Data scientist", "Data engineer", "Manager", "Other")),
         Question("matching_now", "Does your work involve matching records today?", "yes_no"),
         *_confidence_items(),
         Question("hopes", "What matching problem do you hope to solve by the end of the course?", "text")],
    ),
    "end": (
        "End-of-course survey (week 12)",
        [*_identity_items(),
         *_confidence_items(),
         Question("pace", "The pace of the course was…", "choice", ("Too slow", "About right", "Too fast")),
         Question("mentor_support", "The mentors' support helped me learn.", "agree"),
         Question("peer_support", "Working with peers from other boroughs helped me learn.", "agree"),
         Question("project_value", "The project was worth the time it took.", "agree"),
         Question("recommend", "How likely are you to recommend the course to a colleague (0–10)?", "scale_0_10"),
         Question("change", "What one change would most improve the course?", "text")],
    ),
    "six_months": (
        "Six-month follow-up survey",
        [*_identity_items(),
         *_confidence_items(),
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
    "code": "short text: two letters and two digits",
    "borough": "short text (or a list of the cohort's councils)",
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
    items = items.assign(answer=_numbers(items, "confidence"))
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
    items = items.assign(answer=_numbers(items, "confidence"))
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
    """For yes/no questions (answers 1/0, or "Yes"/"No" as a form exports them): respondents, yes and the share."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    texts = {q.id: q.text for q in SURVEYS.get(wave, ("", []))[1]}
    rows = []
    for question in questions:
        chosen = responses[responses["wave"].eq(wave) & responses["question"].eq(question)]
        if chosen.empty:
            raise BootcampInputError(f"no answers to {question!r} in the {wave!r} wave.")
        answers = _numbers(chosen, "yes_no").dropna()  # a blank answer is no answer
        rows.append({"id": question, "question": texts.get(question, question), "respondents": len(answers),
                     "yes": int(answers.sum()), "share": round(float(answers.mean()), 2)})
    return pd.DataFrame(rows)


def net_promoter(responses: pd.DataFrame, question: str = "recommend", wave: str = "end") -> dict:
    """Net promoter score of a 0–10 question: % promoters (9–10) minus % detractors (0–6), with the counts."""
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    chosen = responses[responses["wave"].eq(wave) & responses["question"].eq(question)]
    if chosen.empty:
        raise BootcampInputError(f"no answers to {question!r} in the {wave!r} wave.")
    scores = _numbers(chosen, "scale_0_10").dropna()
    promoters, detractors = int((scores >= 9).sum()), int((scores <= 6).sum())
    return {"respondents": len(scores), "promoters": promoters, "passives": len(scores) - promoters - detractors,
            "detractors": detractors, "score": round(100 * (promoters - detractors) / len(scores))}


def paired_waves(responses: pd.DataFrame) -> pd.DataFrame:
    """Confidence per skill for the respondents who answered all three waves: start, end and six months on.

    One row per skill: how many respondents answered it in every wave, their mean at each wave, and the paired
    changes from start to end, from end to six months on, and from start to six months on. Pairing each
    respondent with themselves means that people who stopped answering cannot flatter (or spoil) the change.
    """
    require_frame(responses, "responses", _RESPONSE_COLUMNS)
    items = responses[responses["question"].str.startswith("confidence_")]
    items = items.assign(answer=_numbers(items, "confidence"))
    wide = items.pivot_table(index=["respondent", "question"], columns="wave", values="answer")
    waves = list(WAVES)
    if any(w not in wide for w in waves) or wide.dropna(subset=waves).empty:
        raise BootcampInputError("no respondent answered the confidence questions in all three waves "
                                 f"({', '.join(waves)}): check that the respondent codes match across the waves.")
    wide = wide.dropna(subset=waves).reset_index()
    wide["skill"] = wide["question"].str.removeprefix("confidence_")
    table = wide.groupby("skill").agg(respondents=("respondent", "nunique"), start=("pre", "mean"),
                                      end=("end", "mean"), six_months=("six_months", "mean"))
    table["start_to_end"] = table["end"] - table["start"]
    table["end_to_six_months"] = table["six_months"] - table["end"]
    table["start_to_six_months"] = table["six_months"] - table["start"]
    table = table.reindex([s for s in SKILLS if s in table.index])
    return table.round(2).reset_index()


# --- reading a form tool's export -------------------------------------------------------------------------------------

#: Columns that Microsoft Forms and Google Forms add to an export, which are not answers.
FORM_METADATA = ("id", "start time", "completion time", "email", "name", "last modified time", "timestamp",
                 "email address", "score", "total score", "points")


def _normal_text(text: str) -> str:
    import re
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def _question_keys(question: Question) -> list[tuple[str, bool]]:
    """What a column heading may say to answer ``question``: ``(text, may be part of a longer heading)``."""
    keys = [(_normal_text(question.text), True), (_normal_text(question.id.replace("_", " ")), False)]
    if question.kind == "confidence":
        keys.append((_normal_text(SKILLS[question.id.removeprefix("confidence_")]), True))
    if question.kind == "code":
        keys.append(("respondent code", True))
    if question.kind == "borough":
        keys += [("borough", True), ("council", True), ("local authority", True)]
    return [(text, part) for text, part in keys if text]


def match_form_columns(columns: Sequence[str], wave: str) -> dict[str, str]:
    """Which column of a form export answers which question of ``wave``: ``{column: question id}``.

    A column matches a question when its heading is the question's wording, its id, or (for the confidence grid)
    the skill's wording, ignoring case, punctuation and accents; Google Forms' grid headings
    ("How confident ... [Link two data sets in R]") and Microsoft Forms' ("... .Link two data sets in R") both
    contain the skill. Metadata columns (ID, Start time, Timestamp, Email ...) are left out; so is anything else
    that matches no question.
    """
    if wave not in SURVEYS:
        raise BootcampInputError(f"wave must be one of {sorted(SURVEYS)}, not {wave!r}.")
    questions = SURVEYS[wave][1]
    found: dict[str, str] = {}
    for column in columns:
        heading = _normal_text(column)
        if not heading or heading in FORM_METADATA:
            continue
        best, length = None, 0
        for question in questions:
            for key, part in _question_keys(question):
                exact = heading == key
                if exact or (part and key in heading):
                    score = len(key) + (10_000 if exact else 0)
                    if score > length:
                        best, length = question.id, score
        if best is not None:
            if best in found.values():
                other = next(c for c, q in found.items() if q == best)
                raise BootcampInputError(f"two columns, {other!r} and {column!r}, both answer {best!r}: "
                                         "rename or remove one before reading the export.")
            found[column] = best
    return found


def _leading_number(text: str):
    import re

    found = re.match(r"\s*(\d+)\b", text)
    return int(found.group(1)) if found else None


def parse_answer(value, kind: str, options: Sequence[str] = ()):
    """One answer as a form tool exports it, made usable: numbers for scales, 1/0 for yes/no, text otherwise.

    ``"4 Confident"``, ``"4"`` and ``"Confident"`` all give 4 on the confidence scale; ``"Strongly agree"`` gives 5;
    ``"Yes"`` gives 1; ``"10 - Extremely likely"`` gives 10. A blank gives None (not answered). An answer that
    cannot be read raises ValueError saying what was expected.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer, float, np.floating)) and kind not in ("text", "code", "borough", "choice"):
        text = str(int(value)) if float(value).is_integer() else str(value)
    else:
        text = str(value)
    text = " ".join(text.split())
    if not text:
        return None
    scales = {"confidence": (CONFIDENCE_SCALE, 1, 5), "agree": (AGREEMENT_SCALE, 1, 5)}
    if kind in scales:
        scale, low, high = scales[kind]
        number = _leading_number(text)
        if number is None:
            by_label = {_normal_text(label): n for n, label in scale.items()}
            number = by_label.get(_normal_text(text))
        if number is None or not low <= number <= high:
            raise ValueError(f"{text!r} is not on the {kind} scale ({low}–{high}: " + ", ".join(scale.values()) + ")")
        return number
    if kind == "yes_no":
        answer = _normal_text(text)
        if answer in ("yes", "y", "true", "1"):
            return 1
        if answer in ("no", "n", "false", "0"):
            return 0
        raise ValueError(f"{text!r} is not Yes or No")
    if kind in ("scale_0_10", "number"):
        number = _leading_number(text)
        if number is None or (kind == "scale_0_10" and not 0 <= number <= 10):
            raise ValueError(f"{text!r} is not " + ("a score from 0 to 10" if kind == "scale_0_10" else "a whole number"))
        return number
    if kind == "choice" and options:
        for option in options:
            if _normal_text(option) == _normal_text(text):
                return option
        raise ValueError(f"{text!r} is not one of: " + ", ".join(options))
    if kind == "code":
        import re

        return re.sub(r"[^0-9A-Za-z]", "", text).upper() or None
    return text


def _numbers(rows: pd.DataFrame, kind: str) -> pd.Series:
    """The ``answer`` column of ``rows`` as numbers, reading text answers ("4 Confident", "Yes") on the way."""
    def one(row):
        try:
            return parse_answer(row["answer"], kind)
        except ValueError as exc:
            raise BootcampInputError(f"respondent {row['respondent']!r}, {row['question']!r} in the "
                                     f"{row['wave']!r} wave: {exc}.") from None
    return pd.to_numeric(rows.apply(one, axis=1), errors="coerce") if len(rows) else rows["answer"].astype(float)


def read_form_export(source, wave: str) -> pd.DataFrame:
    """Read a survey wave exported as CSV from Microsoft Forms or Google Forms into the long form of the analysis.

    ``source`` is the CSV file (or a DataFrame read from one, e.g. with ``pd.read_excel`` from Microsoft Forms'
    Excel download); ``wave`` is ``"pre"``, ``"end"`` or ``"six_months"``. Returns one row per respondent and
    answered question: ``respondent, borough, wave, question, answer``, with text answers read as numbers where
    the question is a scale ("4 Confident" → 4, "Strongly agree" → 5, "Yes" → 1).

    Respondent codes are compared ignoring case, spaces and punctuation ("hi 07" is "HI07"), so the waves pair up.
    Nothing is dropped in silence: what the reader had to decide is listed in ``result.attrs["notes"]`` (columns
    it did not recognise, a respondent who submitted twice, for whom the later submission is kept, and rows with
    no code, kept as ``"no code (row N)"``, which cannot be paired). An answer that cannot be read is an error
    naming its row and question.
    """
    if wave not in SURVEYS:
        raise BootcampInputError(f"wave must be one of {sorted(SURVEYS)}, not {wave!r}.")
    if isinstance(source, pd.DataFrame):
        raw = source.copy()
    else:
        path = Path(source)
        if not path.exists():
            raise BootcampInputError(f"survey export {str(path)!r} does not exist.")
        try:
            raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except (UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
            raise BootcampInputError(f"{path.name} is not a readable CSV export ({type(exc).__name__}): export the "
                                     "responses as CSV (Google Forms: Download responses; Microsoft Forms: Open in "
                                     "Excel, then save as CSV UTF-8).") from None
    if raw.empty:
        raise BootcampInputError("the survey export has no responses.")
    columns = match_form_columns([str(c) for c in raw.columns], wave)
    by_id = {q.id: q for q in SURVEYS[wave][1]}
    code_column = next((c for c, q in columns.items() if q == "respondent_code"), None)
    if code_column is None:
        raise BootcampInputError("the export has no respondent code column: every wave must ask for the respondent "
                                 f"code (\"{by_id['respondent_code'].text[:60]}...\") so that waves can be paired.")
    borough_column = next((c for c, q in columns.items() if q == "borough"), None)
    notes = []
    unknown = [c for c in raw.columns if c not in columns and _normal_text(c) not in FORM_METADATA]
    if unknown:
        notes.append("columns that match no question, not read: " + ", ".join(map(repr, unknown)))
    if borough_column is None:
        notes.append("no borough column: borough left missing")
    raw = raw.reset_index(drop=True)
    codes = raw[code_column].map(lambda v: parse_answer(v, "code"))
    codes = pd.Series([code if code else f"no code (row {i + 2})" for i, code in enumerate(codes)], index=raw.index)
    if codes.str.startswith("no code").any():
        notes.append(f"{int(codes.str.startswith('no code').sum())} response(s) without a respondent code, kept but "
                     "not paired")
    repeated = codes[codes.duplicated(keep="last") & ~codes.str.startswith("no code")]
    if len(repeated):
        notes.append("submitted more than once, the later response kept: " + ", ".join(sorted(set(repeated))))
    keep = ~codes.duplicated(keep="last") | codes.str.startswith("no code")
    rows, problems = [], []
    for index in raw.index[keep]:
        borough = " ".join(str(raw.at[index, borough_column]).split()) if borough_column else None
        for column, question_id in columns.items():
            if question_id in ("respondent_code", "borough"):
                continue
            question = by_id[question_id]
            try:
                answer = parse_answer(raw.at[index, column], question.kind, question.options)
            except ValueError as exc:
                problems.append(f"row {index + 2}, {question_id!r}: {exc}")
                continue
            if answer is not None:
                rows.append({"respondent": codes[index], "borough": borough or None, "wave": wave,
                             "question": question_id, "answer": answer})
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise BootcampInputError("answers that cannot be read: " + "; ".join(problems[:5]) + more)
    result = pd.DataFrame(rows, columns=["respondent", "borough", "wave", "question", "answer"])
    result.attrs["notes"] = notes
    return result


def read_form_exports(exports: dict[str, object]) -> pd.DataFrame:
    """Several waves at once: ``{"pre": file, "end": file, "six_months": file}`` → one long table of every wave.

    Each wave's notes are kept in ``result.attrs["notes"]``, prefixed with the wave.
    """
    if not exports:
        raise BootcampInputError("give at least one wave's export, e.g. {'pre': 'start.csv'}.")
    frames, notes = [], []
    for wave, source in exports.items():
        frame = read_form_export(source, wave)
        notes += [f"{wave}: {note}" for note in frame.attrs.get("notes", [])]
        frames.append(frame)
    result = pd.concat(frames, ignore_index=True)
    result.attrs["notes"] = notes
    return result

