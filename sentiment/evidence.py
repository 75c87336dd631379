"""Each ticker's evidence in a note: the sentences about it and what they say of it.

The Analyzer scores every sentence, and every sentence toward each ticker it names. This
module turns those scores into each ticker's evidence:

* :func:`links` attributes every sentence to the tickers it is about (named, or referred to:
  :mod:`sentiment.attribution`);
* :func:`readings` reads the analyst language of each sentence about its tickers (roles,
  ratings, comparisons, deals, hedges: :mod:`sentiment.readings`), the kinds asked for only;
* :func:`ticker_evidence` gives each (sentence, ticker) its score: the target score of a
  sentence that names the ticker, the plain score of one that refers to it, with that
  ticker's readings folded in (:func:`sentiment.weighing.with_readings`);
* :func:`opposed_sides` names the tickers a note sets against each other, from the
  :func:`reading_sides` of its readings (:func:`sentiment.aggregate.note_score` makes such a
  note neutral as a whole);
* :func:`score_note` does it all for one note: its tickers and its score.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sentiment import aggregate, attribution, weighing
from sentiment.readings import KINDS, Mention, Reading, read_sentence
from sentiment.readings.types import CONTRASTED, NET, SCORED, flipped
from sentiment.readings.vocabulary import default_reading_vocabulary, key
from sentiment.results import Link, SentenceSentiment, TickerMention, TickerSentiment

READING_KINDS = KINDS
# Readings that set one ticker against another: a comparison's winner and loser, a pair
# trade's long and short side (rating readings).
_OPPOSING_KINDS = ("comparison", "rating")
# Marks a ticker of :func:`reading_sides` that a rating or a trade's side gave a side: a note
# that rates one of the tickers it compares is about that one (see :func:`opposed_sides`).
RATED = "rated"
# Marks a ticker of :func:`reading_sides` that the author's preference gave a side ("we prefer
# COP over DVN", "Pair I like: $LLY over $NVO"): a relative call, no news told about one of
# them (see :func:`compared_lead`).
PREFERRED = "preferred"
# Links by which a sentence naming other tickers is about the note's subject or the company
# answering in a transcript ("the company is losing share to Sephora inside Kohl's stores").
_REFERRING = ("noun", "management", "speaker")
# Readings that give a ticker its own side in a sentence.
_SIDE_KINDS = ("rating", "comparison", "deal", "move")


def reading_kinds(value: bool | str | Collection[str] | None) -> frozenset[str]:
    """The reading kinds to use: True (all), False or None (none), a comma-separated string
    ("rating,hedge", "all", "none") or a collection of kinds. Raises InputError naming an
    unknown kind."""
    if value is True:
        return frozenset(READING_KINDS)
    if value is None or value is False:
        return frozenset()
    if isinstance(value, str):
        if value.strip().lower() in ("all", "none"):
            return frozenset(READING_KINDS) if value.strip().lower() == "all" else frozenset()
        value = [part.strip() for part in value.split(",") if part.strip()]
    kinds = frozenset(value)
    read_sentence("", [], kinds=kinds)  # the reading layer checks the kinds (InputError)
    return kinds


def by_sentence(
    mentions: Sequence[TickerMention], spans: Sequence[tuple[int, int]]
) -> list[list[TickerMention]]:
    """The ticker mentions of each sentence (``spans``), in order."""
    found: list[list[TickerMention]] = [[] for _ in spans]
    for mention in sorted(mentions, key=lambda m: m.start):
        index = aggregate.sentence_index(spans, mention.start)
        if index is not None:
            found[index].append(mention)
    return found


def links(
    texts: Sequence[str],
    mentions: Sequence[Sequence[TickerMention]],
    sentence_readings: Sequence[Sequence[Any]] | None = None,
    *,
    by_reference: bool = True,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[tuple[Link, ...]]:
    """The links of each sentence (see :func:`sentiment.attribution.attribute`); a ticker a
    role reading names in passing is no antecedent and no subject; given the sentences'
    ``spans``, one named after a reference to another company is no antecedent
    (:func:`aside_symbols`). ``by_reference=False`` gives the direct links only (one per
    ticker a sentence names)."""
    named = [[m.symbol for m in found] for found in mentions]
    if not by_reference:
        direct = attribution.LINK_WEIGHTS["direct"]
        return [tuple(Link(s, "direct", direct) for s in dict.fromkeys(n)) for n in named]
    found = sentence_readings or []
    passing = passers(found) or None
    opened = opening_verdict(attribution.counted_symbols(named, passing), found)
    asides = None if spans is None else aside_symbols(texts, mentions, spans)
    return attribution.attribute(
        texts,
        named,
        passers=passing,
        opened=opened,
        asides=asides,
        evens=even_cues(found),
        acts=acted_cues(found),
    )


def acted_cues(sentence_readings: Sequence[Sequence[Any]]) -> list[str | None]:
    """The cue of each sentence's statement of the author's own action about no ticker
    ("Buying some.", "Still Buy": a rating or trade reading with a side and no ticker), else
    None."""
    return [next((r.cue for r in found if _own_action(r)), None) for found in sentence_readings]


def _own_action(reading: Any) -> bool:
    return reading.kind == "rating" and reading.ticker is None and reading.effect != "neutral"


def even_cues(sentence_readings: Sequence[Sequence[Any]]) -> list[str | None]:
    """The cue of each sentence's even verdict on the tickers it refers to ("Either works", "I
    hold a bit of both": a comparison reading about no ticker, neutral), else None."""
    return [next((r.cue for r in found if _even_verdict(r)), None) for found in sentence_readings]


def aside_symbols(
    texts: Sequence[str],
    mentions: Sequence[Sequence[TickerMention]],
    spans: Sequence[tuple[int, int]],
) -> list[set[str]]:
    """The symbols each sentence names only after a reference to another company, as
    asides (:func:`sentiment.attribution.named_after_reference`)."""
    return [
        attribution.named_after_reference(text, [(m.symbol, m.start - start) for m in named])
        if named
        else set()
        for text, named, (start, _) in zip(texts, mentions, spans)
    ]


def opening_verdict(
    counted: Sequence[Sequence[str]], sentence_readings: Sequence[Sequence[Any]]
) -> str | None:
    """The ticker a note opens by rating: the one ticker of its first sentence naming any
    (``counted``: each sentence's symbols less its passers-by,
    :func:`sentiment.attribution.counted_symbols`), when that sentence holds a rating or
    target action about it or about the whole sentence ("We downgrade Comerica (CMA) to
    Neutral"), else None."""
    first = next((i for i, symbols in enumerate(counted) if symbols), None)
    if first is None or len(set(counted[first])) != 1:
        return None
    symbol = counted[first][0]
    rated = any(r.kind == "rating" and r.ticker in (None, symbol) for r in sentence_readings[first])
    return symbol if rated else None


def passers(sentence_readings: Sequence[Sequence[Any]]) -> list[set[str]]:
    """The symbols each sentence names only in passing (a role reading: source, counterparty,
    peer for context)."""
    return [
        {r.ticker for r in found if r.kind == "role" and r.ticker} for found in sentence_readings
    ]


def readings(
    texts: Sequence[str],
    mentions: Sequence[Sequence[TickerMention]],
    spans: Sequence[tuple[int, int]],
    kinds: Collection[str],
) -> list[tuple[Any, ...]]:
    """The readings of each sentence of the ``kinds`` asked for (none when empty)."""
    if not kinds:
        return [() for _ in texts]
    found = []
    for text, (start, _), named in zip(texts, spans, mentions):
        local = [Mention(m.symbol, m.start - start, m.end - start) for m in named]
        found.append(read_sentence(text, local, kinds=kinds))
    return found


# The sentence before a contrast: its resolved readings, its score, its ticker mentions and
# its index in the target scores.
Before = tuple[Sequence[Any], SentenceSentiment, Sequence[TickerMention], int]


def resolved_contrasts(
    sentence_readings: Sequence[Sequence[Any]],
    sentences: Sequence[SentenceSentiment],
    targets: Mapping[tuple[int, str], SentenceSentiment],
    mentions: Sequence[Sequence[TickerMention]],
    before: Before | None = None,
    earlier: Before | None = None,
) -> list[tuple[Any, ...]]:
    """``sentence_readings`` with each contrast ("Chevron, by contrast, raised its target")
    given the other side of the sentence before: of its verdict on the other tickers it names
    (their target scores with that sentence's readings about them folded in); where that
    sentence's verdict is neutral ("Chubb reports tomorrow."), of the one before it. Dropped
    where that verdict is neutral or split, and where another reading gives the ticker a side in
    its own sentence. ``before`` and ``earlier``: the two sentences before the first (a long
    note's earlier part)."""
    resolved: list[tuple[Any, ...]] = []
    for index, found in enumerate(sentence_readings):
        resolved.append(_contrasted(found, before, targets, earlier))
        earlier = before
        before = (resolved[-1], sentences[index], mentions[index], index)
    return resolved


def _contrasted(
    found: Sequence[Any],
    before: Before | None,
    targets: Mapping[tuple[int, str], SentenceSentiment],
    earlier: Before | None = None,
) -> tuple[Any, ...]:
    """One sentence's readings with its contrasts resolved against the sentence ``before``
    (None: there is none)."""
    kept = []
    for reading in found:
        if reading.effect != CONTRASTED:
            kept.append(reading)
            continue
        own = any(
            r.ticker == reading.ticker
            and r.kind in _SIDE_KINDS
            and r.effect not in ("neutral", CONTRASTED)
            for r in found
        )
        verdict = _verdict_before(reading.ticker, before, targets) if before else None
        if verdict == "neutral" and earlier is not None:
            verdict = _verdict_before(reading.ticker, earlier, targets)
        if not own and verdict in ("positive", "negative"):
            kept.append(replace(reading, effect=flipped(verdict)))
    return tuple(kept)


def _verdict_before(
    symbol: str, before: Before, targets: Mapping[tuple[int, str], SentenceSentiment]
) -> str | None:
    """The label of the sentence ``before`` on the tickers it names (one polar label, neutral
    where it is neutral on all, None where they differ); None where it names none (its plain
    score may be of a subject it only refers to) or it names ``symbol``."""
    found, sentence, named, index = before
    others = list(dict.fromkeys(m.symbol for m in named))
    if not others or symbol in others:
        return None
    labels = {
        weighing.with_readings(targets.get((index, other), sentence), own_first(found, other)).label
        for other in others
    }
    polar = labels - {"neutral"}
    return polar.pop() if len(polar) == 1 else "neutral" if not polar else None


def ticker_evidence(
    sentences: Sequence[SentenceSentiment],
    targets: Mapping[tuple[int, str], SentenceSentiment],
    sentence_links: Sequence[Sequence[Link]],
    sentence_readings: Sequence[Sequence[Any]],
    kinds: Collection[str] = READING_KINDS,
) -> dict[tuple[int, str], SentenceSentiment]:
    """(sentence index, symbol) -> that sentence's score toward that ticker, for every
    link: the target score where the sentence names it, else the plain score, each with the
    readings about the ticker (or about the whole sentence) folded in. With ``role`` among
    the reading ``kinds``, a ticker named in passing in a sentence about another company gets
    a role reading there too (not one named in a transcript's question turn: an analyst's
    question judges the companies it names as often as not)."""
    evidence = dict(targets)
    roles = "role" in kinds
    even = evened(sentence_links, sentence_readings)
    given_way = outranked(sentence_readings)
    for index, found in enumerate(sentence_links):
        referred = next((link for link in found if link.method in _REFERRING), None)
        for link in found:
            key = (index, link.symbol)
            scored = evidence.get(key, sentences[index])
            about = own_first(sentence_readings[index], link.symbol)
            if any(r.kind == "role" and r.ticker == link.symbol for r in about):
                # a source or a counterparty takes no side from the sentence's own readings
                # ("Truist called the price disciplined; the shares rose 2%")
                about = [r for r in about if r.ticker is not None or r.effect == "neutral"]
            if link.symbol in even:
                about = [_even(r) for r in about]
            else:
                about = [
                    replace(r, effect="neutral")
                    if _compared(r) and (index, r.start, r.end) in given_way
                    else r
                    for r in about
                ]
            about = resolved_nets(about, scored.label, link.symbol)
            if roles and referred is not None and link.method == "direct":
                about += _passing(scored, link.symbol, referred, about)
            evidence[key] = weighing.with_readings(scored, about)
    return evidence


def own_first(found: Sequence[Any], symbol: str) -> list[Any]:
    """The readings about ``symbol`` among a sentence's ``found``: its own and the whole
    sentence's (ticker None), except that a side of its own outranks a whole sentence's side
    ("Occupancy hit 96.5%, well above Macerich's 93%, and management raised the FFO guide":
    the guidance is the landlord's, Macerich loses the comparison)."""
    about = [r for r in found if r.ticker in (None, symbol)]
    if any(r.ticker == symbol and r.effect != "neutral" for r in about):
        about = [r for r in about if r.ticker is not None or r.effect == "neutral"]
    return about


def evened(
    sentence_links: Sequence[Sequence[Link]], sentence_readings: Sequence[Sequence[Any]]
) -> set[str]:
    """The tickers a note's author calls even after comparing them: those a sentence with an
    even verdict ("neither is the better fund", "no edge either way") is about, and those an
    even verdict names ("Neither is clearly better: SCHD suits income investors, VYM ...")."""
    balanced = default_reading_vocabulary().balanced
    return {
        link.symbol
        for links, found in zip(sentence_links, sentence_readings)
        if any(_even_verdict(r) for r in found)
        for link in links
    } | {
        r.ticker
        for found in sentence_readings
        for r in found
        if r.kind == "comparison"
        and r.ticker is not None
        and r.effect == "neutral"
        and balanced.values.get(key(r.cue), ("metric",))[0] == "-"
    }


def outranked(sentence_readings: Sequence[Sequence[Any]]) -> set[tuple[int, int, int]]:
    """(sentence index, start, end) of each comparison read from figures that the note's words
    decide the other way for one of its tickers: a comparison or a pick in words ("VYM is the
    better core holding", "Our preference remains SMH"), one side per ticker. The author
    weighed that metric and decided, so the figures' sides give way, for both tickers."""
    picks = default_reading_vocabulary().picks.values
    stated: dict[str, set[str]] = {}
    for found in sentence_readings:
        for r in found:
            worded = _compared(r) and not _from_figures(r)
            picked = r.kind == "rating" and r.ticker is not None and key(r.cue) in picks
            if worded or picked:
                stated.setdefault(r.ticker, set()).add(r.effect)
    sides = {symbol: effects.pop() for symbol, effects in stated.items() if len(effects) == 1}
    return {
        (index, r.start, r.end)
        for index, found in enumerate(sentence_readings)
        for r in found
        if _compared(r) and _from_figures(r) and sides.get(r.ticker, r.effect) != r.effect
    }


def _compared(reading: Any) -> bool:
    return (
        reading.kind == "comparison" and reading.ticker is not None and reading.effect != "neutral"
    )


def _from_figures(reading: Any) -> bool:
    """A comparison's side read from figures set side by side ("7.2%, well above the 3.4%")."""
    return any(c.isdigit() for c in reading.cue)


def _even_verdict(reading: Any) -> bool:
    """An even verdict on the tickers a sentence refers to: a comparison or a net verdict
    about no ticker, neutral ("neither is the better fund", "Either works", "We'd call it a
    draw")."""
    return (
        reading.kind in ("comparison", NET)
        and reading.ticker is None
        and reading.effect == "neutral"
    )


def resolved_nets(about: Sequence[Any], label: str, symbol: str | None = None) -> list[Any]:
    """``about`` (the readings about ``symbol``, or about the whole sentence when None) with
    its net verdict resolved: a :data:`~sentiment.readings.types.SCORED` effect becomes
    ``label``, the sentence's lean as scored toward the ticker; dropped where another reading
    gives the ticker a side of its own or a role ("Net, we prefer Merck to Pfizer")."""
    nets = [r for r in about if r.kind == NET]
    if not nets:
        return list(about)
    rest = [r for r in about if r.kind != NET]
    if any(
        (r.ticker in (None, symbol) and r.kind in _SIDE_KINDS and r.effect != "neutral")
        or (symbol is not None and r.kind == "role" and r.ticker == symbol)
        for r in rest
    ):
        return rest
    return rest + [replace(r, effect=label) if r.effect == SCORED else r for r in nets]


def _even(reading: Any) -> Any:
    """A comparison's side made even (the author's verdict on the comparison is even)."""
    if reading.kind == "comparison" and reading.ticker is not None and reading.effect != "neutral":
        return replace(reading, effect="neutral")
    return reading


def _sided(symbol: str, about: Sequence[Any]) -> bool:
    """Does a reading give ``symbol`` a side of its own or a role?"""
    return any(
        r.ticker == symbol
        and (r.kind == "role" or (r.kind in _SIDE_KINDS and r.effect != "neutral"))
        for r in about
    )


def _passing(
    sentence: SentenceSentiment, symbol: str, referred: Link, about: Sequence[Any]
) -> list[Reading]:
    """A role reading for a ticker named (as ``sentence.target``, the sentence scored toward
    it) after the reference that ties its sentence to another company ("the company is
    losing share to Sephora inside Kohl's stores", "management", a transcript's "we"): it is
    named in passing there, unless a reading gives it a side of its own or a role already, or
    the reference names the note's broker as often as a company ("The firm trims Rockwell
    Automation (ROK) to $280": the broker's call on the ticker)."""
    words = attribution.default_words()
    if not referred.cue or _sided(symbol, about) or words.names_a_house(referred.cue):
        return []
    text = sentence.text
    start = text.lower().find(referred.cue.lower())
    named = text.find(sentence.target) if sentence.target else -1
    if start < 0 or named < start:
        return []  # "Marvell beat, but the company guided down": the company is Marvell
    end = start + len(referred.cue)
    return [Reading("role", symbol, "neutral", text[start:end], start, end)]


def reading_sides(
    sentence_readings: Sequence[Sequence[Any]], sides: dict[str, set[str]]
) -> dict[str, set[str]]:
    """``sides`` (ticker -> the effects its comparison and pair-trade readings give it, in
    the order tickers are first read, :data:`RATED` where a rating or a trade's side gave
    one and :data:`PREFERRED` where the author's preference did) with those of
    ``sentence_readings`` added."""
    preferences = default_reading_vocabulary().preferences
    for found in sentence_readings:
        for reading in found:
            if reading.kind not in _OPPOSING_KINDS or reading.ticker is None:
                continue
            if reading.kind == "rating" and reading.effect == "neutral":
                continue  # "Hold" on two names sets them against nothing
            effects = sides.setdefault(reading.ticker, set())
            effects.add(reading.effect)
            if reading.kind == "rating":
                effects.add(RATED)
            elif reading.effect != "neutral" and preferences.fullmatch(reading.cue):
                effects.add(PREFERRED)
    return sides


def opposed_sides(sides: Mapping[str, set[str]]) -> list[str]:
    """The tickers a note sets against each other, from the :func:`reading_sides` of its
    comparison and pair-trade readings: the tickers on either side when there are two sides,
    unless the note rates only one of them ("Azure is well ahead of AWS ... We reiterate Buy
    on MSFT" is a note on Microsoft, not a balanced one);
    else, when no ticker has a side, two or more set evenly against each other by a balanced
    comparison ("both charge 0.03%", "no edge either way")."""
    positive = [s for s, effects in sides.items() if "positive" in effects]
    negative = [s for s, effects in sides.items() if "negative" in effects]
    if positive and negative and set(positive) != set(negative):
        found = list(dict.fromkeys(positive + negative))
        rated = [s for s in found if RATED in sides[s]]
        return [] if len(rated) == 1 else found
    even = [s for s, effects in sides.items() if effects == {"neutral"}]
    if not positive and not negative and len(even) >= 2:
        return even
    return []


def compared_lead(sides: Mapping[str, set[str]], against: Sequence[str]) -> str | None:
    """The ticker a note's comparisons are told about: the first read of the tickers it sets
    against each other (``against``, from the :func:`reading_sides` ``sides``), where
    comparisons told as news set them so: "RSP has lagged SPY by 9 points" is news about RSP.
    None where a rating, a trade's side or the author's preference set any of them ("we
    prefer COP over DVN" is a relative call), or where comparisons give one of them both sides
    (a trade-off)."""
    if any(sides.get(symbol, set()) & {RATED, PREFERRED} for symbol in against):
        return None
    if any({"positive", "negative"} <= sides.get(symbol, set()) for symbol in against):
        return None  # "SHYG yields more ... but its drawdown was larger": a trade-off
    return next((symbol for symbol in sides if symbol in against), None)


def score_note(
    sentences: Sequence[SentenceSentiment],
    targets: Mapping[tuple[int, str], SentenceSentiment],
    mentions: Sequence[TickerMention],
    band: float,
    *,
    link_references: bool = True,
    kinds: Collection[str] = READING_KINDS,
    follow_tickers: bool = True,
    ticker_band: float | None = None,
    verdict_weight: float = aggregate.VERDICT_WEIGHT,
) -> tuple[list[TickerSentiment], float]:
    """A note's tickers (most relevant first) and its score, from its scored sentences,
    their target scores (``targets[(sentence index, symbol)]``) and its ticker mentions.

    With links, readings and ``follow_tickers`` all off, each ticker is scored from the
    sentences naming it and the note from all its sentences, as before issue 18. Tickers
    are labelled with ``ticker_band`` (default: ``band``, the note's). A sentence stating
    the author's verdict on a ticker counts ``verdict_weight`` times for it
    (:func:`sentiment.aggregate.verdict_factor`; 1: as any other sentence).
    """
    spans = [(s.start, s.end) for s in sentences]
    named = by_sentence(mentions, spans)
    texts = [s.text for s in sentences]
    found = resolved_contrasts(readings(texts, named, spans, kinds), sentences, targets, named)
    sentence_links = None
    if link_references or kinds:
        sentence_links = links(texts, named, found, by_reference=link_references, spans=spans)
        targets = ticker_evidence(sentences, targets, sentence_links, found, kinds)
    cut = band if ticker_band is None else ticker_band
    tickers = aggregate.ticker_sentiments(
        sentences, mentions, targets, cut, sentence_links, verdict_weight
    )
    if sentence_links is not None:
        tickers = aggregate.passing_tones(tickers, cut)
    if not follow_tickers:
        return tickers, round(aggregate.document_score(sentences), 4)
    symbols = [[m.symbol for m in n] for n in named]
    passing = passers(found)
    opened = opening_verdict(attribution.counted_symbols(symbols, passing), found)
    subject = attribution.note_subject(symbols, passing, opened, texts)
    sides = reading_sides(found, {})
    against = opposed_sides(sides)
    if subject in against and is_pair(pair_legs(found, {}), against):
        subject = None  # "Fund the ROST long with a BURL short": a pair, no one company's note
    told = [whole_sentence_told(s, r) for s, r in zip(sentences, found)]
    score = round(aggregate.document_score(told), 4)
    even = about_both(sentence_links or []) or compared_evenly(found)
    score = aggregate.note_score(
        score,
        tickers,
        against,
        subject=subject,
        band=band,
        side_by_side=even,
        lead=compared_lead(sides, against),
    )
    return tickers, score


def about_both(sentence_links: Sequence[Sequence[Link]]) -> bool:
    """Is a sentence linked as "both" to the tickers before it ("Both beat on earnings, both
    posted slightly negative comps")? With :func:`compared_evenly`, what makes a note set its
    tickers side by side (``side_by_side`` of :func:`sentiment.aggregate.note_score`)."""
    return any(link.method == "both" for found in sentence_links for link in found)


def compared_evenly(sentence_readings: Sequence[Sequence[Any]]) -> bool:
    """Does a comparison call tickers even ("no reason to prefer one over the other", "both
    charge 0.03%")?"""
    return any(
        r.kind == "comparison" and r.effect == "neutral"
        for found in sentence_readings
        for r in found
    )


def pair_legs(
    sentence_readings: Sequence[Sequence[Any]], legs: dict[str, set[str]]
) -> dict[str, set[str]]:
    """``legs`` (ticker -> the sides a position word gives it: "long $UNH, short $CVS", "Fund
    the ROST long with a BURL short"; not a rating name such as "Overweight") with those of
    ``sentence_readings`` added."""
    positions = default_reading_vocabulary().leg_words
    for found in sentence_readings:
        for r in found:
            if r.kind == "rating" and r.ticker is not None and key(r.cue) in positions:
                legs.setdefault(r.ticker, set()).add(r.effect)
    return legs


def is_pair(legs: Mapping[str, set[str]], against: Sequence[str]) -> bool:
    """Whether tickers set against each other are held long and short: a pair trade, no one
    company's note."""
    sides = {effect for symbol in against for effect in legs.get(symbol, ())}
    return {"positive", "negative"} <= sides


def whole_sentence_told(sentence: SentenceSentiment, found: Sequence[Any]) -> SentenceSentiment:
    """``sentence`` with the readings about the whole sentence (no ticker: a preview's hedge,
    a plain fact, "we rate the shares Sell") folded in, as a note's sentences count in its
    score when it follows its tickers."""
    whole = resolved_nets([r for r in found if r.ticker is None], sentence.label)
    return weighing.with_readings(sentence, whole)
