"""Periods: calendar-year estimates, and spans that look like periods and are not.

The general period table (quarters, halves, fiscal years, lengths) is in test_claims.py.
"""

from __future__ import annotations

import pytest

from sentiment.components.periods import PeriodFinder, load_period_finder


@pytest.fixture(scope="module")
def periods() -> PeriodFinder:
    return load_period_finder()


def _labels(finder: PeriodFinder, text: str) -> list[str]:
    return [p.label for p in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("EPS of $4.10 in CY2027E", ["2027E"]),
        ("on CY27E earnings", ["2027E"]),
        ("CY'27E sales", ["2027E"]),
        ("CY2023 revenue", ["2023"]),
        ("in 2027E", ["2027E"]),
        ("FY2027E EPS", ["FY2027E"]),
    ],
)
def test_calendar_year_estimates(periods: PeriodFinder, text: str, expected: list[str]) -> None:
    assert _labels(periods, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A tenor, written in digits or words, before the instrument it names.
        ("The seven-year Treasury yield rose 9bp.", []),
        ("the 2-year note yield", []),
        ("Twenty-year bonds rallied.", []),
        ("the 15 year fixed mortgage rate", []),
        ("the 10-year U.S. Treasury", []),
        # ... but a length before a return or a target is a period.
        ("a 10-year annualised return", ["10Y"]),
        ("its 12-month target price", ["12M"]),
        ("over seven years", ["7Y"]),
        ("a 3-year CAGR", ["3Y"]),
    ],
)
def test_tenors_are_not_periods(periods: PeriodFinder, text: str, expected: list[str]) -> None:
    assert _labels(periods, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # maturities and comparison bases
        ("notes that mature in 2031", []),
        ("the loan is due 2029", []),
        ("sales in 2025 similar to 2024", ["2025"]),
        ("margin of 12% in 2025 versus 2023", ["2025"]),
        ("higher than 2022", []),
        ("compared with fiscal 2022", []),
        # "long-term" qualifying a balance or a flow
        ("long-term debt of $5bn", []),
        ("long-term net outflows", []),
        ("short-term borrowings", []),
        # ... and a horizon, which is a period
        ("its long-term growth target", ["long term"]),
        ("a medium-term margin goal", ["medium term"]),
        # calendar weeks and months are not reporting periods
        ("this week", []),
        ("this month", []),
        # a year before a REIT's profit line, also with qualifiers between
        ("its 2026 AFFO guidance", ["2026"]),
        ("2026 FFO", ["2026"]),
        ("its 2024 core FFO per share guidance", ["2024"]),
        ("2025 underlying operating profit", ["2025"]),
        ("the 2031 notes were priced at par", []),
        # a spread's or a swap's tenor
        ("the 10-year BTP-Bund spread", []),
        ("five-year CDS spreads", []),
        ("the 2-year swap rate", []),
        # a record's base year
        ("the highest since 1998", []),
        ("its best quarter since 2019", []),
        ("for the first time since 2008", []),
        ("returns since 2019", ["2019"]),
    ],
)
def test_not_periods(periods: PeriodFinder, text: str, expected: list[str]) -> None:
    assert _labels(periods, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("by end-2025", ["2025"]),
        ("until mid-2026", ["2026"]),
        ("by the end of 2025", ["2025"]),
        ("in early-2027", ["2027"]),
        # a year glued to something else is not one
        ("by end-20255", []),
    ],
)
def test_years_with_a_part_of_the_year(
    periods: PeriodFinder, text: str, expected: list[str]
) -> None:
    assert _labels(periods, text) == expected
