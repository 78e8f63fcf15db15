"""The stored benchmark results: present, well formed, within the notebook budget, and agreeing with the figures
chapter A2 quotes. (The benchmarks themselves are run by `python -m benchmarks.run`, not by the tests.)"""

from __future__ import annotations

import re

import nbformat
import pandas as pd
import pytest

from benchmarks.common import RESULTS, ROOT
from benchmarks.scale import SPLINK_PEER

QUALITY_METHODS = {"link_people", "match_key_cascade", "Splink (tutorial settings)", "recordlinkage ECM",
                   "recordlinkage logistic regression", "rapidfuzz best match"}


def read(name):
    path = RESULTS / f"{name}.csv"
    assert path.exists(), f"{path.relative_to(ROOT)} is missing: run python -m benchmarks.run"
    return pd.read_csv(path)


@pytest.mark.parametrize("name", ["quality", "quality_summary", "scale", "scale_totals", "spark_duckdb",
                                  "notebook_times", "run", "generation_speed"])
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
    for method in ("recordlinkage", SPLINK_PEER, "link_people", "match_key_cascade"):
        sizes = set(totals.loc[totals["method"] == method, "people"])
        # the Splink peer is counted, not run, at a million (see the Benchmarks page), so it may lack that size
        needed = {10_000, 100_000} | ({1_000_000} if method != SPLINK_PEER else set())
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


def test_generation_speed_has_a_million_resident_run():
    """benchmarks/generation_speed.py: a stored 1,000,000-resident run, with its time, memory and load as numbers."""
    runs = read("generation_speed")
    million = runs[runs["people"] == 1_000_000]
    assert len(million), "no 1,000,000-resident run is stored: python -m benchmarks.generation_speed"
    for column in ("seconds", "cpu_seconds", "peak_memory_mb", "csv_mb", "load_average_before"):
        assert pd.api.types.is_numeric_dtype(runs[column]), f"{column} is not a number in generation_speed.csv"
        assert (million[column] > 0).all(), f"{column} of a million-resident run is not positive"
    assert (million["cpu_seconds"] < million["seconds"] * million["cpu_count"] + 1).all(), "more CPU than cores"


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


# --- the peers are configured as their documentation recommends (issue 13 §4) ----------------------------------------

THAMESBURY_FIELDS = ["first_name", "last_name", "dob", "postcode", "address"]


def test_splink_peer_scores_where_a_person_lives_once():
    """Address text and postcode are never both scored: the postcode and the house numbers (febrl4's shape)."""
    from benchmarks.quality import splink_compared_columns

    compared = splink_compared_columns(THAMESBURY_FIELDS)
    columns = [c for comparison in compared for c in comparison]
    assert ("postcode",) in compared and ("address_numbers",) in compared
    assert "address" not in columns and len(columns) == len(set(columns)), compared
    assert splink_compared_columns(["first_name", "last_name", "address"])[-1] == ("address",)


def test_splink_peer_tightens_its_blocking_only_when_the_count_is_too_large():
    from benchmarks.quality import splink_prediction_rule_keys

    def counter(pairs_if_broad):
        return lambda keys: pairs_if_broad if (("postcode",), ("postcode",)) in keys else 1_000

    broad, pairs = splink_prediction_rule_keys(THAMESBURY_FIELDS, counter(500), budget=10_000)
    assert (("postcode",), ("postcode",)) in broad and pairs == 500
    tight, pairs = splink_prediction_rule_keys(THAMESBURY_FIELDS, counter(50_000), budget=10_000)
    assert (("postcode",), ("postcode",)) not in tight and pairs == 1_000
    assert (("postcode", "last_name"), ("postcode", "last_name")) in tight
    assert (("first_name", "last_name"), ("last_name", "first_name")) in tight, "names swapped is kept"


def test_splink_peer_training_estimates_every_comparison():
    from benchmarks.quality import splink_training_rules
    from bootcamp.validate import BootcampInputError

    strict, passes = splink_training_rules(THAMESBURY_FIELDS)
    assert passes == [("first_name", "last_name"), ("dob",)]
    assert strict == [("first_name", "last_name", "dob")]
    _, passes = splink_training_rules(["first_name", "last_name", "postcode", "address"])  # council tax: no dob
    assert passes == [("first_name", "last_name"), ("postcode",)]
    with pytest.raises(BootcampInputError, match="untrained"):
        splink_training_rules(["first_name", "last_name"])


def test_recordlinkage_features_are_binary_as_ecm_needs():
    import recordlinkage as rl

    from benchmarks.quality import comparison_features

    left = pd.DataFrame({"first_name": ["ANNA", "JOHN"], "last_name": ["SMITH", None],
                         "address": ["1 HIGH STREET", "2 LOW ROAD"]}, index=["l1", "l2"])
    right = pd.DataFrame({"first_name": ["ANNE", "JON"], "last_name": ["SMYTH", "BROWN"],
                          "address": ["1 HIGH ST", "99 OTHER LANE"]}, index=["r1", "r2"])
    pairs = rl.Index().full().index(left, right)
    features = comparison_features(pairs, left, right, ["first_name", "last_name", "address"])
    assert set(pd.unique(features.values.ravel())) <= {0, 1}
    assert features.loc[("l1", "r1")].tolist() == [1, 1, 1] and features.loc[("l2", "r1"), "last_name"] == 0
