"""How fast is the command ``python -m bootcamp match-addresses`` on 100,000 records of a council's own?

The records are the address benchmark's (every Thamesbury source's addresses, repeated and perturbed with a fixed
seed until there are 100,000, each with a new ID; see ``benchmarks/address_speed.py``), written to a CSV file with a
council's own column names (``Our Ref``, ``Full Address``, ``Post Code``) and a column map, as a practitioner would
bring them. The command is run as a separate process, exactly as typed at a terminal, so the time includes reading
the files, mapping the columns, matching with progress lines, and writing the matches, the review sheet and the
report as CSV and Parquet. The target is under 2 minutes on the course's 2-core machine.

    python -m benchmarks.own_data_speed            # 100,000 records
    python -m benchmarks.own_data_speed 20000      # a smaller run

Adds a row to benchmarks/results/own_data_speed.csv and .md (earlier runs are kept). This is a measurement, not a
timed test: a shared machine's load changes the number, so each row records the machine's load average (1 minute)
before and after the run.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from benchmarks.address_speed import benchmark_records
from benchmarks.common import ROOT, with_earlier_runs, write_table
from bootcamp import load

NAME = "own_data_speed"
TARGET_SECONDS = 120
COLUMN_MAP = {"Our Ref": "record_id", "Full Address": "address", "Post Code": "postcode"}


def _load() -> float | None:
    return round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None


def main(n: int = 100_000) -> pd.DataFrame:
    with tempfile.TemporaryDirectory(prefix="own_data_speed_") as tmp:
        folder = Path(tmp)
        records = benchmark_records(n).rename(columns={v: k for k, v in COLUMN_MAP.items()})
        records.to_csv(folder / "records.csv", index=False)
        (folder / "map.json").write_text(json.dumps(COLUMN_MAP))
        gazetteer = load("gazetteer")
        gazetteer.to_csv(folder / "gazetteer.csv", index=False)
        command = [sys.executable, "-m", "bootcamp", "match-addresses", "--records", str(folder / "records.csv"),
                   "--gazetteer", str(folder / "gazetteer.csv"), "--map", str(folder / "map.json"),
                   "--out", str(folder / "out")]
        load_before = _load()
        start = time.perf_counter()
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        load_after = _load()
        if run.returncode != 0:
            raise RuntimeError(f"the command failed ({run.returncode}):\n{run.stderr}")
        matches = pd.read_csv(folder / "out" / "matches.csv", dtype=str, keep_default_na=False, na_values=[""])
        review = pd.read_csv(folder / "out" / "review.csv", dtype=str, keep_default_na=False, na_values=[""])
    assert len(matches) == n and set(matches["record_id"]) == set(records["Our Ref"]), "records were lost"
    result = pd.DataFrame([{
        "run_utc": time.strftime("%Y-%m-%d %H:%M", time.gmtime()), "records": n, "gazetteer_rows": len(gazetteer),
        "matched_share": round(float((matches["status"] == "matched").mean()), 4), "review_rows": len(review),
        "seconds": round(seconds, 1), "records_per_second": round(n / seconds), "target_seconds": TARGET_SECONDS,
        "within_target": seconds < TARGET_SECONDS, "cpu_count": os.cpu_count(),
        "load_average_before": load_before, "load_average_after": load_after, "python": platform.python_version(),
    }])
    result = with_earlier_runs(result, NAME)
    write_table(result, NAME, formats={"matched_share": 4, "seconds": 1, "load_average_before": 2,
                                       "load_average_after": 2})
    print(result.iloc[-1].to_string())
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
