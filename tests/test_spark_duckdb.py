"""The same trained Splink model gives the same links on Apache Spark (local mode) as on DuckDB (chapter A2).

Runs in CI (slow: Java and Spark start, then about a minute of prediction on one core). The stored result that the
chapter reads (benchmarks/results/spark_duckdb.csv) must say the same. pyspark must be installed (requirements.txt): a missing pyspark fails, never skips.
"""

import pandas as pd
import pytest

from benchmarks.common import RESULTS

@pytest.fixture(scope="module")
def spark():
    from solutions.scale import spark_session

    session = spark_session("bootcamp-test")
    yield session
    session.stop()


@pytest.mark.slow
def test_spark_links_equal_duckdb_links_on_the_sample(spark):
    from benchmarks.spark_duckdb import compare_on_sample

    result, pairs = compare_on_sample(spark)
    assert result["links_first"] > 50, "the sample should make a good number of links"
    assert result["only_first"] == 0 and result["only_second"] == 0, result
    assert result["scored_pairs_duckdb"] == result["scored_pairs_spark"], result
    assert result["max_abs_difference"] <= 1e-6, result
    assert result["same_links"]
    stored = pd.read_csv(RESULTS / "spark_duckdb.csv").iloc[0]
    assert int(stored["links_first"]) == result["links_first"] == int(stored["links_second"])
    assert bool(stored["same_links"])
