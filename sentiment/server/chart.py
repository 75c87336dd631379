"""A ticker's history as a chart the server draws itself (SVG in the page; no script, no CDN).

Pure geometry from :class:`~sentiment.desk.history.Period` values: the template turns it into
SVG elements, escaping every text, so nothing here writes markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sentiment.aggregate import NEUTRAL_BAND, signed_text
from sentiment.desk.history import Period

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP = 44, 16, 12
SCORE_HEIGHT = 190  # the score panel; the note-count bars sit below it
BAR_TOP, BAR_HEIGHT = 222, 50
PAD = 16  # between the axes and the first and last dots (room for their bars)
LABEL_GAP = 96  # the least room between two date labels, in pixels
LABEL_HALF = 34  # half a date label's width: labels stay inside the chart


@dataclass(frozen=True)
class ChartPoint:
    """One period: its dot (x, y), its note-count bar, and the text of its tooltip."""

    x: float
    y: float
    bar_y: float
    bar_height: float
    label: str
    tip: str


@dataclass(frozen=True)
class Chart:
    """Everything the template draws: dots, the line through them, bars, axes and labels."""

    width: int
    height: int
    points: tuple[ChartPoint, ...]
    line: str
    left: int
    right: int
    zero_y: float
    band_y: float
    band_height: float
    bar_top: int
    bar_bottom: int
    bar_width: float
    y_labels: tuple[tuple[float, str], ...]
    x_labels: tuple[tuple[float, str], ...]
    most_notes: int


def score_y(score: float) -> float:
    """The y of a score in [-1, 1] (1 at the top)."""
    return round(TOP + (1 - max(-1.0, min(1.0, score))) / 2 * SCORE_HEIGHT, 1)


def history_chart(periods: Sequence[Period], band: float = NEUTRAL_BAND) -> Chart:
    """The chart of ``periods`` (oldest first), placed by date, with their note counts."""
    right = WIDTH - RIGHT
    days = [p.start.toordinal() for p in periods]
    first, last = (min(days), max(days)) if days else (0, 0)
    span = max(1, last - first)

    def x_of(day: int) -> float:
        if first == last:
            return (LEFT + right) / 2
        return round(LEFT + PAD + (day - first) / span * (right - LEFT - 2 * PAD), 1)

    most = max((p.notes for p in periods), default=0)
    bar_width = max(2.0, min(24.0, (right - LEFT) / max(1, len(periods)) * 0.6))
    points = []
    for period, day in zip(periods, days):
        height = round(BAR_HEIGHT * period.notes / most, 1) if most else 0.0
        end = f" to {period.end.isoformat()}" if period.end != period.start else ""
        tip = (
            f"{period.start.isoformat()}{end}: {period.label} {signed_text(period.score)}, "
            f"{period.notes} note{'s' if period.notes != 1 else ''}"
        )
        points.append(
            ChartPoint(
                x_of(day), score_y(period.score), BAR_TOP + BAR_HEIGHT - height, height,
                period.label, tip,
            )
        )  # fmt: skip
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        points=tuple(points),
        line=" ".join(f"{p.x},{p.y}" for p in points),
        left=LEFT,
        right=right,
        zero_y=score_y(0.0),
        band_y=score_y(band),
        band_height=round(score_y(-band) - score_y(band), 1),
        bar_top=BAR_TOP,
        bar_bottom=BAR_TOP + BAR_HEIGHT,
        bar_width=round(bar_width, 1),
        y_labels=tuple((score_y(v), f"{v:+.1f}" if v else "0") for v in (1.0, 0.5, 0, -0.5, -1.0)),
        x_labels=_date_labels([p.x for p in points], periods, right),
        most_notes=most,
    )


def _date_labels(
    xs: Sequence[float], periods: Sequence[Period], right: int
) -> tuple[tuple[float, str], ...]:
    """Dates under the chart: the first, the last, and between them any that has room."""
    chosen: list[int] = []
    for i, x in enumerate(xs):
        if not chosen or x - xs[chosen[-1]] >= LABEL_GAP:
            chosen.append(i)
    last = len(xs) - 1
    if chosen and chosen[-1] != last:
        if len(chosen) > 1 and xs[last] - xs[chosen[-1]] < LABEL_GAP:
            chosen.pop()
        chosen.append(last)
    low, high = LEFT + LABEL_HALF, right - LABEL_HALF
    return tuple((min(high, max(low, xs[i])), periods[i].start.isoformat()) for i in chosen)


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 120, 28, 3


@dataclass(frozen=True)
class Sparkline:
    """A small trend line (a holding's score per period): one polyline per run of periods
    with a score (gaps where there were no notes), a dot for a period alone, the zero line."""

    width: int
    height: int
    zero_y: float
    lines: tuple[str, ...]
    dots: tuple[tuple[float, float], ...]
    tip: str


def sparkline(scores: Sequence[float | None]) -> Sparkline:
    """The sparkline of ``scores`` in [-1, 1], oldest first (None: no notes that period)."""
    inner = SPARK_HEIGHT - 2 * SPARK_PAD
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(1, len(scores) - 1)

    def y_of(score: float) -> float:
        return round(SPARK_PAD + (1 - max(-1.0, min(1.0, score))) / 2 * inner, 1)

    runs: list[list[tuple[float, float]]] = [[]]
    for i, score in enumerate(scores):
        if score is None:
            runs.append([])
        else:
            runs[-1].append((round(SPARK_PAD + i * step, 1), y_of(score)))
    runs = [run for run in runs if run]
    shown = [signed_text(s) if s is not None else "-" for s in scores]
    return Sparkline(
        width=SPARK_WIDTH,
        height=SPARK_HEIGHT,
        zero_y=y_of(0.0),
        lines=tuple(" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1),
        dots=tuple(run[0] for run in runs if len(run) == 1),
        tip="per period, oldest first: " + " ".join(shown),
    )
