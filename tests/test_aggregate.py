"""Aggregation: pure functions, tables of (input, expected)."""

from __future__ import annotations

import pytest

from sentiment import aggregate
from sentiment.results import SentenceSentiment, TickerMention


def sentence(start: int, end: int, pos: float, neg: float, target: str | None = None):
    neutral = 1.0 - pos - neg
    probs = {"negative": neg, "neutral": neutral, "positive": pos}
    return SentenceSentiment(
        "x" * (end - start), start, end, max(probs, key=probs.get), pos - neg, probs, target
    )


def mention(symbol: str, start: int, method: str = "cashtag") -> TickerMention:
    return TickerMention(symbol, symbol, start, start + len(symbol), method, 0.99)


@pytest.mark.parametrize(
    ("score", "band", "expected"),
    [
        (0.0, 0.15, "neutral"),
        (0.149, 0.15, "neutral"),
        (0.15, 0.15, "positive"),
        (-0.15, 0.15, "negative"),
        (-0.2, 0.3, "neutral"),
        (1.0, 0.0, "positive"),
        (0.0, 0.0, "neutral"),
    ],
)
def test_label_for(score: float, band: float, expected: str) -> None:
    assert aggregate.label_for(score, band) == expected


@pytest.mark.parametrize(
    ("score", "expected"),
    [
        (-1.0, "bearish"),
        (-0.35, "bearish"),
        (-0.34, "somewhat-bearish"),
        (-0.15, "somewhat-bearish"),
        (-0.14, "neutral"),
        (0.0, "neutral"),
        (0.14, "neutral"),
        (0.15, "somewhat-bullish"),
        (0.34, "somewhat-bullish"),
        (0.35, "bullish"),
        (1.0, "bullish"),
    ],
)
def test_scale_label_for(score: float, expected: str) -> None:
    assert aggregate.scale_label_for(score) == expected


@pytest.mark.parametrize(
    ("score", "band", "expected"),
    [
        (0.2, 0.25, "neutral"),
        (-0.2, 0.25, "neutral"),
        (0.25, 0.25, "somewhat-bullish"),
        (0.35, 0.25, "bullish"),
        (0.49, 0.5, "neutral"),
        (0.5, 0.5, "bullish"),
        (-0.5, 0.5, "bearish"),
        (0.1, 0.05, "somewhat-bullish"),
    ],
)
def test_scale_label_follows_the_neutral_band(score: float, band: float, expected: str) -> None:
    assert aggregate.scale_label_for(score, band) == expected


@pytest.mark.parametrize("band", [0.05, 0.15, 0.3, 0.35, 0.6])
def test_five_levels_agree_with_three(band: float) -> None:
    three_of = {"bearish": "negative", "somewhat-bearish": "negative", "neutral": "neutral"}
    three_of |= {"somewhat-bullish": "positive", "bullish": "positive"}
    for score in [x / 100 for x in range(-100, 101)]:
        five = aggregate.scale_label_for(score, band)
        assert three_of[five] == aggregate.label_for(score, band), (score, band)


@pytest.mark.parametrize(
    ("score", "band", "expected"),
    [
        (0.1534, 0.15, "0.15"),
        (0.157, 0.15, "0.16"),
        (0.1499, 0.15, "0.1499"),
        (-0.1499, 0.15, "-0.1499"),
        (0.1476, 0.15, "0.148"),
        (0.3496, 0.15, "0.3496"),
        (0.3449, 0.15, "0.34"),
        (0.1996, 0.2, "0.1996"),
        (0.0, 0.15, "0.00"),
        (-0.89, 0.15, "-0.89"),
    ],
)
def test_score_text_never_crosses_a_cut(score: float, band: float, expected: str) -> None:
    assert aggregate.score_text(score, band) == expected


def test_document_score_is_in_range_and_zero_when_empty() -> None:
    assert aggregate.document_score([]) == 0.0
    sents = [sentence(0, 5, 1.0, 0.0), sentence(6, 9, 1.0, 0.0)]
    assert aggregate.document_score(sents) == pytest.approx(1.0)


def test_opinionated_sentences_outweigh_neutral_facts() -> None:
    facts = [sentence(i * 10, i * 10 + 9, 0.02, 0.02) for i in range(1, 6)]
    opinion = sentence(100, 110, 0.9, 0.05)
    score = aggregate.document_score([sentence(0, 9, 0.02, 0.02), *facts, opinion])
    plain_mean = (0.85) / 7
    assert score > plain_mean
    assert aggregate.label_for(score) == "positive"


def test_headline_counts_more_than_a_later_sentence() -> None:
    head_pos = [sentence(0, 9, 0.9, 0.05), sentence(10, 19, 0.05, 0.9)]
    head_neg = [sentence(0, 9, 0.05, 0.9), sentence(10, 19, 0.9, 0.05)]
    assert aggregate.document_score(head_pos) > 0 > aggregate.document_score(head_neg)


@pytest.mark.parametrize(
    ("offset", "expected"), [(0, 0), (9, 0), (10, None), (11, 1), (19, 1), (20, None), (-1, None)]
)
def test_sentence_index(offset: int, expected) -> None:
    assert aggregate.sentence_index([(0, 10), (11, 20)], offset) == expected


def test_ticker_uses_target_scores_and_keeps_evidence() -> None:
    sents = [sentence(0, 30, 0.5, 0.4), sentence(31, 60, 0.1, 0.1)]
    mentions = [mention("VOO", 2), mention("IWM", 20), mention("VOO", 40)]
    toward_iwm = sentence(0, 30, 0.05, 0.9, target="IWM")
    result = {
        t.ticker: t for t in aggregate.ticker_sentiments(sents, mentions, {(0, "IWM"): toward_iwm})
    }
    assert result["IWM"].label == "negative"
    assert result["IWM"].scale_label == aggregate.scale_label_for(result["IWM"].score)
    assert result["IWM"].scale_label in ("bearish", "somewhat-bearish")
    assert result["IWM"].evidence == (toward_iwm,)
    assert result["VOO"].mentions == 2
    assert len(result["VOO"].evidence) == 2
    assert result["VOO"].relevance == pytest.approx(1.0)
    assert result["IWM"].relevance == pytest.approx(2 / 3, abs=1e-4)


def test_tickers_sorted_by_relevance() -> None:
    sents = [sentence(0, 10, 0.1, 0.1), sentence(11, 20, 0.1, 0.1), sentence(21, 30, 0.1, 0.1)]
    mentions = [mention("AAA", 12), mention("BBB", 1), mention("CCC", 22), mention("CCC", 25)]
    order = [t.ticker for t in aggregate.ticker_sentiments(sents, mentions)]
    assert order == ["BBB", "CCC", "AAA"]


@pytest.mark.parametrize(
    ("score", "plain", "signed"),
    [
        (-0.0001, "0.00", "+0.00"),
        (0.0, "0.00", "+0.00"),
        (-0.004, "0.00", "+0.00"),
        (-0.006, "-0.01", "-0.01"),
        (0.5, "0.50", "+0.50"),
    ],
)
def test_a_score_that_rounds_to_zero_prints_without_a_minus(
    score: float, plain: str, signed: str
) -> None:
    assert aggregate.score_text(score) == plain
    assert aggregate.signed_text(score) == signed
