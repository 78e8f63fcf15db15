"""Running the generator's independent jobs on the course machine's two cores.

Jobs run in forked worker processes, so they read the parent's data (the gazetteer, the residents) without copying
it, and the costliest start first, so that the two workers finish at about the same time. Results come back in the
jobs' own order, so nothing the generator writes depends on which worker ran what. Where ``fork`` is not available
(Windows) or the work is small, the jobs run one after another in this process instead, with the same results.
"""

from __future__ import annotations

import multiprocessing
from typing import Callable, Sequence

WORKERS = 2


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_costliest_first(function: Callable, jobs: Sequence, costs: Sequence[float], parallel: bool) -> list:
    """``[function(job) for job in jobs]``, on two forked processes when ``parallel`` (the highest cost first)."""
    if not parallel or not can_fork() or len(jobs) < 2:
        return [function(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda i: (-costs[i], i))
    with multiprocessing.get_context("fork").Pool(WORKERS) as pool:
        done = pool.map(function, [jobs[i] for i in order], chunksize=1)
    results = [None] * len(jobs)
    for i, result in zip(order, done):
        results[i] = result
    return results
