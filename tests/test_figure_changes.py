"""Reading figure changes, and weighing their verdict into sentence and ticker scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentiment import Analyzer
from sentiment.errors import ResourceError
from sentiment.figure_changes import (
    default_reader,
    load_change_vocabulary,
    verdict,
    weigh,
    with_changes,
)
from sentiment.results import SentenceSentiment

# (sentence, verdict, (metric, current, prior, direction, basis) of the first change or None)
CASES = [
    (
        "Operating profit totaled EUR 17.7 mn compared to EUR 17.6 mn in 2007 .",
        "positive",
        ("Operating profit", "EUR 17.7 mn", "EUR 17.6 mn", "up", "prior"),
    ),
    (
        "Diluted earnings per share ( EPS ) stood at EUR 0.25 versus EUR 0.42 .",
        "negative",
        ("EPS", "EUR 0.25", "EUR 0.42", "down", "prior"),
    ),
    (  # a smaller loss is good news
        "Operating loss was EUR 179mn , compared to a loss of EUR 188mn a year earlier .",
        "positive",
        ("Operating loss", "EUR 179mn", "EUR 188mn", "up", "prior"),
    ),
    (  # a profit against a loss: the prior figure counts below zero
        "EBIT totalled EUR 14.4 mn , compared to a loss of EUR 0.3 mn in 2009 .",
        "positive",
        ("EBIT", "EUR 14.4 mn", "EUR 0.3 mn", "up", "prior"),
    ),
    (
        "The company swung to a net loss of EUR 5 mn from a profit of EUR 3 mn .",
        "negative",
        ("net loss", "EUR 5 mn", "EUR 3 mn", "down", "prior"),
    ),
    (  # the side word after the figure: "an EUR9 .6 m loss"
        "It expects a net profit of EUR6 .3 m in Q1 , from an EUR9 .6 m loss a year earlier .",
        "positive",
        ("net profit", "EUR6.3m", "EUR9.6m", "up", "prior"),
    ),
    (  # a scale-less figure borrows its partner's scale
        "Kellogg Q4 reported sales $3.22 vs. $3.32 bln a year ago",
        "negative",
        ("sales", "$3.22", "$3.32 bln", "down", "prior"),
    ),
    (  # ... but one written out in full does not
        "Operating profit surged to EUR21m from EUR106 ,000 .",
        "positive",
        ("Operating profit", "EUR21m", "EUR106,000", "up", "prior"),
    ),
    (
        "Net sales rose to EUR 25.6 mn ( EUR 20.2 mn ) .",
        "positive",
        ("Net sales", "EUR 25.6 mn", "EUR 20.2 mn", "up", "prior"),
    ),
    (
        "Operating profit rose to EUR 4.7 mn ( 2008 : EUR 3.6 mn ) .",
        "positive",
        ("Operating profit", "EUR 4.7 mn", "EUR 3.6 mn", "up", "prior"),
    ),
    (
        "Net sales increased from EUR 9 mn to EUR 10 mn .",
        "positive",
        ("Net sales", "EUR 10 mn", "EUR 9 mn", "up", "prior"),
    ),
    (
        "Its market share widened to 48.51 percent from 48.31 percent a year earlier .",
        "positive",
        ("market share", "48.51 percent", "48.31 percent", "up", "prior"),
    ),
    (  # ranges compare by their middles
        "Kohl's now sees full-year adj. EPS $4.75 to $4.95 vs. prior $5.15 to $5.45",
        "negative",
        ("adj. EPS", "$4.75 to $4.95", "$5.15 to $5.45", "down", "prior"),
    ),
    (  # down is good for debt
        "Net debt was EUR 120 mn compared with EUR 150 mn a year earlier .",
        "positive",
        ("Net debt", "EUR 120 mn", "EUR 150 mn", "down", "prior"),
    ),
    (
        "Q3 EPS of $0.28 vs $0.43 consensus",
        "negative",
        ("EPS", "$0.28", "$0.43", "down", "estimate"),
    ),
    (  # the metric is operating profit, not the costs that qualify it
        "Operating profit excluding restructuring costs grew to EUR 44.5 million "
        "from EUR 31.7 million .",
        "positive",
        ("Operating profit", "EUR 44.5 million", "EUR 31.7 million", "up", "prior"),
    ),
    (  # two changes that disagree: no verdict, both kept as evidence
        "Net sales increased from EUR 9 mn to EUR 10 mn , while operating profit fell to "
        "EUR 1 mn from EUR 2 mn .",
        None,
        ("Net sales", "EUR 10 mn", "EUR 9 mn", "up", "prior"),
    ),
    # Not figure changes.
    ("Net loss contracted to EUR 49 million ( USD 68.2 m ) .", None, None),  # a conversion
    ("In the end of 2006 , the number of outlets will rise to 60-70 .", None, None),
    ("Revenue rose 8% to $94.9 billion.", None, None),  # no prior figure
    ("Nonfarm payrolls 254K vs 175K consensus", None, None),  # no company metric
    ("Average hourly earnings +0.2% vs +0.3% consensus", None, None),
    ("Sales were EUR 10 mn compared to EUR 10 mn .", None, None),  # no change
    ("EV/EBITDA is 12x versus 10x a year ago .", None, None),  # a valuation multiple
    ("Shares rose 5% to $120 versus the index , up 2% .", None, None),  # no metric named
    ("", None, None),
]


@pytest.mark.parametrize(("text", "expected", "first"), CASES)
def test_figure_changes_are_read(text: str, expected: str | None, first: tuple | None) -> None:
    changes = default_reader().read(text)
    assert verdict(changes) == expected
    if first is None:
        assert changes == []
    else:
        c = changes[0]
        assert (c.metric, c.current, c.prior, c.direction, c.basis) == first
        assert text[c.start : c.end].startswith(c.metric)


def test_offsets_survive_split_numbers() -> None:
    text = "Diluted loss per share stood at EUR0 .3 versus EUR0 .1 ."
    (change,) = default_reader().read(text)
    assert (change.current_value, change.prior_value) == (-0.3, -0.1)
    assert text[change.start : change.end] == text[:-2]  # all but " ."


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
    mixed = default_reader().read(next(text for text, v, first in CASES if first and not v))
    assert verdict(mixed) is None and len(mixed) == 2
    kept = with_changes(plain, mixed)
    assert (kept.label, kept.probabilities, kept.changes) == ("neutral", plain.probabilities,
                                                              tuple(mixed))  # fmt: skip


def test_unknown_family_is_a_resource_error(tmp_path: Path) -> None:
    for name in ("markers.tsv", "estimates.txt", "sides.tsv", "qualifiers.txt"):
        source = Path(__file__).resolve().parents[1] / "sentiment" / "resources"
        (tmp_path / name).write_text((source / "figure_changes" / name).read_text())
    (tmp_path / "metrics.tsv").write_text("profit\tgood\n")
    with pytest.raises(ResourceError, match="unknown family 'good'"):
        load_change_vocabulary(tmp_path)


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
def test_a_sole_ticker_gets_the_change(analyzer: Analyzer, text: str, expected: dict) -> None:
    doc = analyzer.analyze(text)
    assert doc.sentences[0].label == "positive"
    assert {t.ticker: t.label for t in doc.tickers if t.ticker in expected} == expected
