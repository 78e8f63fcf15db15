"""Notebook budget: run every notebook of the book top to bottom in a fresh kernel and record its wall time.

The course's rule is under 60 s per notebook on two cores (CONTRIBUTING.md, "Add a chapter"). tests/test_benchmarks.py fails when a stored
time exceeds it. Notebooks are run as nbval runs them (their own folder as the working directory) and are not
written back. A notebook whose kernel is not installed here (the R chapter without IRkernel) is recorded as not run.

    python -m benchmarks.notebook_times

Writes results/notebook_times.csv and .md.
"""

from __future__ import annotations

import os
import time

import nbformat
import pandas as pd
import yaml

from benchmarks.common import ROOT, write_table

BUDGET_SECONDS = 60


def toc_notebooks() -> list:
    """Every notebook of the book: those in _toc.yml in book order, then any not (yet) listed."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    listed = [ROOT / f"{f}.ipynb" for f in files if (ROOT / f"{f}.ipynb").exists()]
    others = sorted(p for p in (ROOT / "book").rglob("*.ipynb")
                    if p not in listed and ".ipynb_checkpoints" not in p.parts and "_build" not in p.parts)
    return listed + others


def run_notebook(path) -> dict:
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    row = {"notebook": str(path.relative_to(ROOT)), "kernel": kernel}
    if kernel not in KernelSpecManager().find_kernel_specs():
        return {**row, "seconds": None, "status": "kernel not installed"}
    load = os.getloadavg()[0]
    client = NotebookClient(nb, timeout=600, kernel_name=kernel, resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    try:
        client.execute()
        status = "ok"
    except Exception as error:  # a failing notebook is recorded, the run goes on
        status = f"failed: {type(error).__name__}"
    seconds = time.perf_counter() - start
    return {**row, "seconds": round(seconds, 1), "status": status, "load_average": round(load, 1)}


def main() -> pd.DataFrame:
    rows = []
    for path in toc_notebooks():
        row = run_notebook(path)
        print(f"  {row['notebook']:50s} {row['seconds']!s:>6} s  {row['status']}")
        rows.append(row)
    table = pd.DataFrame(rows)
    table["within_60_s"] = table["seconds"].map(lambda s: None if s is None or s != s else bool(s <= BUDGET_SECONDS))
    table = table[["notebook", "kernel", "seconds", "within_60_s", "status", "load_average"]]
    write_table(table, "notebook_times", floatfmt=1)
    return table


if __name__ == "__main__":
    main()
