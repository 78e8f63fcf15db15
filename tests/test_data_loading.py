"""Tests of bootcamp.load / load_truth: names, types, the data folder, speed and clear errors."""

from __future__ import annotations

import time

import pandas as pd
import pytest

from bootcamp import SOURCES, load, load_truth
from bootcamp.loading import resolve_data_dir
from bootcamp.paths import DATA
from bootcamp.validate import BootcampInputError


def test_sources_are_the_six_systems():
    assert SOURCES == ("council_tax", "electoral_register", "housing_benefit", "adult_social_care", "school_census",
                       "shielding_list")


def test_sources_are_text_and_keep_placeholder_junk():
    hb = load("housing_benefit")
    assert all(dtype == object for dtype in hb.dtypes)
    assert hb["postcode"].isin(["N/A", "UNKNOWN", "."]).any()
    assert load("council_tax")["record_id"].str.startswith("CT").all()


def test_gazetteer_coordinates_are_numbers_and_ids_text():
    gazetteer = load("gazetteer")
    assert pd.api.types.is_integer_dtype(gazetteer["easting"]) and pd.api.types.is_integer_dtype(gazetteer["northing"])
    assert gazetteer["uprn"].map(type).eq(str).all()


def test_only_empty_cells_are_missing():
    ct = load("council_tax")
    assert ct["address_line_4"].isna().any()  # empty cells are missing
    assert not (ct.fillna("x") == "").any().any()


def test_truth_tables():
    assert len(load_truth("people")) == 25_000
    for source in SOURCES:
        assert list(load_truth(source).columns) == ["record_id", "person_id", "uprn"]


def test_unknown_names_list_what_is_available():
    with pytest.raises(BootcampInputError, match="available: gazetteer, council_tax"):
        load("council_tax_2024")
    with pytest.raises(BootcampInputError, match="available: people, council_tax"):
        load_truth("gazetteer")


def test_missing_folder_says_how_to_make_the_data(tmp_path):
    with pytest.raises(BootcampInputError, match="data generate"):
        load("gazetteer", tmp_path)


def test_data_dir_default_and_environment_override(monkeypatch, tmp_path):
    monkeypatch.delenv("BOOTCAMP_DATA", raising=False)
    assert resolve_data_dir() == DATA
    monkeypatch.setenv("BOOTCAMP_DATA", str(tmp_path))
    assert resolve_data_dir() == tmp_path
    assert resolve_data_dir(DATA) == DATA


def test_loading_everything_takes_under_two_seconds(monkeypatch):
    monkeypatch.delenv("BOOTCAMP_DATA", raising=False)
    started = time.perf_counter()
    for name in ("gazetteer",) + SOURCES:
        load(name)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"loading the gazetteer and sources took {elapsed:.2f} s"
