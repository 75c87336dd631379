"""A long document's result comes from a running tally: the whole text's scores, bounded
detail (``omitted`` says what was left out), repeated sentences scored once."""

from __future__ import annotations

import gc
from collections import Counter

import pytest

from sentiment import api
from sentiment.api import Analyzer
from sentiment.rendering import document_text
from sentiment.results import Claim, SentenceSentiment, TickerMention

PARAGRAPH = (
    "Dell Technologies beat estimates and raised its outlook to $2.1 billion. "
    "Coca-Cola (KO) reported revenue of $11.3 billion compared to $10.5 billion a year ago. "
    "Management expects margins to improve in {year}. We rate Dell Outperform. "
    "Barclays said net interest income fell {drop}% to GBP 3.1 billion. "
)


def _note(paragraphs: int) -> str:
    """A long note whose sentences differ from paragraph to paragraph (years, figures)."""
    return "\n\n".join(PARAGRAPH.format(year=2000 + i, drop=1 + i % 9) for i in range(paragraphs))


# One company's story: the subject holds (Dell is named most), referred to across chunks.
SUBJECT_NOTE = (
    "Dell Technologies (DELL) beat estimates and raised its outlook.\n\n"
    + " ".join(
        f"The company said revenue rose {i}% in the quarter. We like the shares. "
        f"Dell also cut costs. Its margins were weak in region {i}. Volumes grew {i}%."
        for i in range(12)
    )
    + " Apple (AAPL) was mentioned once."
)
# The lead names Dell, but Apple is named more later: no subject, found only at the end.
NO_SUBJECT_NOTE = SUBJECT_NOTE + " ".join(
    f"Apple (AAPL) rose {i}% while Apple's costs fell." for i in range(15)
)

# A note that opens by rating Dell, which is named as often as Apple: a tie is enough for the
# rated company to be the subject, found only at the end.
RATED_NOTE = (
    "We downgrade Dell Technologies (DELL) to Underweight.\n\n"
    + " ".join(f"Dell cut costs in region {i}. We like the shares less." for i in range(11))
    + " "
    + " ".join(f"Apple (AAPL) rose {i}% while its costs fell." for i in range(12))
)


def _scores(result):
    return (
        result.label,
        result.score,
        [(t.ticker, t.label, t.score, t.mentions, t.relevance, t.name) for t in result.tickers],
    )


# Dell named once, then referred to; Apple first named in the last sentence, a closing aside.
ASIDE_NOTE = (
    "Dell Technologies (DELL) beat estimates and raised its outlook.\n\n"
    + " ".join(
        f"The company said revenue rose {i}% in the quarter. We like the shares." for i in range(12)
    )
    + " The stock is now a large weight in the Invesco QQQ Trust (QQQ)."
)


# Guidance cut in the lead, the shares' move stated only at the end: the move's weight and
# the guidance's, both kept apart until the end, come out as in the whole text.
GUIDED_NOTE = "Hasbro (HAS) cut its full-year revenue outlook.\n\n" + " ".join(
    f"The company said toy sales rose {i}% in region {i}." for i in range(12)
)
MOVED_NOTE = GUIDED_NOTE + " The shares fell 4%."
# A contrast in every other sentence, some opening a part of the long note: each takes the
# other side of the sentence before it, across parts as within one.
CONTRAST_NOTE = "Chevron (CVX) is our top pick.\n\n" + " ".join(
    f"Exxon Mobil (XOM) missed in region {i}. Chevron (CVX), by contrast, held output there."
    for i in range(12)
)

# The same with a plain fact between: the contrast looks past it to the verdict before.
CONTRAST_PAST_FACT_NOTE = "Chevron (CVX) is our top pick.\n\n" + " ".join(
    f"Exxon Mobil (XOM) missed in region {i}. Shell (SHEL) reports on day {i}. "
    "Chevron (CVX), by contrast, held output there."
    for i in range(12)
)
# A comparison told as news about its first ticker, in the lead of a long wrap.
LAGGED_NOTE = (
    "The Invesco S&P 500 Equal Weight ETF (RSP) lagged the SPDR S&P 500 ETF (SPY) by 9 points."
    "\n\n" + " ".join(f"Breadth stayed narrow in week {i} of the year." for i in range(14))
)


@pytest.mark.parametrize(
    "text",
    [
        SUBJECT_NOTE,
        NO_SUBJECT_NOTE,
        RATED_NOTE,
        ASIDE_NOTE,
        GUIDED_NOTE,
        MOVED_NOTE,
        CONTRAST_NOTE,
        CONTRAST_PAST_FACT_NOTE,
        LAGGED_NOTE,
    ],
    ids=["subject", "none", "rated", "aside", "guided", "moved", "contrast", "past", "lagged"],
)
@pytest.mark.parametrize("window", [300, 900])
def test_chunked_subject_and_links_match_the_whole_text(fake_classifier, text, window):
    whole = Analyzer(classifier=fake_classifier).analyze(text)
    chunked = Analyzer(classifier=fake_classifier, window_chars=window).analyze(text)
    assert chunked.to_dict() == whole.to_dict()
    methods = {s.link.method for t in whole.tickers for s in t.evidence if s.link}
    if text in (CONTRAST_NOTE, CONTRAST_PAST_FACT_NOTE):
        contrasts = [
            r
            for t in whole.tickers
            for e in t.evidence
            for r in e.readings
            if r.cue == "by contrast"
        ]
        assert contrasts and {r.effect for r in contrasts} == {"positive"}
    elif text in (GUIDED_NOTE, MOVED_NOTE):
        assert {"noun", "subject"} & methods  # "the company": Hasbro's story
    elif text is LAGGED_NOTE:
        assert whole.label == "negative"  # RSP's news, not a fund comparison
    elif text is not NO_SUBJECT_NOTE:
        assert "we" in methods  # links that need the whole note's subject
    else:
        assert "subject" not in methods  # no one subject: no sentence is its by default
        # the author's "we" is on the company the note opens with (found in its first part)
        we = {
            t.ticker for t in whole.tickers for s in t.evidence if s.link and s.link.method == "we"
        }
        assert we == {"DELL"}


@pytest.mark.parametrize("options", [{}, {"link_references": False}, {"readings": False}])
def test_chunked_options_match_the_whole_text(fake_classifier, options):
    text = _note(6)
    whole = Analyzer(classifier=fake_classifier, **options).analyze(text)
    chunked = Analyzer(classifier=fake_classifier, window_chars=500, **options).analyze(text)
    assert chunked.to_dict() == whole.to_dict()


def test_a_capped_result_keeps_the_scores_and_counts_what_it_left_out(fake_classifier):
    text = _note(8)
    full = Analyzer(classifier=fake_classifier, window_chars=700).analyze(text)
    capped = Analyzer(classifier=fake_classifier, window_chars=700, detail_limit=5)
    result = capped.analyze(text)
    assert full.omitted is None and "omitted" not in full.to_dict()
    assert _scores(result) == _scores(full)
    assert result.sentences == full.sentences[:5]
    assert result.claims == full.claims[:5]
    for mine, theirs in zip(result.tickers, full.tickers):
        assert mine.evidence == theirs.evidence[:5]
        assert mine.resolutions == theirs.resolutions[:5]
    assert result.omitted == {
        "claims": len(full.claims) - 5,
        "evidence": sum(max(0, len(t.evidence) - 5) for t in full.tickers),
        "mentions": sum(max(0, len(t.resolutions) - 5) for t in full.tickers),
        "sentences": len(full.sentences) - 5,
    }
    assert result.to_dict()["omitted"] == result.omitted
    last = document_text(result, "three", False, 0.15).splitlines()[-1]
    assert last.startswith("detail capped (scores use every sentence): left out ")
    assert f"{len(full.sentences) - 5:,} sentences" in last
    assert "detail capped" not in document_text(full, "three", True, 0.15)


def test_a_document_within_the_window_is_never_capped(fake_classifier):
    text = _note(2)
    default = Analyzer(classifier=fake_classifier).analyze(text)
    small = Analyzer(classifier=fake_classifier, detail_limit=1).analyze(text)
    assert small.to_dict() == default.to_dict()
    assert len(small.sentences) > 1 and small.omitted is None


def _kept(result) -> Counter[str]:
    """How many sentence, mention and claim objects a result holds."""
    seen, stack, found = set(), [result], Counter()
    while stack:
        item = stack.pop()
        if id(item) in seen or isinstance(item, (str, int, float, type)):
            continue
        seen.add(id(item))
        if isinstance(item, (SentenceSentiment, TickerMention, Claim)):
            found[type(item).__name__] += 1
        stack += gc.get_referents(item)
    return found


def test_kept_detail_does_not_grow_with_the_length(fake_classifier):
    analyzer = Analyzer(classifier=fake_classifier, window_chars=2_000, detail_limit=20)
    short, long = analyzer.analyze(_note(20)), analyzer.analyze(_note(80))
    assert len(long.sentences) == len(short.sentences) == 20
    assert long.omitted["sentences"] > 3 * short.omitted["sentences"]
    assert _kept(long) == _kept(short)


def test_a_repeated_sentence_is_scored_once(fake_classifier):
    text = "\n\n".join(PARAGRAPH.format(year=2024, drop=4) for _ in range(10))
    result = Analyzer(classifier=fake_classifier, window_chars=600).analyze(text)
    inputs = [pair for texts, targets in fake_classifier.calls for pair in zip(texts, targets)]
    assert len(inputs) == len(set(inputs))  # every (sentence, target) once
    assert len(result.sentences) >= 50
    fake_classifier.calls.clear()
    whole = Analyzer(classifier=fake_classifier).analyze(text)
    assert result.to_dict() == whole.to_dict()


def test_the_remembered_predictions_are_bounded(fake_classifier, monkeypatch):
    monkeypatch.setattr(api, "REMEMBERED_INPUTS", 8)
    text = _note(10)
    model = api._RepeatedInputs(fake_classifier)
    for chunk in (text[:300], text[300:1500], text[:300], text[1500:]):
        sentences = [s for s in chunk.split(". ") if s]
        assert model.predict(sentences) == fake_classifier.predict(sentences)
        assert len(model._known) <= max(8, len(set(sentences)))  # cleared when over
    bounded = Analyzer(classifier=fake_classifier, window_chars=600).analyze(text)
    assert bounded.to_dict() == Analyzer(classifier=fake_classifier).analyze(text).to_dict()
