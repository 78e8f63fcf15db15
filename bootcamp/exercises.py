"""Checked exercises, in the spirit of Kaggle's learntools.

A chapter module (``bootcamp.chapters.b1`` and friends) declares its exercises as small objects; the notebook holds
no grading code, only::

    clean_name = q1.check(clean_name)   # feedback, and the answer to carry on with

``check`` never raises: a wrong answer is told which input failed, what was expected, what came back, and a hint; an
unfinished stub is reported as "not attempted"; an exception or a function that runs too long is reported as such.
Whatever happens, ``check`` returns something the rest of the chapter can use: the learner's answer when it is
right, the reference answer from ``solutions/`` otherwise. Nobody is ever stuck.

Four kinds of answer are supported:

* :class:`FunctionExercise` — the answer is a function, tried on a list of cases;
* :class:`ValueExercise` — the answer is a number, string, collection, Series or DataFrame;
* :class:`ChoiceExercise` — the answer is a constrained choice (a threshold in a range, a set of columns, an option);
* any of them with ``compare=`` to say what "equal" means.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import math
import signal
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bootcamp import progress

CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR, TIMEOUT = "correct", "incorrect", "not attempted", "error", "timeout"
TIME_LIMIT_SECONDS = 5


class _Unset:
    def __repr__(self):
        return "<unset>"


UNSET = _Unset()


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer: a status and the message shown to the learner."""

    status: str
    message: str

    @property
    def ok(self) -> bool:
        return self.status == CORRECT


class Timeout(Exception):
    pass


@contextlib.contextmanager
def time_limit(seconds: float):
    """Stop the body after ``seconds`` with :class:`Timeout` (main thread on Unix; otherwise no limit)."""
    try:
        previous = signal.signal(signal.SIGALRM, _raise_timeout)
    except (ValueError, AttributeError):  # not the main thread, or no SIGALRM on this platform
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_timeout(signum, frame):
    raise Timeout()


# --- telling a stub from an attempt -------------------------------------------------------------------------------


def is_stub(answer: Any) -> bool:
    """True for ``...``, ``None`` and functions whose body is only ``...``, ``pass``, a docstring or ``raise NotImplementedError``."""
    if answer is ... or answer is None or answer is UNSET:
        return True
    if inspect.isfunction(answer):
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(answer)))
        except (OSError, TypeError, SyntaxError):  # no source to read: look at the byte code instead
            return _returns_none_and_nothing_else(answer)
        node = tree.body[0] if tree.body else None
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return False  # a lambda or something unusual: treat it as an attempt
        return all(_is_placeholder(statement) for statement in node.body)
    return False


def _returns_none_and_nothing_else(function) -> bool:
    import dis

    for instruction in dis.get_instructions(function):
        if instruction.opname in ("RESUME", "NOP", "RETURN_VALUE", "CACHE"):
            continue
        if instruction.opname in ("LOAD_CONST", "RETURN_CONST") and instruction.argval is None:
            continue
        if instruction.opname in ("LOAD_GLOBAL", "LOAD_NAME") and "NotImplementedError" in str(instruction.argval):
            continue
        if instruction.opname in ("PRECALL", "CALL", "PUSH_NULL", "RAISE_VARARGS"):
            continue
        return False
    return True


def _is_placeholder(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return statement.value.value is ... or isinstance(statement.value.value, str)
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        exc = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(exc, ast.Name) and exc.id == "NotImplementedError"
    return False


# --- comparing answers ----------------------------------------------------------------------------------------------


def show(value: Any, width: int = 300) -> str:
    """A short, readable rendering of a value for feedback messages."""
    if isinstance(value, pd.DataFrame):
        text = f"DataFrame with {len(value)} rows and columns {list(value.columns)}"
        if len(value):
            text += ":\n" + value.head(5).to_string()
        return text
    if isinstance(value, pd.Series):
        return f"Series of {len(value)} values:\n" + value.head(8).to_string()
    if isinstance(value, (set, frozenset)):
        value = sorted(value, key=repr)
        text = "{" + ", ".join(map(repr, value)) + "}"
    else:
        text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _is_missing(value: Any) -> bool:
    try:
        return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def default_compare(answer: Any, expected: Any, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> str | None:
    """Return None when ``answer`` equals ``expected``, otherwise a sentence saying how they differ.

    Numbers are compared with a tolerance; missing values (None, NaN, NA) equal each other; DataFrames and Series are
    compared by values and column names, ignoring the index and dtypes (but not the row order).
    """
    if _is_missing(expected):
        return None if _is_missing(answer) else "expected a missing value"
    if isinstance(expected, pd.DataFrame):
        return _compare_frames(answer, expected)
    if isinstance(expected, pd.Series):
        if not isinstance(answer, pd.Series):
            return f"expected a pandas Series, got {type(answer).__name__}"
        return _compare_frames(answer.to_frame("value"), expected.to_frame("value"))
    if isinstance(expected, (bool, np.bool_)):
        return None if isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(expected) else "wrong value"
    if isinstance(expected, (int, float, np.integer, np.floating)):
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
            return f"expected a number, got {type(answer).__name__}"
        if math.isnan(float(answer)):
            return "got NaN"
        return None if math.isclose(float(answer), float(expected), rel_tol=rel_tol, abs_tol=abs_tol) else "wrong value"
    if isinstance(expected, (set, frozenset)):
        if not isinstance(answer, (set, frozenset, list, tuple)):
            return f"expected a set, got {type(answer).__name__}"
        answer = set(answer)
        missing, extra = expected - answer, answer - expected
        if not (missing or extra):
            return None
        parts = []
        if missing:
            parts.append(f"missing {show(missing)}")
        if extra:
            parts.append(f"should not include {show(extra)}")
        return "; ".join(parts)
    if isinstance(expected, (list, tuple)):
        if not isinstance(answer, (list, tuple)):
            return f"expected a {type(expected).__name__}, got {type(answer).__name__}"
        if len(answer) != len(expected):
            return f"expected {len(expected)} items, got {len(answer)}"
        for i, (a, e) in enumerate(zip(answer, expected)):
            problem = default_compare(a, e, rel_tol, abs_tol)
            if problem:
                return f"item {i}: {problem}"
        return None
    if isinstance(expected, dict):
        if not isinstance(answer, dict):
            return f"expected a dict, got {type(answer).__name__}"
        if set(answer) != set(expected):
            return f"expected keys {show(set(expected))}, got {show(set(answer))}"
        for key in expected:
            problem = default_compare(answer[key], expected[key], rel_tol, abs_tol)
            if problem:
                return f"at key {key!r}: {problem}"
        return None
    if type(answer) is not type(expected) and not isinstance(answer, type(expected)):
        return f"expected a {type(expected).__name__}, got {type(answer).__name__}"
    return None if answer == expected else "wrong value"


def _compare_frames(answer: Any, expected: pd.DataFrame) -> str | None:
    if not isinstance(answer, pd.DataFrame):
        return f"expected a pandas DataFrame, got {type(answer).__name__}"
    if list(answer.columns) != list(expected.columns):
        missing = [c for c in expected.columns if c not in answer.columns]
        extra = [c for c in answer.columns if c not in expected.columns]
        if missing or extra:
            return f"columns differ: missing {missing}, unexpected {extra}"
        return f"columns are in a different order: expected {list(expected.columns)}"
    if len(answer) != len(expected):
        return f"expected {len(expected)} rows, got {len(answer)}"
    a = answer.reset_index(drop=True)
    e = expected.reset_index(drop=True)
    for column in e.columns:
        for i, (x, y) in enumerate(zip(a[column].tolist(), e[column].tolist())):
            if default_compare(x, y) is not None:
                return f"row {i}, column {column!r}: expected {y!r}, got {x!r}"
    return None


# --- exercises -----------------------------------------------------------------------------------------------------


@dataclass(eq=False)
class Exercise:
    """What every exercise has: a label, a title, hints, a reference answer and a starter for the student edition."""

    label: str
    title: str
    reference: Any
    hints: Sequence[str] = ()
    starter: str = "answer = ...  # your answer here"
    _hints_shown: int = field(default=0, init=False, repr=False)

    # subclasses implement evaluate(answer) -> Result, and reference_answer()

    def evaluate(self, answer: Any) -> Result:  # pragma: no cover - abstract
        raise NotImplementedError

    def reference_answer(self) -> Any:
        return self.reference

    def check(self, answer: Any = UNSET) -> Any:
        """Show feedback on ``answer``; return it if correct, otherwise the reference answer so the chapter runs on."""
        try:
            result = self.evaluate(answer)
        except Exception as exc:  # a bug in the learner's answer that escaped evaluate: report, never crash
            result = Result(ERROR, f"Checking your answer raised {type(exc).__name__}: {exc}")
        progress.record(self.label, result.status)
        print(self._headline(result))
        if result.ok:
            return answer
        print(f"Carrying on with the reference answer so the rest of the chapter runs. "
              f"Hints: {self._name()}.hint(); the answer: {self._name()}.solution()")
        return self.reference_answer()

    def is_correct(self, answer: Any) -> bool:
        return self.evaluate(answer).ok

    def hint(self, n: int | None = None) -> None:
        """Show the next hint (or hint ``n``, counting from 1)."""
        if not self.hints:
            print("There is no hint for this one: try the solution.")
            return
        if n is None:
            self._hints_shown = min(self._hints_shown + 1, len(self.hints))
            n = self._hints_shown
        n = max(1, min(n, len(self.hints)))
        more = f" (more: {self._name()}.hint())" if n < len(self.hints) else ""
        print(f"Hint {n} of {len(self.hints)}: {self.hints[n - 1]}{more}")

    def solution(self) -> Any:
        """Show the reference answer's source code (it lives in ``solutions/``) and return the reference answer."""
        progress.record(self.label, "solution viewed")
        _display_source(self.reference)
        return self.reference_answer()

    def _headline(self, result: Result) -> str:
        mark = {CORRECT: "✅ Correct", NOT_ATTEMPTED: "⏳ Not attempted yet", INCORRECT: "❌ Not quite",
                ERROR: "💥 Your answer raised an error", TIMEOUT: "⌛ Too slow"}[result.status]
        stop = "" if self.title.endswith((".", "?", "!")) else "."
        return f"{mark} — {self.title}{stop}\n{result.message}".rstrip()

    def _name(self) -> str:
        return self.label.rsplit("-", 1)[-1]


def _display_source(obj: Any) -> None:
    try:
        source = textwrap.dedent(inspect.getsource(obj))
        module = inspect.getmodule(obj)
        where = f"`{module.__name__}`" if module else "solutions"
    except (OSError, TypeError):
        print(f"Reference answer: {show(obj)}")
        return
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:
        get_ipython = lambda: None  # noqa: E731 - plain Python, no IPython installed
    if get_ipython() is None:  # plain Python or a test: text is what can be read
        print(f"Reference answer, from {where}:\n{source}")
    else:
        display(Markdown(f"Reference answer, from {where}:\n\n```python\n{source}```"))


@dataclass(eq=False)
class FunctionExercise(Exercise):
    """The answer is a function. ``cases`` are its inputs: each a tuple of positional arguments (or a single value).

    The expected output of each case is the reference function's output, unless ``expected`` gives it explicitly.
    """

    cases: Sequence[Any] = ()
    expected: Sequence[Any] | None = None
    compare: Callable[[Any, Any], str | None] = default_compare
    starter: str = "def answer(value):\n    ...  # your code here"

    def evaluate(self, answer: Any) -> Result:
        if is_stub(answer):
            return Result(NOT_ATTEMPTED, "Write the function in the cell above, then run this check again.")
        if not callable(answer):
            return Result(INCORRECT, f"Expected a function, got {type(answer).__name__} ({show(answer, 80)}).")
        expectations = self.expected if self.expected is not None else [None] * len(self.cases)
        for case, explicit in zip(self.cases, expectations):
            args = case if isinstance(case, tuple) else (case,)
            expected = explicit if self.expected is not None else self.reference(*_copies(args))
            shown_input = ", ".join(show(a, 120) for a in args)
            try:
                with time_limit(TIME_LIMIT_SECONDS):
                    got = answer(*_copies(args))
            except NotImplementedError:
                return Result(NOT_ATTEMPTED, "Your function still raises NotImplementedError: write its body, then check again.")
            except Timeout:
                return Result(TIMEOUT, f"Your function ran for more than {TIME_LIMIT_SECONDS} s on input {shown_input}.")
            except Exception as exc:
                return Result(ERROR, f"On input {shown_input} it raised {type(exc).__name__}: {exc}\n"
                                     f"{self._next_hint_text()}")
            problem = self.compare(got, expected)
            if problem and got is None:
                problem += "; did your function forget to `return` its result?"
            if problem:
                return Result(INCORRECT, f"On input:  {shown_input}\nexpected:  {show(expected)}\n"
                                         f"got:       {show(got)}\n({problem})\n{self._next_hint_text()}")
        return Result(CORRECT, f"It passed all {len(self.cases)} test cases.")

    def _next_hint_text(self) -> str:
        return f"Hint: {self.hints[0]}" if self.hints else ""


def _copies(args: tuple) -> tuple:
    """Copies of mutable inputs, so that an answer that changes its input cannot spoil the next case."""
    return tuple(a.copy() if isinstance(a, (pd.DataFrame, pd.Series, list, dict, set)) else a for a in args)


@dataclass(eq=False)
class ValueExercise(Exercise):
    """The answer is a value. ``reference`` is a function of no arguments that computes the expected value."""

    compare: Callable[[Any, Any], str | None] = default_compare

    def reference_answer(self) -> Any:
        return self.reference()

    def evaluate(self, answer: Any) -> Result:
        if is_stub(answer):
            return Result(NOT_ATTEMPTED, "Put your answer in the cell above, then run this check again.")
        expected = self.reference_answer()
        problem = self.compare(answer, expected)
        if problem:
            hint = f"\nHint: {self.hints[0]}" if self.hints else ""
            return Result(INCORRECT, f"Your answer: {show(answer)}\n({problem}){hint}")
        return Result(CORRECT, "")


@dataclass(eq=False)
class ChoiceExercise(Exercise):
    """The answer is a choice under constraints: ``validate(answer)`` returns None when acceptable, else why not.

    Use the helpers :func:`in_range`, :func:`one_of` and :func:`subset_of` to build ``validate``; ``reference`` is a
    function of no arguments returning one acceptable choice (the reference answer).
    """

    validate: Callable[[Any], str | None] = lambda answer: None

    def reference_answer(self) -> Any:
        return self.reference()

    def evaluate(self, answer: Any) -> Result:
        if is_stub(answer):
            return Result(NOT_ATTEMPTED, "Make your choice in the cell above, then run this check again.")
        problem = self.validate(answer)
        if problem:
            hint = f"\nHint: {self.hints[0]}" if self.hints else ""
            return Result(INCORRECT, f"Your answer: {show(answer)}\n({problem}){hint}")
        return Result(CORRECT, "")


def in_range(low: float, high: float, why: str = "") -> Callable[[Any], str | None]:
    """A validator accepting a number between ``low`` and ``high`` inclusive."""

    def validate(answer):
        if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, (int, float, np.integer, np.floating)):
            return f"expected a number, got {type(answer).__name__}"
        if not low <= float(answer) <= high:
            return f"{answer} is outside the acceptable range {low} to {high}" + (f": {why}" if why else "")
        return None

    return validate


def one_of(options: Sequence[Any], why: str = "") -> Callable[[Any], str | None]:
    """A validator accepting exactly one of ``options``."""

    def validate(answer):
        if answer not in options:
            return f"{answer!r} is not an acceptable choice" + (f": {why}" if why else "")
        return None

    return validate


def subset_of(required: set, allowed: set, why: str = "") -> Callable[[Any], str | None]:
    """A validator accepting any collection that contains all of ``required`` and nothing outside ``allowed``."""

    def validate(answer):
        if not isinstance(answer, (set, frozenset, list, tuple)):
            return f"expected a set or list, got {type(answer).__name__}"
        chosen = set(answer)
        missing, unknown = set(required) - chosen, chosen - set(allowed)
        if missing:
            return f"this must include {show(missing)}" + (f": {why}" if why else "")
        if unknown:
            return f"{show(unknown)} should not be in it" + (f": {why}" if why else "")
        return None

    return validate


def threshold_meeting(measure: Callable[[float], dict], min_precision: float, min_recall: float,
                      scale: str = "a score threshold") -> Callable[[Any], str | None]:
    """A validator accepting a threshold in 0..1 at which ``measure(threshold)`` reaches both quality floors.

    ``measure`` returns a dict with ``precision`` and ``recall`` (as bootcamp.evaluation does).
    """

    def validate(answer):
        problem = in_range(0, 1, f"{scale} runs from 0 to 1")(answer)
        if problem:
            return problem
        got = measure(float(answer))
        if got["precision"] < min_precision:
            return f"at {answer} precision is {got['precision']:.4f}, below {min_precision}: too many wrong matches"
        if got["recall"] < min_recall:
            return f"at {answer} recall is {got['recall']:.4f}, below {min_recall}: good matches are thrown away"
        return None

    return validate


def exercises_of(module) -> list[Exercise]:
    """The exercises a chapter module declares, in the order of their labels."""
    found = [value for value in vars(module).values() if isinstance(value, Exercise)]
    return sorted(found, key=lambda e: [int(p) if p.isdigit() else p for p in e.label.replace("-q", "-").split("-")])
