"""Speed and scale: time and peak memory against size, for blocking, comparison and classification.

The task at every size: link a generated borough's electoral register to its council tax (standardised), the two
largest sources. Sizes are boroughs of 10,000, 100,000 and (opt-in, ``--full``) 1,000,000 residents; the table
records the actual number of records (left + right) at each. Each method runs in a fresh process, so its peak memory
is its own (loading and standardising the data are included in the memory, not in the stage times).

Methods:

- ``full index`` — recordlinkage's full index and two Jaro–Winkler comparisons on random samples of 250 to 1,000
  records a side (a full index of a whole borough would not finish; the table shows its pair count anyway);
- ``recordlinkage`` — block on postcode, compare names and address (Jaro–Winkler), classify with ECM;
- ``splink (tutorial settings)`` — Splink 5 on DuckDB configured as Splink's own tutorials configure a person model
  (``splink_tutorial_model`` in benchmarks/quality.py), trained and run;
- ``link_people`` — the course's Splink pipeline (solutions.probabilistic); ``block`` counts its candidate pairs
  exactly, ``train`` estimates λ, u and m, ``predict`` blocks, compares and scores;
- ``match_key_cascade`` — the course's deterministic cascade (solutions.deterministic), all stages at once.

    python -m benchmarks.scale            # 10,000 and 100,000 residents; keeps stored 1,000,000 rows
    python -m benchmarks.scale --full     # adds 1,000,000 residents (about 35 minutes on two busy cores)
    python -m benchmarks.scale --only-full --skip "splink (tutorial settings)" recordlinkage   # one method at 1,000,000
    python -m benchmarks.scale --only link_people   # one method at 10,000 and 100,000; the others' rows kept

At 1,000,000 residents the Splink peer is counted, not run by default (its prediction rules' pairs are counted from key
counts instead; Splink's blocking tutorial suggests at most about 20 million comparisons for DuckDB on a laptop, and
the peer refuses more): ``--skip`` with no names runs it anyway.
DuckDB is capped at 8 GB with a spill folder in the benchmark cache.

Writes results/scale.csv, results/scale.md and results/scale_loglog.png.
"""

from __future__ import annotations

import argparse
import os
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.common import RESULTS, borough, in_fresh_process, replacing_stored_rows, write_table

DEFAULT_SIZES = (10_000, 100_000)
FULL_SIZE = 1_000_000
FULL_INDEX_SIDES = (250, 500, 1000)
SEED = 7
SPLINK_PEER = "splink (tutorial settings)"


def _quiet():
    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)


def two_sources(data_dir: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The borough's electoral register and council tax in the standard person record."""
    from bootcamp import load
    from solutions import standardise

    left = standardise("electoral_register", load("electoral_register", data_dir=data_dir))
    right = standardise("council_tax", load("council_tax", data_dir=data_dir))
    return left, right


def _upper(series: pd.Series) -> pd.Series:
    return series.astype("string").str.upper()


def job_full_index(data_dir: str, side: int) -> list[dict]:
    """Full index of ``side`` random records a side, two Jaro–Winkler comparisons."""
    _quiet()
    import recordlinkage as rl

    left, right = two_sources(data_dir)
    left = left.sample(side, random_state=SEED).set_index("record_id")
    right = right.sample(side, random_state=SEED).set_index("record_id")
    for frame in (left, right):
        for c in ("first_name", "last_name"):
            frame[c] = _upper(frame[c]).fillna("")
    t0 = time.perf_counter()
    pairs = rl.Index().full().index(left, right)
    t1 = time.perf_counter()
    compare = rl.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.85, label="first")
    compare.string("last_name", "last_name", method="jarowinkler", threshold=0.85, label="last")
    features = compare.compute(pairs, left, right)
    t2 = time.perf_counter()
    links = features[features.sum(axis=1) == 2]
    t3 = time.perf_counter()
    return [{"stage": "block", "seconds": t1 - t0, "pairs": len(pairs), "records": 2 * side},
            {"stage": "compare", "seconds": t2 - t1, "pairs": len(pairs), "records": 2 * side},
            {"stage": "classify", "seconds": t3 - t2, "pairs": len(links), "records": 2 * side}]


def job_recordlinkage(data_dir: str) -> list[dict]:
    """Block on postcode, compare first name, last name and address, classify with ECM."""
    _quiet()
    import recordlinkage as rl

    left, right = two_sources(data_dir)
    records = len(left) + len(right)
    left, right = left.set_index("record_id"), right.set_index("record_id")
    for frame in (left, right):
        for c in ("first_name", "last_name", "address", "postcode"):
            frame[c] = _upper(frame[c])
    t0 = time.perf_counter()
    pairs = rl.Index().block("postcode").index(left, right)
    t1 = time.perf_counter()
    compare = rl.Compare()
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.85, label="first")
    compare.string("last_name", "last_name", method="jarowinkler", threshold=0.85, label="last")
    compare.string("address", "address", method="jarowinkler", threshold=0.9, label="address")
    features = compare.compute(pairs, left, right)
    t2 = time.perf_counter()
    links = rl.ECMClassifier(binarize=0.5).fit_predict(features)
    t3 = time.perf_counter()
    return [{"stage": "block", "seconds": t1 - t0, "pairs": len(pairs), "records": records},
            {"stage": "compare", "seconds": t2 - t1, "pairs": len(pairs), "records": records},
            {"stage": "classify", "seconds": t3 - t2, "pairs": len(links), "records": records}]


#: DuckDB's own default is 80 % of the machine's memory; on a shared machine cap it, so that it spills to disk.
DUCKDB_MEMORY_LIMIT = "8GB"


def _cap_duckdb_memory(limit: str = DUCKDB_MEMORY_LIMIT) -> None:
    """Every Splink DuckDB connection made in this process gets a memory limit and a spill folder."""
    from splink.internals.duckdb.database_api import DuckDBAPI

    from benchmarks.common import CACHE

    original = DuckDBAPI.__init__
    if getattr(original, "_capped", False):
        return
    spill = CACHE / "duckdb_spill"
    spill.mkdir(parents=True, exist_ok=True)

    def capped(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._con.execute(f"SET memory_limit = '{limit}'; SET temp_directory = '{spill}'")

    capped._capped = True
    DuckDBAPI.__init__ = capped


def _count_pairs(linker_tables, rules) -> int:
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    counts = count_comparisons_from_blocking_rules(linker_tables, blocking_rules=rules, link_type="link_only",
                                                   record_sample_proportion=1.0)
    return int(counts[-1]["cumulative_comparison_count"])


def job_splink(data_dir: str, model: str) -> list[dict]:
    """The course's person model (``model="link_people"``) or the Splink peer configured as Splink's tutorials
    configure a person model (``model=SPLINK_PEER``)."""
    _quiet()
    _cap_duckdb_memory()
    from splink import DuckDBAPI

    from benchmarks.quality import splink_tutorial_model
    from solutions import probabilistic as pr

    left, right = two_sources(data_dir)
    records = len(left) + len(right)
    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    fields = pr.fields_in_common(left_p, right_p)
    rules = pr.person_blocking_rules(fields) if model == "link_people" else None
    t0 = time.perf_counter()
    if model == "link_people":
        db_api = DuckDBAPI()
        tables = [db_api.register(left_p, table_name="l"), db_api.register(right_p, table_name="r")]
        pairs = _count_pairs(tables, rules)
    t1 = time.perf_counter()
    if model == "link_people":
        linker = pr.train_person_model(left, right)
    else:
        linker, pairs = splink_tutorial_model(left, right, return_pairs=True)
        t1 = t0  # the peer counts its pairs inside its training (to choose its rules), not timed apart
    t2 = time.perf_counter()
    with pr._quiet_splink(True):
        predictions = linker.inference.predict(threshold_match_probability=0.9)
    t3 = time.perf_counter()
    # count the links in the database: a million residents' links as a pandas frame would cost gigabytes
    links = int(predictions.query_sql("select count(*) as n from {this}").as_pandas_dataframe()["n"].iloc[0])
    rows = [{"stage": "train", "seconds": t2 - t1, "pairs": np.nan, "records": records},
            {"stage": "predict", "seconds": t3 - t2, "pairs": pairs, "records": records},
            {"stage": "links", "seconds": np.nan, "pairs": links, "records": records}]
    if model == "link_people":
        rows.insert(0, {"stage": "block", "seconds": t1 - t0, "pairs": pairs, "records": records})
    return rows


def job_count_tutorial_rules(data_dir: str) -> list[dict]:
    """For a size where the Splink peer is not run: the pairs of the prediction rules it would choose, counted from
    key counts (solutions.scale.count_block_pairs), rule by rule; their sum is an upper bound on the pairs it would
    score (Splink removes a pair that several rules make)."""
    _quiet()
    from benchmarks.quality import splink_prediction_rule_keys
    from solutions import probabilistic as pr
    from solutions.scale import count_block_pairs

    left, right = two_sources(data_dir)
    records = len(left) + len(right)
    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    fields = pr.fields_in_common(left_p, right_p)

    def key(table, columns):
        return table[list(columns)].astype(str).agg("|".join, axis=1).where(table[list(columns)].notna().all(axis=1))

    def count(keys):
        return sum(count_block_pairs(key(left_p, lc), key(right_p, rc)) for lc, rc in keys)

    t0 = time.perf_counter()
    _, pairs = splink_prediction_rule_keys(fields, count)
    return [{"stage": "counted, not run", "seconds": time.perf_counter() - t0, "pairs": pairs, "records": records}]


def job_cascade(data_dir: str) -> list[dict]:
    _quiet()
    from solutions import match_key_cascade

    left, right = two_sources(data_dir)
    t0 = time.perf_counter()
    links = match_key_cascade(left, right)
    t1 = time.perf_counter()
    return [{"stage": "all", "seconds": t1 - t0, "pairs": len(links), "records": len(left) + len(right)}]


def run_size(people: int, skip: tuple = (), only: tuple = ()) -> list[dict]:
    data_dir = str(borough(people))
    jobs = [("recordlinkage", job_recordlinkage, (data_dir,)),
            (SPLINK_PEER, job_splink, (data_dir, SPLINK_PEER)),
            ("link_people", job_splink, (data_dir, "link_people")),
            ("match_key_cascade", job_cascade, (data_dir,))]
    if SPLINK_PEER in skip:
        jobs.append((SPLINK_PEER, job_count_tutorial_rules, (data_dir,)))
    jobs = [job for job in jobs if job[0] not in skip or job[1] is job_count_tutorial_rules]
    if people == min(DEFAULT_SIZES):
        jobs = [(f"full index", job_full_index, (data_dir, side)) for side in FULL_INDEX_SIDES] + jobs
    if only:
        jobs = [job for job in jobs if job[0] in only]
    rows = []
    for method, job, args in jobs:
        load = os.getloadavg()[0]
        try:
            stages, seconds, peak = in_fresh_process(job, *args)
        except RuntimeError as error:
            print(f"  {method} at {people:,} people failed: {error}")
            rows.append({"people": people, "method": method, "stage": "failed", "records": np.nan, "pairs": np.nan,
                         "seconds": np.nan, "peak_memory_mb": np.nan, "note": str(error)[:120]})
            continue
        for stage in stages:
            rows.append({"people": people, "method": method, **stage, "peak_memory_mb": round(peak),
                         "load_average": round(load, 1)})
        print(f"  {method:18s} {people:>9,} people: {seconds:7.1f} s in all, peak {peak:,.0f} MB")
    return rows


COLUMNS = ["people", "records", "method", "stage", "pairs", "seconds", "pairs_per_record",
           "microseconds_per_record", "peak_memory_mb", "load_average"]


def tidy(rows: list[dict]) -> pd.DataFrame:
    table = pd.DataFrame(rows)
    table["pairs_per_record"] = (table["pairs"] / table["records"]).round(2)
    table["microseconds_per_record"] = (table["seconds"] / table["records"] * 1e6).round(1)
    table["seconds"] = table["seconds"].round(2)
    for c in ("records", "pairs", "people"):
        table[c] = table[c].astype("Int64")
    return table.reindex(columns=COLUMNS)


def totals(table: pd.DataFrame) -> pd.DataFrame:
    """One row per method and size: total seconds (all stages), candidate pairs, peak memory."""
    timed = table[table["stage"].isin(["block", "compare", "classify", "train", "predict", "all"])]
    keys = ["method", "people", "records"]
    out = timed.groupby(keys, sort=False).agg(seconds=("seconds", "sum"),
                                              peak_memory_mb=("peak_memory_mb", "max")).reset_index()
    pairs = table[table["stage"].isin(["compare", "predict", "all"])].groupby(keys)["pairs"].max()
    counted = table[table["stage"] == "counted, not run"]
    links = table[table["stage"].isin(["classify", "links", "all"])].groupby(keys)["pairs"].max()
    out["pairs"] = [pairs.get(k) for k in zip(out["method"], out["people"], out["records"])]
    out["links"] = [links.get(k) for k in zip(out["method"], out["people"], out["records"])]
    if len(counted):  # methods counted but not run at a size: their pairs, no time or memory
        extra = counted[keys + ["pairs"]].assign(seconds=np.nan, peak_memory_mb=np.nan, links=np.nan)
        out = pd.concat([out, extra[out.columns]], ignore_index=True)
    out["seconds"] = out["seconds"].round(1)
    for c in ("pairs", "links"):
        out[c] = out[c].astype("Int64")
    return out.sort_values(["method", "records"], ignore_index=True)


def plot(table: pd.DataFrame, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from bootcamp.plots import COLOURS

    summary = totals(table)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    for colour, (method, group) in zip(COLOURS, summary.groupby("method", sort=False)):
        group = group.sort_values("records")
        axes[0].loglog(group["records"], group["pairs"].astype(float), "o-", color=colour, label=method)
        axes[1].loglog(group["records"], group["seconds"], "o-", color=colour, label=method)
    axes[0].set(title="Candidate pairs against records", xlabel="records (left + right)", ylabel="pairs")
    axes[1].set(title="Seconds against records", xlabel="records (left + right)", ylabel="seconds (all stages)")
    axes[1].legend(fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def write_tables(table: pd.DataFrame) -> None:
    formats = {"seconds": 1, "peak_memory_mb": 0, "pairs_per_record": 1, "microseconds_per_record": 1,
               "load_average": 1}
    write_table(table, "scale", formats=formats)
    write_table(totals(table), "scale_totals", formats=formats)


def main(argv=None) -> pd.DataFrame:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also run 1,000,000 residents (slow)")
    parser.add_argument("--only-full", action="store_true", help="run only 1,000,000 residents, keep the rest")
    parser.add_argument("--skip", nargs="*", default=[SPLINK_PEER],
                        help="methods not to run at 1,000,000 residents (default: the Splink peer, whose prediction "
                             "rules' pairs are counted instead; pass --skip with nothing to run it)")
    parser.add_argument("--only", nargs="+", default=(), metavar="METHOD",
                        help="run only these methods (e.g. link_people); keep the stored rows of the others")
    args = parser.parse_args(argv)
    sizes = [FULL_SIZE] if args.only_full else list(DEFAULT_SIZES) + ([FULL_SIZE] if args.full else [])
    rows = []
    for people in sizes:
        print(f"scale: {people:,} residents")
        rows += run_size(people, tuple(args.skip) if people == FULL_SIZE else (), tuple(args.only))
    # read at the end (another size may have been stored meanwhile): keep every (size, method) not measured again
    table = replacing_stored_rows(tidy(rows), "scale", ["people", "method"])
    table = table.sort_values(["people", "method", "stage"], kind="stable", ignore_index=True)
    write_tables(table)
    plot(table, RESULTS / "scale_loglog.png")
    return table


if __name__ == "__main__":
    main()
