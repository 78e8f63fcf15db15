"""Measure how far each Thamesbury source is from the truth, and print it as a Markdown table.

    python -m bootcamp.thamesbury.error_report [--data DIR] [--update-readme]

Every figure is computed by comparing a source's records with the clean truth (truth/people.csv, the gazetteer and
truth/<source>.csv); nothing is read from the generator's settings. data/README.md holds this table between the
markers below, and a test checks that it still equals this script's output.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import fields
from pathlib import Path

import pandas as pd

from bootcamp.loading import SOURCES, load, load_truth, resolve_data_dir
from bootcamp.thamesbury.person_errors import PERSON_ERROR_RATES, PersonErrorRates

README_START, README_END = "<!-- error-report:start -->", "<!-- error-report:end -->"
RATES_START, RATES_END = "<!-- person-error-rates:start -->", "<!-- person-error-rates:end -->"
# name columns and how each source writes dates of birth (None = no date of birth)
NAME_COLUMNS = {
    "council_tax": ("forename", "surname"), "electoral_register": ("forenames", "surname"),
    "housing_benefit": (None, None), "adult_social_care": ("first_name", "last_name"),
    "school_census": ("legal_forename", "legal_surname"), "shielding_list": ("forename", "surname"),
}
DOB_FORMATS = {"electoral_register": ("attainer_dob", "%d/%m/%Y"), "housing_benefit": ("dob", "%d/%m/%Y"),
               "adult_social_care": ("dob", "%Y-%m-%d"), "school_census": ("dob", "%d/%m/%Y"),
               "shielding_list": ("dob", "%Y%m%d")}
MEASURES = ("duplicate_records", "first_name_differs", "surname_differs", "dob_differs", "dob_missing",
            "postcode_differs", "address_words_missing", "address_out_of_date", "address_not_in_gazetteer")
HEADINGS = {"duplicate_records": "Duplicate records", "first_name_differs": "First name differs",
            "surname_differs": "Surname differs", "dob_differs": "Date of birth differs",
            "dob_missing": "Date of birth missing", "postcode_differs": "Postcode differs or missing",
            "address_words_missing": "Address words missing", "address_out_of_date": "Not where the person lives now",
            "address_not_in_gazetteer": "Address not in gazetteer"}
# The ranges each measured rate is expected to fall in at the default size (the error model's rates, widened for
# sampling noise and for errors that overlap); tests/test_data_generator.py checks the committed data against them.
EXPECTED_RANGES = {
    "council_tax": {"duplicate_records": (0, 0), "first_name_differs": (0.04, 0.10), "surname_differs": (0.02, 0.06),
                    "postcode_differs": (0.005, 0.05), "address_words_missing": (0.03, 0.30),
                    "address_out_of_date": (0, 0.02), "address_not_in_gazetteer": (0.001, 0.015)},
    "electoral_register": {"duplicate_records": (0, 0), "first_name_differs": (0.015, 0.05),
                           "surname_differs": (0.01, 0.04), "dob_differs": (0.0, 0.1),
                           "postcode_differs": (0.0, 0.05), "address_words_missing": (0.03, 0.30),
                           "address_out_of_date": (0.005, 0.05), "address_not_in_gazetteer": (0.001, 0.015)},
    "housing_benefit": {"duplicate_records": (0.02, 0.07), "first_name_differs": (0.04, 0.12),
                        "surname_differs": (0.02, 0.09), "dob_differs": (0.01, 0.06), "dob_missing": (0.0, 0.03),
                        "postcode_differs": (0.005, 0.06), "address_words_missing": (0.03, 0.30),
                        "address_out_of_date": (0.0, 0.03), "address_not_in_gazetteer": (0.001, 0.015)},
    "adult_social_care": {"duplicate_records": (0, 0), "first_name_differs": (0.06, 0.20),
                          "surname_differs": (0.01, 0.08), "dob_differs": (0.005, 0.06), "dob_missing": (0.005, 0.05),
                          "postcode_differs": (0.0, 0.06), "address_words_missing": (0.03, 0.30),
                          "address_out_of_date": (0.005, 0.06), "address_not_in_gazetteer": (0.001, 0.015)},
    "school_census": {"duplicate_records": (0, 0), "first_name_differs": (0.01, 0.05), "surname_differs": (0.0, 0.03),
                      "dob_differs": (0.01, 0.06), "postcode_differs": (0.0, 0.05),
                      "address_words_missing": (0.03, 0.30), "address_out_of_date": (0.0, 0.03),
                      "address_not_in_gazetteer": (0.001, 0.015)},
    "shielding_list": {"duplicate_records": (0, 0), "first_name_differs": (0.02, 0.08), "surname_differs": (0.02, 0.08),
                       "dob_differs": (0.0, 0.02), "postcode_differs": (0.03, 0.15),
                       "address_words_missing": (0.05, 0.35), "address_out_of_date": (0.01, 0.08),
                       "address_not_in_gazetteer": (0.001, 0.015)},
}


def normalise(values: pd.Series) -> pd.Series:
    return values.fillna("").str.upper().str.replace(r"[^A-Z0-9]+", " ", regex=True).str.strip()


def _differs(recorded: pd.Series, truth: pd.Series) -> float:
    return float((normalise(recorded).to_numpy() != normalise(truth).to_numpy()).mean())


def recorded_names(source: str, records: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    if source == "housing_benefit":
        parts = records["claimant_name"].fillna("").str.split(",", n=1)
        return parts.str[1].fillna(""), parts.str[0]
    first_col, last_col = NAME_COLUMNS[source]
    return records[first_col], records[last_col]


def address_text(source: str, records: pd.DataFrame) -> pd.Series:
    cols = [c for c in records.columns if c.startswith("address") or c == "town"]
    return records[cols].fillna("").agg(" ".join, axis=1)


def words_missing(address: pd.Series, gaz_rows: pd.DataFrame) -> pd.Series:
    """True when some word of the property's saon, paon or street is not in the recorded address."""
    wanted = normalise(gaz_rows["saon"] + " " + gaz_rows["paon"] + " " + gaz_rows["street"]).str.split()
    have = normalise(address).str.split()
    return pd.Series([not set(w) <= set(h) for w, h in zip(wanted, have)], index=address.index)


def measure(source: str, data_dir=None) -> dict[str, float | None]:
    """Rates (0..1) of each kind of difference between a source and the truth; None when not applicable."""
    records = load(source, data_dir)
    truth = load_truth(source, data_dir).fillna("")
    people = load_truth("people", data_dir).fillna("").set_index("person_id")
    gazetteer = load("gazetteer", data_dir).fillna("").set_index("uprn")
    person = people.reindex(truth["person_id"]).reset_index(drop=True)
    out: dict[str, float | None] = dict.fromkeys(MEASURES)
    out["records"] = len(records)
    out["duplicate_records"] = 1 - truth["person_id"].nunique() / len(truth)
    first, last = recorded_names(source, records)
    truth_first = person["first_name"]
    if source == "electoral_register":
        truth_first = (person["first_name"] + " " + person["middle_name"]).str.strip()
    out["first_name_differs"] = _differs(first, truth_first)
    out["surname_differs"] = _differs(last, person["last_name"])
    if source in DOB_FORMATS:
        column, fmt = DOB_FORMATS[source]
        present = records[column].notna().to_numpy()
        recorded = pd.to_datetime(records[column], format=fmt, errors="coerce").dt.strftime("%Y-%m-%d")
        differs = present & (recorded.fillna("").to_numpy() != person["dob"].to_numpy())
        if source == "electoral_register":  # only attainers carry a date of birth
            out["dob_differs"] = float(differs[present].mean()) if present.any() else 0.0
        else:
            out["dob_missing"] = float((~present).mean())
            out["dob_differs"] = float(differs.mean())
    in_gaz = truth["uprn"] != ""
    gaz_rows = gazetteer.reindex(truth["uprn"]).fillna("").reset_index(drop=True)
    postcode = records["postcode"].fillna("")
    out["postcode_differs"] = float(((postcode.to_numpy() != gaz_rows["postcode"].to_numpy()) & in_gaz).mean()
                                    + (postcode.to_numpy() == "")[~in_gaz.to_numpy()].sum() / len(records))
    address = address_text(source, records)
    out["address_words_missing"] = float((words_missing(address, gaz_rows) & in_gaz).mean())
    out["address_out_of_date"] = float(((truth["uprn"] != person["uprn"]) & in_gaz).mean())
    out["address_not_in_gazetteer"] = float((~in_gaz).mean())
    return out


def report(data_dir=None) -> str:
    """The Markdown table of measured rates for every source."""
    header = ["Source", "Records"] + [HEADINGS[m] for m in MEASURES]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for source in SOURCES:
        rates = measure(source, data_dir)
        cells = [f"`{source}`", f"{rates['records']:,}"]
        cells += ["—" if rates[m] is None else f"{100 * rates[m]:.1f} %" for m in MEASURES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def model_rates_table() -> str:
    """The person error model's rates per source (standard difficulty; "hard" doubles them), as Markdown."""
    kinds = [f.name for f in fields(PersonErrorRates)]
    lines = ["| Error kind | " + " | ".join(f"`{s}`" for s in SOURCES) + " |", "|" + "---|" * (len(SOURCES) + 1)]
    for kind in kinds:
        cells = [f"{100 * getattr(PERSON_ERROR_RATES[s], kind):.1f} %" for s in SOURCES]
        lines.append(f"| {kind.replace('_', ' ')} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def readme_path(data_dir=None) -> Path:
    return resolve_data_dir(data_dir).parent / "README.md"


def readme_block(text: str, start: str = README_START, end: str = README_END) -> str:
    """The text held between a pair of markers in data/README.md."""
    match = re.search(re.escape(start) + r"\n(.*?)" + re.escape(end), text, flags=re.S)
    if not match:
        raise ValueError(f"data/README.md has no {start} ... {end} block.")
    return match.group(1)


def with_readme_block(text: str, start: str, end: str, body: str) -> str:
    """``text`` with the block between the markers replaced by ``body`` (ValueError when the markers are missing)."""
    readme_block(text, start, end)
    return re.sub(re.escape(start) + r"\n.*?" + re.escape(end), lambda _: f"{start}\n{body}{end}", text, flags=re.S)


def update_readme(data_dir=None) -> None:
    """Rewrite the measured table and the model's rates in data/README.md."""
    path = readme_path(data_dir)
    text = path.read_text(encoding="utf-8")
    for start, end, body in ((README_START, README_END, report(data_dir)),
                             (RATES_START, RATES_END, model_rates_table())):
        text = with_readme_block(text, start, end, body)
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="data folder (default: the committed data/thamesbury)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the table in data/README.md")
    args = parser.parse_args(argv)
    if args.update_readme:
        update_readme(args.data)
    else:
        print(report(args.data), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
