"""A ticker's history as a chart (PNG or SVG): score per period as a line, notes as bars.

Matplotlib is imported here, on first use, with the Agg backend (no display needed).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sentiment.desk.history import Period
from sentiment.errors import InputError

SUFFIXES = (".png", ".svg")


def check_plot_path(path: Path) -> None:
    """InputError unless ``path`` ends in .png or .svg and its folder exists."""
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path}: a chart is written as .png or .svg")
    if not path.parent.is_dir():
        raise InputError(f"{path}: folder {path.parent} does not exist")


def plot_history(symbol: str, periods: Sequence[Period], path: Path, *, by: str) -> Path:
    """Draw the history into ``path`` (its suffix picks PNG or SVG); returns ``path``."""
    check_plot_path(path)
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4.5), layout="constrained")
    scores = figure.add_subplot()
    counts = scores.twinx()
    days = [p.start for p in periods]
    width = {"day": 0.8, "week": 5, "month": 24}.get(by, 0.8)
    counts.bar(days, [p.notes for p in periods], width=width, color="#c8d3e0", align="edge")
    counts.set_ylabel("notes")
    scores.set_zorder(counts.get_zorder() + 1)
    scores.patch.set_visible(False)
    scores.axhline(0, color="#888888", linewidth=0.8)
    scores.plot(days, [p.score for p in periods], marker="o", markersize=3, color="#1f4e79")
    scores.set_ylim(-1.05, 1.05)
    scores.set_ylabel("relevance-weighted score")
    scores.set_title(f"{symbol}: sentiment by {by}")
    figure.autofmt_xdate()
    try:
        figure.savefig(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the chart ({exc.strerror or exc})") from None
    return path
