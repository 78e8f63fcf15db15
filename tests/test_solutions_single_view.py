"""Unit tests of solutions.single_view: clusters, chains, checks, golden records and cluster metrics."""

import pandas as pd
import pytest

from bootcamp.validate import BootcampInputError
from solutions import single_view as sv


def test_link_plan_largest_first_each_against_the_smaller_ones():
    plan = sv.link_plan({"a": 10, "b": 30, "c": 20})
    assert plan == [("b", ["c", "a"]), ("c", ["a"])]
    assert sv.link_plan({"a": 10, "b": 30, "c": 20}, rounds=1) == [("b", ["c", "a"])]
    with pytest.raises(BootcampInputError):
        sv.link_plan({"a": 1})
    with pytest.raises(BootcampInputError):
        sv.link_plan({"a": 1, "b": 2}, rounds=0)


def test_link_sources_calls_link_people_per_round(monkeypatch):
    import solutions.probabilistic as probabilistic

    calls = []

    def fake_link_people(left, right, min_probability=0.01):
        calls.append((sorted(left["source"].unique()), sorted(right["source"].unique())))
        return pd.DataFrame({"left_id": [left["record_id"].iloc[0]], "right_id": [right["record_id"].iloc[0]],
                             "match_probability": [0.9]})

    monkeypatch.setattr(probabilistic, "link_people", fake_link_people)
    records = pd.DataFrame({"record_id": ["A1", "B1", "C1"], "source": ["a", "b", "c"]})
    out = sv.link_sources(records, [("a", ["b", "c"]), ("b", ["c"])])
    assert calls == [(["a"], ["b", "c"]), (["b"], ["c"])]
    assert list(out.columns) == ["left_id", "right_id", "match_probability", "round"]
    assert list(out["round"]) == [0, 1]
    with pytest.raises(BootcampInputError, match="'z'"):
        sv.link_sources(records, [("a", ["z"])])
    with pytest.raises(BootcampInputError, match="duplicate"):
        sv.link_sources(pd.DataFrame({"record_id": ["A1", "A1"], "source": ["a", "b"]}), [("a", ["b"])])


def test_clusters_are_connected_components_labelled_by_smallest_id():
    links = pd.DataFrame({"left_id": ["C", "C", "E"], "right_id": ["B", "D", "F"]})
    out = sv.clusters_from_links(["D", "A", "B", "C", "E", "F"], links)
    assert list(out["record_id"]) == ["D", "A", "B", "C", "E", "F"]
    assert dict(zip(out["record_id"], out["cluster_id"])) == {"A": "A", "B": "B", "C": "B", "D": "B",
                                                                "E": "E", "F": "E"}


def test_clusters_keep_every_record_and_reject_bad_input():
    out = sv.clusters_from_links(["X", "Y"], pd.DataFrame({"left_id": [], "right_id": []}))
    assert list(out["cluster_id"]) == ["X", "Y"]
    with pytest.raises(BootcampInputError, match="not in record_ids"):
        sv.clusters_from_links(["X"], pd.DataFrame({"left_id": ["X"], "right_id": ["Z"]}))
    with pytest.raises(BootcampInputError, match="empty"):
        sv.clusters_from_links([], pd.DataFrame({"left_id": [], "right_id": []}))
    with pytest.raises(BootcampInputError, match="duplicates"):
        sv.clusters_from_links(["X", "X"], pd.DataFrame({"left_id": [], "right_id": []}))
    with pytest.raises(BootcampInputError, match="right_id"):
        sv.clusters_from_links(["X"], pd.DataFrame({"left_id": []}))


def test_chained_pairs_finds_pairs_joined_only_through_a_third_record():
    links = pd.DataFrame({"left_id": ["B", "B"], "right_id": ["A", "C"]})
    clusters = sv.clusters_from_links(["A", "B", "C", "D"], links)
    out = sv.chained_pairs(links, clusters)
    assert out.to_dict("records") == [{"cluster_id": "A", "record_a": "A", "record_b": "C", "via": "B"}]


def test_implausible_links_use_the_other_sources_minimum_age():
    records = pd.DataFrame({"record_id": ["E", "S", "C"], "source": ["er", "school", "ct"],
                            "dob": [None, "2015-06-01", None]})
    links = pd.DataFrame({"left_id": ["E", "S", "E"], "right_id": ["S", "C", "C"]})
    out = sv.implausible_links(links, records, {"er": 16, "ct": 18}, "2026-03-31")
    assert out.tolist() == [True, True, False]
    with pytest.raises(BootcampInputError, match="dob"):
        sv.implausible_links(links, records.drop(columns="dob"), {}, "2026-03-31")


def test_age_on_counts_birthdays():
    ages = sv.age_on(pd.Series(["2010-04-01", "2010-03-31", None, "junk"]), "2026-03-31")
    assert ages.iloc[0] == 15 and ages.iloc[1] == 16 and ages.iloc[2:].isna().all()


def test_size_table_and_conflicts():
    clusters = pd.DataFrame({"record_id": list("ABCDEFGH"), "cluster_id": list("AAABBCCC")})
    records = pd.DataFrame({"record_id": list("ABCDEFGH"),
                            "dob": ["2000-01-01", None, "2000-01-01", "1990-01-01", "1990-02-01", None, None, None]})
    table = sv.cluster_size_table(clusters, largest=3)
    assert table.to_dict() == {"1": 0, "2": 1, "3+": 2}
    assert sv.conflicting_clusters(records, clusters, "dob") == ["B"]
    with pytest.raises(BootcampInputError, match="nhs_number"):
        sv.conflicting_clusters(records, clusters, "nhs_number")


RECORDS = pd.DataFrame({
    "record_id": ["CT1", "ER1", "SL1", "SC1"],
    "source": ["ct", "er", "sl", "sc"],
    "first_name": ["JON", "JONATHAN", "JONATHAN", "AMY"],
    "middle_name": [None, "PAUL", None, None],
    "last_name": ["SMITH", "SMITH", "SMITH", "LEE"],
    "dob": [None, None, "1980-01-02", "2015-05-05"],
    "sex": [None, None, "M", "F"],
    "address": ["1 NEW ROAD", "9 OLD ROAD", "9 OLD ROAD", None],
    "postcode": ["TB1 1AA", "TB2 2BB", "TB2 2BB", None],
    "uprn": None,
    "nhs_number": [None, None, "9990001234", None],
})
DATES = {"ct": "2026-03-31", "er": "2025-12-01", "sl": "2025-06-30", "sc": "2025-10-02"}


def test_golden_record_follows_the_survivorship_rules():
    clusters = pd.DataFrame({"record_id": ["CT1", "ER1", "SL1", "SC1"], "cluster_id": ["CT1", "CT1", "CT1", "SC1"]})
    golden = sv.golden_records(RECORDS, clusters, DATES, ["sl", "sc"]).set_index("cluster_id")
    person = golden.loc["CT1"]
    assert person["address"] == "1 NEW ROAD" and person["address_from"] == "CT1"   # the newest source
    assert (person["first_name"], person["middle_name"]) == ("JONATHAN", "PAUL")      # the most complete name
    assert person["dob"] == "1980-01-02" and person["dob_from"] == "SL1"               # the trusted source
    assert person["nhs_number"] == "9990001234" and person["records"] == 3
    assert person["sources"] == "ct, er, sl"
    child = golden.loc["SC1"]
    assert child["address"] is None and child["dob"] == "2015-05-05"


def test_golden_record_rejects_gaps():
    clusters = pd.DataFrame({"record_id": ["CT1", "ER1", "SL1"], "cluster_id": ["CT1"] * 3})
    with pytest.raises(BootcampInputError, match="no cluster"):
        sv.golden_records(RECORDS, clusters, DATES, [])
    with pytest.raises(BootcampInputError, match="source_dates"):
        sv.golden_records(RECORDS, pd.DataFrame({"record_id": RECORDS["record_id"], "cluster_id": "X"}),
                          {"ct": "2026-01-01"}, [])


def test_cluster_metrics_pairwise_and_bcubed():
    truth = pd.DataFrame({"record_id": list("ABCDE"), "person_id": ["p", "p", "p", "q", "q"]})
    clusters = pd.DataFrame({"record_id": list("ABCDE"), "cluster_id": ["1", "1", "2", "2", "2"]})
    m = sv.cluster_metrics(clusters, truth)
    # predicted pairs: AB, CD, CE, DE (4); true pairs: AB, AC, BC, DE (4); right: AB, DE
    assert m["pairwise_precision"] == pytest.approx(0.5) and m["pairwise_recall"] == pytest.approx(0.5)
    # B-cubed precision per record: A 1, B 1, C 1/3, D 2/3, E 2/3; recall: A 2/3, B 2/3, C 1/3, D 1, E 1
    assert m["bcubed_precision"] == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert m["bcubed_recall"] == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)
    perfect = sv.pairwise_cluster_metrics(truth.rename(columns={"person_id": "cluster_id"}), truth)
    assert perfect == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    mixed = sv.mixed_clusters(clusters, truth)
    assert mixed.to_dict("records") == [{"cluster_id": "2", "records": 3, "people": 2}]


def test_cluster_metrics_reject_records_missing_from_truth():
    truth = pd.DataFrame({"record_id": ["A"], "person_id": ["p"]})
    clusters = pd.DataFrame({"record_id": ["A", "B"], "cluster_id": ["A", "A"]})
    with pytest.raises(BootcampInputError, match="'B'"):
        sv.cluster_metrics(clusters, truth)
    with pytest.raises(BootcampInputError, match="person_id"):
        sv.cluster_metrics(clusters, truth.drop(columns="person_id"))


def test_mixed_clusters_break_ties_by_cluster_id():
    clusters = pd.DataFrame({"record_id": ["a", "b", "c", "d", "e"], "cluster_id": ["Z", "Z", "A", "A", "E"]})
    truth = pd.DataFrame({"record_id": ["a", "b", "c", "d", "e"], "person_id": ["1", "2", "3", "4", "5"]})
    out = sv.mixed_clusters(clusters, truth)
    assert out["cluster_id"].tolist() == ["A", "Z"]          # equal people and records: by cluster ID
    assert list(out.index) == [0, 1]
