"""The person-field error model: how each source mis-records names and dates of birth.

Every error kind is a small function on one value; :func:`corrupt_names` and :func:`corrupt_dobs` pick the records
to touch at the source's rate (one numpy draw per kind, so runs are reproducible) and apply the kind to them.
Rates are per record and per kind (nickname and old_surname per record that could carry them), set to look like real council data (not lowered to flatter any method); the
measured result is in data/README.md (``python -m bootcamp.thamesbury.error_report``). ``difficulty="hard"``
doubles every rate.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np
import pandas as pd

from bootcamp.thamesbury.names import VARIANTS

QWERTY_ROWS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
# simple sound-alike spellings used when a name has no listed transliteration variant
PHONETIC_SWAPS = (("PH", "F"), ("CK", "K"), ("EE", "I"), ("OO", "U"), ("Y", "I"), ("IE", "EY"), ("LL", "L"),
                  ("TT", "T"), ("SS", "S"), ("NN", "N"), ("AE", "E"), ("OU", "U"), ("KH", "K"), ("Z", "S"))


def _keyboard_neighbours() -> dict[str, str]:
    out = {}
    for r, row in enumerate(QWERTY_ROWS):
        for c, ch in enumerate(row):
            near = [row[c - 1] if c > 0 else "", row[c + 1] if c + 1 < len(row) else ""]
            for other in (r - 1, r + 1):
                if 0 <= other < len(QWERTY_ROWS):
                    near += [QWERTY_ROWS[other][k] for k in (c - 1, c) if 0 <= k < len(QWERTY_ROWS[other])]
            out[ch] = "".join(n for n in near if n)
    return out


KEYBOARD_NEIGHBOURS = _keyboard_neighbours()


@dataclass(frozen=True)
class PersonErrorRates:
    """Per-record probability of each error kind in one source."""
    keyboard_typo: float = 0.0      # one letter replaced by a neighbouring key (first or last name)
    transposition: float = 0.0      # two neighbouring letters swapped
    variant_spelling: float = 0.0   # transliteration / sound-alike spelling of the first name (Mohammed -> Muhammad)
    nickname: float = 0.0           # the name the person goes by (known_as) instead of the first name; applies
    #                                 only to people who have a known_as, as old_surname applies only to people
    #                                 whose surname changed
    old_surname: float = 0.0        # the birth surname still held after a change of name
    name_swap: float = 0.0          # first and last names entered the wrong way round
    first_name_missing: float = 0.0
    dob_day_month_swap: float = 0.0  # day and month swapped (only visible when both are 12 or less)
    dob_year_typo: float = 0.0      # year off by one or its last two digits swapped
    dob_missing: float = 0.0

    def scaled(self, factor: float) -> "PersonErrorRates":
        return replace(self, **{f.name: min(1.0, getattr(self, f.name) * factor) for f in fields(self)})


PERSON_ERROR_RATES = {
    "council_tax": PersonErrorRates(keyboard_typo=0.015, transposition=0.005, variant_spelling=0.02, nickname=0.25,
                                    old_surname=0.10, name_swap=0.005, first_name_missing=0.01),
    "electoral_register": PersonErrorRates(keyboard_typo=0.008, transposition=0.003, variant_spelling=0.01,
                                           nickname=0.10, old_surname=0.05, name_swap=0.002,
                                           dob_day_month_swap=0.01, dob_year_typo=0.005),
    "housing_benefit": PersonErrorRates(keyboard_typo=0.02, transposition=0.008, variant_spelling=0.04,
                                        nickname=0.15, old_surname=0.08, name_swap=0.01, dob_day_month_swap=0.02,
                                        dob_year_typo=0.01, dob_missing=0.01),
    "adult_social_care": PersonErrorRates(keyboard_typo=0.02, transposition=0.01, variant_spelling=0.03,
                                          nickname=0.40, old_surname=0.03, name_swap=0.01, dob_day_month_swap=0.01,
                                          dob_year_typo=0.01, dob_missing=0.02),
    "school_census": PersonErrorRates(keyboard_typo=0.01, transposition=0.004, variant_spelling=0.02,
                                      dob_year_typo=0.004),
    "shielding_list": PersonErrorRates(keyboard_typo=0.015, transposition=0.005, variant_spelling=0.03,
                                       nickname=0.05, old_surname=0.20, name_swap=0.005, dob_day_month_swap=0.005,
                                       dob_year_typo=0.003),
}


def rates_for(source: str, difficulty: str = "standard") -> PersonErrorRates:
    rates = PERSON_ERROR_RATES[source]
    return rates.scaled(2.0) if difficulty == "hard" else rates


# ---- one value at a time -------------------------------------------------------------------------------------

def keyboard_typo(name: str, u: float) -> str:
    letters = [i for i, ch in enumerate(name) if ch.upper() in KEYBOARD_NEIGHBOURS]
    if not letters:
        return name
    i = letters[int(u * len(letters))]
    near = KEYBOARD_NEIGHBOURS[name[i].upper()]
    new = near[int((u * 997) % 1 * len(near))]
    return name[:i] + (new if name[i].isupper() else new.lower()) + name[i + 1:]


def transposition(name: str, u: float) -> str:
    pairs = [i for i in range(len(name) - 1) if name[i] != name[i + 1] and name[i].isalpha() and name[i + 1].isalpha()]
    if not pairs:
        return name
    i = pairs[int(u * len(pairs))]
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def variant_spelling(name: str, u: float) -> str:
    """A listed transliteration variant (Mohammed -> Muhammad), else a sound-alike spelling (Philip -> Filip)."""
    variants = VARIANTS.get(name.upper())
    if variants:
        return variants[int(u * len(variants))]
    for old, new in PHONETIC_SWAPS:
        if old in name[1:]:
            return name[0] + name[1:].replace(old, new, 1)
    return name


def swap_day_month(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{y}-{d}-{m}" if int(d) <= 12 and d != m else iso


def year_typo(iso: str, u: float) -> str:
    y, m, d = iso.split("-")
    if u < 0.5 and y[2] != y[3]:
        y = y[:2] + y[3] + y[2]
    else:
        y = str(int(y) + (1 if u < 0.75 else -1))
    if m == "02" and d == "29":
        d = "28"
    return f"{y}-{m}-{d}"


# ---- whole columns -----------------------------------------------------------------------------------------

def _touch(rng: np.random.Generator, n: int, rate: float, eligible: np.ndarray | None = None) -> np.ndarray:
    chosen = rng.random(n) < rate
    return chosen & eligible if eligible is not None else chosen


def _apply(values: np.ndarray, mask: np.ndarray, func, u: np.ndarray) -> None:
    for i in np.flatnonzero(mask):
        values[i] = func(values[i], u[i])


def corrupt_names(rng: np.random.Generator, people: pd.DataFrame, rates: PersonErrorRates) -> pd.DataFrame:
    """first_name and last_name as a source recorded them, from truth rows (first_name, last_name, known_as,
    birth_surname). Returns a frame with columns first_name, last_name (UPPER CASE; '' when missing)."""
    n = len(people)
    first = people["first_name"].to_numpy(dtype=object).copy()
    last = people["last_name"].to_numpy(dtype=object).copy()
    known_as = people["known_as"].to_numpy(dtype=object)
    birth = people["birth_surname"].to_numpy(dtype=object)
    u = rng.random(n)
    use_nickname = _touch(rng, n, rates.nickname, known_as != "")
    first[use_nickname] = known_as[use_nickname]
    old = _touch(rng, n, rates.old_surname, birth != last)
    last[old] = birth[old]
    _apply(first, _touch(rng, n, rates.variant_spelling) & ~use_nickname, variant_spelling, u)
    typo = _touch(rng, n, rates.keyboard_typo)
    on_first = rng.random(n) < 0.5
    _apply(first, typo & on_first, keyboard_typo, u)
    _apply(last, typo & ~on_first, keyboard_typo, u)
    swap_letters = _touch(rng, n, rates.transposition)
    _apply(first, swap_letters & ~on_first, transposition, u)
    _apply(last, swap_letters & on_first, transposition, u)
    swap = _touch(rng, n, rates.name_swap)
    first[swap], last[swap] = last[swap], first[swap].copy()
    first[_touch(rng, n, rates.first_name_missing)] = ""
    return pd.DataFrame({"first_name": first, "last_name": last}, index=people.index)


def corrupt_dobs(rng: np.random.Generator, dob_iso: pd.Series, rates: PersonErrorRates) -> pd.Series:
    """Dates of birth (ISO text) as a source recorded them ('' when missing)."""
    n = len(dob_iso)
    values = dob_iso.to_numpy(dtype=object).copy()
    u = rng.random(n)
    _apply(values, _touch(rng, n, rates.dob_day_month_swap), lambda v, _: swap_day_month(v), u)
    _apply(values, _touch(rng, n, rates.dob_year_typo), year_typo, u)
    values[_touch(rng, n, rates.dob_missing)] = ""
    return pd.Series(values, index=dob_iso.index)


def with_placeholders(rng: np.random.Generator, values: pd.Series, rate: float, tokens: tuple[str, ...]) -> pd.Series:
    """Replace a share of values with placeholder junk ("N/A", "UNKNOWN", ".") typed into a required field."""
    chosen = rng.random(len(values)) < rate
    picks = np.array(tokens, dtype=object)[rng.integers(0, len(tokens), len(values))]
    return values.where(~chosen, pd.Series(picks, index=values.index))
