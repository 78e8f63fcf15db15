"""Cohort tools: reading learners' progress files, the cohort summary, and the survey analysis."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from bootcamp import cohort, progress
from bootcamp.validate import BootcampInputError

LABELS = {"b1-q1": "B1", "b1-q2": "B1", "b1-q3": "B1", "b2-q1": "B2", "b2-q2": "B2"}


def _export(folder, learner, results, when="2026-02-01T17:00:00+00:00", name=None):
    path = folder / (name or f"{learner}.json")
    path.write_text(json.dumps({"learner": learner, "exported": when, "results": results}))
    return path


def test_reads_what_progress_export_writes(tmp_path):
    progress.reset()
    try:
        progress.record("b1-q1", "incorrect")
        progress.record("b1-q1", "correct")
        progress.record("b1-q2", "solution viewed")
        progress.record("b1-q2", "not attempted")
        progress.export(tmp_path / "amira.json", learner="amira")
    finally:
        progress.reset()
    table = cohort.read_progress(tmp_path).set_index("label")
    assert table.loc["b1-q1", "status"] == "correct" and table.loc["b1-q1", "attempts"] == 2
    assert table.loc["b1-q2", "solution_viewed"] and table.loc["b1-q2", "chapter"] == "B1"
    assert set(table["learner"]) == {"amira"}


def test_a_learners_files_are_merged_best_status_wins(tmp_path):
    _export(tmp_path, "ben", {"b1-q1": {"attempts": 2, "status": "incorrect", "solution_viewed": True}},
            when="2026-02-01T17:00:00+00:00", name="ben-1.json")
    _export(tmp_path, "ben", {"b1-q1": {"attempts": 1, "status": "correct", "solution_viewed": False},
                              "b2-q1": {"attempts": 1, "status": "error", "solution_viewed": False}},
            when="2026-02-08T17:00:00+00:00", name="ben-2.json")
    table = cohort.read_progress(tmp_path).set_index("label")
    assert len(table) == 2
    assert table.loc["b1-q1", "status"] == "correct"
    assert table.loc["b1-q1", "attempts"] == 3 and table.loc["b1-q1", "solution_viewed"]
    assert table.loc["b1-q1", "exported"] == pd.Timestamp("2026-02-08T17:00:00Z")


def test_summary_counts_and_flags(tmp_path):
    _export(tmp_path, "amira", {label: {"attempts": 1, "status": "correct", "solution_viewed": False}
                                for label in LABELS}, when="2026-03-01T17:00:00+00:00")
    _export(tmp_path, "ben", {"b1-q1": {"attempts": 3, "status": "incorrect", "solution_viewed": True}},
            when="2026-02-01T17:00:00+00:00")
    _export(tmp_path, "chidi", {"b1-q1": {"attempts": 1, "status": "incorrect", "solution_viewed": True},
                                "b1-q2": {"attempts": 1, "status": "correct", "solution_viewed": True}},
            when="2026-02-28T17:00:00+00:00")
    summary = cohort.cohort_summary(cohort.read_progress(tmp_path), list(LABELS)).set_index("learner")
    assert summary.loc["amira", "correct"] == 5 and summary.loc["amira", "share_of_course"] == 1.0
    assert summary.loc["amira", "chapters_started"] == 2 and summary.loc["amira", "check_in"] == ""
    assert summary.loc["ben", "correct"] == 0 and summary.loc["ben", "attempted"] == 1
    assert summary.loc["ben", "check_in"].startswith("no export for 14+ days")
    assert summary.loc["chidi", "check_in"] == "more solutions viewed than solved"
    assert summary.loc["chidi", "last_export"] == "2026-02-28"
    completion = cohort.chapter_completion(cohort.read_progress(tmp_path), LABELS)
    assert list(completion.columns) == ["B1", "B2"]
    assert completion.loc["chidi", "B1"] == round(1 / 3, 2) and completion.loc["amira", "B2"] == 1.0


@pytest.mark.parametrize("content, problem", [
    ("not json", "not a readable progress file"),
    (json.dumps({"name": "x"}), "needs 'learner' and 'results'"),
    (json.dumps({"learner": " ", "results": {}}), "empty 'learner'"),
    (json.dumps({"learner": "x", "results": {"b1-q1": {"status": "great"}}}), "unknown status 'great'"),
])
def test_bad_progress_files_are_named(tmp_path, content, problem):
    (tmp_path / "broken.json").write_text(content)
    with pytest.raises(BootcampInputError, match=problem) as error:
        cohort.read_progress(tmp_path)
    assert "broken.json" in str(error.value)


def test_empty_or_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(BootcampInputError, match="No progress files"):
        cohort.read_progress(tmp_path)
    with pytest.raises(BootcampInputError, match="does not exist"):
        cohort.read_progress(tmp_path / "nowhere")
    with pytest.raises(BootcampInputError, match="missing column"):
        cohort.cohort_summary(pd.DataFrame({"learner": ["a"]}), list(LABELS))


def test_synthetic_progress_is_deterministic_and_readable(tmp_path):
    first = cohort.synthetic_progress(tmp_path / "a", LABELS, learners=5, seed=3)
    second = cohort.synthetic_progress(tmp_path / "b", LABELS, learners=5, seed=3)
    assert [p.name for p in first] == [p.name for p in second]
    assert all(a.read_text() == b.read_text() for a, b in zip(first, second))
    table = cohort.read_progress(tmp_path / "a")
    assert table["learner"].nunique() == 5 and set(table["label"]) <= set(LABELS)
    with pytest.raises(BootcampInputError, match="labels is empty"):
        cohort.synthetic_progress(tmp_path / "c", {})


def test_synthetic_survey_is_deterministic_and_shaped_like_a_form():
    responses = cohort.synthetic_survey(12, seed=5)
    pd.testing.assert_frame_equal(responses, cohort.synthetic_survey(12, seed=5))
    assert list(responses.columns) == ["respondent", "borough", "wave", "question", "answer"]
    asked = {q.id for _, questions in cohort.SURVEYS.values() for q in questions}
    assert set(responses["question"]) <= asked
    confidence = responses[responses["question"].str.startswith("confidence_")]["answer"]
    assert confidence.between(1, 5).all()


def test_survey_analysis_on_a_hand_made_cohort():
    rows = []
    for person, pre, end, six in (("R1", 1, 3, 3), ("R2", 2, 4, None), ("R3", 3, 3, 2)):
        for wave, value in (("pre", pre), ("end", end), ("six_months", six)):
            if value is not None:
                rows.append({"respondent": person, "wave": wave, "question": "confidence_regex", "answer": value})
    rows += [{"respondent": p, "wave": "six_months", "question": "used_at_work", "answer": a}
             for p, a in (("R1", 1), ("R3", 0))]
    rows += [{"respondent": p, "wave": "end", "question": "recommend", "answer": a}
             for p, a in (("R1", 10), ("R2", 9), ("R3", 5))]
    responses = pd.DataFrame(rows)
    rates = cohort.response_rates(responses)
    assert rates["respondents"].tolist() == [3, 3, 2] and rates["response_rate"].tolist() == [1.0, 1.0, 0.67]
    by_wave = cohort.confidence_by_wave(responses)
    assert by_wave.loc["regex"].tolist() == [2.0, round(10 / 3, 2), 2.5]
    change = cohort.paired_change(responses).set_index("skill")
    assert change.loc["regex", "respondents"] == 3 and change.loc["regex", "mean_change"] == round(4 / 3, 2)
    assert change.loc["regex", "improved"] == 0.67
    later = cohort.paired_change(responses, "end", "six_months").set_index("skill")
    assert later.loc["regex", "respondents"] == 2 and later.loc["regex", "worse"] == 0.5
    yes = cohort.share_yes(responses, "six_months", ["used_at_work"])
    assert yes.loc[0, ["respondents", "yes", "share"]].tolist() == [2, 1, 0.5]
    assert cohort.net_promoter(responses) == {"respondents": 3, "promoters": 2, "passives": 0, "detractors": 1,
                                              "score": 33}
    with pytest.raises(BootcampInputError, match="no answers"):
        cohort.share_yes(responses, "end", ["used_at_work"])
    with pytest.raises(BootcampInputError, match="wave must be one of"):
        cohort.paired_change(responses, "pre", "later")


def test_every_survey_renders_as_a_form():
    for wave in cohort.SURVEYS:
        form = cohort.survey_markdown(wave)
        assert form.count("\n|") == len(cohort.SURVEYS[wave][1]) + 2  # header, rule, one row per question
    with pytest.raises(BootcampInputError):
        cohort.survey_markdown("midterm")


def test_report_for_the_command_line(tmp_path):
    cohort.synthetic_progress(tmp_path / "files", LABELS, learners=3, seed=1)
    text = cohort.report(tmp_path / "files", csv=tmp_path / "summary.csv")
    assert text.startswith("3 learners")
    assert "amira" in text and "Share of each chapter's exercises right" in text
    assert list(pd.read_csv(tmp_path / "summary.csv")["learner"]) == ["amira", "ben", "chidi"]
    with pytest.raises(BootcampInputError, match="No progress files"):
        cohort.report(tmp_path)
