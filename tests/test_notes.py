"""A note's tickers read the way an analyst does (issue 18): sentences linked by reference,
readings folded into ticker scores, the document score from its subject or its sides, the
switches that turn each off, and bad input. The model is the FakeClassifier (cue words)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sentiment import Analyzer, aggregate, evidence
from sentiment.attribution import QUESTION
from sentiment.classifier import prediction_from
from sentiment.errors import InputError
from sentiment.readings import Reading
from sentiment.readings.types import SCORED
from sentiment.rendering import document_text
from sentiment.results import Link, SentenceSentiment, TickerMention, TickerSentiment
from sentiment.weighing import with_readings

NEUTRAL_PROBS = {"negative": 0.05, "neutral": 0.9, "positive": 0.05}
POSITIVE_PROBS = {"negative": 0.05, "neutral": 0.15, "positive": 0.8}
OFF = {
    "link_references": False,
    "readings": False,
    "document_follows_tickers": False,
    "ticker_band_margin": 0.0,
    "verdict_weight": 1.0,
}

CHIPOTLE = (
    "Chipotle Mexican Grill (CMG) reported second-quarter results. Traffic fell 2% on weak "
    "demand. Management cut its opening target. We cut our target and rate the shares Sell."
)
PAIR = "Trade idea: long $UNH, short $CVS. UnitedHealth margins look strong."


def _sentence(probabilities: dict[str, float], text: str = "x") -> SentenceSentiment:
    score = probabilities["positive"] - probabilities["negative"]
    label = max(probabilities, key=probabilities.__getitem__)
    return SentenceSentiment(text, 0, len(text), label, score, dict(probabilities))


def _reading(kind: str, ticker: str | None, effect: str) -> Reading:
    return Reading(kind, ticker, effect, "cue", 0, 3)


_SCORED = {
    "positive": (0.75, POSITIVE_PROBS),
    "negative": (-0.75, {"negative": 0.8, "neutral": 0.15, "positive": 0.05}),
    "neutral": (0.0, {"negative": 0.05, "neutral": 0.9, "positive": 0.05}),
}


def _stating(kind: str, ticker: str | None, effect: str, text: str = "x") -> SentenceSentiment:
    """A sentence scored toward ``effect`` that holds one reading of ``kind`` with it."""
    score, probabilities = _SCORED[effect]
    reading = _reading(kind, ticker, effect)
    return SentenceSentiment(text, 0, 1, effect, score, dict(probabilities), readings=(reading,))


# -- weighing readings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("probabilities", "effects", "expected"),
    [
        (NEUTRAL_PROBS, ["positive"], "positive"),
        (NEUTRAL_PROBS, ["negative"], "negative"),
        (POSITIVE_PROBS, ["neutral"], "neutral"),
        (NEUTRAL_PROBS, ["positive", "negative"], "neutral"),  # disagreeing sides: no side
        (POSITIVE_PROBS, [], "positive"),
    ],
)
def test_readings_fold_into_the_sentence_score(probabilities, effects, expected) -> None:
    readings = [_reading("rating", "CMG", e) for e in effects]
    weighed = with_readings(_sentence(probabilities), readings)
    assert weighed.label == expected
    assert weighed.readings == tuple(readings)


def test_a_neutral_reading_pulls_the_score_toward_zero() -> None:
    plain = _sentence(POSITIVE_PROBS)
    pulled = with_readings(plain, [_reading("hedge", None, "neutral")])
    assert 0 <= pulled.score < plain.score / 5


def test_ticker_evidence_takes_readings_about_that_ticker_or_the_whole_sentence() -> None:
    sentences = [_sentence(NEUTRAL_PROBS, "Long UNH, short CVS, if it works.")]
    links = [(Link("UNH", "direct", 1.0), Link("CVS", "direct", 1.0))]
    found = [
        (
            _reading("rating", "UNH", "positive"),
            _reading("rating", "CVS", "negative"),
            _reading("hedge", None, "neutral"),
        )
    ]
    scored = evidence.ticker_evidence(sentences, {}, links, found)
    assert [r.ticker for r in scored[(0, "UNH")].readings] == ["UNH", None]
    assert [r.ticker for r in scored[(0, "CVS")].readings] == ["CVS", None]


def _targeted(probabilities: dict[str, float], text: str, target: str) -> SentenceSentiment:
    return replace(_sentence(probabilities, text), target=target)


PASSING = "The company is losing prestige share to Sephora shop-in-shops inside Kohl's stores."


@pytest.mark.parametrize(
    ("text", "target", "found", "passing"),
    [
        (PASSING, "Kohl's", (), True),
        # named before the reference: "the company" is that ticker
        ("Kohl's beat, but the company guided down.", "Kohl's", (), False),
        # a reading gives it a side of its own
        (PASSING, "Kohl's", (_reading("comparison", "KSS", "positive"),), False),
        # "the firm" names the note's broker as often as a company: its call on the ticker
        ("The firm trims Kohl's (KSS) to $20 from $24, Hold.", "Kohl's", (), False),
    ],
)
def test_a_ticker_named_after_a_reference_to_another_is_a_passer_by(
    text, target, found, passing
) -> None:
    sentences = [_sentence(NEUTRAL_PROBS, text)]
    targets = {(0, "KSS"): _targeted(POSITIVE_PROBS, text, target)}
    cue = "the firm" if text.startswith("The firm") else "the company"
    links = [(Link("KSS", "direct", 1.0), Link("ULTA", "noun", 0.75, cue))]
    scored = evidence.ticker_evidence(sentences, targets, links, [found])
    roles = [r for r in scored[(0, "KSS")].readings if r.kind == "role"]
    assert bool(roles) == passing
    if passing:
        assert roles[0].cue.lower() == "the company" and scored[(0, "KSS")].label == "neutral"
        off = evidence.ticker_evidence(sentences, targets, links, [found], kinds={"rating"})
        assert not [r for r in off[(0, "KSS")].readings if r.kind == "role"]  # roles turned off


def test_a_ticker_named_in_an_analysts_question_keeps_its_sentence_score() -> None:
    # an analyst's question judges the companies it names as often as not: no passer-by
    text = 'Analyst (Citi): "How long until you close the gap with O\'Reilly?"'
    sentences = [_sentence(NEUTRAL_PROBS, text)]
    targets = {(0, "ORLY"): _targeted(POSITIVE_PROBS, text, "O'Reilly")}
    links = [(Link("ORLY", "direct", 1.0, QUESTION),)]
    scored = evidence.ticker_evidence(sentences, targets, links, [()])
    assert not [r for r in scored[(0, "ORLY")].readings if r.kind == "role"]
    assert scored[(0, "ORLY")].label == "positive"


def test_a_comparison_the_author_calls_even_gives_no_side() -> None:
    sentences = [
        _sentence(POSITIVE_PROBS, "SCHD yields 3.8% to VYM's 2.7%."),
        _sentence(NEUTRAL_PROBS, "Neither is the better fund."),
    ]
    links = [
        (Link("SCHD", "direct", 1.0), Link("VYM", "direct", 1.0)),
        (Link("SCHD", "both", 0.75), Link("VYM", "both", 0.75)),
    ]
    found = [
        (_reading("comparison", "SCHD", "positive"), _reading("comparison", "VYM", "negative")),
        (_reading("comparison", None, "neutral"),),
    ]
    scored = evidence.ticker_evidence(sentences, {}, links, found)
    assert [r.effect for r in scored[(0, "SCHD")].readings] == ["neutral"]
    assert [r.effect for r in scored[(0, "VYM")].readings] == ["neutral"]
    assert scored[(0, "SCHD")].label == "neutral"
    # without the even verdict the sides stand
    alone = evidence.ticker_evidence(sentences[:1], {}, links[:1], found[:1])
    assert [r.effect for r in alone[(0, "SCHD")].readings] == ["positive"]


def test_a_draw_naming_no_ticker_is_an_even_verdict() -> None:
    draw = Reading("net", None, "neutral", "call it a draw", 5, 19)
    lean = Reading("net", None, SCORED, "On balance", 0, 10)
    assert evidence.even_cues([[draw], [lean], [_reading("comparison", "PFE", "neutral")]]) == [
        "call it a draw",
        None,
        None,
    ]


def test_a_pick_outranks_a_side_read_from_figures() -> None:
    found = [
        (
            Reading("comparison", "SMH", "negative", "31% against 34%", 40, 55),
            Reading("comparison", "SOXX", "positive", "31% against 34%", 40, 55),
        ),
        (Reading("rating", "SMH", "positive", "Our preference remains", 0, 22),),
        (Reading("comparison", "SMH", "positive", "42% versus 28%", 10, 24),),
    ]
    assert evidence.outranked(found) == {(0, 40, 55)}  # the agreeing figures stand


def test_a_side_stated_in_words_outranks_one_read_from_figures() -> None:
    sentences = [
        _sentence(NEUTRAL_PROBS, "JEPI yields 7.2%, well above the 3.4% on VYM."),
        _sentence(NEUTRAL_PROBS, "We think VYM is the better core holding."),
    ]
    links = [
        (Link("JEPI", "direct", 1.0), Link("VYM", "direct", 1.0)),
        (Link("VYM", "direct", 1.0),),
    ]
    found = [
        (
            Reading("comparison", "JEPI", "positive", "7.2%, well above the 3.4%", 12, 38),
            Reading("comparison", "VYM", "negative", "7.2%, well above the 3.4%", 12, 38),
        ),
        (Reading("comparison", "VYM", "positive", "the better", 14, 24),),
    ]
    scored = evidence.ticker_evidence(sentences, {}, links, found)
    assert [r.effect for r in scored[(0, "VYM")].readings] == ["neutral"]
    assert [r.effect for r in scored[(0, "JEPI")].readings] == ["neutral"]  # that comparison
    assert scored[(1, "VYM")].label == "positive"


LONG_UNH, SHORT_CVS = _reading("rating", "UNH", "positive"), _reading("rating", "CVS", "negative")
VOO_WINS, IWM_LOSES = (
    _reading("comparison", "VOO", "positive"),
    _reading("comparison", "IWM", "negative"),
)


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ([[LONG_UNH, SHORT_CVS]], ["UNH", "CVS"]),
        ([[VOO_WINS], [IWM_LOSES]], ["VOO", "IWM"]),
        ([[LONG_UNH]], []),  # one side only
        ([[_reading("role", "MS", "neutral"), _reading("deal", "X", "negative")]], []),
    ],
)
def test_opposed_tickers(found, expected) -> None:
    assert evidence.opposed_sides(evidence.reading_sides(found, {})) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (True, set(evidence.READING_KINDS)),
        ("all", set(evidence.READING_KINDS)),
        (False, set()),
        ("none", set()),
        ("rating, hedge", {"rating", "hedge"}),
        (["role"], {"role"}),
    ],
)
def test_reading_kinds(value, expected) -> None:
    assert evidence.reading_kinds(value) == expected


def test_an_unknown_reading_kind_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown reading kinds \\['ratings'\\]"):
        evidence.reading_kinds("ratings,hedge")


# -- aggregation -------------------------------------------------------------------------------


def _ticker(symbol: str, score: float, relevance: float = 0.5) -> TickerSentiment:
    return TickerSentiment(symbol, aggregate.label_for(score), score, 1, relevance)


@pytest.mark.parametrize(
    ("tickers", "opposed", "expected"),
    [
        ([_ticker("UNH", 0.9), _ticker("CVS", -0.8)], ["UNH", "CVS"], 0.05),  # sides offset
        ([_ticker("UNH", 0.9), _ticker("CVS", -0.8)], [], 0.4),  # no sides: the sentences
        ([_ticker("UNH", 0.9)], ["UNH", "CVS"], 0.9),  # one side found only: it leads
        # set side by side but both rated Overweight: no sides that offset
        ([_ticker("V", 0.9), _ticker("MA", 0.8)], ["V", "MA"], 0.4),
        ([_ticker("V", 0.9), _ticker("MA", 0.05)], ["V", "MA"], 0.1499),
    ],
)
def test_note_score_offsets_opposed_tickers(tickers, opposed, expected) -> None:
    assert aggregate.note_score(0.4, tickers, opposed) == pytest.approx(expected)


def test_note_score_of_a_one_company_note_is_its_companys() -> None:
    tickers = [_ticker("UNH", 0.9), _ticker("CVS", -0.8)]
    assert aggregate.note_score(0.4, tickers, ["UNH", "CVS"], "CVS") == pytest.approx(-0.8)
    held = [_ticker("PSX", 0.1499), _ticker("VLO", 0.99, 0.25)]  # "our rating stays Equal Weight"
    assert aggregate.note_score(0.7, held, (), "PSX") == pytest.approx(0.1499)
    assert aggregate.note_score(0.7, held, ()) == pytest.approx(0.7)  # no subject: the sentences
    # a subject the tickers lack (none found for it) leaves the rules below
    assert aggregate.note_score(0.4, tickers, ["UNH", "CVS"], "CMG") == pytest.approx(0.05)


@pytest.mark.parametrize(
    ("tickers", "side_by_side", "expected"),
    [
        ([_ticker("COIN", -0.96, 0.5), _ticker("HOOD", 0.99, 0.25)], False, -0.96),
        ([_ticker("COIN", -0.96, 0.5), _ticker("HOOD", 0.99, 0.25)], True, 0.3),  # side by side
        ([_ticker("COIN", -0.96, 0.5), _ticker("HOOD", 0.99, 0.3)], False, 0.3),  # not twice
        # exactly twice, as kept to four decimals (1/3 against 1/6)
        ([_ticker("COIN", -0.96, 0.3333), _ticker("HOOD", 0.99, 0.1667)], False, -0.96),
        ([_ticker("COIN", -0.96, 0.5), _ticker("RJF", 0.0, 0.5)], False, -0.96),  # a neutral source
        ([_ticker("RJF", 0.0, 0.5), _ticker("COIN", -0.96, 0.2)], False, 0.3),  # first not judged
    ],
)
def test_a_note_follows_a_judged_ticker_twice_as_relevant_as_any_other(
    tickers, side_by_side, expected
) -> None:
    tickers = sorted(tickers, key=lambda t: -t.relevance)
    assert aggregate.note_score(0.3, tickers, side_by_side=side_by_side) == pytest.approx(expected)


def _passer(
    symbol: str, score: float, method: str = "direct", readings: tuple = (), sentences: int = 1
) -> TickerSentiment:
    said = SentenceSentiment("s", 0, 1, aggregate.label_for(score), score, target=symbol)
    said = replace(said, link=Link(symbol, method, 1.0), readings=readings)
    found = TickerSentiment(symbol, aggregate.label_for(score), score, 1, 0.2)
    return replace(found, evidence=(said,) * sentences)


@pytest.mark.parametrize(
    ("other", "held"),
    [
        (_passer("EQIX", 0.3), True),  # a weak lean with the lead: the note's tone caught
        (_passer("EQIX", 0.5), False),  # leaning harder: judged
        (_passer("EQIX", -0.3), False),  # a weak lean the other way: set apart
        (_passer("EQIX", 0.3, sentences=2), False),  # named in two sentences
        (_passer("EQIX", 0.3, method="pronoun"), False),  # linked by a reference
        (_passer("EQIX", 0.3, readings=(_reading("rating", None, "positive"),)), False),
        (_passer("EQIX", 0.3, readings=(_reading("rating", "VRT", "positive"),)), True),
        (replace(_passer("EQIX", 0.3), relevance=0.3), False),  # not half as relevant as VRT
    ],
)
def test_a_ticker_that_only_caught_the_notes_tone_is_held_neutral(other, held) -> None:
    lead = _ticker("VRT", 0.8)
    found = aggregate.passing_tones([lead, other], aggregate.NEUTRAL_BAND)
    assert found[0] is lead
    assert (found[1].label == "neutral") is held
    assert abs(found[1].score) < aggregate.NEUTRAL_BAND if held else found[1] is other
    # a neutral lead holds no one
    assert aggregate.passing_tones([_ticker("VRT", 0.0), other], 0.15)[1] is other


class _CaughtTone:
    """A model reading every sentence strongly positive, except Equinix's: weakly."""

    labels = ("negative", "neutral", "positive")

    def predict(self, texts, targets=None):
        targets = list(targets) if targets is not None else [None] * len(texts)
        weak = {"negative": 0.1, "neutral": 0.5, "positive": 0.4}
        strong = {"negative": 0.05, "neutral": 0.1, "positive": 0.85}
        found = [
            weak if "Equinix" in text or target == "EQIX" else strong
            for text, target in zip(texts, targets)
        ]
        return [prediction_from(probabilities) for probabilities in found]


@pytest.mark.parametrize("links", [True, False])
def test_a_customer_named_in_passing_is_neutral(links: bool) -> None:
    text = (
        "Vertiv (VRT) orders accelerated again in the quarter, and the backlog reached a record"
        " $8 billion. One large customer, Equinix (EQIX), said this week it has raised its"
        " 2026 capacity plan. We raise our target on Vertiv to $150."
    )
    analyzer = Analyzer(classifier=_CaughtTone(), link_references=links)
    tickers = {t.ticker: t for t in analyzer.analyze(text).tickers}
    assert tickers["VRT"].label == "positive"
    assert tickers["EQIX"].label == "neutral"
    assert abs(tickers["EQIX"].score) < aggregate.NEUTRAL_BAND
    # --evidence says why its score sits at the band's edge
    shown = document_text(analyzer.analyze(text), "three", True, aggregate.NEUTRAL_BAND)
    assert "named in passing, leaning with VRT: held neutral" in shown
    assert shown.count("held neutral") == 1
    # with neither links nor readings, the model's weak lean stands
    bare = Analyzer(classifier=_CaughtTone(), link_references=False, readings=False)
    assert {t.ticker: t.label for t in bare.analyze(text).tickers}["EQIX"] == "positive"


def test_linked_sentences_count_with_their_weight_and_carry_their_link() -> None:
    negative = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
    sentences = [_sentence(POSITIVE_PROBS, "a"), _sentence(negative, "b")]
    sentences[1] = SentenceSentiment("b", 2, 3, "negative", -0.75, negative)
    links = [(Link("CMG", "direct", 1.0),), (Link("CMG", "noun", 0.5, "the company"),)]
    mention = __import__("sentiment.results", fromlist=["TickerMention"]).TickerMention(
        "CMG", "CMG", 0, 1, "cashtag", 0.99
    )
    full = aggregate.ticker_sentiments(sentences, [mention], {}, links=links)[0]
    half = aggregate.ticker_sentiments(
        sentences, [mention], {}, links=[links[0], (Link("CMG", "noun", 1.0),)]
    )[0]
    assert [e.link.method for e in full.evidence] == ["direct", "noun"]
    assert full.score > half.score  # the linked negative sentence weighs half
    assert full.mentions == 1 and full.relevance == half.relevance


@pytest.mark.parametrize(
    ("reading", "counts"),
    [
        (("rating", "CMG", "negative"), True),  # "we rate CMG Sell"
        (("rating", None, "negative"), True),  # "we rate the shares Sell", linked to CMG
        (("comparison", "CMG", "negative"), True),  # the loser of a comparison
        (("rating", "CMG", "neutral"), True),  # "we stay Neutral": a held rating is a verdict
        (("comparison", "CMG", "neutral"), False),  # a balanced comparison is none
        (("rating", "WFC", "negative"), False),  # a verdict on another ticker
        (("hedge", None, "neutral"), False),
    ],
)
def test_a_verdict_sentence_counts_more_in_its_tickers_score(reading, counts) -> None:
    negative = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
    news = SentenceSentiment("a", 0, 1, "positive", 0.75, dict(POSITIVE_PROBS))
    verdict = SentenceSentiment(
        "b", 2, 3, "negative", -0.75, negative, readings=(_reading(*reading),)
    )
    mention = __import__("sentiment.results", fromlist=["TickerMention"]).TickerMention(
        "CMG", "CMG", 0, 1, "cashtag", 0.99
    )
    links = [(Link("CMG", "direct", 1.0),), (Link("CMG", "we", 1.0),)]
    found = aggregate.ticker_sentiments([news, verdict], [mention], {}, links=links)[0]
    weight = aggregate.VERDICT_WEIGHT if counts else 1.0
    assert aggregate.verdict_factor(verdict, "CMG") == weight
    headline = aggregate.HEADLINE_WEIGHT  # the first sentence counts that much by position
    expected = (headline * 0.75 - weight * 0.75) / (headline + weight)
    label = "negative" if counts else "positive"
    if aggregate.called_even(aggregate.calls(verdict, "CMG")):  # a held rating: neutral as well
        expected, label = aggregate.inside_band(expected, aggregate.NEUTRAL_BAND), "neutral"
    assert found.score == pytest.approx(expected, abs=1e-4)
    assert found.label == label


def _linked_score(sentences: list[SentenceSentiment], symbol: str) -> float:
    """``symbol``'s score with every sentence linked to it."""
    mention = TickerMention(symbol, symbol, 0, 1, "cashtag", 0.99)
    links = [(Link(symbol, "direct", 1.0),)] * len(sentences)
    return aggregate.ticker_sentiments(sentences, [mention], {}, links=links)[0].score


def test_a_move_of_the_shares_counts_more_unless_the_author_states_a_verdict() -> None:
    negative = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
    news = [SentenceSentiment("a", 0, 1, "negative", -0.75, negative) for _ in range(2)]
    moved = SentenceSentiment(
        "shares +6%",
        2,
        3,
        "positive",
        0.75,
        dict(POSITIVE_PROBS),
        readings=(_reading("move", None, "positive"),),
    )
    assert aggregate.document_score([*news, moved]) < 0  # plain weights
    assert _linked_score([*news, moved], "LW") > 0  # the market's verdict
    held = SentenceSentiment(
        "We stay Sell.",
        4,
        5,
        "negative",
        -0.75,
        negative,
        readings=(_reading("rating", None, "negative"),),
    )
    assert aggregate.move_weight([*news, moved, held], "LW") == 1.0  # the author's stands
    assert aggregate.move_weight([*news, moved], "LW") == aggregate.MOVE_WEIGHT
    other = SentenceSentiment(
        "x",
        2,
        3,
        "positive",
        0.75,
        dict(POSITIVE_PROBS),
        readings=(_reading("move", "MCD", "positive"),),
    )
    assert aggregate.verdict_factor(other, "LW", moved=4.0) == 1.0  # another's move


def test_guidance_raised_or_cut_counts_more_unless_a_verdict_or_a_move_is_stated() -> None:
    positive = [SentenceSentiment("a", 0, 1, "positive", 0.75, dict(POSITIVE_PROBS))] * 2
    cut = _stating("guidance", None, "negative", "The company cut its full-year sales outlook.")
    assert aggregate.document_score([*positive, cut]) > 0  # plain weights
    assert _linked_score([*positive, cut], "HAS") < 0  # the company's word
    assert aggregate.guide_weight([*positive, cut], "HAS") == aggregate.GUIDE_WEIGHT
    flat = _stating("move", None, "neutral", "The shares were flat.")
    assert aggregate.guide_weight([*positive, cut, flat], "HAS") == 1.0  # the market's stands
    held = _stating("rating", None, "neutral", "We stay Neutral.")
    assert aggregate.guide_weight([*positive, cut, held], "HAS") == 1.0  # the author's stands
    other = _stating("guidance", "MAT", "negative")
    assert aggregate.verdict_factor(other, "HAS", guided=8.0) == 1.0  # another's guidance
    assert aggregate.verdict_factor(cut, "HAS", guided=8.0) == 8.0


def test_flat_shares_call_mixed_news_even() -> None:
    negative = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
    news = SentenceSentiment("a", 0, 1, "negative", -0.75, negative)
    flat = SentenceSentiment(
        "The shares were flat.",
        2,
        3,
        "neutral",
        0.0,
        {"negative": 0.05, "neutral": 0.9, "positive": 0.05},
        readings=(_reading("move", None, "neutral"),),
    )
    assert aggregate.verdict_factor(flat, "DIS", moved=16.0) == 16.0
    alone = _linked_score([news], "DIS")
    assert abs(_linked_score([news, flat], "DIS")) < abs(alone) / 2


# -- the Analyzer ------------------------------------------------------------------------------


def test_a_one_company_note_counts_every_sentence_for_its_ticker(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(CHIPOTLE)
    cmg = next(t for t in doc.tickers if t.ticker == "CMG")
    assert [e.link.method for e in cmg.evidence] == ["direct", "subject", "management", "we"]
    assert cmg.label == "negative"
    assert doc.label == "negative"


def test_everything_off_is_the_scoring_by_mentions(fake_classifier) -> None:
    doc = Analyzer(classifier=fake_classifier, **OFF).analyze(CHIPOTLE)
    cmg = next(t for t in doc.tickers if t.ticker == "CMG")
    assert len(cmg.evidence) == 1 and cmg.evidence[0].link is None
    assert cmg.label == "neutral"  # only the first sentence names it
    assert doc.score == round(aggregate.document_score(doc.sentences), 4)


def test_each_switch_turns_its_feature_off(fake_classifier) -> None:
    def cmg(**switches) -> TickerSentiment:
        doc = Analyzer(classifier=fake_classifier, **switches).analyze(CHIPOTLE)
        return next(t for t in doc.tickers if t.ticker == "CMG")

    assert [e.link.method for e in cmg(link_references=False).evidence] == ["direct"]
    assert all(not e.readings for e in cmg(readings=False).evidence)
    assert any(e.readings for e in cmg(readings="rating").evidence)
    assert not any(e.readings for e in cmg(readings=["hedge"]).evidence)


def test_a_pair_trade_is_neutral_as_a_whole(analyzer: Analyzer, fake_classifier) -> None:
    doc = analyzer.analyze(PAIR)
    labels = {t.ticker: t.label for t in doc.tickers}
    assert labels["UNH"] == "positive" and labels["CVS"] == "negative"
    assert doc.label == "neutral"
    assert Analyzer(classifier=fake_classifier, **OFF).analyze(PAIR).label != "neutral"


def test_evidence_links_and_readings_are_in_to_dict(analyzer: Analyzer) -> None:
    data = json.loads(json.dumps(analyzer.analyze(CHIPOTLE).to_dict()))
    evidence_ = data["tickers"][0]["evidence"]
    assert evidence_[2]["link"] == {
        "symbol": "CMG",
        "method": "management",
        "weight": 0.75,
        "cue": "Management",
    }
    assert any(r["kind"] == "rating" for e in evidence_ for r in e["readings"])


def test_sentence_scores_do_not_change(analyzer: Analyzer, fake_classifier) -> None:
    new = analyzer.analyze(CHIPOTLE)
    old = Analyzer(classifier=fake_classifier, **OFF).analyze(CHIPOTLE)
    assert new.sentences == old.sentences


# -- bad input (issue 18) ----------------------------------------------------------------------

FORTY = " ".join(
    f"${s} rose." if i % 2 else f"${s} was flat."
    for i, s in enumerate(
        "AAPL MSFT NVDA AMZN GOOGL META TSLA AVGO JPM V MA UNH XOM JNJ PG HD COST ABBV MRK CVX "
        "KO PEP ADBE CRM NFLX AMD INTC CSCO ORCL QCOM TXN IBM CAT GE BA HON UPS LMT T VZ".split()
    )
)
TABLE = "Weekly returns\n\n| ticker | return |\n|---|---|\n| AAPL | 2.1% |\n| MSFT | -1.3% |\n"
FOOTNOTE = (
    "Rates fell sharply this week. We think duration looks strong here. The company view is "
    "ours alone.\n\n1. Disclosure: the author holds $KO."
)
NO_TICKER = "Markets were strong. It was a record week. We see the rally extending."
CAPITALS = CHIPOTLE.upper()


@pytest.mark.parametrize("text", [FORTY, TABLE, FOOTNOTE, NO_TICKER, CAPITALS])
def test_bad_notes_give_links_only_to_named_tickers(analyzer: Analyzer, text: str) -> None:
    doc = analyzer.analyze(text)
    named = {m.symbol for t in doc.tickers for m in t.resolutions}
    linked = {e.link.symbol for t in doc.tickers for e in t.evidence}
    assert linked <= named
    assert all(-1 <= t.score <= 1 for t in doc.tickers)


def test_forty_tickers_each_scored_from_its_own_sentence(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(FORTY)
    assert len(doc.tickers) == 40
    assert all(len(t.evidence) == 1 and t.evidence[0].link.method == "direct" for t in doc.tickers)


def test_a_footnote_ticker_takes_no_other_sentence(analyzer: Analyzer) -> None:
    ko = next(t for t in analyzer.analyze(FOOTNOTE).tickers if t.ticker == "KO")
    assert [e.link.method for e in ko.evidence] == ["direct"]
    assert ko.label == "neutral"


def test_table_rows_score_their_own_ticker(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(TABLE)
    assert {t.ticker for t in doc.tickers} == {"AAPL", "MSFT"}
    assert all(len(t.evidence) == 1 for t in doc.tickers)


def test_text_with_no_ticker_has_no_tickers_and_its_sentence_score(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(NO_TICKER)
    assert doc.tickers == ()
    assert doc.score == round(aggregate.document_score(doc.sentences), 4)


def test_a_note_in_capitals_still_links_by_reference(analyzer: Analyzer) -> None:
    # "OUR TARGET" in capitals is no Target Corp.: CMG is the note's sole subject, as in lower case
    upper = analyzer.analyze(CAPITALS)
    assert [t.ticker for t in upper.tickers] == ["CMG"]
    methods = [e.link.method for e in upper.tickers[0].evidence]
    lower = analyzer.analyze(CHIPOTLE).tickers[0]
    assert (
        methods
        == [e.link.method for e in lower.evidence]
        == ["direct", "subject", "management", "we"]
    )
    assert upper.tickers[0].label == "negative"


# -- the command line --------------------------------------------------------------------------


@pytest.fixture
def note_file(tmp_path, fake_cli_model):
    path = tmp_path / "note.txt"
    path.write_text(CHIPOTLE, encoding="utf-8")
    return str(path)


def test_score_evidence_shows_links_and_readings(note_file: str) -> None:
    from typer.testing import CliRunner

    from sentiment import cli

    result = CliRunner().invoke(cli.app, ["score", "--evidence", note_file])
    assert result.exit_code == 0, result.output
    assert "[management: Management] Management cut its opening target." in result.output
    assert '           rating "cut our target": negative' in result.output


@pytest.mark.parametrize(
    ("options", "absent"),
    [(["--no-links"], "[management"), (["--readings", "none"], 'rating "')],
)
def test_score_options_turn_links_and_readings_off(note_file: str, options, absent) -> None:
    from typer.testing import CliRunner

    from sentiment import cli

    result = CliRunner().invoke(cli.app, ["score", "--evidence", *options, note_file])
    assert result.exit_code == 0, result.output
    assert absent not in result.output


@pytest.mark.parametrize("command", ["score", "batch"])
def test_an_unknown_reading_kind_is_a_one_line_error(note_file: str, tmp_path, command) -> None:
    from typer.testing import CliRunner

    from sentiment import cli

    args = [note_file] if command == "score" else [str(tmp_path), "-o", str(tmp_path / "o.jsonl")]
    result = CliRunner().invoke(cli.app, [command, "--readings", "rating,guess", *args])
    assert result.exit_code == 1
    assert result.output.strip().splitlines()[-1].startswith("error: unknown reading kind")


# -- the ticker band ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        # "we stay Equal Weight but lower our target": the verdict keeps its side
        ([("rating", "neutral"), ("rating", "negative")], "negative"),
        # "we'd own the shares into the print; Overweight"
        ([("hedge", "neutral"), ("rating", "positive")], "positive"),
        ([("hedge", "neutral"), ("comparison", "negative")], "negative"),
        # "Mondelez, which is more exposed to Europe, remains a Hold": the rating stands
        ([("comparison", "negative"), ("rating", "neutral")], "neutral"),
        # a hedge still pulls a deal's or a role's side to neutral
        ([("hedge", "neutral"), ("deal", "positive")], "neutral"),
        ([("rating", "neutral"), ("role", "negative")], "neutral"),
        # a stated move is a fact that a hedge does not pull; a held rating still does
        ([("hedge", "neutral"), ("move", "negative")], "negative"),
        ([("rating", "neutral"), ("move", "negative")], "neutral"),
    ],
)
def test_a_verdict_keeps_its_side_against_a_neutral_reading(readings, expected) -> None:
    found = [_reading(kind, "CMG", effect) for kind, effect in readings]
    assert with_readings(_sentence(NEUTRAL_PROBS), found).label == expected


def test_a_tickers_band_is_the_documents_widened_by_the_margin() -> None:
    assert aggregate.ticker_band() == pytest.approx(
        aggregate.NEUTRAL_BAND + aggregate.TICKER_BAND_MARGIN
    )
    assert aggregate.ticker_band(0.2, 0.0) == 0.2
    assert aggregate.ticker_band(0.9, 0.5) == 0.99  # kept below 1


def test_tickers_are_labelled_with_the_wider_band_documents_with_theirs(fake_classifier) -> None:
    text = "Nvidia (NVDA) beat. AMD (AMD) was flat, and Intel (INTC) missed badly and fell."
    for margin in (0.0, 0.15, 0.5):
        doc = Analyzer(classifier=fake_classifier, ticker_band_margin=margin).analyze(text)
        cut = aggregate.ticker_band(aggregate.NEUTRAL_BAND, margin)
        assert doc.tickers
        for ticker in doc.tickers:
            assert ticker.label == aggregate.label_for(ticker.score, cut)
            assert ticker.scale_label == aggregate.scale_label_for(ticker.score, cut)
        assert doc.label == aggregate.label_for(doc.score, aggregate.NEUTRAL_BAND)


@pytest.mark.parametrize("margin", [-0.1, 1.0, "0.1", True])
def test_a_bad_margin_is_refused(margin) -> None:
    with pytest.raises(ValueError, match="ticker_band_margin"):
        Analyzer(ticker_band_margin=margin)


def test_the_margin_is_a_result_setting(fake_classifier) -> None:
    settings = Analyzer(classifier=fake_classifier, ticker_band_margin=0.05).result_settings()
    assert settings["ticker_band_margin"] == 0.05


@pytest.mark.parametrize("weight", [1.0, 3.0, 10.0])
def test_the_verdict_weight_is_the_analyzers_setting(fake_classifier, weight) -> None:
    analyzer = Analyzer(classifier=fake_classifier, verdict_weight=weight)
    doc = analyzer.analyze(CHIPOTLE)
    [cmg] = [t for t in doc.tickers if t.ticker == "CMG"]
    factors = [aggregate.verdict_factor(s, "CMG", weight) for s in cmg.evidence]
    verdicts = [any(aggregate.is_verdict(r, "CMG") for r in s.readings) for s in cmg.evidence]
    assert verdicts[-1]  # "We cut our target and rate the shares Sell" is a verdict on CMG
    links = [s.link.weight if s.link else 1.0 for s in cmg.evidence]
    starts = [s.start for s in doc.sentences]
    indices = [starts.index(s.start) for s in cmg.evidence]
    expected = aggregate.weighted_score(
        list(cmg.evidence), indices, [f * w for f, w in zip(factors, links)]
    )
    assert cmg.score == pytest.approx(expected, abs=1e-4)
    assert analyzer.result_settings()["verdict_weight"] == weight


def test_a_heavier_verdict_moves_its_ticker_toward_it(fake_classifier) -> None:
    text = (
        "Chipotle Mexican Grill (CMG) posted strong growth and record margins. "
        "Sales rose sharply. We rate the shares Sell."
    )
    scores = []
    for weight in (1.0, 10.0, 100.0):
        doc = Analyzer(classifier=fake_classifier, verdict_weight=weight).analyze(text)
        scores += [t.score for t in doc.tickers if t.ticker == "CMG"]
    assert scores[0] > scores[1] > scores[2]


@pytest.mark.parametrize("weight", [0.5, 0, -1, float("inf"), float("nan"), "10", True])
def test_a_bad_verdict_weight_is_refused(weight) -> None:
    with pytest.raises(ValueError, match="verdict_weight must be a finite number of at least 1"):
        Analyzer(verdict_weight=weight)


def test_evidence_says_a_verdicts_weight_and_nothing_at_weight_one() -> None:
    from sentiment.rendering import reading_text

    sell = _reading("rating", "CMG", "negative")
    assert reading_text(sell, "CMG").endswith(f", a verdict (x{aggregate.VERDICT_WEIGHT:g})")
    assert reading_text(sell, "CMG", 3.0).endswith(", a verdict (x3)")
    assert reading_text(sell, "CMG", 1.0) == 'rating "cue": negative'
    assert reading_text(sell, "WFC", 3.0) == 'rating "cue": negative'
    rose = _reading("move", None, "positive")
    assert reading_text(rose, "LW", moved=4.0) == 'move "cue": positive, a move (x4)'
    assert reading_text(rose, "LW") == 'move "cue": positive'  # a verdict stated: plain weight
    assert reading_text(_reading("move", "MCD", "positive"), "LW", moved=4.0).endswith("positive")
    cut = _reading("guidance", None, "negative")
    assert reading_text(cut, "HAS", guided=8.0) == 'guidance "cue": negative, guidance (x8)'
    assert reading_text(cut, "HAS") == 'guidance "cue": negative'  # a verdict or move stated
    assert reading_text(_reading("guidance", None, "neutral"), "HAS", guided=8.0).endswith("al")


def test_a_notes_score_folds_in_readings_about_whole_sentences(fake_classifier) -> None:
    # two companies, no subject: previews and plain facts state no view, whatever their words
    text = (
        "FedEx (FDX) and UPS (UPS) report next week. "
        "A strong quarter could lift FedEx shares if margins beat. "
        "UPS (UPS) will join the S&P 500 on Monday with record volumes."
    )
    new = Analyzer(classifier=fake_classifier).analyze(text)
    plain = Analyzer(classifier=fake_classifier, document_follows_tickers=False).analyze(text)
    assert plain.label == "positive"  # the plain sentence scores: "strong", "beat", "record"
    assert new.label == "neutral"
    hedged = [s for s in new.sentences if "could" in s.text]
    assert hedged and hedged[0].label == "positive"  # a sentence itself keeps its own score


def test_a_pair_trade_is_neutral_whichever_side_reads_stronger(fake_classifier) -> None:
    text = (
        "Trade idea: long $UNH, short $CVS. UNH has a new CEO. UNH reports in April. "
        "UNH held its meeting. UNH named a director. CVS fell."
    )
    # the verdicts counted once: CVS's side reads much stronger than UNH's
    doc = Analyzer(classifier=fake_classifier, verdict_weight=1).analyze(text)
    sides = {t.ticker: t.score for t in doc.tickers}
    mean = (sides["UNH"] + sides["CVS"]) / 2
    assert mean < -aggregate.NEUTRAL_BAND  # the plain mean would read negative
    assert doc.label == "neutral" and -aggregate.NEUTRAL_BAND < doc.score < 0


def test_a_balanced_comparison_is_neutral_as_a_note() -> None:
    sides = evidence.reading_sides(
        [[_reading("comparison", "V", "neutral"), _reading("comparison", "MA", "neutral")]], {}
    )
    assert evidence.opposed_sides(sides) == ["V", "MA"]  # set evenly against each other
    held = evidence.reading_sides(
        [[_reading("rating", "V", "neutral"), _reading("rating", "MA", "neutral")]], {}
    )
    assert evidence.opposed_sides(held) == []  # two Holds set nothing against each other


def test_a_comparison_note_that_rates_one_side_is_no_balanced_one() -> None:
    compared = [
        _reading("comparison", "MSFT", "positive"),
        _reading("comparison", "AMZN", "negative"),
    ]
    rated = evidence.reading_sides([compared, [_reading("rating", "MSFT", "positive")]], {})
    assert evidence.opposed_sides(rated) == []  # "... We reiterate Buy on MSFT"
    pair = [_reading("rating", "UNH", "positive"), _reading("rating", "CVS", "negative")]
    assert evidence.opposed_sides(evidence.reading_sides([compared, pair], {})) != []
    assert evidence.opposed_sides(evidence.reading_sides([compared], {})) == ["MSFT", "AMZN"]


def test_a_comparison_told_as_news_leads_with_its_first_read_ticker() -> None:
    lagged = [
        _reading("comparison", "RSP", "negative"),
        _reading("comparison", "SPY", "positive"),
    ]
    sides = evidence.reading_sides([lagged], {})
    assert evidence.compared_lead(sides, evidence.opposed_sides(sides)) == "RSP"
    # a pair trade's legs or a rating set them: a relative call, no news about one of them
    pair = [_reading("rating", "UNH", "positive"), _reading("rating", "CVS", "negative")]
    legs = evidence.reading_sides([pair], {})
    assert evidence.compared_lead(legs, evidence.opposed_sides(legs)) is None
    # "we prefer COP over DVN": the author's preference, a relative call too
    preferred = [
        Reading("comparison", "COP", "positive", "prefer", 3, 9),
        Reading("comparison", "DVN", "negative", "prefer", 3, 9),
    ]
    called = evidence.reading_sides([preferred], {})
    assert evidence.compared_lead(called, evidence.opposed_sides(called)) is None
    # a trade-off: the first read is the winner on one figure and the loser on another
    traded = evidence.reading_sides(
        [
            [
                _reading("comparison", "SHYG", "positive"),
                _reading("comparison", "VCSH", "negative"),
            ],
            [
                _reading("comparison", "VCSH", "positive"),
                _reading("comparison", "SHYG", "negative"),
            ],
        ],
        {},
    )
    assert evidence.compared_lead(traded, evidence.opposed_sides(traded)) is None
    # or the other: "SCHD yields 3.8%, VIG 1.7%, but VIG has returned 4 points more a year"
    other = evidence.reading_sides(
        [
            [_reading("comparison", "SCHD", "positive"), _reading("comparison", "VIG", "negative")],
            [_reading("comparison", "VIG", "positive")],
        ],
        {},
    )
    assert evidence.compared_lead(other, evidence.opposed_sides(other)) is None


def _judged(symbol: str, score: float, sentences: int) -> TickerSentiment:
    said = SentenceSentiment(f"{symbol} moved.", 0, 9, aggregate.label_for(score), score)
    return replace(_ticker(symbol, score), evidence=(said,) * sentences)


@pytest.mark.parametrize(
    ("others", "side_by_side", "expected"),
    [
        (1, False, -0.9),  # "RSP has lagged SPY by 9 points": the note follows RSP
        (2, False, -0.9),
        (3, False, -0.1),  # SPY judged in three sentences: a fund comparison, neutral
        (1, True, -0.1),  # set side by side ("both charge 0.03%"): neutral
    ],
)
def test_a_comparison_told_as_news_follows_its_lead(others, side_by_side, expected) -> None:
    tickers = [_judged("RSP", -0.9, 2), _judged("SPY", 0.7, others)]
    score = aggregate.note_score(
        -0.2, tickers, ["SPY", "RSP"], side_by_side=side_by_side, lead="RSP"
    )
    assert score == pytest.approx(expected)
    # with no lead the sides offset: the mean of their scores
    assert aggregate.note_score(-0.2, tickers, ["SPY", "RSP"]) == pytest.approx(-0.1)


def test_a_comparison_told_as_news_is_judged_as_its_lead(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(
        "Invesco S&P 500 Equal Weight ETF (RSP) has lagged the SPDR S&P 500 ETF (SPY) by "
        "about 9 percentage points this year."
    )
    assert doc.label == "negative"
    relative = analyzer.analyze(
        "Relative value: we prefer ConocoPhillips (COP) over Devon Energy (DVN)."
    )
    assert relative.label == "neutral"


@pytest.mark.parametrize(
    ("tickers", "expected"),
    [
        ([_ticker("JPM", 0.05), _ticker("BAC", -0.02)], 0.1499),  # none judged: neutral
        ([_ticker("JPM", 0.05), _ticker("BAC", 0.6)], 0.4),  # one judged: the sentences
        ([], 0.4),  # no tickers: the sentences
    ],
)
def test_a_note_judging_none_of_its_tickers_is_neutral(tickers, expected) -> None:
    assert aggregate.note_score(0.4, tickers) == expected
    assert aggregate.label_for(aggregate.note_score(0.4, tickers)) == (
        "neutral" if expected < aggregate.NEUTRAL_BAND else "positive"
    )


@pytest.mark.parametrize(
    ("tickers", "document", "expected"),
    [
        # a macro wrap: its news told in sentences naming no ticker, its tickers all up
        ([_ticker("ITB", 0.8), _ticker("TLT", 0.6)], 0.1, 0.7),
        ([_ticker("ITB", -0.8), _ticker("DHI", -0.6), _ticker("SPY", 0.05)], 0.5, -0.7),
        ([_ticker("ITB", 0.8), _ticker("TLT", 0.6)], 0.3, 0.3),  # the same way: unchanged
        ([_ticker("ITB", 0.8), _ticker("TLT", -0.6)], 0.1, 0.1),  # two ways: the sentences
        ([_ticker("SPY", 0.05), _ticker("TLT", -0.6)], 0.1, 0.1),  # the main one not judged
        # most lean the main one's way, none of the others is as relevant, and the sentences
        # lean neither way: the most
        ([_ticker("DHI", -0.8, 0.6), _ticker("XLU", -0.6), _ticker("JPM", 0.5)], 0.1, -0.7),
        ([_ticker("DHI", -0.8, 0.6), _ticker("XLU", -0.6), _ticker("JPM", 0.5)], 0.3, 0.3),
        ([_ticker("DHI", -0.8, 0.6), _ticker("JPM", 0.5)], 0.1, 0.1),  # no majority
        # two main tickers with opposite news (Intel cut, Nvidia beat): the sentences, a
        # passer-by leaning with one of them does not tip it
        ([_ticker("INTC", -0.8), _ticker("NVDA", 0.9), _ticker("SOXX", -0.5, 0.1)], 0.1, 0.1),
        # three as relevant against one: the three
        (
            [
                _ticker("ADBE", -0.9),
                _ticker("CRM", -0.9),
                _ticker("IGV", -0.6),
                _ticker("NOW", 0.9),
            ],
            0.1,
            -0.8,
        ),
    ],
)
def test_a_note_whose_judged_tickers_lean_one_way_follows_them(tickers, document, expected) -> None:
    assert aggregate.note_score(document, tickers) == pytest.approx(expected)
    # unless it sets them side by side: a balanced comparison stays as its sentences say
    assert aggregate.note_score(document, tickers, side_by_side=True) == document


def test_a_note_sets_tickers_side_by_side_with_a_both_sentence_or_an_even_comparison() -> None:
    both = [(Link("HD", "both", 0.75, "Both"), Link("LOW", "both", 0.75, "Both"))]
    assert evidence.about_both(both)
    assert evidence.compared_evenly([[_reading("comparison", None, "neutral")]])
    assert not evidence.compared_evenly([[_reading("comparison", "HD", "positive")]])
    assert not evidence.about_both([(Link("HD", "noun", 0.75, "the company"),)])


def test_a_quoted_broker_takes_no_side_from_its_sentence(analyzer: Analyzer) -> None:
    doc = analyzer.analyze(
        "DaVita (DVA) closed its purchase of a majority stake in a kidney-care operator. "
        "Truist called the price disciplined and strong; the shares rose 2%."
    )
    tickers = {t.ticker: t for t in doc.tickers}
    assert tickers["TFC"].label == "neutral"
    moved = [e for e in tickers["DVA"].evidence if any(r.kind == "move" for r in e.readings)]
    assert moved and moved[0].link.method == "noun"


# -- the author's net verdict ----------------------------------------------------------------


def test_a_net_verdict_takes_the_sentences_lean_unless_a_reading_sides_the_ticker() -> None:
    net = Reading("net", None, "scored", "Net,", 0, 4)
    assert evidence.resolved_nets([net], "negative", "DRI") == [replace(net, effect="negative")]
    assert evidence.resolved_nets([net], "neutral") == [replace(net, effect="neutral")]
    preferred = _reading("comparison", "GM", "positive")
    assert evidence.resolved_nets([net, preferred], "negative", "GM") == [preferred]
    source = _reading("role", "JEF", "neutral")
    assert evidence.resolved_nets([net, source], "positive", "JEF") == [source]


def _scored(classifier, text: str, symbol: str, **options) -> tuple[TickerSentiment, str]:
    """The ticker ``symbol`` of ``text`` scored with ``options``, and the note's label."""
    doc = Analyzer(classifier=classifier, **options).analyze(text)
    return next(t for t in doc.tickers if t.ticker == symbol), doc.label


def test_an_even_verdict_naming_the_tickers_evens_their_figures(fake_classifier) -> None:
    text = (
        "SCHD yields about 3.8% against roughly 2.7% for VYM. Both charge 0.06%. "
        "Neither is clearly better: SCHD suits income investors, VYM those who want breadth."
    )
    for symbol in ("SCHD", "VYM"):
        assert _scored(fake_classifier, text, symbol)[0].label == "neutral"
    sided = text.replace("Neither is clearly better: ", "")
    assert _scored(fake_classifier, sided, "SCHD")[0].label == "positive"


def test_a_net_verdict_counts_as_one(fake_classifier) -> None:
    text = (
        "Darden Restaurants (DRI) posted strong sales, a beat. Traffic rose. "
        "Net, we think the cut guidance matters more."
    )
    dri, note = _scored(fake_classifier, text, "DRI")
    assert dri.label == "negative" and note == "negative"
    assert _scored(fake_classifier, text, "DRI", verdict_weight=1)[0].label != "negative"


def test_news_called_even_makes_its_ticker_and_a_one_company_note_neutral(fake_classifier) -> None:
    text = (
        "FedEx (FDX) posted a strong beat on earnings. Revenue rose too. "
        "Overall the quarter was a wash: demand is weak."
    )
    fdx, note = _scored(fake_classifier, text, "FDX")
    assert fdx.label == "neutral" and note == "neutral"
    assert any(r.kind == "net" and r.effect == "neutral" for e in fdx.evidence for r in e.readings)
    off = _scored(fake_classifier, text, "FDX", readings="rating,comparison")[0]
    assert off.label == "positive"


@pytest.mark.parametrize(
    ("readings", "expected"),
    [
        ([Reading("net", None, "neutral", "a wash", 0, 6)], True),
        ([Reading("net", None, "positive", "Net,", 0, 4)], False),
        ([_reading("rating", None, "neutral")], True),  # "we stay Equal Weight"
        ([_reading("rating", "WM", "neutral")], True),
        ([_reading("rating", "RSG", "neutral")], False),  # another ticker's rating
        ([_reading("rating", "WM", "neutral"), _reading("rating", "WM", "negative")], False),
    ],
)
def test_a_ticker_is_called_even_by_a_net_verdict_or_a_held_neutral_rating(readings, expected):
    sentence = replace(_sentence(POSITIVE_PROBS), readings=tuple(readings))
    assert aggregate.called_even(aggregate.calls(sentence, "WM")) is expected


def test_a_pair_trade_opening_with_its_long_side_is_neutral_as_a_whole(fake_classifier) -> None:
    text = (
        "We like owning Ross Stores against Burlington here. Fund the ROST long with a BURL short."
    )
    doc = Analyzer(classifier=fake_classifier).analyze(text)
    labels = {t.ticker: t.label for t in doc.tickers}
    assert labels == {"ROST": "positive", "BURL": "negative"} and doc.label == "neutral"
    rated = (
        "OLD DOMINION CUT TO UNDERWEIGHT\nWe lower Old Dominion Freight Line to Underweight "
        "from Equal Weight. Tonnage per day has declined for eleven months. We would rather "
        "own Saia, which we keep at Overweight."
    )
    doc = Analyzer(classifier=fake_classifier).analyze(rated)
    assert doc.label == "negative"  # ratings on both sides are no pair trade: a note on ODFL


def test_a_held_neutral_rating_keeps_its_ticker_neutral_unless_a_rating_sides_it(
    fake_classifier,
) -> None:
    held = (
        "Waste Management (WM) posted strong pricing, a beat. Volumes rose. We remain Equal Weight."
    )
    assert _scored(fake_classifier, held, "WM")[0].label == "neutral"
    raised = held.replace("We remain Equal Weight.", "We remain Equal Weight and raise our target.")
    assert _scored(fake_classifier, raised, "WM")[0].label == "positive"


def test_a_neutral_title_line_does_not_dilute_the_notes_statements() -> None:
    title = _sentence(NEUTRAL_PROBS, "Eli Lilly Q3 call excerpt")
    stated = _sentence(NEUTRAL_PROBS, "Eli Lilly held its call.")
    assert aggregate.title_factor(title, 0, 3) == 0.0
    assert aggregate.title_factor(stated, 0, 3) == 1.0  # a sentence, not a title
    assert aggregate.title_factor(title, 1, 3) == 1.0  # not the first line
    assert aggregate.title_factor(title, 0, 1) == 1.0  # a note of one line is its statement
    opinion = _sentence(POSITIVE_PROBS, "Eli Lilly: strong quarter")
    assert aggregate.title_factor(opinion, 0, 3) == 1.0  # a title with a view counts
    # a title naming its company or call is a label whatever the model reads in it
    for line in ("Dutch Bros (BROS) Q2 call excerpt.", "Hubbell (HUBB)."):
        assert aggregate.title_factor(_sentence(POSITIVE_PROBS, line), 0, 3) == 0.0
    good = replace(_sentence(POSITIVE_PROBS, "Demand is well ahead of supply."), start=30, end=61)
    mention = __import__("sentiment.results", fromlist=["TickerMention"]).TickerMention(
        "LLY", "Eli Lilly", 0, 9, "alias", 0.9
    )
    links = [(Link("LLY", "direct", 1.0),), (Link("LLY", "we", 0.75),)]
    [lly] = aggregate.ticker_sentiments([title, good], [mention], {}, links=links)
    assert lly.score == pytest.approx(good.score, abs=1e-4)


def test_the_net_verdict_kind_is_one_name() -> None:
    from sentiment.readings.types import KINDS, NET

    assert aggregate.NET == NET and NET in KINDS


def test_a_source_line_counts_nothing_in_a_notes_scores() -> None:
    line = _sentence(POSITIVE_PROBS, "(Albemarle (ALB) third-quarter call)")
    assert aggregate.title_factor(line, 3, 4) == 0.0
    assert aggregate.title_factor(line, 0, 1) == 1.0  # a note of one line is its statement


@pytest.mark.parametrize(
    ("line", "factor"),
    [
        ("Operator: Our next question is from the line of Dana Whitfield.", 0.0),
        ("Please proceed.", 0.0),
        ("Analyst: Great, thanks.", 0.0),  # a courtesy after a speaker's label
        ("Analyst: Great quarter.", 1.0),  # a view, not a courtesy
        ("Thanks to pricing, margins rose.", 1.0),
    ],
)
def test_a_transcripts_formalities_count_nothing_in_a_notes_scores(line, factor) -> None:
    assert aggregate.title_factor(_sentence(POSITIVE_PROBS, line), 3, 6) == factor


def test_the_authors_own_action_with_no_reference_word_is_linked_as_we() -> None:
    texts = [
        "$KNSL down 9% on slower premium growth.",
        "Combined ratio still mid-70s.",
        "Buying some.",
    ]
    mentions = [[TickerMention("KNSL", "$KNSL", 0, 5, "cashtag", 1.0)], [], []]
    found = evidence.readings(texts, mentions, [(0, len(t)) for t in texts], evidence.KINDS)
    linked = evidence.links(texts, mentions, found)
    assert [(k.symbol, k.method) for k in linked[1]] == [("KNSL", "subject")]
    assert [(k.symbol, k.method, k.cue) for k in linked[2]] == [("KNSL", "we", "Buying")]


def test_a_tickers_own_side_outranks_a_whole_sentences_side() -> None:
    from sentiment.evidence import own_first
    from sentiment.readings.types import Reading

    found = [
        Reading("comparison", "MAC", "negative", "above", 0, 5),
        Reading("guidance", None, "positive", "raised the FFO guide", 10, 30),
        Reading("hedge", None, "neutral", "if", 40, 42),
        Reading("comparison", "SPG", "positive", "above", 0, 5),
    ]
    assert [(r.kind, r.effect) for r in own_first(found, "MAC")] == [
        ("comparison", "negative"),
        ("hedge", "neutral"),
    ]
    assert [r.kind for r in own_first(found, "O")] == ["guidance", "hedge"]
