"""Pure functions: sentence scores -> document and ticker scores and labels.

How a document score is made (documented in docs/scores.md too):

* every sentence has ``score = P(positive) - P(negative)`` in [-1, 1];
* its weight is ``position * (OPINION_FLOOR + 1 - P(neutral))``: a sentence the
  model finds opinionated counts up to twice as much as a plainly factual one, so a
  note's few judgements are not drowned by its many neutral facts, while the model's
  occasional false opinion on a factual sentence is not amplified much; the first
  sentence (headline or lead) counts ``HEADLINE_WEIGHT`` times;
* the document score is the weighted mean, so it stays in [-1, 1].

A ticker's score is the same weighted mean over the sentences that mention it, each
scored toward the ticker (target-aware) when that score is given. With links
(:mod:`sentiment.attribution`) it is over the sentences about it, named or referred to,
each weight also multiplied by its link's weight. Its relevance is the share of the
document's position weight that falls on sentences mentioning it.

A note's score (:func:`note_score`) follows its tickers where they say more than its
sentences: a note about one company takes that company's score; a note that sets tickers
against each other (a pair trade, a comparison) takes the mean of their scores, so the
sides offset; a note whose most relevant ticker is judged and far more prominent than every
other judged one takes its score.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sentiment.attribution import default_words, is_heading, is_source_line, is_title_line
from sentiment.results import Link, SentenceSentiment, TickerMention, TickerSentiment

NEUTRAL_BAND = 0.15
# A ticker's label is neutral within NEUTRAL_BAND plus this margin (0: the document's band).
# Chosen on notes the target model never saw, the smallest margin within 0.005 of the best
# ticker macro-F1 of 0, 0.05 ... 0.30 (docs/experiments.md, rule-18x).
TICKER_BAND_MARGIN = 0.0
# A comparison told as news about one ticker (``lead`` of :func:`note_score`) names the others
# in passing, as benchmarks: in at most this many sentences each. A note that judges them in
# more sets the tickers side by side (a fund comparison) and stays neutral as a whole.
BENCHMARK_SENTENCES = 2
# A note follows its most relevant ticker, judged, where that ticker's relevance is at least
# this many times each other judged ticker's (a note told about one company that names
# another in a sentence or two). Kept on train and the tuned parts (docs/experiments.md,
# rule-18ag).
LEAD_RELEVANCE = 2.0
# Relevances are kept to four decimals, so a ratio of exactly LEAD_RELEVANCE can read a
# hair short of it (1/3 against 1/6: 0.3333 < 2 x 0.1667); it counts within this much.
RELEVANCE_ROUNDING = 0.0005
HEADLINE_WEIGHT = 2.0
# How much more a sentence stating the author's verdict on a ticker (a rating or target
# action, a pair trade's side, a comparison's winner or loser) counts in that ticker's score.
VERDICT_WEIGHT = 10.0
# How much more a sentence stating a ticker's move ("shares +6%", "the shares were flat")
# counts in its score where no sentence states the author's verdict on it: the market's
# verdict on mixed news. Chosen on train and the validation parts of corpora/notes
# (docs/experiments.md): the smallest of 2 ... 32 within a tenth of the best gain.
MOVE_WEIGHT = 16.0
# How much more a sentence stating that a ticker's company raised or cut its guidance ("the
# company cut its full-year sales outlook") counts where no sentence states the author's
# verdict on it nor its shares' move: the company's own verdict on mixed news. Chosen on train
# and the validation parts of corpora/notes (swept 2, 4, 8 and 16: the smallest of the best).
GUIDE_WEIGHT = 8.0
VERDICT_KINDS = ("rating", "comparison")
# The reading kind of the author's net verdict ("Net, ...", "a wash"; sentiment.readings.nets).
NET = "net"
OPINION_FLOOR = 1.0  # chosen in reports/aggregation.md (0.1, 0.2, 0.5, 1.0 compared)
# Outer cut of the five-level scale (the inner one is the neutral band), the main
# news-sentiment API's convention: +-0.15 / +-0.35.
SCALE_STRONG = 0.35


def ticker_band(band: float = NEUTRAL_BAND, margin: float = TICKER_BAND_MARGIN) -> float:
    """The neutral band of a ticker's label: the document's ``band`` widened by ``margin``
    (kept below 1)."""
    return min(band + margin, 0.99)


def label_for(score: float, band: float = NEUTRAL_BAND) -> str:
    """positive / neutral / negative: neutral when ``|score| < band``."""
    if score > 0 and score >= band:
        return "positive"
    if score < 0 and score <= -band:
        return "negative"
    return "neutral"


def scale_label_for(score: float, band: float = NEUTRAL_BAND) -> str:
    """bearish, somewhat-bearish, neutral, somewhat-bullish or bullish.

    Cut at ``+-band`` (0.15 by default, the main news-sentiment API's convention) and
    ``+-SCALE_STRONG`` (0.35), so the five levels always agree with :func:`label_for`:
    neutral on both scales, and a positive score is (somewhat-)bullish. With a band at or
    above 0.35 there is no "somewhat" level.
    """
    strong = max(band, SCALE_STRONG)
    if score <= -strong:
        return "bearish"
    if score <= -band:
        return "somewhat-bearish"
    if score < band:
        return "neutral"
    if score < strong:
        return "somewhat-bullish"
    return "bullish"


def score_text(score: float, band: float = NEUTRAL_BAND) -> str:
    """The score to two decimals, or to as many more as keep it on its labels' side of a cut.

    0.1499 is neutral; printed as "0.15" it would read as positive, so it prints "0.1499".
    """
    labels = (label_for(score, band), scale_label_for(score, band))
    for digits in (2, 3):
        text = f"{score:.{digits}f}"
        if (label_for(float(text), band), scale_label_for(float(text), band)) == labels:
            return text.lstrip("-") if float(text) == 0 else text  # never "-0.00"
    return f"{score:.4f}"


def signed_text(score: float) -> str:
    """The score with its sign to two decimals, a score that rounds to zero as "+0.00"."""
    text = f"{score:+.2f}"
    return "+0.00" if float(text) == 0 else text


def position_weight(index: int) -> float:
    """The first sentence (headline or lead) counts more."""
    return HEADLINE_WEIGHT if index == 0 else 1.0


def sentence_weight(sentence: SentenceSentiment, index: int) -> float:
    """Position times opinion strength (see the module docstring)."""
    neutral = sentence.probabilities.get("neutral", 0.0)
    return position_weight(index) * (OPINION_FLOOR + 1.0 - neutral)


def weighted_score(
    sentences: Sequence[SentenceSentiment],
    indices: Sequence[int],
    factors: Sequence[float] | None = None,
) -> float:
    """Weighted mean of sentence scores; ``indices`` are their positions in the document,
    ``factors`` (default 1 each) multiply their weights."""
    factors = factors or [1.0] * len(sentences)
    weights = [sentence_weight(s, i) * f for s, i, f in zip(sentences, indices, factors)]
    total = sum(weights)
    if not total:
        return 0.0
    score = sum(w * s.score for w, s in zip(weights, sentences)) / total
    return max(-1.0, min(1.0, score))


def document_score(sentences: Sequence[SentenceSentiment]) -> float:
    """The document's score in [-1, 1] from all its sentences."""
    return weighted_score(sentences, range(len(sentences)))


def ticker_sentiments(
    sentences: Sequence[SentenceSentiment],
    mentions: Sequence[TickerMention],
    target_scores: Mapping[tuple[int, str], SentenceSentiment] | None = None,
    band: float = NEUTRAL_BAND,
    links: Sequence[Sequence[Link]] | None = None,
    verdict_weight: float = VERDICT_WEIGHT,
) -> list[TickerSentiment]:
    """One TickerSentiment per symbol, most relevant first.

    ``target_scores[(sentence_index, symbol)]`` is the sentence scored toward the
    ticker; where absent, the plain sentence score is used. ``links[i]`` (one tuple per
    sentence), when given, say which tickers each sentence is about: a ticker's evidence
    is then every sentence linked to it, each carrying its link, weighed by its weight. A
    sentence stating the author's verdict on the ticker counts ``verdict_weight`` times.
    """
    target_scores = target_scores or {}
    by_symbol: dict[str, list[TickerMention]] = {}
    for mention in mentions:
        by_symbol.setdefault(mention.symbol, []).append(mention)
    total_position = sum(position_weight(i) for i in range(len(sentences))) or 1.0
    spans = [(s.start, s.end) for s in sentences]
    result = []
    for symbol, found in by_symbol.items():
        named = sorted({i for m in found if (i := sentence_index(spans, m.start)) is not None})
        about = _linked(links, symbol) if links is not None else {i: None for i in named}
        indices = sorted(about)
        evidence = [
            _with_link(target_scores.get((i, symbol), sentences[i]), about[i]) for i in indices
        ]
        moved, guided = move_weight(evidence, symbol), guide_weight(evidence, symbol)
        factors = [
            (about[i].weight if about[i] else 1.0)
            * verdict_factor(e, symbol, verdict_weight, moved, guided)
            * title_factor(e, i, len(sentences))
            for i, e in zip(indices, evidence)
        ]
        score = round(weighted_score(evidence, indices, factors), 4)
        if called_even(frozenset().union(*(calls(e, symbol) for e in evidence))):
            score = inside_band(score, band)
        relevance = sum(position_weight(i) for i in named) / total_position
        result.append(
            TickerSentiment(
                ticker=symbol,
                label=label_for(score, band),
                score=score,
                mentions=len(found),
                scale_label=scale_label_for(score, band),
                relevance=round(relevance, 4),
                name=next((m.name for m in found if m.name), None),
                evidence=tuple(evidence),
                resolutions=tuple(found),
            )
        )
    return sorted(result, key=lambda t: (-t.relevance, -t.mentions, t.ticker))


def is_verdict(reading: Any, symbol: str) -> bool:
    """Whether ``reading`` states the author's verdict on ``symbol``: a rating about it or
    about the whole sentence, held ones too ("we stay Equal Weight"), a polar reading of
    the other :data:`VERDICT_KINDS` kind (a pair trade's side, a comparison's winner or
    loser), a comparison calling the tickers a sentence refers to even ("we see no edge
    either way"), or a net verdict after weighing the news ("Net, ...", "a wash")."""
    if reading.kind == NET:
        return True  # kept for a ticker only where resolved (sentiment.evidence.resolved_nets)
    return (
        reading.kind in VERDICT_KINDS
        and (
            reading.effect != "neutral"
            or reading.kind == "rating"
            or (reading.kind == "comparison" and reading.ticker is None)
        )
        and reading.ticker in (None, symbol)
    )


def title_factor(sentence: SentenceSentiment, index: int, count: int) -> float:
    """0 for a label line of a note of ``count`` sentences: its title (its first, ``index``
    0, a heading) that the model reads as neutral ("Key takeaways"), or, whatever the model
    reads in it, a title naming its company or call ("Hubbell (HUBB).", "Eli Lilly Q3 call
    excerpt", :func:`sentiment.attribution.is_title_line`) or a source line in brackets
    ("(Albemarle (ALB) third-quarter call)"), and a transcript's formalities (the operator's
    lines, "Great, thanks."). A label, not a statement, would dilute the note's statements;
    else 1."""
    if count < 2:
        return 1.0
    if is_source_line(sentence.text) or (index == 0 and is_title_line(sentence.text)):
        return 0.0
    if default_words().is_formality(sentence.text):
        return 0.0
    if index or sentence.label != "neutral" or not is_heading(sentence.text):
        return 1.0
    return 0.0


def calls(sentence: SentenceSentiment, symbol: str) -> frozenset[str]:
    """What ``sentence`` (scored toward ``symbol``) says of the author's call on the ticker:
    ``even`` for a net verdict that its news comes out even ("the quarter was a wash", "Net,
    our estimate is unchanged"), ``held`` for a neutral rating held ("we stay Equal Weight"),
    ``rated`` for a rating or action with a side (see :func:`called_even`)."""
    found = set()
    for r in sentence.readings:
        if r.kind == NET and r.effect == "neutral":
            found.add("even")
        elif r.kind == "rating" and r.ticker in (None, symbol):
            found.add("held" if r.effect == "neutral" else "rated")
    return frozenset(found)


def called_even(found: Collection[str]) -> bool:
    """Whether a ticker's evidence (the union of its sentences' :func:`calls`) makes it
    neutral whatever its other sentences lean: its news called even, or a neutral rating
    held where no rating or action of the note gives it a side."""
    return "even" in found or ("held" in found and "rated" not in found)


def inside_band(score: float, band: float) -> float:
    """``score`` kept just inside the neutral ``band``, whichever way it leans."""
    limit = max(band - 0.0001, 0.0)
    return round(max(-limit, min(limit, score)), 4)


def verdict_factor(
    sentence: SentenceSentiment,
    symbol: str,
    weight: float = VERDICT_WEIGHT,
    moved: float = 1.0,
    guided: float = 1.0,
) -> float:
    """``weight`` for a sentence stating the author's verdict on ``symbol``
    (:func:`is_verdict`), ``moved`` for one stating its shares' move (:func:`is_move`),
    ``guided`` for one stating its guidance raised or cut (:func:`is_guided`), else 1."""
    if any(is_verdict(r, symbol) for r in sentence.readings):
        return weight
    if moved != 1.0 and any(is_move(r, symbol) for r in sentence.readings):
        return moved
    if guided != 1.0 and any(is_guided(r, symbol) for r in sentence.readings):
        return guided
    return 1.0


def is_move(reading: Any, symbol: str) -> bool:
    """Whether ``reading`` is a move of ``symbol``'s shares, or of the shares a whole
    sentence is about ("The stock rose 6%"); a flat or small one too ("The shares were flat":
    the market calls mixed news even)."""
    return reading.kind == "move" and reading.ticker in (None, symbol)


def is_guided(reading: Any, symbol: str) -> bool:
    """Whether ``reading`` is guidance raised or cut by ``symbol``'s company, or by the company
    a whole sentence is about ("the company cut its full-year outlook")."""
    return (
        reading.kind == "guidance"
        and reading.effect in ("positive", "negative")
        and reading.ticker in (None, symbol)
    )


def guide_weight(evidence: Sequence[SentenceSentiment], symbol: str | None) -> float:
    """How much a sentence stating that ``symbol``'s company raised or cut its guidance counts
    in ``evidence`` about it: :data:`GUIDE_WEIGHT` where no sentence of it states the
    author's verdict on it nor its shares' move, else 1 (the author's verdict or the market's
    stands: "cut its sales outlook ... The shares were flat")."""
    return 1.0 if _stated(evidence, symbol, is_verdict, is_move) else GUIDE_WEIGHT


def _stated(
    evidence: Sequence[SentenceSentiment], symbol: str | None, *kinds: Callable[[Any, str], bool]
) -> bool:
    """Whether no ``symbol`` is given or a sentence of ``evidence`` holds a reading about it of
    one of ``kinds`` (:func:`is_verdict`, :func:`is_move`)."""
    return symbol is None or any(
        test(r, symbol) for s in evidence for r in s.readings for test in kinds
    )


def move_weight(evidence: Sequence[SentenceSentiment], symbol: str | None) -> float:
    """How much a sentence stating the move of ``symbol``'s shares counts in ``evidence``
    about it: :data:`MOVE_WEIGHT` where no sentence of it states the author's
    verdict on it (the market's verdict on mixed news, "shares +6%"), else 1 (the author's
    verdict stands: "The stock rose 6%. We stay Underweight")."""
    return 1.0 if _stated(evidence, symbol, is_verdict) else MOVE_WEIGHT


def _linked(links: Sequence[Sequence[Link]], symbol: str) -> dict[int, Link]:
    """Sentence index -> the link of each sentence about ``symbol``."""
    return {i: link for i, found in enumerate(links) for link in found if link.symbol == symbol}


def _with_link(sentence: SentenceSentiment, link: Link | None) -> SentenceSentiment:
    return sentence if link is None else replace(sentence, link=link)


def note_score(
    document: float,
    tickers: Sequence[TickerSentiment],
    opposed: Sequence[str] = (),
    subject: str | None = None,
    band: float = NEUTRAL_BAND,
    side_by_side: bool = False,
    lead: str | None = None,
) -> float:
    """A note's score from its sentences' score (``document``) and its tickers'.

    A note about one company (``subject``) follows that company: its score is the company's
    (on train and the tuned parts its ticker's label was the note's more often than the
    note's sentences with the readings about it folded in; docs/experiments.md,
    rule-18ag). Else tickers set against each other (``opposed``: the sides of a pair trade
    or a comparison, two or more) make the note neutral as a whole when they are its main
    tickers (its two most relevant ones are among them; ``tickers`` come most relevant
    first): the mean of their scores, whose sides offset, kept inside the neutral ``band``
    (a pair trade is neutral as a whole even where one side reads stronger), unless
    comparisons alone set them against each other and the note tells them as news about one
    of them (``lead``, judged, the others judged in no more than
    :data:`BENCHMARK_SENTENCES` sentences each, and the note not ``side_by_side``): then it
    follows that one ("RSP has lagged SPY by 9 points" is negative as a whole). Else the
    sentences' score stands, with these exceptions.
    A note whose most relevant ticker is judged and at least :data:`LEAD_RELEVANCE` times as
    relevant as every other judged ticker follows it, unless it sets its tickers
    ``side_by_side`` ("Raymond James moved Coinbase Global (COIN) to Market Perform ... The
    firm kept its Outperform on Robinhood" is Coinbase's note; a peer named once does not tip
    it).
    A note whose tickers are all neutral is neutral as a whole (its score kept inside the
    ``band``): it judges none of the companies it names (a preview, a round-up of facts).
    A note whose most relevant ticker is judged and whose judged tickers all lean its way
    (or most of them, where the sentences lean neither way) follows them
    (:func:`one_way_score`), unless it sets them ``side_by_side`` (a sentence about both, an
    even comparison: a balanced comparison stays neutral): its sentences' score may lean the
    other way or not at all where the news is told in sentences that name no ticker (a macro
    wrap: "rates fell ... homebuilders rallied").
    """
    own = next((t for t in tickers if t.ticker == subject), None) if subject else None
    if own is not None:
        return own.score
    neutral = bool(tickers) and all(t.label == "neutral" for t in tickers)
    scores = {t.ticker: t.score for t in tickers}
    sides = [scores[s] for s in dict.fromkeys(opposed) if s in scores]
    main = {t.ticker for t in tickers[:2]}
    labels = {t.label for t in tickers if t.ticker in opposed}
    if (
        len(sides) >= 2
        and main <= set(opposed)
        and not (len(labels) == 1 and "neutral" not in labels)
    ):
        leading = [t for t in tickers if t.ticker == lead and t.label != "neutral"]
        others = [t for t in tickers if t.ticker in opposed and t.ticker != lead]
        if (
            leading
            and not side_by_side
            and all(len(t.evidence) <= BENCHMARK_SENTENCES for t in others)
        ):
            return leading[0].score  # a comparison told as news about ``lead``
        mean = sum(sides) / len(sides)
        return inside_band(mean, band)  # neutral as a whole
    if not side_by_side and is_lead(tickers):
        return tickers[0].score
    if neutral:
        return inside_band(document, band)
    return document if side_by_side else one_way_score(document, tickers, band)


def passing_tones(tickers: Sequence[TickerSentiment], band: float) -> list[TickerSentiment]:
    """``tickers`` (most relevant first) with each one that only caught the note's tone held
    neutral, its score kept inside ``band``: a ticker named in one sentence and linked to no
    other, with no reading of its own, in a note whose most relevant ticker is judged and at
    least :data:`LEAD_RELEVANCE` times as relevant as it, whose score leans that ticker's way
    but less than :data:`SCALE_STRONG` ("Vertiv ... One large customer, Equinix, said this
    week that it has doubled its 2026 capacity plan": the customer is named in passing, the
    good news is Vertiv's). A weak lean the other way is kept: there the sentence sets the
    two apart. On train and the tuned parts, such tickers were more often neutral than
    judged; those leaning harder were judged (docs/experiments.md, rule-18ah)."""
    if not tickers:
        return []
    lead = tickers[0]
    return [lead, *(_held(t, band) if caught_tone(t, lead, band) else t for t in tickers[1:])]


def caught_tone(ticker: TickerSentiment, lead: TickerSentiment, band: float) -> bool:
    """Whether ``ticker`` only caught ``lead``'s tone (:func:`passing_tones`), read from its
    one sentence's score, so it holds for the ticker before and after it is held neutral."""
    if len(ticker.evidence) != 1 or lead.label == "neutral" or ticker is lead:
        return False
    (sentence,) = ticker.evidence
    if not band <= abs(sentence.score) < SCALE_STRONG:
        return False
    if sentence.link is None or sentence.link.method != "direct":
        return False
    if any(r.ticker in (None, ticker.ticker) for r in sentence.readings):
        return False
    return outranks(lead, ticker) and (sentence.score > 0) == (lead.score > 0)


def _held(ticker: TickerSentiment, band: float) -> TickerSentiment:
    """``ticker`` held neutral: its score kept inside ``band``."""
    score = inside_band(ticker.score, band)
    return replace(
        ticker, score=score, label=label_for(score, band), scale_label=scale_label_for(score, band)
    )


def is_lead(tickers: Sequence[TickerSentiment]) -> bool:
    """Whether the most relevant of ``tickers`` (first) is judged and at least
    :data:`LEAD_RELEVANCE` times as relevant as each other judged one."""
    if not tickers or tickers[0].label == "neutral":
        return False
    first = tickers[0]
    return all(outranks(first, t) for t in tickers[1:] if t.label != "neutral")


def outranks(first: TickerSentiment, other: TickerSentiment) -> bool:
    """Whether ``first`` is at least :data:`LEAD_RELEVANCE` times as relevant as ``other``
    (within :data:`RELEVANCE_ROUNDING`): a note told about ``first`` names ``other`` in
    passing."""
    return first.relevance + RELEVANCE_ROUNDING >= LEAD_RELEVANCE * other.relevance


def one_way_score(document: float, tickers: Sequence[TickerSentiment], band: float) -> float:
    """``document`` (a note's sentences' score), or the mean score of the judged tickers that
    lean the way of the note's most relevant ticker (first of ``tickers``), where that one is
    judged, ``document`` does not lean its way, and every judged ticker leans that way, or
    most of those as relevant as the most relevant of the others do and ``document`` leans
    neither way (two main tickers with opposite news leave a note as its sentences say, a
    passer-by leaning with one of them does not tip it)."""
    if not tickers or tickers[0].label == "neutral":
        return document
    side, lean = tickers[0].label, label_for(document, band)
    judged = [t for t in tickers if t.label != "neutral"]
    same = [t for t in judged if t.label == side]
    if lean == side:
        return document
    if len(same) < len(judged):
        # most of them, counting only those as relevant as the most relevant other one
        others = [t for t in judged if t.label != side]
        top = max(t.relevance for t in others)
        more = sum(t.relevance >= top for t in same) > sum(t.relevance >= top for t in others)
        if not (lean == "neutral" and more):
            return document
    return round(sum(t.score for t in same) / len(same), 4)


def sentence_index(spans: Sequence[tuple[int, int]], offset: int) -> int | None:
    """Index of the (start, end) span, sorted and disjoint, holding ``offset`` (binary search)."""
    lo, hi = 0, len(spans) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        if offset < spans[mid][0]:
            hi = mid - 1
        elif offset >= spans[mid][1]:
            lo = mid + 1
        else:
            return mid
    return None
