"""Reference answers for chapter A2, Matching at scale: counting pairs, block-size skew, cost growth, and running the
same Splink model on DuckDB and on Apache Spark.

Counting comes first because it is free: the number of candidate pairs a blocking rule makes is the sum, over its
key values, of (left records with that key) × (right records with that key), and it can be computed from counts
without making a single pair. That is how to find out, before running anything, whether a job will finish.

The Spark part takes a model trained by :func:`solutions.probabilistic.train_person_model` on DuckDB, translates its
SQL to Spark SQL (:func:`model_for_spark`) and predicts with it on Spark (:func:`link_people_on_spark`), so the two
backends can be compared on the same records (:func:`compare_backends`). Nothing here knows about Thamesbury.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError

# --- 1. counting pairs ----------------------------------------------------------------------------------------------


def full_index_pairs(n_left: int, n_right: int | None = None) -> int:
    """Every possible pair: n_left × n_right for linking two tables, n(n − 1)/2 for deduplicating one
    (``n_right=None``)."""
    for name, n in (("n_left", n_left), ("n_right", n_right)):
        if n is not None and (not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0):
            raise BootcampInputError(f"{name} must be a whole number of records (0 or more), not {n!r}.")
    if n_right is None:
        return int(n_left) * (int(n_left) - 1) // 2
    return int(n_left) * int(n_right)


def _keys(values, name: str) -> pd.Series:
    if isinstance(values, pd.DataFrame) or not isinstance(values, (pd.Series, list, tuple, np.ndarray, pd.Index)):
        raise BootcampInputError(f"{name} must be a Series or list of blocking-key values, not {type(values).__name__}.")
    return pd.Series(list(values), dtype=object)


def block_sizes(left_keys, right_keys) -> pd.DataFrame:
    """One row per blocking-key value found on both sides: ``key, left, right, pairs`` (pairs = left × right),
    largest blocks first (ties by key). Missing keys make no pairs: a record with no key is in no block."""
    left = _keys(left_keys, "left_keys").dropna().value_counts()
    right = _keys(right_keys, "right_keys").dropna().value_counts()
    both = pd.concat([left.rename("left"), right.rename("right")], axis=1, join="inner")
    both.index.name = "key"
    both = both.reset_index()
    both["key"] = both["key"].astype(str)
    both["pairs"] = both["left"].astype("int64") * both["right"].astype("int64")
    return both.sort_values(["pairs", "key"], ascending=[False, True], ignore_index=True)


def count_block_pairs(left_keys, right_keys) -> int:
    """How many candidate pairs blocking on a key makes, without making them: Σ over key values of left × right.

    Missing keys (None, NaN) match nothing. Agrees with ``len(recordlinkage.Index().block(...))``.
    """
    left = _keys(left_keys, "left_keys").dropna().value_counts()
    right = _keys(right_keys, "right_keys").dropna().value_counts()
    return int((left * right).dropna().sum())


def top_block_share(left_keys, right_keys, top: int = 10) -> float:
    """The share of all candidate pairs that fall in the ``top`` largest blocks (0.0 when there are no pairs).

    A share near 1 means a few huge blocks (common surnames, a default date such as 1900-01-01, a blank typed as
    "UNKNOWN") hold most of the work: the skew that makes one task run for hours while the others sit idle.
    """
    if not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1:
        raise BootcampInputError(f"top must be a whole number of blocks, 1 or more, not {top!r}.")
    sizes = block_sizes(left_keys, right_keys)["pairs"]
    total = sizes.sum()
    return float(sizes.head(top).sum() / total) if total else 0.0


def scale_up_pairs(sample_pairs: float, fraction_left: float, fraction_right: float) -> float:
    """Estimate the pairs at full size from pairs counted on a random sample of each side.

    Each pair survives sampling only if both its records do, so pairs shrink by fraction_left × fraction_right:
    a 10 % sample of both sides shows 1 % of the pairs, not 10 %.
    """
    for name, f in (("fraction_left", fraction_left), ("fraction_right", fraction_right)):
        if not isinstance(f, (int, float)) or isinstance(f, bool) or not 0 < f <= 1:
            raise BootcampInputError(f"{name} must be a share between 0 (exclusive) and 1, not {f!r}.")
    return float(sample_pairs) / (fraction_left * fraction_right)


# --- 2. how cost grows ----------------------------------------------------------------------------------------------


def growth_exponent(sizes: Sequence[float], costs: Sequence[float]) -> float:
    """The slope of log(cost) against log(size), fitted by least squares: about 2 for a full index (pairs grow
    with the square of the records), about 1 for good blocking (pairs grow in proportion)."""
    sizes, costs = np.asarray(sizes, dtype=float), np.asarray(costs, dtype=float)
    if sizes.shape != costs.shape or sizes.ndim != 1 or len(sizes) < 2:
        raise BootcampInputError("sizes and costs must be two lists of the same length, with at least two points.")
    if (sizes <= 0).any() or (costs <= 0).any():
        raise BootcampInputError("sizes and costs must all be positive to take logarithms.")
    slope = np.polyfit(np.log(sizes), np.log(costs), 1)[0]
    return float(round(slope, 6))


# --- 3. the same model on two backends ------------------------------------------------------------------------------


def compare_backends(first: pd.DataFrame, second: pd.DataFrame, threshold: float = 0.9,
                     tolerance: float = 1e-6) -> dict:
    """Compare two backends' scored pairs (``left_id, right_id, match_probability``).

    Returns the number of links (pairs at or above ``threshold``) each makes, the links only one of them makes, and
    the largest difference in ``match_probability`` over pairs both scored; ``same_links`` is True when the links
    are identical and every shared pair's probability agrees within ``tolerance``.
    """
    for name, frame in (("first", first), ("second", second)):
        if not isinstance(frame, pd.DataFrame):
            raise BootcampInputError(f"{name} must be a DataFrame of scored pairs, not {type(frame).__name__}.")
        missing = [c for c in ("left_id", "right_id", "match_probability") if c not in frame.columns]
        if missing:
            raise BootcampInputError(f"{name} is missing column(s) {missing}; scored pairs have left_id, right_id, "
                                     "match_probability.")
    links = [set(zip(f.loc[f["match_probability"] >= threshold, "left_id"],
                     f.loc[f["match_probability"] >= threshold, "right_id"])) for f in (first, second)]
    merged = first.merge(second, on=["left_id", "right_id"], suffixes=("_1", "_2"))
    diff = (merged["match_probability_1"] - merged["match_probability_2"]).abs()
    max_diff = float(diff.max()) if len(diff) else 0.0
    only_first, only_second = len(links[0] - links[1]), len(links[1] - links[0])
    return {"links_first": len(links[0]), "links_second": len(links[1]), "only_first": only_first,
            "only_second": only_second, "max_abs_difference": round(max_diff, 12),
            "same_links": only_first == 0 and only_second == 0 and max_diff <= tolerance}


# DuckDB SQL → Spark SQL. sqlglot translates the syntax; these rewrite the few functions it maps to names Spark
# lacks (Splink registers its own jaro_winkler and damerau_levenshtein functions on Spark from a bundled jar).
_SPARK_REWRITES = [
    (r"JAROWINKLER_SIMILARITY\(", "jaro_winkler("),
    (r"DAMERAU_LEVENSHTEIN\(", "damerau_levenshtein("),
    (r"TRY_STRPTIME\(([^,()]+), '%Y-%m-%d'\)", r"TO_TIMESTAMP(\1, 'yyyy-MM-dd')"),
    (r"LENGTH\(LIST_INTERSECT\(", "SIZE(ARRAY_INTERSECT("),
    (r"LENGTH\((\w+_tokens_[lr])\)", r"SIZE(\1)"),
]


def spark_sql(duckdb_sql: str) -> str:
    """One SQL expression of a Splink model written for DuckDB, rewritten for Spark."""
    import sqlglot

    if duckdb_sql.strip().upper() == "ELSE":
        return duckdb_sql
    out = sqlglot.transpile(duckdb_sql, read="duckdb", write="spark")[0]
    for pattern, replacement in _SPARK_REWRITES:
        out = re.sub(pattern, replacement, out)
    return out


def model_for_spark(model: dict) -> dict:
    """A trained Splink model (``linker.misc.save_model_to_json()``, DuckDB dialect) with every comparison level and
    blocking rule translated to Spark SQL. The trained parameters (λ, m, u) are kept exactly."""
    if not isinstance(model, dict) or "comparisons" not in model:
        raise BootcampInputError("model must be a Splink model as a dict (linker.misc.save_model_to_json()).")
    out = copy.deepcopy(model)
    out["sql_dialect"] = "spark"
    for comparison in out["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["sql_condition"] = spark_sql(level["sql_condition"])
    for rule in out["blocking_rules_to_generate_predictions"]:
        rule["blocking_rule"] = spark_sql(rule["blocking_rule"])
        rule["sql_dialect"] = "spark"
    return out


def spark_session(app_name: str = "bootcamp", cores: int = 1, shuffle_partitions: int = 2):
    """A local Spark session for learning and tests: no web UI, loopback only, few shuffle partitions, UTC, and
    Splink's jar of string-similarity functions. On a cluster, build the session with the cluster's master instead
    (``spark-submit --master yarn`` or ``k8s://…``) and keep the jar and the time zone."""
    import os

    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # stay on the loopback address in local mode

    spark = (SparkSession.builder.master(f"local[{cores}]").appName(app_name)
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.sql.shuffle.partitions", str(shuffle_partitions))
             .config("spark.default.parallelism", str(shuffle_partitions))
             .config("spark.sql.session.timeZone", "UTC")
             .config("spark.sql.ansi.enabled", "false")
             .config("spark.jars", similarity_jar_location())
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def link_people_on_spark(left: pd.DataFrame, right: pd.DataFrame, model: dict, spark,
                         min_probability: float = 0.01) -> pd.DataFrame:
    """Predict with a model trained on DuckDB, on Spark: same preparation, same parameters, Spark SQL.

    ``model`` is the DuckDB model as a dict (it is translated here). Returns ``left_id, right_id,
    match_probability`` like :func:`solutions.probabilistic.link_people`.
    """
    from splink import Linker, SparkAPI

    from solutions import probabilistic as pr

    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    # persist() keeps intermediate tables in memory; on a cluster use checkpointing to a shared folder instead.
    db_api = SparkAPI(spark_session=spark, break_lineage_method="persist")
    with pr._quiet_splink(True):
        linker = Linker([db_api.register(left_p, table_name="left_records"),
                         db_api.register(right_p, table_name="right_records")], model_for_spark(model))
        predictions = linker.inference.predict(threshold_match_probability=min_probability).as_pandas_dataframe()
    return pr.scored_pairs(predictions)


def duckdb_and_spark(left: pd.DataFrame, right: pd.DataFrame, spark, min_probability: float = 0.01):
    """Train the course's person model on DuckDB, predict with it on DuckDB and on Spark; return both scored-pair
    tables and the trained model (a dict)."""
    from solutions import probabilistic as pr

    linker = pr.train_person_model(left, right)
    model = linker.misc.save_model_to_json()
    with pr._quiet_splink(True):
        duck = pr.scored_pairs(linker.inference.predict(threshold_match_probability=min_probability)
                               .as_pandas_dataframe())
    spark_pairs = link_people_on_spark(left, right, model, spark, min_probability)
    return duck, spark_pairs, model


# --- 4. national scale ----------------------------------------------------------------------------------------------

def national_blocking_choice() -> str:
    """Exercise a2-q6: block a national list against London's boroughs on postcode district with first and last name,
    plus a second pass on name and date of birth anywhere.

    A single key either makes blocks too big to finish nationally (last name; year of birth) or loses everyone who
    moved (postcode); no blocking at all is about 10^14 pairs. Geography keeps the blocks small, and the second pass
    without geography finds the movers.
    """
    return "postcode_district_and_name"


#: The checklist chapter A2 closes with: a national list (millions of people) against London's 32 boroughs and the
#: City of London.
NATIONAL_CHECKLIST = (
    ("Count before you run", "Count the pairs each blocking rule makes from key counts (no pairs made) on the full "
     "data; a rule that makes more than about 100 pairs per record needs tightening."),
    ("Look at the biggest blocks", "List the 20 largest blocks of every rule; blank, default and placeholder keys "
     "(1900-01-01, UNKNOWN, a care home's postcode) become nulls before blocking."),
    ("Partition by geography where it is safe", "Link the national list to each borough's records within the "
     "borough's postcode districts, then run a second, name-and-date pass without geography for people who moved."),
    ("Standardise once", "Clean both sides to one standard record (chapter P5) before linking, and keep the code "
     "that did it with the results."),
    ("Train on a sample, predict on everything", "Estimate u and m on a sample (millions of pairs are plenty) and "
     "save the model as JSON; prediction is the part that needs the cluster."),
    ("Check the backends agree", "Run the saved model on DuckDB and on the cluster for one borough and compare the "
     "links before trusting the national run."),
    ("Measure the quality by subgroup", "Precision and recall by age, name origin and borough on a labelled sample "
     "(chapter B4): national errors are not spread evenly."),
    ("Plan the clerical review", "The review band grows with the data: at national scale a 1 % band is thousands "
     "of pairs a day; size the team or tighten the band."),
    ("Govern the data", "A data-sharing agreement for each borough, the legal gateway, minimised fields, and where "
     "the linked data may live."),
)


def cost_per_record(records: float, seconds: float, pairs: float) -> dict:
    """Seconds and pairs per record: the two numbers that say whether a method will scale."""
    if records <= 0:
        raise BootcampInputError("records must be positive.")
    return {"seconds_per_record": seconds / records, "pairs_per_record": pairs / records}


def loglog_reference(sizes: Sequence[float], start: float, exponent: float) -> list[float]:
    """A guide line through (sizes[0], start) growing as size ** exponent (for a log–log chart)."""
    return [start * (s / sizes[0]) ** exponent for s in sizes]


__all__ = ["full_index_pairs", "block_sizes", "count_block_pairs", "top_block_share", "scale_up_pairs",
           "growth_exponent", "compare_backends", "spark_sql", "model_for_spark", "spark_session",
           "link_people_on_spark", "duckdb_and_spark", "NATIONAL_CHECKLIST", "national_blocking_choice",
           "cost_per_record", "loglog_reference"]
