"""The four reference pipelines are importable from `solutions` under the names benchmarks and tests use."""

import inspect

import pytest

import solutions


@pytest.mark.parametrize("name", ["standardise", "match_key_cascade", "link_people", "match_addresses"])
def test_pipeline_is_a_function_at_the_top_of_solutions(name):
    exec(f"from solutions import {name} as pipeline", globals())
    assert inspect.isfunction(pipeline), f"solutions.{name} is {type(pipeline).__name__}, not the pipeline function"
    assert getattr(solutions, name) is pipeline


def test_standardise_is_the_function_even_after_its_module_is_imported():
    import solutions.standard_record as module  # noqa: F401  (the submodule of the same name)
    from solutions import standardise

    assert inspect.isfunction(standardise)
