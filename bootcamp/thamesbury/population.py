"""Thamesbury's residents (truth/people.csv): households living at the gazetteer's dwellings.

Household sizes depend on the dwelling (flats hold fewer people); roles, ages, names, moves, twins and the
service-relevant attributes (clinically extremely vulnerable, care, disability, benefits) are drawn so that they
correlate sensibly with age and with the ward's deprivation.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from nicknames import NickNamer

from bootcamp.thamesbury import names as N
from bootcamp.thamesbury.gazetteer import DWELLING_CLASSES, SNAPSHOT, WARDS, iso_dates, numbered

PEOPLE_COLUMNS = ["person_id", "first_name", "middle_name", "last_name", "birth_surname", "known_as", "dob", "sex",
                  "nhs_number", "household_id", "relationship", "uprn", "previous_uprn", "moved_date", "twin_of",
                  "name_origin", "age", "clinically_extremely_vulnerable", "receives_care", "disability", "benefits",
                  "email", "phone"]
FLAT_SIZES, FLAT_SIZE_P = np.arange(1, 6), np.array([0.36, 0.30, 0.17, 0.12, 0.05])
HOUSE_SIZES, HOUSE_SIZE_P = np.arange(1, 8), np.array([0.20, 0.29, 0.18, 0.18, 0.09, 0.04, 0.02])
MEAN_HOUSEHOLD = 0.55 * (FLAT_SIZES @ FLAT_SIZE_P) + 0.45 * (HOUSE_SIZES @ HOUSE_SIZE_P)
OCCUPIED_SHARE = 0.95
MOVE_WINDOW_FROM = dt.date(2023, 4, 1)
MOVED_SHARE, MOVED_WITHIN_BOROUGH = 0.14, 0.45
MAX_VALID_NHS = 909_091  # valid numbers in the 999 test range (nine-digit stems whose check digit is not 10)


def nhs_check_digit(stems: np.ndarray) -> np.ndarray:
    """Modulus 11 check digit of nine-digit stems (10 means the stem cannot be used)."""
    digits = (stems[:, None] // 10 ** np.arange(8, -1, -1)) % 10
    remainder = (digits * np.arange(10, 1, -1)).sum(axis=1) % 11
    check = 11 - remainder
    return np.where(check == 11, 0, check)


def nhs_numbers(rng: np.random.Generator, n: int) -> np.ndarray:
    """n distinct NHS numbers from the 999 test range with valid check digits ('' once the range runs out)."""
    stems = 999_000_000 + np.arange(1_000_000)
    check = nhs_check_digit(stems)
    valid = stems[check != 10] * 10 + check[check != 10]
    chosen = rng.permutation(valid)[: min(n, len(valid))]
    out = np.full(n, "", dtype=object)
    out[: len(chosen)] = numbered("%010d", chosen)
    return out


def _compose_households(rng: np.random.Generator, sizes: np.ndarray):
    """Roles and ages for households of the given sizes: returns (household index, role, age) arrays."""
    hh, roles, ages = [], [], []
    u = rng.random(len(sizes))
    for h, size in enumerate(sizes.tolist()):
        r = u[h]
        if size == 1:
            members = [("householder", int(rng.triangular(18, 45, 98)))]
        elif size == 2 and r < 0.72 or size >= 3 and r < 0.55:
            head = int(rng.triangular(20, 38, 95)) if size == 2 else int(rng.integers(24, 56))
            partner = _clip(head + int(rng.integers(-6, 7)), 18, 99)
            members = [("householder", head), ("partner", partner)]
            members += _children(rng, size - 2, min(head, partner))
        elif size == 2 and r < 0.82 or size >= 3 and r < 0.68:  # lone parent
            head = int(rng.integers(20, 56))
            members = [("householder", head)] + _children(rng, size - 1, head)
        elif size >= 3 and r < 0.78:  # three generations
            head = int(rng.integers(28, 55))
            members = [("householder", head), ("other_adult", _clip(head + int(rng.integers(22, 35)), 50, 99))]
            members += _children(rng, size - 2, head)
        else:  # sharers
            members = [("householder", int(rng.integers(19, 45)))]
            members += [("other_adult", int(rng.integers(19, 45))) for _ in range(size - 1)]
        for role, age in members:
            hh.append(h); roles.append(role); ages.append(age)
    return np.array(hh), np.array(roles, dtype=object), np.array(ages)


def _clip(value: int, low: int, high: int) -> int:
    """np.clip for one whole number, without numpy's per-call overhead (it runs once per household)."""
    return min(max(value, low), high)


def _children(rng: np.random.Generator, n: int, parent_age: int) -> list[tuple[str, int]]:
    oldest = max(0, min(24, parent_age - 18))
    return [("child", int(rng.integers(0, oldest + 1))) for _ in range(n)]


def _sample_names(rng, origin: np.ndarray, sex: np.ndarray, which: int) -> np.ndarray:
    """First names (which=1 male list / 2 female list by sex) or surnames (which=3) for each row."""
    out = np.empty(len(origin), dtype=object)
    origins = N.origin_names()
    code = pd.Series(origin).map({o: k for k, o in enumerate(origins)}).to_numpy()  # compare numbers, not strings
    by_sex = {"M": sex == "M", "F": sex == "F"}
    for k, o in enumerate(origins):
        of_origin = code == k
        for s in ("M",) if which == 3 else ("M", "F"):  # surnames: one draw per origin
            mask = of_origin if which == 3 else of_origin & by_sex[s]
            if not mask.any():
                continue
            pool = N.name_pool(o, 3 if which == 3 else 1 if s == "M" else 2)
            exponent = N.SURNAME_EXPONENT if which == 3 else N.FIRST_NAME_EXPONENT
            out[mask] = np.array(pool, dtype=object)[rng.choice(len(pool), size=mask.sum(),
                                                                p=N.zipf_weights(len(pool), exponent))]
    return out


# A son given his father's first name (the only namesakes a household has on purpose). Rare in Britain; the
# generator uses 2 % of sons of a male householder.
NAMED_AFTER_FATHER = 0.02


def _first_names_in_households(rng, hh: np.ndarray, role: np.ndarray, sex: np.ndarray, origin: np.ndarray,
                               head_of: np.ndarray) -> np.ndarray:
    """First names for everyone, with no two members of a household sharing one (parents do not give two children
    one name), except the few sons named after their father (:data:`NAMED_AFTER_FATHER`). A repeated name is drawn
    again, up to ten times (a household of a rare origin may keep a repeat: that is the chance namesake)."""
    first = _sample_names(rng, origin, sex, 1)
    junior = (role == "child") & (sex == "M") & (sex[head_of] == "M") & (rng.random(len(hh)) < NAMED_AFTER_FATHER)
    first[junior] = first[head_of[junior]]
    for _ in range(10):
        repeated = pd.DataFrame({"hh": hh, "name": first}).duplicated().to_numpy() & ~junior
        if not repeated.any():
            break
        first[repeated] = _sample_names(rng, origin[repeated], sex[repeated], 1)
    return first


def _surnames(rng, origin: np.ndarray) -> np.ndarray:
    surnames = _sample_names(rng, origin, np.full(len(origin), "M"), 3)
    double = np.isin(origin, N.DOUBLE_SURNAME_ORIGINS) & (rng.random(len(origin)) < 0.5)
    second = _sample_names(rng, origin, np.full(len(origin), "M"), 3)
    joined = np.where(second != surnames, surnames + " " + second, surnames)
    return np.where(double, joined, surnames)


def _nicknames(rng, first: np.ndarray, share: float) -> np.ndarray:
    """known_as: a nickname from the nicknames package for a share of people whose first name has one."""
    namer = NickNamer()
    options = {}
    for name in sorted(set(first.tolist())):
        nicks = sorted(n.upper() for n in namer.nicknames_of(name.lower()) if len(n) >= 3 and n.isalpha())
        options[name] = nicks
    pick = rng.random(len(first))
    use = rng.random(len(first)) < share
    out = np.full(len(first), "", dtype=object)
    for i in np.flatnonzero(use):
        nicks = options[first[i]]
        if nicks:
            out[i] = nicks[int(pick[i] * len(nicks))]
    return out


def _dates_between(rng, start: np.ndarray, end: np.ndarray) -> np.ndarray:
    span = (end - start).astype("timedelta64[D]").astype(int)
    return start + (rng.random(len(start)) * (span + 1)).astype(int).astype("timedelta64[D]")


def build_population(rng: np.random.Generator, gazetteer: pd.DataFrame, people: int) -> pd.DataFrame:
    """Fill the gazetteer's dwellings with households until there are exactly ``people`` residents."""
    dwellings = gazetteer[gazetteer["classification"].isin(DWELLING_CLASSES)]
    order = rng.permutation(len(dwellings))
    is_flat = (dwellings["classification"].to_numpy() == "RD06")[order]
    sizes = np.where(is_flat, rng.choice(FLAT_SIZES, len(order), p=FLAT_SIZE_P),
                     rng.choice(HOUSE_SIZES, len(order), p=HOUSE_SIZE_P))
    cum = np.cumsum(sizes)
    n_households = int(np.searchsorted(cum, people) + 1)
    if n_households > len(order):
        raise RuntimeError("the gazetteer has too few dwellings for the population; this is a generator bug.")
    sizes = sizes[:n_households]
    sizes[-1] -= cum[n_households - 1] - people  # the last household is trimmed to hit the exact size
    home = dwellings.iloc[order[:n_households]]
    hh, role, age = _compose_households(rng, sizes)
    n = len(hh)

    # households: origin, deprivation, move
    deprivation = dict((w[0], w[3]) for w in WARDS)
    hh_depr = home["ward"].map(deprivation).to_numpy()
    hh_origin = np.array(N.origin_names(), dtype=object)[rng.choice(len(N.ORIGINS), n_households, p=N.origin_shares())]
    entry = home["entry_date"].to_numpy().astype("datetime64[D]")
    window_start = np.maximum(entry, np.datetime64(MOVE_WINDOW_FROM))
    new_build = entry >= np.datetime64(MOVE_WINDOW_FROM)
    moved = new_build | (rng.random(n_households) < MOVED_SHARE)
    moved_date = _dates_between(rng, window_start, np.full(n_households, np.datetime64(SNAPSHOT - dt.timedelta(days=7))))
    within = moved & (rng.random(n_households) < MOVED_WITHIN_BOROUGH)
    all_dwelling_uprns = dwellings["uprn"].to_numpy()
    old_entry = dwellings["entry_date"].to_numpy() < str(MOVE_WINDOW_FROM)
    previous = np.array(all_dwelling_uprns[old_entry], dtype=object)[rng.integers(0, old_entry.sum(), n_households)]
    previous = np.where(within & (previous != home["uprn"].to_numpy()), previous, "")

    # people
    sex = np.where(rng.random(n) < 0.5, "M", "F").astype(object)
    is_head = role == "householder"
    head_of = np.flatnonzero(is_head)[hh]  # position of each person's householder
    partner = role == "partner"
    sex[partner] = np.where(rng.random(partner.sum()) < 0.95, np.where(sex[head_of[partner]] == "M", "F", "M"),
                            sex[head_of[partner]])
    origin = hh_origin[hh].copy()
    mixed = (partner | (role == "other_adult")) & (rng.random(n) < 0.15)
    origin[mixed] = np.array(N.origin_names(), dtype=object)[rng.choice(len(N.ORIGINS), mixed.sum(), p=N.origin_shares())]
    first = _first_names_in_households(rng, hh, role, sex, origin, head_of)
    middle = np.where(rng.random(n) < np.where(np.isin(origin, ["english", "irish", "caribbean", "nigerian"]), 0.4, 0.1),
                      _sample_names(rng, origin, sex, 1), "")
    middle = np.where(middle == first, "", middle)
    own_surname = _surnames(rng, origin)
    # households share the head's surname unless noted: the partner's and the sharers' own surnames are kept
    last = np.where(role == "child", own_surname[head_of], own_surname)
    birth = own_surname.copy()
    partner_of_head = np.full(n_households, -1)
    partner_of_head[hh[partner]] = np.flatnonzero(partner)
    opposite = partner & (sex != sex[head_of])
    takes_name = opposite & (rng.random(n) < 0.65)
    woman_partner = takes_name & (sex == "F")
    last[woman_partner] = own_surname[head_of[woman_partner]]
    man_partner = takes_name & (sex == "M")  # the head (a woman) takes her partner's name
    heads_renamed = head_of[man_partner]
    last[heads_renamed] = own_surname[man_partner]
    hh_surname = last[np.flatnonzero(is_head)]
    has_partner = partner_of_head >= 0
    kept_names = has_partner & (last[np.flatnonzero(is_head)] != last[np.maximum(partner_of_head, 0)])
    child = role == "child"
    hyphenate = child & kept_names[hh] & (rng.random(n) < 0.3)
    last[child] = hh_surname[hh[child]]
    last[hyphenate] = last[hyphenate] + "-" + last[partner_of_head[hh[hyphenate]]]
    birth[child] = last[child]

    # dates of birth, twins, ages
    dob = (np.datetime64(SNAPSHOT) - (age * 365.25).astype(int).astype("timedelta64[D]")
           - rng.integers(0, 365, n).astype("timedelta64[D]"))
    twin_of = np.full(n, "", dtype=object)
    person_id = numbered("P%07d", np.arange(1, n + 1))
    first_child = child & np.r_[True, hh[1:] != hh[:-1]] | child & np.r_[True, role[:-1] != "child"]
    twin_pair = first_child & np.r_[child[1:] & (hh[1:] == hh[:-1]), False] & (rng.random(n) < 0.03)
    for i in np.flatnonzero(twin_pair):
        dob[i + 1] = dob[i]
        twin_of[i], twin_of[i + 1] = person_id[i + 1], person_id[i]
    dob_str = iso_dates(dob)
    snap = pd.Timestamp(SNAPSHOT)
    dob_ts = pd.to_datetime(dob)
    before_birthday = (dob_ts.month > snap.month) | ((dob_ts.month == snap.month) & (dob_ts.day > snap.day))
    age = np.asarray(snap.year - dob_ts.year) - np.asarray(before_birthday, dtype=int)

    # service-relevant attributes
    adult = age >= 18
    depr = hh_depr[hh]
    cev_p = np.select([age < 18, age < 50, age < 70, age < 80], [0.01, 0.03, 0.08, 0.15], 0.22)
    cev = rng.random(n) < cev_p
    disability_p = np.select([age < 18, age < 65], [0.04, 0.09 + 0.06 * depr], 0.28)
    disability = rng.random(n) < disability_p
    care_p = np.select([age < 18, age < 65, age < 80], [0.0, 0.018, 0.08], 0.28) * np.where(disability, 2.0, 1.0)
    receives_care = rng.random(n) < care_p
    head_age = age[np.flatnonzero(is_head)]
    lone_parent = ~has_partner & (np.bincount(hh, weights=child, minlength=n_households) > 0)
    benefit_p = (0.02 + 0.17 * hh_depr) * np.where(lone_parent, 2.0, 1.0) * np.where(head_age >= 66, 1.3, 1.0)
    hh_benefits = rng.random(n_households) < np.minimum(benefit_p, 0.9)

    # contact details (adults only; reserved example domains and the Ofcom drama range)
    has_email = adult & (rng.random(n) < 0.85)
    email_user = pd.Series(first).str.lower() + "." + pd.Series(last).str.lower().str.replace(r"[^a-z]", "", regex=True)
    email_user = email_user + pd.Series(rng.integers(1, 100, n)).astype(str)
    domain = np.array(["example.com", "example.org", "example.net"], dtype=object)[rng.integers(0, 3, n)]
    email = np.where(has_email, email_user.to_numpy() + "@" + domain, "")
    phone = np.where(adult & (rng.random(n) < 0.8), numbered("07700 900%03d", rng.integers(0, 1000, n)), "")

    moved_str = iso_dates(moved_date)
    frame = pd.DataFrame({
        "person_id": person_id, "first_name": first, "middle_name": middle, "last_name": last,
        "birth_surname": birth, "known_as": _nicknames(rng, first, 0.3), "dob": dob_str, "sex": sex,
        "nhs_number": nhs_numbers(rng, n), "household_id": numbered("H%07d", hh + 1),
        "relationship": role, "uprn": home["uprn"].to_numpy()[hh], "previous_uprn": previous[hh],
        "moved_date": np.where(moved[hh], moved_str[hh], ""), "twin_of": twin_of, "name_origin": origin,
        "age": age, "clinically_extremely_vulnerable": cev.astype(int), "receives_care": receives_care.astype(int),
        "disability": disability.astype(int), "benefits": hh_benefits[hh].astype(int), "email": email,
        "phone": phone,
    })
    return frame[PEOPLE_COLUMNS]
