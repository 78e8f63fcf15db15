"""Reference answers for chapter P3, Finding residents who need support: the shielding list against council records.

The steps, in the order chapter P3 teaches them:

1. :func:`link_shielding` links the national shielding list to the council's own records (stacked into one table of
   standard person records) with the reference pipeline ``solutions.link_people``; :func:`shielding_links` does it
   once for Thamesbury and keeps the result, so the chapter and its exercises share one run.
2. :func:`assign_band` and :func:`band_table`: two thresholds make three bands — accept automatically above the
   upper one, send to clerical review between them, reject below the lower one — and each band's precision.
3. :func:`pair_subgroups` and :func:`missed_by_subgroup`: who is missed, by name origin, recent moves, living in a
   flat and age band (the rates come from ``solutions.good_practice.missed_match_rates``, the B4 measure);
   :func:`field_disagreements` says *why*: which fields differ between the two records of a pair.
4. :func:`contact_list`: one row per person on the list, with what a caller needs (and nothing else): the name, the
   address, a phone number, which services already know the person, the action, and the caveats to check first.

Nothing here knows about Thamesbury except :func:`shielding_links`, which loads its files: the other functions work
on any records in the standard person record and any scored pairs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from bootcamp.evaluation import pair_set
from bootcamp.validate import BootcampInputError, require_frame

BANDS = ("auto-accept", "review", "reject")
# The council sources a shielding hub would search: care and benefits (existing support), council tax and the
# electoral register (who lives where now).
COUNCIL_SOURCES = ("adult_social_care", "housing_benefit", "council_tax", "electoral_register")
# The fields a caller's contact list may carry; everything else stays in the systems that hold it.
CONTACT_COLUMNS = ["record_id", "first_name", "last_name", "address", "postcode", "phone", "council_address",
                   "known_to", "action", "band", "best_probability", "caveats"]
# Fields that must never reach the contact list: health and care details, benefit details, identifiers a caller
# does not need. (A caller confirms identity by asking the resident, not by reading out their date of birth.)
NOT_FOR_CALLERS = ("nhs_number", "gp_practice_code", "primary_support_reason", "benefit_type")


# --- 1. linking -----------------------------------------------------------------------------------------------------


def link_shielding(shielding: pd.DataFrame, council: pd.DataFrame, min_probability: float = 0.01) -> pd.DataFrame:
    """Score every plausible (shielding record, council record) pair with ``solutions.link_people``.

    Both tables are in the standard person record; ``council`` may stack several sources (its ``source`` column
    says which). A person can have one council record per source, so the result is not one-to-one. Returns
    ``left_id`` (shielding), ``right_id`` (council), ``match_probability`` and the council record's ``source``.
    """
    from solutions.probabilistic import link_people

    require_frame(shielding, "shielding", ["record_id"])
    require_frame(council, "council", ["record_id", "source"])
    scored = link_people(shielding, council, min_probability=min_probability)
    scored["source"] = scored["right_id"].map(council.set_index("record_id")["source"])
    return scored


@functools.lru_cache(maxsize=2)
def _thamesbury(sources: tuple[str, ...]) -> tuple:
    from bootcamp import load, load_truth
    from bootcamp.evaluation import true_pairs
    from solutions.standard_record import standardise

    raw_shielding = load("shielding_list")
    shielding = standardise("shielding_list", raw_shielding)
    council = pd.concat([standardise(s, load(s)) for s in sources], ignore_index=True)
    scored = link_shielding(shielding, council)
    truth = true_pairs(load_truth("shielding_list"), pd.concat([load_truth(s) for s in sources]))
    phones = raw_shielding.set_index("record_id")["phone"]
    return shielding, council, scored, frozenset(truth), phones


def shielding_links(sources: Sequence[str] = COUNCIL_SOURCES) -> dict:
    """Thamesbury's shielding list linked to its council records, computed once per session and shared.

    Returns a dict: ``shielding`` and ``council`` (standard person records), ``scored`` (from
    :func:`link_shielding`), ``truth`` (the set of true pairs) and ``phones`` (the list's phone numbers by record ID).
    Copies are returned, so callers may change them freely.
    """
    shielding, council, scored, truth, phones = _thamesbury(tuple(sources))
    return {"shielding": shielding.copy(), "council": council.copy(), "scored": scored.copy(), "truth": set(truth),
            "phones": phones.copy()}


# --- 2. two thresholds, three bands ---------------------------------------------------------------------------------


def _check_thresholds(lower, upper) -> None:
    for name, value in (("lower", lower), ("upper", upper)):
        if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
            raise BootcampInputError(f"{name} must be a number between 0 and 1, not {value!r}.")
    if not 0 <= lower < upper <= 1:
        raise BootcampInputError(f"need 0 ≤ lower < upper ≤ 1, got lower={lower!r}, upper={upper!r}.")


def assign_band(probabilities: pd.Series, lower: float, upper: float) -> pd.Series:
    """The band of each match probability: "auto-accept" at or above ``upper``, "review" from ``lower`` up to (not
    including) ``upper``, "reject" below ``lower``. A missing probability is "reject" (no evidence of a match)."""
    _check_thresholds(lower, upper)
    if not isinstance(probabilities, pd.Series):
        raise BootcampInputError(f"probabilities must be a pandas Series, not {type(probabilities).__name__}.")
    p = pd.to_numeric(probabilities, errors="coerce")
    band = np.where(p >= upper, "auto-accept", np.where(p >= lower, "review", "reject"))
    return pd.Series(band, index=probabilities.index, name="band")


def band_table(scored: pd.DataFrame, truth, lower: float, upper: float) -> pd.DataFrame:
    """How many scored pairs land in each band, how many of them are true matches, and each band's precision.

    ``scored`` has ``left_id, right_id, match_probability``; ``truth`` is the true pairs (a set or a DataFrame).
    Returns one row per band (all three, in order): ``band, pairs, true_matches, precision`` and ``share_of_true``
    (the band's true matches ÷ all true pairs, so the auto-accept row is the recall of accepting automatically).
    Precision is missing for an empty band.
    """
    require_frame(scored, "scored", ["left_id", "right_id", "match_probability"], allow_empty=True)
    truth = pair_set(truth)
    bands = assign_band(scored["match_probability"], lower, upper)
    is_true = pd.Series([pair in truth for pair in zip(scored["left_id"], scored["right_id"])], index=scored.index,
                        dtype=bool)
    table = pd.DataFrame({"pairs": bands.value_counts(), "true_matches": is_true.groupby(bands).sum()})
    table = table.reindex(list(BANDS)).fillna(0).astype(int)
    table["precision"] = (table["true_matches"] / table["pairs"].where(table["pairs"] > 0)).round(4)
    table["share_of_true"] = (table["true_matches"] / len(truth)).round(4) if truth else np.nan
    return table.rename_axis("band").reset_index()


# --- choosing thresholds on one half, reporting them on the other ------------------------------------------------

# A hub tunes its thresholds on labelled pairs (a clerical review of part of the list; on Thamesbury the truth stands
# in for it) and reports them on pairs it did not tune on.
TUNING_SEED = 2020
# What the hub asks of its thresholds, on the tuning half of the list (half the list: half of the reviewer's 160).
# Set on the tuning half so that the two thresholds must be chosen together on Thamesbury's pairs, whose scores are
# close to calibrated: the pairs scored 0.5 to 0.9 are about one in seven false, so 99 % precision needs an upper
# threshold of about 0.65 or more; 96 % of the true pairs needs the pairs scored about 0.65 to 0.9 in reach (eleven
# true pairs score 0.645 to 0.7), so a lower threshold of about 0.6 or less (at 93 %, reviewing only from 0.7 would
# pass too); and with 80 pairs to review the upper threshold cannot go much above 0.9 (the 51 pairs scored 0.9 to
# 0.95 are all but one true, and reviewing them would use up the reviewer) nor the lower one much below 0.05 (the
# pairs scored 0.01 to 0.1 are two in a hundred true, and there are almost 480 of them).
MIN_AUTO_PRECISION = 0.99
MAX_REVIEW_PAIRS = 80
MIN_FOUND = 0.96


def tuning_half(record_ids: Iterable[str], seed: int = TUNING_SEED) -> frozenset:
    """Half of the list's record IDs, drawn at random with a fixed seed: the half whose pairs tune the thresholds.

    The other half is held out, to report the chosen thresholds on pairs they were not chosen on. IDs are sorted
    before drawing, so the same IDs give the same half whatever their order.
    """
    ids = np.array(sorted({str(r) for r in record_ids}), dtype=object)
    if len(ids) < 2:
        raise BootcampInputError("need at least two record IDs to split in two.")
    rng = np.random.default_rng(seed)
    return frozenset(rng.choice(ids, size=len(ids) // 2, replace=False))


def pairs_for(scored: pd.DataFrame, truth, left_ids: Iterable[str]) -> tuple[pd.DataFrame, set]:
    """The scored pairs and the true pairs whose left record is one of ``left_ids``: ``(scored, truth)``."""
    require_frame(scored, "scored", ["left_id", "right_id"], allow_empty=True)
    keep = set(left_ids)
    return (scored[scored["left_id"].isin(keep)].copy(),
            {pair for pair in pair_set(truth) if pair[0] in keep})


def hub_split() -> dict:
    """Thamesbury's shielding pairs split by :func:`tuning_half`: ``{"tuning": (scored, truth), "held_out": ...}``."""
    links = shielding_links()
    ids = set(links["shielding"]["record_id"])
    tuning = tuning_half(ids)
    return {"tuning": pairs_for(links["scored"], links["truth"], tuning),
            "held_out": pairs_for(links["scored"], links["truth"], ids - tuning)}


def hub_thresholds() -> tuple[float, float]:
    """One (lower, upper) pair that meets the hub's needs on the tuning half (the reference answer to P3 q3)."""
    return (0.1, 0.9)


def hub_threshold_problems(answer) -> str | None:
    """Why ``answer = (lower, upper)`` does not meet the hub's needs on the tuning half, or None when it does.

    The needs: auto-accept precision at least :data:`MIN_AUTO_PRECISION`, at most :data:`MAX_REVIEW_PAIRS` pairs to
    review, and auto-accept and review together holding at least :data:`MIN_FOUND` of the true pairs.
    """
    if not isinstance(answer, (tuple, list)) or len(answer) != 2:
        return "expected two numbers, (lower, upper)"
    if not all(isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, bool) for v in answer):
        return "both thresholds must be numbers"
    lower, upper = answer
    if not 0 <= lower < upper <= 1:
        return f"need 0 ≤ lower < upper ≤ 1; got lower={lower}, upper={upper} (did you swap them?)"
    scored, truth = hub_split()["tuning"]
    table = band_table(scored, truth, float(lower), float(upper)).set_index("band")
    auto, review = table.loc["auto-accept"], table.loc["review"]
    found = auto["share_of_true"] + review["share_of_true"]
    problems = []
    if not auto["pairs"] or auto["precision"] < MIN_AUTO_PRECISION:
        problems.append(f"on the tuning half auto-accept precision is {auto['precision']:.1%}, below "
                        f"{MIN_AUTO_PRECISION:.0%}")
    if review["pairs"] > MAX_REVIEW_PAIRS:
        problems.append(f"the review band holds {int(review['pairs'])} pairs of the tuning half, more than "
                        f"{MAX_REVIEW_PAIRS}")
    if found < MIN_FOUND:
        problems.append(f"auto-accept and review together hold {found:.1%} of the tuning half's true pairs, below "
                        f"{MIN_FOUND:.0%}")
    return "; ".join(problems) or None


def not_for_callers() -> list[str]:
    """The fields a callers' contact list must not carry (the reference answer to P3 q4)."""
    return list(NOT_FOR_CALLERS)


# --- 3. who is missed, and why --------------------------------------------------------------------------------------

AGE_BANDS = [(0, 49, "under 50"), (50, 64, "50–64"), (65, 74, "65–74"), (75, 84, "75–84"), (85, 200, "85 and over")]


def age_band(ages: pd.Series) -> pd.Series:
    """Ages (numbers or numeric text) in bands: under 50, 50–64, 65–74, 75–84, 85 and over; missing stays missing."""
    numbers = pd.to_numeric(ages, errors="coerce")
    labels = pd.Series(pd.NA, index=ages.index, dtype="object")
    for low, high, label in AGE_BANDS:
        labels[(numbers >= low) & (numbers <= high)] = label
    return labels


def pair_subgroups(truth, left_truth: pd.DataFrame, people: pd.DataFrame, gazetteer: pd.DataFrame,
                   moved_since: str) -> pd.DataFrame:
    """The true pairs with the subgroups of the person each describes, for missed-match rates.

    ``truth`` is the true pairs; ``left_truth`` maps the left records to ``person_id``; ``people`` has ``person_id,
    name_origin, age, uprn, moved_date``; ``gazetteer`` has ``uprn, classification``. Returns ``left_id, right_id,
    person_id`` and the subgroups ``name_origin``, ``moved`` ("moved since <date>" or "not moved"), ``home`` ("flat"
    when the person's home is a self-contained flat, RD06, else "house or other") and ``age_band``.
    """
    require_frame(left_truth, "left_truth", ["record_id", "person_id"])
    require_frame(people, "people", ["person_id", "name_origin", "age", "uprn", "moved_date"])
    require_frame(gazetteer, "gazetteer", ["uprn", "classification"])
    pairs = pd.DataFrame(sorted(pair_set(truth)), columns=["left_id", "right_id"])
    if pairs.empty:
        raise BootcampInputError("truth is empty: there are no true pairs to describe.")
    pairs["person_id"] = pairs["left_id"].map(left_truth.set_index("record_id")["person_id"])
    person = people.set_index("person_id")
    pairs["name_origin"] = pairs["person_id"].map(person["name_origin"])
    moved = pd.to_datetime(pairs["person_id"].map(person["moved_date"]), errors="coerce")
    pairs["moved"] = np.where(moved >= pd.Timestamp(moved_since), f"moved since {moved_since}", "not moved")
    kind = pairs["person_id"].map(person["uprn"]).map(gazetteer.set_index("uprn")["classification"])
    pairs["home"] = np.where(kind == "RD06", "flat", "house or other")
    pairs["age_band"] = age_band(pairs["person_id"].map(person["age"]))
    return pairs


def missed_by_subgroup(pairs: pd.DataFrame, links, subgroups: Iterable[str]) -> pd.DataFrame:
    """Missed-match rates for several subgroups at once, as one long table.

    ``pairs`` is the true pairs with one column per subgroup (as :func:`pair_subgroups` makes); ``links`` the
    accepted links. Uses ``solutions.good_practice.missed_match_rates`` for each subgroup and returns ``subgroup,
    group, true_matches, missed, missed_rate``, groups in the order of their missed rate within each subgroup.
    """
    from solutions.good_practice import missed_match_rates

    tables = []
    for subgroup in subgroups:
        table = missed_match_rates(pairs, links, subgroup).rename(columns={subgroup: "group"})
        table.insert(0, "subgroup", subgroup)
        tables.append(table)
    if not tables:
        raise BootcampInputError("name at least one subgroup column.")
    out = pd.concat(tables, ignore_index=True)
    out["group"] = out["group"].astype(str)
    out["missed_rate"] = out["missed_rate"].round(4)
    return out


def _comparable(values: pd.Series) -> pd.Series:
    s = values.astype("string").str.upper().str.replace(r"[^A-Z0-9]", "", regex=True)
    return s.mask(s == "")


def field_disagreements(pairs: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame,
                        fields: Sequence[str] = ("first_name", "last_name", "dob", "postcode")) -> pd.DataFrame:
    """For each pair, how each field compares: "same", "differs" or "missing" (on either side).

    Values are compared ignoring case, spaces and punctuation. Returns ``left_id, right_id`` and one column per
    field: the reasons a pair of records about one person can look like two people.
    """
    fields = list(fields)
    require_frame(pairs, "pairs", ["left_id", "right_id"], allow_empty=True)
    require_frame(left, "left", ["record_id"] + fields)
    require_frame(right, "right", ["record_id"] + fields)
    out = pairs[["left_id", "right_id"]].reset_index(drop=True).copy()
    a = left.set_index("record_id").reindex(out["left_id"])
    b = right.set_index("record_id").reindex(out["right_id"])
    for field in fields:
        x, y = _comparable(a[field]).to_numpy(), _comparable(b[field]).to_numpy()
        missing = pd.isna(x) | pd.isna(y)
        same = ~missing & (np.where(missing, "", x.astype(object)) == np.where(missing, "", y.astype(object)))
        out[field] = np.where(missing, "missing", np.where(same, "same", "differs"))
    return out


# --- 4. the contact list ----------------------------------------------------------------------------------------------

# The action for a caller, by the most relevant service that already knows the person (first found wins).
ACTIONS = {
    "adult_social_care": "existing care client: pass to the care team",
    "housing_benefit": "known to the benefits team: call, and offer help",
}
DEFAULT_ACTION = "call: not known to care or benefits"
# Where the council address comes from, most reliable for "where they live now" first.
ADDRESS_ORDER = ("council_tax", "electoral_register", "adult_social_care", "housing_benefit")


def _label(source: str) -> str:
    return source.replace("_", " ")


def contact_list(shielding: pd.DataFrame, council: pd.DataFrame, scored: pd.DataFrame, lower: float, upper: float,
                 phones: pd.Series | Mapping | None = None, actions: Mapping[str, str] = ACTIONS,
                 address_order: Sequence[str] = ADDRESS_ORDER) -> pd.DataFrame:
    """One row per person on the shielding list, with only what a caller needs, and the caveats to check first.

    ``shielding`` and ``council`` are standard person records (``council`` with a ``source`` column); ``scored``
    has ``left_id, right_id, match_probability``. Pairs at or above ``lower`` are used: auto-accepted ones as
    facts, review-band ones flagged. For each shielding record, the best pair per council source is kept. Columns
    are :data:`CONTACT_COLUMNS`; NHS numbers, dates of birth, care and benefit details are left out on purpose.
    """
    _check_thresholds(lower, upper)
    require_frame(shielding, "shielding", ["record_id", "first_name", "last_name", "address", "postcode"])
    require_frame(council, "council", ["record_id", "source", "address", "postcode", "dob"])
    require_frame(scored, "scored", ["left_id", "right_id", "match_probability"], allow_empty=True)
    used = scored[scored["match_probability"] >= lower].copy()
    info = council.set_index("record_id")
    used["source"] = used["right_id"].map(info["source"])
    used = (used.sort_values(["match_probability", "right_id"], ascending=[False, True])
            .drop_duplicates(["left_id", "source"]))
    used["band"] = assign_band(used["match_probability"], lower, upper)

    out = shielding[["record_id", "first_name", "last_name", "address", "postcode"]].reset_index(drop=True).copy()
    phones = pd.Series(phones) if phones is not None else pd.Series(dtype=object)
    out["phone"] = out["record_id"].map(phones)
    by_record = {rid: group for rid, group in used.groupby("left_id")}
    rank = {s: i for i, s in enumerate(address_order)}
    rows = []
    for rid, postcode in zip(out["record_id"], out["postcode"]):
        group = by_record.get(rid)
        caveats = []
        if group is None:
            rows.append((None, "", DEFAULT_ACTION, "no match", np.nan,
                         ["not found on council records: call anyway, and confirm where they live now"]))
            continue
        sources = list(group["source"])
        known = [s for s in actions if s in sources]
        action = actions[known[0]] if known else DEFAULT_ACTION
        best = group.sort_values("source", key=lambda s: s.map(lambda v: rank.get(v, len(rank)))).iloc[0]
        council_address = info.at[best["right_id"], "address"]
        council_postcode = info.at[best["right_id"], "postcode"]
        band = "auto-accept" if (group["band"] == "auto-accept").any() else "review"
        if band == "review":
            caveats.append("review band only: ask the resident their name and address before acting on council records")
        elif (group["band"] == "review").any():
            caveats.append("some services matched in the review band only: "
                           + ", ".join(_label(s) for s in group.loc[group["band"] == "review", "source"]))
        if pd.notna(council_postcode) and pd.notna(postcode) and council_postcode != postcode:
            caveats.append("council address differs from the list's: may have moved, confirm the address")
        if all(pd.isna(info.at[r, "dob"]) for r in group["right_id"]):
            caveats.append("matched on name and address only (no date of birth on the council record)")
        rows.append((council_address, "; ".join(_label(s) for s in sorted(sources, key=lambda s: rank.get(s, 99))),
                     action, band, round(float(group["match_probability"].max()), 4), caveats))
    extra = pd.DataFrame(rows, columns=["council_address", "known_to", "action", "band", "best_probability",
                                        "caveats"])
    out = pd.concat([out, extra], axis=1)
    no_phone = out["phone"].isna()
    out["caveats"] = [c + (["no phone number: visit or write"] if np_ else []) for c, np_ in zip(out["caveats"], no_phone)]
    out["caveats"] = out["caveats"].map(lambda c: "; ".join(c))
    return out[CONTACT_COLUMNS]


def forbidden_columns(frame: pd.DataFrame, forbidden: Iterable[str] = NOT_FOR_CALLERS) -> list[str]:
    """The columns of ``frame`` that must not reach callers (a check to run before a list leaves the team)."""
    if not isinstance(frame, pd.DataFrame):
        raise BootcampInputError(f"frame must be a pandas DataFrame, not {type(frame).__name__}.")
    pattern = re.compile("|".join(re.escape(f) for f in forbidden))
    return [c for c in frame.columns if pattern.fullmatch(str(c))]
