"""Reference answers for chapter P1, Single view of the resident: from pairwise links to one record per person.

The steps, in the order chapter P1 teaches them:

1. :func:`link_plan` and :func:`link_sources` link several sources with the reference pipeline
   ``solutions.link_people`` (Splink). ``link_people`` links two tables (it does not deduplicate one), so each
   round links one source against a stack of the others; the plan says which sources meet directly.
2. :func:`clusters_from_links` turns accepted pairwise links into clusters: the connected components of the graph
   whose nodes are records and whose edges are links (``scipy.sparse.csgraph.connected_components``). This is the
   *transitive closure*: if A–B and B–C are linked, A, B and C are one cluster even when A–C scored low.
   :func:`chained_pairs` finds the record pairs a cluster puts together that no link joined directly.
3. Quality checks that need no truth: :func:`cluster_size_table` and :func:`conflicting_clusters` (a cluster with
   two NHS numbers or two dates of birth is a warning sign).
4. :func:`golden_records`: one record per cluster by *survivorship rules* — the most recent address (by the date of
   the source's snapshot), the most complete name, the date of birth from the most trusted source.
5. :func:`cluster_metrics`: cluster quality against the truth, two ways — **pairwise** precision and recall (over
   every pair of records that share a cluster) and **B-cubed** precision and recall (per record, averaged).

Nothing here knows about Thamesbury: source names, dates and trust order are arguments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from bootcamp.validate import BootcampInputError, require_frame

LINK_COLUMNS = ["left_id", "right_id", "match_probability"]
NAME_PARTS = ["first_name", "middle_name", "last_name"]


# --- 1. linking several sources -------------------------------------------------------------------------------------


def link_plan(sizes: Mapping[str, int], rounds: int | None = None) -> list[tuple[str, list[str]]]:
    """Which sources to link against which: largest source first, each against a stack of the smaller ones.

    ``sizes`` maps source name → number of records. Round *i* links the *i*-th largest source with every smaller
    source stacked together, so with all rounds every pair of sources meets directly once (``n - 1`` calls instead
    of ``n(n-1)/2``). ``rounds`` keeps only the first rounds: pairs of sources they leave out can still join a
    cluster through a record both link to (transitive closure), which is cheaper and usually enough.
    """
    if not isinstance(sizes, Mapping) or len(sizes) < 2:
        raise BootcampInputError("sizes must map at least two source names to their numbers of records.")
    order = sorted(sizes, key=lambda s: (-int(sizes[s]), str(s)))
    plan = [(source, order[i + 1:]) for i, source in enumerate(order[:-1])]
    if rounds is not None:
        if not isinstance(rounds, int) or rounds < 1:
            raise BootcampInputError(f"rounds must be a whole number of at least 1, not {rounds!r}.")
        plan = plan[:rounds]
    return plan


def link_sources(records: pd.DataFrame, plan: Sequence[tuple[str, Sequence[str]]] | None = None,
                 min_probability: float = 0.01) -> pd.DataFrame:
    """Link stacked records of several sources with ``solutions.link_people``, one call per round of ``plan``.

    ``records`` is the standard person record with a ``source`` column (all sources stacked; ``record_id`` unique
    across them). ``plan`` is a list of ``(source, [other sources])`` rounds (default: :func:`link_plan` with every
    round). Returns ``left_id, right_id, match_probability, round`` for every scored pair.
    """
    from solutions.probabilistic import link_people

    _require_records(records)
    if plan is None:
        plan = link_plan(records["source"].value_counts().to_dict())
    known = set(records["source"].dropna())
    found = []
    for i, (left_source, right_sources) in enumerate(plan):
        unknown = {left_source, *right_sources} - known
        if unknown:
            raise BootcampInputError(f"plan round {i} names source(s) {sorted(unknown)} that records does not hold "
                                     f"(it holds {sorted(known)}).")
        left = records[records["source"] == left_source]
        right = records[records["source"].isin(list(right_sources))]
        pairs = link_people(left, right, min_probability=min_probability)
        pairs["round"] = i
        found.append(pairs)
    return pd.concat(found, ignore_index=True)


def _require_records(records: pd.DataFrame, name: str = "records", columns=("record_id", "source")) -> None:
    require_frame(records, name, list(columns))
    ids = records["record_id"]
    if ids.isna().any():
        raise BootcampInputError(f"{name} has {int(ids.isna().sum())} row(s) with no record_id.")
    duplicated = ids[ids.duplicated()]
    if len(duplicated):
        raise BootcampInputError(f"{name} has duplicate record_id values, e.g. {duplicated.iloc[0]!r}: stack the "
                                 "sources with IDs that are unique across all of them.")


# --- 2. links to clusters -------------------------------------------------------------------------------------------


def clusters_from_links(record_ids, links: pd.DataFrame) -> pd.DataFrame:
    """Clusters of records: the connected components of the graph of links (transitive closure).

    ``record_ids`` lists every record (so records with no link become clusters of one; none is lost); ``links`` has
    ``left_id`` and ``right_id`` (the accepted links only: filter on probability first). Returns ``record_id,
    cluster_id`` in the order of ``record_ids``; a cluster's ID is the smallest record ID in it, so the labels do not
    depend on the order of the input.
    """
    ids = pd.Series(list(record_ids), dtype=object)
    if ids.empty:
        raise BootcampInputError("record_ids is empty: there are no records to cluster.")
    if ids.isna().any():
        raise BootcampInputError("record_ids holds a missing ID; every record needs one.")
    ids = ids.astype(str)
    if ids.duplicated().any():
        raise BootcampInputError(f"record_ids has duplicates, e.g. {ids[ids.duplicated()].iloc[0]!r}.")
    require_frame(links, "links", ["left_id", "right_id"], allow_empty=True)
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    left, right = links["left_id"].astype(str), links["right_id"].astype(str)
    strangers = sorted(set(left[~left.isin(position.index)]) | set(right[~right.isin(position.index)]))
    if strangers:
        raise BootcampInputError(f"links name {len(strangers)} record(s) not in record_ids, e.g. {strangers[0]!r}.")
    n = len(ids)
    graph = coo_matrix((np.ones(len(links)), (position[left].to_numpy(), position[right].to_numpy())), shape=(n, n))
    n_clusters, labels = connected_components(graph, directed=False)
    # Label each cluster by its smallest record ID: the first of its records in sorted order.
    values = ids.to_numpy()
    order = np.argsort(values, kind="stable")
    _, first = np.unique(labels[order], return_index=True)
    smallest = np.empty(n_clusters, dtype=object)
    smallest[labels[order][first]] = values[order][first]
    return pd.DataFrame({"record_id": values, "cluster_id": smallest[labels]})


def chained_pairs(links: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Pairs of records that share a cluster but were never linked directly: only the chain joins them.

    Returns ``cluster_id, record_a, record_b, via`` (a record linked to both, when there is one; empty when the
    chain is longer), sorted by cluster then IDs.
    """
    require_frame(links, "links", ["left_id", "right_id"], allow_empty=True)
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    c = clusters.astype({"record_id": str, "cluster_id": str})
    big = c[c.groupby("cluster_id")["record_id"].transform("size") > 1]
    pairs = big.merge(big, on="cluster_id", suffixes=("_a", "_b"))
    pairs = pairs[pairs["record_id_a"] < pairs["record_id_b"]].rename(columns={"record_id_a": "record_a",
                                                                               "record_id_b": "record_b"})
    edges = pd.concat([links[["left_id", "right_id"]].astype(str),
                       links[["right_id", "left_id"]].astype(str).set_axis(["left_id", "right_id"], axis=1)])
    direct = set(zip(edges["left_id"], edges["right_id"]))
    pairs = pairs[[(a, b) not in direct for a, b in zip(pairs["record_a"], pairs["record_b"])]]
    neighbours = edges.groupby("left_id")["right_id"].agg(set).to_dict()

    def via(a, b):
        common = sorted(neighbours.get(a, set()) & neighbours.get(b, set()))
        return common[0] if common else None

    out = pairs[["cluster_id", "record_a", "record_b"]].copy()
    out["via"] = [via(a, b) for a, b in zip(out["record_a"], out["record_b"])]
    return out.sort_values(["cluster_id", "record_a", "record_b"], ignore_index=True)


def age_on(dob: pd.Series, on_date: str) -> pd.Series:
    """Age in whole years on ``on_date`` (ISO) of ISO dates of birth; missing or unreadable dates give NaN."""
    born = pd.to_datetime(dob, format="%Y-%m-%d", errors="coerce")
    day = pd.Timestamp(on_date)
    had_birthday = (born.dt.month < day.month) | ((born.dt.month == day.month) & (born.dt.day <= day.day))
    return (day.year - born.dt.year - (~had_birthday).astype(int)).where(born.notna())


def implausible_links(links: pd.DataFrame, records: pd.DataFrame, min_age: Mapping[str, int],
                      on_date: str) -> pd.Series:
    """True for each link that a source's population rules out: one record's date of birth makes the person younger
    on ``on_date`` than the minimum age of the *other* record's source (``min_age`` maps source → years, e.g. 18 for
    a list of council-tax payers). A link with no date of birth on either side is never ruled out.
    """
    require_frame(links, "links", ["left_id", "right_id"], allow_empty=True)
    _require_records(records, columns=("record_id", "source", "dob"))
    if not isinstance(min_age, Mapping):
        raise BootcampInputError(f"min_age must map source names to ages, not {type(min_age).__name__}.")
    indexed = records.assign(record_id=records["record_id"].astype(str)).set_index("record_id")
    age = age_on(indexed["dob"], on_date)
    minimum = indexed["source"].map(min_age)
    left, right = links["left_id"].astype(str), links["right_id"].astype(str)
    too_young_left = age.reindex(left).to_numpy() < minimum.reindex(right).to_numpy()
    too_young_right = age.reindex(right).to_numpy() < minimum.reindex(left).to_numpy()
    return pd.Series(too_young_left | too_young_right, index=links.index, name="implausible")


# --- 3. quality checks without truth --------------------------------------------------------------------------------


def cluster_size_table(clusters: pd.DataFrame, largest: int = 6) -> pd.Series:
    """How many clusters have 1, 2, 3 … records (sizes above ``largest`` counted together as ``"{largest}+"``)."""
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    sizes = clusters.groupby("cluster_id").size()
    labels = sizes.map(lambda n: str(n) if n < largest else f"{largest}+")
    order = [str(n) for n in range(1, largest)] + [f"{largest}+"]
    table = labels.value_counts().reindex(order, fill_value=0)
    table.index.name = "records in cluster"
    return table.rename("clusters")


def conflicting_clusters(records: pd.DataFrame, clusters: pd.DataFrame, column: str) -> list:
    """The clusters whose records hold more than one different (non-missing) value of ``column``, sorted.

    Two NHS numbers or two dates of birth in one cluster mean either an error in a source or two people merged.
    Missing values are no evidence either way and are ignored.
    """
    require_frame(records, "records", ["record_id", column])
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    merged = clusters.astype({"record_id": str}).merge(
        records[["record_id", column]].astype({"record_id": str}), on="record_id", how="left")
    values = merged[column].where(merged[column].astype(str).str.strip() != "")
    distinct = values.groupby(merged["cluster_id"]).nunique()
    return sorted(distinct[distinct > 1].index.tolist())


# --- 4. the golden record -------------------------------------------------------------------------------------------


def name_completeness(records: pd.DataFrame) -> pd.Series:
    """A score for how complete a record's name is: parts present (first, middle, last), then letters in them."""
    parts = [records[c] if c in records else pd.Series(None, index=records.index, dtype=object) for c in NAME_PARTS]
    present = sum(p.notna() & (p.astype(str).str.strip() != "") for p in parts)
    letters = sum(p.fillna("").astype(str).str.replace(r"[^A-Za-z]", "", regex=True).str.len() for p in parts)
    return present * 1000 + letters


def golden_records(records: pd.DataFrame, clusters: pd.DataFrame, source_dates: Mapping[str, str],
                   dob_trust: Sequence[str]) -> pd.DataFrame:
    """One golden record per cluster, by survivorship rules:

    * **address** (with its postcode): from the record of the source with the most recent snapshot date
      (``source_dates`` maps source → ISO date); ties go to the record with the postcode filled in, then the
      smallest record ID;
    * **name** (first, middle, last together, never mixed across records): the most complete
      (:func:`name_completeness`); ties to the most recent source;
    * **dob** (and sex): from the most trusted source that has one (``dob_trust`` lists sources, most trusted
      first; sources not listed come last);
    * **nhs_number**: the most common in the cluster (ties: smallest).

    Returns ``cluster_id, records, sources, first_name, middle_name, last_name, dob, sex, address, postcode,
    nhs_number, address_from, dob_from``: each field says where it came from, so the golden record can be audited.
    """
    _require_records(records)
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    missing_dates = sorted(set(records["source"].dropna()) - set(source_dates))
    if missing_dates:
        raise BootcampInputError(f"source_dates has no date for source(s) {missing_dates}.")
    df = records.astype({"record_id": str}).merge(clusters.astype({"record_id": str}), on="record_id", how="left")
    if df["cluster_id"].isna().any():
        raise BootcampInputError(f"{int(df['cluster_id'].isna().sum())} record(s) are in no cluster: "
                                 "cluster every record (singletons too) before building golden records.")
    for c in NAME_PARTS + ["dob", "sex", "address", "postcode", "nhs_number"]:
        if c not in df:
            df[c] = None
    df["_date"] = pd.to_datetime(df["source"].map(source_dates), errors="coerce")
    trust = {s: i for i, s in enumerate(dob_trust)}
    df["_trust"] = df["source"].map(trust).fillna(len(trust))
    df["_has_postcode"] = df["postcode"].notna()
    df["_name"] = name_completeness(df)

    def pick(frame, keys, ascending):
        return frame.sort_values(["cluster_id", *keys, "record_id"], ascending=[True, *ascending, True]) \
            .drop_duplicates("cluster_id").set_index("cluster_id")

    address = most_recent_address(df.drop(columns="cluster_id"), clusters, source_dates).set_index("cluster_id")
    name = pick(df[df["_name"] > 0], ["_name", "_date"], [False, False])
    dob = pick(df[df["dob"].notna()], ["_trust", "_date"], [True, False])
    nhs = (df.dropna(subset=["nhs_number"]).groupby(["cluster_id", "nhs_number"]).size().rename("n").reset_index()
           .sort_values(["cluster_id", "n", "nhs_number"], ascending=[True, False, True])
           .drop_duplicates("cluster_id").set_index("cluster_id")["nhs_number"])
    groups = df.groupby("cluster_id")
    out = pd.DataFrame({"records": groups.size(),
                        "sources": groups["source"].agg(lambda s: ", ".join(sorted(set(s))))})
    for c in NAME_PARTS:
        out[c] = name[c]
    out["dob"], out["sex"] = dob["dob"], dob["sex"]
    out["address"], out["postcode"] = address["address"], address["postcode"]
    out["nhs_number"] = nhs
    out["address_from"], out["dob_from"] = address["address_from"], dob["record_id"]
    out = out.astype(object).where(out.notna(), None)
    out["records"] = out["records"].astype(int)
    return out.rename_axis("cluster_id").reset_index()


def most_recent_address(records: pd.DataFrame, clusters: pd.DataFrame, source_dates: Mapping[str, str]) -> pd.DataFrame:
    """Each cluster's most recent address: from the record whose source has the latest snapshot date
    (``source_dates`` maps source → ISO date), among records with an address; ties go to the record with a
    postcode, then the smallest record ID. Returns ``cluster_id, address, postcode, address_from`` (the record the
    address came from), sorted by cluster; clusters with no address at all are left out.
    """
    require_frame(records, "records", ["record_id", "source", "address", "postcode"])
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    df = records[["record_id", "source", "address", "postcode"]].astype({"record_id": str}).merge(
        clusters[["record_id", "cluster_id"]].astype({"record_id": str}), on="record_id")
    df = df[df["address"].notna()].copy()
    df["_date"] = pd.to_datetime(df["source"].map(source_dates), errors="coerce")
    df["_has_postcode"] = df["postcode"].notna()
    best = df.sort_values(["cluster_id", "_date", "_has_postcode", "record_id"],
                          ascending=[True, False, False, True]).drop_duplicates("cluster_id")
    out = best[["cluster_id", "address", "postcode", "record_id"]].rename(columns={"record_id": "address_from"})
    return out.reset_index(drop=True)


# --- 5. measuring clusters against the truth ------------------------------------------------------------------------


def _contingency(clusters: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    require_frame(clusters, "clusters", ["record_id", "cluster_id"])
    require_frame(truth, "truth", ["record_id", "person_id"])
    if clusters["record_id"].duplicated().any():
        raise BootcampInputError("clusters has a record_id twice: each record belongs to exactly one cluster.")
    merged = clusters[["record_id", "cluster_id"]].astype(str).merge(
        truth[["record_id", "person_id"]].astype(str), on="record_id", how="left")
    if merged["person_id"].isna().any():
        example = merged.loc[merged["person_id"].isna(), "record_id"].iloc[0]
        raise BootcampInputError(f"{int(merged['person_id'].isna().sum())} clustered record(s) have no person in "
                                 f"truth, e.g. {example!r}.")
    return merged


def _pairs(n) -> float:
    n = np.asarray(n, dtype=float)
    return float((n * (n - 1) / 2).sum())


def cluster_metrics(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Cluster quality against the truth (``truth`` has ``record_id, person_id``), two ways.

    **Pairwise**: every pair of records in the same cluster is a predicted match; every pair of records of the same
    person a true one. Precision = right pairs ÷ predicted pairs, recall = right pairs ÷ true pairs. Big clusters
    weigh heavily (a wrong cluster of n records makes about n²/2 wrong pairs).

    **B-cubed**: for each record, precision = the share of its cluster that is the same person, recall = the share
    of its person's records that are in its cluster; both averaged over records. Every record counts once.
    """
    merged = _contingency(clusters, truth)
    cells = merged.groupby(["cluster_id", "person_id"]).size()
    cluster_n = merged.groupby("cluster_id").size()
    person_n = merged.groupby("person_id").size()
    tp, predicted, true = _pairs(cells), _pairs(cluster_n), _pairs(person_n)
    precision = tp / predicted if predicted else 1.0
    recall = tp / true if true else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    # B-cubed: a record in cell (c, p) has precision n_cp / n_c and recall n_cp / n_p; there are n_cp such records.
    cell = cells.rename("n").reset_index()
    cell["n_c"] = cell["cluster_id"].map(cluster_n)
    cell["n_p"] = cell["person_id"].map(person_n)
    records = cell["n"].sum()
    b_precision = float((cell["n"] ** 2 / cell["n_c"]).sum() / records)
    b_recall = float((cell["n"] ** 2 / cell["n_p"]).sum() / records)
    return {
        "records": int(records), "clusters": int(len(cluster_n)), "people": int(len(person_n)),
        "pairwise_precision": precision, "pairwise_recall": recall, "pairwise_f1": f1,
        "bcubed_precision": b_precision, "bcubed_recall": b_recall,
    }


def pairwise_cluster_metrics(clusters: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Pairwise precision, recall and F1 of clusters against the truth (see :func:`cluster_metrics`), rounded to 4."""
    m = cluster_metrics(clusters, truth)
    return {"precision": round(m["pairwise_precision"], 4), "recall": round(m["pairwise_recall"], 4),
            "f1": round(m["pairwise_f1"], 4)}


def mixed_clusters(clusters: pd.DataFrame, truth: pd.DataFrame) -> pd.DataFrame:
    """Clusters that hold more than one person (over-merged): ``cluster_id, records, people``, biggest first."""
    merged = _contingency(clusters, truth)
    table = merged.groupby("cluster_id").agg(records=("record_id", "size"), people=("person_id", "nunique"))
    table = table[table["people"] > 1].reset_index()
    return table.sort_values(["people", "records", "cluster_id"], ascending=[False, False, True], kind="stable",
                             ignore_index=True)
