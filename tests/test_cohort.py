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


def _cohort_with_every_kind_of_trouble(folder):
    """Five files: two spellings of Amira, Ben's empty export, a broken file, and Chidi with an unknown label."""
    _export(folder, "Amira", {"b1-q1": {"attempts": 1, "status": "incorrect", "solution_viewed": False}},
            when="2026-02-01T17:00:00+00:00", name="amira-b1.json")
    _export(folder, "amira ", {"b1-q1": {"attempts": 1, "status": "correct", "solution_viewed": False},
                               "b2-q1": {"attempts": 2, "status": "correct", "solution_viewed": False}},
            when="2026-02-08T17:00:00+00:00", name="amira-b2.json")
    _export(folder, "Ben", {}, when="2026-02-08T17:00:00+00:00", name="ben-b1.json")
    (folder / "cut-short.json").write_text('{"learner": "dorota", "results": {"b1-q1": ')
    (folder / "zero.json").write_text("")
    _export(folder, "Chidi", {"b1-q2": {"attempts": 1, "status": "correct", "solution_viewed": False},
                              "b9-q1": {"attempts": 1, "status": "correct", "solution_viewed": False}},
            when="2026-02-08T17:00:00+00:00", name="chidi.json")


def test_the_report_lists_an_empty_export_and_merges_case_variants_of_a_name(tmp_path):
    _cohort_with_every_kind_of_trouble(tmp_path)
    text = cohort.report(tmp_path, labels=LABELS)  # one bad file never stops the report
    assert text.startswith("3 learners")
    summary = cohort.cohort_summary(*_read(tmp_path)).set_index("learner")
    assert list(summary.index) == ["amira", "Ben", "Chidi"]  # Amira once, as spelt in her latest export
    assert summary.loc["amira", "correct"] == 2 and summary.loc["amira", "attempted"] == 2
    assert summary.loc["Ben", "correct"] == 0 and summary.loc["Ben", "check_in"] == "no results exported"
    assert summary.loc["Chidi", "correct"] == 1  # b9-q1 is not in the course: not counted
    assert "Ben" in text and "no results exported" in text
    assert "'Amira', 'amira '" in text
    for problem in ("ben-b1.json (Ben): holds no exercise results", "cut-short.json: is not a readable",
                    "zero.json: is empty", "chidi.json (Chidi): 1 exercise label(s) not in the course",
                    "'b9-q1'"):
        assert problem in text, problem


def _read(folder):
    read = cohort.read_cohort(folder, list(LABELS))
    return read.progress, list(LABELS), 14, read.learners


def test_read_cohort_lists_every_problem_and_drops_no_learner(tmp_path):
    _cohort_with_every_kind_of_trouble(tmp_path)
    read = cohort.read_cohort(tmp_path, list(LABELS))
    assert read.learners == ["amira", "Ben", "Chidi"]
    assert set(read.progress["label"]) == {"b1-q1", "b1-q2", "b2-q1"}
    assert read.problems["file"].tolist() == ["ben-b1.json", "chidi.json", "cut-short.json", "zero.json"]
    assert read.names.to_dict("records") == [{"learner": "amira", "spellings": "'Amira', 'amira '"}]
    completion = cohort.chapter_completion(read.progress, LABELS, learners=read.learners)
    assert completion.loc["Ben"].tolist() == [0.0, 0.0] and completion.loc["amira", "B2"] == 0.5
    # without labels every label is read, and the strict reader still names the first broken file
    assert "b9-q1" in set(cohort.read_cohort(tmp_path).progress["label"])
    with pytest.raises(BootcampInputError, match="cut-short.json is not a readable progress file"):
        cohort.read_progress(tmp_path)


def test_names_are_matched_ignoring_case_and_spaces():
    assert cohort.name_key("Amira") == cohort.name_key("amira ") == cohort.name_key(" AMIRA") == "amira"
    assert cohort.name_key("Amira Khan") == cohort.name_key("amira  khan") == "amirakhan"
    assert cohort.name_key("Amira") != cohort.name_key("Amina")


def test_an_empty_export_alone_is_not_an_error_for_the_strict_reader(tmp_path):
    _export(tmp_path, "ben", {})
    assert cohort.read_progress(tmp_path).empty
    summary = cohort.cohort_summary(cohort.read_progress(tmp_path), list(LABELS), learners=["ben"])
    assert summary.to_dict("records")[0]["check_in"] == "no results exported"


def test_unknown_labels_in_the_progress_table_are_not_counted(tmp_path):
    _export(tmp_path, "amira", {"b1-q1": {"attempts": 1, "status": "correct", "solution_viewed": False},
                                "old-q7": {"attempts": 1, "status": "correct", "solution_viewed": False}})
    summary = cohort.cohort_summary(cohort.read_progress(tmp_path), list(LABELS))
    assert summary.loc[0, "correct"] == 1 and summary.loc[0, "share_of_course"] == 0.2


def test_b3_the_r_chapter_is_tracked():
    labels = cohort.course_labels()
    assert [label for label, code in labels.items() if code == "B3"] == [f"b3-q{i}" for i in range(1, 7)]
    assert "B0" in labels.values() and list(labels.values()).index("B0") < list(labels.values()).index("B1")


def test_the_reference_answer_status_is_a_known_status(tmp_path):
    _export(tmp_path, "amira", {"b1-q1": {"attempts": 1, "status": "reference answer", "solution_viewed": True}})
    assert cohort.read_progress(tmp_path).loc[0, "status"] == "reference answer"


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


# --- reading form exports (Microsoft Forms and Google Forms), and pairing the three waves ----------------------------

# made-up exports, kept with the survey templates so that trainers can see what the reader accepts
FIXTURES = __import__("pathlib").Path(__file__).parent.parent / "book" / "teaching" / "templates" / "survey_exports"
EXPORTS = {"pre": FIXTURES / "microsoft_forms_start.csv", "end": FIXTURES / "google_forms_end.csv",
           "six_months": FIXTURES / "microsoft_forms_six_months.csv"}


def test_every_wave_asks_for_a_respondent_code_and_a_borough():
    for wave, (_, questions) in cohort.SURVEYS.items():
        assert [q.id for q in questions[:2]] == ["respondent_code", "borough"], wave
        form = cohort.survey_markdown(wave)
        assert "respondent code" in form and "council (borough)" in form


@pytest.mark.parametrize("value, kind, expected", [
    ("4 Confident", "confidence", 4), ("Very confident", "confidence", 5), (" 2 - Slightly confident", "confidence", 2),
    ("3", "confidence", 3), (4, "confidence", 4), ("Strongly agree", "agree", 5), ("neither agree nor disagree", "agree", 3),
    ("Yes", "yes_no", 1), ("no", "yes_no", 0), ("10 (extremely likely)", "scale_0_10", 10), ("0", "scale_0_10", 0),
    ("3 colleagues", "number", 3), ("", "confidence", None), (None, "yes_no", None), ("hi 07", "code", "HI07"),
    ("AB-12", "code", "AB12"), ("  Some   words ", "text", "Some words"),
])
def test_text_answers_are_read(value, kind, expected):
    assert cohort.parse_answer(value, kind) == expected


@pytest.mark.parametrize("value, kind, complaint", [
    ("Quite", "confidence", "not on the confidence scale"), ("6", "confidence", "not on the confidence scale"),
    ("Maybe", "yes_no", "not Yes or No"), ("11", "scale_0_10", "0 to 10"), ("lots", "number", "whole number"),
])
def test_unreadable_answers_say_what_was_expected(value, kind, complaint):
    with pytest.raises(ValueError, match=complaint):
        cohort.parse_answer(value, kind)
    assert cohort.parse_answer("about RIGHT", "choice", ("Too slow", "About right")) == "About right"


def test_the_reader_pairs_three_waves_from_microsoft_and_google_exports():
    responses = cohort.read_form_exports(EXPORTS)
    assert list(responses.columns) == ["respondent", "borough", "wave", "question", "answer"]
    # codes written differently in each wave ("HI07", "hi07 ", "HI 07") are one respondent
    by_wave = responses.groupby("wave")["respondent"].unique().map(sorted).to_dict()
    assert by_wave == {"pre": ["AB12", "CR03", "HI07", "MO21", "no code (row 6)"],
                       "end": ["AB12", "CR03", "HI07", "MO21"], "six_months": ["AB12", "CR03", "HI07"]}
    assert responses.loc[responses["respondent"].eq("AB12"), "borough"].unique().tolist() == ["Riverton"]
    notes = responses.attrs["notes"]
    assert "pre: 1 response(s) without a respondent code, kept but not paired" in notes
    assert "end: columns that match no question, not read: 'Any other comments?'" in notes
    assert "end: submitted more than once, the later response kept: AB12" in notes
    # AB12's second end-of-course response is the one kept
    end_ab12 = responses.query("wave == 'end' and respondent == 'AB12'").set_index("question")["answer"]
    assert end_ab12["confidence_cleaning"] == 5 and end_ab12["recommend"] == 8 and end_ab12["pace"] == "About right"

    three = cohort.paired_waves(responses).set_index("skill")
    assert three["respondents"].tolist() == [3, 3, 3]  # HI07, AB12, CR03 answered all three waves
    assert three.loc["cleaning", ["start", "end", "six_months"]].tolist() == [3.33, 4.67, 4.33]
    assert three.loc["cleaning", ["start_to_end", "end_to_six_months", "start_to_six_months"]].tolist() == \
        [1.33, -0.33, 1.0]
    assert three.loc["linkage_r", ["start_to_end", "end_to_six_months", "start_to_six_months"]].tolist() == \
        [1.33, -1.0, 0.33]
    two = cohort.paired_change(responses, "pre", "end").set_index("skill")
    assert two.loc["cleaning", "respondents"] == 4 and two.loc["cleaning", "mean_change"] == 1.25

    yes = cohort.share_yes(responses, "six_months", ["used_at_work", "cascaded"]).set_index("id")
    assert yes.loc["used_at_work", ["respondents", "yes", "share"]].tolist() == [3, 2, 0.67]
    assert cohort.net_promoter(responses) == {"respondents": 4, "promoters": 2, "passives": 1, "detractors": 1,
                                              "score": 25}
    assert cohort.response_rates(responses)["respondents"].tolist() == [5, 4, 3]


def test_analysis_reads_text_answers_left_in_a_long_table():
    rows = [{"respondent": "R1", "wave": "six_months", "question": "used_at_work", "answer": "Yes"},
            {"respondent": "R2", "wave": "six_months", "question": "used_at_work", "answer": "No"},
            {"respondent": "R1", "wave": "pre", "question": "confidence_regex", "answer": "2 Slightly confident"},
            {"respondent": "R1", "wave": "end", "question": "confidence_regex", "answer": "4 Confident"}]
    responses = pd.DataFrame(rows)
    assert cohort.share_yes(responses, "six_months", ["used_at_work"]).loc[0, "share"] == 0.5
    assert cohort.paired_change(responses).loc[0, "mean_change"] == 2.0
    bad = pd.concat([responses, pd.DataFrame([{"respondent": "R3", "wave": "six_months", "question": "used_at_work",
                                               "answer": "Perhaps"}])])
    with pytest.raises(BootcampInputError, match="'R3', 'used_at_work' in the 'six_months' wave: 'Perhaps'"):
        cohort.share_yes(bad, "six_months", ["used_at_work"])


def test_a_form_export_without_what_pairing_needs_is_a_clear_error(tmp_path):
    no_code = pd.read_csv(EXPORTS["six_months"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
    with pytest.raises(BootcampInputError, match="no respondent code column"):
        cohort.read_form_export(no_code.drop(columns="Respondent code"), "six_months")
    bad = no_code.copy()
    bad.loc[1, "Have you taught any of the course to colleagues?"] = "Perhaps"
    with pytest.raises(BootcampInputError, match=r"row 3, 'cascaded': 'Perhaps' is not Yes or No"):
        cohort.read_form_export(bad, "six_months")
    with pytest.raises(BootcampInputError, match="wave must be one of"):
        cohort.read_form_export(EXPORTS["pre"], "midterm")
    with pytest.raises(BootcampInputError, match="does not exist"):
        cohort.read_form_export(tmp_path / "nowhere.csv", "pre")
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(BootcampInputError, match="not a readable CSV export"):
        cohort.read_form_export(tmp_path / "empty.csv", "pre")
    with pytest.raises(BootcampInputError, match="all three waves"):
        cohort.paired_waves(cohort.read_form_exports({"pre": EXPORTS["pre"], "end": EXPORTS["end"]}))


def test_matching_headings_ignores_case_punctuation_and_grid_brackets():
    columns = cohort.match_form_columns(
        ["Timestamp", "RESPONDENT CODE", "Local authority", "How confident are you that you can: [Link two data sets in R]",
         "How confident are you that you can:.Link two data sets in Python and measure the result", "recommend",
         "Describe anything else"], "end")
    assert columns == {"RESPONDENT CODE": "respondent_code", "Local authority": "borough",
                       "How confident are you that you can: [Link two data sets in R]": "confidence_linkage_r",
                       "How confident are you that you can:.Link two data sets in Python and measure the result":
                           "confidence_linkage_python", "recommend": "recommend"}
    with pytest.raises(BootcampInputError, match="both answer 'recommend'"):
        cohort.match_form_columns(["recommend", "Recommend"], "end")


def test_export_chapter_writes_a_file_the_report_reads(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BOOTCAMP_PROGRESS_DIR", str(tmp_path))
    monkeypatch.delenv("BOOTCAMP_LEARNER", raising=False)
    progress.reset()
    try:
        empty = progress.export_chapter("b0")  # nothing checked yet: still written, and said so
        assert "No exercise has been checked" in capsys.readouterr().out
        progress.record("b0-q1", "correct")
        path = progress.export_chapter(" B0 ", learner="Amira ")
    finally:
        progress.reset()
    assert empty.name == "me_B0.json" and path.name == "Amira_B0.json"
    read = cohort.read_cohort(tmp_path, ["b0-q1"])
    assert read.learners == ["Amira", "me"]
    assert read.progress.loc[0, ["learner", "label", "status"]].tolist() == ["Amira", "b0-q1", "correct"]
    with pytest.raises(ValueError, match="chapter's code"):
        progress.export_chapter("chapter two")
    with pytest.raises(ValueError, match="name or pseudonym"):
        progress.export_chapter("B1", learner=42)
