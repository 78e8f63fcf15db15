"""Free-text UK addresses to UPRNs: the reference address matcher (chapters B5 and A1).

``match_addresses(records, gazetteer)`` is the course's reference pipeline (its contract is in this docstring):

1. **normalise and parse** each address into identifiers (flat, house number, suffix, range, floor) and words
   (:mod:`solutions.address_parsing`);
2. **candidates**: gazetteer rows in the record's postcode, on the streets the record names (a wrong or missing
   postcode still finds the street), in its district when it has only an outward code, and TF-IDF character
   3-gram neighbours when the street is not found word for word (:mod:`solutions.address_features`); only a real
   conflict (another flat, suffix or house number) rules a candidate out;
3. **pair features**: identifier agreement, street and building-name agreement (evidence, not a gate: postcode
   and house number are the key most councils rely on), unexplained words, postcode agreement, building shells;
4. **score** every pair with a logistic regression whose coefficients are shipped in ``address_model.json``
   (trained by ``python -m solutions.address_ml`` on two Thamesbury sources only, and measured on the other four);
5. **decide**: keep the best candidate only if its score is high *and* clearly above the runner-up's. Precision
   comes first: an unmatched record costs a clerk a minute; a wrong UPRN sends a bill or a care visit to the wrong
   door.

The functions above the pipeline are the B5 chapter's small steps (a rule-based score, a source's address as one
line); the ML workflow is in :mod:`solutions.address_ml`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz

from bootcamp.validate import BootcampInputError, require_frame
from solutions.address_features import (FEATURES, candidate_pairs, eligible, parse_records, prepare_gazetteer)
from solutions.address_parsing import ABBREVIATIONS, clean_text, parse_address, tokens
from solutions.postcodes import normalise_postcode

MODEL_PATH = Path(__file__).with_name("address_model.json")
OUTPUT_COLUMNS = ["record_id", "uprn", "score"]


# --- B5: small steps ------------------------------------------------------------------------------------------------


def address_one_line(raw: pd.DataFrame) -> pd.DataFrame:
    """Any source's address as one line: ``record_id, address, postcode``.

    Address columns are ``address`` or ``address_line_1``, ``address_line_2`` ... and ``town`` when present; they are
    joined with ", " in order, skipping empty parts. The postcode column is kept as it is (it may be missing).
    """
    require_frame(raw, "raw", ["record_id"])
    parts = [c for c in raw.columns if c == "address" or c.startswith("address_line")]
    parts += [c for c in ("town",) if c in raw.columns]
    if not parts:
        raise BootcampInputError(f"raw has no address columns (address, address_line_1 ...); it has {list(raw.columns)}.")
    text = raw[parts].astype(object).where(raw[parts].notna(), "")
    address = text.apply(lambda row: ", ".join(str(v).strip() for v in row if str(v).strip()), axis=1)
    postcode = raw["postcode"] if "postcode" in raw.columns else pd.Series(None, index=raw.index, dtype=object)
    return pd.DataFrame({"record_id": raw["record_id"].to_numpy(), "address": address.to_numpy(),
                         "postcode": postcode.to_numpy()})


def normalise_address(text) -> str:
    """An address in canonical form for comparison: upper case, no punctuation or postcode, abbreviations and flat
    wording made uniform (``"Flat 3, 14a St John's Road"`` -> ``"3 14A ST JOHNS RD"``)."""
    return parse_address(text).text


def abbreviate(text) -> str:
    """Upper case, punctuation gone, every known word in its short form: ``"St John's Road"`` -> ``"ST JOHNS RD"``.

    Abbreviating (not expanding) means "St" never has to be read as Street or Saint: STREET and SAINT both become ST.
    A missing value gives "".
    """
    return " ".join(ABBREVIATIONS.get(word, word) for word in clean_text(text).split())


def postcode_block_recall(records: pd.DataFrame, truth: pd.DataFrame, gazetteer: pd.DataFrame) -> float:
    """Share of records with a true UPRN whose written postcode (normalised) is that UPRN's postcode.

    This is the ceiling of blocking on the postcode alone: a record whose postcode is missing or wrong never meets
    its true address in the same block.
    """
    require_frame(records, "records", ["record_id", "postcode"])
    require_frame(truth, "truth", ["record_id", "uprn"])
    require_frame(gazetteer, "gazetteer", ["uprn", "postcode"])
    known = truth[truth["uprn"].notna()]
    if known.empty:
        raise BootcampInputError("truth has no record with a true UPRN.")
    true_pc = known["uprn"].map(dict(zip(gazetteer["uprn"], gazetteer["postcode"])))
    written = known["record_id"].map(dict(zip(records["record_id"], records["postcode"]))).map(normalise_postcode)
    return float((written.to_numpy() == true_pc.to_numpy()).mean())


def precision_recall(predicted: pd.DataFrame, truth: pd.DataFrame) -> dict:
    """Precision and recall of address matches, by hand: over records whose true UPRN is in the gazetteer,
    precision = right matches / matches made, recall = right matches / records."""
    require_frame(predicted, "predicted", ["record_id", "uprn"], allow_empty=True)
    require_frame(truth, "truth", ["record_id", "uprn"])
    known = truth[truth["uprn"].notna()]
    guess = known["record_id"].map(dict(zip(predicted["record_id"], predicted["uprn"])))
    made = guess.notna()
    right = made & (guess == known["uprn"])
    return {"precision": float(right.sum() / made.sum()) if made.any() else 1.0,
            "recall": float(right.sum() / len(known)) if len(known) else 1.0}


def rule_based_match(records: pd.DataFrame, gazetteer: pd.DataFrame, threshold: float = 0.8,
                     margin: float = 0.1) -> pd.DataFrame:
    """The B5 matcher: the same candidates and features as the pipeline, scored by :func:`rule_score`."""
    require_frame(records, "records", ["record_id", "address"])
    records = records.reset_index(drop=True)
    gz = prepare_gazetteer(gazetteer)
    pairs = candidate_pairs(records, gz, parse_records(records))
    pairs["score"] = rule_score(pairs).to_numpy()
    best = best_candidates(pairs)
    accepted = decide(best, threshold, margin)
    out = records[["record_id"]].merge(best[["record_id", "uprn", "score"]], on="record_id", how="left")
    out["uprn"] = out["uprn"].where(out["record_id"].isin(best.loc[accepted, "record_id"]), None)
    out["score"] = out["score"].fillna(0.0).round(4)
    return out


def flat_not_identified(records: pd.DataFrame, truth: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.Series:
    """True for records whose true address is a flat in a building of two or more dwellings, but whose text carries
    none of that flat's identifiers (``14 High Street`` for Flat B of 14; ``14A`` counts as Flat A of 14).

    No matcher can resolve these from the text alone: they bound recall from above. Indexed like ``records``.
    """
    require_frame(records, "records", ["record_id", "address"])
    require_frame(truth, "truth", ["record_id", "uprn"])
    require_frame(gazetteer, "gazetteer", ["uprn", "parent_uprn", "saon", "classification"])
    from solutions.address_features import suffix_as_flat

    g = gazetteer.set_index("uprn")
    dwellings = gazetteer[gazetteer["classification"].fillna("").str.startswith("R")
                          & gazetteer["parent_uprn"].notna()]["parent_uprn"].value_counts()
    true_uprn = records["record_id"].map(dict(zip(truth["record_id"], truth["uprn"])))
    postcode = records["postcode"] if "postcode" in records.columns else pd.Series(None, index=records.index)
    out = []
    for address, pc, uprn in zip(records["address"], postcode, true_uprn):
        if not isinstance(uprn, str) or uprn not in g.index or pd.isna(g.at[uprn, "parent_uprn"]) \
                or dwellings.get(g.at[uprn, "parent_uprn"], 0) < 2:
            out.append(False)
            continue
        row = g.loc[uprn]
        saon_ids = parse_address(row["saon"] if isinstance(row["saon"], str) else "").identifiers
        paon_ids = parse_address(row["paon"] if isinstance(row["paon"], str) else "").identifiers
        record_ids = set(parse_address(address, pc if isinstance(pc, str) else None).identifiers)
        folded = set(suffix_as_flat(saon_ids + paon_ids))
        out.append(not (set(saon_ids) & record_ids) and not (folded - set(paon_ids)) & record_ids)
    return pd.Series(out, index=records.index, name="flat_not_identified")


def flat_or_building_choice() -> str:
    """B5 q6: "Flat, 14 High Street", where 14 is a parent shell holding flats A, B and C (and 14A is another house).

    The record says it is a flat but not which one; each flat fits equally well and the shell is not a home, so the
    matcher should make no match and send the record to clerical review: a wrong UPRN is worse than none.
    """
    return "no match"


def address_similarity(a, b) -> float:
    """rapidfuzz's token-set ratio (0-100) of two addresses after normalisation."""
    return float(fuzz.token_set_ratio(normalise_address(a), normalise_address(b)))


def gazetteer_one_line(gazetteer: pd.DataFrame) -> pd.Series:
    """Each gazetteer row as one line: saon, paon, street, locality, town (postcode apart), by UPRN."""
    require_frame(gazetteer, "gazetteer", ["uprn", "saon", "paon", "street", "locality", "town"])
    parts = gazetteer[["saon", "paon", "street", "locality", "town"]].fillna("").astype(str)
    return pd.Series([", ".join(p for p in row if p.strip()) for row in parts.itertuples(index=False)],
                     index=gazetteer["uprn"].to_numpy(), name="address")


def rule_score(features: pd.DataFrame) -> pd.Series:
    """A hand-written score (0-1) from pair features: the B5 rule-based matcher.

    Identifiers must agree exactly (the house number, flat and suffix are what tell neighbours apart); then the
    street, the building name and the postcode add evidence, and anything the candidate has that the record lacks
    (or the other way round) takes it away. Being a set of rules, it also asks that the record name the
    candidate's place (``place_named``: its street or building), which the learned pipeline only weighs.
    """
    f = features
    score = (0.45 * f["ids_exact"] + 0.2 * f["ids_same_set"] + 0.3 * f["ids_suffix_as_flat"]
             + 0.2 * f["street_match"] + 0.1 * f["building_match"] + 0.1 * f["postcode_unit"]
             + 0.05 * f["postcode_sector"] - 0.25 * f["record_ids_unmatched"] - 0.1 * f["record_floor_extra"]
             - 0.3 * f["candidate_flat_ids_missing"] - 0.15 * f["candidate_house_ids_missing"]
             - 0.3 * f["suffix_conflict"] - 0.3 * f["words_unexplained"] - 0.2 * f["building_missing"]
             - 0.3 * f["candidate_is_parent"] - 0.3 * f["record_flat_candidate_not"]
             - 0.2 * f["candidate_flat_record_not"])
    return (score / 1.05).clip(0, 1).where(eligible(f) & f["place_named"].eq(1.0), 0.0).rename("score")


# --- the pipeline ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def load_model(path: str | None = None) -> dict:
    """The shipped logistic regression: feature names, coefficients, intercept, threshold and margin."""
    model = json.loads(Path(path or MODEL_PATH).read_text())
    if model["features"] != FEATURES:
        raise BootcampInputError(f"{path or MODEL_PATH} was trained on other features; retrain it with "
                                 "`python -m solutions.address_ml`.")
    return model


def model_score(features: pd.DataFrame, model: dict | None = None) -> np.ndarray:
    """Match probability of each pair under the shipped (or given) logistic regression."""
    model = model or load_model()
    x = features[model["features"]].to_numpy(dtype=float)
    x = (x - np.asarray(model["mean"])) / np.asarray(model["scale"])
    z = x @ np.asarray(model["coef"]) + model["intercept"]
    return np.where(eligible(features).to_numpy(), 1 / (1 + np.exp(-z)), 0.0)


def best_candidates(pairs: pd.DataFrame, score: str = "score") -> pd.DataFrame:
    """One row per record: the best candidate, its score and the runner-up's score (0 when there is none)."""
    if pairs.empty:
        return pd.DataFrame(columns=["record", "record_id", "uprn", "row", score, "runner_up"])
    ranked = pairs.sort_values(["record", score, "uprn"], ascending=[True, False, True], kind="mergesort")
    ranked = ranked.drop_duplicates(["record", "uprn"], keep="first")  # two rows may stand for one UPRN
    first = ranked.drop_duplicates("record", keep="first")
    second = ranked[~ranked.index.isin(first.index)].drop_duplicates("record", keep="first")
    out = first.set_index("record")
    out["runner_up"] = second.set_index("record")[score].reindex(out.index).fillna(0.0)
    return out.reset_index()


def decide(best: pd.DataFrame, threshold: float, margin: float, score: str = "score") -> pd.Series:
    """True where the best candidate is accepted: score at least ``threshold`` and ``margin`` above the runner-up."""
    return (best[score] >= threshold) & (best[score] - best["runner_up"] >= margin)


def match_addresses(records: pd.DataFrame, gazetteer: pd.DataFrame, threshold: float | None = None,
                    margin: float | None = None, explain: bool = False) -> pd.DataFrame:
    """Match free-text UK addresses to the gazetteer's UPRNs; one row per record: ``record_id, uprn, score``.

    ``records`` has ``record_id`` and ``address`` (free text, may hold the postcode) and optionally ``postcode``;
    ``gazetteer`` has ``uprn, saon, paon, street, town, postcode`` and optionally ``locality`` (see
    ``solutions.council_data.gazetteer_from_addressbase`` for AddressBase, LLPG and PAF extracts). ``uprn`` is
    missing when no candidate is confident enough (``score`` below ``threshold`` or within ``margin`` of the
    runner-up); ``score`` is the best candidate's match probability under the shipped logistic regression.

    With ``explain=True`` each row also says what a clerical reviewer needs: ``best_uprn`` (the best candidate, even
    when not accepted), ``runner_up_uprn`` and ``runner_up_score``, ``candidates`` (how many were scored) and
    ``status``, one of :data:`MATCH_STATUSES`.
    """
    require_frame(records, "records", ["record_id", "address"])
    require_frame(gazetteer, "gazetteer", ["uprn", "saon", "paon", "street", "town", "postcode"])
    if "locality" not in gazetteer.columns:  # many councils' extracts have none; it is optional evidence
        gazetteer = gazetteer.assign(locality=None)
    if records["record_id"].isna().any():
        raise BootcampInputError("records has rows without a record_id.")
    if records["record_id"].duplicated().any():
        raise BootcampInputError("records has duplicated record_id values; each record needs its own ID.")
    model = load_model()
    threshold = model["threshold"] if threshold is None else threshold
    margin = model["margin"] if margin is None else margin
    records = records.reset_index(drop=True)
    codes, unique = distinct_addresses(records)
    gz = prepare_gazetteer(gazetteer)
    pairs = candidate_pairs(unique, gz, parse_records(unique))
    pairs["score"] = model_score(pairs, model)
    best = best_candidates(pairs)
    accepted = decide(best, threshold, margin)
    answer = pd.DataFrame({"uprn": None, "score": 0.0}, index=range(len(unique)))
    answer["uprn"] = answer["uprn"].astype(object)
    rows = best["record"].to_numpy()
    answer.loc[rows, "score"] = best["score"].round(6).to_numpy()
    answer.loc[rows[accepted.to_numpy()], "uprn"] = best.loc[accepted, "uprn"].to_numpy()
    if explain:
        answer = answer.join(_explanations(pairs, best, accepted, len(unique), threshold))
    out = answer.iloc[codes].reset_index(drop=True)
    out.insert(0, "record_id", records["record_id"].to_numpy())
    return out[OUTPUT_COLUMNS + (EXPLAIN_COLUMNS if explain else [])]


def distinct_addresses(records: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Identical addresses (a household's members, say) get identical answers, so each is matched once.

    Returns, for each record, the position of its (address, postcode) among the distinct ones, and the distinct
    records themselves (the first record of each), so that ``answers.iloc[codes]`` gives one answer per record.
    """
    records = records.reset_index(drop=True)
    postcode = records["postcode"] if "postcode" in records.columns else pd.Series(None, index=records.index)
    key = records["address"].astype(object).where(records["address"].notna(), "").astype(str) + "\x1f" + \
        postcode.astype(object).where(postcode.notna(), "").astype(str)
    codes, _ = pd.factorize(key)
    first = pd.Series(np.arange(len(records))).groupby(codes).first().to_numpy()
    return codes, records.iloc[first].reset_index(drop=True)


# What match_addresses(..., explain=True) says of each record, for a clerical reviewer.
MATCH_STATUSES = {
    "matched": "the best candidate is accepted",
    "no candidate": "nothing in the gazetteer shares the record's postcode, street or wording",
    "ruled out": "every candidate conflicts with the record (another flat, suffix or house number)",
    "below threshold": "the best candidate scores below the threshold",
    "too close to call": "the best candidate is within the margin of the runner-up",
}
EXPLAIN_COLUMNS = ["best_uprn", "runner_up_uprn", "runner_up_score", "candidates", "status"]


def _explanations(pairs: pd.DataFrame, best: pd.DataFrame, accepted: pd.Series, n: int,
                  threshold: float) -> pd.DataFrame:
    """The reviewer's columns for each distinct record (index 0..n-1)."""
    out = pd.DataFrame({"best_uprn": None, "runner_up_uprn": None, "runner_up_score": 0.0, "candidates": 0,
                        "status": "no candidate"}, index=range(n))
    out[["best_uprn", "runner_up_uprn"]] = out[["best_uprn", "runner_up_uprn"]].astype(object)
    if pairs.empty:
        return out
    ranked = pairs.sort_values(["record", "score", "uprn"], ascending=[True, False, True], kind="mergesort")
    ranked = ranked.drop_duplicates(["record", "uprn"], keep="first")
    counts = ranked.groupby("record").size()
    out.loc[counts.index, "candidates"] = counts.to_numpy()
    second = ranked[ranked.groupby("record").cumcount() == 1].set_index("record")
    second = second[second["score"] > 0]  # a ruled-out candidate is no runner-up
    out.loc[second.index, "runner_up_uprn"] = second["uprn"].to_numpy()
    out.loc[second.index, "runner_up_score"] = second["score"].round(6).to_numpy()
    rows = best["record"].to_numpy()
    eligible_any = ranked.groupby("record")["score"].max() > 0
    out.loc[rows, "best_uprn"] = best["uprn"].where(best["score"] > 0, None).to_numpy()
    status = np.where(accepted.to_numpy(), "matched",
                      np.where(~eligible_any.reindex(rows).to_numpy(), "ruled out",
                               np.where(best["score"].to_numpy() < threshold, "below threshold", "too close to call")))
    out.loc[rows, "status"] = status
    return out


__all__ = ["match_addresses", "address_one_line", "abbreviate", "postcode_block_recall", "precision_recall",
           "rule_based_match", "flat_not_identified", "flat_or_building_choice", "normalise_address", "address_similarity", "rule_score",
           "gazetteer_one_line", "best_candidates", "decide", "model_score", "load_model", "parse_address",
           "clean_text"]
