"""How fast is the reference address matcher? Times ``match_addresses`` on 100,000 records.

The records are every Thamesbury source's addresses (one line, with the postcode column where the source has one),
repeated and perturbed with a fixed seed until there are 100,000: case changes, commas dropped, Road/Rd and
Street/St swapped, the postcode moved into the text or left out, two neighbouring letters swapped in a word, the town
dropped. Perturbing keeps most records distinct, so the matcher cannot answer repeats from its cache of identical
inputs. The target is under 2 minutes on the course's 2-core machine.

    python benchmarks/address_speed.py            # 100,000 records
    python benchmarks/address_speed.py 20000      # a smaller run

Writes benchmarks/results/address_speed.csv. This is a measurement, not a timed test: a shared machine's load changes
the number, so the CSV records the machine's load average next to it.
"""

from __future__ import annotations

import os
import platform
import random
import re
import sys
import time
from pathlib import Path

import pandas as pd

from bootcamp import SOURCES, load
from solutions import match_addresses
from solutions.addresses import address_one_line

RESULTS = Path(__file__).resolve().parent / "results" / "address_speed.csv"
TARGET_SECONDS = 120
SEED = 20260331
SWAPS = [("ROAD", "RD"), ("STREET", "ST"), ("AVENUE", "AVE"), ("GARDENS", "GDNS"), ("CLOSE", "CL"), ("HOUSE", "HO")]


def _perturb(address: str, postcode, rng: random.Random) -> tuple[str, object]:
    ops = rng.sample(range(6), k=rng.randint(1, 3))
    for op in ops:
        if op == 0:
            address = rng.choice([str.upper, str.lower, str.title])(address)
        elif op == 1:
            address = address.replace(",", "")
        elif op == 2:
            long, short = rng.choice(SWAPS)
            if re.search(rf"\b{long}\b", address, re.I):
                address = re.sub(rf"\b{long}\b", short, address, count=1, flags=re.I)
            else:
                address = re.sub(rf"\b{short}\b", long, address, count=1, flags=re.I)
        elif op == 3 and isinstance(postcode, str):
            address, postcode = (f"{address}, {postcode}", None) if rng.random() < 0.7 else (address, None)
        elif op == 4:
            words = [w for w in re.findall(r"[A-Za-z]{5,}", address)]
            if words:
                w = rng.choice(words)
                i = rng.randrange(len(w) - 1)
                address = address.replace(w, w[:i] + w[i + 1] + w[i] + w[i + 2:], 1)
        elif op == 5:
            address = re.sub(r",?\s*\bLONDON\b", "", address, flags=re.I)
    return address, postcode


def benchmark_records(n: int = 100_000, seed: int = SEED) -> pd.DataFrame:
    """n records built from every source's addresses, repeated and perturbed (the first pass unperturbed)."""
    base = pd.concat([address_one_line(load(s)) for s in SOURCES], ignore_index=True)
    rng = random.Random(seed)
    addresses, postcodes = [], []
    for k in range(n):
        row = base.iloc[k % len(base)]
        address, postcode = row["address"], row["postcode"]
        if k >= len(base):
            address, postcode = _perturb(address if isinstance(address, str) else "", postcode, rng)
        addresses.append(address)
        postcodes.append(postcode)
    return pd.DataFrame({"record_id": [f"B{k:06d}" for k in range(n)], "address": addresses, "postcode": postcodes})


def main(n: int = 100_000) -> pd.DataFrame:
    records = benchmark_records(n)
    gazetteer = load("gazetteer")
    distinct = records[["address", "postcode"]].astype(str).drop_duplicates().shape[0]
    start = time.perf_counter()
    matched = match_addresses(records, gazetteer)
    seconds = time.perf_counter() - start
    result = pd.DataFrame([{
        "records": len(records), "distinct_inputs": distinct, "gazetteer_rows": len(gazetteer),
        "matched_share": round(float(matched["uprn"].notna().mean()), 4), "seconds": round(seconds, 1),
        "records_per_second": round(len(records) / seconds), "target_seconds": TARGET_SECONDS,
        "within_target": seconds < TARGET_SECONDS, "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
    }])
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    result.to_csv(RESULTS, index=False)
    print(result.T.to_string(header=False))
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
