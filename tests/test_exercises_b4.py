"""B4's exercises accept the reference answers and reject the mistakes learners really make."""

import hashlib
import hmac

import pandas as pd

from bootcamp.chapters import b4
from bootcamp.evaluation import pair_set
from solutions.good_practice import plain_hash
from tests.exercise_checks import exercise_tests


def _sha256_key_prefix(value, key):
    return hashlib.sha256(key + " ".join(value.upper().split()).encode()).hexdigest()


def _hmac_not_normalised(value, key):
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def _hmac_md5(value, key):
    return hmac.new(key, " ".join(value.upper().split()).encode(), hashlib.md5).hexdigest()


def _plain(value, key):
    return plain_hash(value)


def _attack_inverted(hashes, guesses):
    return {guess: plain_hash(guess) for guess in guesses if plain_hash(guess) in set(hashes)}


def _attack_with_misses(hashes, guesses):
    lookup = {plain_hash(g): g for g in guesses}
    return {h: lookup.get(h) for h in hashes}


def _attack_unnormalised(hashes, guesses):
    lookup = {hashlib.sha256(g.encode()).hexdigest(): g for g in guesses}
    return {h: lookup[h] for h in hashes if h in lookup}


def _jaccard(a, b):
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a | b else 0.0


def _dice_over_union(a, b):
    a, b = set(a), set(b)
    return 2 * len(a & b) / len(a | b) if a | b else 0.0


def _dice_empty_is_one(a, b):
    a, b = set(a), set(b)
    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0


def _raw_agreement(a, b):
    return sum(x == y for x, y in zip(a, b)) / len(a)


def _kappa_uniform_chance(a, b):
    labels = set(a) | set(b)
    po = sum(x == y for x, y in zip(a, b)) / len(a)
    pe = 1 / len(labels)
    return (po - pe) / (1 - pe)


def _kappa_no_chance_denominator(a, b):
    from collections import Counter
    n = len(a)
    po = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    pe = sum(ca[k] * cb[k] for k in ca) / n ** 2
    return po - pe


def _found_rate(true_pairs, links, by):
    linked = pair_set(links)
    frame = true_pairs.assign(found=[p in linked for p in zip(true_pairs["left_id"], true_pairs["right_id"])])
    table = frame.groupby(by)["found"].agg(true_matches="size", missed="sum").reset_index()
    table["missed_rate"] = table["missed"] / table["true_matches"]
    return table.sort_values(["missed_rate", "true_matches"], ascending=False).reset_index(drop=True)


def _rate_over_links(true_pairs, links, by):
    linked = pair_set(links)
    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs["left_id"], true_pairs["right_id"])])
    table = frame.groupby(by)["missed"].agg(true_matches="size", missed="sum").reset_index()
    table["missed_rate"] = table["missed"] / len(linked)
    return table.sort_values(["missed_rate", "true_matches"], ascending=False).reset_index(drop=True)


def _unsorted(true_pairs, links, by):
    linked = pair_set(links)
    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs["left_id"], true_pairs["right_id"])])
    table = frame.groupby(by)["missed"].agg(true_matches="size", missed="sum").reset_index()
    table["missed_rate"] = table["missed"] / table["true_matches"]
    return table


WRONG = {
    "b4-q1": [sorted(b4._LINKAGE_COLUMNS - {"record_id"}), ["first_name", "last_name", "address", "postcode", "dob"],
              ["first_name", "last_name", "address"], ["first_name", "last_name", "address", "postcode", "nhs_number"]],
    "b4-q2": [_sha256_key_prefix, _hmac_not_normalised, _hmac_md5, _plain],
    "b4-q3": [_attack_inverted, _attack_with_misses, _attack_unnormalised],
    "b4-q4": [_jaccard, _dice_over_union, _dice_empty_is_one],
    "b4-q5": [_raw_agreement, _kappa_uniform_chance, _kappa_no_chance_denominator],
    "b4-q6": [_found_rate, _rate_over_links, _unsorted],
}

test_reference, test_wrong, test_stub = exercise_tests(b4, WRONG)
