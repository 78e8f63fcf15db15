"""uk_address_matcher, the Ministry of Justice's address matcher, run beside the course's ``match_addresses``.

uk_address_matcher needs Splink 4 and duckdb < 2; the course uses Splink 5, so the two cannot share one environment.
This module keeps it in its own virtual environment, made once under ``~/.cache/bootcamp/uam-venv`` (outside the
repository; set ``BOOTCAMP_UAM_VENV`` to put it elsewhere), with a pinned version, and runs it in a subprocess:

    python -m benchmarks.uk_address_matcher_peer --install     # make the environment (needs the package index)

    from benchmarks.uk_address_matcher_peer import run_uk_address_matcher
    predicted, seconds = run_uk_address_matcher(records, gazetteer)    # record_id, uprn, match_weight, ...

The records are the course's shape (``record_id, address`` and optionally ``postcode``), the gazetteer too
(``uprn, saon, paon, street, locality, town, postcode``). The matcher is given what its documentation asks for:
``unique_id``, ``address_concat`` (the gazetteer's SAON, PAON, street, locality and town joined by commas; the record's
address as it is) and ``postcode`` (separate on both sides; a record without one is left to the matcher to parse).

Two configurations, both from its documentation (version 1.5.3):

- ``default``: ``AddressMatcher(...)`` as in its README: exact match, then Splink with its permissive thresholds
  (match weight ≥ -20, distinguishability ≥ 0), which keeps almost every best candidate;
- ``documented``: the stage list of its "Optimising accuracy" page: exact, peeled, unique-trigram, then Splink with
  ``final_match_weight_threshold=2.0`` and ``final_distinguishability_threshold=1.0``.
  (The page also lists ``DistinguishingTokenStage``, which 1.5.3 does not have.)

It runs entirely offline: its model and term-frequency tables ship inside the wheel (checked by running the
subprocess with no network, ``unshare -n``). The seconds returned are the
matcher's own wall time inside the subprocess (reading the two inputs, cleaning, matching, writing the answer), not
the interpreter's start-up; ``run_uk_address_matcher`` also returns the whole subprocess's time in ``details``.

This file is also the script the subprocess runs (``--child``); that part imports only duckdb and
uk_address_matcher, which the separate environment has.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

UAM_VERSION = "1.5.3"
VENV = Path(os.environ.get("BOOTCAMP_UAM_VENV", Path.home() / ".cache" / "bootcamp" / "uam-venv"))
CONFIGS = ("default", "documented")


def venv_python() -> Path:
    return VENV / "bin" / "python"


def installed_version() -> str | None:
    """The uk_address_matcher version in the separate environment, or None when there is none."""
    if not venv_python().exists():
        return None
    done = subprocess.run([str(venv_python()), "-c", "import uk_address_matcher as u; print(u.__version__)"],
                          capture_output=True, text=True)
    return done.stdout.strip() if done.returncode == 0 else None


def ensure_venv(version: str = UAM_VERSION) -> Path:
    """Make the separate environment with ``uk-address-matcher==version`` if it is missing; its python's path.

    Raises RuntimeError (saying why) when it cannot be installed, e.g. with no package index reachable.
    """
    if installed_version() == version:
        return venv_python()
    if not venv_python().exists():
        VENV.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    done = subprocess.run([str(venv_python()), "-m", "pip", "install", "-q", f"uk-address-matcher=={version}"],
                          capture_output=True, text=True)
    if done.returncode != 0 or installed_version() != version:
        raise RuntimeError(f"could not install uk-address-matcher=={version} in {VENV}: "
                           f"{(done.stderr or done.stdout).strip()[-400:]}")
    return venv_python()


def canonical_frame(gazetteer):
    """The gazetteer as uk_address_matcher's canonical input: unique_id (the UPRN), address_concat, postcode."""
    import pandas as pd

    parts = [c for c in ("saon", "paon", "street", "locality", "town") if c in gazetteer.columns]
    text = gazetteer[parts].astype(object).where(gazetteer[parts].notna(), None)
    joined = [", ".join(str(v).strip() for v in row if v is not None and str(v).strip())
              for row in text.itertuples(index=False)]
    return pd.DataFrame({"unique_id": gazetteer["uprn"].astype(str).to_numpy(), "address_concat": joined,
                         "postcode": gazetteer["postcode"].astype(object).to_numpy()})


def messy_frame(records):
    """The records as uk_address_matcher's messy input: unique_id, address_concat, postcode (may be empty)."""
    import pandas as pd

    postcode = records["postcode"] if "postcode" in records.columns else pd.Series(None, index=records.index)
    return pd.DataFrame({"unique_id": records["record_id"].astype(str).to_numpy(),
                         "address_concat": records["address"].astype(object).where(records["address"].notna(), ""
                                                                                   ).to_numpy(),
                         "postcode": postcode.astype(object).where(postcode.notna() & (postcode.astype(str) != ""),
                                                                   None).to_numpy()})


def run_uk_address_matcher(records, gazetteer, config: str = "default", timeout: float = 1800):
    """uk_address_matcher's answer for each record: (frame, seconds, details).

    The frame has ``record_id, uprn`` (None when it gives no match), ``match_reason``, ``match_weight`` and
    ``distinguishability``, one row per record in the records' order. ``seconds`` is the matcher's wall time inside
    the subprocess; ``details`` holds the subprocess's total time and the version.
    """
    import pandas as pd

    from bootcamp.validate import BootcampInputError, require_frame

    require_frame(records, "records", ["record_id", "address"])
    require_frame(gazetteer, "gazetteer", ["uprn", "saon", "paon", "street", "town", "postcode"])
    if records["record_id"].isna().any() or records["record_id"].astype(str).duplicated().any():
        raise BootcampInputError("records needs a record_id on every row, each one different.")
    if config not in CONFIGS:
        raise BootcampInputError(f"config must be one of {CONFIGS}, not {config!r}.")
    python = ensure_venv()
    with tempfile.TemporaryDirectory(prefix="uam_") as tmp:
        tmp = Path(tmp)
        canonical_frame(gazetteer).to_csv(tmp / "canonical.csv", index=False)
        messy_frame(records).to_csv(tmp / "messy.csv", index=False)
        start = time.perf_counter()
        done = subprocess.run([str(python), str(Path(__file__).resolve()), "--child", str(tmp), config],
                              capture_output=True, text=True, timeout=timeout, cwd=tmp,
                              env={**os.environ, "PYTHONPATH": ""})
        total = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(f"uk_address_matcher failed: {done.stderr.strip()[-800:]}")
        info = json.loads((tmp / "info.json").read_text())
        out = pd.read_csv(tmp / "matches.csv", dtype=str, keep_default_na=False, na_values=[""])
    out = out.rename(columns={"unique_id": "record_id", "resolved_canonical_id": "uprn"})
    for c in ("match_weight", "distinguishability"):
        out[c] = pd.to_numeric(out[c], errors="coerce") if c in out.columns else float("nan")
    out = out.drop_duplicates("record_id")
    answer = pd.DataFrame({"record_id": records["record_id"].astype(str).to_numpy()}).merge(
        out[["record_id", "uprn", "match_reason", "match_weight", "distinguishability"]], on="record_id", how="left")
    answer["uprn"] = answer["uprn"].astype(object).where(answer["uprn"].notna(), None)
    return answer, info["seconds"], {"subprocess_seconds": round(total, 2), "version": info["version"],
                                     "stages": info["stages"]}


# --- the subprocess (runs in the separate environment) --------------------------------------------------------------


def _child(folder: str, config: str) -> None:
    import logging

    import duckdb
    import uk_address_matcher as uam
    from uk_address_matcher import AddressMatcher, ExactMatchStage, PeeledAddressStage, SplinkStage, \
        UniqueTrigramStage

    logging.disable(logging.WARNING)
    folder = Path(folder)
    start = time.perf_counter()
    con = duckdb.connect()
    con.execute("SET threads TO 2")
    canonical = con.read_csv(str(folder / "canonical.csv"), all_varchar=True)
    messy = con.read_csv(str(folder / "messy.csv"), all_varchar=True)
    if config == "documented":
        stages = [ExactMatchStage(), PeeledAddressStage(), UniqueTrigramStage(),
                  SplinkStage(final_match_weight_threshold=2.0, final_distinguishability_threshold=1.0)]
    else:
        stages = None
    matcher = AddressMatcher(canonical_addresses=canonical, addresses_to_match=messy, con=con, stages=stages,
                             show_progress="off")
    result = matcher.match()
    result.matches().write_csv(str(folder / "matches.csv"))
    seconds = time.perf_counter() - start
    (folder / "info.json").write_text(json.dumps({
        "seconds": round(seconds, 2), "version": uam.__version__,
        "stages": [type(s).__name__ for s in matcher.stages]}))


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "default")
    elif len(sys.argv) >= 2 and sys.argv[1] == "--install":
        print(ensure_venv())
    else:
        print(__doc__)
