"""What a sound exercise declaration must satisfy; ``tests/test_exercise_declarations.py`` applies it to every one.

:func:`problems_with` returns, for one exercise, every way its declaration fails the course's rules: the reference
must pass, each golden case (written out by hand) must match, each declared wrong answer must be rejected with a
reason, the starter must be reported "not attempted", and handing in the reference function must not count.
"""

from __future__ import annotations

import ast
import io
from contextlib import redirect_stdout
from typing import Any

from bootcamp.exercises import (CORRECT, ERROR, NOT_ATTEMPTED, REFERENCE, ChoiceExercise, Exercise, FunctionExercise,
                                ValueExercise, _copies)


def answer_name(starter: str) -> str:
    """The name a starter defines: its first ``def`` or its first assignment."""
    for node in ast.parse(starter).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node.name
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            return node.targets[0].id
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            return node.target.id
    raise ValueError(f"the starter defines no name:\n{starter}")


def run_answer(source: str, name: str) -> Any:
    """Execute learner-style ``source`` in a fresh namespace and return what it defines as ``name``."""
    namespace: dict = {"__name__": "__learner__"}
    exec(compile(source, "<answer>", "exec"), namespace)
    if name not in namespace:
        raise ValueError(f"it does not define {name!r}")
    return namespace[name]


def _quiet(function, *args):
    with redirect_stdout(io.StringIO()) as out:
        value = function(*args)
    return value, out.getvalue()


def problems_with(exercise: Exercise) -> list[str]:
    """Every way ``exercise``'s declaration breaks the rules (an empty list for a sound one)."""
    problems: list[str] = []
    if hasattr(exercise, "declaration_problems"):  # B3's R exercises: the same rules, checked in R (bootcamp.r)
        return exercise.declaration_problems()
    reference = exercise.reference_answer()
    result = exercise.evaluate(reference) if not isinstance(exercise, FunctionExercise) else \
        _evaluate_as_learner(exercise, reference)
    if result.status != CORRECT:
        problems.append(f"the reference answer is not accepted: {result.message}")

    if not exercise.golden:
        problems.append("no golden case with its expected value written out")
    problems += _golden_problems(exercise)

    try:
        name = answer_name(exercise.starter)
    except (SyntaxError, ValueError) as exc:
        return problems + [f"the starter is broken: {exc}"]
    try:
        stub = run_answer(exercise.starter, name)
        if exercise.evaluate(stub).status != NOT_ATTEMPTED:
            problems.append("the starter is not reported as 'not attempted'")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"the starter does not run: {type(exc).__name__}: {exc}")

    if not exercise.wrong:
        problems.append("no wrong answer declared")
    for source in exercise.wrong:
        first_line = source.strip().splitlines()[0] if source.strip() else "<empty>"
        try:
            answer = run_answer(source, name)
        except Exception as exc:  # noqa: BLE001
            problems.append(f"wrong answer {first_line!r} does not run: {type(exc).__name__}: {exc}")
            continue
        verdict = exercise.evaluate(answer)
        if verdict.status == CORRECT:
            problems.append(f"wrong answer accepted: {source.strip()!r}")
        elif not verdict.message.strip():
            problems.append(f"wrong answer {first_line!r} rejected without saying why")
        else:
            carried, printed = _quiet(exercise.check, answer)
            if "reference answer" not in printed:
                problems.append(f"after wrong answer {first_line!r}, check() does not carry on with the reference")

    if isinstance(exercise, FunctionExercise):
        if exercise.evaluate(exercise.reference).status != REFERENCE:
            problems.append("handing in the reference function itself is counted as the learner's answer")

        def raises(*args):
            raise KeyError("boom")

        if exercise.evaluate(raises).status != ERROR:
            problems.append("an answer that raises is not reported as an error")
    return problems


def _evaluate_as_learner(exercise: FunctionExercise, reference):
    """The reference's behaviour, handed in as if a learner had written it (a wrapper, not the function itself)."""

    def learner_copy(*args):
        return reference(*args)

    return exercise.evaluate(learner_copy)


def _golden_problems(exercise: Exercise) -> list[str]:
    problems = []
    for case in exercise.golden:
        try:
            if isinstance(exercise, FunctionExercise):
                args, expected = case
                args = args if isinstance(args, tuple) else (args,)
                got = exercise.reference(*_copies(args))
                problem = exercise.compare(got, expected)
                where = f"golden case {args!r}"
            elif isinstance(exercise, ValueExercise):
                problem = exercise.compare(exercise.reference_answer(), case)
                where = f"golden value {case!r}"
            elif isinstance(exercise, ChoiceExercise):
                problem = exercise.validate(case)
                where = f"golden choice {case!r}"
            else:
                problem, where = "unknown kind of exercise", repr(case)
        except Exception as exc:  # noqa: BLE001
            problem, where = f"{type(exc).__name__}: {exc}", f"golden case {case!r}"
        if problem:
            problems.append(f"{where}: {problem}")
    return problems

