"""P1 · Single view of the resident: front matter and checked exercises.

The reference answers live in ``solutions.single_view`` (links to clusters, quality checks, golden records, cluster
precision and recall).
"""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import FunctionExercise
from solutions import single_view

chapter = Chapter(
    code="P1",
    title="Single view of the resident",
    part="practice",
    week=None,
    minutes=150,
    notebook="book/practice/p1_single_view.ipynb",
    questions=(
        "How do we turn six services' records into one view of each resident?",
        "Why can linking records in pairs put two different people into one cluster?",
        "How do we check clusters when there is no truth to check them against?",
        "Which value should the single view keep when the sources disagree?",
    ),
    objectives=(
        "Link six council sources with a probabilistic model, choosing which sources to compare within a time budget.",
        "Turn pairwise links into clusters with connected components, and explain how transitive closure chains "
        "one bad link into a wrong cluster.",
        "Use what a source's population rules out (no council-tax payer is 9) to drop impossible links.",
        "Check clusters without truth: their sizes, and clusters holding two NHS numbers or two dates of birth.",
        "Build a golden record by survivorship rules, and say where each of its values came from.",
        "Measure clusters against the truth with pairwise and B-cubed precision and recall, and say how they differ.",
    ),
    prerequisites=(
        "B1 · Data and string cleaning (every source goes through `solutions.standard_record`).",
        "I3 · Probabilistic matching (we link with `solutions.link_people` and choose a threshold).",
    ),
    key_points=(
        "A single view is built in three steps: link pairs of records, group the links into clusters, and pick one "
        "value per field for each cluster (the golden record).",
        "Clusters are the connected components of the graph of links. Transitive closure is powerful (it joins "
        "sources that were never compared) and dangerous (one wrong link merges two people, and everything linked "
        "to either of them).",
        "Plan which sources to compare: a source without dates of birth struggles to tell apart two members of a "
        "household, who share a surname and an address; business rules about who can be on a list (age limits) "
        "remove links no model can.",
        "Check clusters without truth: the size distribution, and clusters holding two NHS numbers or two dates "
        "of birth, are cheap warnings worth reviewing by hand. A conflict may be a typo rather than a merge, and "
        "records that hold neither field cannot conflict at all.",
        "Survivorship rules are choices: the most recent address, the most complete name, the date of birth from "
        "the most trusted source. Record where every value came from.",
        "Pairwise precision and recall count pairs, so big clusters dominate; B-cubed counts records. Report which "
        "you use.",
    ),
)


# --- q1: links to clusters ------------------------------------------------------------------------------------------


def same_partition(answer, expected) -> str | None:
    """Accept any cluster labels, as long as the answer groups the records exactly as the reference does."""
    if not isinstance(answer, pd.DataFrame):
        return f"expected a pandas DataFrame, got {type(answer).__name__}"
    missing = [c for c in ("record_id", "cluster_id") if c not in answer.columns]
    if missing:
        return f"the DataFrame needs the columns 'record_id' and 'cluster_id' (missing {missing})"
    got_ids, want_ids = list(answer["record_id"].astype(str)), list(expected["record_id"].astype(str))
    if sorted(got_ids) != sorted(want_ids):
        lost = sorted(set(want_ids) - set(got_ids))
        if lost:
            return f"records {lost} are missing: every record belongs to a cluster, even one with no links"
        return f"expected one row per record ({len(want_ids)} rows), got {len(got_ids)}"

    def groups(frame):
        return {frozenset(g) for g in frame.astype({"record_id": str}).groupby("cluster_id")["record_id"]
                .agg(frozenset)}

    got, want = groups(answer), groups(expected)
    if got == want:
        return None
    wrong = sorted((sorted(g) for g in want - got), key=str)
    return f"these records should form one cluster each: {wrong[:3]}; your clusters: {sorted((sorted(g) for g in got - want), key=str)[:3]}"


_IDS = ["CT1", "ER1", "HB1", "ER2", "SC1", "SL1", "CT2", "ER3"]
_LINKS = pd.DataFrame({"left_id": ["ER1", "ER1", "ER2", "ER3"], "right_id": ["CT1", "HB1", "SL1", "CT2"]})
_CHAIN = pd.DataFrame({"left_id": ["A", "C", "C"], "right_id": ["B", "B", "D"]})

q1 = FunctionExercise(
    label="p1-q1",
    title="From links to clusters",
    reference=single_view.clusters_from_links,
    cases=[
        (_IDS, _LINKS),
        (["A", "B", "C", "D", "E"], _CHAIN),
        (["X", "Y"], _LINKS.iloc[0:0]),
    ],
    compare=same_partition,
    golden=[
        ((["A", "B", "C", "D", "E"], _CHAIN),
         pd.DataFrame({"record_id": ["A", "B", "C", "D", "E"], "cluster_id": ["A", "A", "A", "A", "E"]})),
        ((["X", "Y"], _LINKS.iloc[0:0]), pd.DataFrame({"record_id": ["X", "Y"], "cluster_id": ["X", "Y"]})),
    ],
    wrong=[
        "import pandas as pd\nfrom scipy.sparse import coo_matrix\nfrom scipy.sparse.csgraph import connected_components\n\n"
        "def clusters_from_links(record_ids, links):\n"
        "    # only the records that appear in a link: records with no link vanish from the view\n"
        "    ids = sorted(set(links['left_id']) | set(links['right_id']))\n"
        "    pos = {r: i for i, r in enumerate(ids)}\n"
        "    graph = coo_matrix(([1] * len(links), ([pos[x] for x in links['left_id']], "
        "[pos[x] for x in links['right_id']])), shape=(len(ids), len(ids)))\n"
        "    _, labels = connected_components(graph, directed=False)\n"
        "    return pd.DataFrame({'record_id': ids, 'cluster_id': labels})",
        "import pandas as pd\n\n"
        "def clusters_from_links(record_ids, links):\n"
        "    # each record joins its direct link's cluster only: no transitive closure\n"
        "    cluster = {r: r for r in record_ids}\n"
        "    for left, right in zip(links['left_id'], links['right_id']):\n"
        "        cluster[right] = cluster[left]\n"
        "    return pd.DataFrame({'record_id': list(cluster), 'cluster_id': list(cluster.values())})",
        "import pandas as pd\nfrom scipy.sparse import coo_matrix\nfrom scipy.sparse.csgraph import connected_components\n\n"
        "def clusters_from_links(record_ids, links):\n"
        "    # links treated as one-way, with strongly connected components: A-B and C-B never meet\n"
        "    ids = list(record_ids)\n"
        "    pos = {r: i for i, r in enumerate(ids)}\n"
        "    graph = coo_matrix(([1] * len(links), ([pos[x] for x in links['left_id']], "
        "[pos[x] for x in links['right_id']])), shape=(len(ids), len(ids)))\n"
        "    _, labels = connected_components(graph, directed=True, connection='strong')\n"
        "    return pd.DataFrame({'record_id': ids, 'cluster_id': labels})",
    ],
    hints=[
        "Number the records 0..n-1, build a sparse n × n matrix with a 1 for each link "
        "(scipy.sparse.coo_matrix), and call scipy.sparse.csgraph.connected_components(graph, directed=False).",
        "Return every record in record_ids, not only those in a link: a record with no link is a cluster of one. "
        "A link has no direction: A–B and C–B put A and C together.",
    ],
    starter="def clusters_from_links(record_ids, links):\n    ...  # return a DataFrame: record_id, cluster_id",
)


# --- q2: links a source's population rules out ----------------------------------------------------------------------

_RECORDS = pd.DataFrame({
    "record_id": ["ER1", "SC1", "CT1", "SC2", "HB1", "ER2", "SC3"],
    "source": ["electoral_register", "school_census", "council_tax", "school_census", "housing_benefit",
               "electoral_register", "school_census"],
    "dob": [None, "2014-07-10", None, "2008-01-15", "1975-02-09", "2009-05-27", "2010-04-01"],
})
_AGE_LINKS = pd.DataFrame({"left_id": ["ER1", "ER1", "CT1", "HB1", "ER2", "CT1", "SC1"],
                           "right_id": ["SC1", "CT1", "SC2", "CT1", "SC3", "SC3", "CT1"]})
_MIN_AGE = {"council_tax": 18, "electoral_register": 16}
# birthdays on the day: 18 today is old enough; 18 tomorrow is not
_BIRTHDAY_RECORDS = pd.DataFrame({
    "record_id": ["CT1", "SC1", "SC2", "ER1", "SC3"],
    "source": ["council_tax", "school_census", "school_census", "electoral_register", "school_census"],
    "dob": [None, "2008-03-31", "2008-04-01", None, "2010-03-31"],
})
_BIRTHDAY_LINKS = pd.DataFrame({"left_id": ["SC1", "CT1", "ER1"], "right_id": ["CT1", "SC2", "SC3"]})

q2 = FunctionExercise(
    label="p1-q2",
    title="Links no population allows",
    reference=single_view.implausible_links,
    cases=[
        (_AGE_LINKS, _RECORDS, _MIN_AGE, "2026-03-31"),
        (_AGE_LINKS, _RECORDS, {"council_tax": 18}, "2026-03-31"),
        (_AGE_LINKS, _RECORDS, _MIN_AGE, "2026-01-10"),
        (_AGE_LINKS.iloc[0:0], _RECORDS, _MIN_AGE, "2026-03-31"),
        (_BIRTHDAY_LINKS, _BIRTHDAY_RECORDS, _MIN_AGE, "2026-03-31"),
    ],
    golden=[
        ((_BIRTHDAY_LINKS, _BIRTHDAY_RECORDS, _MIN_AGE, "2026-03-31"), pd.Series([False, True, False])),
        ((_AGE_LINKS, _RECORDS, _MIN_AGE, "2026-03-31"),
         pd.Series([True, False, False, False, True, True, True])),
    ],
    wrong=[
        "import pandas as pd\n\n"
        "def implausible_links(links, records, min_age, on_date):\n"
        "    # age as a difference of years: birthdays ignored\n"
        "    born = pd.to_datetime(records.set_index('record_id')['dob'])\n"
        "    age = pd.Timestamp(on_date).year - born.dt.year\n"
        "    minimum = records.set_index('record_id')['source'].map(min_age)\n"
        "    left = age.reindex(links['left_id']).to_numpy() < minimum.reindex(links['right_id']).to_numpy()\n"
        "    right = age.reindex(links['right_id']).to_numpy() < minimum.reindex(links['left_id']).to_numpy()\n"
        "    return pd.Series(left | right, index=links.index)",
        "import pandas as pd\n\n"
        "def implausible_links(links, records, min_age, on_date):\n"
        "    # age as days // 365.25: a few days out around birthdays\n"
        "    born = pd.to_datetime(records.set_index('record_id')['dob'])\n"
        "    age = (pd.Timestamp(on_date) - born).dt.days // 365.25\n"
        "    minimum = records.set_index('record_id')['source'].map(min_age)\n"
        "    left = age.reindex(links['left_id']).to_numpy() < minimum.reindex(links['right_id']).to_numpy()\n"
        "    right = age.reindex(links['right_id']).to_numpy() < minimum.reindex(links['left_id']).to_numpy()\n"
        "    return pd.Series(left | right, index=links.index)",
        "from solutions.single_view import age_on\nimport pandas as pd\n\n"
        "def implausible_links(links, records, min_age, on_date):\n"
        "    # checks only the right-hand record's age against the left-hand record's source\n"
        "    indexed = records.set_index('record_id')\n"
        "    age = age_on(indexed['dob'], on_date)\n"
        "    minimum = indexed['source'].map(min_age)\n"
        "    return pd.Series(age.reindex(links['right_id']).to_numpy() < minimum.reindex(links['left_id']).to_numpy(), "
        "index=links.index)",
        "from solutions.single_view import age_on\nimport pandas as pd\n\n"
        "def implausible_links(links, records, min_age, on_date):\n"
        "    # compares each record's age with its OWN source's minimum, not the other record's\n"
        "    indexed = records.set_index('record_id')\n"
        "    too_young = age_on(indexed['dob'], on_date) < indexed['source'].map(min_age)\n"
        "    return pd.Series(too_young.reindex(links['left_id']).to_numpy() | "
        "too_young.reindex(links['right_id']).to_numpy(), index=links.index)",
    ],
    hints=[
        "Look up each side's date of birth and each side's minimum age (from its source): a link is implausible when "
        "the LEFT record is younger than the RIGHT record's source allows, or the other way round.",
        "Age in whole years: subtract the birth year, then one more if the birthday has not come yet on on_date. "
        "A missing date of birth or a source with no minimum age rules nothing out. Keep the links' index.",
    ],
    starter="def implausible_links(links, records, min_age, on_date):\n"
            "    ...  # return a boolean Series, one value per link",
)


# --- q3: clusters holding two values ---------------------------------------------------------------------------------

_CLUSTERED = pd.DataFrame({
    "record_id": ["ASC1", "SL1", "ER1", "ASC2", "SL2", "HB1", "HB2", "SC1", "SL3"],
    "nhs_number": ["9990001234", "9990001234", None, "9990005678", "9990005679", None, None, None, "9990009999"],
    "dob": ["1944-11-06", "1944-11-06", None, "1950-02-03", "1950-02-03", "1982-09-20", "1982-09-02",
            "2012-11-06", "2012-11-06"],
})
_CLUSTERS = pd.DataFrame({"record_id": _CLUSTERED["record_id"],
                          "cluster_id": ["ASC1", "ASC1", "ASC1", "ASC2", "ASC2", "HB1", "HB1", "SC1", "SC1"]})

q3 = FunctionExercise(
    label="p1-q3",
    title="Clusters with two NHS numbers or two dates of birth",
    reference=single_view.conflicting_clusters,
    cases=[
        (_CLUSTERED, _CLUSTERS, "nhs_number"),
        (_CLUSTERED, _CLUSTERS, "dob"),
        (_CLUSTERED.iloc[[0, 1, 2]], _CLUSTERS, "nhs_number"),
    ],
    golden=[
        ((_CLUSTERED, _CLUSTERS, "nhs_number"), ["ASC2"]),
        ((_CLUSTERED, _CLUSTERS, "dob"), ["HB1"]),
    ],
    wrong=[
        "def conflicting_clusters(records, clusters, column):\n"
        "    # a missing value counted as a second value\n"
        "    merged = clusters.merge(records, on='record_id')\n"
        "    n = merged.groupby('cluster_id')[column].nunique(dropna=False)\n"
        "    return sorted(n[n > 1].index)",
        "def conflicting_clusters(records, clusters, column):\n"
        "    # every cluster with two records, whatever they hold\n"
        "    merged = clusters.merge(records, on='record_id')\n"
        "    n = merged.groupby('cluster_id')[column].size()\n"
        "    return sorted(n[n > 1].index)",
        "def conflicting_clusters(records, clusters, column):\n"
        "    # two non-missing values, even when they are the same value\n"
        "    merged = clusters.merge(records, on='record_id')\n"
        "    n = merged.groupby('cluster_id')[column].count()\n"
        "    return sorted(n[n > 1].index)",
    ],
    hints=[
        "Merge the clusters onto the records, then count distinct values per cluster: "
        "groupby('cluster_id')[column].nunique().",
        "A missing value is not a second value: nunique() ignores missing values by default (dropna=True). "
        "Return a sorted list of cluster IDs.",
    ],
    starter="def conflicting_clusters(records, clusters, column):\n    ...  # return a sorted list of cluster IDs",
)


# --- q4: survivorship, the most recent address -----------------------------------------------------------------------

_ADDRESS_RECORDS = pd.DataFrame({
    "record_id": ["SL1", "CT1", "ER1", "HB1", "SC1", "ER2", "ASC1"],
    "source": ["shielding_list", "council_tax", "electoral_register", "housing_benefit", "school_census",
               "electoral_register", "adult_social_care"],
    "address": ["4 MILL LANE, LONDON", "FLAT 2, 9 PARK ROAD, LONDON", "4 MILL LANE, LONDON", None,
                "12 HIGH STREET, LONDON", "12 HIGH STREET, LONDON", "3 ELM ROW, LONDON"],
    "postcode": ["TB1 1AA", "TB2 2BB", "TB1 1AA", "TB3 3CC", None, "TB9 9ZZ", "TB5 5EE"],
})
_ADDRESS_CLUSTERS = pd.DataFrame({"record_id": _ADDRESS_RECORDS["record_id"],
                                  "cluster_id": ["CT1", "CT1", "CT1", "CT1", "ER2", "ER2", "ASC1"]})
# a tie of dates: the record with a postcode wins, although the other has the smaller record_id
_TIE_RECORDS = pd.DataFrame({
    "record_id": ["ER0", "SC5", "CT9"],
    "source": ["electoral_register", "school_census", "council_tax"],
    "address": ["1 ACORN STREET, LONDON", "1 ACORN ST, LONDON", None],
    "postcode": [None, "TB1 1AA", "TB2 2BB"],
})
_TIE_CLUSTERS = pd.DataFrame({"record_id": ["ER0", "SC5", "CT9"], "cluster_id": ["C1", "C1", "C1"]})
_DATES = {"council_tax": "2026-03-31", "electoral_register": "2025-12-01", "housing_benefit": "2026-04-28",
          "adult_social_care": "2026-03-15", "school_census": "2025-12-01", "shielding_list": "2025-06-30"}

q4 = FunctionExercise(
    label="p1-q4",
    title="Survivorship: the most recent address",
    reference=single_view.most_recent_address,
    cases=[
        (_ADDRESS_RECORDS, _ADDRESS_CLUSTERS, _DATES),
        (_ADDRESS_RECORDS, _ADDRESS_CLUSTERS, {**_DATES, "shielding_list": "2026-05-01"}),
        (_TIE_RECORDS, _TIE_CLUSTERS, _DATES),
    ],
    golden=[
        ((_TIE_RECORDS, _TIE_CLUSTERS, _DATES),
         pd.DataFrame({"cluster_id": ["C1"], "address": ["1 ACORN ST, LONDON"], "postcode": ["TB1 1AA"],
                       "address_from": ["SC5"]})),
        ((_ADDRESS_RECORDS, _ADDRESS_CLUSTERS, _DATES),
         pd.DataFrame({"cluster_id": ["ASC1", "CT1", "ER2"],
                       "address": ["3 ELM ROW, LONDON", "FLAT 2, 9 PARK ROAD, LONDON", "12 HIGH STREET, LONDON"],
                       "postcode": ["TB5 5EE", "TB2 2BB", "TB9 9ZZ"], "address_from": ["ASC1", "CT1", "ER2"]})),
    ],
    wrong=[
        "def most_recent_address(records, clusters, source_dates):\n"
        "    # sorts dates ascending: the OLDEST address survives\n"
        "    df = records.merge(clusters, on='record_id').dropna(subset=['address'])\n"
        "    df['date'] = df['source'].map(source_dates)\n"
        "    best = df.sort_values(['cluster_id', 'date', 'record_id']).drop_duplicates('cluster_id')\n"
        "    out = best[['cluster_id', 'address', 'postcode', 'record_id']].rename(columns={'record_id': 'address_from'})\n"
        "    return out.sort_values('cluster_id').reset_index(drop=True)",
        "def most_recent_address(records, clusters, source_dates):\n"
        "    # the newest record wins even when it has no address\n"
        "    df = records.merge(clusters, on='record_id')\n"
        "    df['date'] = df['source'].map(source_dates)\n"
        "    best = df.sort_values(['cluster_id', 'date', 'record_id'], ascending=[True, False, True])"
        ".drop_duplicates('cluster_id')\n"
        "    out = best[['cluster_id', 'address', 'postcode', 'record_id']].rename(columns={'record_id': 'address_from'})\n"
        "    return out.sort_values('cluster_id').reset_index(drop=True)",
        "def most_recent_address(records, clusters, source_dates):\n"
        "    # the first record in the file, whatever its date\n"
        "    df = records.merge(clusters, on='record_id').dropna(subset=['address'])\n"
        "    best = df.drop_duplicates('cluster_id')\n"
        "    out = best[['cluster_id', 'address', 'postcode', 'record_id']].rename(columns={'record_id': 'address_from'})\n"
        "    return out.sort_values('cluster_id').reset_index(drop=True)",
        "def most_recent_address(records, clusters, source_dates):\n"
        "    # newest with an address, but a tie of dates goes to the smallest record_id, postcode or not\n"
        "    df = records.merge(clusters, on='record_id').dropna(subset=['address'])\n"
        "    df['date'] = df['source'].map(source_dates)\n"
        "    best = df.sort_values(['cluster_id', 'date', 'record_id'], ascending=[True, False, True])"
        ".drop_duplicates('cluster_id')\n"
        "    out = best[['cluster_id', 'address', 'postcode', 'record_id']].rename(columns={'record_id': 'address_from'})\n"
        "    return out.sort_values('cluster_id').reset_index(drop=True)",
    ],
    hints=[
        "Merge the clusters onto the records, keep records with an address, map each source to its date, sort by "
        "cluster then date (newest first) and keep the first row of each cluster (drop_duplicates).",
        "A record without an address cannot give one, however recent its source. On a tie of dates prefer the "
        "record with a postcode, then the smallest record_id. Return cluster_id, address, postcode, address_from "
        "(the record the address came from), sorted by cluster_id, with a fresh index.",
    ],
    starter="def most_recent_address(records, clusters, source_dates):\n"
            "    ...  # return a DataFrame: cluster_id, address, postcode, address_from",
)


# --- q5: cluster precision and recall ----------------------------------------------------------------------------------

_TRUTH = pd.DataFrame({"record_id": ["CT1", "ER1", "HB1", "ER2", "SC1", "SL1", "CT2", "ER3", "HB2"],
                       "person_id": ["P1", "P1", "P1", "P2", "P3", "P2", "P4", "P5", "P5"]})
_PREDICTED = pd.DataFrame({"record_id": _TRUTH["record_id"],
                           "cluster_id": ["CT1", "CT1", "CT1", "ER2", "ER2", "ER2", "CT2", "CT2", "HB2"]})
_PERFECT = pd.DataFrame({"record_id": _TRUTH["record_id"], "cluster_id": _TRUTH["person_id"]})
_SINGLETONS = pd.DataFrame({"record_id": _TRUTH["record_id"], "cluster_id": _TRUTH["record_id"]})
_ONE_BIG = pd.DataFrame({"record_id": _TRUTH["record_id"], "cluster_id": "ALL"})

q5 = FunctionExercise(
    label="p1-q5",
    title="Pairwise precision and recall of clusters",
    reference=single_view.pairwise_cluster_metrics,
    cases=[
        (_PREDICTED, _TRUTH),
        (_PERFECT, _TRUTH),
        (_ONE_BIG, _TRUTH),
        (_SINGLETONS.iloc[:8], _TRUTH),
    ],
    golden=[
        ((_PREDICTED, _TRUTH), {"precision": 0.5714, "recall": 0.8, "f1": 0.6667}),
        ((_ONE_BIG, _TRUTH), {"precision": 0.1389, "recall": 1.0, "f1": 0.2439}),
        ((_PERFECT, _TRUTH), {"precision": 1.0, "recall": 1.0, "f1": 1.0}),
    ],
    wrong=[
        "def pairwise_cluster_metrics(clusters, truth):\n"
        "    # counts n squared pairs: each record with itself, and both orders\n"
        "    merged = clusters.merge(truth, on='record_id')\n"
        "    tp = (merged.groupby(['cluster_id', 'person_id']).size() ** 2).sum()\n"
        "    predicted = (merged.groupby('cluster_id').size() ** 2).sum()\n"
        "    true = (merged.groupby('person_id').size() ** 2).sum()\n"
        "    p, r = tp / predicted, tp / true\n"
        "    return {'precision': round(p, 4), 'recall': round(r, 4), 'f1': round(2 * p * r / (p + r), 4)}",
        "def pairwise_cluster_metrics(clusters, truth):\n"
        "    # precision and recall the wrong way round: divides by the true pairs for precision\n"
        "    merged = clusters.merge(truth, on='record_id')\n"
        "    pairs = lambda n: n * (n - 1) / 2\n"
        "    tp = pairs(merged.groupby(['cluster_id', 'person_id']).size()).sum()\n"
        "    predicted = pairs(merged.groupby('cluster_id').size()).sum()\n"
        "    true = pairs(merged.groupby('person_id').size()).sum()\n"
        "    p, r = tp / true, (tp / predicted if predicted else 1.0)\n"
        "    return {'precision': round(p, 4), 'recall': round(r, 4), 'f1': round(2 * p * r / (p + r), 4)}",
        "def pairwise_cluster_metrics(clusters, truth):\n"
        "    # share of records whose cluster is pure: not a pair measure at all\n"
        "    merged = clusters.merge(truth, on='record_id')\n"
        "    pure = merged.groupby('cluster_id')['person_id'].transform('nunique') == 1\n"
        "    share = round(float(pure.mean()), 4)\n"
        "    return {'precision': share, 'recall': share, 'f1': share}",
    ],
    hints=[
        "A cluster of n records predicts n(n-1)/2 pairs; a person with n records has n(n-1)/2 true pairs. Count "
        "the right pairs from the cross-tabulation of cluster and person: each cell of k records gives k(k-1)/2.",
        "Precision = right pairs ÷ predicted pairs (1.0 when no pair is predicted), recall = right pairs ÷ true "
        "pairs, over the clustered records only. Return {'precision': ..., 'recall': ..., 'f1': ...} rounded to 4.",
    ],
    starter="def pairwise_cluster_metrics(clusters, truth):\n    ...  # return {'precision': p, 'recall': r, 'f1': f}",
)
