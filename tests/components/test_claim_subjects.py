"""Subject resolution: houses acting on a company, and references to the note's company."""

from __future__ import annotations

import re

import pytest

from sentiment.components.claim_subjects import (
    SubjectRules,
    acting_houses,
    claim_tickers,
    referred,
)
from sentiment.components.claim_vocabulary import load_claim_vocabulary
from sentiment.results import TickerMention
from sentiment.wordlists import Words


@pytest.fixture(scope="module")
def rules() -> SubjectRules:
    return load_claim_vocabulary().subject_rules()


def _mentions(text: str, names: dict[str, str]) -> list[TickerMention]:
    """A mention for each name of ``names`` (name -> symbol) found in ``text``."""
    found = [
        TickerMention(symbol, m.group(), m.start(), m.end(), "alias", 0.9)
        for name, symbol in names.items()
        for m in re.finditer(re.escape(name), text)
    ]
    return sorted(found, key=lambda m: m.start)


NAMES = {
    "Morgan Stanley": "MS",
    "Goldman Sachs": "GS",
    "UBS": "UBSG.SW",
    "Puma": "PUM.DE",
    "(PUM)": "PUM.DE",
    "Nike": "NKE",
    "Shell": "SHEL.L",
    "BP": "BP.L",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Morgan Stanley cut its target price on Puma (PUM) to EUR 38.", ("PUM.DE", "MS")),
        ("Goldman Sachs raised its 12-month price target on Nike to $95.", ("NKE", "GS")),
        ("Goldman Sachs' analysts lowered their estimates for Nike by 5%.", ("NKE", "GS")),
        ("UBS upgraded Nike to Buy; it sees 20% upside.", ("NKE", "UBSG.SW")),
        ("UBS initiated coverage of Nike with a $100 target.", ("NKE", "UBSG.SW")),
        ("Morgan Stanley has an Overweight rating on Nike and a $90 target.", ("NKE", "MS")),
        # a company acting on another company otherwise stays first
        ("Shell cut its stake in BP by 5%.", ("SHEL.L", "BP.L")),
        ("Goldman Sachs rose 3% and Nike fell 2%.", ("GS", "NKE")),
        ("Nike gained 4%; Morgan Stanley cut its target on Puma later.", ("NKE", "PUM.DE", "MS")),
    ],
)
def test_claim_tickers_put_the_house_last(
    rules: SubjectRules, text: str, expected: tuple[str, ...]
) -> None:
    mentions = _mentions(text, NAMES)
    assert claim_tickers(rules, text, 0, mentions, Words(text), None, None) == expected


def test_houses_with_document_offsets(rules: SubjectRules) -> None:
    text = "Intro. Morgan Stanley cut its target price on Nike to $80."
    mentions = _mentions(text, NAMES)
    sentence = text[7:]
    houses = acting_houses(rules, sentence, 7, mentions)
    assert [m.symbol for m in houses] == ["MS"]
    assert claim_tickers(rules, sentence, 7, mentions, Words(sentence), None, None) == ("NKE", "MS")


@pytest.mark.parametrize(
    ("text", "metric", "previous", "expected"),
    [
        ("The company's margin was 46%.", "margin", "AAPL", ("AAPL",)),
        ("We expect EPS of $5.", "EPS", "AAPL", ("AAPL",)),
        ("We expect inflation of 3%.", "inflation", "AAPL", ()),
        ("Sales rose 5%.", "revenue growth", "AAPL", ()),
        ("The company's margin was 46%.", "margin", None, ()),
    ],
)
def test_referred(
    rules: SubjectRules, text: str, metric: str, previous: str | None, expected: tuple
) -> None:
    assert referred(rules, Words(text), metric, previous) == expected
