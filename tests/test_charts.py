"""bootcamp.charts: the offline renderer and the threshold explorer."""

import json
import re

import pandas as pd
import pytest

import altair as alt
from bootcamp import charts
from bootcamp.validate import BootcampInputError

TABLE = pd.DataFrame({"threshold": [0.5, 0.7, 0.9, 0.99], "precision": [0.6, 0.8, 0.95, 0.99],
                      "recall": [0.99, 0.97, 0.9, 0.7], "false_matches": [40, 20, 5, 1],
                      "missed_matches": [1, 3, 10, 30], "true_matches_found": [99, 97, 90, 70]})


def bundle_of(chart):
    out = chart._repr_mimebundle_()
    return out[0] if isinstance(out, tuple) else out


def test_importing_the_module_switches_altair_to_the_offline_renderer():
    assert alt.renderers.active == "bootcamp"


def test_chart_output_uses_the_page_copy_of_vega_and_is_stable(monkeypatch):
    monkeypatch.setenv("BOOTCAMP_CHART_JS", "page")
    chart = charts.threshold_explorer(TABLE)
    first, second = bundle_of(chart)["text/html"], bundle_of(chart)["text/html"]
    assert 'class="bootcamp-chart"' in first and "window.vegaEmbed" in first
    assert len(first) < 50_000, "the stored output must not carry the JavaScript"
    ids = [re.search(r'id="(bootcamp-chart-[^"]+)"', h).group(1) for h in (first, second)]
    assert ids[0] != ids[1] and ids[0].rsplit("-", 1)[0] == ids[1].rsplit("-", 1)[0]  # unique, from the chart
    assert "cdn.jsdelivr.net" in first  # only as the last resort when no copy of Vega is on the page


def test_inline_mode_carries_the_bundled_javascript(monkeypatch):
    monkeypatch.setenv("BOOTCAMP_CHART_JS", "inline")
    html = bundle_of(charts.threshold_explorer(TABLE))["text/html"]
    assert "vegaEmbed" in html and len(html) > 500_000
    assert "</script" not in html.split("<script", 1)[1].split("</script>", 1)[0]


def test_threshold_explorer_has_a_labelled_slider_and_reads_out_counts():
    spec = charts.threshold_explorer(TABLE, chosen=0.9, threshold_label="match probability").to_dict()
    params = spec["params"]
    assert params[0]["bind"]["input"] == "range" and params[0]["value"] == 0.9
    assert params[0]["bind"]["name"].strip() == "match probability"
    text = json.dumps(spec)
    assert "false_matches" in text and "missed_matches" in text
    assert spec["description"].startswith("Interactive chart")


@pytest.mark.parametrize("bad, message", [
    ("not a table", "DataFrame"),
    (TABLE.drop(columns="recall"), "recall"),
    (TABLE.head(0), "empty"),
    (TABLE.assign(precision=[60, 80, 95, 99]), "between 0 and 1"),
    (TABLE.assign(threshold=0.5), "all the same"),
    (TABLE.assign(recall=["a", "b", "c", "d"]), "numbers"),
])
def test_threshold_explorer_rejects_bad_input_clearly(bad, message):
    with pytest.raises(BootcampInputError, match=message):
        charts.threshold_explorer(bad)


def test_other_libraries_red_and_green_become_the_colour_blind_safe_palette():
    from bootcamp.plots import PALETTE

    spec = {"encoding": {"color": {"condition": {"test": "datum.w < 0", "value": "red"}, "value": "green"},
                         "fill": {"scale": {"range": ["red", "#bbbbbb", "green"]}}},
            "datasets": {"d": [{"colour": "red"}]}}
    safe = charts.colour_blind_safe(spec)
    assert safe["encoding"]["color"]["condition"]["value"] == PALETTE["vermillion"]
    assert safe["encoding"]["color"]["value"] == PALETTE["blue"]
    assert safe["encoding"]["fill"]["scale"]["range"] == [PALETTE["vermillion"], "#bbbbbb", PALETTE["blue"]]
    assert safe["datasets"] == spec["datasets"], "data values are never recoloured"
