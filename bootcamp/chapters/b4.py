"""B4 · Good practice in data linkage: front matter and checked exercises."""

from __future__ import annotations

import pandas as pd

from bootcamp.chapters import Chapter
from bootcamp.exercises import ChoiceExercise, FunctionExercise, show, with_fresh_index
from solutions import good_practice

chapter = Chapter(
    code="B4",
    title="Good practice in data linkage",
    part="beginner",
    week=3,
    minutes=180,
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
        "Review a sample of pairs clerically, measure agreement with Cohen's kappa, and say what a review sample "
        "can and cannot estimate.",
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
        "A review of candidate pairs never sees the matches lost at blocking, and a sample not drawn at random must "
        "be reweighted before it can estimate precision or recall.",
        "Linkage errors are not spread evenly: measure missed-match rates by subgroup before using the results.",
        "Report every figure from the run that produced it, with its seed, versions, parameters and data fingerprints.",
    ),
)

# Each declaration is the single source of its checks: ``golden`` cases have their expected values written out by
# hand, and ``wrong`` holds mistakes learners really make, as the code they would type
# (tests/test_exercise_declarations.py walks them all).

# --- how q1 and q6 judge an answer ----------------------------------------------------------------------------------

LINKAGE_FIELDS_OFFERED = ("record_id", "first_name", "middle_name", "last_name", "dob", "sex", "address", "postcode",
                          "uprn", "nhs_number")


def linkage_fields_problem(answer) -> str | None:
    """q1's check: the columns B2's linkage reads, each once; ``record_id`` may be listed or left out."""
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        return f"expected a list of column names, got {type(answer).__name__}"
    names = list(answer)
    unknown = [n for n in names if n not in LINKAGE_FIELDS_OFFERED]
    if unknown:
        return f"{show(unknown)} is not a column of the standard person record: choose from {list(LINKAGE_FIELDS_OFFERED)}"
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        return f"{show(repeated)} is listed more than once: name each column once"
    chosen = set(names) - {"record_id"}
    needed = set(good_practice.fields_needed_for_linkage())
    missing, extra = needed - chosen, chosen - needed
    if missing:
        return (f"the linkage cannot run without {show(missing)}: B2's blocking reads the postcode and its "
                f"comparison reads the first name, surname and address")
    if extra:
        return (f"{show(extra)} should stay behind: B2's linkage never reads it, so sending it is not necessary "
                f"(Article 5(1)(c))")
    return None



# --- exercises -----------------------------------------------------------------------------------------------------

q1 = ChoiceExercise(
    label="b4-q1",
    title="Keep only the fields the linkage needs",
    reference=good_practice.fields_needed_for_linkage,
    validate=linkage_fields_problem,
    golden=[["first_name", "last_name", "address", "postcode"], ("postcode", "address", "last_name", "first_name"),
            ["record_id", "first_name", "last_name", "address", "postcode"]],
    wrong=[
        "needed = ['first_name', 'middle_name', 'last_name', 'address', 'postcode']  # middle name: B2 never compares it",
        "needed = ['first_name', 'last_name', 'address', 'postcode', 'postcode']  # a column listed twice",
        "needed = ['first_name', 'last_name', 'address', 'postcode', 'dob']  # dob: neither source's linkage reads it",
        "needed = ['first_name', 'last_name', 'address']  # forgot the postcode, which blocking needs",
        "needed = ['first_name', 'last_name', 'address', 'postcode', 'nhs_number']  # 'just in case'",
        "needed = ['record_id', 'first_name', 'middle_name', 'last_name', 'dob', 'sex', 'address', 'postcode',\n"
        "          'uprn', 'nhs_number']  # everything: no minimisation at all",
        "needed = 'first_name, last_name, address, postcode'  # one string, not a list of names",
    ],
    hints=[
        "Which columns did B2's candidate_pairs (blocking) and compare_people (comparison) actually read?",
        "List each of those columns once. You may leave record_id out (minimise() always keeps it) or list it: "
        "both are fine. Nothing that is not read may travel.",
    ],
    starter="needed = ...  # a list of column names (strings)",
)

_KEY = bytes(range(32))
_OTHER_KEY = b"another-secret-key-for-this-run!"
_DEMO_KEY = b"0123456789abcdef0123456789abcdef"

q2 = FunctionExercise(
    label="b4-q2",
    title="A keyed hash",
    reference=good_practice.keyed_hash,
    cases=[("SMITH", _KEY), ("  smith ", _KEY), ("1984-02-29", _KEY), ("SMITH", _OTHER_KEY), ("O'BRIEN", _KEY),
           ("Anne  Marie", _OTHER_KEY)],
    # expected values computed outside Python: printf 'SMITH' | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
    golden=[(("SMITH", _DEMO_KEY), "8c47a06294e5cc309c129bb82865cbad5ab361bd2163a18509113cd63fd380e9"),
            ((" smith  ", _DEMO_KEY), "8c47a06294e5cc309c129bb82865cbad5ab361bd2163a18509113cd63fd380e9"),
            (("1984-02-29", _DEMO_KEY), "6472e49fd0f390cb364725dabfe50a377e5d6828f7c23278389b4a656f4eaf1f"),
            (("anne  Marie", _DEMO_KEY), "857e62f28ae13203d6ad890758391f457de902e4ff8855302a51ab12c264388a")],
    wrong=[
        "import hashlib\n\n"
        "def keyed_hash(value, key):\n"
        "    # sha256(key + value) looks keyed, but it is not HMAC\n"
        "    return hashlib.sha256(key + ' '.join(value.upper().split()).encode()).hexdigest()",
        "import hashlib\nimport hmac\n\n"
        "def keyed_hash(value, key):\n"
        "    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()  # HMAC, but no normalisation",
        "import hashlib\nimport hmac\n\n"
        "def keyed_hash(value, key):\n"
        "    return hmac.new(key, ' '.join(value.upper().split()).encode(), hashlib.md5).hexdigest()  # MD5, not SHA-256",
        "from solutions.good_practice import plain_hash\n\n"
        "def keyed_hash(value, key):\n"
        "    return plain_hash(value)  # ignores the key: anyone can compute it",
        "import hashlib\nimport hmac\n\n"
        "def keyed_hash(value, key):\n"
        "    return hmac.new(key, value.strip().upper().encode(), hashlib.sha256).hexdigest()"
        "  # ends trimmed, but runs of inner spaces kept",
    ],
    hints=[
        "Use hmac.new(key, message, hashlib.sha256).hexdigest(), with the message encoded as UTF-8 bytes.",
        "Normalise first, exactly as plain_hash does: upper case and single spaces (\" \".join(value.upper().split())); "
        "otherwise ' smith ' and 'SMITH' get different hashes and never link.",
        "sha256(key + value) is not HMAC: it is weaker (length extension) and gives a different answer.",
    ],
    starter="def keyed_hash(value, key):\n    ...  # value: a str; key: bytes. Return a str of 64 hex characters",
)

_GUESS_NAMES = ["SMITH", "JONES", "PATEL", "KHAN", "NOWAK"]
_SHA_SMITH = "51dafe477f5677b7a6eb0f4de13cb6984d65074787399c33a2448e9a55fdbb0f"  # printf SMITH | sha256sum
_SHA_PATEL = "08a3c76da86db6e22c18049158856bfabad35470f9cd3a3531dd0293dd140a24"
_SHA_OKAFOR = "c83a90f9fa092f8a915244fb886a14816aaddb3af62a4786173b731353fec4d4"
_SHA_KHAN = "e036f5ae5ef74a2737e1030d10ee59dae08a8a9f160450cc98efacf2a05c88cc"

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
    golden=[(([_SHA_PATEL, _SHA_OKAFOR], ["SMITH", "PATEL", "KHAN"]), {_SHA_PATEL: "PATEL"}),
            (([_SHA_SMITH, _SHA_KHAN], ["Khan", " smith"]), {_SHA_SMITH: " smith", _SHA_KHAN: "Khan"}),
            (([_SHA_OKAFOR], ["SMITH"]), {})],
    wrong=[
        "from solutions.good_practice import plain_hash\n\n"
        "def dictionary_attack(hashes, guesses):\n"
        "    # the dict the wrong way round: {guess: hash}\n"
        "    return {g: plain_hash(g) for g in guesses if plain_hash(g) in set(hashes)}",
        "from solutions.good_practice import plain_hash\n\n"
        "def dictionary_attack(hashes, guesses):\n"
        "    # every hash kept, with None where no guess matched\n"
        "    lookup = {plain_hash(g): g for g in guesses}\n"
        "    return {h: lookup.get(h) for h in hashes}",
        "import hashlib\n\n"
        "def dictionary_attack(hashes, guesses):\n"
        "    # hashes the guesses as typed, without plain_hash's normalisation: 'Khan' is never found\n"
        "    lookup = {hashlib.sha256(g.encode()).hexdigest(): g for g in guesses}\n"
        "    return {h: lookup[h] for h in hashes if h in lookup}",
    ],
    hints=[
        "Hash every guess with plain_hash once (it normalises case and spaces, as the data owner did), and keep a "
        "dict {hash: guess}.",
        "Then look each target hash up in that dict; return {hash: recovered value} only for hashes you found.",
    ],
    starter="def dictionary_attack(hashes, guesses):\n"
            "    ...  # hashes: a list of hex strings; guesses: a list of str. Return {hash: recovered guess}",
)

q4 = FunctionExercise(
    label="b4-q4",
    title="The Dice coefficient",
    reference=good_practice.dice,
    cases=[({"_S", "SM", "MI", "IT", "TH", "H_"}, {"_S", "SM", "MY", "YT", "TH", "HE", "E_"}), ({1, 2, 3}, {1, 2, 3}),
           ({1, 2}, {3, 4}), (set(), set()), ({1, 2, 3, 4}, {4}), (set(), {1})],
    golden=[(({"_S", "SM", "MI", "IT", "TH", "H_"}, {"_S", "SM", "MY", "YT", "TH", "H_"}), 0.6666667),  # 2×4 ÷ 12
            (({1, 2, 3, 4}, {4}), 0.4), (({1, 2}, {3, 4}), 0.0), ((set(), set()), 0.0), (({"A"}, {"A"}), 1.0)],
    wrong=[
        "def dice(a, b):\n"
        "    # Jaccard: intersection over union\n"
        "    return len(a & b) / len(a | b) if a | b else 0.0",
        "def dice(a, b):\n"
        "    # twice the intersection, but over the union\n"
        "    return 2 * len(a & b) / len(a | b) if a | b else 0.0",
        "def dice(a, b):\n"
        "    # two empty sets called identical\n"
        "    return 2 * len(a & b) / (len(a) + len(b)) if a or b else 1.0",
        "def dice(a, b):\n"
        "    return 2 * len(a & b) / (len(a) + len(b))  # divides by zero on two empty sets",
    ],
    hints=[
        "Dice = 2 × (size of the intersection) ÷ (size of A + size of B).",
        "It is not Jaccard (intersection ÷ union). With two empty sets there is nothing in common to count: "
        "return 0.0 rather than dividing by zero.",
    ],
    starter="def dice(a, b):\n    ...  # a, b: two Python sets. Return a float from 0 to 1",
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
    # pₒ = 3/4; pₑ = ½·¼ + ½·¾ = ½; κ = (¾ − ½) ÷ (1 − ½) = ½
    golden=[((["match", "match", "non-match", "non-match"], ["match", "non-match", "non-match", "non-match"]), 0.5),
            ((["a", "b", "a", "b"], ["b", "a", "b", "a"]), -1.0),
            # pₒ = 9/10; pₑ = 0.8·0.9 + 0.2·0.1 = 0.74; κ = 0.16 ÷ 0.26
            ((["match"] * 8 + ["non-match"] * 2, ["match"] * 9 + ["non-match"]), 0.6153846)],
    wrong=[
        "def cohen_kappa(a, b):\n"
        "    # raw agreement: ignores chance\n"
        "    return sum(x == y for x, y in zip(a, b)) / len(a)",
        "def cohen_kappa(a, b):\n"
        "    # chance agreement as if every label were equally likely\n"
        "    labels = set(a) | set(b)\n"
        "    po = sum(x == y for x, y in zip(a, b)) / len(a)\n"
        "    pe = 1 / len(labels)\n"
        "    return (po - pe) / (1 - pe)",
        "from collections import Counter\n\n"
        "def cohen_kappa(a, b):\n"
        "    # forgets to divide by (1 - pe)\n"
        "    n = len(a)\n"
        "    po = sum(x == y for x, y in zip(a, b)) / n\n"
        "    ca, cb = Counter(a), Counter(b)\n"
        "    pe = sum(ca[k] * cb[k] for k in ca) / n ** 2\n"
        "    return po - pe",
    ],
    hints=[
        "Observed agreement pₒ: the share of items both raters labelled the same.",
        "Chance agreement pₑ: for each label, (share of rater A's labels that are it) × (share of rater B's), summed "
        "over labels. Kappa = (pₒ − pₑ) ÷ (1 − pₑ). Raw agreement alone ignores chance.",
    ],
    starter="def cohen_kappa(a, b):\n    ...  # a, b: two lists of labels (str) of equal length. Return a float",
)

# Each case: true pairs L0-R0, L1-R1 … with a group each, and the links found (plus one false match, L0-R99, that
# must not count). Group sizes and rates are chosen so that sorting by the rate alone, or keeping the old index,
# gives a different table.
_CASE_FLATS = pd.DataFrame({"left_id": ["L0", "L1", "L2", "L3", "L4"], "right_id": ["R0", "R1", "R2", "R3", "R4"],
                            "group": ["flat", "flat", "flat", "house", "house"]})
_CASE_TIE = pd.DataFrame({"left_id": ["L0", "L1", "L2", "L3", "L4", "L5"],
                          "right_id": ["R0", "R1", "R2", "R3", "R4", "R5"],
                          "group": ["a", "a", "b", "b", "b", "b"]})
_CASE_FLAGS = pd.DataFrame({"left_id": ["L0", "L1", "L2", "L3", "L4", "L5"],
                            "right_id": ["R0", "R1", "R2", "R3", "R4", "R5"],
                            "group": [True, False, True, False, False, True]})

q6 = FunctionExercise(
    label="b4-q6",
    title="Missed-match rates by subgroup",
    reference=good_practice.missed_match_rates,
    cases=[
        (_CASE_FLATS, [("L0", "R0"), ("L3", "R3"), ("L4", "R4"), ("L0", "R99")], "group"),
        (_CASE_FLAGS, [("L1", "R1"), ("L2", "R2"), ("L3", "R3"), ("L0", "R99")], "group"),
        (_CASE_TIE, [("L0", "R0"), ("L2", "R2"), ("L3", "R3")], "group"),
        (_CASE_FLATS.assign(group=["a", "b", "b", "a", "a"]), {("L0", "R0"), ("L1", "R1"), ("L2", "R2"),
                                                               ("L3", "R3"), ("L4", "R4")}, "group"),
    ],
    golden=[
        # flats: 2 of 3 missed; houses: 0 of 2
        ((_CASE_FLATS, [("L0", "R0"), ("L3", "R3"), ("L4", "R4"), ("L0", "R99")], "group"),
         pd.DataFrame({"group": ["flat", "house"], "true_matches": [3, 2], "missed": [2, 0],
                       "missed_rate": [2 / 3, 0.0]})),
        # a: 1 of 2 missed, b: 2 of 4 missed — a tie at 0.5, so the larger group (b) comes first
        ((_CASE_TIE, [("L0", "R0"), ("L2", "R2"), ("L3", "R3")], "group"),
         pd.DataFrame({"group": ["b", "a"], "true_matches": [4, 2], "missed": [2, 1], "missed_rate": [0.5, 0.5]})),
    ],
    compare=with_fresh_index,
    wrong=[
        "from bootcamp.evaluation import pair_set\n\n"
        "def missed_match_rates(true_pairs, links, by):\n"
        "    # counts the pairs found, not the pairs missed\n"
        "    linked = pair_set(links)\n"
        "    frame = true_pairs.assign(found=[p in linked for p in zip(true_pairs['left_id'], true_pairs['right_id'])])\n"
        "    table = frame.groupby(by)['found'].agg(true_matches='size', missed='sum').reset_index()\n"
        "    table['missed_rate'] = table['missed'] / table['true_matches']\n"
        "    return table.sort_values(['missed_rate', 'true_matches'], ascending=False).reset_index(drop=True)",
        "from bootcamp.evaluation import pair_set\n\n"
        "def missed_match_rates(true_pairs, links, by):\n"
        "    # divides by the number of links instead of each group's true matches\n"
        "    linked = pair_set(links)\n"
        "    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs['left_id'], true_pairs['right_id'])])\n"
        "    table = frame.groupby(by)['missed'].agg(true_matches='size', missed='sum').reset_index()\n"
        "    table['missed_rate'] = table['missed'] / len(linked)\n"
        "    return table.sort_values(['missed_rate', 'true_matches'], ascending=False).reset_index(drop=True)",
        "from bootcamp.evaluation import pair_set\n\n"
        "def missed_match_rates(true_pairs, links, by):\n"
        "    # never sorted\n"
        "    linked = pair_set(links)\n"
        "    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs['left_id'], true_pairs['right_id'])])\n"
        "    table = frame.groupby(by)['missed'].agg(true_matches='size', missed='sum').reset_index()\n"
        "    table['missed_rate'] = table['missed'] / table['true_matches']\n"
        "    return table",
        "from bootcamp.evaluation import pair_set\n\n"
        "def missed_match_rates(true_pairs, links, by):\n"
        "    # sorted by the rate alone: ties are left in whatever order groupby gave\n"
        "    linked = pair_set(links)\n"
        "    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs['left_id'], true_pairs['right_id'])])\n"
        "    table = frame.groupby(by)['missed'].agg(true_matches='size', missed='sum').reset_index()\n"
        "    table['missed_rate'] = table['missed'] / table['true_matches']\n"
        "    return table.sort_values('missed_rate', ascending=False, kind='stable').reset_index(drop=True)",
        "from bootcamp.evaluation import pair_set\n\n"
        "def missed_match_rates(true_pairs, links, by):\n"
        "    # sorted right, but the old index is kept\n"
        "    linked = pair_set(links)\n"
        "    frame = true_pairs.assign(missed=[p not in linked for p in zip(true_pairs['left_id'], true_pairs['right_id'])])\n"
        "    table = frame.groupby(by)['missed'].agg(true_matches='size', missed='sum').reset_index()\n"
        "    table['missed_rate'] = table['missed'] / table['true_matches']\n"
        "    return table.sort_values(['missed_rate', 'true_matches'], ascending=False, kind='stable')",
    ],
    hints=[
        "For each true pair, is it among the links? Missed = not linked. Then group by the column `by`.",
        "Return one row per group with columns [by, 'true_matches', 'missed', 'missed_rate'] (missed ÷ true "
        "matches), highest missed rate first (ties: larger groups first: sort_values([...], ascending=False, "
        "kind='stable')), then .reset_index(drop=True) for a fresh 0, 1, 2 … index.",
    ],
    starter="def missed_match_rates(true_pairs, links, by):\n"
            "    ...  # true_pairs: a DataFrame; links: pairs of (left_id, right_id); by: a column name (str)",
)
