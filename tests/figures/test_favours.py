"""Which ticker a comparison between tickers favours, by each metric's direction."""

from __future__ import annotations

import pytest

from sentiment.figures import TickerPreference, favoured_tickers
from sentiment.results import Figure


def figure(
    text: str,
    value: float,
    ticker: str | None,
    metric: str,
    role: str = "current",
    unit: str = "percent",
) -> Figure:
    return Figure(text, 0, len(text), value, unit, ticker=ticker, metric=metric, role=role)


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        # a lower fee favours its own ticker ...
        (
            [
                figure("0.03%", 0.03, "VOO", "expense ratio"),
                figure("0.19%", 0.19, "IWM", "expense ratio"),
            ],
            [("expense ratio", "VOO", "IWM", "0.03%", "0.19%", "down")],
        ),
        # ... and so does a smaller drawdown, written below zero: compared by size
        (
            [
                figure("-18.5%", -18.5, "XLE", "max drawdown"),
                figure("-12.0%", -12.0, "XLK", "max drawdown"),
            ],
            [("max drawdown", "XLK", "XLE", "-12.0%", "-18.5%", "down")],
        ),
        # a higher return, and between tickers a higher yield (neutral over time)
        (
            [
                figure("22.1%", 22.1, "XLK", "return"),
                figure("9.8%", 9.8, "XLE", "return"),
                figure("0.6%", 0.6, "XLK", "dividend yield"),
                figure("3.2%", 3.2, "XLE", "dividend yield"),
            ],
            [
                ("return", "XLK", "XLE", "22.1%", "9.8%", "up"),
                ("dividend yield", "XLE", "XLK", "3.2%", "0.6%", "up"),
            ],
        ),
        # three tickers: every pair
        (
            [
                figure("0.03%", 0.03, "VOO", "expense ratio"),
                figure("0.19%", 0.19, "IWM", "expense ratio"),
                figure("0.09%", 0.09, "SPY", "expense ratio"),
            ],
            [
                ("expense ratio", "VOO", "IWM", "0.03%", "0.19%", "down"),
                ("expense ratio", "VOO", "SPY", "0.03%", "0.09%", "down"),
                ("expense ratio", "SPY", "IWM", "0.09%", "0.19%", "down"),
            ],
        ),
        # a neutral metric, equal figures, one ticker's earlier figure, an index, another
        # unit: no preference
        (
            [
                figure("14x", 14, "IWM", "valuation multiple", unit="x"),
                figure("21x", 21, "SPY", "valuation multiple", unit="x"),
            ],
            [],
        ),
        (
            [
                figure("0.03%", 0.03, "VOO", "expense ratio"),
                figure("0.03%", 0.03, "IVV", "expense ratio"),
            ],
            [],
        ),
        (
            [
                figure("$1.52", 1.52, "AAPL", "EPS", unit="money"),
                figure("$1.39", 1.39, "AAPL", "EPS", role="prior", unit="money"),
            ],
            [],
        ),
        (
            [
                figure("14.5%", 14.5, "VOO", "return"),
                figure("14.6%", 14.6, None, "return", "comparison"),
            ],
            [],
        ),
        (
            [
                figure("5%", 5, "KO", "revenue growth"),
                figure("$2bn", 2e9, "PEP", "revenue growth", unit="money"),
            ],
            [],
        ),
    ],
)
def test_favoured_tickers(figures: list[Figure], expected: list[tuple]) -> None:
    found = favoured_tickers(figures)
    assert [
        (p.metric, p.favoured, p.other, p.favoured_figure, p.other_figure, p.better) for p in found
    ] == expected
    assert all(isinstance(p, TickerPreference) for p in found)


def test_the_evidence_is_plain() -> None:
    (preference,) = favoured_tickers(
        [
            figure("0.03%", 0.03, "VOO", "expense ratio"),
            figure("0.19%", 0.19, "IWM", "expense ratio"),
        ]
    )
    assert preference.to_dict() == {
        "metric": "expense ratio",
        "favoured": "VOO",
        "other": "IWM",
        "favoured_figure": "0.03%",
        "other_figure": "0.19%",
        "favoured_value": 0.03,
        "other_value": 0.19,
        "better": "down",
    }


def test_attributed_sentences_read_end_to_end() -> None:
    """With the attribution of the claims component: the issue's sentence."""
    from sentiment import Analyzer

    (claim,) = Analyzer().find_claims(
        "XLK returned 22.1% over the past year versus 9.8% for XLE, with a smaller maximum "
        "drawdown of -12.0% against -18.5%, and it yields 0.6% compared with 3.2% for XLE."
    )
    assert [(p.metric, p.favoured) for p in favoured_tickers(claim.figures)] == [
        ("return", "XLK"),
        ("max drawdown", "XLK"),
        ("dividend yield", "XLE"),
    ]
