"""The ways into the course, checked as far as this machine can: the repository address is one setting that every
route quotes, the Binder configuration has the shape repo2docker reads, and the Colab and JupyterHub lines point where
they should. (Binder, Colab and a hub cannot be reached from the test machine, so their files are checked, not run.)
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, unquote, urlparse

import yaml

from bootcamp.paths import ROOT

REPOSITORY = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
OWNER_NAME = urlparse(REPOSITORY).path.strip("/")
SETUP = (ROOT / "book" / "start" / "setup.md").read_text()
README = (ROOT / "README.md").read_text()


def test_every_route_quotes_the_one_repository_setting():
    for name, text in (("README.md", README), ("setup.md", SETUP)):
        addresses = set(re.findall(r"github\.com/[\w.-]+/[\w.-]+?(?=\.git\b|[/?\s)&]|$)", text))
        encoded = set(re.findall(r"github\.com%2F[\w.-]+%2F[\w.-]+", text))
        assert addresses, f"{name} quotes no repository"
        assert addresses | {unquote(e) for e in encoded} == {f"github.com/{OWNER_NAME}"}, (name, addresses, encoded)


def test_binder_configuration_has_python_311_r_and_opens_student_notebooks():
    binder = ROOT / "binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    packages = (binder / "apt.txt").read_text().split()
    assert {"r-base-core", "r-cran-irkernel", "r-cran-stringdist", "r-cran-dplyr"} <= set(packages)
    post_build = binder / "postBuild"
    assert os.access(post_build, os.X_OK), "repo2docker runs postBuild only when it is executable"
    script = post_build.read_text()
    assert script.startswith("#!/bin/bash") and "set -euo pipefail" in script
    assert "pip install --no-cache-dir -r requirements.txt" in script
    assert "IRkernel::installspec()" in script
    assert "python -m bootcamp student-notebooks student" in script


def test_the_binder_link_opens_a_student_notebook_that_the_edition_writes():
    from bootcamp.editions import toc_notebooks

    link = re.search(r"\((https://mybinder\.org/v2/gh/[^)]+)\)", SETUP).group(1)
    parsed = urlparse(link)
    assert parsed.path == f"/v2/gh/{OWNER_NAME}/HEAD"
    target = parse_qs(parsed.query)["urlpath"][0]
    assert target.startswith("lab/tree/student/")
    written = {str(p.relative_to(ROOT / "book")) for p in toc_notebooks(ROOT)}
    assert target.removeprefix("lab/tree/student/") in written


def test_the_colab_cell_clones_enters_installs_and_restarts():
    cell = re.search(r"```ipython\n(!git clone[^`]+)```", SETUP).group(1)  # ipython: Pygments reads ! and %
    lines = cell.strip().splitlines()
    clone, cd, install = lines[0], lines[1], lines[2]
    folder = OWNER_NAME.split("/")[1]
    assert clone.endswith(f"{REPOSITORY}.git")
    assert cd == f"%cd /content/{folder}", "the cell must change into the cloned folder"
    assert "pip install" in install and "requirements.txt" in install
    assert "Restart session" in SETUP and f"%cd /content/{folder}" in SETUP.split("Restart session")[1]


def test_the_nbgitpuller_link_pulls_this_repository_into_a_notebook():
    link = re.search(r"(https://hub\.[^\s]+/hub/user-redirect/git-pull\?[^\s]+)", SETUP).group(1)
    query = parse_qs(urlparse(link).query)
    assert query["repo"] == [REPOSITORY] and query["branch"] == ["main"]
    folder = OWNER_NAME.split("/")[1]
    assert query["urlpath"][0] == f"lab/tree/{folder}/book/start/meet_thamesbury.ipynb"
    assert (ROOT / "book" / "start" / "meet_thamesbury.ipynb").exists()
