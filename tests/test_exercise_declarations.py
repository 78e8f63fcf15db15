"""Every exercise of every chapter, walked through its own declaration (see ``tests/exercise_checks.py``).

One test per exercise: the reference passes, the golden cases match, every declared wrong answer is rejected with a
reason, the starter is "not attempted", and the reference handed in is not counted. The tests at the end show that
this walk can fail: it catches a wrong golden case, an accepted wrong answer and a missing declaration.
"""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bootcamp.chapters
from bootcamp.exercises import FunctionExercise, ValueExercise, exercises_of
from tests.exercise_checks import problems_with


def _all_exercises():
    found = []
    for info in sorted(pkgutil.iter_modules(bootcamp.chapters.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"bootcamp.chapters.{info.name}")
        found += exercises_of(module)
    return found


EXERCISES = _all_exercises()


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.label for e in EXERCISES])
def test_declaration(exercise):
    problems = problems_with(exercise)
    assert not problems, f"{exercise.label}:\n- " + "\n- ".join(problems)


def test_labels_are_unique():
    labels = [e.label for e in EXERCISES]
    assert len(labels) == len(set(labels))


# --- the walk itself can fail --------------------------------------------------------------------------------------


def _shout(text):
    return text.upper()


SOUND = FunctionExercise(label="x-q1", title="Shout", reference=_shout, cases=["a b"], golden=[("ab", "AB")],
                         wrong=["def shout(text):\n    return text  # forgot to change case"],
                         starter="def shout(text):\n    ...")


def test_a_sound_declaration_passes():
    assert problems_with(SOUND) == []


@pytest.mark.parametrize("change, complaint", [
    ({"golden": [("ab", "Ab")]}, "golden case"),
    ({"golden": []}, "no golden case"),
    ({"wrong": []}, "no wrong answer"),
    ({"wrong": ["def shout(text):\n    return text.upper()  # not wrong at all"]}, "wrong answer accepted"),
    ({"wrong": ["def other(text):\n    return text"]}, "does not define"),
    ({"starter": "def shout(text):\n    return text"}, "not attempted"),
])
def test_a_broken_declaration_is_caught(change, complaint):
    broken = FunctionExercise(**{**dict(label="x-q1", title="Shout", reference=_shout, cases=["a b"],
                                        golden=SOUND.golden, wrong=SOUND.wrong, starter=SOUND.starter), **change})
    assert any(complaint in p for p in problems_with(broken)), problems_with(broken)


def test_a_value_exercise_with_a_wrong_golden_value_is_caught():
    exercise = ValueExercise(label="x-q2", title="Count", reference=lambda: 3, golden=[4],
                             wrong=["count = 2"], starter="count = ...")
    assert any("golden value" in p for p in problems_with(exercise))
