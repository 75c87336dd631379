"""A long note's scores a chunk at a time: running sums and bounded detail.

:meth:`sentiment.api.Analyzer.analyze` reads a text longer than its window in chunks. Each
chunk's scored sentences go into a :class:`NoteTally`, which keeps running sums (the note's
weighted score and each ticker's) and a bounded part of the detail: the first
``detail_limit`` sentences and claims, and for each ticker its first ``detail_limit``
evidence sentences and mentions. Its scores are those of
:func:`sentiment.evidence.score_note` over the whole note (the same links, readings,
subject, weights and order of sums); what the detail leaves out is counted in
:attr:`sentiment.results.DocumentSentiment.omitted`.

The note's subject needs the whole note (:func:`sentiment.attribution.note_subject`): its
one candidate is known from the lead, but whether it is named more than every other ticker
only at the end. So while a candidate stands, links are followed twice, with it as the
subject and with none, and the end keeps the one that holds. One subject a whole note may
have, a long note has not: the only company of a note first named past its lead (a short
transcript's speaker line after the question), and the company of a closing source line ("(Toast
(TOST) second-quarter call)"), as its earlier sentences are tallied before it is known.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace

from sentiment import aggregate, attribution, evidence
from sentiment.results import (
    Claim,
    DocumentSentiment,
    Link,
    SentenceSentiment,
    TickerMention,
    TickerSentiment,
)

DETAIL_LIMIT = 2_000
"""The most sentences and claims a long document's result keeps, and the most evidence
sentences and mentions it keeps per ticker (scores use them all)."""

Targets = Mapping[tuple[int, str], SentenceSentiment]


@dataclass(slots=True)
class _Sums:
    """A running weighted mean: ``sum(weight * score) / sum(weight)``, added in order. For a
    ticker's evidence (``symbol``), a sentence stating its move counts
    :data:`sentiment.aggregate.MOVE_WEIGHT` times unless a sentence states the author's
    verdict on it (:func:`sentiment.aggregate.move_weight`), and one stating its guidance
    raised or cut :data:`sentiment.aggregate.GUIDE_WEIGHT` times unless a sentence states the
    verdict or a move (:func:`sentiment.aggregate.guide_weight`); either may come later, so
    the extra weights are kept apart until the end."""

    weighted: float = 0.0
    weight: float = 0.0
    moved_weighted: float = 0.0
    moved_weight: float = 0.0
    guided_weighted: float = 0.0
    guided_weight: float = 0.0
    stated: bool = False
    moved: bool = False

    def add(
        self,
        sentence: SentenceSentiment,
        index: int,
        factor: float = 1.0,
        symbol: str | None = None,
    ) -> None:
        weight = aggregate.sentence_weight(sentence, index) * factor
        self.weight += weight
        self.weighted += weight * sentence.score
        if symbol is None:
            return
        if any(aggregate.is_verdict(r, symbol) for r in sentence.readings):
            self.stated = True
        elif any(aggregate.is_move(r, symbol) for r in sentence.readings):
            self.moved = True
            extra = weight * (aggregate.MOVE_WEIGHT - 1.0)
            self.moved_weight += extra
            self.moved_weighted += extra * sentence.score
        elif any(aggregate.is_guided(r, symbol) for r in sentence.readings):
            extra = weight * (aggregate.GUIDE_WEIGHT - 1.0)
            self.guided_weight += extra
            self.guided_weighted += extra * sentence.score

    def score(self) -> float:
        """As :func:`sentiment.aggregate.weighted_score`: clamped, 0 with no weight."""
        weight, weighted = self.weight, self.weighted
        if not self.stated:
            weight, weighted = weight + self.moved_weight, weighted + self.moved_weighted
        if not self.stated and not self.moved:
            weight, weighted = weight + self.guided_weight, weighted + self.guided_weighted
        if not weight:
            return 0.0
        return max(-1.0, min(1.0, weighted / weight))


@dataclass(slots=True)
class _Evidence:
    """One ticker's evidence under one track: its sums and its first sentences."""

    sums: _Sums = field(default_factory=_Sums)
    kept: list[SentenceSentiment] = field(default_factory=list)
    omitted: int = 0
    calls: set[str] = field(default_factory=set)  # the author's calls (aggregate.calls)


@dataclass(slots=True)
class _Mentions:
    """One ticker's mentions: how many, the weight of the sentences naming it, its name
    and its first mentions."""

    count: int = 0
    position: float = 0.0
    name: str | None = None
    kept: list[TickerMention] = field(default_factory=list)


class _Track:
    """The links and ticker evidence under one assumed subject."""

    def __init__(self, subject: str | None, opened: bool = False, referred: int = 0) -> None:
        self.subject = subject
        self.opened = opened  # the note opens by rating it: a tie is enough
        self.referred = referred  # sentences right after its first naming that refer to it
        self.linker = attribution.Linker(subject)
        self.tickers: dict[str, _Evidence] = {}
        self.both = False  # a sentence linked to the tickers before it ("Both beat ...")


class NoteTally:
    """A long note's tickers and score from its scored chunks, added in order with
    :meth:`add`; :meth:`result` gives the :class:`DocumentSentiment`. The options are those
    of :func:`sentiment.evidence.score_note`."""

    def __init__(
        self,
        *,
        link_references: bool = True,
        kinds: Collection[str] = evidence.READING_KINDS,
        follow_tickers: bool = True,
        detail_limit: int = DETAIL_LIMIT,
        verdict_weight: float = aggregate.VERDICT_WEIGHT,
    ) -> None:
        self.link_references = link_references
        self.verdict_weight = verdict_weight
        self.kinds = kinds
        self.follow_tickers = follow_tickers
        self.limit = detail_limit
        self.count = 0  # sentences tallied
        self.document = _Sums()
        self.told = _Sums()  # the sentences with their whole-sentence readings folded in
        self.position = 0.0  # every sentence's position weight
        self.sentences: list[SentenceSentiment] = []
        self.claims: list[Claim] = []
        self.omitted: Counter[str] = Counter()
        self.mentions: dict[str, _Mentions] = {}
        self.named: Counter[str] = Counter()  # sentences naming each ticker (not in passing)
        self.first_named: dict[str, int] = {}  # where each ticker is first named so
        self.sides: dict[str, set[str]] = {}
        self.legs: dict[str, set[str]] = {}  # a pair trade's long and short sides
        self.even = False  # a comparison calling tickers even
        self.tracks: list[_Track] | None = None  # decided from the lead
        self._pending: list[tuple[list[SentenceSentiment], Targets, list[TickerMention]]] = []
        # the last two sentences tallied, for a contrast opening the next part (the sentence
        # before it, or the one before that past a plain fact), and their target scores,
        # indexed -1 (the last) and -2
        self._before: tuple[
            evidence.Before | None, evidence.Before | None, dict[tuple[int, str], SentenceSentiment]
        ] = (None, None, {})

    def add(
        self,
        sentences: Sequence[SentenceSentiment],
        targets: Targets,
        mentions: Sequence[TickerMention],
        claims: Sequence[Claim] = (),
    ) -> None:
        """The next chunk: its scored sentences (offsets in the whole note), their target
        scores (``targets[(index in this chunk, symbol)]``), its ticker mentions and claims."""
        self._keep(self.claims, claims, "claims")
        self._pending.append((list(sentences), targets, list(mentions)))
        if self.tracks is not None or sum(len(p[0]) for p in self._pending) >= attribution.LEAD:
            self._flush()

    def result(
        self, band: float, ticker_band: float | None = None, source: str | None = None
    ) -> DocumentSentiment:
        """The note's result: labels with ``band`` (tickers with ``ticker_band``, default
        ``band``), the detail kept and the count of what was left out."""
        self._flush()
        track = self._track()
        cut = band if ticker_band is None else ticker_band
        total = self.position or 1.0
        tickers = [
            self._ticker(symbol, found, track, cut, total)
            for symbol, found in self.mentions.items()
        ]
        tickers.sort(key=lambda t: (-t.relevance, -t.mentions, t.ticker))
        if self.link_references or self.kinds:
            tickers = aggregate.passing_tones(tickers, cut)
        score = round(self.document.score(), 4)
        if self.follow_tickers:
            against = evidence.opposed_sides(self.sides)
            score = aggregate.note_score(
                round(self.told.score(), 4),
                tickers,
                against,
                subject=track.subject,
                band=band,
                side_by_side=self.even or track.both,
                lead=evidence.compared_lead(self.sides, against),
            )
        left_out = self.omitted + Counter(evidence=sum(e.omitted for e in track.tickers.values()))
        omitted = {kind: n for kind, n in sorted(left_out.items()) if n}
        return DocumentSentiment(
            label=aggregate.label_for(score, band),
            score=score,
            sentences=tuple(self.sentences),
            tickers=tuple(tickers),
            claims=tuple(self.claims),
            scale_label=aggregate.scale_label_for(score, band),
            source=source,
            omitted=omitted or None,
        )

    # -- adding a piece ----------------------------------------------------------------
    def _flush(self) -> None:
        """Tally the chunks held back while the lead was incomplete (or the next chunk)."""
        if not self._pending:
            return
        sentences: list[SentenceSentiment] = []
        targets: dict[tuple[int, str], SentenceSentiment] = {}
        mentions: list[TickerMention] = []
        for chunk_sentences, chunk_targets, chunk_mentions in self._pending:
            base = len(sentences)
            targets.update({(base + i, s): t for (i, s), t in chunk_targets.items()})
            sentences += chunk_sentences
            mentions += chunk_mentions
        self._pending.clear()
        self._tally(sentences, targets, mentions)

    def _tally(
        self, sentences: list[SentenceSentiment], targets: Targets, mentions: list[TickerMention]
    ) -> None:
        spans = [(s.start, s.end) for s in sentences]
        named = evidence.by_sentence(mentions, spans)
        texts = [s.text for s in sentences]
        found = self._contrasted(
            evidence.readings(texts, named, spans, self.kinds), sentences, targets, named
        )
        symbols = [[m.symbol for m in n] for n in named]
        passing = evidence.passers(found)
        counted = attribution.counted_symbols(symbols, passing)
        if self.tracks is None:
            opened = evidence.opening_verdict(counted, found)
            self.tracks = [_Track(None)] + [
                _Track(s, s == opened, attribution.referred_after(counted, texts, first))
                for s, first in _candidate(counted)
            ]
        self.named.update(symbol for syms in counted for symbol in set(syms))
        for i, syms in enumerate(counted, start=self.count):
            for symbol in syms:
                self.first_named.setdefault(symbol, i)
        evidence.reading_sides(found, self.sides)
        evidence.pair_legs(found, self.legs)
        self.even = self.even or evidence.compared_evenly(found)
        base = self.count
        for i, (sentence, readings) in enumerate(zip(sentences, found), start=base):
            self.position += aggregate.position_weight(i)
            self.document.add(sentence, i)
            self.told.add(evidence.whole_sentence_told(sentence, readings), i)
        self._tally_mentions(mentions, named, base)
        antecedents = attribution.counted_symbols(
            counted, evidence.aside_symbols(texts, named, spans)
        )
        cues = evidence.even_cues(found), evidence.acted_cues(found)
        for track in self.tracks:
            self._tally_track(track, sentences, targets, texts, symbols, antecedents, cues, found)
        self._keep(self.sentences, sentences, "sentences")
        self.count += len(sentences)

    def _contrasted(
        self,
        found: list[tuple],
        sentences: list[SentenceSentiment],
        targets: Targets,
        named: list[list[TickerMention]],
    ) -> list[tuple]:
        """The readings with their contrasts resolved (as :func:`score_note` resolves them),
        the first sentences' against the last two of the part before."""
        before, earlier, kept = self._before
        merged = {**kept, **targets} if kept else targets
        found = evidence.resolved_contrasts(found, sentences, merged, named, before, earlier)
        if len(sentences) >= 2:
            last = len(sentences) - 1
            ends = {(i - last - 1, s): t for (i, s), t in targets.items() if i >= last - 1}
            self._before = (
                (found[-1], sentences[-1], named[-1], -1),
                (found[-2], sentences[-2], named[-2], -2),
                ends,
            )
        elif sentences:
            ends = {(-1, s): t for (i, s), t in targets.items() if i == 0}
            ends.update({(-2, s): t for (i, s), t in kept.items() if i == -1})
            moved = None if before is None else (*before[:3], -2)
            self._before = ((found[-1], sentences[-1], named[-1], -1), moved, ends)
        return found

    def _tally_mentions(
        self, mentions: list[TickerMention], named: list[list[TickerMention]], base: int
    ) -> None:
        for mention in mentions:
            entry = self.mentions.setdefault(mention.symbol, _Mentions())
            entry.count += 1
            entry.name = entry.name or mention.name
            self._keep(entry.kept, [mention], "mentions")
        for i, found in enumerate(named, start=base):
            for symbol in dict.fromkeys(m.symbol for m in found):
                self.mentions[symbol].position += aggregate.position_weight(i)

    def _tally_track(
        self,
        track: _Track,
        sentences: list[SentenceSentiment],
        targets: Targets,
        texts: list[str],
        symbols: list[list[str]],
        antecedents: list[list[str]],
        cues: tuple[list[str | None], list[str | None]],
        found: list[tuple],
    ) -> None:
        """One track's links and evidence for the piece (as :func:`score_note` makes them);
        ``antecedents``: the symbols of each sentence a reference may point back to; ``cues``:
        each sentence's even verdict and own action (:func:`sentiment.evidence.even_cues`,
        :func:`sentiment.evidence.acted_cues`)."""
        links: list[tuple[Link, ...]] | None = None
        scored: Targets = targets
        if self.link_references:
            links = track.linker.links(texts, symbols, antecedents, *cues)
        elif self.kinds:
            direct = attribution.LINK_WEIGHTS["direct"]
            links = [tuple(Link(s, "direct", direct) for s in dict.fromkeys(n)) for n in symbols]
        if links is not None:
            track.both = track.both or evidence.about_both(links)
            scored = evidence.ticker_evidence(sentences, targets, links, found, self.kinds)
            about = _linked(links)
        else:
            about = {s: {i: None for i in idx} for s, idx in _naming(symbols).items()}
        for symbol, linked in about.items():
            entry = track.tickers.setdefault(symbol, _Evidence())
            for i, link in linked.items():
                sentence = scored.get((i, symbol), sentences[i])
                sentence = sentence if link is None else replace(sentence, link=link)
                weight = (
                    (link.weight if link else 1.0)
                    * aggregate.verdict_factor(sentence, symbol, self.verdict_weight)
                    * aggregate.title_factor(sentence, self.count + i, 2)  # a long note
                )
                entry.sums.add(sentence, self.count + i, weight, symbol)
                entry.calls |= aggregate.calls(sentence, symbol)
                if len(entry.kept) < self.limit:
                    entry.kept.append(sentence)
                else:
                    entry.omitted += 1

    # -- the result --------------------------------------------------------------------
    def _track(self) -> _Track:
        """The track whose subject holds over the whole note."""
        tracks = self.tracks or [_Track(None)]
        last = self.count - 1 if self.count >= attribution.CLOSING_ASIDE_FROM else None
        against = evidence.opposed_sides(self.sides)
        for track in tracks[1:]:
            if track.subject in against and evidence.is_pair(self.legs, against):
                continue  # a pair trade: no one company's note
            mine = self.named[track.subject] + (1 if track.opened else 0) + track.referred
            if all(
                n < mine
                for symbol, n in self.named.items()
                if symbol != track.subject and self.first_named[symbol] != last
            ):
                return track
        return tracks[0]

    def _ticker(
        self, symbol: str, found: _Mentions, track: _Track, band: float, total: float
    ) -> TickerSentiment:
        entry = track.tickers.get(symbol, _Evidence())
        score = round(entry.sums.score(), 4)
        if aggregate.called_even(entry.calls):
            score = aggregate.inside_band(score, band)
        return TickerSentiment(
            ticker=symbol,
            label=aggregate.label_for(score, band),
            score=score,
            mentions=found.count,
            scale_label=aggregate.scale_label_for(score, band),
            relevance=round(found.position / total, 4),
            name=found.name,
            evidence=tuple(entry.kept),
            resolutions=tuple(found.kept),
        )

    def _keep(self, kept: list, items: Sequence, kind: str) -> None:
        room = max(0, self.limit - len(kept))
        kept += items[:room]
        self.omitted[kind] += max(0, len(items) - room)


def _candidate(counted: list[list[str]]) -> list[tuple[str, int]]:
    """The one ticker that may be the note's subject, from its lead (see
    :func:`sentiment.attribution.note_subject`), with the sentence first naming it, or none."""
    first = next((i for i, symbols in enumerate(counted) if symbols), None)
    if first is None or first >= attribution.LEAD or len(set(counted[first])) != 1:
        return []
    return [(counted[first][0], first)]


def _linked(links: list[tuple[Link, ...]]) -> dict[str, dict[int, Link]]:
    """symbol -> {sentence index: its link}, in order (the last link of a sentence wins, as
    in :func:`sentiment.aggregate.ticker_sentiments`)."""
    about: dict[str, dict[int, Link]] = {}
    for i, found in enumerate(links):
        for link in found:
            about.setdefault(link.symbol, {})[i] = link
    return about


def _naming(symbols: list[list[str]]) -> dict[str, list[int]]:
    """symbol -> the indices of the sentences naming it, in order."""
    found: dict[str, list[int]] = {}
    for i, named in enumerate(symbols):
        for symbol in dict.fromkeys(named):
            found.setdefault(symbol, []).append(i)
    return found
