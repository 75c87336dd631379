"""Issue 23, "pathological input": symbol lists and tables cost what their length says, and a
bare list of symbols is neutral. No timings here (reports/pathological.md has them): the
tests count what the model is asked to read."""

from __future__ import annotations

import gzip

import pytest
import spacy

from sentiment.bare_lists import is_bare_list
from sentiment.components import sentences as _sentences  # noqa: F401  (registers the factory)
from sentiment.components.sentences import MAX_SENTENCE_TOKENS
from sentiment.wordlists import resource_path

SYMBOLS = ["AAPL", "MSFT", "NVDA", "AMZN", "GOOGL", "META", "TSLA", "JPM", "XOM", "KO"]


def _mentions(sentence: str, *symbols: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for symbol in symbols:
        start = sentence.index(symbol, start)
        spans.append((start, start + len(symbol)))
        start += len(symbol)
    return spans


@pytest.mark.parametrize(
    ("sentence", "symbols", "bare"),
    [
        ("$AAPL $MSFT $NVDA", ("AAPL", "MSFT", "NVDA"), True),
        ("AAPL 189.50, MSFT 412.1 (0.4%)", ("AAPL", "MSFT"), True),
        # a short line of signed moves is read as moves; a longer one stays a list
        ("AAPL 189.50 +2.3%, MSFT 412.1 (-0.4%)", ("AAPL", "MSFT"), False),
        ("Nvidia (NVDA) +4%, Broadcom (AVGO) +3%.", ("NVDA", "AVGO"), False),
        (
            "AAPL +1% MSFT +2% NVDA -1% AMZN +3% META +1%",
            ("AAPL", "MSFT", "NVDA", "AMZN", "META"),
            True,
        ),
        ("| HD | $3.78 | -1.3% |", ("HD",), True),  # a table's row: its figures are no moves
        ("| MSFT | 412.1 | 31.2x | Q3 |", ("MSFT",), True),
        ("$AAPL $XYZQ", ("AAPL",), True),  # an unknown cashtag is still a symbol
        ("| MSFT | 412.1 | Buy |", ("MSFT",), False),
        ("Apple (AAPL) beat estimates.", ("AAPL",), False),
        ("AAPL up", ("AAPL",), False),
        ("189.50 +2.3%", (), False),  # no ticker: an ordinary sentence
    ],
)
def test_what_counts_as_a_bare_list(sentence: str, symbols: tuple[str, ...], bare: bool) -> None:
    assert is_bare_list(sentence, _mentions(sentence, *symbols)) is bare


def test_a_bare_list_is_neutral_and_not_read_by_the_model(analyzer, fake_classifier) -> None:
    listed = " ".join(f"${s}" for s in SYMBOLS)
    result = analyzer.analyze(f"Apple (AAPL) beat estimates and rose.\n\n{listed}\n")
    read = [text for call in fake_classifier.calls for text in call[0]]
    assert read and not any("$MSFT" in text for text in read)
    assert result.sentences[1].text == listed and result.sentences[1].label == "neutral"
    assert result.sentences[1].probabilities["neutral"] == 1.0
    by_symbol = {t.ticker: t.label for t in result.tickers}
    assert by_symbol.pop("AAPL") == "positive"  # named in an ordinary sentence too
    assert set(by_symbol) >= {"MSFT", "NVDA"} and set(by_symbol.values()) == {"neutral"}


@pytest.fixture(scope="module")
def segmenter():
    pipeline = spacy.blank("en")
    pipeline.add_pipe("sentiment_sentences")
    return pipeline


def _word_counts(doc) -> list[int]:
    return [sum(not t.is_space for t in sentence) for sentence in doc.sents]


def test_an_overlong_run_on_is_cut_at_a_bounded_length(segmenter) -> None:
    doc = segmenter(" ".join(f"${SYMBOLS[i % 10]}" for i in range(2000)))
    counts = _word_counts(doc)
    assert len(counts) > 1 and max(counts) <= MAX_SENTENCE_TOKENS


def test_a_cut_prefers_a_line_break(segmenter) -> None:
    line = " ".join(f"x{i} AAPL up" for i in range(10)) + "\n"  # 30 words, no terminal
    pieces = [s.text for s in segmenter(line * 10).sents]
    assert len(pieces) > 1 and all(p.startswith("x0 ") for p in pieces)


def test_a_sentence_within_the_limit_is_not_cut(segmenter) -> None:
    words = " ".join(["revenue"] * (MAX_SENTENCE_TOKENS - 1)) + "."
    assert _word_counts(segmenter(words)) == [MAX_SENTENCE_TOKENS]


def test_markdown_table_rows_are_sentences(segmenter) -> None:
    table = (  # rows too long to pass for headings
        "| Ticker | Name | Price | Change | P/E | Rating |\n"
        "| AAPL | Apple Inc | 189.5 | +2.3% | 31.2x | Buy |\n"
        "| MSFT | Microsoft Corp | 412.1 | -0.4% | 35.0x | Sell |\n"
    )
    assert [s.text.strip() for s in segmenter(table).sents] == table.strip().split("\n")


@pytest.fixture(scope="module")
def many_symbols() -> list[str]:
    with gzip.open(resource_path("symbols.tsv.gz"), "rt", encoding="utf-8") as rows:
        found = [line.split("\t", 1)[0] for line in rows if not line.startswith(("#", "symbol"))]
    return [s for s in found if s.isalpha() and 3 <= len(s) <= 4][:1600]


def _read_for(analyzer, fake_classifier, symbols: list[str]) -> int:
    """Characters the model is asked to read for a run-on 'table', one row per symbol."""
    fake_classifier.calls.clear()
    text = " ".join(f"${symbol} {100 + i}.5 rated buy" for i, symbol in enumerate(symbols))
    analyzer.analyze(text)
    return sum(len(t) for call in fake_classifier.calls for t in call[0])


def test_the_reading_grows_with_the_text_not_its_square(
    analyzer, fake_classifier, many_symbols
) -> None:
    """A run-on of N rows naming tickers was read once per ticker it named: N^2."""
    small = _read_for(analyzer, fake_classifier, many_symbols[:400])
    large = _read_for(analyzer, fake_classifier, many_symbols)
    assert large < 4.5 * small  # four times the text; it was ~16 times the reading
