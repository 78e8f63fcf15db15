"""The six Thamesbury source systems, each with its own snapshot date, coverage, house style and errors.

Each ``build_<source>`` function takes the truth (people, gazetteer), the addresses address-errors wrote for that
source, and a numpy Generator, and returns (records, truth) where truth has record_id, person_id, uprn. A source
sees people where they lived on its snapshot date, so people who moved after it appear at their old address (or
not at all, if they came from outside the borough), and new builds entered after it are missing.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from bootcamp.thamesbury.address_rendering import split_lines
from bootcamp.thamesbury.gazetteer import SNAPSHOT, WARDS, numbered
from bootcamp.thamesbury.person_errors import corrupt_dobs, corrupt_names, rates_for, with_placeholders

SNAPSHOTS = {
    "council_tax": dt.date(2026, 3, 31), "electoral_register": dt.date(2025, 12, 1),
    "housing_benefit": dt.date(2026, 2, 28), "adult_social_care": dt.date(2026, 3, 15),
    "school_census": dt.date(2025, 10, 2), "shielding_list": dt.date(2025, 6, 30),
}
SOURCE_COLUMNS = {
    "council_tax": ["record_id", "title", "forename", "surname", "address_line_1", "address_line_2",
                    "address_line_3", "address_line_4", "postcode", "liable_from", "single_person_discount"],
    "electoral_register": ["record_id", "surname", "forenames", "address", "postcode", "polling_district",
                           "attainer_dob"],
    "housing_benefit": ["record_id", "claimant_name", "dob", "sex", "address", "postcode", "claim_start",
                        "benefit_type"],
    "adult_social_care": ["record_id", "first_name", "last_name", "dob", "gender", "nhs_number", "address_line_1",
                          "address_line_2", "town", "postcode", "primary_support_reason", "service_start"],
    "school_census": ["record_id", "legal_forename", "middle_names", "legal_surname", "preferred_surname", "dob",
                      "sex", "address", "postcode", "parent_name", "year_group"],
    "shielding_list": ["record_id", "nhs_number", "forename", "surname", "dob", "address_line_1", "address_line_2",
                       "address_line_3", "address_line_4", "address_line_5", "postcode", "phone",
                       "gp_practice_code"],
}
RECORD_PREFIX = {"council_tax": "CT", "electoral_register": "ER", "housing_benefit": "HB",
                 "adult_social_care": "ASC", "school_census": "SC", "shielding_list": "SL"}
TRUTH_COLUMNS = ["record_id", "person_id", "uprn"]
JUNK = ("N/A", "UNKNOWN", ".", "NONE", "-")
SUPPORT_REASONS = ("Physical Support: Personal Care Support", "Physical Support: Access and Mobility Only",
                   "Support with Memory and Cognition", "Learning Disability Support", "Mental Health Support",
                   "Sensory Support: Support for Visual Impairment", "Social Support: Support for Isolation")


# ---- shared helpers ------------------------------------------------------------------------------------------

def residents_on(people: pd.DataFrame, snapshot: dt.date) -> pd.DataFrame:
    """People alive and in the borough on a snapshot date, with ``uprn`` set to where they lived then and
    ``age`` their age then. People who moved after the snapshot are at previous_uprn ('' = outside the borough)."""
    day = snapshot.isoformat()
    out = people[people["dob"] <= day].copy()
    moved_later = (out["moved_date"] != "") & (out["moved_date"] > day)
    out["uprn"] = out["uprn"].where(~moved_later, out["previous_uprn"])
    out["age"] = age_on(out["dob"], snapshot)
    return out


def age_on(dob_iso: pd.Series, day: dt.date) -> pd.Series:
    """Age in whole years on ``day`` from true dates of birth (valid ISO text), parsed by numpy in one pass."""
    dates = dob_iso.to_numpy().astype("datetime64[D]")
    months = dates.astype("datetime64[M]")
    y = months.astype("datetime64[Y]").astype(np.int64) + 1970
    m = months.astype(np.int64) % 12 + 1
    d = (dates - months).astype(np.int64) + 1
    age = day.year - y - ((m > day.month) | ((m == day.month) & (d > day.day))).astype(np.int64)
    return pd.Series(age, index=dob_iso.index, name=dob_iso.name)


def _dmy_text(iso):
    return iso[8:10] + "/" + iso[5:7] + "/" + iso[0:4] if isinstance(iso, str) and iso != "" else iso


def dmy(iso: pd.Series) -> pd.Series:
    """ISO text to dd/mm/yyyy text ('' stays ''); text that is not a date is cut the same way."""
    return pd.Series([_dmy_text(v) for v in iso.tolist()], index=iso.index, dtype=object, name=iso.name)


def random_dates(rng: np.random.Generator, start: pd.Series | str, end: str, n: int) -> pd.Series:
    start = pd.to_datetime(pd.Series(start, index=range(n)) if isinstance(start, str) else start.reset_index(drop=True))
    span = (pd.Timestamp(end) - start).dt.days.clip(lower=0)
    days = (rng.random(n) * (span + 1)).astype(int)
    return (start + pd.to_timedelta(days, unit="D")).dt.strftime("%Y-%m-%d")


def title_case(values: pd.Series) -> pd.Series:
    return values.str.title().str.replace(r"'S\b", "'s", regex=True)


def finish(source: str, rng: np.random.Generator, records: pd.DataFrame, who: pd.DataFrame, addr: pd.DataFrame):
    """Shuffle the records (sources are never in truth order), number them, and split off the truth: the person
    each record is about (``who``) and the property its address describes (``addr``)."""
    order = rng.permutation(len(records))
    records = records.iloc[order].reset_index(drop=True)
    ids = pd.Series(numbered(f"{RECORD_PREFIX[source]}%07d", np.arange(1, len(records) + 1)))
    records.insert(0, "record_id", ids)
    truth = pd.DataFrame({"record_id": ids, "person_id": who["person_id"].to_numpy()[order],
                          "uprn": addr["described_uprn"].to_numpy()[order]})
    return records[SOURCE_COLUMNS[source]], truth[TRUTH_COLUMNS]


def addresses_for(rendered: pd.DataFrame, uprns: pd.Series) -> pd.DataFrame:
    """The source's rendered address, postcode and described UPRN for each UPRN (in the order of ``uprns``)."""
    table = rendered.set_index("uprn")
    found = table.reindex(uprns.to_numpy())
    return pd.DataFrame({"address": found["address"].fillna("").to_numpy(),
                         "postcode": found["postcode"].fillna("").to_numpy(),
                         "described_uprn": found["described_uprn"].fillna("").to_numpy()}, index=uprns.index)


def one_adult_households(people: pd.DataFrame) -> set:
    adults = people[people["age"] >= 18]
    counts = adults.groupby("household_id").size()
    return set(counts[counts == 1].index)


# ---- the six sources ---------------------------------------------------------------------------------------

# who each source could hold (before coverage and snapshot rules): used to corrupt only the addresses it needs
def _candidates(people: pd.DataFrame) -> dict[str, pd.Series]:
    return {
        "council_tax": people["relationship"].isin(["householder", "partner"]),
        "electoral_register": people["age"] >= 15,
        "housing_benefit": (people["benefits"] == 1) & (people["relationship"] == "householder"),
        "adult_social_care": people["receives_care"] == 1,
        "school_census": people["age"].between(3, 19),
        "shielding_list": people["clinically_extremely_vulnerable"] == 1,
    }


def wanted_uprns(people: pd.DataFrame) -> dict[str, list[str]]:
    """Distinct UPRNs (current and previous) each source may need an address for, sorted."""
    out = {}
    for source, mask in _candidates(people).items():
        chosen = people[mask]
        uprns = pd.unique(pd.concat([chosen["uprn"], chosen["previous_uprn"]]))
        out[source] = sorted(u for u in uprns if u)
    return out


def build_council_tax(people, gazetteer, rendered, rng, difficulty):
    source = "council_tax"
    res = residents_on(people, SNAPSHOTS[source])
    res = res[res["uprn"] != ""]
    liable = res[(res["relationship"] == "householder") |
                 ((res["relationship"] == "partner") & (rng.random(len(res)) < 0.3))].copy()
    names = corrupt_names(rng, liable, rates_for(source, difficulty))
    changed_name = liable["last_name"] != liable["birth_surname"]
    female_title = np.where(changed_name, "MRS", np.where(rng.random(len(liable)) < 0.6, "MS", "MISS"))
    title = np.where(liable["sex"] == "M", "MR", female_title)
    title = np.where(rng.random(len(liable)) < 0.03, "DR", title)
    title = with_placeholders(rng, pd.Series(title, index=liable.index), 0.02, ("",))
    addr = addresses_for(rendered, liable["uprn"])
    lines = split_lines(addr["address"], 4)
    since = liable["moved_date"].where(liable["moved_date"] != "",
                                       random_dates(rng, "1993-04-01", "2023-03-31", len(liable)).to_numpy())
    single = liable["household_id"].isin(one_adult_households(res))
    wrong_discount = rng.random(len(liable)) < 0.02
    records = pd.DataFrame({
        "title": title, "forename": names["first_name"], "surname": names["last_name"],
        "address_line_1": lines[0].to_numpy(), "address_line_2": lines[1].to_numpy(),
        "address_line_3": lines[2].to_numpy(), "address_line_4": lines[3].to_numpy(),
        "postcode": with_placeholders(rng, addr["postcode"], 0.005, ("",)),
        "liable_from": dmy(since), "single_person_discount": np.where(single ^ wrong_discount, "Y", "N"),
    }).reset_index(drop=True)
    return finish(source, rng, records, liable, addr)


def build_electoral_register(people, gazetteer, rendered, rng, difficulty):
    source = "electoral_register"
    snapshot = SNAPSHOTS[source]
    res = residents_on(people, snapshot)
    res = res[(res["uprn"] != "") & (res["age"] >= 16)]
    recently_moved = (res["moved_date"] != "") & (res["moved_date"] > (snapshot - dt.timedelta(days=365)).isoformat())
    p_register = np.where(res["age"] < 18, 0.55, np.where(recently_moved, 0.72, 0.90))
    voters = res[rng.random(len(res)) < p_register].copy()
    rates = rates_for(source, difficulty)
    names = corrupt_names(rng, voters, rates)
    dob = corrupt_dobs(rng, voters["dob"], rates)
    forenames = (names["first_name"] + " " + voters["middle_name"]).str.strip()
    addr = addresses_for(rendered, voters["uprn"])
    uprn_info = gazetteer.set_index("uprn").reindex(voters["uprn"].to_numpy())
    ward_code = uprn_info["ward"].map({w[0]: w[0][:1] + w[0].split()[-1][-1].upper() for w in WARDS})
    sector = uprn_info["postcode"].str.split(" ").str[1].str[0].astype(int)
    polling = (ward_code + (sector % 4 + 1).astype(str)).to_numpy()
    records = pd.DataFrame({
        "surname": title_case(names["last_name"]), "forenames": title_case(forenames),
        "address": addr["address"], "postcode": addr["postcode"], "polling_district": polling,
        "attainer_dob": np.where(voters["age"] < 18, dmy(dob), ""),
    }).reset_index(drop=True)
    return finish(source, rng, records, voters, addr)


def build_housing_benefit(people, gazetteer, rendered, rng, difficulty):
    source = "housing_benefit"
    res = residents_on(people, SNAPSHOTS[source])
    claimants = res[(res["uprn"] != "") & (res["benefits"] == 1) & (res["relationship"] == "householder")
                    & (res["age"] >= 18)]
    duplicated = claimants[rng.random(len(claimants)) < 0.04]  # the same claim entered twice
    claims = pd.concat([claimants, duplicated]).reset_index(drop=True)
    rates = rates_for(source, difficulty)
    names = corrupt_names(rng, claims, rates)
    dob = corrupt_dobs(rng, claims["dob"], rates)
    addr = addresses_for(rendered, claims["uprn"])
    pension_age = claims["age"] >= 66
    working_type = np.array(["HB+CTR", "CTR", "HB"])[rng.choice(3, len(claims), p=[0.55, 0.30, 0.15])]
    benefit_type = np.where(pension_age & (rng.random(len(claims)) < 0.8), "HB+CTR", working_type)
    first_title = title_case(names["first_name"])
    claimant = (names["last_name"] + ", " + first_title).str.strip(", ")
    records = pd.DataFrame({
        "claimant_name": claimant, "dob": dmy(dob), "sex": claims["sex"],
        "address": addr["address"], "postcode": with_placeholders(rng, addr["postcode"], 0.01, JUNK[:3]),
        "claim_start": dmy(random_dates(rng, claims["moved_date"].where(claims["moved_date"] != "", "2014-04-01"),
                                        SNAPSHOTS[source].isoformat(), len(claims))),
        "benefit_type": benefit_type,
    })
    return finish(source, rng, records, claims, addr)


def build_adult_social_care(people, gazetteer, rendered, rng, difficulty):
    source = "adult_social_care"
    res = residents_on(people, SNAPSHOTS[source])
    clients = res[(res["receives_care"] == 1) & (res["age"] >= 18)].copy()
    # case records are slow to follow a move inside the borough: a quarter still hold the old address
    stale = (clients["previous_uprn"] != "") & (clients["uprn"] != clients["previous_uprn"]) & \
        (rng.random(len(clients)) < 0.25)
    clients.loc[stale, "uprn"] = clients.loc[stale, "previous_uprn"]
    clients = clients[clients["uprn"] != ""]
    rates = rates_for(source, difficulty)
    names = corrupt_names(rng, clients, rates)
    dob = corrupt_dobs(rng, clients["dob"], rates)
    addr = addresses_for(rendered, clients["uprn"])
    parts = addr["address"].str.split(r"\s*,\s*", regex=True)
    has_town = parts.str[-1].str.upper() == "LONDON"
    town = np.where(has_town, parts.str[-1], "")
    body = [p[:-1] if t else p for p, t in zip(parts, has_town)]
    line1 = [b[0] if b else "" for b in body]
    line2 = [", ".join(b[1:]) for b in body]
    nhs = clients["nhs_number"].str.replace(r"^(\d{3})(\d{3})(\d{4})$", r"\1 \2 \3", regex=True)
    nhs = nhs.where(rng.random(len(clients)) >= 0.08, "")
    gender = np.where(rng.random(len(clients)) < 0.01, "Unknown",
                      np.where(clients["sex"] == "M", "Male", "Female"))
    older = (clients["age"] >= 75).to_numpy()
    reason_p = np.where(older[:, None], [0.45, 0.15, 0.2, 0.02, 0.05, 0.05, 0.08], [0.3, 0.1, 0.05, 0.25, 0.2, 0.05, 0.05])
    reason = [SUPPORT_REASONS[rng.choice(len(SUPPORT_REASONS), p=p / p.sum())] for p in reason_p]
    records = pd.DataFrame({
        "first_name": with_placeholders(rng, title_case(names["first_name"]), 0.005, (".",)),
        "last_name": title_case(names["last_name"]), "dob": dob, "gender": gender, "nhs_number": nhs,
        "address_line_1": line1, "address_line_2": line2, "town": town, "postcode": addr["postcode"],
        "primary_support_reason": reason,
        "service_start": random_dates(rng, "2012-04-01", SNAPSHOTS[source].isoformat(), len(clients)).to_numpy(),
    }, index=clients.index).reset_index(drop=True)
    return finish(source, rng, records, clients, addr)


def build_school_census(people, gazetteer, rendered, rng, difficulty):
    source = "school_census"
    snapshot = SNAPSHOTS[source]
    res = residents_on(people, snapshot)
    age_31_aug = age_on(res["dob"], dt.date(snapshot.year, 8, 31))
    in_range = (res["uprn"] != "") & (age_31_aug >= 4) & (age_31_aug <= 17)
    attends = rng.random(len(res)) < np.where(age_31_aug >= 16, 0.70, 0.93)
    pupils = res[in_range & attends].copy()
    year = age_31_aug[pupils.index] - 4
    names = corrupt_names(rng, pupils, rates_for(source, difficulty))
    dob = corrupt_dobs(rng, pupils["dob"], rates_for(source, difficulty))
    us_format = rng.random(len(pupils)) < 0.03  # entered month first
    dob_text = np.where(us_format, dob.str.slice(5, 7) + "/" + dob.str.slice(8, 10) + "/" + dob.str.slice(0, 4),
                        dmy(dob))
    hyphenated = pupils["last_name"].str.contains("-")
    preferred = np.where(hyphenated & (rng.random(len(pupils)) < 0.4), pupils["last_name"].str.split("-").str[0], "")
    adults = people[people["relationship"].isin(["householder", "partner"])]
    parent_pool = adults.sort_values(["household_id", "relationship"]).groupby("household_id")
    first_parent = parent_pool.first()
    last_parent = parent_pool.last()
    use_last = rng.random(len(pupils)) < 0.4
    parent = np.where(use_last, last_parent.reindex(pupils["household_id"])["first_name"].to_numpy(),
                      first_parent.reindex(pupils["household_id"])["first_name"].to_numpy())
    parent_surname = np.where(use_last, last_parent.reindex(pupils["household_id"])["last_name"].to_numpy(),
                              first_parent.reindex(pupils["household_id"])["last_name"].to_numpy())
    parent_name = title_case(pd.Series(parent, dtype=object).fillna("") + " "
                             + pd.Series(parent_surname, dtype=object).fillna("")).str.strip()
    addr = addresses_for(rendered, pupils["uprn"])
    records = pd.DataFrame({
        "legal_forename": title_case(names["first_name"]).to_numpy(),
        "middle_names": title_case(pupils["middle_name"]).to_numpy(),
        "legal_surname": title_case(names["last_name"]).to_numpy(),
        "preferred_surname": title_case(pd.Series(preferred, dtype=object)).to_numpy(),
        "dob": dob_text, "sex": pupils["sex"].to_numpy(),
        "address": addr["address"].to_numpy(), "postcode": addr["postcode"].to_numpy(),
        "parent_name": parent_name.to_numpy(),
        "year_group": np.where(year == 0, "R", year.astype(str)),
    })
    return finish(source, rng, records, pupils, addr)


def build_shielding_list(people, gazetteer, rendered, rng, difficulty):
    source = "shielding_list"
    res = residents_on(people, SNAPSHOTS[source])
    # the list reached each council by where the patient lived: those living outside Thamesbury on the day went to
    # their own council
    patients = res[(res["clinically_extremely_vulnerable"] == 1) & (res["nhs_number"] != "")
                   & (res["uprn"] != "")].copy()
    rates = rates_for(source, difficulty)
    names = corrupt_names(rng, patients, rates)
    dob = corrupt_dobs(rng, patients["dob"], rates)
    addr = addresses_for(rendered, patients["uprn"])
    lines = split_lines(addr["address"], 5)
    # a share of GP records have the postcode typed into the next free address line instead of its own field
    in_line = rng.random(len(patients)) < 0.06
    free_line = (lines == "").idxmax(axis=1).where((lines == "").any(axis=1), 4)
    for i in np.flatnonzero(in_line):
        lines.iat[i, int(free_line.iat[i])] = addr["postcode"].iat[i]
    postcode = addr["postcode"].where(~in_line, "")
    practice = patients["uprn"].map(gazetteer.set_index("uprn")["ward"]).fillna("")
    practice_code = practice.map({w[0]: f"TB{101 + i}" for i, w in enumerate(WARDS)}).fillna("TB100")
    phone = patients["phone"].where(rng.random(len(patients)) >= 0.25, "")
    records = pd.DataFrame({
        "nhs_number": patients["nhs_number"].to_numpy(), "forename": title_case(names["first_name"]).to_numpy(),
        "surname": names["last_name"].to_numpy(), "dob": dob.str.replace("-", "", regex=False).to_numpy(),
        "address_line_1": lines[0].to_numpy(), "address_line_2": lines[1].to_numpy(),
        "address_line_3": lines[2].to_numpy(), "address_line_4": lines[3].to_numpy(),
        "address_line_5": lines[4].to_numpy(), "postcode": postcode.to_numpy(), "phone": phone.to_numpy(),
        "gp_practice_code": practice_code.to_numpy(),
    })
    return finish(source, rng, records, patients, addr)


BUILDERS = {
    "council_tax": build_council_tax, "electoral_register": build_electoral_register,
    "housing_benefit": build_housing_benefit, "adult_social_care": build_adult_social_care,
    "school_census": build_school_census, "shielding_list": build_shielding_list,
}
