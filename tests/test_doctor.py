"""``python -m bootcamp doctor``: passes on a ready machine, and for each problem says what to do."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bootcamp import doctor


@pytest.mark.slow
def test_a_ready_machine_is_ready():
    completed = subprocess.run([sys.executable, "-m", "bootcamp", "doctor"], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Ready" in completed.stdout and "✓ Python 3." in completed.stdout
    assert "✓ Thamesbury council_tax" in completed.stdout


def test_old_python_is_refused_with_a_way_forward():
    finding = doctor.check_python((3, 9, 7))
    assert not finding.ok and "3.9.7" in finding.what and "venv" in finding.todo


def test_a_missing_package_says_how_to_install_it():
    findings = list(doctor.check_packages({"no_such_module_here": "no-such-package"}, pins={}))
    assert len(findings) == 1 and not findings[0].ok and findings[0].required
    assert "pip install -r requirements.txt" in findings[0].todo


def test_a_version_other_than_the_pin_is_a_warning_not_a_failure():
    findings = list(doctor.check_packages({"pandas": "pandas"}, pins={"pandas": "0.0.1"}))
    assert not findings[0].ok and not findings[0].required
    text, ready = doctor.report(findings)
    assert ready and "warning" in text


def test_missing_data_is_a_failure_with_advice(tmp_path):
    findings = list(doctor.check_data(tmp_path))
    assert findings and not any(f.ok for f in findings)
    text, ready = doctor.report(findings)
    assert not ready and "Not ready" in text and "python -m bootcamp data generate" in text


def test_pins_are_read_from_requirements(tmp_path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("# comment\npandas==2.3.3\nscikit_learn==1.9.1  # note\n-e .\n")
    assert doctor.pinned_versions(requirements) == {"pandas": "2.3.3", "scikit-learn": "1.9.1"}


@pytest.mark.slow
def test_jupyterlab_opens_with_the_myst_extension_enabled():
    """JupyterLab is installed by the learner install, and jupyterlab-myst is compatible with it (it is not with
    JupyterLab 4.5+, which is why requirements.txt pins 4.4)."""
    version = subprocess.run([sys.executable, "-m", "jupyterlab", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.startswith("4."), version.stderr
    listing = subprocess.run([sys.executable, "-m", "jupyter", "labextension", "list"], capture_output=True, text=True)
    text = listing.stdout + listing.stderr
    line = next((l for l in text.splitlines() if "jupyterlab-myst" in l and "enabled" in l), "")
    assert "OK" in line and "not compatible" not in text, text
