"""The course's ``match_addresses`` beside uk_address_matcher, on Thamesbury and on address sets the course did not
make.

Address sets (same records and the same gazetteer for every method):

- **Thamesbury held-out**: the four sources ``match_addresses``' model was not trained on (``HELD_OUT_SOURCES`` of
  ``solutions.address_ml``: housing benefit, adult social care, school census, shielding list), each record's
  address line and postcode as ``solutions.addresses.address_one_line`` gives them, against the committed gazetteer;
  truth from ``bootcamp.load_truth``. Record IDs are prefixed with the source so that they are unique.
- **Thamesbury hard held-out**: the same four sources of a borough generated with ``--difficulty hard`` (25,000
  residents, seed 20260331, as ``benchmarks/quality.py`` makes it): more and worse recording errors.
- **address-errors town** and **address-errors borough**: see ``benchmarks/external_addresses.py``.

Methods: ``match_addresses`` (the course, its shipped model and operating point, in this process), uk_address_matcher
1.5.3 in its own environment (``benchmarks/uk_address_matcher_peer.py``; configurations ``default`` and
``documented``) and the rapidfuzz best match of ``benchmarks/quality.py`` (a plain baseline).

Measures, as ``bootcamp.evaluation.address_match_metrics`` defines them: over records whose true property is in the
gazetteer, precision (matches made that are right), recall (records given their right UPRN) and F1; ``wrong``, the
records there given another UPRN; over records whose property is not in the gazetteer, how many were given a UPRN
anyway (``wrong_match_rate``). ``seconds`` is each method's wall time on the whole set (the course's in this process;
uk_address_matcher's inside its subprocess, on 2 duckdb threads, without the interpreter's start-up), on a shared
two-core machine, so only differences of several times mean anything.

    python -m benchmarks.address_peers

Writes ``results/address_peers.csv`` (one row per set and method) and ``results/address_peers.md`` (the table, the
breakdowns and examples of what the course misses).
"""

from __future__ import annotations

import time

import pandas as pd

from benchmarks.common import RESULTS, markdown_table

SETS = ("Thamesbury held-out", "Thamesbury hard held-out", "address-errors town", "address-errors borough")
PUBLISHED = {"dataset": "a London borough's council tax (its authors' benchmark)", "method": "uk_address_matcher",
             "kind": "published, not measured here", "precision": 0.996, "recall": 0.991}


def thamesbury_held_out(data_dir=None):
    """(records, gazetteer, truth) of the four held-out Thamesbury sources, IDs prefixed by source (the committed
    borough, or the one in ``data_dir``)."""
    from bootcamp import load, load_truth
    from solutions.address_ml import HELD_OUT_SOURCES
    from solutions.addresses import address_one_line, flat_not_identified

    gazetteer = load("gazetteer", data_dir=data_dir)
    records, truths = [], []
    for source in HELD_OUT_SOURCES:
        r = address_one_line(load(source, data_dir=data_dir))[["record_id", "address", "postcode"]]
        t = load_truth(source, data_dir=data_dir)[["record_id", "uprn"]]
        flagged = flat_not_identified(r, t, gazetteer)
        records.append(r.assign(record_id=source + "|" + r["record_id"], style=source,
                                identifies_property=~flagged.to_numpy()))
        truths.append(t.assign(record_id=source + "|" + t["record_id"]))
    truth = pd.concat(truths, ignore_index=True)
    truth["uprn"] = truth["uprn"].astype(object).where(truth["uprn"].notna(), None)
    return pd.concat(records, ignore_index=True), gazetteer, truth


def build(name: str):
    from benchmarks import external_addresses as ext
    from benchmarks.common import borough

    return {"Thamesbury held-out": thamesbury_held_out,
            "Thamesbury hard held-out": lambda: thamesbury_held_out(borough(25_000, "hard")),
            "address-errors town": ext.errors_town, "address-errors borough": ext.errors_borough}[name]()


def methods():
    """(name, kind, function(records, gazetteer) -> (predicted, seconds))."""
    from benchmarks.quality import rapidfuzz_addresses
    from benchmarks.uk_address_matcher_peer import run_uk_address_matcher
    from solutions import match_addresses

    def timed(function):
        def run(records, gazetteer):
            start = time.perf_counter()
            out = function(records[["record_id", "address", "postcode"]], gazetteer)
            return out, time.perf_counter() - start
        return run

    def uam(config):
        def run(records, gazetteer):
            out, seconds, _ = run_uk_address_matcher(records, gazetteer, config)
            return out, seconds
        return run

    return [("match_addresses", "course", timed(match_addresses)),
            ("uk_address_matcher (default)", "peer", uam("default")),
            ("uk_address_matcher (documented)", "peer", uam("documented")),
            ("rapidfuzz best match", "baseline", timed(rapidfuzz_addresses))]


def quality_row(dataset, method, kind, predicted, truth, seconds, identifiable=None, note="") -> dict:
    """One method's figures on one set; ``identifiable``: the record IDs whose string still tells their property
    from its neighbours (recall is also given over those alone)."""
    from bootcamp.evaluation import address_match_metrics

    m = address_match_metrics(predicted[["record_id", "uprn"]], truth)
    p, r = float(m["precision"]), float(m["recall"])
    if identifiable is not None:
        kept = truth[truth["record_id"].isin(identifiable)]
        r_ident = float(address_match_metrics(predicted[["record_id", "uprn"]], kept)["recall"])
    else:
        r_ident = float("nan")
    return {"dataset": dataset, "method": method, "kind": kind, "records": m["records"],
            "in_gazetteer": m["records_with_true_uprn"], "matched": m["matched"], "correct": m["correct"],
            "wrong": m["matched"] - m["correct"], "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0, "recall_identifiable": round(r_ident, 4),
            "not_in_gazetteer": m["records_without_true_uprn"],
            "not_in_gazetteer_matched": m["wrongly_matched_without_true_uprn"],
            "wrong_match_rate": round(float(m["wrong_match_rate_without_true_uprn"]), 4),
            "seconds": round(seconds, 2), "note": note}


def breakdown(records, truth, answers: dict, by: str) -> pd.DataFrame:
    """Recall of each method (records with a true UPRN) by a column of the records (house style, postcode damage)."""
    base = records[["record_id", by]].merge(truth, on="record_id")
    base = base[base["uprn"].notna()]
    out = {}
    for method, predicted in answers.items():
        got = base.merge(predicted[["record_id", "uprn"]], on="record_id", how="left", suffixes=("", "_pred"))
        right = got["uprn_pred"].astype(str) == got["uprn"].astype(str)
        out[method] = right.groupby(got[by].replace("", "(none)")).mean().round(3)
    table = pd.DataFrame(out)
    table.insert(0, "records", base[by].replace("", "(none)").value_counts().reindex(table.index))
    return table.rename_axis(by).reset_index()


def misses(records, gazetteer, truth, course, peer, n: int = 10, per_style: int = 2) -> pd.DataFrame:
    """Records that still identify their property, which the peer gets right and the course does not: address,
    postcode, the true address, the course's best candidate and why it was not accepted (``match_addresses(...,
    explain=True)``'s status). The first ``per_style`` by record ID of each style (or source), at most ``n``."""
    from solutions import match_addresses

    got = truth.merge(course[["record_id", "uprn"]], on="record_id", suffixes=("", "_course")).merge(
        peer[["record_id", "uprn"]].rename(columns={"uprn": "uprn_peer"}), on="record_id")
    s = lambda c: got[c].astype(str)
    chosen = got[got["uprn"].notna() & (s("uprn_peer") == s("uprn")) & (s("uprn_course") != s("uprn"))]
    chosen = chosen.merge(records[["record_id", "style", "identifies_property"]], on="record_id")
    chosen = chosen[chosen["identifies_property"]].sort_values("record_id", kind="stable")
    chosen = chosen.groupby("style", sort=True).head(per_style).head(n)
    if chosen.empty:
        return pd.DataFrame()
    rec = records.set_index("record_id").loc[chosen["record_id"]].reset_index()
    explained = match_addresses(rec[["record_id", "address", "postcode"]], gazetteer, explain=True)
    text = gazetteer.assign(text=gazetteer[["saon", "paon", "street", "postcode"]].astype(object).where(
        gazetteer[["saon", "paon", "street", "postcode"]].notna(), "").agg(" ".join, axis=1).str.split().str.join(
        " ")).set_index(gazetteer["uprn"].astype(str))["text"]
    course_uprn = explained["uprn"].where(explained["uprn"].notna(), explained["best_uprn"])
    return pd.DataFrame({"record": rec["address"].to_numpy(), "postcode": rec["postcode"].to_numpy(),
                         "true address": text.reindex(chosen["uprn"].astype(str)).to_numpy(),
                         "course's best candidate": text.reindex(course_uprn.astype(str)).to_numpy(),
                         "score": explained["score"].to_numpy(), "status": explained["status"].to_numpy(),
                         "runner-up": text.reindex(explained["runner_up_uprn"].astype(str)).to_numpy(),
                         "runner-up score": explained["runner_up_score"].to_numpy()})


def miss_reasons(records, gazetteer, truth, course, peer) -> pd.DataFrame:
    """Identifiable records with a true UPRN that the course does not give it, counted by the course's status."""
    from solutions import match_addresses

    got = truth[truth["uprn"].notna()].merge(records[["record_id", "address", "postcode", "identifies_property"]],
                                             on="record_id")
    got = got[got["identifies_property"]]
    got = got.merge(course[["record_id", "uprn"]].rename(columns={"uprn": "course"}), on="record_id").merge(
        peer[["record_id", "uprn"]].rename(columns={"uprn": "peer"}), on="record_id")
    missed = got[got["course"].astype(str) != got["uprn"].astype(str)].reset_index(drop=True)
    if missed.empty:
        return pd.DataFrame({"status": [], "records": [], "peer right": []})
    explained = match_addresses(missed[["record_id", "address", "postcode"]], gazetteer, explain=True)
    missed["status"] = explained["status"].to_numpy()
    missed["status"] = missed["status"].where(missed["status"] != "matched", "matched, wrongly")
    missed["peer right"] = missed["peer"].astype(str) == missed["uprn"].astype(str)
    out = missed.groupby("status").agg(records=("record_id", "size"), peer_right=("peer right", "sum"))
    out = out.reset_index().sort_values(["records", "status"], ascending=[False, True], kind="stable")
    return out.rename(columns={"peer_right": "peer right"}).reset_index(drop=True)


def standing(table: pd.DataFrame) -> list[str]:
    """One sentence per set: the course's F1 and time beside the better uk_address_matcher configuration's."""
    lines = []
    for name, rows in table[table["kind"] != "published, not measured here"].groupby("dataset", sort=False):
        course = rows[rows["method"] == "match_addresses"]
        peers = rows[rows["method"].str.startswith("uk_address_matcher") & rows["f1"].notna()]
        if course.empty or peers.empty:
            continue
        c, best = course.iloc[0], peers.sort_values(["f1", "method"], ascending=[False, True]).iloc[0]
        gap = c["f1"] - best["f1"]
        verdict = "ahead of" if gap > 0 else ("level with" if gap == 0 else "behind")
        lines.append(f"- **{name}**: the course is {verdict} {best['method']} on F1 by {abs(gap):.4f} "
                     f"({c['f1']:.4f} against {best['f1']:.4f}; recall {c['recall']:.4f} against "
                     f"{best['recall']:.4f}, precision {c['precision']:.4f} against {best['precision']:.4f}), "
                     f"in {c['seconds']:.1f} s against {best['seconds']:.1f} s; it gave a UPRN to "
                     f"{int(c['not_in_gazetteer_matched'])} of the {int(c['not_in_gazetteer'])} records whose property "
                     f"is not in the gazetteer, the peer to {int(best['not_in_gazetteer_matched'])}.")
    return lines


def run(sets=SETS) -> pd.DataFrame:
    from benchmarks.external_addresses import describe
    from benchmarks.uk_address_matcher_peer import UAM_VERSION, ensure_venv

    notes = []
    try:
        ensure_venv()
        uam_ok = True
    except Exception as error:  # say so in the results, never hide it
        uam_ok = False
        notes.append(f"uk_address_matcher could not be installed: {error}")
    rows, sections = [], []
    for name in sets:
        records, gazetteer, truth = build(name)
        shape = describe(gazetteer)
        answers = {}
        for method, kind, function in methods():
            if method.startswith("uk_address_matcher") and not uam_ok:
                rows.append({"dataset": name, "method": method, "kind": kind, "note": "not installed"})
                continue
            predicted, seconds = function(records, gazetteer)
            answers[method] = predicted
            rows.append(quality_row(name, method, kind, predicted, truth, seconds,
                                    set(records.loc[records["identifies_property"], "record_id"])))
            print(f"  {name}: {method} done in {seconds:.1f} s", flush=True)
        part = [f"### {name}", "",
                f"{len(records):,} records; gazetteer of {shape['addresses']:,} addresses in "
                f"{shape['postcode_units']:,} postcode units (median {shape['median_points_per_unit']:g} a unit; "
                f"{shape['units_with_several_streets']:,} units hold more than one street); "
                f"{int(truth['uprn'].isna().sum()):,} records whose property is not in the gazetteer.", ""]
        shown = {k: v for k, v in answers.items() if k != "rapidfuzz best match"}
        label = "source" if name.startswith("Thamesbury") else "house style"
        part += [f"Recall by {label}:", "", markdown_table(breakdown(records, truth, shown, "style")), ""]
        if "postcode_damage" in records.columns:
            part += ["Recall by what happened to the postcode:", "",
                     markdown_table(breakdown(records, truth, shown, "postcode_damage")), ""]
        peer = "uk_address_matcher (default)"
        if peer in answers:
            part += ["Why the course leaves identifiable records without their right UPRN "
                     "(`match_addresses(..., explain=True)`'s status), and how many of them the peer gets right:", "",
                     markdown_table(miss_reasons(records, gazetteer, truth, answers["match_addresses"],
                                                 answers[peer])), ""]
            ex = misses(records, gazetteer, truth, answers["match_addresses"], answers[peer])
            if not ex.empty:
                part += [f"Records that still identify their property, which {peer} matches rightly and the course "
                         "does not (the first two by record ID of each style):",
                         "", markdown_table(ex, floatfmt=3), ""]
        sections.append("\n".join(part))
    table = pd.DataFrame(rows)
    published = dict(PUBLISHED)
    published["f1"] = round(2 * published["precision"] * published["recall"] /
                            (published["precision"] + published["recall"]), 4)
    published["note"] = "its authors' published figure, on data not available here"
    table = pd.concat([table, pd.DataFrame([published])], ignore_index=True)
    for c in ("records", "in_gazetteer", "matched", "correct", "wrong", "not_in_gazetteer",
              "not_in_gazetteer_matched"):
        table[c] = table[c].astype("Int64")
    table["note"] = table["note"].fillna("")
    RESULTS.mkdir(parents=True, exist_ok=True)
    table.to_csv(RESULTS / "address_peers.csv", index=False)
    shown_columns = ["dataset", "method", "kind", "precision", "recall", "f1", "recall_identifiable", "wrong",
                     "wrong_match_rate",
                     "in_gazetteer", "not_in_gazetteer", "seconds"]
    md = [markdown_table(table[shown_columns], floatfmt=4, formats={"seconds": 1}), "",
          f"uk_address_matcher {UAM_VERSION} ran in its own virtual environment (Splink 4, duckdb 1.x), offline, "
          "on two duckdb threads; `match_addresses` on one. Seconds are wall time on a shared two-core machine. "
          "The last row is its authors' figure on their own labelled data, not measured here.", ""]
    md += ["Where the course stands (each method at its own shipped or documented operating point):", ""]
    md += standing(table) + ["", "For each set below: recall by house style (or source), why the course leaves "
                                 "identifiable records unmatched, and examples the next version of the method should "
                                 "get right.", ""]
    md += notes + sections
    (RESULTS / "address_peers.md").write_text("\n".join(md).rstrip() + "\n")
    return table


if __name__ == "__main__":
    print(run().to_string())
