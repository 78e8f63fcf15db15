"""Reference answers for chapter B4, "Good practice in data linkage".

- data minimisation: :func:`minimise`;
- pseudonymisation: :func:`plain_hash` (SHA-256, open to dictionary attacks), :func:`keyed_hash` (HMAC-SHA256 with a
  secret key), :func:`hash_column`, :func:`dictionary_attack`;
- privacy-preserving linkage in brief: :func:`bigrams`, :func:`bloom_filter`, :func:`dice`, :func:`dice_bigrams`;
- clerical review: :func:`review_sample`, :func:`render_pair`, :func:`review_sheet`, :func:`record_decisions`,
  :func:`simulated_reviewer`, :func:`cohen_kappa`;
- who gets missed: :func:`missed_match_rates`;
- reporting and reproducibility: :func:`linkage_report`, :func:`run_manifest`.

Nothing here is specific to Thamesbury: every function works on any standard person records.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import math
import platform
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz.distance import JaroWinkler

from bootcamp.evaluation import pair_set
from bootcamp.validate import BootcampInputError, require_frame, require_type

DECISIONS = ("match", "non-match", "unsure")
MIN_KEY_BYTES = 16


# --- data minimisation --------------------------------------------------------------------------------------------


def minimise(records: pd.DataFrame, needed: Iterable[str]) -> pd.DataFrame:
    """Only the columns a linkage needs (``record_id`` always kept first), as a copy; nothing else leaves the building."""
    needed = [c for c in dict.fromkeys(needed) if c != "record_id"]
    require_frame(records, "records", ["record_id"] + needed)
    return records[["record_id"] + needed].copy()


def fields_needed_for_linkage() -> list[str]:
    """The fields B2's linkage reads: blocking uses the postcode, comparison the first name, surname and address.

    Nothing else is compared, so nothing else is sent (``record_id`` always travels, to link back). The middle name,
    dob, sex, UPRN and NHS number are not read, so they stay behind.
    """
    return ["first_name", "last_name", "address", "postcode"]


# --- hashing ------------------------------------------------------------------------------------------------------


def _normalise(value) -> str:
    require_type(value, str, "value")
    return " ".join(value.upper().split())


def plain_hash(value: str) -> str:
    """SHA-256 of the normalised value (upper case, single spaces), as 64 hex characters.

    Deterministic and public: anyone can hash a list of guesses and look the results up (a dictionary attack).
    """
    return hashlib.sha256(_normalise(value).encode("utf-8")).hexdigest()


def _check_key(key) -> bytes:
    if not isinstance(key, (bytes, bytearray)):
        raise BootcampInputError(f"key must be bytes (e.g. secrets.token_bytes(32)), not {type(key).__name__}.")
    if len(key) < MIN_KEY_BYTES:
        raise BootcampInputError(f"key is {len(key)} bytes long; use a random secret of at least {MIN_KEY_BYTES} "
                                 "bytes (32 is usual).")
    return bytes(key)


def keyed_hash(value: str, key: bytes) -> str:
    """HMAC-SHA256 of the normalised value under a secret ``key``, as 64 hex characters.

    Only someone holding the key can compute it, so a dictionary attack needs the key as well as the guesses.
    Both parties to a linkage must use the same key and the same normalisation.
    """
    return hmac.new(_check_key(key), _normalise(value).encode("utf-8"), hashlib.sha256).hexdigest()


def hash_column(values: pd.Series, key: bytes | None = None) -> pd.Series:
    """Hash every value of a Series: keyed (HMAC-SHA256) when ``key`` is given, plain SHA-256 otherwise.

    Missing values stay missing (a hash of "" would make every blank agree with every other blank).
    """
    if not isinstance(values, pd.Series):
        raise BootcampInputError(f"values must be a pandas Series, not {type(values).__name__}.")
    if key is not None:
        _check_key(key)
    hash_one = (lambda v: keyed_hash(v, key)) if key is not None else plain_hash
    return values.map(lambda v: None if pd.isna(v) or not str(v).strip() else hash_one(str(v)))


def dictionary_attack(hashes: Iterable[str], guesses: Iterable[str], hash_function=plain_hash) -> dict[str, str]:
    """Recover the values behind ``hashes`` by hashing every guess: returns {hash: recovered value} for each hit.

    This is what an attacker does with a list of names (the open register, a phone book) or every date of birth in a
    century: it takes seconds. Hashes with no matching guess are left out.
    """
    lookup = {hash_function(guess): guess for guess in guesses}
    return {h: lookup[h] for h in hashes if h in lookup}


# --- Bloom filters ------------------------------------------------------------------------------------------------


def bigrams(text: str) -> list[str]:
    """The overlapping two-character pieces of a normalised string, padded with "_" at both ends.

    "SMITH" → ["_S", "SM", "MI", "IT", "TH", "H_"]. Padding lets the first and last letters count.
    """
    padded = f"_{_normalise(text)}_"
    return [padded[i:i + 2] for i in range(len(padded) - 1)]


def bloom_filter(text: str, key: bytes, size: int = 1000, num_hashes: int = 10) -> np.ndarray:
    """A bigram Bloom filter: ``size`` bits, with ``num_hashes`` bits set for each bigram of ``text``.

    One filter per field, as in Schnell, Bachteler and Reiher (2009); bit positions come from double hashing with
    HMAC-SHA256 under ``key`` (position_i = h1 + i·h2 mod size). (Their later cryptographic long-term key, 2011,
    puts several fields of a record into one record-level filter: this function is not that.) Strings that share
    bigrams share bits, so similar names give similar filters without revealing the name directly.
    """
    _check_key(key)
    for name, n in (("size", size), ("num_hashes", num_hashes)):
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise BootcampInputError(f"{name} must be a whole number of at least 1, not {n!r}.")
    bits = np.zeros(size, dtype=bool)
    for gram in bigrams(text):
        digest = hmac.new(key, gram.encode("utf-8"), hashlib.sha256).digest()
        h1, h2 = int.from_bytes(digest[:16], "big"), int.from_bytes(digest[16:], "big")
        for i in range(num_hashes):
            bits[(h1 + i * h2) % size] = True
    return bits


def dice(a, b) -> float:
    """The Dice coefficient 2|A ∩ B| ÷ (|A| + |B|) of two sets, or of two equal-length bit arrays (set bits).

    1 means identical, 0 nothing in common; two empty inputs give 0.0 (no evidence).
    """
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a, dtype=bool), np.asarray(b, dtype=bool)
        if a.shape != b.shape:
            raise BootcampInputError(f"bit arrays must have the same length, not {a.size} and {b.size}.")
        both, total = int((a & b).sum()), int(a.sum() + b.sum())
    else:
        a, b = set(a), set(b)
        both, total = len(a & b), len(a) + len(b)
    return 2 * both / total if total else 0.0


def dice_bigrams(s: str, t: str) -> float:
    """Plain-text Dice similarity of two strings' bigram sets: what a Bloom filter comparison approximates."""
    return dice(set(bigrams(s)), set(bigrams(t)))


# --- clerical review ----------------------------------------------------------------------------------------------

REVIEW_FIELDS = ("first_name", "middle_name", "last_name", "address", "postcode")


def review_sample(features: pd.DataFrame, links, n: int = 12, seed: int = 0) -> pd.DataFrame:
    """A sample of plausible pairs for clerical review: half linked, half not linked, numbered from 1.

    Plausible = both name scores at least 0.7 (so reviewers see the hard cases, not obvious non-matches). Returns
    ``review_no, left_id, right_id, linked``.
    """
    require_frame(features, "features", ["first_name", "last_name"])
    if isinstance(n, bool) or not isinstance(n, int) or n < 2:
        raise BootcampInputError(f"n must be a whole number of at least 2, not {n!r}.")
    linked = pair_set(links)
    plausible = features[(features["first_name"] >= 0.7) & (features["last_name"] >= 0.7)]
    pairs = pd.DataFrame(plausible.index.tolist(), columns=["left_id", "right_id"])
    pairs["linked"] = [pair in linked for pair in zip(pairs["left_id"], pairs["right_id"])]
    rng = np.random.default_rng(seed)
    chosen = []
    for is_linked, k in ((True, n // 2), (False, n - n // 2)):
        group = pairs[pairs["linked"] == is_linked].sort_values(["left_id", "right_id"])
        if len(group) < k:
            raise BootcampInputError(f"only {len(group)} plausible {'linked' if is_linked else 'unlinked'} pairs; "
                                     f"cannot sample {k}.")
        chosen.append(group.iloc[np.sort(rng.choice(len(group), size=k, replace=False))])
    sample = pd.concat(chosen).sample(frac=1, random_state=seed).reset_index(drop=True)
    sample.insert(0, "review_no", range(1, len(sample) + 1))
    return sample


def _agreement_mark(x, y) -> str:
    if pd.isna(x) or pd.isna(y):
        return "?" if not (pd.isna(x) and pd.isna(y)) else ""
    x, y = str(x).strip().upper(), str(y).strip().upper()
    if x == y:
        return "same"
    return "similar" if JaroWinkler.similarity(x, y) >= 0.85 else "different"


def render_pair(sample: pd.DataFrame, review_no: int, left: pd.DataFrame, right: pd.DataFrame,
                fields=REVIEW_FIELDS, labels=("left", "right")) -> pd.DataFrame:
    """One pair of the review sample as a small form: a row per field, the two records side by side, and a mark
    ("same", "similar", "different", "?" when one is missing) to guide the eye. The decision is the reviewer's."""
    require_frame(sample, "sample", ["review_no", "left_id", "right_id"])
    fields = list(fields)
    require_frame(left, "left", ["record_id"] + fields)
    require_frame(right, "right", ["record_id"] + fields)
    row = sample[sample["review_no"] == review_no]
    if row.empty:
        raise BootcampInputError(f"there is no pair number {review_no!r} in the sample "
                                 f"(numbers run from {sample['review_no'].min()} to {sample['review_no'].max()}).")
    left_id, right_id = row.iloc[0]["left_id"], row.iloc[0]["right_id"]
    a = left.set_index("record_id").loc[left_id, fields]
    b = right.set_index("record_id").loc[right_id, fields]
    form = pd.DataFrame({f"{labels[0]} ({left_id})": a.to_numpy(), f"{labels[1]} ({right_id})": b.to_numpy()},
                        index=pd.Index(fields, name=f"pair {review_no}"))
    form["agree?"] = [_agreement_mark(x, y) for x, y in zip(a, b)]
    return form.fillna("")


def review_sheet(sample: pd.DataFrame, left: pd.DataFrame, right: pd.DataFrame, fields=REVIEW_FIELDS,
                 labels=("left", "right")) -> pd.DataFrame:
    """Every pair of the sample as one long form (rows: pair number, field), to print or to read on screen."""
    forms = []
    for number in sample["review_no"]:
        form = render_pair(sample, number, left, right, fields, labels)
        form.columns = [labels[0], labels[1], "agree?"]
        forms.append(form.set_axis(pd.MultiIndex.from_product([[number], fields], names=["pair", "field"])))
    return pd.concat(forms)


def record_decisions(sample: pd.DataFrame, decisions, reviewer: str = "me") -> pd.DataFrame:
    """A reviewer's decisions as a tidy table: ``review_no, left_id, right_id, reviewer, decision``.

    ``decisions`` is a dict {review_no: decision} or a list in review order; each decision is "match",
    "non-match" or "unsure" (case and spaces forgiven). Every pair must be decided, once.
    """
    require_frame(sample, "sample", ["review_no", "left_id", "right_id"])
    numbers = sample["review_no"].tolist()
    if isinstance(decisions, (list, tuple)):
        if len(decisions) != len(numbers):
            raise BootcampInputError(f"decisions has {len(decisions)} entries but the sample has {len(numbers)} pairs.")
        decisions = dict(zip(numbers, decisions))
    if not isinstance(decisions, Mapping):
        raise BootcampInputError(f"decisions must be a dict or a list, not {type(decisions).__name__}.")
    missing = [n for n in numbers if n not in decisions]
    extra = [n for n in decisions if n not in numbers]
    if missing or extra:
        raise BootcampInputError(f"decide every pair once: missing pair(s) {missing}, unknown pair(s) {extra}.")
    cleaned = {}
    for number, decision in decisions.items():
        value = " ".join(str(decision).lower().replace("_", "-").split()) if decision is not None else None
        value = "non-match" if value in ("non match", "nonmatch", "no match") else value
        if value not in DECISIONS:
            raise BootcampInputError(f"pair {number}: {decision!r} is not a decision; use one of {list(DECISIONS)}.")
        cleaned[number] = value
    table = sample[["review_no", "left_id", "right_id"]].copy()
    table["reviewer"] = reviewer
    table["decision"] = table["review_no"].map(cleaned)
    return table.reset_index(drop=True)


def simulated_reviewer(sample: pd.DataFrame, truth, seed: int = 4, error_rate: float = 0.2,
                       unsure_rate: float = 0.1) -> list[str]:
    """The decisions of a simulated second reviewer: right most of the time, wrong on ``error_rate`` of pairs and
    "unsure" on ``unsure_rate`` (seeded, so the course always shows the same colleague)."""
    require_frame(sample, "sample", ["left_id", "right_id"])
    truth = pair_set(truth)
    rng = np.random.default_rng(seed)
    decisions = []
    for left_id, right_id in zip(sample["left_id"], sample["right_id"]):
        right_answer = "match" if (left_id, right_id) in truth else "non-match"
        draw = rng.random()
        if draw < unsure_rate:
            decisions.append("unsure")
        elif draw < unsure_rate + error_rate:
            decisions.append("non-match" if right_answer == "match" else "match")
        else:
            decisions.append(right_answer)
    return decisions


def cohen_kappa(a, b) -> float:
    """Cohen's kappa: agreement between two raters beyond what chance would give, (pₒ − pₑ) ÷ (1 − pₑ).

    pₒ is the share of items they label the same; pₑ is the chance agreement, Σ over labels of (share of a's labels
    that are that label) × (share of b's labels that are that label). 1 is perfect agreement, 0 no better than
    chance, below 0 worse than chance. When pₑ is 1 (both raters used one and the same label throughout) kappa is
    undefined: scikit-learn returns NaN; we return 1.0 if every rating agrees.
    """
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise BootcampInputError(f"the two raters rated different numbers of items ({len(a)} and {len(b)}).")
    if not a:
        raise BootcampInputError("there are no ratings to compare.")
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[label] * count_b[label] for label in count_a) / n ** 2
    if math.isclose(expected, 1.0):
        return 1.0 if math.isclose(observed, 1.0) else 0.0
    return (observed - expected) / (1 - expected)


# --- who gets missed ----------------------------------------------------------------------------------------------


def missed_match_rates(true_pairs: pd.DataFrame, links, by: str) -> pd.DataFrame:
    """Missed-match rate of a linkage for each value of ``by``, computed over the true pairs.

    ``true_pairs`` has one row per true match with ``left_id``, ``right_id`` and the column ``by`` (a subgroup, e.g.
    name origin, or a True/False flag such as "moved"). Returns one row per group: ``by``, ``true_matches``,
    ``missed`` and ``missed_rate`` (missed ÷ true matches), sorted by missed rate, highest first (ties: larger
    groups first).
    """
    require_frame(true_pairs, "true_pairs", ["left_id", "right_id", by])
    linked = pair_set(links)
    found = [pair in linked for pair in zip(true_pairs["left_id"], true_pairs["right_id"])]
    frame = pd.DataFrame({by: true_pairs[by].to_numpy(), "missed": ~np.array(found, dtype=bool)})
    table = frame.groupby(by, dropna=False)["missed"].agg(true_matches="size", missed="sum")
    table["missed"] = table["missed"].astype(int)
    table["missed_rate"] = table["missed"] / table["true_matches"]
    table = table.reset_index().sort_values(["missed_rate", "true_matches"], ascending=[False, False], kind="stable")
    return table.reset_index(drop=True)


# --- reporting and reproducibility --------------------------------------------------------------------------------

REPORT_TEMPLATE = """\
# Linkage report: {title}

**Purpose.** {purpose}
**Lawful basis and approvals.** {lawful_basis}

## Data
| source | records | fields used |
|---|---|---|
| {left_name} | {n_left:,} | {fields} |
| {right_name} | {n_right:,} | {fields} |

## Method
- Blocking: {blocking} ({candidate_pairs:,} candidate pairs; reduction ratio {reduction_ratio:.4f}; pair
  completeness {pair_completeness:.1%}, so at most {pair_completeness:.1%} of true matches can be found).
- Comparison and classification: {rule}.

## Quality
| measure | value |
|---|---|
| links made | {links:,} |
| precision | {precision:.1%} |
| recall | {recall:.1%} |
| false matches | {false_matches:,} |
| missed matches | {missed_matches:,} |
| clerical review | {review_pairs} pairs; Cohen's kappa between reviewers {kappa:.2f} (how far the reviewers agree: a check on the review, not on the linkage) |

## Who is missed
Overall missed-match rate {overall_missed_rate:.1%}. Highest: {worst_groups}.

## Caveats
{caveats}

## Reproducibility
{manifest}
"""


def linkage_report(figures: Mapping) -> str:
    """A linkage report in Markdown: the template above with every figure filled from computed values.

    ``figures`` must hold every name in the template; a missing one is named in the error.
    """
    if not isinstance(figures, Mapping):
        raise BootcampInputError(f"figures must be a dict, not {type(figures).__name__}.")
    try:
        return REPORT_TEMPLATE.format(**figures)
    except KeyError as exc:
        raise BootcampInputError(f"figures is missing {exc.args[0]!r}, which the report needs.") from None


def file_digest(path) -> str:
    """The first 16 hex characters of a file's SHA-256: enough to tell which version of the data was used."""
    path = Path(path)
    if not path.is_file():
        raise BootcampInputError(f"{path.name} is not a file.")
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def run_manifest(parameters: Mapping, seed: int, data_files: Iterable = (),
                 packages=("pandas", "numpy", "recordlinkage", "rapidfuzz", "jellyfish")) -> dict:
    """What someone needs to reproduce a linkage run: parameters, seed, package versions and data fingerprints.

    Record it next to every output. Python is recorded as major.minor; data files by name and SHA-256 prefix.
    """
    if not isinstance(parameters, Mapping):
        raise BootcampInputError(f"parameters must be a dict, not {type(parameters).__name__}.")
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise BootcampInputError(f"seed must be a whole number, not {seed!r}.")
    versions = {}
    for name in packages:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return {
        "parameters": dict(parameters),
        "seed": seed,
        "python": ".".join(platform.python_version_tuple()[:2]),
        "packages": versions,
        "data": {Path(p).name: file_digest(p) for p in data_files},
    }
