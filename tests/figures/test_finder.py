"""Figures: thousand separators of other locales, and numbers that must not be mangled.

The general figure tables (units, scales, currencies, ranges) are in
tests/components/test_claims.py.
"""

from __future__ import annotations

import pytest

from sentiment.figures.finder import FigureFinder, load_figure_vocabulary, parse_number

B, M = 1e9, 1e6


@pytest.fixture(scope="module")
def figures() -> FigureFinder:
    return FigureFinder(load_figure_vocabulary())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Swiss apostrophes, straight and typographic
        ("sales of CHF 2'350 million", [("CHF 2'350 million", 2350 * M, "money")]),
        ("a price of CHF 1\u2019234.50", [("CHF 1\u2019234.50", 1234.5, "money")]),
        ("costs of 12'000'000 francs", [("12'000'000 francs", 12 * M, "money")]),
        # SI grouping with a no-break or a narrow no-break space
        ("EBIT of 3\u00a0400 EUR", [("3\u00a0400 EUR", 3400, "money")]),
        ("EBIT of 3\u202f400,5 EUR", [("3\u202f400,5 EUR", 3400.5, "money")]),
        # a no-break space before a unit is still just a gap
        ("up 4,5\u00a0%", [("4,5\u00a0%", 4.5, "percent")]),
        # an apostrophe that groups nothing changes nothing
        ("Lowe's margin of 12%", [("12%", 12, "percent")]),
        ("the '90s saw 7% growth", [("7%", 7, "percent")]),
    ],
)
def test_locale_separators(figures: FigureFinder, text: str, expected: list[tuple]) -> None:
    found = [(f.text, f.value, f.unit) for f in figures.find(text)]
    assert [(t, pytest.approx(v), u) for t, v, u in expected] == found


@pytest.mark.parametrize(
    "text",
    [
        # Digits grouped by ordinary spaces: one number or three? Never "000 EUR" = 0.
        "about 2 000 000 EUR",
        "sales of 12 500 EUR",
        "EBIT of 3 400,5 EUR",
        # Separators that fit no convention
        "sales of $1,234,56 million",
        "up 12.345.67%",
        "a 1,2345% rise",
        "CHF 1'23 million",
    ],
)
def test_ambiguous_numbers_are_left_out(figures: FigureFinder, text: str) -> None:
    assert figures.find(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A spaced run does not swallow a figure next to it.
        ("in 2024 500 stores grew 5%", [("5%", 5, "percent")]),
        ("Q3 2024 100bp", [("100bp", 100, "bp")]),
        ("up 3% in 2024, 5% in 2025", [("3%", 3, "percent"), ("5%", 5, "percent")]),
    ],
)
def test_figures_next_to_spaced_numbers(
    figures: FigureFinder, text: str, expected: list[tuple]
) -> None:
    found = [(f.text, f.value, f.unit) for f in figures.find(text)]
    assert [(t, pytest.approx(v), u) for t, v, u in expected] == found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("44'100", 44100),
        ("1\u2019234.5", 1234.5),
        ("1\u202f234,5", 1234.5),
        ("12'000'000", 12000000),
        ("1'23", None),
        ("1'2345", None),
        ("1 234", None),
    ],
)
def test_parse_grouped_number(text: str, expected: float | None) -> None:
    value = parse_number(text)
    assert (float(value) if value is not None else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # An integer "N times" is a multiple before a base word or an estimate year ...
        ("trades at 9 times forward earnings", [("9 times", 9)]),
        ("a P/E of 25 times 2026E earnings", [("25 times", 25)]),
        ("valued at 18 times FY25E EPS", [("18 times", 18)]),
        # ... or after a valuation phrase, with nothing after it ...
        ("The stock trades at a P/E of 25 times.", [("25 times", 25)]),
        ("at an EV/EBITDA of 12 times", [("12 times", 12)]),
        ("The shares trade at 14 times.", [("14 times", 14)]),
        # ... and otherwise a count, which is no figure.
        ("The board met 4 times during the year.", []),
        ("Shares have risen 3 times in a year.", []),
        ("the index hit a record 12 times in a row", []),
    ],
)
def test_times_multiples(figures: FigureFinder, text: str, expected: list[tuple]) -> None:
    found = figures.find(text)
    assert [(f.text, f.value) for f in found] == expected
    assert all(f.unit == "x" for f in found)
