"""solutions.scale: pair counts agree with recordlinkage, skew, growth, sampling, backend comparison, bad input."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import scale


def test_count_block_pairs_agrees_with_recordlinkage():
    import recordlinkage as rl

    left = pd.DataFrame({"k": ["A", "A", "B", None, "C", "C", "C"]}, index=[f"l{i}" for i in range(7)])
    right = pd.DataFrame({"k": ["A", "B", "B", None, "C", "D"]}, index=[f"r{i}" for i in range(6)])
    pairs = rl.Index().block("k").index(left, right)
    assert scale.count_block_pairs(left["k"], right["k"]) == len(pairs) == 2 + 2 + 3
    sizes = scale.block_sizes(left["k"], right["k"])
    assert list(sizes["key"]) == ["C", "A", "B"] and sizes["pairs"].sum() == len(pairs)


def test_full_index_and_sampling():
    assert scale.full_index_pairs(1000, 2000) == 2_000_000
    assert scale.full_index_pairs(5) == 10
    assert scale.scale_up_pairs(100, 0.1, 0.1) == pytest.approx(10_000)
    with pytest.raises(BootcampInputError):
        scale.full_index_pairs(-1, 3)
    with pytest.raises(BootcampInputError):
        scale.scale_up_pairs(10, 0, 0.5)


def test_skew_and_growth():
    assert scale.top_block_share(["A"] * 9 + ["B"], ["A"] * 9 + ["B"], top=1) == pytest.approx(81 / 82)
    assert scale.top_block_share(["A"], ["B"]) == 0.0
    assert scale.growth_exponent([1, 10, 100], [3, 300, 30000]) == pytest.approx(2.0)
    assert scale.growth_exponent([1, 10, 100], [3, 30, 300]) == pytest.approx(1.0)
    with pytest.raises(BootcampInputError):
        scale.growth_exponent([1], [2])
    with pytest.raises(BootcampInputError):
        scale.growth_exponent([1, 0], [2, 3])
    with pytest.raises(BootcampInputError):
        scale.top_block_share(["A"], ["A"], top=0)
    with pytest.raises(BootcampInputError):
        scale.count_block_pairs(pd.DataFrame({"k": [1]}), ["A"])


def test_compare_backends():
    a = pd.DataFrame({"left_id": ["1", "2"], "right_id": ["x", "y"], "match_probability": [0.95, 0.5]})
    same = scale.compare_backends(a, a.iloc[::-1])
    assert same["same_links"] and same["links_first"] == 1 and same["max_abs_difference"] == 0
    b = a.assign(match_probability=[0.85, 0.5])
    diff = scale.compare_backends(a, b)
    assert not diff["same_links"] and diff["only_first"] == 1 and diff["max_abs_difference"] == pytest.approx(0.1)
    with pytest.raises(BootcampInputError, match="missing column"):
        scale.compare_backends(a, a.drop(columns="match_probability"))


def test_spark_sql_translation():
    assert scale.spark_sql("ELSE") == "ELSE"
    out = scale.spark_sql('jaro_winkler_similarity("first_name_l", "first_name_r") >= 0.92')
    assert out == "jaro_winkler(`first_name_l`, `first_name_r`) >= 0.92"
    out = scale.spark_sql("len(list_intersect(address_tokens_l, address_tokens_r)) >= "
                          "0.5 * greatest(len(address_tokens_l), len(address_tokens_r))")
    assert "SIZE(ARRAY_INTERSECT(address_tokens_l, address_tokens_r))" in out and "SIZE(address_tokens_r)" in out
    out = scale.spark_sql("ABS(EPOCH(try_strptime(\"dob_l\", '%Y-%m-%d')))")
    assert "TO_TIMESTAMP(`dob_l`, 'yyyy-MM-dd')" in out
    with pytest.raises(BootcampInputError):
        scale.model_for_spark({"no": "comparisons"})
