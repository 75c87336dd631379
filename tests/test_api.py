"""The Analyzer with a fake classifier: documents, tickers, claims, batching, errors."""

from __future__ import annotations

import json

import pytest

from sentiment import Analyzer, DocumentSentiment
from sentiment.errors import InputError

NOTE = (
    "VOO outperformed, while IWM suffered a deeper drawdown.\n\n"
    "Apple Inc. (NASDAQ: AAPL) beat estimates and revenue rose 8% to $94.9 billion. "
    "We expect margins to expand 200bp next year."
)


def test_analyze_returns_document_with_sentences(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(NOTE)
    assert isinstance(doc, DocumentSentiment)
    assert doc.label in {"positive", "neutral", "negative"}
    assert -1.0 <= doc.score <= 1.0
    assert len(doc.sentences) == 3
    for s in doc.sentences:
        assert NOTE[s.start : s.end] == s.text
        assert s.text == s.text.strip()


def test_ticker_scores_are_target_aware(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(NOTE)
    by_symbol = {t.ticker: t for t in doc.tickers}
    assert {"VOO", "IWM", "AAPL"} <= set(by_symbol)
    assert by_symbol["VOO"].label == "positive"
    assert by_symbol["IWM"].label == "negative"
    assert by_symbol["IWM"].evidence[0].target == "IWM"
    assert by_symbol["AAPL"].resolutions[0].start >= NOTE.index("Apple")


def test_claims_are_carried(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(NOTE)
    assert any(c.forward_looking for c in doc.claims)
    assert any(c.unit == "percent" for c in doc.claims) or any(c.figures for c in doc.claims)


def test_to_dict_is_json_and_keyed_by_attribute_names(analyzer: Analyzer) -> None:
    data = analyzer.analyze(NOTE).to_dict()
    assert set(data) == {
        "label",
        "score",
        "sentences",
        "tickers",
        "claims",
        "scale_label",
        "source",
    }
    assert json.loads(json.dumps(data)) == data
    assert set(data["tickers"][0]) >= {
        "ticker",
        "label",
        "score",
        "mentions",
        "relevance",
        "evidence",
    }


def test_analyze_many_equals_one_by_one(analyzer: Analyzer) -> None:
    texts = [NOTE, "Shares fell after the downgrade.", "Nothing to see here."]
    assert analyzer.analyze_many(texts) == [analyzer.analyze(t) for t in texts]


def test_analyze_many_shares_model_batches(analyzer: Analyzer, fake_classifier) -> None:
    analyzer.analyze_many([NOTE, "Shares fell.", "Profit rose."])
    assert len(fake_classifier.calls) == 1


def test_classify_and_classify_targets(analyzer: Analyzer) -> None:
    plain = analyzer.classify(["Profit rose.", "Sales fell."])
    assert [s.label for s in plain] == ["positive", "negative"]
    assert plain[0].start == 0 and plain[0].end == len("Profit rose.")
    pairs = analyzer.classify_targets(
        [("VOO beat, while IWM fell", "IWM"), ("VOO beat, while IWM fell", "VOO")]
    )
    assert [s.label for s in pairs] == ["negative", "positive"]
    assert [s.target for s in pairs] == ["IWM", "VOO"]


def test_neutral_band_is_configurable(fake_classifier) -> None:
    wide = Analyzer(classifier=fake_classifier, neutral_band=0.9)
    assert wide.analyze("Profit rose strongly.").label == "neutral"
    assert wide.analyze("Profit rose strongly.", neutral_band=0.1).label == "positive"


@pytest.mark.parametrize("text", ["", "   \n\t ", None, 42])
def test_bad_text_is_an_input_error(analyzer: Analyzer, text) -> None:
    with pytest.raises(InputError):
        analyzer.analyze(text)


@pytest.mark.parametrize("band", [-0.1, 1.0, 2])
def test_bad_band_is_rejected(band: float) -> None:
    with pytest.raises(ValueError, match="neutral_band"):
        Analyzer(neutral_band=band)


def test_analyze_file_reads_and_records_source(analyzer: Analyzer, tmp_path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("Caf\xe9 sales rose 5%.".encode("cp1252"))
    doc = analyzer.analyze_file(path)
    assert doc.source == str(path)
    assert doc.sentences[0].text.startswith("Café")


def test_long_document_keeps_every_sentence(analyzer: Analyzer) -> None:
    text = " ".join(f"Revenue rose {i}% in unit {i}." for i in range(400))
    doc = analyzer.analyze(text)
    assert len(doc.sentences) == 400
