"""A2 · Matching at scale: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, one_of
from solutions import scale

chapter = Chapter(
    code="A2",
    title="Matching at scale",
    part="advanced",
    week=11,
    minutes=90,
    notebook="book/advanced/a2_scale.ipynb",
    questions=(
        "Why does a job that takes a minute on one borough take days on a national list?",
        "How many pairs will a blocking rule make, and can we know before we run it?",
        "How does one huge block (a common surname, a default date) stall a whole run?",
        "What do a million residents cost Splink on DuckDB in time and memory on a two-core machine?",
        "When one machine is not enough, how does the same Splink model run on Apache Spark, and does it give the "
        "same answers?",
    ),
    objectives=(
        "Count the pairs of a full index and of a blocking rule from key counts alone, and explain why pairs grow "
        "with the square of the records without blocking.",
        "Find block-size skew (the few largest blocks holding most pairs) and fix it with tighter keys or by "
        "treating placeholder values as missing.",
        "Read a log–log chart of records against pairs and seconds, and estimate the growth exponent of each method.",
        "Estimate full-size pairs from a sample, and read measured time and peak memory of Splink on DuckDB at "
        "one million residents.",
        "Run a trained Splink model on Spark (local mode), check it against DuckDB, and plan a national-scale "
        "linkage with a checklist.",
    ),
    prerequisites=(
        "B2 · Your first data linkage in Python (pairs and blocking).",
        "I3 · Probabilistic matching algorithms (Splink models, training and prediction).",
        "Logarithms: a straight line on a log–log chart means a power law.",
    ),
    key_points=(
        "Without blocking, pairs are n × m: ten times the records means a hundred times the pairs and the time.",
        "A blocking rule's pairs are the sum over its keys of left × right counts: count them before you run, "
        "on the full data, from key counts alone.",
        "Pairs go where the big blocks are: a handful of common surnames or placeholder values can hold most of the "
        "work; tighten those keys or make placeholders missing.",
        "On a log–log chart a method's slope is its growth exponent: about 2 for a full index, about 1 for good "
        "blocking.",
        "A 10 % sample of each side shows 1 % of the pairs: scale sample pair counts by both fractions.",
        "Splink on DuckDB links a million-resident borough on one small machine; the chapter's figures are "
        "measured in benchmarks/ and read from its stored results.",
        "The same trained Splink model runs on Spark by translating its SQL; check the links agree with DuckDB on "
        "a sample before trusting a cluster run.",
        "National linkage is mostly planning: count pairs, look at the largest blocks, partition by geography with "
        "a second pass for movers, train on a sample, and govern the data.",
    ),
)


# --- exercises --------------------------------------------------------------------------------------------------

q1 = FunctionExercise(
    label="a2-q1", title="Count the pairs a blocking rule makes",
    reference=scale.count_block_pairs,
    cases=[(["SMITH", "SMITH", "KHAN", "OKAFOR"], ["SMITH", "KHAN", "KHAN", "KHAN", "NGUYEN"]),
           (["TB1 1AA", None, "TB1 1AA", None], ["TB1 1AA", None, None]),
           (["A", "B"], ["C"]),
           (["X"] * 4, ["X"] * 3)],
    hints=["Count each key on each side (value_counts), multiply the counts of the keys found on both sides, add up.",
           "A missing key (None) is in no block: drop missing values before counting, or every record with no "
           "postcode is paired with every other one."],
    starter="def count_block_pairs(left_keys, right_keys):\n    ...  # your code here",
)

q2 = FunctionExercise(
    label="a2-q2", title="How much of the work is in the biggest blocks?",
    reference=scale.top_block_share,
    cases=[(["SMITH"] * 5 + ["KHAN"] * 2 + ["LEE"], ["SMITH"] * 4 + ["KHAN"] * 2 + ["LEE"], 1),
           (["A", "A", "B", "C", "D"], ["A", "B", "B", "C", "E"], 2),
           (["A", "B"], ["C", "D"], 3),
           (["A"] * 3 + ["B"] * 3, ["A", "B"], 5)],
    hints=["Work in pairs, not records: each block holds left count × right count pairs.",
           "Sort the blocks by pairs, largest first, add up the first `top`, divide by all pairs; "
           "return 0.0 when there are no pairs at all."],
    starter="def top_block_share(left_keys, right_keys, top=10):\n    ...  # your code here",
)

q3 = FunctionExercise(
    label="a2-q3", title="The growth exponent",
    reference=scale.growth_exponent,
    cases=[([1_000, 10_000, 100_000], [2.0, 200.0, 20_000.0]),
           ([1_000, 10_000, 100_000], [1.5, 15.0, 150.0]),
           ([2_000, 20_000, 200_000, 2_000_000], [0.3, 2.1, 25.0, 310.0]),
           ([10, 40], [3.0, 12.0])],
    hints=["Take logarithms of both sizes and costs; the exponent is the slope of the straight line through them.",
           "np.polyfit(np.log(sizes), np.log(costs), 1)[0] fits that line; round to 6 decimals and return a float."],
    starter="def growth_exponent(sizes, costs):\n    ...  # your code here",
)

q4 = FunctionExercise(
    label="a2-q4", title="From a sample's pairs to the full run",
    reference=scale.scale_up_pairs,
    cases=[(1_200, 0.1, 0.1), (50_000, 0.05, 1.0), (3_000, 0.2, 0.5), (0, 0.3, 0.3)],
    hints=["A pair appears in the sample only when both its records were sampled.",
           "The chance of that is fraction_left × fraction_right: divide the sample's pairs by it."],
    starter="def scale_up_pairs(sample_pairs, fraction_left, fraction_right):\n    ...  # your code here",
)


def _backend_cases():
    def frame(rows):
        return pd.DataFrame(rows, columns=["left_id", "right_id", "match_probability"])

    duck = frame([("a1", "b1", 0.999), ("a2", "b2", 0.95), ("a3", "b9", 0.4), ("a4", "b4", 0.91)])
    same = frame([("a4", "b4", 0.91), ("a1", "b1", 0.999), ("a2", "b2", 0.95), ("a3", "b9", 0.4)])
    drift = frame([("a1", "b1", 0.999), ("a2", "b2", 0.95), ("a3", "b9", 0.4), ("a4", "b4", 0.89)])
    extra = frame([("a1", "b1", 0.999), ("a2", "b2", 0.95), ("a3", "b9", 0.93), ("a4", "b4", 0.91),
                   ("a5", "b5", 0.97)])
    return [(duck, same), (duck, drift), (duck, extra), (duck, duck.head(0))]


q5 = FunctionExercise(
    label="a2-q5", title="Do the two backends agree?",
    reference=scale.compare_backends,
    cases=_backend_cases(),
    hints=["Links are the pairs with match_probability ≥ threshold (0.9 by default), as sets of (left_id, right_id).",
           "Merge the two tables on left_id and right_id for the probability difference (absolute, largest); "
           "same_links needs no link on one side only AND that difference within tolerance. Keys: links_first, "
           "links_second, only_first, only_second, max_abs_difference, same_links."],
    starter="def compare_backends(first, second, threshold=0.9, tolerance=1e-6):\n    ...  # your code here",
)

BLOCKING_OPTIONS = {
    "last_name": "same last name",
    "postcode": "same postcode",
    "postcode_district_and_name": "same postcode district and same first and last name, plus a second pass on "
                                  "same name and date of birth anywhere",
    "dob_year": "same year of birth",
    "none": "no blocking: compare everyone with everyone",
}

q6 = ChoiceExercise(
    label="a2-q6", title="Blocking a national list against 33 boroughs",
    reference=lambda: "postcode_district_and_name",
    validate=one_of(["postcode_district_and_name"],
                    "a single key either makes blocks that are too big nationally (last name: every Smith in the "
                    "country against every Smith in London; year of birth: hundreds of thousands a year) or loses "
                    "everyone who moved (postcode); no blocking is about 10^14 pairs"),
    hints=["Think about two failures: blocks too big to finish, and true matches that share no key.",
           "Geography keeps blocks small but misses movers; a second pass without geography catches them."],
    starter='national_rule = ...  # one of "last_name", "postcode", "postcode_district_and_name", "dob_year", "none"',
)
