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
    minutes=120,
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
        "Plan which sources to compare: a source without dates of birth cannot tell a mother from her namesake "
        "daughter, and business rules about who can be on a list (age limits) remove links no model can.",
        "Check clusters without truth: the size distribution, and clusters holding two NHS numbers or two dates "
        "of birth, are cheap warnings worth reviewing by hand.",
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

q2 = FunctionExercise(
    label="p1-q2",
    title="Links no population allows",
    reference=single_view.implausible_links,
    cases=[
        (_AGE_LINKS, _RECORDS, _MIN_AGE, "2026-03-31"),
        (_AGE_LINKS, _RECORDS, {"council_tax": 18}, "2026-03-31"),
        (_AGE_LINKS, _RECORDS, _MIN_AGE, "2026-01-10"),
        (_AGE_LINKS.iloc[0:0], _RECORDS, _MIN_AGE, "2026-03-31"),
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
_DATES = {"council_tax": "2026-03-31", "electoral_register": "2025-12-01", "housing_benefit": "2026-04-28",
          "adult_social_care": "2026-03-15", "school_census": "2025-12-01", "shielding_list": "2025-06-30"}

q4 = FunctionExercise(
    label="p1-q4",
    title="Survivorship: the most recent address",
    reference=single_view.most_recent_address,
    cases=[
        (_ADDRESS_RECORDS, _ADDRESS_CLUSTERS, _DATES),
        (_ADDRESS_RECORDS, _ADDRESS_CLUSTERS, {**_DATES, "shielding_list": "2026-05-01"}),
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
    hints=[
        "A cluster of n records predicts n(n-1)/2 pairs; a person with n records has n(n-1)/2 true pairs. Count "
        "the right pairs from the cross-tabulation of cluster and person: each cell of k records gives k(k-1)/2.",
        "Precision = right pairs ÷ predicted pairs (1.0 when no pair is predicted), recall = right pairs ÷ true "
        "pairs, over the clustered records only. Return {'precision': ..., 'recall': ..., 'f1': ...} rounded to 4.",
    ],
    starter="def pairwise_cluster_metrics(clusters, truth):\n    ...  # return {'precision': p, 'recall': r, 'f1': f}",
)
