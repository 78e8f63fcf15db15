"""The course's pipelines on a council's own files, as commands that write their results to a folder.

    python -m bootcamp match-addresses --records R.csv --gazetteer G.csv [--map MAP.json] --out DIR
    python -m bootcamp link --left L.csv --right R.csv [--left-map M.json] [--right-map M.json] --out DIR

Every input record appears in the output with a status; nothing is dropped. Each command writes CSV and Parquet
results, a clerical review sheet that can be filled in and read back (:func:`read_review_sheet`), and a short
linkage report in Markdown. Bad input (a missing column, an empty file, an unreadable encoding, repeated IDs) is
refused with a message that names the problem.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from bootcamp.validate import BootcampInputError
from solutions.addresses import MATCH_STATUSES, distinct_addresses, gazetteer_one_line, match_addresses
from solutions.council_data import (gazetteer_from_extract, read_column_map, read_extract, standard_records)
from solutions.standard_record import STANDARD_COLUMNS

CHUNK = 20_000  # distinct addresses matched between two progress lines
REVIEW_DECISIONS = ("accept", "reject", "other")  # what a reviewer writes in the review sheet's decision column


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _records_for_matching(frame: pd.DataFrame, column_map: dict | None) -> pd.DataFrame:
    if column_map:
        frame = standard_records(frame, column_map, source="records")
    missing = [c for c in ("record_id", "address") if c not in frame.columns]
    if missing:
        raise BootcampInputError(f"the records have no {missing} column: they have {list(frame.columns)[:12]}. "
                                 "Rename them, or give a column map with --map (a JSON file such as "
                                 '{"Ref": "record_id", "Address 1": "address", "Address 2": "address", '
                                 '"Post Code": "postcode"}).')
    if frame["record_id"].isna().any():
        raise BootcampInputError(f"{int(frame['record_id'].isna().sum())} records have no record_id.")
    repeated = frame["record_id"][frame["record_id"].duplicated(keep=False)]
    if len(repeated):
        raise BootcampInputError(f"record_id is not unique: {repeated.nunique()} values repeat, e.g. "
                                 f"{repeated.iloc[0]!r}. Each record needs its own ID.")
    columns = ["record_id", "address"] + (["postcode"] if "postcode" in frame.columns else [])
    return frame[columns].reset_index(drop=True)


def match_addresses_in_chunks(records: pd.DataFrame, gazetteer: pd.DataFrame,
                              progress: Callable[[str], None] = _say) -> pd.DataFrame:
    """``match_addresses(records, gazetteer, explain=True)``, a chunk at a time with a progress line per chunk.

    Each distinct (address, postcode) is matched once, whichever chunk it falls in (a household's members share
    an address), and its answer is given to every record that has it; the result has one row per record, in order.
    """
    records = records.reset_index(drop=True)
    codes, distinct = distinct_addresses(records)
    parts = []
    for start in range(0, len(distinct), CHUNK):
        parts.append(match_addresses(distinct.iloc[start:start + CHUNK], gazetteer, explain=True))
        done = min(start + CHUNK, len(distinct))
        progress(f"  matched {done:,} of {len(distinct):,} distinct addresses ({done / len(distinct):.0%})")
    answers = pd.concat(parts, ignore_index=True) if parts else match_addresses(records, gazetteer, explain=True)
    out = answers.iloc[codes].reset_index(drop=True)
    out["record_id"] = records["record_id"].to_numpy()
    return out


def gazetteer_address(gazetteer: pd.DataFrame) -> pd.Series:
    """Each UPRN's address as one line with its postcode, for the reviewer to read beside the record."""
    postcode = gazetteer["postcode"].astype(object).where(gazetteer["postcode"].notna(), "").astype(str).str.strip()
    line = gazetteer_one_line(gazetteer).to_numpy() + np.where(postcode != "", ", " + postcode, "")
    return pd.Series(line, index=gazetteer["uprn"].astype(str).to_numpy())


def review_sheet(records: pd.DataFrame, matches: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """A clerical review sheet: each record that was not matched, with its best candidate and runner-up.

    The reviewer fills ``decision`` with ``accept`` (the best candidate is right), ``reject`` (no UPRN) or
    ``other`` (and the right UPRN in ``reviewer_uprn``).
    """
    address_of = gazetteer_address(gazetteer)
    sheet = matches[matches["status"] != "matched"].merge(records[["record_id", "address"]], on="record_id")
    sheet = sheet.assign(
        best_address=sheet["best_uprn"].map(address_of), runner_up_address=sheet["runner_up_uprn"].map(address_of),
        reason=sheet["status"].map(MATCH_STATUSES), decision="", reviewer_uprn="")
    columns = ["record_id", "address", "status", "reason", "best_uprn", "best_address", "score", "runner_up_uprn",
               "runner_up_address", "runner_up_score", "decision", "reviewer_uprn"]
    return sheet[columns].sort_values(["status", "score", "record_id"], ascending=[True, False, True],
                                      kind="mergesort", ignore_index=True)


def read_review_sheet(path: str | Path) -> pd.DataFrame:
    """A filled-in review sheet, checked: every decision is one of :data:`REVIEW_DECISIONS` or blank (not reviewed),
    and every ``other`` names a UPRN."""
    sheet = read_extract(path)
    for column in ("record_id", "best_uprn", "decision", "reviewer_uprn"):
        if column not in sheet.columns:
            raise BootcampInputError(f"{path}: the review sheet has lost its {column!r} column.")
    decision = sheet["decision"].fillna("").str.strip().str.lower()
    wrong = sorted(set(decision) - set(REVIEW_DECISIONS) - {""})
    if wrong:
        raise BootcampInputError(f"{path}: decisions must be one of {list(REVIEW_DECISIONS)} or blank, not {wrong}.")
    no_uprn = (decision == "other") & sheet["reviewer_uprn"].fillna("").str.strip().eq("")
    if no_uprn.any():
        raise BootcampInputError(f"{path}: {int(no_uprn.sum())} rows say 'other' without a reviewer_uprn, e.g. "
                                 f"record {sheet.loc[no_uprn, 'record_id'].iloc[0]!r}.")
    return sheet.assign(decision=decision)


def apply_review(matches: pd.DataFrame, reviewed: pd.DataFrame) -> pd.DataFrame:
    """The matches with the reviewer's decisions applied; ``status`` says ``reviewed: accept`` and so on."""
    out = matches.copy()
    decided = reviewed[reviewed["decision"] != ""].set_index("record_id")
    unknown = sorted(set(decided.index) - set(out["record_id"].astype(str)))
    if unknown:
        raise BootcampInputError(f"the review sheet names records that are not in the matches: {unknown[:5]}")
    index = out["record_id"].astype(str)
    for record_id, row in decided.iterrows():
        where = index == record_id
        out.loc[where, "uprn"] = {"accept": row["best_uprn"], "reject": None, "other": row["reviewer_uprn"]}[row["decision"]]
        out.loc[where, "status"] = f"reviewed: {row['decision']}"
    return out


def address_report(matches: pd.DataFrame, records_path, gazetteer_path) -> str:
    """A short Markdown report: counts by status, and what to do next."""
    counts = matches["status"].value_counts()
    lines = [f"# Address matching report", "", f"- Records: {len(matches):,} (from `{records_path}`)",
             f"- Gazetteer: `{gazetteer_path}`", "", "| status | records | share | meaning |", "|---|---:|---:|---|"]
    for status, meaning in MATCH_STATUSES.items():
        n = int(counts.get(status, 0))
        lines.append(f"| {status} | {n:,} | {n / len(matches):.1%} | {meaning} |")
    lines += ["", "Every record above is in `matches.csv`; the ones not matched are in `review.csv`, with their best "
              "candidate and runner-up, for a clerical reviewer to decide (`accept`, `reject` or `other` with a "
              "UPRN). The matched ones are not proven right: estimate their precision from a clerical sample "
              "stratified by score band, as chapter I4 shows, before you rely on them."]
    return "\n".join(lines) + "\n"


def write_outputs(out_dir: str | Path, tables: dict[str, pd.DataFrame], report: str) -> Path:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for name, table in tables.items():
        table.to_csv(out / f"{name}.csv", index=False)
        table.astype({c: "string" for c in table.columns if table[c].dtype == object}).to_parquet(
            out / f"{name}.parquet", index=False)
    (out / "report.md").write_text(report, encoding="utf-8")
    return out


def match_addresses_command(records_path, gazetteer_path, out_dir, map_path=None,
                            progress: Callable[[str], None] = _say) -> pd.DataFrame:
    """``python -m bootcamp match-addresses``: read, match (with progress), write matches, review sheet, report."""
    progress(f"reading {records_path} and {gazetteer_path}")
    raw = read_extract(records_path)
    records = _records_for_matching(raw, read_column_map(map_path) if map_path else None)
    gazetteer = gazetteer_from_extract(read_extract(gazetteer_path))
    progress(f"matching {len(records):,} records to {len(gazetteer):,} gazetteer entries")
    matches = match_addresses_in_chunks(records, gazetteer, progress)
    if len(matches) != len(raw):  # the promise: every input record is in the output
        raise RuntimeError(f"{len(raw) - len(matches)} records were lost on the way: please report this.")
    write_outputs(out_dir, {"matches": matches, "review": review_sheet(records, matches, gazetteer)},
                  address_report(matches, records_path, gazetteer_path))
    progress(f"wrote matches, review sheet and report to {out_dir}")
    return matches


def link_command(left_path, right_path, out_dir, left_map=None, right_map=None, threshold: float = 0.5,
                 progress: Callable[[str], None] = _say) -> pd.DataFrame:
    """``python -m bootcamp link``: two extracts of people, linked with ``link_people``; every record's status."""
    from solutions import link_people

    progress(f"reading {left_path} and {right_path}")
    left = _people(read_extract(left_path), left_map, "left")
    right = _people(read_extract(right_path), right_map, "right")
    progress(f"linking {len(left):,} × {len(right):,} records (Splink; this can take a few minutes)")
    pairs = link_people(left, right)
    links = pairs[pairs["match_probability"] >= threshold].reset_index(drop=True)
    review = pairs[(pairs["match_probability"] < threshold) & (pairs["match_probability"] >= threshold / 5)]
    status = pd.concat([
        pd.DataFrame({"record_id": left["record_id"], "side": "left",
                      "links": left["record_id"].map(links["left_id"].value_counts()).fillna(0).astype(int)}),
        pd.DataFrame({"record_id": right["record_id"], "side": "right",
                      "links": right["record_id"].map(links["right_id"].value_counts()).fillna(0).astype(int)}),
    ], ignore_index=True)
    status["status"] = status["links"].map(lambda n: "not linked" if n == 0 else ("linked" if n == 1 else
                                                                                  "linked to several"))
    report = "\n".join([
        "# Person linkage report", "", f"- Left: {len(left):,} records (`{left_path}`)",
        f"- Right: {len(right):,} records (`{right_path}`)",
        f"- Links at match probability ≥ {threshold}: {len(links):,}",
        f"- Pairs for clerical review (probability {threshold / 5:g} to {threshold}): {len(review):,}",
        "", "| side | status | records |", "|---|---|---:|",
        *[f"| {side} | {st} | {n:,} |" for (side, st), n in status.groupby(["side", "status"]).size().items()],
        "", "A probability is the model's estimate, learned without labels: check it on a clerical sample "
        "stratified by score band (chapter I4) before you rely on it.", ""])
    write_outputs(out_dir, {"links": links, "review": review.reset_index(drop=True), "records": status}, report)
    progress(f"wrote links, review pairs, every record's status and the report to {out_dir}")
    return links


def _people(frame: pd.DataFrame, map_path, side: str) -> pd.DataFrame:
    if map_path:
        return standard_records(frame, read_column_map(map_path), source=side)
    missing = [c for c in ("record_id", "first_name", "last_name") if c not in frame.columns]
    if missing:
        raise BootcampInputError(f"the {side} file has no {missing} column: give a column map with --{side}-map.")
    return standard_records(frame, {c: c for c in frame.columns if c in STANDARD_COLUMNS}, source=side)
