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
import re
import signal
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from bootcamp import progress
from bootcamp.blanks import Blank

CORRECT, INCORRECT, NOT_ATTEMPTED, ERROR, TIMEOUT = "correct", "incorrect", "not attempted", "error", "timeout"
REFERENCE = "reference answer"  # the learner handed in the course's own answer: shown, not counted
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
    """Stop the body after ``seconds`` with :class:`Timeout`, where the platform has SIGALRM (Linux, macOS).

    Elsewhere (Windows, or a thread other than the main one) the body runs without a limit: to limit one call on
    every platform, use :func:`call_with_time_limit`.
    """
    if not _can_use_alarm():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _raise_timeout(signum, frame):
    raise Timeout()


def _can_use_alarm() -> bool:
    import threading

    return hasattr(signal, "SIGALRM") and hasattr(signal, "setitimer") and \
        threading.current_thread() is threading.main_thread()


def call_with_time_limit(function: Callable, args: tuple = (), seconds: float = TIME_LIMIT_SECONDS) -> Any:
    """``function(*args)``, stopped with :class:`Timeout` after ``seconds`` on every platform.

    With SIGALRM (Linux, macOS) the call runs here and an alarm interrupts it, even inside a regular expression.
    Without it (Windows) the call runs in a helper process that is ended when time is up, so a learner's runaway
    loop or catastrophic regex cannot hang the kernel. Answers that cannot be sent to another process (rare: a
    function holding an open connection, say) run in a thread instead, which is abandoned when time is up.
    """
    if _can_use_alarm():
        with time_limit(seconds):
            return function(*args)
    return _worker().call(function, args, seconds)


class _WorkerProcess:
    """One helper process (``bootcamp.timed_worker``), started on first use and again after a call that ran out of time."""

    def __init__(self):
        self._process = None
        self._replies = None

    def call(self, function: Callable, args: tuple, seconds: float) -> Any:
        import pickle

        try:
            import cloudpickle

            payload = cloudpickle.dumps((function, args))
        except Exception:  # cannot be pickled: fall back to a thread
            return _call_in_thread(function, args, seconds)
        self._start()
        from bootcamp.timed_worker import write_message

        write_message(self._process.stdin, payload)
        try:
            reply = self._replies.get(timeout=seconds)
        except Exception:  # queue.Empty: time is up
            self.stop()
            raise Timeout() from None
        if reply is None:
            self.stop()
            raise RuntimeError("the helper process that times answers stopped unexpectedly")
        kind, value = pickle.loads(reply)
        if kind == "error":
            raise value
        return value

    def _start(self):
        if self._process is not None and self._process.poll() is None:
            return
        import queue
        import subprocess
        import sys
        import threading

        from bootcamp.timed_worker import read_message

        self._process = subprocess.Popen([sys.executable, "-m", "bootcamp.timed_worker"],
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self._replies = queue.Queue()

        def read_replies(stream, replies):
            while True:
                message = read_message(stream)
                replies.put(message)
                if message is None:
                    return

        threading.Thread(target=read_replies, args=(self._process.stdout, self._replies), daemon=True).start()
        # starting Python and importing pandas is not the learner's time: wait for the helper to say it is ready
        try:
            ready = self._replies.get(timeout=120)
        except Exception:
            ready = None
        if ready != b"ready":
            self.stop()
            raise RuntimeError("the helper process that times answers did not start")

    def stop(self):
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=10)
        self._process = self._replies = None


_WORKER: _WorkerProcess | None = None


def _worker() -> _WorkerProcess:
    global _WORKER
    if _WORKER is None:
        _WORKER = _WorkerProcess()
    return _WORKER


def _call_in_thread(function: Callable, args: tuple, seconds: float) -> Any:
    import threading

    outcome: dict = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise Timeout()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


# --- telling a stub from an attempt -------------------------------------------------------------------------------


def is_stub(answer: Any) -> bool:
    """True for ``...``, ``None`` and functions whose body is only ``...``, ``pass``, a docstring or ``raise NotImplementedError``."""
    if answer is ... or answer is None or answer is UNSET or isinstance(answer, Blank):
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


def is_reference(answer: Any, reference: Any) -> bool:
    """True when ``answer`` is the course's own function: the reference itself or any function from ``solutions``."""
    if answer is reference:
        return True
    module = getattr(answer, "__module__", None) or ""
    return callable(answer) and (module == "solutions" or module.startswith("solutions."))


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
    if isinstance(value, np.generic):
        value = value.item()  # np.float64(0.5) reads as 0.5
    if isinstance(value, (list, tuple)):
        value = type(value)(v.item() if isinstance(v, np.generic) else v for v in value)
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


def with_fresh_index(answer: Any, expected: Any) -> str | None:
    """:func:`default_compare` for tables whose prompt asks for a fresh 0, 1, 2 ... index: the right rows, in the
    right order, and numbered afresh (old row labels would travel on into the next merge)."""
    problem = default_compare(answer, expected)
    if problem:
        return problem
    if not answer.index.equals(pd.RangeIndex(len(answer))):
        return (f"the rows are right, but they keep their old index {list(answer.index)[:8]}: number them 0, 1, 2 ... "
                "afresh with .reset_index(drop=True)")
    return None


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
    """What every exercise has: a label, a title, hints, a reference answer and a starter for the student edition.

    The declaration is the single source of the exercise's checks (``tests/test_exercise_declarations.py`` walks
    them all):

    * ``golden`` — cases whose expected value is written out by hand, so that a wrong reference cannot pass
      unnoticed: ``(args, expected)`` pairs for a function, the expected value for a value, accepted choices for a
      choice;
    * ``wrong`` — wrong answers the check must reject, as the source code a learner might type, each defining the
      name the ``starter`` defines (with a ``#`` comment saying which mistake it is).
    """

    label: str
    title: str
    reference: Any
    hints: Sequence[str] = ()
    starter: str = "answer = ...  # your answer here"
    golden: Sequence[Any] = ()
    wrong: Sequence[str] = ()
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
        if result.status == REFERENCE:
            return self.reference_answer()
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
                ERROR: "💥 Your answer raised an error", TIMEOUT: "⌛ Too slow",
                REFERENCE: "📖 That is the course's answer"}[result.status]
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
        if is_reference(answer, self.reference):
            return Result(REFERENCE, "This is the reference answer from `solutions/`, so it is not counted as yours. "
                                     "When you want the practice, write your own version in the cell above and "
                                     "check it again.")
        if not callable(answer):
            return Result(INCORRECT, f"Expected a function, got {type(answer).__name__} ({show(answer, 80)}).")
        worked = self.worked_cases()
        for args, expected in worked:
            shown_input = ", ".join(show(a, 120) for a in args)
            try:
                got = call_with_time_limit(answer, _copies(args), TIME_LIMIT_SECONDS)
            except NotImplementedError as exc:
                if "____" in str(exc):  # a fill-in starter (bootcamp.blanks)
                    return Result(NOT_ATTEMPTED, "Fill in every blank (____) in the cell above, then check again.")
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
                shown_input = _input_row_at_fault(args, problem) or shown_input
                return Result(INCORRECT, f"On input:  {shown_input}\nexpected:  {show(expected)}\n"
                                         f"got:       {show(got)}\n({problem})\n{self._next_hint_text()}")
        return Result(CORRECT, f"It passed all {len(worked)} test cases.")

    def worked_cases(self) -> list[tuple[tuple, Any]]:
        """Every test case as (arguments, expected output): the golden ones first, then ``cases`` (expected from
        ``expected`` or, when that is not given, from the reference function)."""
        worked = [(args if isinstance(args, tuple) else (args,), expected) for args, expected in self.golden]
        explicit = self.expected if self.expected is not None else [UNSET] * len(self.cases)
        for case, expected in zip(self.cases, explicit):
            args = case if isinstance(case, tuple) else (case,)
            if expected is UNSET:
                expected = self.reference(*_copies(args))
            worked.append((args, expected))
        return worked

    def _next_hint_text(self) -> str:
        return f"Hint: {self.hints[0]}" if self.hints else ""


def _input_row_at_fault(args: tuple, problem: str) -> str | None:
    """When a table answer goes wrong at row i and the input is a table of as many rows, that input row, not the first
    five: "row 17, column 'postcode': expected ...". None when the failing row cannot be told."""
    match = re.match(r"row (\d+), column", problem)
    if not match:
        return None
    row = int(match[1])
    tables = [a for a in args if isinstance(a, pd.DataFrame) and len(a) > row]
    if len(tables) != 1:
        return None
    return f"row {row} of the input table (of {len(tables[0])} rows):\n" + tables[0].iloc[[row]].to_string()


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


def _normal_choice(value: Any) -> Any:
    return "".join(value.split()).casefold() if isinstance(value, str) else value


def one_of(options: Sequence[Any], why: str = "", choices: Sequence[Any] | None = None) -> Callable[[Any], str | None]:
    """A validator accepting one of ``options`` (strings compared ignoring case and spaces).

    ``choices`` lists every option the prompt offers; an answer outside them is told "not one of: ..." with the list.
    """

    wanted = {_normal_choice(o) for o in options}
    offered = {_normal_choice(c) for c in choices} if choices is not None else None

    def validate(answer):
        given = _normal_choice(answer)
        if offered is not None and given not in offered:
            return f"{answer!r} is not one of: " + ", ".join(repr(c) for c in choices)
        if given not in wanted:
            return f"{answer!r} is not the best choice" + (f": {why}" if why else "")
        return None

    return validate


def subset_of(required: set, allowed: set, why: str = "") -> Callable[[Any], str | None]:
    """A validator accepting any collection that contains all of ``required`` and nothing outside ``allowed``.

    Names are compared ignoring case and spaces, as :func:`one_of` does (" NHS_Number" is ``nhs_number``).
    """
    spelled = {_normal_choice(name): name for name in set(allowed) | set(required)}
    wanted = {_normal_choice(name) for name in required}

    def validate(answer):
        if isinstance(answer, str) or not isinstance(answer, (set, frozenset, list, tuple)):
            return f"expected a set or list, got {type(answer).__name__}"
        chosen = {_normal_choice(a): a for a in answer}
        missing = {spelled[name] for name in wanted - set(chosen)}
        unknown = {given for name, given in chosen.items() if name not in spelled}
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
