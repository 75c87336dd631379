"""Two tickers' multiples rank neither: a higher P/E is dearer, not better or worse."""

from __future__ import annotations

from sentiment.readings import Mention, read_sentence


def test_a_multiple_set_against_another_tickers_reads_no_comparison() -> None:
    text = "NVDA trades at 32x forward earnings versus 25x for the SOXX semiconductor ETF."
    mentions = [Mention("NVDA", 0, 4), Mention("SOXX", 55, 59)]
    assert text[55:59] == "SOXX"
    assert [r for r in read_sentence(text, mentions) if r.kind == "comparison"] == []


def test_a_return_set_against_another_tickers_still_reads_one() -> None:
    text = "XLK returned 22.1% over the past year versus 9.8% for XLE."
    mentions = [Mention("XLK", 0, 3), Mention("XLE", 54, 57)]
    assert text[54:57] == "XLE"
    effects = {r.ticker: r.effect for r in read_sentence(text, mentions) if r.kind == "comparison"}
    assert effects == {"XLK": "positive", "XLE": "negative"}
