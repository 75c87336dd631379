"""The Ticker page's chart geometry (sentiment.server.chart)."""

from __future__ import annotations

from datetime import date, timedelta

from sentiment.desk.history import Period
from sentiment.server.chart import HEIGHT, LABEL_GAP, history_chart, score_y


def _periods(scores: list[float], notes: list[int], days: int = 7) -> list[Period]:
    start = date(2026, 1, 5)
    return [
        Period(start + timedelta(days * i), start + timedelta(days * i + days - 1), s, "neutral", n)
        for i, (s, n) in enumerate(zip(scores, notes))
    ]


def test_scores_map_to_heights_and_notes_to_bars() -> None:
    chart = history_chart(_periods([1.0, 0.0, -1.0], [1, 4, 2]))
    assert [p.y for p in chart.points] == [score_y(1.0), chart.zero_y, score_y(-1.0)]
    assert score_y(1.0) < chart.zero_y < score_y(-1.0) < HEIGHT
    heights = [p.bar_height for p in chart.points]
    assert heights[1] == max(heights) and heights[0] * 4 == heights[1] and chart.most_notes == 4
    assert chart.points[0].x < chart.points[1].x < chart.points[2].x
    assert chart.line.count(",") == 3
    assert chart.points[1].tip == "2026-01-12 to 2026-01-18: neutral +0.00, 4 notes"


def test_date_labels_never_crowd() -> None:
    chart = history_chart(_periods([0.1] * 60, [1] * 60, days=1))
    xs = [x for x, _ in chart.x_labels]
    assert chart.x_labels[0][1] == "2026-01-05" and chart.x_labels[-1][1] == "2026-03-05"
    assert all(b - a >= LABEL_GAP - 40 for a, b in zip(xs, xs[1:]))  # the last may be clamped


def test_one_period_and_none() -> None:
    single = history_chart(_periods([0.5], [3]))
    assert len(single.points) == 1 and single.x_labels == ((single.points[0].x, "2026-01-05"),)
    assert history_chart([]).points == ()
