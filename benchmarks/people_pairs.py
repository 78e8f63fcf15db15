"""Person linkage on every pair of Thamesbury sources: does ``link_people`` at match probability ≥ 0.5 link the
same person, and not their household?

For each of the fifteen pairs of the six sources (left = the first in ``bootcamp.SOURCES`` order), the true pairs are
every (left, right) pair describing the same resident. The two adults-only systems say so: council tax and the
electoral register get ``adults_born_by`` (aged 18 or more on their extract date, ``data/README.md``), the fact an
analyst knows about them. Ways of running the course's pipeline:

- ``link_people`` — every pair scoring at least 0.5;
- ``link_people, no age check`` — the same without ``adults_born_by``, on the pairs where it matters (an
  adults-only system against one with dates of birth);
- ``one-to-one`` — ``link_people(..., one_to_one=True)``: each record in at most one link, for pairs of sources that
  each hold a person once (not housing benefit, which holds some claimants twice);
- ``one-to-one + UPRN`` — the same, with each record's UPRN from ``match_addresses`` (run on its own address against
  the gazetteer) as evidence in the location comparison.

Nothing is tuned here: the threshold 0.5 is "more likely a match than not", the meaning a probability should have.
The issue's bar is precision ≥ 0.95 and recall ≥ 0.90 on every pair.

    python -m benchmarks.people_pairs                  # the committed borough
    python -m benchmarks.people_pairs --data DIR       # another borough (e.g. another seed, --difficulty hard)

Writes results/people_pairs.csv and .md (or people_pairs_<name>.* with ``--name``).
"""

from __future__ import annotations

import argparse
import itertools
import time
import warnings

import pandas as pd

from benchmarks.common import write_table

THRESHOLD = 0.5
HOLDS_PEOPLE_TWICE = ("housing_benefit",)
ADULTS_ONLY = ("council_tax", "electoral_register")
HOLDS_DATES_OF_BIRTH = ("housing_benefit", "adult_social_care", "school_census", "shielding_list")


def _quiet():
    import logging

    warnings.filterwarnings("ignore")
    logging.getLogger("splink").setLevel(logging.ERROR)


def with_age_rule(source: str, records: pd.DataFrame) -> pd.DataFrame:
    """Council tax and the register hold only adults (the register's attainers carry a date of birth)."""
    from bootcamp.thamesbury.sources import SNAPSHOTS
    from solutions.probabilistic import adults_born_by

    return adults_born_by(records, SNAPSHOTS[source].isoformat()) if source in ADULTS_ONLY else records


def sources_with_uprns(data_dir=None) -> tuple[dict, dict]:
    """Each source in the standard person record, without and with the UPRN ``match_addresses`` gives it."""
    from bootcamp import SOURCES, load
    from solutions import match_addresses, standardise

    gazetteer = load("gazetteer", data_dir=data_dir)
    plain, with_uprn = {}, {}
    for source in SOURCES:
        plain[source] = with_age_rule(source, standardise(source, load(source, data_dir=data_dir)))
        matched = match_addresses(plain[source][["record_id", "address", "postcode"]], gazetteer)
        with_uprn[source] = plain[source].drop(columns="uprn").merge(matched[["record_id", "uprn"]], on="record_id",
                                                                      how="left", validate="one_to_one")
    return plain, with_uprn


def run(data_dir=None) -> pd.DataFrame:
    from bootcamp import SOURCES, load_truth
    from bootcamp.evaluation import linkage_metrics, pair_set, true_pairs
    from solutions import link_people

    _quiet()
    plain, with_uprn = sources_with_uprns(data_dir)
    truth = {s: load_truth(s, data_dir=data_dir) for s in SOURCES}
    without_age_rule = {s: t.drop(columns="born_by", errors="ignore") for s, t in plain.items()}
    rows = []
    for left, right in itertools.combinations(SOURCES, 2):
        expected = {(str(a), str(b)) for a, b in true_pairs(truth[left], truth[right])}
        once = not {left, right} & set(HOLDS_PEOPLE_TWICE)
        variants = [("link_people", plain, False)]
        if {left, right} & set(ADULTS_ONLY) and {left, right} & set(HOLDS_DATES_OF_BIRTH):
            variants.append(("link_people, no age check", without_age_rule, False))
        if once:
            variants += [("one-to-one", plain, True), ("one-to-one + UPRN", with_uprn, True)]
        for method, tables, one_to_one in variants:
            start = time.perf_counter()
            scored = link_people(tables[left], tables[right], one_to_one=one_to_one)
            linked = pair_set(scored[scored["match_probability"] >= THRESHOLD])
            m = linkage_metrics(linked, expected)
            rows.append({"left": left, "right": right, "method": method, "true_pairs": len(expected),
                         "links": len(linked), "precision": m["precision"], "recall": m["recall"], "f1": m["f1"],
                         "meets_bar": bool(m["precision"] >= 0.95 and m["recall"] >= 0.90),
                         "seconds": round(time.perf_counter() - start, 1)})
            print(rows[-1], flush=True)
    return pd.DataFrame(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=None, help="a borough folder (default: the committed data)")
    parser.add_argument("--name", default="people_pairs", help="results file name")
    args = parser.parse_args(argv)
    table = run(args.data)
    write_table(table, args.name, floatfmt=3)
    print(table.to_string())


if __name__ == "__main__":
    main()
