"""The stored benchmark results: present, well formed, within the notebook budget, and agreeing with the figures
chapter A2 quotes. (The benchmarks themselves are run by `python -m benchmarks.run`, not by the tests.)"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from benchmarks.common import RESULTS, ROOT

QUALITY_METHODS = {"link_people", "match_key_cascade", "Splink default", "recordlinkage ECM",
                   "recordlinkage logistic regression", "rapidfuzz best match"}


def read(name):
    path = RESULTS / f"{name}.csv"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run python -m benchmarks.run"
    return pd.read_csv(path)


@pytest.mark.parametrize("name", ["quality", "quality_summary", "scale", "scale_totals", "spark_duckdb",
                                  "notebook_times", "run"])
def test_results_have_csv_and_markdown(name):
    table = read(name)
    assert len(table), f"{name}.csv is empty"
    markdown = (RESULTS / f"{name}.md").read_text()
    assert markdown.startswith("| ") and markdown.count("\n") == len(table) + 2, f"{name}.md does not match its CSV"
    header = markdown.splitlines()[0]
    assert header == "| " + " | ".join(table.columns) + " |", f"{name}.md has other columns than {name}.csv"


def test_quality_table_covers_every_dataset_pipeline_and_peer():
    summary = read("quality_summary")
    people = summary[summary["job"] == "people"]
    for dataset in ("Thamesbury", "Thamesbury hard", "febrl4", "febrl3"):
        assert set(people.loc[people["dataset"] == dataset, "method"]) == QUALITY_METHODS, dataset
    addresses = summary[summary["job"] == "addresses"]
    for dataset in ("Thamesbury", "Thamesbury hard"):
        assert {"match_addresses", "rapidfuzz best match"} <= set(addresses.loc[addresses["dataset"] == dataset,
                                                                                "method"]), dataset
    published = summary[summary["method"] == "uk_address_matcher"]
    assert len(published) == 1 and published["kind"].iloc[0] == "published, not measured here"
    measured = summary[summary["method"] != "uk_address_matcher"]
    missing = measured[measured["precision"].isna()]
    assert missing["note"].fillna("").str.startswith("failed").all(), "a row without figures must say it failed"
    measured = measured.dropna(subset=["precision"])
    for column in ("precision", "recall", "f1"):
        assert measured[column].between(0, 1).all(), column
    assert measured["wrong_match_rate"].dropna().between(0, 1).all()
    detail = read("quality")
    thamesbury = detail[(detail["dataset"] == "Thamesbury") & (detail["job"] == "people")]
    assert thamesbury["task"].nunique() == 6, "each of the six sources is held out in turn"


def test_scale_table_has_three_sizes_and_every_method():
    totals = read("scale_totals")
    for method in ("recordlinkage", "splink default", "link_people", "match_key_cascade"):
        sizes = set(totals.loc[totals["method"] == method, "people"])
        # Splink's default model is not run at a million (see the Benchmarks page): its name blocks explode there
        needed = {10_000, 100_000} | ({1_000_000} if method != "splink default" else set())
        assert needed <= sizes, f"{method} lacks a size: {sorted(sizes)}"
    ran = totals.dropna(subset=["seconds"])  # rows without a time were counted, not run
    assert (ran["seconds"] > 0).all() and (ran["peak_memory_mb"] > 0).all()
    assert (totals["pairs"] > 0).all()
    assert (RESULTS / "scale_loglog.png").exists()
    stages = read("scale")
    assert {"block", "compare", "classify"} <= set(stages.loc[stages["method"] == "recordlinkage", "stage"])
    assert {"train", "predict"} <= set(stages.loc[stages["method"] == "link_people", "stage"])


def test_no_notebook_exceeds_the_budget():
    times = read("notebook_times")
    ran = times[times["status"] == "ok"]
    assert len(ran) >= 10, "too few notebooks timed"
    slow = ran[ran["seconds"] > 60]
    assert slow.empty, f"notebooks over 60 s: {dict(zip(slow['notebook'], slow['seconds']))}"
    failed = times[times["status"].str.startswith("failed")]
    assert failed.empty, f"notebooks that failed when timed: {list(failed['notebook'])}"


def test_default_run_took_under_twenty_minutes():
    run = read("run").set_index("step")
    assert {"quality", "scale", "spark", "notebooks", "all (wall clock)"} <= set(run.index)
    total = run.loc["all (wall clock)", "seconds"]
    assert total < 20 * 60, f"the default benchmark took {total:.0f} s"


# --- figures quoted in chapters agree with the tables ---------------------------------------------------------------


def _outputs(notebook: str) -> str:
    nb = nbformat.read(ROOT / notebook, as_version=4)
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out["text"])
            elif "data" in out:
                texts.append(out["data"].get("text/plain", ""))
                texts.append(out["data"].get("text/html", ""))
    return "\n".join(texts)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def test_a2_quotes_the_million_resident_run_from_the_table():
    text = _outputs("book/advanced/a2_scale.ipynb")
    found = re.search(r"link_people on ([\d,]+) records: ([\d,]+) candidate pairs scored in ([\d.]+) minutes, "
                      r"peak memory ([\d.]+) GB", text)
    assert found, "A2 no longer prints the one-million line this test checks"
    totals = read("scale_totals")
    row = totals[(totals["method"] == "link_people") & (totals["people"] == totals["people"].max())].iloc[0]
    assert _number(found.group(1)) == row["records"]
    assert _number(found.group(2)) == row["pairs"]
    assert float(found.group(3)) == round(row["seconds"] / 60, 1)
    assert float(found.group(4)) == round(row["peak_memory_mb"] / 1024, 1)


def test_a2_quotes_the_spark_comparison_from_the_table():
    text = _outputs("book/advanced/a2_scale.ipynb")
    spark = read("spark_duckdb").iloc[0]
    found = re.search(r"Scored pairs: DuckDB ([\d,]+), Spark ([\d,]+)", text)
    assert found, "A2 no longer prints the scored-pairs line this test checks"
    assert _number(found.group(1)) == spark["scored_pairs_duckdb"]
    assert _number(found.group(2)) == spark["scored_pairs_spark"]
    assert f"Spark {spark['spark_version']}:" in text


def test_a2_measured_table_matches_scale_totals():
    """A2 shows the scale_totals rows (pairs and peak memory) as an HTML table: every pair count in it is stored."""
    text = _outputs("book/advanced/a2_scale.ipynb")
    totals = read("scale_totals")
    for method in ("link_people", "recordlinkage"):
        for pairs in totals.loc[totals["method"] == method, "pairs"].dropna():
            assert f">{int(pairs)}<" in text or f"{int(pairs):,}" in text or f" {int(pairs)} " in text, \
                f"A2 does not show {method}'s {int(pairs)} pairs from scale_totals.csv"
