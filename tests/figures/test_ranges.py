"""Ranges and "from X to Y" between two figures: (text, expected) tables."""

from __future__ import annotations

import pytest

from sentiment.figures.ranges import (
    after_from_or_by,
    from_to_leads,
    is_from_to,
    joins_range,
)


@pytest.mark.parametrize(
    ("text", "low", "high", "expected"),
    [
        ("21-23%", "21", "23%", True),
        ("5 to 7%", "5", "7%", True),
        ("between 5 and 7%", "5", "7%", True),
        ("5 and 7%", "5", "7%", False),
        ("5, 7%", "5", "7%", False),
    ],
)
def test_joins_range(text: str, low: str, high: str, expected: bool) -> None:
    low_start = text.index(low)
    between = text[low_start + len(low) : text.rindex(high)]
    assert joins_range(text, low_start, between) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rose from 5% to 7%", True),
        ("rose from a 5% to 7%", False),  # strict: "from" right before the figure
        ("rose 5% to 7%", False),
        ("rose from 5%, to 7%", False),
    ],
)
def test_strict_from_to(text: str, expected: bool) -> None:
    low_start = text.index("5")
    between = text[low_start + 2 : text.index("7")]
    assert is_from_to(text, low_start, between) is expected


def test_loose_from_to_keeps_the_words() -> None:
    text = "swung from a profit of EUR 3 mn to a loss of EUR 5 mn"
    first = text.index("EUR 3")
    between = text[first + len("EUR 3 mn") : text.index("EUR 5")]
    from_at, from_lead, to_lead = from_to_leads(text, first, between)
    assert (text[from_at:first], from_lead, to_lead) == (
        "from a profit of ",
        "a profit of ",
        "a loss of ",
    )
    assert from_to_leads(text, first, " versus ") is None


@pytest.mark.parametrize(
    ("before", "expected"), [("rose from ", True), ("cut by a further ", True), ("sees ", False)]
)
def test_after_from_or_by(before: str, expected: bool) -> None:
    assert after_from_or_by(before + "5-7%", len(before)) is expected
