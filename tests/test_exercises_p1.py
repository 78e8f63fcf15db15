"""P1's exercises accept their reference answers and reject the mistakes learners really make."""

import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from bootcamp.chapters import p1
from tests.exercise_checks import exercise_tests


# --- q1: links to clusters ---------------------------------------------------------------------------------------------

def clusters_linked_only(record_ids, links):  # forgets the records that have no link: they vanish from the view
    ids = sorted(set(links["left_id"]) | set(links["right_id"]))
    out = p1.single_view.clusters_from_links(ids, links) if ids else pd.DataFrame(columns=["record_id", "cluster_id"])
    return out


def clusters_one_hop(record_ids, links):  # groups each record with its direct links only: no transitive closure
    cluster = {r: r for r in record_ids}
    for left, right in zip(links["left_id"], links["right_id"]):
        cluster[right] = cluster[left]
    return pd.DataFrame({"record_id": list(cluster), "cluster_id": list(cluster.values())})


def clusters_directed_strong(record_ids, links):  # treats links as one-way and asks for strong components
    ids = list(record_ids)
    pos = {r: i for i, r in enumerate(ids)}
    graph = coo_matrix(([1] * len(links), ([pos[x] for x in links["left_id"]], [pos[x] for x in links["right_id"]])),
                       shape=(len(ids), len(ids)))
    _, labels = connected_components(graph, directed=True, connection="strong")
    return pd.DataFrame({"record_id": ids, "cluster_id": labels})


# --- q2: implausible links ----------------------------------------------------------------------------------------------

def _ages(records, on_date, birthday_aware=True):
    born = pd.to_datetime(records.set_index("record_id")["dob"], errors="coerce")
    day = pd.Timestamp(on_date)
    years = day.year - born.dt.year
    if birthday_aware:
        years -= ((born.dt.month > day.month) | ((born.dt.month == day.month) & (born.dt.day > day.day))).astype(int)
    return years


def implausible_year_only(links, records, min_age, on_date):  # age as a difference of years: birthdays ignored
    age = _ages(records, on_date, birthday_aware=False)
    minimum = records.set_index("record_id")["source"].map(min_age)
    left = age.reindex(links["left_id"]).to_numpy() < minimum.reindex(links["right_id"]).to_numpy()
    right = age.reindex(links["right_id"]).to_numpy() < minimum.reindex(links["left_id"]).to_numpy()
    return pd.Series(left | right, index=links.index)


def implausible_one_way(links, records, min_age, on_date):  # checks only the right-hand record's age
    age = _ages(records, on_date)
    minimum = records.set_index("record_id")["source"].map(min_age)
    return pd.Series(age.reindex(links["right_id"]).to_numpy() < minimum.reindex(links["left_id"]).to_numpy(),
                     index=links.index)


def implausible_own_source(links, records, min_age, on_date):  # compares a record's age with its OWN source's minimum
    age = _ages(records, on_date)
    minimum = records.set_index("record_id")["source"].map(min_age)
    too_young = age < minimum
    return pd.Series(too_young.reindex(links["left_id"]).to_numpy() | too_young.reindex(links["right_id"]).to_numpy(),
                     index=links.index)


# --- q3: conflicting clusters -------------------------------------------------------------------------------------------

def conflicts_counting_missing(records, clusters, column):  # a missing value counted as a second value
    merged = clusters.merge(records, on="record_id")
    n = merged.groupby("cluster_id")[column].nunique(dropna=False)
    return sorted(n[n > 1].index)


def conflicts_any_big_cluster(records, clusters, column):  # every cluster with two records, whatever they hold
    merged = clusters.merge(records, on="record_id")
    n = merged.groupby("cluster_id")[column].size()
    return sorted(n[n > 1].index)


# --- q4: most recent address --------------------------------------------------------------------------------------------

def _merged(records, clusters, source_dates):
    df = records.merge(clusters, on="record_id")
    df["date"] = df["source"].map(source_dates)
    return df


def _finish(best):
    out = best[["cluster_id", "address", "postcode", "record_id"]].rename(columns={"record_id": "address_from"})
    return out.sort_values("cluster_id").reset_index(drop=True)


def address_oldest_first(records, clusters, source_dates):  # sorts dates ascending: the OLDEST address survives
    df = _merged(records, clusters, source_dates).dropna(subset=["address"])
    return _finish(df.sort_values(["cluster_id", "date", "record_id"]).drop_duplicates("cluster_id"))


def address_ignoring_blanks(records, clusters, source_dates):  # the newest record wins even without an address
    df = _merged(records, clusters, source_dates)
    best = df.sort_values(["cluster_id", "date", "record_id"], ascending=[True, False, True]).drop_duplicates("cluster_id")
    return _finish(best)


def address_first_record(records, clusters, source_dates):  # the first record in the file, whatever its date
    df = _merged(records, clusters, source_dates).dropna(subset=["address"])
    return _finish(df.drop_duplicates("cluster_id"))


# --- q5: pairwise cluster metrics ---------------------------------------------------------------------------------------

def _cells(clusters, truth):
    merged = clusters.merge(truth, on="record_id")
    return merged, merged.groupby(["cluster_id", "person_id"]).size()


def metrics_ordered_pairs_with_self(clusters, truth):  # counts n² pairs (self-pairs and both orders)
    merged, cells = _cells(clusters, truth)
    tp = (cells ** 2).sum()
    predicted = (merged.groupby("cluster_id").size() ** 2).sum()
    true = (merged.groupby("person_id").size() ** 2).sum()
    p, r = tp / predicted, tp / true
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4)}


def metrics_swapped(clusters, truth):  # precision and recall the wrong way round
    m = p1.single_view.pairwise_cluster_metrics(clusters, truth)
    return {"precision": m["recall"], "recall": m["precision"], "f1": m["f1"]}


def metrics_record_accuracy(clusters, truth):  # share of records whose cluster is "pure": not a pair measure
    merged, _ = _cells(clusters, truth)
    pure = merged.groupby("cluster_id")["person_id"].transform("nunique") == 1
    share = round(float(pure.mean()), 4)
    return {"precision": share, "recall": share, "f1": share}


WRONG = {
    "p1-q1": [clusters_linked_only, clusters_one_hop, clusters_directed_strong],
    "p1-q2": [implausible_year_only, implausible_one_way, implausible_own_source],
    "p1-q3": [conflicts_counting_missing, conflicts_any_big_cluster],
    "p1-q4": [address_oldest_first, address_ignoring_blanks, address_first_record],
    "p1-q5": [metrics_ordered_pairs_with_self, metrics_swapped, metrics_record_accuracy],
}

test_reference, test_wrong, test_stub = exercise_tests(p1, WRONG)
