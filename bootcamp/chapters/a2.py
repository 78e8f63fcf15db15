"""A2 · Matching at scale: front matter and checked exercises."""

from __future__ import annotations

import numpy as np
import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, one_of
from solutions import scale

chapter = Chapter(
    code="A2",
    title="Matching at scale",
    part="advanced",
    week=11,
    minutes=140,
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
    cases=[(pd.Series(["SMITH", "SMITH", "KHAN", "OKAFOR"]), pd.Series(["SMITH", "KHAN", "KHAN", "KHAN", "NGUYEN"])),
           (pd.Series(["TB1 1AA", None, "TB1 1AA", None]), pd.Series(["TB1 1AA", None, None])),
           (pd.Series(["A", "B"]), pd.Series(["C"])),
           (pd.Series(["X"] * 4), pd.Series(["X"] * 3))],
    golden=[((pd.Series(["SMITH", "SMITH", "KHAN"]), pd.Series(["SMITH", "KHAN", "KHAN"])), 4),
            ((pd.Series(["TB1 1AA", None, "TB1 1AA", np.nan]), pd.Series(["TB1 1AA", None, np.nan])), 2)],
    hints=["Count each key on each side (value_counts), multiply the counts of the keys found on both sides, add up.",
           "A missing key (None or NaN) is in no block: drop missing values before counting, or every record with no "
           "postcode is paired with every other one. (pandas' merge pairs missing keys with each other, too.)"],
    starter="def count_block_pairs(left_keys, right_keys):\n    ...  # your code here",
    wrong=[
        "def count_block_pairs(left_keys, right_keys):  # forgot to block at all\n"
        "    return len(left_keys) * len(right_keys)",
        "def count_block_pairs(left_keys, right_keys):  # missing keys treated as one big block\n"
        "    left = left_keys.fillna('').value_counts()\n"
        "    right = right_keys.fillna('').value_counts()\n"
        "    return int((left * right).dropna().sum())",
        "def count_block_pairs(left_keys, right_keys):  # adds the records in shared blocks instead of multiplying\n"
        "    left, right = left_keys.value_counts(), right_keys.value_counts()\n"
        "    return int((left + right).dropna().sum())",
        "import pandas as pd\n\n"
        "def count_block_pairs(left_keys, right_keys):  # makes the pairs with merge, which pairs missing keys too\n"
        "    left, right = pd.DataFrame({'key': left_keys}), pd.DataFrame({'key': right_keys})\n"
        "    return len(left.merge(right, on='key'))",
        "def count_block_pairs(left_keys, right_keys):  # counts the shared keys, not the pairs in them\n"
        "    return len(set(left_keys.dropna()) & set(right_keys.dropna()))",
    ],
)

q2 = FunctionExercise(
    label="a2-q2", title="The growth exponent",
    reference=scale.growth_exponent,
    cases=[([1_000, 10_000, 100_000], [2.0, 200.0, 20_000.0]),
           ([1_000, 10_000, 100_000], [1.5, 15.0, 150.0]),
           ([2_000, 20_000, 200_000, 2_000_000], [0.3, 2.1, 25.0, 310.0]),
           (pd.Series([10, 40]), pd.Series([3.0, 12.0]))],
    golden=[(([1_000, 10_000, 100_000], [2.0, 200.0, 20_000.0]), 2.0),
            ((pd.Series([100, 1_000]), pd.Series([5.0, 50.0])), 1.0)],
    hints=["Take logarithms of both sizes and costs; the exponent is the slope of the straight line through them.",
           "np.polyfit(np.log(sizes), np.log(costs), 1)[0] fits that line; round to 6 decimals and return a float."],
    starter="def growth_exponent(sizes, costs):\n    ...  # your code here",
    wrong=[
        "def growth_exponent(sizes, costs):  # the ratio of the costs, not a slope\n"
        "    return float(list(costs)[-1] / list(costs)[0])",
        "import numpy as np\n\n"
        "def growth_exponent(sizes, costs):  # no logarithms: a slope in seconds per record\n"
        "    return float(np.polyfit(sizes, costs, 1)[0])",
        "import numpy as np\n\n"
        "def growth_exponent(sizes, costs):  # the two end points only, not the line through every point\n"
        "    sizes, costs = list(sizes), list(costs)\n"
        "    return round(float(np.log(costs[-1] / costs[0]) / np.log(sizes[-1] / sizes[0])), 6)",
        "import numpy as np\n\n"
        "def growth_exponent(sizes, costs):  # axes swapped: log(size) against log(cost)\n"
        "    return round(float(np.polyfit(np.log(costs), np.log(sizes), 1)[0]), 6)",
    ],
)

q3 = FunctionExercise(
    label="a2-q3", title="How much of the work is in the biggest blocks?",
    reference=scale.top_block_share,
    cases=[(pd.Series(["SMITH"] * 5 + ["KHAN"] * 2 + ["LEE"]), pd.Series(["SMITH"] * 4 + ["KHAN"] * 2 + ["LEE"]), 1),
           (pd.Series(["A", "A", "B", "C", "D"]), pd.Series(["A", "B", "B", "C", "E"]), 2),
           (pd.Series(["A", "B"]), pd.Series(["C", "D"]), 3),
           (pd.Series(["A"] * 3 + ["B"] * 3 + [None]), pd.Series(["A", "B", None]), 5)],
    golden=[((pd.Series(["SMITH"] * 5 + ["KHAN"] * 2 + ["LEE"]), pd.Series(["SMITH"] * 4 + ["KHAN"] * 2 + ["LEE"]), 1),
             0.8),
            ((pd.Series(["A"] * 3 + ["B"]), pd.Series(["A"] + ["B"] * 5), 1), 0.625),
            ((pd.Series(["A", "B"]), pd.Series(["C", "D"]), 3), 0.0)],
    hints=["Work in pairs, not records: each block holds left count × right count pairs.",
           "Sort the blocks by pairs, largest first, add up the first `top`, divide by all pairs; "
           "return 0.0 when there are no pairs at all."],
    starter="def top_block_share(left_keys, right_keys, top=10):\n    ...  # your code here",
    wrong=[
        "import pandas as pd\n\n"
        "def top_block_share(left_keys, right_keys, top=10):  # records, not pairs\n"
        "    counts = pd.concat([left_keys, right_keys]).dropna().value_counts()\n"
        "    return float(counts.head(top).sum() / counts.sum()) if counts.sum() else 0.0",
        "def top_block_share(left_keys, right_keys, top=10):  # a share of blocks, not of pairs\n"
        "    keys = set(left_keys.dropna()) & set(right_keys.dropna())\n"
        "    return min(top, len(keys)) / len(keys) if keys else 0.0",
        "def top_block_share(left_keys, right_keys, top=10):  # largest by left records, not by pairs\n"
        "    left, right = left_keys.value_counts(), right_keys.value_counts()\n"
        "    pairs = (left * right).dropna()\n"
        "    if pairs.sum() == 0:\n"
        "        return 0.0\n"
        "    biggest = left[left.index.isin(pairs.index)].sort_values(ascending=False).head(top).index\n"
        "    return float(pairs[biggest].sum() / pairs.sum())",
        "def top_block_share(left_keys, right_keys, top=10):  # forgets the case with no pairs at all\n"
        "    pairs = (left_keys.value_counts() * right_keys.value_counts()).dropna()\n"
        "    return float(pairs.sort_values(ascending=False).head(top).sum() / pairs.sum())",
    ],
)

q4 = FunctionExercise(
    label="a2-q4", title="From a sample's pairs to the full run",
    reference=scale.scale_up_pairs,
    cases=[(1_200, 0.1, 0.1), (50_000, 0.05, 1.0), (3_000, 0.2, 0.5), (0, 0.3, 0.3)],
    golden=[((1_200, 0.1, 0.1), 120_000.0), ((3_000, 0.2, 0.5), 30_000.0)],
    hints=["A pair appears in the sample only when both its records were sampled.",
           "The chance of that is fraction_left × fraction_right: divide the sample's pairs by it."],
    starter="def scale_up_pairs(sample_pairs, fraction_left, fraction_right):\n    ...  # your code here",
    wrong=[
        "def scale_up_pairs(sample_pairs, fraction_left, fraction_right):  # scales by one side only\n"
        "    return sample_pairs / fraction_left",
        "def scale_up_pairs(sample_pairs, fraction_left, fraction_right):  # multiplies instead of dividing\n"
        "    return sample_pairs * fraction_left * fraction_right",
        "def scale_up_pairs(sample_pairs, fraction_left, fraction_right):  # the average fraction, as for records\n"
        "    return sample_pairs / ((fraction_left + fraction_right) / 2)",
    ],
)

SCORED = ["left_id", "right_id", "match_probability"]
DUCK = pd.DataFrame([("a1", "b1", 0.999), ("a2", "b2", 0.95), ("a3", "b9", 0.4), ("a4", "b4", 0.91)], columns=SCORED)

q5 = FunctionExercise(
    label="a2-q5", title="Do the two backends agree?",
    reference=scale.compare_backends,
    cases=[
        (DUCK, DUCK.iloc[[3, 0, 1, 2]]),  # the same pairs in another order
        (DUCK, DUCK.assign(match_probability=[0.999, 0.95, 0.4, 0.89])),  # one link drifts below the threshold
        (DUCK, pd.concat([DUCK.assign(match_probability=[0.999, 0.95, 0.93, 0.91]),
                          pd.DataFrame([("a5", "b5", 0.97)], columns=SCORED)], ignore_index=True)),
        (DUCK, DUCK.head(0)),  # the second backend scored nothing
        (pd.DataFrame([("a1", "b1", 0.9), ("a2", "b2", 0.2)], columns=SCORED),
         pd.DataFrame([("a1", "b1", 0.9), ("a2", "b2", 0.2)], columns=SCORED)),  # a link exactly at the threshold
    ],
    golden=[
        ((DUCK, DUCK.assign(match_probability=[0.999, 0.95, 0.4, 0.89])),
         {"links_first": 3, "links_second": 2, "only_first": 1, "only_second": 0, "max_abs_difference": 0.02,
          "same_links": False}),
        ((pd.DataFrame([("a1", "b1", 0.9)], columns=SCORED), pd.DataFrame([("a1", "b1", 0.9)], columns=SCORED)),
         {"links_first": 1, "links_second": 1, "only_first": 0, "only_second": 0, "max_abs_difference": 0.0,
          "same_links": True}),
    ],
    hints=["Links are the pairs with match_probability ≥ threshold (0.9 by default, and a pair at exactly 0.9 is a "
           "link), as sets of (left_id, right_id).",
           "Merge the two tables on left_id and right_id for the probability difference (absolute, largest); "
           "same_links needs no link on one side only AND that difference within tolerance. Keys: links_first, "
           "links_second, only_first, only_second, max_abs_difference, same_links."],
    starter="def compare_backends(first, second, threshold=0.9, tolerance=1e-6):\n    ...  # your code here",
    wrong=[
        "def compare_backends(first, second, threshold=0.9, tolerance=1e-6):  # every scored pair counted as a link\n"
        "    a = set(zip(first['left_id'], first['right_id']))\n"
        "    b = set(zip(second['left_id'], second['right_id']))\n"
        "    m = first.merge(second, on=['left_id', 'right_id'])\n"
        "    d = (m['match_probability_x'] - m['match_probability_y']).abs().max() if len(m) else 0.0\n"
        "    return {'links_first': len(a), 'links_second': len(b), 'only_first': len(a - b),\n"
        "            'only_second': len(b - a), 'max_abs_difference': round(float(d), 12),\n"
        "            'same_links': a == b and d <= tolerance}",
        "def compare_backends(first, second, threshold=0.9, tolerance=1e-6):  # ignores drift in the probabilities\n"
        "    def links(f):\n"
        "        kept = f[f['match_probability'] >= threshold]\n"
        "        return set(zip(kept['left_id'], kept['right_id']))\n"
        "    a, b = links(first), links(second)\n"
        "    return {'links_first': len(a), 'links_second': len(b), 'only_first': len(a - b),\n"
        "            'only_second': len(b - a), 'max_abs_difference': 0.0, 'same_links': a == b}",
        "def compare_backends(first, second, threshold=0.9, tolerance=1e-6):  # > where the prompt says at or above\n"
        "    def links(f):\n"
        "        kept = f[f['match_probability'] > threshold]\n"
        "        return set(zip(kept['left_id'], kept['right_id']))\n"
        "    a, b = links(first), links(second)\n"
        "    m = first.merge(second, on=['left_id', 'right_id'])\n"
        "    d = (m['match_probability_x'] - m['match_probability_y']).abs().max() if len(m) else 0.0\n"
        "    return {'links_first': len(a), 'links_second': len(b), 'only_first': len(a - b),\n"
        "            'only_second': len(b - a), 'max_abs_difference': round(float(d), 12),\n"
        "            'same_links': a == b and d <= tolerance}",
        "def compare_backends(first, second, threshold=0.9, tolerance=1e-6):  # signed difference, not absolute\n"
        "    def links(f):\n"
        "        kept = f[f['match_probability'] >= threshold]\n"
        "        return set(zip(kept['left_id'], kept['right_id']))\n"
        "    a, b = links(first), links(second)\n"
        "    m = first.merge(second, on=['left_id', 'right_id'])\n"
        "    d = max((m['match_probability_x'] - m['match_probability_y']).max(), 0.0) if len(m) else 0.0\n"
        "    return {'links_first': len(a), 'links_second': len(b), 'only_first': len(a - b),\n"
        "            'only_second': len(b - a), 'max_abs_difference': round(float(d), 12),\n"
        "            'same_links': a == b and d <= tolerance}",
    ],
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
    label="a2-q6", title="Blocking a national list against London's boroughs",
    reference=scale.national_blocking_choice,
    validate=one_of(["postcode_district_and_name"],
                    "a single key either makes blocks that are too big nationally (last name: every Smith in the "
                    "country against every Smith in London; year of birth: hundreds of thousands a year) or loses "
                    "everyone who moved (postcode); no blocking is about 10^14 pairs",
                    choices=list(BLOCKING_OPTIONS)),
    hints=["Think about two failures: blocks too big to finish, and true matches that share no key.",
           "Geography keeps blocks small but misses movers; a second pass without geography catches them."],
    starter='national_rule = ...  # one of "last_name", "postcode", "postcode_district_and_name", "dob_year", "none"',
    golden=["postcode_district_and_name", " Postcode_District_And_Name"],
    wrong=[
        'national_rule = "last_name"  # every Smith in the country against every Smith in London',
        'national_rule = "postcode"  # loses everyone who moved since one of the lists was made',
        'national_rule = "dob_year"  # hundreds of thousands of people a year in one block',
        'national_rule = "none"  # about 10^14 pairs',
        'national_rule = "postcode district and name"  # typed the description, not the option\'s name',
    ],
)
