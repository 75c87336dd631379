"""The Analyzer with a fake classifier: documents, tickers, claims, batching, errors."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

from sentiment import Analyzer
from sentiment.aggregate import NEUTRAL_BAND
from sentiment.errors import InputError

NOTE = (
    "VOO outperformed, while IWM suffered a deeper drawdown.\n\n"
    "Apple Inc. (NASDAQ: AAPL) beat estimates and revenue rose 8% to $94.9 billion. "
    "We expect margins to expand 200bp next year."
)


def test_analyze_returns_document_with_sentences(fake_classifier) -> None:
    # The document score from its sentences: with the document rule on, the VOO / IWM
    # comparison that leads the note makes it neutral as a whole (tests/test_notes.py).
    doc = Analyzer(classifier=fake_classifier, document_follows_tickers=False).analyze(NOTE)
    # The fake model: a sentence with as many good cues as bad is neutral.
    assert [s.label for s in doc.sentences] == ["neutral", "positive", "neutral"]
    assert doc.score > NEUTRAL_BAND and doc.label == "positive"
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
    assert doc.claims == tuple(analyzer.find_claims(NOTE))
    assert [c.forward_looking for c in doc.claims] == [False, True]


def test_tickers_and_claims_are_found_without_the_model(fake_classifier) -> None:
    analyzer = Analyzer(classifier=fake_classifier)
    tickers = analyzer.find_tickers(NOTE)
    assert [m.symbol for m in tickers] == ["VOO", "IWM", "AAPL", "AAPL"]
    assert tickers[0].text == NOTE[tickers[0].start : tickers[0].end]
    assert analyzer.find_claims("The meeting is on Tuesday.") == []
    assert analyzer.find_tickers(".... !!!") == []  # nothing to find is not an error
    assert fake_classifier.calls == []
    with pytest.raises(InputError, match="expected text \\(str\\), got NoneType"):
        analyzer.find_tickers(None)


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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty text"),
        ("   \n\t ", "empty text"),
        (".... !!! ---", "no letter or digit"),
        ("\u2014 \u2022 $%", "no letter or digit"),
        (None, r"expected text \(str\), got NoneType"),
        (42, "got int"),
    ],
)
def test_bad_text_is_an_input_error(analyzer: Analyzer, text, message: str) -> None:
    with pytest.raises(InputError, match=message):
        analyzer.analyze(text)


@pytest.mark.parametrize(
    ("method", "arg", "message"),
    [
        ("classify", "Profit rose 20%.", "sentences must be a list of texts, not a single str"),
        ("classify", None, "sentences must be a list of texts, got NoneType"),
        ("classify", [None], r"sentences\[0\]: expected text \(str\), got NoneType"),
        ("classify", ["Profit rose.", 5], r"sentences\[1\]: expected text \(str\), got int"),
        ("classify", [b"x"], r"sentences\[0\]: expected text \(str\), got bytes"),
        ("classify", [""], r"sentences\[0\]: empty text"),
        ("classify", ["Profit rose.", "  "], r"sentences\[1\]: empty text"),
        ("classify", ["..."], r"sentences\[0\]: no letter or digit"),
        ("classify_targets", None, r"pairs must be a list of \(text, target\) pairs"),
        ("classify_targets", [(None, "VOO")], r"pairs\[0\]: expected text \(str\), got NoneType"),
        ("classify_targets", [("x",)], r"pairs\[0\] must be a \(text, target\) pair"),
        ("classify_targets", ["xy"], r"pairs\[0\] must be a \(text, target\) pair, got str"),
        ("classify_targets", [("", "VOO")], r"pairs\[0\]: empty text"),
        ("classify_targets", [("VOO rose.", 5)], r"pairs\[0\]: target must be a str, got int"),
        ("classify_targets", [("Apple revenue rose 20%.", "")], r"pairs\[0\]: empty target"),
        ("classify_targets", [("VOO rose.", "VOO"), ("IWM.", " ")], r"pairs\[1\]: empty target"),
        ("analyze_many", "Profit rose.", "texts must be a list of texts, not a single str"),
        ("analyze_many", None, "texts must be a list of texts, got NoneType"),
        ("analyze_many", ["Profit rose.", ""], r"texts\[1\]: empty text"),
        ("analyze_many", ["Profit rose.", 7], r"texts\[1\]: expected text \(str\), got int"),
    ],
)
def test_bad_api_input_is_an_input_error(
    analyzer: Analyzer, fake_classifier, method: str, arg, message: str
) -> None:
    with pytest.raises(InputError, match=f"^{message}"):
        getattr(analyzer, method)(arg)
    assert fake_classifier.calls == []


@pytest.mark.parametrize("method", ["classify", "classify_targets", "analyze_many"])
def test_empty_list_gives_empty_results(analyzer: Analyzer, method: str) -> None:
    assert getattr(analyzer, method)([]) == []


def test_analyze_many_names_the_source_of_a_bad_text(analyzer: Analyzer) -> None:
    with pytest.raises(InputError, match=r"^texts\[1\] \(b\.txt\): no letter or digit"):
        analyzer.analyze_many(["Profit rose.", "---"], sources=["a.txt", "b.txt"])


@pytest.mark.parametrize("sources", [["a"], ["a", "b", "c"]])
def test_analyze_many_needs_one_source_per_text(analyzer: Analyzer, sources) -> None:
    with pytest.raises(InputError, match=f"sources must have one item per text: {len(sources)}"):
        analyzer.analyze_many(["Profit rose.", "Sales fell."], sources=sources)


@pytest.mark.parametrize("band", [-0.1, 1.0, 2, "x", None, True, float("nan")])
def test_bad_band_is_rejected(band) -> None:
    with pytest.raises(ValueError, match="neutral_band must be a number in"):
        Analyzer(neutral_band=band)


def test_bad_band_per_call_is_rejected(analyzer: Analyzer) -> None:
    with pytest.raises(ValueError, match="neutral_band"):
        analyzer.analyze("Profit rose.", neutral_band="wide")


@pytest.mark.parametrize("size", [0, -1, 2.5, "8", None, True])
def test_bad_batch_sizes_are_rejected(analyzer: Analyzer, size) -> None:
    with pytest.raises(ValueError, match="model_batch_size must be a whole number of at least 1"):
        Analyzer(model_batch_size=size)
    with pytest.raises(ValueError, match="pipe_batch_size must be a whole number of at least 1"):
        analyzer.analyze_many(["Profit rose."], pipe_batch_size=size)


def test_the_model_batch_size_reaches_the_model(monkeypatch, fake_classifier) -> None:
    loads = _count_model_loads(monkeypatch, fake_classifier)
    analyzer = Analyzer(model_batch_size=8, backend="onnx")
    analyzer.classify(["Profit rose."])
    settings = {"device": "cpu", "backend": "onnx", "batch_size": 8}
    assert loads == [(None, {**settings, "precision": analyzer.resolved_precision})]


def test_old_batch_size_keywords_work_with_a_warning(
    analyzer: Analyzer, fake_classifier, tmp_path: Path
) -> None:
    with pytest.warns(DeprecationWarning, match="use model_batch_size") as caught:
        old = Analyzer(classifier=fake_classifier, batch_size=8)
    assert caught[0].filename == __file__  # the warning points at the caller's line
    assert old.model_batch_size == 8
    with pytest.warns(DeprecationWarning, match="use model_batch_size"):
        assert old.batch_size == 8
    with pytest.warns(DeprecationWarning, match="use pipe_batch_size"):
        assert (
            analyzer.analyze_many([NOTE, NOTE], batch_size=1) == analyzer.analyze_many([NOTE]) * 2
        )
    frame = pd.DataFrame({"text": ["Profit rose.", "Sales fell.", "Flat."]})
    with pytest.warns(DeprecationWarning, match="use chunk_size"):
        pd.testing.assert_frame_equal(
            analyzer.analyze_frame(frame, batch_size=1), analyzer.analyze_frame(frame)
        )
    (tmp_path / "a.txt").write_text("Profit rose.")
    (tmp_path / "b.txt").write_text("Sales fell.")
    with pytest.warns(DeprecationWarning, match="use chunk_size"):
        by_one = list(analyzer.analyze_folder(tmp_path, batch_size=1))
    assert by_one == list(analyzer.analyze_folder(tmp_path))


def test_a_pickled_analyzer_loads_its_own_model(monkeypatch, fake_classifier, tmp_path) -> None:
    loads = _count_model_loads(monkeypatch, fake_classifier)
    settings = {"neutral_band": 0.3, "model_batch_size": 8, "backend": "onnx"}
    original = Analyzer(model_dir=tmp_path, read_figures=False, **settings)
    expected = original.analyze(NOTE)  # loads the pipeline and the model
    data = pickle.dumps(original)
    assert len(data) < 10_000  # settings only: the pipeline alone pickles to megabytes
    copy = pickle.loads(data)
    assert len(loads) == 1  # nothing loads until the copy is used
    assert copy.analyze(NOTE) == expected
    chosen = {"precision": original.resolved_precision}
    assert (
        loads == [(tmp_path, {"device": "cpu", "backend": "onnx", "batch_size": 8, **chosen})] * 2
    )
    assert {name: getattr(copy, name) for name in settings} == settings
    assert (copy.model_dir, copy.read_figures) == (tmp_path, False)
    assert original.analyze(NOTE) == expected and len(loads) == 2  # the original kept its own


def test_a_pickled_analyzer_keeps_a_classifier_it_was_given(analyzer: Analyzer) -> None:
    expected = analyzer.analyze(NOTE)
    copy = pickle.loads(pickle.dumps(analyzer))
    assert copy.analyze(NOTE) == expected
    assert len(copy.classifier.calls) == 2  # the given classifier came along, with its state


def _count_model_loads(monkeypatch, fake_classifier) -> list[tuple[object, dict]]:
    """Make the Analyzer load a FakeClassifier as its model; returns the loads' arguments."""
    loads = []

    def load(model_dir, **options):
        loads.append((model_dir, options))
        return type(fake_classifier)()

    monkeypatch.setattr("sentiment.classifier.SentenceClassifier", load)
    return loads


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


def test_pipeline_takes_any_file_the_readers_accept() -> None:
    from sentiment.nlp import build_pipeline
    from sentiment.readers import DEFAULT_MAX_BYTES

    assert build_pipeline().max_length >= DEFAULT_MAX_BYTES


def test_text_over_a_million_characters_is_analysed_whole(analyzer: Analyzer) -> None:
    sentence = "Sales " * 120 + "rose. "  # under the segmenter's cut (128 word tokens)
    text = sentence * (1_000_000 // len(sentence) + 1)
    assert len(text) > 1_000_000  # spaCy's default max_length
    doc = analyzer.analyze(text)
    assert len(doc.sentences) == text.count(".")
    assert doc.sentences[-1].end == len(text.rstrip())


def test_text_over_the_pipeline_limit_is_an_input_error(analyzer: Analyzer) -> None:
    analyzer.nlp.max_length = 100
    with pytest.raises(InputError, match="text of 101 characters is over the 100-character limit"):
        analyzer.analyze("Profit rose. " * 7 + "x" * 10)
