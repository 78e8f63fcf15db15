"""The test pattern for a chapter's exercises: every exercise passes its reference and rejects prepared wrong answers.

In a chapter's test file::

    from bootcamp.chapters import b1
    from tests.exercise_checks import exercise_tests

    WRONG = {"b1-q1": [lambda name: name.upper(), ...], ...}   # at least one wrong answer per exercise
    test_reference, test_wrong, test_stub = exercise_tests(b1, WRONG)
"""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest

from bootcamp.exercises import CORRECT, NOT_ATTEMPTED, exercises_of


def exercise_tests(module, wrong_answers: dict):
    exercises = exercises_of(module)
    ids = [e.label for e in exercises]

    @pytest.mark.parametrize("exercise", exercises, ids=ids)
    def test_reference(exercise):
        result = exercise.evaluate(exercise.reference_answer())
        assert result.status == CORRECT, result.message

    @pytest.mark.parametrize("exercise", exercises, ids=ids)
    def test_wrong(exercise):
        wrong = wrong_answers.get(exercise.label)
        assert wrong, f"{exercise.label} has no prepared wrong answer in the tests"
        for answer in wrong:
            result = exercise.evaluate(answer)
            assert result.status != CORRECT, f"{exercise.label} accepted a wrong answer: {answer!r}"
            assert result.message.strip(), f"{exercise.label} rejected {answer!r} without saying why"
            with redirect_stdout(io.StringIO()) as out:  # check() itself never raises and carries on
                carried = exercise.check(answer)
            assert "reference answer" in out.getvalue()
            assert carried is not answer

    @pytest.mark.parametrize("exercise", exercises, ids=ids)
    def test_stub(exercise):
        namespace: dict = {}
        exec(exercise.starter, namespace)  # the student edition's starter must run ...
        defined = [v for k, v in namespace.items() if not k.startswith("__")]
        assert defined, f"{exercise.label}'s starter defines nothing"
        # ... and be reported as not attempted, not as wrong
        assert exercise.evaluate(defined[-1]).status == NOT_ATTEMPTED

    return test_reference, test_wrong, test_stub
