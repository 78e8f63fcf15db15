"""Charts for the course: one colour-blind-safe palette, one style, small functions that only draw.

Computation lives elsewhere (solutions/, bootcamp.evaluation); these functions take results and draw them.
Append new chart functions at the end of this file.
"""

from __future__ import annotations

import matplotlib

import matplotlib.pyplot as plt

# Okabe & Ito's palette: distinguishable with every common form of colour-blindness.
PALETTE = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "sky": "#56B4E9", "purple": "#CC79A7", "yellow": "#F0E442", "black": "#000000",
}
COLOURS = list(PALETTE.values())


def use_style() -> None:
    """The course's chart style: the palette, readable sizes, no chart junk, a fixed figure size."""
    plt.rcParams.update({
        "axes.prop_cycle": matplotlib.cycler(color=COLOURS),
        "figure.figsize": (7, 4),
        "figure.dpi": 100,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.titlesize": 13,
        "axes.labelsize": 11,
        "font.size": 11,
        "svg.hashsalt": "bootcamp",
    })


use_style()


def bar(values, title: str, xlabel: str = "", ylabel: str = "", colour: str = "blue", horizontal: bool = False):
    """A labelled bar chart of a Series (index = categories)."""
    fig, ax = plt.subplots()
    (values.plot.barh if horizontal else values.plot.bar)(ax=ax, color=PALETTE[colour])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    fig.tight_layout()
    return fig, ax


def precision_recall_by_threshold(thresholds, precision, recall, chosen: float | None = None, title: str = ""):
    """Precision and recall against a score threshold, with the chosen threshold marked."""
    fig, ax = plt.subplots()
    ax.plot(thresholds, precision, label="precision", color=PALETTE["blue"])
    ax.plot(thresholds, recall, label="recall", color=PALETTE["orange"], linestyle="--")
    if chosen is not None:
        ax.axvline(chosen, color=PALETTE["black"], linewidth=1, linestyle=":", label=f"threshold {chosen:g}")
    ax.set_xlabel("threshold")
    ax.set_ylabel("rate")
    ax.set_ylim(0, 1.02)
    ax.set_title(title or "Precision and recall as the threshold moves")
    ax.legend(loc="lower left")
    fig.tight_layout()
    return fig, ax
