"""The exercise checker: right answers pass, wrong ones are explained, nothing a learner does crashes the notebook."""

import io
from contextlib import redirect_stdout

import pandas as pd
import pytest

from bootcamp import exercises, progress
from bootcamp.exercises import (
    CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, TIMEOUT,
    ChoiceExercise, FunctionExercise, ValueExercise, default_compare, in_range, is_stub, one_of, subset_of,
)


def tidy(name):
    return " ".join(name.split()).title()


NAME = FunctionExercise(label="t-q1", title="Tidy a name", reference=tidy, cases=["  amira  KHAN ", "JOHN smith"],
                        hints=["Split on whitespace, join with one space.", "Then title case."],
                        starter="def tidy(name):\n    ...  # your code here")


def run(exercise, answer):
    with redirect_stdout(io.StringIO()) as out:
        carried = exercise.check(answer)
    return carried, out.getvalue()


def learner_tidy(name):  # the learner's own version: same behaviour, not the reference object
    return " ".join(name.split()).title()


def test_right_function_passes_and_is_returned():
    carried, text = run(NAME, learner_tidy)
    assert carried is learner_tidy
    assert "Correct" in text


def test_handing_in_the_reference_is_said_kindly_and_not_counted():
    from solutions import cleaning

    progress.reset()
    carried, text = run(NAME, tidy)
    assert carried is tidy and "reference answer" in text and "not counted" in text
    assert progress.results()["t-q1"]["status"] == exercises.REFERENCE
    assert NAME.evaluate(cleaning.clean_name).status == exercises.REFERENCE  # any function from solutions/


def test_time_limit_without_sigalrm(monkeypatch):
    """As on Windows: no SIGALRM, so a helper process runs the answer and is ended when time is up."""
    import re
    import signal

    monkeypatch.delattr(signal, "SIGALRM")
    monkeypatch.setattr(exercises, "TIME_LIMIT_SECONDS", 1)
    try:
        assert NAME.evaluate(learner_tidy).status == CORRECT  # a right answer still passes, through the process

        def forever(name):
            while True:
                pass

        assert NAME.evaluate(forever).status == TIMEOUT
        catastrophic = re.compile(r"(a+)+$")  # a learner's catastrophic regex: hangs without the limit
        with pytest.raises(exercises.Timeout):
            exercises.call_with_time_limit(catastrophic.match, ("a" * 40 + "!",), 1)
        assert NAME.evaluate(learner_tidy).status == CORRECT  # and the next check starts a fresh helper
    finally:
        exercises._worker().stop()


def test_choices_ignore_case_and_spaces_and_list_the_options():
    validate = one_of(["no match"], why="not which flat", choices=["match", "no match", "ask"])
    assert validate("No  Match") is None and validate(" no match ") is None
    assert "not one of: 'match', 'no match', 'ask'" in validate("nomatch?")
    assert "not which flat" in validate("MATCH")


def test_numpy_numbers_are_shown_plainly():
    import numpy as np

    assert exercises.show(np.float64(0.25)) == "0.25"
    assert exercises.show([np.int64(3)]) == "[3]"


def test_wrong_function_names_input_expected_got_and_hint():
    carried, text = run(NAME, lambda name: name.strip())
    assert carried is tidy  # carries on with the reference
    assert "'  amira  KHAN '" in text and "'Amira Khan'" in text and "'amira  KHAN'" in text
    assert "Hint: Split on whitespace" in text
    assert "reference answer" in text


def test_exception_is_reported_not_raised():
    def broken(name):
        return name.nosuchmethod()

    result = NAME.evaluate(broken)
    assert result.status == ERROR
    assert "AttributeError" in result.message and "amira" in result.message


def test_slow_function_is_stopped(monkeypatch):
    monkeypatch.setattr(exercises, "TIME_LIMIT_SECONDS", 0.2)

    def forever(name):
        while True:
            pass

    assert NAME.evaluate(forever).status == TIMEOUT


@pytest.mark.parametrize("source", [
    "def f(x):\n    ...\n",
    "def f(x):\n    pass\n",
    "def f(x):\n    '''Your code here.'''\n",
    "def f(x):\n    # your code here\n    raise NotImplementedError\n",
])
def test_stubs_are_not_attempted(source):
    namespace = {}
    exec(source, namespace)
    assert is_stub(namespace["f"])
    assert NAME.evaluate(namespace["f"]).status == NOT_ATTEMPTED


def test_an_attempt_is_not_a_stub():
    namespace = {}
    exec("def f(x):\n    return x\n", namespace)
    assert not is_stub(namespace["f"])
    assert NAME.evaluate(namespace["f"]).status == INCORRECT


def test_forgotten_return_is_pointed_out():
    def no_return(name):
        tidy(name)

    assert "forget to `return`" in NAME.evaluate(no_return).message


def test_answer_that_mutates_input_cannot_spoil_later_cases():
    frame = pd.DataFrame({"x": [1, 2]})

    def add_column(df):
        df["y"] = 1
        return len(df.columns)

    exercise = FunctionExercise(label="t-q2", title="Count columns", reference=lambda df: len(df.columns),
                                cases=[frame, frame])
    assert exercise.evaluate(add_column).status == INCORRECT
    assert list(frame.columns) == ["x"]


def test_value_exercise_numbers_frames_and_types():
    count = ValueExercise(label="t-q3", title="Count", reference=lambda: 42)
    assert count.evaluate(42).ok and count.evaluate(42.0).ok
    assert count.evaluate(41).status == INCORRECT
    assert "expected a number" in count.evaluate("42").message
    assert count.evaluate(...).status == NOT_ATTEMPTED
    frame = ValueExercise(label="t-q4", title="Frame", reference=lambda: pd.DataFrame({"a": [1, 2]}))
    assert frame.evaluate(pd.DataFrame({"a": [1, 2]}, index=[5, 6])).ok
    message = frame.evaluate(pd.DataFrame({"a": [1, 3]})).message
    assert "row 1" in message and "expected 2" in message


def test_compare_rules():
    assert default_compare(float("nan"), None) is None
    assert default_compare({1, 2}, {1, 2, 3}) == "missing {3}"
    assert "should not include" in default_compare([1, 2, 4], {1, 2})
    assert default_compare(True, 1) is not None  # a bool is not a count
    assert default_compare(pd.Series([1, 2]), pd.Series([1, 2])) is None
    assert "columns differ" in default_compare(pd.DataFrame({"b": [1]}), pd.DataFrame({"a": [1]}))


def test_choice_validators():
    threshold = ChoiceExercise(label="t-q5", title="Threshold", reference=lambda: 0.9, validate=in_range(0.8, 0.95))
    assert threshold.evaluate(0.85).ok
    assert "outside" in threshold.evaluate(0.5).message
    assert "expected a number" in threshold.evaluate("0.9").message
    pick = ChoiceExercise(label="t-q6", title="Pick", reference=lambda: "b", validate=one_of(["b", "c"]))
    assert pick.evaluate("c").ok and not pick.evaluate("a").ok
    columns = ChoiceExercise(label="t-q7", title="Columns", reference=lambda: {"dob"},
                             validate=subset_of({"dob"}, {"dob", "sex"}))
    assert columns.evaluate(["dob", "sex"]).ok
    assert "must include" in columns.evaluate({"sex"}).message
    assert "should not be" in columns.evaluate({"dob", "name"}).message


def test_hints_step_through_and_solution_returns_reference():
    exercise = FunctionExercise(label="t-q8", title="T", reference=tidy, cases=["a"], hints=["one", "two"])
    with redirect_stdout(io.StringIO()) as out:
        exercise.hint()
        exercise.hint()
        exercise.hint()
        assert exercise.solution() is tidy
    text = out.getvalue()
    assert "Hint 1 of 2: one" in text and text.count("Hint 2 of 2: two") == 2
    assert "def tidy" in text


def test_progress_records_and_exports(tmp_path):
    progress.reset()
    run(NAME, lambda name: name)
    run(NAME, learner_tidy)
    path = progress.export(tmp_path / "me.json", learner="amira")
    assert '"status": "correct"' in path.read_text() and '"attempts": 2' in path.read_text()
    with pytest.raises(ValueError, match="learner"):
        progress.export(tmp_path / "x.json", learner=" ")


def test_threshold_meeting_checks_both_floors():
    from bootcamp.exercises import threshold_meeting

    validate = threshold_meeting(lambda t: {"precision": t, "recall": 1 - t}, 0.9, 0.05, "the score")
    assert validate(0.92) is None
    assert "precision is 0.8000, below 0.9" in validate(0.8)
    assert "recall is 0.0200, below 0.05" in validate(0.98)
    assert "runs from 0 to 1" in validate(1.5)
    assert "expected a number" in validate(True)


def test_fill_in_blanks_are_not_attempted_and_say_so():
    from bootcamp.blanks import ____

    def half_done(name):
        return name.strip() + ____

    result = NAME.evaluate(half_done)
    assert result.status == NOT_ATTEMPTED and "Fill in every blank (____)" in result.message
    value = ValueExercise(label="t-q9", title="V", reference=lambda: 3)
    assert value.evaluate(____).status == NOT_ATTEMPTED


def test_a_wrong_table_shows_the_input_row_at_fault():
    frame = pd.DataFrame({"name": [f"person {i}" for i in range(12)]})
    exercise = FunctionExercise(label="t-q10", title="Upper", reference=lambda f: f.assign(name=f["name"].str.upper()),
                                cases=[frame])

    def wrong_at_row_9(f):
        out = f.assign(name=f["name"].str.upper())
        out.loc[9, "name"] = "oops"
        return out

    message = exercise.evaluate(wrong_at_row_9).message
    assert "row 9 of the input table (of 12 rows)" in message and "person 9" in message
    assert "person 0" not in message.split("expected")[0]


def test_with_fresh_index_wants_the_rows_and_a_fresh_index():
    expected = pd.DataFrame({"a": [1, 2]})
    assert exercises.with_fresh_index(expected.copy(), expected) is None
    assert "reset_index(drop=True)" in exercises.with_fresh_index(expected.set_axis([5, 9]), expected)
    assert "rows" in exercises.with_fresh_index(expected.iloc[:1], expected)
