"""How Thamesbury compares with real boroughs: structural properties measured on the data, each beside a public figure.

    python -m bootcamp data properties [--data DIR] [--update-readme]
    python -m bootcamp.thamesbury.properties [--data DIR] [--update-readme]

Every Thamesbury figure is computed here from the gazetteer and truth/people.csv; nothing is read from the
generator's settings. Every public figure is quoted from a named, published source (``PUBLIC_FIGURES``); where no
published figure was found the table says so and leaves the ratio empty rather than invent one. data/README.md holds
the table between the markers below, and a test checks that it still equals this module's output, so the README
cannot drift from the data.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from bootcamp.loading import load, load_truth
from bootcamp.thamesbury.error_report import readme_path, with_readme_block
from bootcamp.validate import require_frame

README_START, README_END = "<!-- data-properties:start -->", "<!-- data-properties:end -->"
COLUMNS = ["property", "thamesbury", "public_figure", "public_source", "ratio", "within_factor_two"]
PARENT_SHELL = "PP"  # AddressBase class of a block or converted house: not itself a delivery point
TOP_SURNAMES = 10

# The ten commonest surnames in the UK and their share of the 1996 electoral register (per cent), from the
# "Comparative Table of 300 Leading Surnames" (last column, "UK 1996 Electoral Reg %"). The public figure for the
# top-ten share is their sum, so the reader can check each term.
UK_1996_TOP_SURNAME_PERCENT = {"SMITH": 1.20, "JONES": 0.90, "WILLIAMS": 0.62, "BROWN": 0.58, "TAYLOR": 0.56,
                               "DAVIES": 0.47, "WILSON": 0.42, "EVANS": 0.38, "THOMAS": 0.34, "JOHNSON": 0.33}
# London at Census 2021 (first results, rounded): usual residents and households.
LONDON_2021_RESIDENTS, LONDON_2021_HOUSEHOLDS = 8_799_800, 3_423_800


@dataclass(frozen=True)
class PublicFigure:
    """A published figure and where it was published (title, publisher, year, address)."""

    value: float
    source: str


@dataclass(frozen=True)
class Borough:
    """The two tables every property is measured on: the gazetteer and the residents (truth/people.csv)."""

    gazetteer: pd.DataFrame
    people: pd.DataFrame

    def __post_init__(self):
        require_frame(self.gazetteer, "gazetteer", ["uprn", "usrn", "postcode", "classification"])
        require_frame(self.people, "people", ["person_id", "first_name", "last_name", "household_id"])


# --- what is measured ------------------------------------------------------------------------------------------------

def delivery_points(gazetteer: pd.DataFrame) -> pd.DataFrame:
    """Residential and commercial addresses with a postcode: every gazetteer row except parent shells (``PP``)."""
    points = gazetteer[gazetteer["classification"] != PARENT_SHELL]
    return points[points["postcode"].notna()]


def delivery_points_per_unit(borough: Borough) -> pd.Series:
    """How many delivery points each postcode unit holds."""
    return delivery_points(borough.gazetteer).groupby("postcode").size()


def streets_per_unit(borough: Borough) -> pd.Series:
    """How many streets (distinct USRNs: two streets may share a name) each postcode unit's delivery points lie on."""
    return delivery_points(borough.gazetteer).groupby("postcode")["usrn"].nunique()


def units_per_street(borough: Borough) -> pd.Series:
    """How many postcode units each street with at least one delivery point spans."""
    return delivery_points(borough.gazetteer).groupby("usrn")["postcode"].nunique()


def household_sizes(borough: Borough) -> pd.Series:
    """Residents per household (in Thamesbury each household occupies one dwelling)."""
    return borough.people.groupby("household_id").size()


def surname_counts(borough: Borough) -> pd.Series:
    """Residents per surname, commonest first (ties broken by the surname, so the order is the same everywhere)."""
    counts = borough.people["last_name"].dropna().value_counts().rename("residents").reset_index()
    counts = counts.sort_values(["residents", "last_name"], ascending=[False, True], kind="stable")
    return counts.set_index("last_name")["residents"]


def mean_delivery_points_per_unit(borough: Borough) -> float:
    return float(delivery_points_per_unit(borough).mean())


def median_delivery_points_per_unit(borough: Borough) -> float:
    return float(delivery_points_per_unit(borough).median())


def max_delivery_points_per_unit(borough: Borough) -> float:
    return float(delivery_points_per_unit(borough).max())


def mean_streets_per_unit(borough: Borough) -> float:
    return float(streets_per_unit(borough).mean())


def share_of_units_with_two_or_more_streets(borough: Borough) -> float:
    return float((streets_per_unit(borough) >= 2).mean())


def mean_units_per_street(borough: Borough) -> float:
    return float(units_per_street(borough).mean())


def mean_household_size(borough: Borough) -> float:
    return float(household_sizes(borough).mean())


def share_of_one_person_households(borough: Borough) -> float:
    return float((household_sizes(borough) == 1).mean())


def distinct_surnames_per_10000_residents(borough: Borough) -> float:
    return 10_000 * len(surname_counts(borough)) / len(borough.people)


def share_with_top_ten_surnames(borough: Borough) -> float:
    return float(surname_counts(borough).head(TOP_SURNAMES).sum() / len(borough.people))


def share_with_a_namesake_at_home(borough: Borough) -> float:
    """Residents who share both first and last name with another member of their own household."""
    group = borough.people.groupby(["household_id", "first_name", "last_name"], dropna=False)["person_id"]
    return float((group.transform("size") > 1).mean())


def share_of_households_with_several_surnames(borough: Borough) -> float:
    """Among households of two or more people (one person has one surname), those whose members' surnames differ."""
    people = borough.people
    sizes = household_sizes(borough)
    surnames = people.groupby("household_id")["last_name"].nunique()
    shared = sizes[sizes >= 2].index
    return float((surnames.loc[shared] > 1).mean())


# --- the table -------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Property:
    """One measured property: how to measure it, how to show it, its public figure and, when Thamesbury is more than
    a factor of two away (or no figure exists), why."""

    name: str
    measure: Callable[[Borough], float]
    kind: str  # "number" or "share" (a share is shown as a percentage)
    public: PublicFigure | None
    why_not: str


OS_POSTCODE_UNIT = ("Ordnance Survey, postcode ontology, class *PostcodeUnit* (\"identify an average of 15 addresses "
                    "... The maximum number of addresses in a postcode is 100\"), "
                    "http://data.ordnancesurvey.co.uk/ontology/postcode/PostcodeUnit")
NO_FIGURE = "no published figure found"

PROPERTIES = (
    Property("Delivery points per postcode unit (mean)", mean_delivery_points_per_unit, "number",
             PublicFigure(15, OS_POSTCODE_UNIT), ""),
    Property("Delivery points per postcode unit (median)", median_delivery_points_per_unit, "number",
             PublicFigure(15, "National Records of Scotland, *Postcode Units* layer description (small-user postcode: "
                              "\"up to 100 addresses, but 15 is a more typical number\"; read here as the median), "
                              "https://services2.arcgis.com/fq3IIWzrdf1xBoPI/ArcGIS/rest/services/Leader_AGOL/"
                              "FeatureServer/3"), ""),
    Property("Delivery points per postcode unit (largest)", max_delivery_points_per_unit, "number",
             PublicFigure(100, OS_POSTCODE_UNIT), ""),
    Property("Streets per postcode unit (mean)", mean_streets_per_unit, "number", None,
             "No published average was found. A new street in Thamesbury usually opens its own unit, but 60 % of the "
             "time, when its district's open unit has room, it takes in the rest of that unit, as a corner, a mews or a "
             "close off a longer road does; so a postcode and a house number do not always point to one street."),
    Property("Postcode units with two or more streets", share_of_units_with_two_or_more_streets, "share", None,
             "No published share was found; Royal Mail draws units around delivery walks, and answers to the question "
             "differ. Thamesbury's share comes from the rule above (`SHARED_UNIT_SHARE` in "
             "`bootcamp/thamesbury/gazetteer.py`)."),
    Property("Postcode units per street (mean, streets with an address)", mean_units_per_street, "number", None,
             "A long street spans several units in Thamesbury too; no published national average was found to set "
             "beside it."),
    Property("People per household (mean)", mean_household_size, "number",
             PublicFigure(LONDON_2021_RESIDENTS / LONDON_2021_HOUSEHOLDS,
                          "London Councils, *Population and census* (Census 2021 first results: London "
                          f"{LONDON_2021_RESIDENTS:,} people in {LONDON_2021_HOUSEHOLDS:,} households; the residents "
                          "include those in communal establishments, so the true household mean is a little lower; "
                          "England and Wales: 2.4, ONS 2022), "
                          "http://www.londoncouncils.gov.uk/our-key-themes/local-government-finance/"
                          "population-and-census"),
             ""),
    Property("One-person households", share_of_one_person_households, "share",
             PublicFigure(0.293, "OnLondon, *Census 2021: Londoners who live alone and with 'adult children'*, 2023 "
                                 "(29.3 % of London's households, from ONS Census 2021), "
                                 "https://www.onlondon.co.uk/"
                                 "census-2021-londoners-who-live-alone-and-with-adult-children/"),
             ""),
    Property("Distinct surnames per 10,000 residents", distinct_surnames_per_10000_residents, "number", None,
             "No published count for a borough-sized population was found (the count grows with the population, so "
             "national totals do not compare). Thamesbury draws surnames, origin by origin, from curated lists "
             "extended by Faker's locale lists (about 4,700 surnames in all), with Zipf-like weights; a real "
             "borough has more rare surnames still, and some origins (Bangladeshi, Somali, Chinese) keep short "
             "lists here."),
    Property("Residents with one of the 10 commonest surnames", share_with_top_ten_surnames, "share",
             PublicFigure(sum(UK_1996_TOP_SURNAME_PERCENT.values()) / 100,
                          "*Comparative Table of 300 Leading Surnames*, UK 1996 electoral register column (Smith 1.20 "
                          "%, Jones 0.90 %, ... Johnson 0.33 %; the sum of the top ten), surname statistics pages, "
                          "http://homepages.newnet.co.uk/dance/webpjd/offstats/comtable.htm (the same tables: "
                          "http://surnamestudies.org.uk/statistics/engwales.htm); a London borough, with more diverse "
                          "names, would have a lower share still"),
             "The commonest surnames are too common for a London borough: the lists, long as they now are, are "
             "shorter than life's."),
    Property("Residents sharing first and last name with someone at home", share_with_a_namesake_at_home, "share",
             None,
             "No published figure was found. Real homes have few such namesakes (mostly a father and son with a "
             "\"junior\" name); Thamesbury gives 2 % of the sons of a male householder their father's first name, "
             "and otherwise draws a household's first names without repeats."),
    Property("Households of 2+ people whose members have more than one surname",
             share_of_households_with_several_surnames, "share", None,
             "No published figure was found: the census does not record surnames."),
)


def measure_all(gazetteer: pd.DataFrame, people: pd.DataFrame) -> pd.DataFrame:
    """Every property measured on ``gazetteer`` and ``people``, beside its public figure, one row per property."""
    borough = Borough(gazetteer, people)
    rows = []
    for prop in PROPERTIES:
        value = prop.measure(borough)
        public = prop.public.value if prop.public else None
        ratio = value / public if public else None
        rows.append({"property": prop.name, "thamesbury": value, "public_figure": public,
                     "public_source": prop.public.source if prop.public else NO_FIGURE, "ratio": ratio,
                     "within_factor_two": None if ratio is None else bool(0.5 <= ratio <= 2)})
    return pd.DataFrame(rows, columns=COLUMNS)


def measured_properties(data_dir=None) -> pd.DataFrame:
    """The measured-properties table for the Thamesbury data in ``data_dir`` (default: the committed data):
    ``property, thamesbury, public_figure, public_source, ratio, within_factor_two``."""
    return measure_all(load("gazetteer", data_dir), load_truth("people", data_dir))


# --- Markdown for data/README.md -------------------------------------------------------------------------------------

def _cell(value, kind: str) -> str:
    if value is None or pd.isna(value):
        return "—"
    if kind == "share":
        return f"{100 * value:.1f} %"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def report(data_dir=None) -> str:
    """The table as Markdown, then one note for each property with no public figure or outside a factor of two."""
    table = measured_properties(data_dir)
    kinds = {prop.name: prop.kind for prop in PROPERTIES}
    lines = ["| Property | Thamesbury | Public figure | Ratio | Within a factor of two | Source |",
             "|---|---|---|---|---|---|"]
    notes = []
    for row in table.itertuples(index=False):
        kind = kinds[row.property]
        within = {True: "yes", False: "**no**", None: "—"}[row.within_factor_two]
        ratio = "—" if row.ratio is None or pd.isna(row.ratio) else f"{row.ratio:.2f}"
        lines.append(f"| {row.property} | {_cell(row.thamesbury, kind)} | {_cell(row.public_figure, kind)} | "
                     f"{ratio} | {within} | {row.public_source.replace('|', '/')} |")
        if not row.within_factor_two:  # outside a factor of two, or no public figure (None)
            why = next(prop.why_not for prop in PROPERTIES if prop.name == row.property)
            notes.append(f"- **{row.property}**: {why}")
    return "\n".join(lines) + "\n\n" + "\n".join(notes) + "\n"


def update_readme(data_dir=None) -> None:
    """Rewrite the measured-properties block in data/README.md."""
    path = readme_path(data_dir)
    text = path.read_text(encoding="utf-8")
    path.write_text(with_readme_block(text, README_START, README_END, report(data_dir)), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="data folder (default: the committed data/thamesbury)")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the table in data/README.md")
    args = parser.parse_args(argv)
    run(args.data, args.update_readme)
    return 0


def run(data_dir=None, update: bool = False) -> None:
    """Print the table, or write it into data/README.md (used by ``python -m bootcamp data properties``)."""
    if update:
        update_readme(data_dir)
    else:
        print(report(data_dir), end="")


if __name__ == "__main__":
    raise SystemExit(main())
