"""Chapter B5's fixed sample of council tax addresses, and the measures its exercises ask for.

The sample is 3,000 council tax records (seed 5), with their true UPRNs, split at random into two halves:

- the **tuning** half, on which a threshold is chosen (the truth stands in for a labelled clerical sample);
- the **held-out** half, on which the chosen threshold is reported, so that the figure quoted is not the one the
  choice was fitted to.

Functions:

- :func:`council_tax_sample` — the sample (``record_id, address, postcode, part``) and its truth;
- :func:`council_tax_postcode_block_recall` — B5 q3: the share of the sample whose written postcode is their true
  address's postcode;
- :func:`scored_pairs` — the sample's candidate pairs with the rule-based score;
- :func:`precision_recall_at` — precision and recall of the rule-based matcher at a threshold, on one part;
- :func:`choose_threshold` — B5 q5: the lowest threshold on a grid that meets a precision and a recall floor on the
  tuning half.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from bootcamp.validate import BootcampInputError
from solutions.addresses import (address_one_line, best_candidates, decide, postcode_block_recall, precision_recall,
                                 rule_score)

SAMPLE_SIZE, SAMPLE_SEED = 3000, 5
PARTS = ("tuning", "held-out", "all")
THRESHOLD_GRID = tuple(round(0.4 + 0.05 * i, 2) for i in range(12))  # 0.40, 0.45, ... 0.95
# B5 q5's floors: at most two wrong UPRNs in a thousand matches, and 95 % of records matched. Precision cannot reach
# 0.999 on the tuning half at any threshold: two of its records name the wrong flat themselves (GROUND FLOOR FLAT
# written for the first floor flat, FLAT 15 for FLAT 16), and a matcher that takes a record at its word matches them
# wrongly at every threshold (0.9986 at best).
MIN_PRECISION, MIN_RECALL = 0.998, 0.95


@lru_cache(maxsize=1)
def _sample():
    from bootcamp import load, load_truth

    records = address_one_line(load("council_tax")).sample(SAMPLE_SIZE, random_state=SAMPLE_SEED)
    records = records.sort_values("record_id").reset_index(drop=True)
    # a seeded random half for tuning, the other half held out
    tuning = set(records["record_id"].sample(SAMPLE_SIZE // 2, random_state=SAMPLE_SEED))
    records["part"] = ["tuning" if r in tuning else "held-out" for r in records["record_id"]]
    truth = load_truth("council_tax")
    truth = truth[truth["record_id"].isin(records["record_id"])].sort_values("record_id").reset_index(drop=True)
    return records, truth[["record_id", "uprn"]]


def _check_part(part: str) -> str:
    if part not in PARTS:
        raise BootcampInputError(f"part must be one of {list(PARTS)}, not {part!r}.")
    return part


def council_tax_sample(part: str = "all") -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chapter's sample of council tax records and their truth, as copies: ``(records, truth)``.

    ``records`` has ``record_id, address, postcode, part`` (``part`` is "tuning" or "held-out"); ``truth`` has
    ``record_id, uprn``. ``part`` chooses "tuning", "held-out" or "all" (the default) of the 3,000 records.
    """
    records, truth = _sample()
    if _check_part(part) != "all":
        records = records[records["part"] == part]
        truth = truth[truth["record_id"].isin(records["record_id"])]
    return records.reset_index(drop=True).copy(), truth.reset_index(drop=True).copy()


def council_tax_postcode_block_recall() -> float:
    """B5 q3: the share of the sample's records whose written postcode (normalised) is their true UPRN's postcode."""
    from bootcamp import load

    records, truth = council_tax_sample()
    return postcode_block_recall(records, truth, load("gazetteer"))


@lru_cache(maxsize=1)
def _scored_pairs() -> pd.DataFrame:
    from bootcamp import load
    from solutions.address_features import candidate_pairs, parse_records, prepare_gazetteer

    records, _ = _sample()
    pairs = candidate_pairs(records, prepare_gazetteer(load("gazetteer")), parse_records(records))
    pairs["score"] = rule_score(pairs).to_numpy()
    return pairs


def scored_pairs() -> pd.DataFrame:
    """The whole sample's candidate pairs with their rule-based ``score`` (a copy)."""
    return _scored_pairs().copy()


def precision_recall_at(threshold: float, margin: float = 0.1, part: str = "tuning") -> dict:
    """Precision and recall of the rule-based matcher at ``threshold`` and ``margin`` on one part of the sample.

    ``part`` is "tuning" (the default: choose thresholds here), "held-out" (report the chosen one here) or "all".
    """
    for name, value in (("threshold", threshold), ("margin", margin)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
            raise BootcampInputError(f"{name} must be a number from 0 to 1, not {value!r}.")
    records, truth = council_tax_sample(part)
    best = best_candidates(_scored_pairs())
    best = best[best["record_id"].isin(records["record_id"])]
    accepted = decide(best, threshold, margin)
    return precision_recall(best.loc[accepted, ["record_id", "uprn"]], truth)


def choose_threshold(min_precision: float = MIN_PRECISION, min_recall: float = MIN_RECALL, margin: float = 0.1,
                     grid=THRESHOLD_GRID) -> float:
    """B5 q5: the lowest threshold of ``grid`` at which the tuning half reaches both floors.

    The lowest such threshold keeps the most matches; any threshold that meets both floors is a fair answer.
    """
    for threshold in sorted(grid):
        got = precision_recall_at(threshold, margin, part="tuning")
        if got["precision"] >= min_precision and got["recall"] >= min_recall:
            return float(threshold)
    raise BootcampInputError(f"no threshold in the grid reaches precision {min_precision} and recall {min_recall} "
                             "on the tuning half.")
