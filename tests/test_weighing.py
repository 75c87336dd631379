"""Weighing figure changes into sentence and ticker scores (``sentiment.weighing``)."""

from __future__ import annotations

import pytest

from sentiment import Analyzer
from sentiment.figures.changes import default_reader
from sentiment.results import SentenceSentiment
from sentiment.weighing import verdict, weigh, weigh_sentences, with_changes

MIXED = (
    "Net sales increased from EUR 9 mn to EUR 10 mn , while operating profit fell to "
    "EUR 1 mn from EUR 2 mn ."
)

WEIGH_CASES = [
    # (probabilities, label, ratio, expected label after weighing)
    ({"negative": 0.6, "neutral": 0.3, "positive": 0.1}, "positive", 100.0, "positive"),
    ({"negative": 0.6, "neutral": 0.3, "positive": 0.1}, "positive", 3.0, "negative"),
    ({"negative": 0.2, "neutral": 0.7, "positive": 0.1}, "negative", 1.0, "neutral"),
]


@pytest.mark.parametrize(("probs", "label", "ratio", "expected"), WEIGH_CASES)
def test_weigh_multiplies_the_odds(probs, label, ratio, expected) -> None:
    weighed = weigh(probs, label, ratio)
    assert max(weighed, key=weighed.__getitem__) == expected
    assert sum(weighed.values()) == pytest.approx(1.0, abs=1e-5)
    other = next(k for k in probs if k != label)
    before, after = probs[label] / probs[other], weighed[label] / weighed[other]
    assert after == pytest.approx(before * ratio, rel=1e-3)


def test_with_changes_keeps_mixed_evidence_without_weighing() -> None:
    plain = SentenceSentiment("x", 0, 1, "neutral", 0.0, {"negative": 0.1, "neutral": 0.8,
                                                          "positive": 0.1})  # fmt: skip
    mixed = default_reader().read(MIXED)
    assert verdict(mixed) is None and len(mixed) == 2
    kept = with_changes(plain, mixed)
    assert (kept.label, kept.probabilities, kept.changes) == ("neutral", plain.probabilities,
                                                              tuple(mixed))  # fmt: skip


def test_weigh_sentences_leaves_targets_alone() -> None:
    probabilities = {"negative": 0.1, "neutral": 0.8, "positive": 0.1}
    text = "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn ."
    bare = SentenceSentiment(text, 0, len(text), "neutral", 0.0, probabilities)
    toward = SentenceSentiment(text, 0, len(text), "neutral", 0.0, probabilities, "Nokia")
    weighed, left = weigh_sentences([bare, toward])
    assert (weighed.label, len(weighed.changes)) == ("positive", 1)
    assert left is toward
    assert verdict(weighed.changes) == "positive"


# -- in the Analyzer (the fake classifier calls these sentences neutral) --------------

SENTENCE = "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn ."


def test_classify_weighs_the_change_in(analyzer: Analyzer) -> None:
    (result,) = analyzer.classify([SENTENCE])
    assert result.label == "positive" and result.score > 0.5
    assert result.changes[0].favourable is True
    assert result.to_dict()["changes"][0]["current"] == "EUR 17.7 mn"


def test_read_figures_off_leaves_the_model_alone(fake_classifier) -> None:
    (result,) = Analyzer(classifier=fake_classifier, read_figures=False).classify([SENTENCE])
    assert (result.label, result.changes) == ("neutral", ())


def test_target_scores_are_left_alone(analyzer: Analyzer) -> None:
    (result,) = analyzer.classify_targets([(SENTENCE, "Nokia")])
    assert (result.label, result.changes) == ("neutral", ())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One ticker in the sentence: the change is about it.
        ("Nokia ( NOK ) operating profit totaled $17.7 mn compared to $17.6 mn .",
         {"NOK": "positive"}),
        # Two: which one's figures they are is not read, so their scores stay the model's.
        ("$AAPL operating profit was $5 bn compared to $4 bn , ahead of $MSFT .",
         {"AAPL": "neutral", "MSFT": "neutral"}),
    ],
)  # fmt: skip
def test_a_sole_ticker_gets_the_change(fake_classifier, text: str, expected: dict) -> None:
    # Readings off: "ahead of" is a comparison reading that gives AAPL and MSFT their sides
    # (tests/test_notes.py); here only the figure change is weighed.
    doc = Analyzer(classifier=fake_classifier, readings=False).analyze(text)
    assert doc.sentences[0].label == "positive"
    assert {t.ticker: t.label for t in doc.tickers if t.ticker in expected} == expected
