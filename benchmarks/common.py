"""What every benchmark shares: where results go, generated boroughs, and running one job in a fresh process so its
time and peak memory are its own."""

from __future__ import annotations

import multiprocessing as mp
import os
import resource
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
CACHE = Path(os.environ.get("BOOTCAMP_BENCH_CACHE", Path.home() / ".cache" / "bootcamp-benchmarks"))
SEED = 20260331


def generator_fingerprint() -> str:
    """A short hash of the generator's code (every module of bootcamp/thamesbury) and of the Faker version it reads
    names from: a cached borough made by other code is not the borough this code makes."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha1(version("faker").encode())
    for module in sorted((ROOT / "bootcamp" / "thamesbury").glob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()[:10]


def borough(people: int, difficulty: str = "standard") -> Path:
    """A generated Thamesbury of ``people`` residents (seed 20260331), made once and kept in the cache folder (one
    folder per version of the generator's code, so a changed generator never reuses an old borough)."""
    from bootcamp.thamesbury.generate import generate

    out = CACHE / f"thamesbury_{people}_{difficulty}_{generator_fingerprint()}"
    if not (out / "truth" / "people.csv").exists():
        out.mkdir(parents=True, exist_ok=True)
        generate(out, seed=SEED, people=people, difficulty=difficulty)
    return out


def peak_memory_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(queue, function, args):
    try:
        start = time.perf_counter()
        result = function(*args)
        queue.put(("ok", result, time.perf_counter() - start, peak_memory_mb()))
    except BaseException as error:  # report, never hang the parent
        queue.put(("error", f"{type(error).__name__}: {error}", None, peak_memory_mb()))


def in_fresh_process(function, *args, timeout: float = 3600):
    """Run ``function(*args)`` in a new process (spawned, so memory starts from nothing): (result, seconds, peak MB).

    ``function`` must be importable (module level). Raises RuntimeError with the child's error message.
    """
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=_child, args=(queue, function, args))
    process.start()
    import queue as queues

    waited = 0.0
    try:
        while True:
            try:
                status, result, seconds, peak = queue.get(timeout=5)
                break
            except queues.Empty:
                waited += 5
                if not process.is_alive() or waited > timeout:
                    code = process.exitcode
                    status, result = "error", (f"the process ended without a result (exit code {code})"
                                               if code is not None else f"no result after {timeout:.0f} s")
                    break
    finally:
        process.join(timeout=60)
        if process.is_alive():
            process.kill()
    if status != "ok":
        raise RuntimeError(result)
    return result, seconds, peak


def with_earlier_runs(result: pd.DataFrame, name: str) -> pd.DataFrame:
    """``result`` after the rows already stored in ``results/<name>.csv`` (when their columns are the same): on a
    shared machine one run says little, so speed benchmarks keep every run."""
    previous = RESULTS / f"{name}.csv"
    if previous.exists():
        earlier = pd.read_csv(previous)
        if list(earlier.columns) == list(result.columns):
            return pd.concat([earlier, result], ignore_index=True)
    return result


def replacing_stored_rows(result: pd.DataFrame, name: str, keys: list[str]) -> pd.DataFrame:
    """``result`` after the rows stored in ``results/<name>.csv`` that it does not measure again (rows whose ``keys``
    match none of ``result``'s): a run of one method, or one size, keeps the stored rows of the others."""
    previous = RESULTS / f"{name}.csv"
    if not previous.exists():
        return result
    stored = pd.read_csv(previous)

    def key(frame):
        return [tuple(str(v) for v in row) for row in frame[keys].itertuples(index=False)]

    measured = set(key(result))
    kept = stored[[k not in measured for k in key(stored)]]
    return pd.concat([kept, result], ignore_index=True) if len(kept) else result


def write_table(frame: pd.DataFrame, name: str, title: str | None = None, floatfmt: int = 3,
                formats: dict | None = None) -> None:
    """Write ``results/<name>.csv`` and ``results/<name>.md`` (a Markdown table the book includes)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    frame.to_csv(RESULTS / f"{name}.csv", index=False)
    (RESULTS / f"{name}.md").write_text(markdown_table(frame, floatfmt, formats) + "\n")


def markdown_table(frame: pd.DataFrame, floatfmt: int = 3, formats: dict | None = None) -> str:
    """A Markdown table: thousands separators, ``floatfmt`` decimals (or ``formats[column]``), "–" for missing."""
    formats = formats or {}

    def cell(v, digits=floatfmt):
        if v is None or v is pd.NA or (isinstance(v, float) and v != v):
            return "–"
        if hasattr(v, "item") and not isinstance(v, str):  # numpy scalars
            v = v.item()
        if isinstance(v, float):
            return f"{v:,.{digits}f}" if abs(v) < 1000 else f"{v:,.0f}"
        if isinstance(v, int) and not isinstance(v, bool):
            return f"{v:,}"
        return str(v).replace("|", "\\|")

    head = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    digits = [formats.get(c, floatfmt) for c in frame.columns]
    rows = ["| " + " | ".join(cell(v, d) for v, d in zip(row, digits)) + " |"
            for row in frame.astype(object).itertuples(index=False)]
    return "\n".join([head, rule, *rows])
