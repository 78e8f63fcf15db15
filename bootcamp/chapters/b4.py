"""B4 · Good practice in data linkage: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, subset_of
from solutions import good_practice

chapter = Chapter(
    code="B4",
    title="Good practice in data linkage",
    part="beginner",
    week=3,
    minutes=150,
    notebook="book/beginner/b4_good_practice.ipynb",
    questions=(
        "May the council link these records at all, and what must it do first?",
        "How can records be linked without passing names and dates of birth around in the clear?",
        "How do we check a linkage when there is no truth to compare with?",
        "Who does a linkage miss, and how do we report what we did so that others can trust and repeat it?",
    ),
    objectives=(
        "Name the UK GDPR Article 6 and Article 9 conditions and the DPIA steps a council linkage project considers, "
        "and keep only the fields a linkage needs.",
        "Explain why a keyed hash (HMAC-SHA256) beats a plain hash, by running a dictionary attack, and why exact "
        "hashing fails on typos.",
        "Build bigram Bloom filters, compare them with the Dice coefficient, and state their caveats.",
        "Review a sample of pairs clerically and measure agreement with Cohen's kappa.",
        "Measure missed-match rates by subgroup, and write a reproducible linkage report from computed figures.",
    ),
    prerequisites=(
        "B2 · Your first data linkage in Python (we review its links).",
    ),
    key_points=(
        "Link only with a lawful basis, a DPIA and your DPO's advice; take only the fields the purpose needs.",
        "A plain hash of a name or a date of birth is not anonymous: a dictionary attack reverses it. Use "
        "a keyed hash (HMAC) with a secret key, and remember that pseudonymised data is still personal data.",
        "Exact hashes only match exact values; Bloom filters allow fuzzy comparison of encoded names, but they can be "
        "attacked too.",
        "Clerical review is a skill: use a form, record decisions, and measure agreement between reviewers with "
        "Cohen's kappa, not raw agreement.",
        "Linkage errors are not spread evenly: measure missed-match rates by subgroup before using the results.",
        "Report every figure from the run that produced it, with its seed, versions, parameters and data fingerprints.",
    ),
)

_LINKAGE_COLUMNS = {"record_id", "first_name", "middle_name", "last_name", "dob", "sex", "address", "postcode",
                    "uprn", "nhs_number"}

q1 = ChoiceExercise(
    label="b4-q1",
    title="Keep only the fields the linkage needs",
    reference=good_practice.fields_needed_for_linkage,
    validate=subset_of(
        {"first_name", "last_name", "address", "postcode"},
        {"first_name", "middle_name", "last_name", "address", "postcode"},
        why="the register drive links on names and address; fields the comparison never reads (dob, sex, NHS "
            "number, the discount flag) must not travel",
    ),
    hints=[
        "Which columns did B2's compare_people and candidate_pairs actually read?",
        "record_id is always kept by minimise(); list the other columns, and nothing that is not compared.",
    ],
    starter="needed = ...  # a list of column names",
)

_KEY = bytes(range(32))
_OTHER_KEY = b"another-secret-key-for-this-run!"

q2 = FunctionExercise(
    label="b4-q2",
    title="A keyed hash",
    reference=good_practice.keyed_hash,
    cases=[("SMITH", _KEY), ("  smith ", _KEY), ("1984-02-29", _KEY), ("SMITH", _OTHER_KEY), ("O'BRIEN", _KEY),
           ("Anne  Marie", _OTHER_KEY)],
    hints=[
        "Use hmac.new(key, message, hashlib.sha256).hexdigest(), with the message encoded as UTF-8 bytes.",
        "Normalise first, exactly as plain_hash does: upper case and single spaces (\" \".join(value.upper().split())); "
        "otherwise ' smith ' and 'SMITH' get different hashes and never link.",
        "sha256(key + value) is not HMAC: it is weaker (length extension) and gives a different answer.",
    ],
    starter="def keyed_hash(value, key):\n    ...  # your code here",
)

_GUESS_NAMES = ["SMITH", "JONES", "PATEL", "KHAN", "NOWAK"]

q3 = FunctionExercise(
    label="b4-q3",
    title="Run a dictionary attack",
    reference=good_practice.dictionary_attack,
    cases=[
        ([good_practice.plain_hash("PATEL"), good_practice.plain_hash("SMITH")], _GUESS_NAMES),
        ([good_practice.plain_hash("OKAFOR"), good_practice.plain_hash("KHAN")], _GUESS_NAMES),
        ([good_practice.plain_hash("1990-01-31")], ["1990-01-30", "1990-01-31"]),
        ([good_practice.plain_hash("KHAN"), good_practice.plain_hash("ADEYEMI")], ["Khan", "Patel", "Adeyemi"]),
        ([good_practice.keyed_hash("SMITH", _KEY)], _GUESS_NAMES),
        ([], _GUESS_NAMES),
    ],
    hints=[
        "Hash every guess with plain_hash once (it normalises case and spaces, as the data owner did), and keep a "
        "dict {hash: guess}.",
        "Then look each target hash up in that dict; return {hash: recovered value} only for hashes you found.",
    ],
    starter="def dictionary_attack(hashes, guesses):\n    ...  # return {hash: recovered value}",
)

q4 = FunctionExercise(
    label="b4-q4",
    title="The Dice coefficient",
    reference=good_practice.dice,
    cases=[({"_S", "SM", "MI", "IT", "TH", "H_"}, {"_S", "SM", "MY", "YT", "TH", "HE", "E_"}), ({1, 2, 3}, {1, 2, 3}),
           ({1, 2}, {3, 4}), (set(), set()), ({1, 2, 3, 4}, {4}), (set(), {1})],
    hints=[
        "Dice = 2 × (size of the intersection) ÷ (size of A + size of B).",
        "It is not Jaccard (intersection ÷ union). With two empty sets there is nothing in common to count: "
        "return 0.0 rather than dividing by zero.",
    ],
    starter="def dice(a, b):\n    ...  # your code here",
)

q5 = FunctionExercise(
    label="b4-q5",
    title="Cohen's kappa by hand",
    reference=good_practice.cohen_kappa,
    cases=[
        (["match", "match", "non-match", "non-match"], ["match", "non-match", "non-match", "non-match"]),
        (["match", "non-match", "unsure", "match", "match", "non-match"],
         ["match", "non-match", "match", "match", "non-match", "non-match"]),
        (["match"] * 8 + ["non-match"] * 2, ["match"] * 9 + ["non-match"]),
        (["a", "b", "a", "b"], ["b", "a", "b", "a"]),
        (["match", "non-match"], ["match", "non-match"]),
    ],
    hints=[
        "Observed agreement pₒ: the share of items both raters labelled the same.",
        "Chance agreement pₑ: for each label, (share of rater A's labels that are it) × (share of rater B's), summed "
        "over labels. Kappa = (pₒ − pₑ) ÷ (1 − pₑ). Raw agreement alone ignores chance.",
    ],
    starter="def cohen_kappa(a, b):\n    ...  # your code here",
)


def _true_pairs_case(flags, found):
    frame = pd.DataFrame({"left_id": [f"L{i}" for i in range(len(flags))],
                          "right_id": [f"R{i}" for i in range(len(flags))], "group": flags})
    links = [(f"L{i}", f"R{i}") for i, f in enumerate(found) if f] + [("L0", "R99")]  # one false match, ignored
    return frame, links, "group"


q6 = FunctionExercise(
    label="b4-q6",
    title="Missed-match rates by subgroup",
    reference=good_practice.missed_match_rates,
    cases=[
        _true_pairs_case(["flat", "flat", "flat", "house", "house"], [True, False, False, True, True]),
        _true_pairs_case([True, False, True, False, False, True], [False, True, True, True, False, False]),
        _true_pairs_case(["a", "b", "c", "a"], [True, True, True, True]),
    ],
    hints=[
        "For each true pair, is it among the links? Missed = not linked. Then group by the column `by`.",
        "Return one row per group with columns [by, 'true_matches', 'missed', 'missed_rate'] (missed ÷ true "
        "matches), highest missed rate first (ties: larger groups first), with a fresh 0, 1, 2 … index.",
    ],
    starter="def missed_match_rates(true_pairs, links, by):\n    ...  # your code here",
)
