"""``python -m bootcamp doctor``: is this computer ready for the course? Each problem comes with what to do.

It checks the Python version, the course's packages (against the versions in ``requirements.txt``), JupyterLab and
its MyST extension, the Jupyter kernels (Python, and R for chapter B3 if asked), and the Thamesbury data. Advice is
written for someone without administrator rights: everything installs into a virtual environment in your own
folder.
"""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from bootcamp.paths import DATA, ROOT

PYTHON_MIN = (3, 11)
# import name -> distribution name, for the packages a learner's notebooks use
LEARNER_PACKAGES = {
    "pandas": "pandas", "numpy": "numpy", "matplotlib": "matplotlib", "altair": "altair",
    "recordlinkage": "recordlinkage", "rapidfuzz": "rapidfuzz", "jellyfish": "jellyfish",
    "sklearn": "scikit-learn", "scipy": "scipy", "splink": "splink", "duckdb": "duckdb",
    "address_errors": "address-errors", "cloudpickle": "cloudpickle", "jupyter_book": "jupyter-book",
    "jupyterlab": "jupyterlab", "jupyterlab_myst": "jupyterlab-myst", "ipykernel": "ipykernel",
}
INSTALL = "python -m pip install -r requirements.txt"


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str
    todo: str = ""  # what to do when not ok
    required: bool = True  # a failed optional check is a warning, not a failure

    def line(self) -> str:
        mark = "✓" if self.ok else ("✗" if self.required else "!")
        text = f"{mark} {self.what}"
        return text if self.ok else f"{text}\n    → {self.todo}"


def pinned_versions(requirements=ROOT / "requirements.txt") -> dict[str, str]:
    """``name==version`` lines of a requirements file, by lower-case distribution name."""
    pins = {}
    if requirements.exists():
        for line in requirements.read_text().splitlines():
            match = re.match(r"^\s*([A-Za-z0-9_.-]+)==([^\s#;]+)", line)
            if match:
                pins[match[1].lower().replace("_", "-")] = match[2]
    return pins


def check_python(version=sys.version_info) -> Finding:
    shown = ".".join(map(str, version[:3]))
    if tuple(version[:2]) >= PYTHON_MIN:
        return Finding(True, f"Python {shown}")
    return Finding(False, f"Python {shown} is too old: the course needs Python 3.11 or newer",
                   "Install Python 3.11 for your user only (python.org's installer: untick 'for all users'; or ask "
                   "IT for Python 3.11 from the software centre), then make a new virtual environment with it: "
                   "python3.11 -m venv .venv")


def check_packages(packages=LEARNER_PACKAGES, pins=None) -> Iterator[Finding]:
    pins = pinned_versions() if pins is None else pins
    for module, distribution in packages.items():
        try:
            importlib.import_module(module)
            installed = metadata.version(distribution)
        except Exception as exc:  # noqa: BLE001 - ImportError, or a package broken on import
            yield Finding(False, f"{distribution} cannot be imported ({type(exc).__name__})",
                          f"Activate the course's virtual environment, then run: {INSTALL}")
            continue
        wanted = pins.get(distribution.lower())
        if wanted and installed != wanted:
            yield Finding(False, f"{distribution} {installed} is installed; the course is tested with {wanted}",
                          f"Usually harmless. If a notebook misbehaves, run: {INSTALL}", required=False)
        else:
            yield Finding(True, f"{distribution} {installed}")


def check_kernels(want_r: bool = False) -> Iterator[Finding]:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        kernels = KernelSpecManager().find_kernel_specs()
    except Exception as exc:  # noqa: BLE001
        yield Finding(False, f"Jupyter cannot list its kernels ({type(exc).__name__})", f"Run: {INSTALL}")
        return
    if "python3" in kernels:
        yield Finding(True, "Jupyter kernel: Python")
    else:
        yield Finding(False, "no Python kernel for Jupyter",
                      "Run: python -m ipykernel install --user --name python3")
    if "ir" in kernels:
        yield Finding(True, "Jupyter kernel: R (chapter B3)")
    else:
        yield Finding(False, "no R kernel: chapter B3 (data linkage in R) will not open",
                      "B3 is the only R chapter; skip it, or use the Binder link on the Setup page, which has R. "
                      "With R installed, run in R: install.packages(c('IRkernel','stringdist','dplyr','stringr',"
                      "'readr')); IRkernel::installspec()", required=want_r)


def check_data(data_dir=DATA) -> Iterator[Finding]:
    from bootcamp.loading import TABLES, load

    for table in TABLES:
        try:
            rows = len(load(table, data_dir))
        except Exception as exc:  # noqa: BLE001
            yield Finding(False, f"Thamesbury's {table} cannot be read: {exc}",
                          "Your copy of the course is incomplete: download or clone it again, or regenerate the data "
                          "with: python -m bootcamp data generate")
            continue
        yield Finding(rows > 0, f"Thamesbury {table}: {rows:,} rows",
                      "The file is empty: regenerate the data with: python -m bootcamp data generate")


def check_jupyterlab() -> Finding:
    import shutil

    if shutil.which("jupyter-lab") or shutil.which("jupyter-lab.exe"):
        return Finding(True, "JupyterLab: the `jupyter lab` command is on your PATH")
    return Finding(False, "the `jupyter lab` command is not on your PATH",
                   "Activate the course's virtual environment first (.venv\\Scripts\\activate on Windows, "
                   f"source .venv/bin/activate elsewhere); if it is still missing, run: {INSTALL}", required=False)


def examine(want_r: bool = False) -> list[Finding]:
    findings = [check_python(), *check_packages(), check_jupyterlab(), *check_kernels(want_r)]
    return findings + list(check_data())


def report(findings: list[Finding]) -> tuple[str, bool]:
    ready = all(f.ok or not f.required for f in findings)
    lines = [f.line() for f in findings]
    problems = sum(not f.ok and f.required for f in findings)
    warnings = sum(not f.ok and not f.required for f in findings)
    if ready:
        lines.append("\nReady: open JupyterLab with `jupyter lab` and start with book/start/meet_thamesbury.ipynb."
                     + (f" ({warnings} warning{'s' * (warnings != 1)} above: worth a look, not a blocker.)"
                        if warnings else ""))
    else:
        lines.append(f"\nNot ready: {problems} problem{'s' * (problems != 1)} above (✗), each with what to do. "
                     "Stuck? Use the browser route on the Setup page, or show this output to your mentor.")
    return "\n".join(lines), ready


def main(want_r: bool = False) -> int:
    text, ready = report(examine(want_r))
    print(text)
    return 0 if ready else 1
