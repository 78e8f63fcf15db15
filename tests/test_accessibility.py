"""Accessibility of the built site: axe-core on every page with no serious or critical violation, headings in order,
alt text on every figure and chart, the keyboard reaches the content, and the charts' colours are colour-blind safe."""

from __future__ import annotations

import pytest

from tests.site_browser import crawl

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(built_site):
    return crawl(str(built_site))


def test_axe_finds_no_serious_or_critical_violation_on_any_page(site):
    pages = [r for r in site.pages.values() if r.page.endswith(".html")]
    assert len(pages) >= 25, "fewer pages than the book has"
    violations = site.serious_violations()
    assert not violations, "\n".join(violations)


def test_headings_are_in_order(site):
    """One h1 per page, and no level skipped on the way down (h2 then h4 is a skip)."""
    problems = []
    for r in site.pages.values():
        if not r.page.endswith(".html") or not r.headings:
            continue
        levels = r.headings
        if levels[0] != 1 or levels.count(1) != 1:
            problems.append(f"{r.page}: {levels.count(1)} h1, first heading h{levels[0]}")
        for before, after in zip(levels, levels[1:]):
            if after > before + 1:
                problems.append(f"{r.page}: h{before} followed by h{after}")
                break
    assert not problems, "\n".join(problems)


def test_every_figure_and_chart_has_alt_text(site):
    missing = [f"{r.page}: image {src}" for r in site.pages.values() for src in r.images_without_alt]
    missing += [f"{r.page}: chart {chart_id}" for r in site.pages.values() for chart_id in r.charts_without_name]
    assert not missing, "figures without alt text in the built site:\n" + "\n".join(missing)


def test_keyboard_reaches_the_content_first(site):
    first = site.keyboard["first_focus"]
    assert first["href"] == "#main-content" and "skip" in first["text"].lower(), first
    assert site.keyboard["hash_after_enter"] == "#main-content"


def test_chart_colours_come_from_the_colour_blind_safe_palette():
    import pandas as pd

    from bootcamp.charts import threshold_explorer
    from bootcamp.plots import PALETTE

    okabe_ito = {"#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"}
    assert set(PALETTE.values()) == okabe_ito
    table = pd.DataFrame({"threshold": [0.1, 0.5, 0.9], "precision": [0.5, 0.8, 0.99], "recall": [0.99, 0.9, 0.6]})
    spec = threshold_explorer(table).to_dict()
    colours = set()

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("range", "color", "stroke", "fill") and isinstance(value, (list, str)):
                    colours.update(v for v in ([value] if isinstance(value, str) else value)
                                   if isinstance(v, str) and v.startswith("#"))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert colours and colours <= okabe_ito, colours
