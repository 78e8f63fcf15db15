"""Shared test set-up: which notebooks nbval collects, the R kernel rule, and the quick subset.

``python -m pytest -m "not slow"`` is the quick subset: every notebook cell (nbval) and every test marked ``slow``
(the book build, the browser, Spark) is left out.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from bootcamp.paths import ROOT  # noqa: E402 - the repository root, defined once

# The notebooks' last cell saves the learner's progress: in tests it goes to a throw-away folder, not the home folder.
os.environ.setdefault("BOOTCAMP_PROGRESS_DIR", tempfile.mkdtemp(prefix="bootcamp_progress_"))


def r_kernel_available() -> bool:
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        return "ir" in KernelSpecManager().find_kernel_specs()
    except Exception:
        return False


def pytest_ignore_collect(collection_path: Path, config):
    """Skip R notebooks when no R kernel is installed, except in CI, where the R chapter is required."""
    if collection_path.suffix == ".ipynb" and not os.environ.get("CI"):
        kernel = json.loads(collection_path.read_text()).get("metadata", {}).get("kernelspec", {}).get("name")
        if kernel == "ir" and not r_kernel_available():
            return True
    if collection_path.name == "_build" or ".ipynb_checkpoints" in collection_path.parts:
        return True
    return None


def pytest_collection_modifyitems(config, items):
    """Notebook cells run by nbval are slow: they belong to the full run, not the quick subset."""
    for item in items:
        if getattr(item, "path", Path()).suffix == ".ipynb":
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The learner edition of the book, built once per test session (warnings are errors)."""
    from bootcamp.editions import build

    return build("learner", tmp_path_factory.mktemp("site") / "learner")


@pytest.fixture(scope="session")
def built_trainer_site(tmp_path_factory):
    """The trainer edition of the book, built once per test session."""
    from bootcamp.editions import build

    return build("trainer", tmp_path_factory.mktemp("site") / "trainer")
