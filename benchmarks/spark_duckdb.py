"""The same Splink model on DuckDB and on Apache Spark (local mode): do they give the same links?

The sample: the committed Thamesbury shielding list (left) against adult social care and housing benefit together
(right), standardised. The course's person model (solutions.probabilistic) is trained once on DuckDB; that trained
model is saved as JSON, translated to Spark SQL (solutions.scale.model_for_spark) and run on a one-core local Spark
session. The test tests/test_spark_duckdb.py runs the same comparison in CI.

    python -m benchmarks.spark_duckdb

Writes results/spark_duckdb.csv (the comparison, with wall times) and results/spark_duckdb_pairs.csv (every scored
pair with both backends' probabilities), which chapter A2 reads.
"""

from __future__ import annotations

import time
import warnings

import pandas as pd

from benchmarks.common import RESULTS, write_table

THRESHOLD = 0.9


def sample() -> tuple[pd.DataFrame, pd.DataFrame]:
    from bootcamp import load
    from solutions import standardise

    left = standardise("shielding_list", load("shielding_list"))
    right = pd.concat([standardise(s, load(s)) for s in ("adult_social_care", "housing_benefit")], ignore_index=True)
    return left, right


def compare_on_sample(spark=None) -> tuple[dict, pd.DataFrame]:
    """Train on DuckDB, predict on DuckDB and on Spark; return the comparison (a dict) and the pairs side by side."""
    from solutions import scale

    warnings.filterwarnings("ignore")
    left, right = sample()
    start = time.perf_counter()
    spark = spark or scale.spark_session("bootcamp-a2")
    spark_start = time.perf_counter() - start
    from solutions import probabilistic as pr

    t0 = time.perf_counter()
    linker = pr.train_person_model(left, right)
    model = linker.misc.save_model_to_json()
    t1 = time.perf_counter()
    with pr._quiet_splink(True):
        duck = pr.scored_pairs(linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe())
    t2 = time.perf_counter()
    on_spark = scale.link_people_on_spark(left, right, model, spark)
    t3 = time.perf_counter()
    result = scale.compare_backends(duck, on_spark, threshold=THRESHOLD)
    result.update({"left_records": len(left), "right_records": len(right), "scored_pairs_duckdb": len(duck),
                   "scored_pairs_spark": len(on_spark), "threshold": THRESHOLD,
                   "seconds_spark_start": round(spark_start, 1), "seconds_train_duckdb": round(t1 - t0, 1),
                   "seconds_predict_duckdb": round(t2 - t1, 1), "seconds_predict_spark": round(t3 - t2, 1),
                   "spark_version": spark.version})
    pairs = duck.merge(on_spark, on=["left_id", "right_id"], how="outer", suffixes=("_duckdb", "_spark"))
    pairs = pairs.sort_values(["match_probability_duckdb", "left_id", "right_id"], ascending=[False, True, True],
                              ignore_index=True)
    return result, pairs


def main() -> dict:
    result, pairs = compare_on_sample()
    write_table(pd.DataFrame([result]), "spark_duckdb")
    pairs.to_csv(RESULTS / "spark_duckdb_pairs.csv", index=False)
    print(pd.Series(result).to_string())
    return result


if __name__ == "__main__":
    main()
