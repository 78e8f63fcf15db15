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


def dots_by_group(table, title: str, xlabel: str = "", xlim: tuple[float, float] | None = None,
                  labels: dict | None = None):
    """A dot plot: one row per index entry of ``table``, one marker (and colour) per column, joined by a grey line.

    Good for a few measurements of the same things, e.g. mean confidence per skill before, after and six months on.
    ``labels`` renames the rows for display.
    """
    markers = ["o", "s", "D", "^", "v"]
    fig, ax = plt.subplots(figsize=(7, 0.4 * len(table) + 1.8))
    rows = list(range(len(table)))[::-1]
    ax.hlines(rows, table.min(axis=1), table.max(axis=1), color="#BBBBBB", linewidth=2, zorder=1)
    for i, column in enumerate(table.columns):
        ax.scatter(table[column], rows, s=55, zorder=2, label=str(column), color=COLOURS[i % len(COLOURS)],
                   marker=markers[i % len(markers)])
    ax.set_yticks(rows)
    ax.set_yticklabels([(labels or {}).get(name, name) for name in table.index])
    if xlim:
        ax.set_xlim(*xlim)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / (0.4 * len(table) + 1.8) - 0.08),
              ncol=len(table.columns), frameon=False)
    fig.tight_layout()
    return fig, ax


def missing_and_junk(profiles: dict, title: str = ""):
    """Side-by-side panels, one per profile, of the share of empty cells and of placeholder junk in each column.

    ``profiles`` maps a panel title to a frame indexed by column with ``missing`` and ``junk`` shares (0–1), as
    ``solutions.cleaning.placeholder_profile`` returns. Bars are stacked: empty, then junk; the x axis is per cent.
    """
    n = len(profiles)
    height = max(len(p) for p in profiles.values())
    fig, axes = plt.subplots(1, n, figsize=(4.2 * n, 0.32 * height + 1.9), squeeze=False)
    top = max(float((p["missing"] + p["junk"]).max()) for p in profiles.values()) * 100
    for ax, (name, profile) in zip(axes[0], profiles.items()):
        rows = list(range(len(profile)))[::-1]
        empty, junk = profile["missing"] * 100, profile["junk"] * 100
        ax.barh(rows, empty, color=PALETTE["sky"], label="empty")
        ax.barh(rows, junk, left=empty, color=PALETTE["vermillion"], label="placeholder junk", hatch="//")
        for row, e, j in zip(rows, empty, junk):   # small shares are hard to see: print them
            if e + j > 0:
                text = " + ".join(t for t in (f"{e:.1f}%" if e > 0 else "", f"{j:.1f}% junk" if j > 0 else "") if t)
                ax.annotate(text, (e + j, row), xytext=(3, 0), textcoords="offset points", va="center",
                            fontsize=8, color=PALETTE["vermillion"] if j > 0 else PALETTE["black"])
        ax.set_yticks(rows)
        ax.set_yticklabels(profile.index)
        ax.set_xlim(0, max(top * 1.45, 1))
        ax.set_xlabel("% of rows")
        ax.set_title(name)
    axes[0][0].legend(loc="lower right", frameon=False)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig, axes[0]
