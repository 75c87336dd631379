"""The metric chooser: qualifiers, "-" phrases, units, the economy and capital returns."""

from __future__ import annotations

import pytest

from sentiment.components.claim_metrics import Mention, MetricChooser, find_mentions, nearest
from sentiment.components.claim_vocabulary import load_claim_vocabulary
from sentiment.wordlists import PhraseIndex, Words


@pytest.fixture(scope="module")
def chooser() -> MetricChooser:
    vocabulary = load_claim_vocabulary()
    return MetricChooser(
        vocabulary.metrics,
        vocabulary.metric_units,
        vocabulary.qualifiers,
        vocabulary.economy_metrics,
        vocabulary.losses,
    )


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    return PhraseIndex(load_claim_vocabulary().metrics)


def _choose(
    chooser: MetricChooser, index: PhraseIndex, text: str, figure: str, unit: str, way: str | None
) -> str | None:
    start = text.index(figure)
    mentions = find_mentions(index, Words(text))
    return chooser.choose(text, mentions, (start, start + len(figure)), unit, way)


@pytest.mark.parametrize(
    ("text", "figure", "unit", "direction", "metric"),
    [
        # qualifiers give way to a specific metric right before them ...
        ("EPS guidance of $5.10", "$5.10", "money", None, "EPS"),
        ("the free cash flow target of $3bn", "$3bn", "money", None, "free cash flow"),
        ("net interest income growth of 4%", "4%", "percent", "up", "net interest income growth"),
        ("the occupancy rate of 95%", "95%", "percent", None, "occupancy"),
        ("GDP growth of 2%", "2%", "percent", "up", "GDP"),
        ("GDP grew at an annualized rate of 2.8%", "2.8%", "percent", "up", "GDP"),
        # ... and are metrics of their own without one
        ("our $18 target", "$18", "money", None, "price target"),
        ("Azure growth of 31%", "31%", "percent", "up", "revenue growth"),
        ("the deposit rate of 3.25%", "3.25%", "percent", None, "interest rate"),
        ("sales grew at an annual rate of 8%", "8%", "percent", "up", "revenue growth"),
        # a price target is a price: "a 2% target" is none
        ("a 2% target", "2%", "percent", None, None),
        # a "-" phrase right after the figure describes it
        ("the shares stand at a 9.5% discount to net asset value", "9.5%", "percent", None, None),
        (
            "the shares yield 4% with a 3% discount to NAV later",
            "4%",
            "percent",
            None,
            "dividend yield",
        ),
        ("High-yield spreads of 300bp", "300bp", "bp", None, None),
        ("growth of 3% at constant exchange rates", "3%", "percent", "up", "revenue growth"),
        ("volume growth of 3%", "3%", "percent", "up", None),
        # an economy's annualised growth is no fund's return; an index's may be
        ("the economy grew at an annualised 0.9%", "0.9%", "percent", "up", "GDP"),
        ("the fund returned an annualised 6.4%", "6.4%", "percent", "up", "annualised return"),
        # returning cash to shareholders
        ("to return 40% of cash flow to shareholders", "40%", "percent", None, "capital return"),
        ("the fund returned 8% to investors", "8%", "percent", None, "return"),
        # fund charges
        ("the fund charges 0.05% a year", "0.05%", "percent", None, "expense ratio"),
        # profit before tax, in its spellings
        ("HSBC reported a pre-tax profit of $8.5bn", "$8.5bn", "money", None, "pre-tax profit"),
        ("profit before tax of $8.5bn", "$8.5bn", "money", None, "pre-tax profit"),
        ("PBT of $8.5bn", "$8.5bn", "money", None, "pre-tax profit"),
        ("pre-tax profit rose 12%", "12%", "percent", "up", "pre-tax profit growth"),
        # a loss names its profit line from next to the figure, as an amount only
        ("a loss of $2m per day, and its shares fell -3%", "$2m", "money", None, "net income"),
        ("a net loss of $2 billion", "$2 billion", "money", None, "net income"),
        ("the fund posted a loss of 3.2%", "3.2%", "percent", "down", None),
        # a metric right before "loss" wins
        ("EPS was a loss of $0.12", "$0.12", "money", None, "EPS"),
    ],
)
def test_choose(
    chooser: MetricChooser,
    index: PhraseIndex,
    text: str,
    figure: str,
    unit: str,
    direction: str | None,
    metric: str | None,
) -> None:
    assert _choose(chooser, index, text, figure, unit, direction) == metric


@pytest.mark.parametrize(
    ("spans", "figure", "expected"),
    [
        ([(0, 3), (20, 25)], (10, 14), (0, 3)),  # before wins at a like distance
        ([(0, 3), (45, 48)], (40, 44), (45, 48)),  # after wins only when much nearer
        ([(9, 12)], (10, 14), None),  # an overlapping mention is never one
        ([], (10, 14), None),
    ],
)
def test_nearest(
    spans: list[tuple[int, int]], figure: tuple[int, int], expected: tuple[int, int] | None
) -> None:
    found = nearest([Mention(a, b, "x") for a, b in spans], figure)
    assert (found and (found.start, found.end)) == expected


@pytest.mark.parametrize(
    ("text", "figure", "unit", "loss"),
    [
        ("a net loss of $2 billion", "$2 billion", "money", True),
        ("an operating loss of $(2.9) billion", "$(2.9) billion", "money", True),
        ("a pre-tax loss of GBP 300m", "GBP 300m", "money", True),
        ("EPS was a loss of $0.12", "$0.12", "money", True),
        ("a net loss per share of 0.40", "0.40", "number", True),
        # a change is not an amount; a profit is no loss
        ("net loss narrowed 20%", "20%", "percent", False),
        ("a loss of 3.2%", "3.2%", "percent", False),
        ("a net profit of $2 billion", "$2 billion", "money", False),
        ("the loss ratio was 62%", "62%", "percent", False),
    ],
)
def test_states_loss(
    chooser: MetricChooser, index: PhraseIndex, text: str, figure: str, unit: str, loss: bool
) -> None:
    start = text.index(figure)
    mentions = find_mentions(index, Words(text))
    assert chooser.states_loss(text, mentions, (start, start + len(figure)), unit) is loss
