"""Run every default benchmark and write the results tables the book's Reference → Benchmarks page renders.

    python -m benchmarks.run              # quality, scale (10,000 and 100,000 residents), Spark vs DuckDB,
                                          # notebook times: under 20 minutes on the course's two-core machine
    python -m benchmarks.run --full       # adds the 1,000,000-resident scale run (about an hour or more)
    python -m benchmarks.run --only quality scale

Results go to benchmarks/results/ as CSV and Markdown (and scale_loglog.png). The address-matching speed run on
100,000 records is benchmarks/address_speed.py (its own command; its stored result is shown on the same page).
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import date

import pandas as pd

from benchmarks.common import RESULTS, write_table

STEPS = ("quality", "scale", "spark", "notebooks")


def address_speed_markdown() -> None:
    """The address-speed benchmark's stored CSV (another script's output) as Markdown for the book."""
    from benchmarks.common import markdown_table

    stored = RESULTS / "address_speed.csv"
    if stored.exists():
        table = pd.read_csv(stored)
        (RESULTS / "address_speed.md").write_text(markdown_table(table, 4) + "\n")


def _spark_step():
    from benchmarks import spark_duckdb

    spark_duckdb.main()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description="Run the benchmarks and write benchmarks/results/.")
    parser.add_argument("--full", action="store_true", help="also run the 1,000,000-resident scale benchmark")
    parser.add_argument("--only", nargs="+", choices=STEPS, help="run only these steps")
    args = parser.parse_args(argv)
    steps = args.only or STEPS
    timings = []
    overall = time.perf_counter()
    # Spark (one core, mostly waiting on Java) runs beside the quality step; everything else runs alone, so the
    # speed measurements and notebook times are not slowed by our own work.
    spark = None
    if "spark" in steps and "quality" in steps:
        import multiprocessing as mp

        spark = mp.get_context("spawn").Process(target=_spark_step)
        spark_start = time.perf_counter()
        spark.start()
    for step in steps:
        start = time.perf_counter()
        if step == "spark" and spark is not None:
            continue
        print(f"== {step}", flush=True)
        if step == "quality":
            from benchmarks import quality

            quality.run()
        elif step == "scale":
            from benchmarks import scale

            scale.main(["--full"] if args.full else [])
        elif step == "spark":
            _spark_step()
        elif step == "notebooks":
            from benchmarks import notebook_times

            notebook_times.main()
        timings.append({"step": step, "seconds": round(time.perf_counter() - start, 1), "alongside": ""})
        print(f"   {step}: {timings[-1]['seconds']:.0f} s", flush=True)
        if step == "quality" and spark is not None:
            spark.join()
            if spark.exitcode != 0:
                raise SystemExit(f"the Spark step failed (exit code {spark.exitcode})")
            timings.append({"step": "spark", "seconds": round(time.perf_counter() - spark_start, 1),
                            "alongside": "quality"})
    run = pd.DataFrame(timings)
    total = round(time.perf_counter() - overall, 1)
    run = pd.concat([run, pd.DataFrame([{"step": "all (wall clock)", "seconds": total, "alongside": ""}])],
                    ignore_index=True)
    run["date"] = date.today().isoformat()
    run["cpu_count"] = os.cpu_count()
    run["load_average"] = round(os.getloadavg()[0], 1)
    run["python"] = platform.python_version()
    if not args.only:
        write_table(run, "run", floatfmt=1)
    address_speed_markdown()
    print(f"All steps: {total:.0f} s wall clock")


if __name__ == "__main__":
    main()
