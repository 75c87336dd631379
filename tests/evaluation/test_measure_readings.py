"""evaluation/measure_readings.py: a row for every reading kind, kinds without a phenomenon
tag in the notes (move, guidance) included."""

from __future__ import annotations

from evaluation.measure_readings import measure, render
from sentiment.readings import KINDS


def test_every_kind_gets_a_row_even_without_a_phenomenon() -> None:
    rows = measure([])
    assert [row["kind"] for row in rows] == list(KINDS)
    text = render("test", rows, [], 0)
    assert "| move |" in text and "no phenomenon tag" in text
