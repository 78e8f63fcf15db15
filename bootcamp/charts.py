"""Interactive charts (altair / Vega-Lite) that draw without a network: in the built book and in JupyterLab.

Importing this module switches altair to the ``bootcamp`` renderer. Every altair chart then displays as a small HTML
block that calls ``vegaEmbed`` from JavaScript that ships with the course, never from a CDN:

* in the built book, :mod:`bootcamp.sphinx_ext` adds ``_static/vendor/vega/*.js`` (Vega, Vega-Lite, vega-embed,
  bundled in ``book/_static/vendor/vega`` with their licences) to every page that holds a chart, and gives each chart
  the alt text of its cell (``mystnb.image.alt``) as its accessible name;
* in JupyterLab, Notebook 7 or JupyterHub (a kernel started by a Jupyter server), the first chart of a session
  carries the same JavaScript inline, so charts draw on a laptop with no network; later charts reuse it. A chart
  that finds no Vega on its page (say, after a browser reload) loads it from the public CDN as a last resort.

The stored outputs of the book's notebooks stay small (a few kB per chart, without the JavaScript) and identical from
run to run: element ids come from the chart itself, not from a random number.

Charts here only draw; the numbers come from elsewhere (``bootcamp.evaluation``, ``solutions``). Splink's charts
(``linker.visualisations.waterfall_chart(...).altair_chart``) are altair charts, so they draw offline too once this
module is imported.
"""

from __future__ import annotations

import hashlib
import math
import html
import json
import os
from collections import Counter
from pathlib import Path

import altair as alt
import pandas as pd

from bootcamp.paths import BOOK
from bootcamp.plots import PALETTE
from bootcamp.validate import BootcampInputError, require_frame

VENDOR_DIR: Path = BOOK / "_static" / "vendor" / "vega"
#: The bundled JavaScript, in load order (vega-embed needs the other two as globals).
VENDOR_FILES = ("vega.min.js", "vega-lite.min.js", "vega-embed.min.js")
#: Versions of the bundled files (altair 6 writes Vega-Lite 6.4 specs).
VENDOR_VERSIONS = {"vega": "6.4.0", "vega-lite": "6.4.1", "vega-embed": "7.3.0"}
#: The marker class that tells the book's Sphinx extension a page holds a chart.
CHART_CLASS = "bootcamp-chart"
#: vega-embed options: SVG (readable by screen readers, crisp in print), export only (no links to online editors).
EMBED_OPTIONS = {"mode": "vega-lite", "renderer": "svg",
                 "actions": {"export": True, "source": False, "compiled": False, "editor": False}}
HEIGHT = 300
#: Colours that other libraries' charts use (Splink: red for evidence against, green for evidence for), swapped for
#: the course's colour-blind-safe palette (Okabe & Ito: vermillion against, blue for).
SAFE_COLOURS = {"red": PALETTE["vermillion"], "green": PALETTE["blue"], "darkred": PALETTE["vermillion"],
                "darkgreen": PALETTE["blue"], "#ff0000": PALETTE["vermillion"], "#008000": PALETTE["blue"]}
_CDN = [f"https://cdn.jsdelivr.net/npm/{name}@{version}" for name, version in VENDOR_VERSIONS.items()]

_shown: Counter = Counter()
_js_sent = False


def vendor_javascript() -> str:
    """The bundled Vega, Vega-Lite and vega-embed as one script that defines ``window.vegaEmbed`` once.

    ``define``/``module``/``exports`` are hidden so that the bundles set globals even on a page with RequireJS.
    """
    parts = []
    for name in VENDOR_FILES:
        path = VENDOR_DIR / name
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: the course's copy of {name} should be in {VENDOR_DIR}.")
        parts.append("(function(define, module, exports){\n" + path.read_text(encoding="utf-8")
                     + "\n}).call(window);")
    body = "\n".join(parts).replace("</script", "<\\/script")
    return "if (!window.vegaEmbed) {\n" + body + "\n}"


def _inline_js_wanted() -> bool:
    """Inline the JavaScript in this output? ``BOOTCAMP_CHART_JS`` = ``inline`` or ``page`` decides; otherwise only
    for the first chart of a kernel started by a Jupyter server (JupyterLab, Notebook 7, JupyterHub, Binder)."""
    mode = os.environ.get("BOOTCAMP_CHART_JS", "").strip().lower()
    if mode in ("inline", "page"):
        return mode == "inline"
    return bool(os.environ.get("JPY_SESSION_NAME")) and not _js_sent


def chart_html(spec: dict, inline_js: bool = False) -> str:
    """The HTML block that draws ``spec`` (a Vega-Lite dict) with ``vegaEmbed``.

    The block is a ``<div class="bootcamp-chart">`` followed by a script. With ``inline_js`` the bundled JavaScript
    comes first, for front ends that have no copy of it.
    """
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"), default=str)
    digest = hashlib.sha1(text.encode()).hexdigest()[:12]
    _shown[digest] += 1
    element_id = f"bootcamp-chart-{digest}-{_shown[digest]}"
    label = spec.get("description") or (spec.get("title") if isinstance(spec.get("title"), str) else "") or "Chart"
    script_spec = text.replace("</", "<\\/")
    options = json.dumps(EMBED_OPTIONS, sort_keys=True)
    loader = (
        "var urls = " + json.dumps(_CDN) + ";\n"
        "  (function next(i) {\n"
        "    if (window.vegaEmbed) { show(); return; }\n"
        "    if (i >= urls.length) { el.textContent = 'The chart needs Vega, which could not be loaded.'; return; }\n"
        "    var s = document.createElement('script'); s.src = urls[i];\n"
        "    s.onload = function () { next(i + 1); };\n"
        "    s.onerror = function () { el.textContent = 'The chart needs Vega, which could not be loaded.'; };\n"
        "    document.head.appendChild(s);\n"
        "  })(0);"
    )
    inline = f'<script type="text/javascript">\n{vendor_javascript()}\n</script>\n' if inline_js else ""
    return (
        f'{inline}<div id="{element_id}" class="{CHART_CLASS}" role="figure" aria-label="{html.escape(str(label))}">'
        f"</div>\n"
        f'<script type="text/javascript">\n'
        f"(function () {{\n"
        f'  var el = document.getElementById("{element_id}");\n'
        f"  var spec = {script_spec};\n"
        f"  var options = {options};\n"
        f"  function show() {{\n"
        f"    window.vegaEmbed(el, spec, options).then(function () {{\n"
        f"      var menu = el.querySelector('details > summary');\n"
        f"      if (menu) menu.setAttribute('aria-label', 'Chart menu: save the chart as SVG or PNG');\n"
        f"    }}).catch(function (err) {{\n"
        f"      el.textContent = 'The chart could not be drawn: ' + err; console.error(err);\n"
        f"    }});\n"
        f"  }}\n"
        f"  if (window.vegaEmbed) {{ show(); return; }}\n"
        f"  {loader}\n"
        f"}})();\n"
        f"</script>"
    )


def colour_blind_safe(spec):
    """A copy of ``spec`` with red/green (as Splink draws evidence) swapped for the course's palette; data untouched."""
    if isinstance(spec, dict):
        return {k: (v if k in ("data", "datasets", "values") else colour_blind_safe(v)) for k, v in spec.items()}
    if isinstance(spec, list):
        return [colour_blind_safe(v) for v in spec]
    if isinstance(spec, str):
        return SAFE_COLOURS.get(spec.lower(), spec)
    return spec


def renderer(spec: dict, **metadata) -> dict:
    """altair renderer ``bootcamp``: an HTML mimebundle drawn from the course's own copy of Vega."""
    global _js_sent
    spec = colour_blind_safe(spec)
    inline = _inline_js_wanted()
    bundle = {"text/html": chart_html(spec, inline_js=inline),
              "text/plain": f"<interactive chart: {spec.get('description') or 'altair'}>"}
    _js_sent = _js_sent or inline
    return bundle


alt.renderers.register("bootcamp", renderer)
alt.renderers.enable("bootcamp")


def enable() -> None:
    """Switch altair to the offline ``bootcamp`` renderer (importing this module already does)."""
    alt.renderers.enable("bootcamp")


def threshold_explorer(table: pd.DataFrame, chosen: float | None = None, title: str = "",
                       threshold_label: str = "threshold", description: str = "") -> alt.LayerChart:
    """An interactive chart: precision and recall against the threshold, with a slider that moves a marker along both
    curves and reads out the numbers at that threshold.

    ``table`` has one row per threshold and columns ``threshold``, ``precision`` and ``recall`` (rates from 0 to 1);
    the counts ``true_matches_found``, ``false_matches`` and ``missed_matches``, when present, are read out too (the
    dict from ``bootcamp.evaluation.linkage_metrics`` per threshold fits). ``chosen`` is where the slider starts.
    The slider is a labelled range input: it works with the keyboard (arrow keys) as well as the mouse.
    """
    require_frame(table, "table", ["threshold", "precision", "recall"])
    data = table.copy()
    for column in ["threshold", "precision", "recall"]:
        data[column] = pd.to_numeric(data[column], errors="coerce")
    if data[["threshold", "precision", "recall"]].isna().any().any():
        raise BootcampInputError("table: threshold, precision and recall must all be numbers, with no gaps.")
    if not data[["precision", "recall"]].stack().between(0, 1).all():
        raise BootcampInputError("table: precision and recall are rates between 0 and 1.")
    counts = [c for c in ("true_matches_found", "false_matches", "missed_matches") if c in data.columns]
    data = data[["threshold", "precision", "recall", *counts]].sort_values("threshold").reset_index(drop=True)
    # Rounded so that the stored chart (and nbval's comparison of it) does not depend on the last bits of a float.
    data[["precision", "recall"]] = data[["precision", "recall"]].round(6)
    data["threshold"] = data["threshold"].map(lambda v: float(f"{v:.8g}"))
    low, high = float(data["threshold"].min()), float(data["threshold"].max())
    if low == high:
        raise BootcampInputError("table: the thresholds are all the same; an explorer needs a range of thresholds.")
    # A slider step of a round size (about 200 stops or more), so that the slider shows tidy numbers.
    decimals = max(0, -math.floor(math.log10((high - low) / 200)))
    step = 10.0 ** -decimals
    start = float(chosen) if chosen is not None else float(data["threshold"].median())
    start = round(min(max(start, low), high), decimals)

    slider = alt.param(name="threshold_at", value=start,
                       bind=alt.binding_range(min=math.floor(low * 10 ** decimals) / 10 ** decimals,
                                             max=math.ceil(high * 10 ** decimals) / 10 ** decimals,
                                             step=step, name=f"{threshold_label} "))
    base = alt.Chart(data)
    x = alt.X("threshold:Q", title=threshold_label, scale=alt.Scale(domain=[low, high], nice=False))
    colours = alt.Scale(domain=["precision", "recall"], range=[PALETTE["blue"], PALETTE["orange"]])
    long = base.transform_fold(["precision", "recall"], as_=["measure", "rate"])
    lines = long.mark_line(strokeWidth=2.5).encode(
        x=x, y=alt.Y("rate:Q", title="rate", scale=alt.Scale(domain=[0, 1])),
        color=alt.Color("measure:N", scale=colours, title=None, legend=alt.Legend(orient="bottom-right")),
        strokeDash=alt.StrokeDash("measure:N", scale=alt.Scale(domain=["precision", "recall"], range=[[1, 0], [6, 3]]),
                                  title=None),
        tooltip=[alt.Tooltip("threshold:Q", format=".4g"), "measure:N", alt.Tooltip("rate:Q", format=".3f")],
    )
    # The row at (or just above) the slider's threshold: keep thresholds >= the slider, then the smallest.
    at = (base.transform_filter("datum.threshold >= threshold_at")
          .transform_joinaggregate(first_threshold="min(threshold)")
          .transform_filter("datum.threshold == datum.first_threshold"))
    # aria=False: the rule only marks the slider's place; the readout says the numbers in words.
    rule = base.mark_rule(color=PALETTE["black"], strokeDash=[2, 2], aria=False).encode(x=alt.datum(alt.expr("threshold_at"),
                                                                                         type="quantitative"))
    points = (at.transform_fold(["precision", "recall"], as_=["measure", "rate"])
              .mark_point(filled=True, size=90)
              .encode(x="threshold:Q", y="rate:Q", color=alt.Color("measure:N", scale=colours, title=None),
                      shape=alt.Shape("measure:N", scale=alt.Scale(domain=["precision", "recall"],
                                                                    range=["circle", "square"]), title=None)))
    readout_text = ("'at ' + format(datum.threshold, '.4g') + ': precision ' + format(datum.precision, '.3f')"
                    " + ', recall ' + format(datum.recall, '.3f')")
    if "false_matches" in counts:
        readout_text += " + ', false matches ' + format(datum.false_matches, ',d')"
    if "missed_matches" in counts:
        readout_text += " + ', missed ' + format(datum.missed_matches, ',d')"
    readout = (at.transform_calculate(readout=readout_text)
               .mark_text(align="left", baseline="bottom", fontSize=12, dx=6, dy=-6)
               .encode(x=alt.value(0), y=alt.value(HEIGHT), text="readout:N"))
    description = description or (
        f"Interactive chart: precision and recall against the {threshold_label}, from {low:.4g} to {high:.4g}; "
        "a slider moves a marker along both curves and reads out the numbers at that threshold.")
    return (alt.layer(lines, rule, points, readout)
            .add_params(slider)
            .properties(width=560, height=HEIGHT, description=description,
                        title=title or "Precision and recall as the threshold moves"))
