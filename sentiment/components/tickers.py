"""``sentiment_tickers``: finds ticker mentions and writes them to ``Doc._.tickers``.

Recognisers, each with a confidence and a reason (Presidio's shape): cashtags ($TSLA),
exchange prefixes (NYSE: KO; the prefix itself is no ticker), symbols in parentheses
(Nvidia (NVDA), Tencent (0700.HK)) and local codes in parentheses (Toyota (7203) is
7203.T, HDFC Bank (HDFCBANK) the NSE listing), ticker columns of tables, company and
fund names and curated aliases (Apple Inc., Google), bare upper-case symbols accepted by
context rules, and later short references (Coke after Coca-Cola). Renamed symbols are
reported as the current one (FB -> META). The finder works on ``doc.text`` alone, so it
needs no other component; :meth:`TickerFinder.find` also takes a plain string.

This module is the spaCy component: it runs the recognisers, settles their candidates and
writes the mentions. The recognisers live in :mod:`~sentiment.components.ticker_symbols`
(cashtags, exchange prefixes, tables, bare symbols),
:mod:`~sentiment.components.ticker_parentheses`, :mod:`~sentiment.components.ticker_names`
and :mod:`~sentiment.components.ticker_coreference` (short names, later references); the
rules they share in :mod:`sentiment.components.ticker_rules`, the word lists in
``sentiment/resources``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import minibatch

from sentiment.components.extensions import install_extensions
from sentiment.components.ticker_coreference import (
    TickerContext,
    coreference_hits,
    name_heads,
    resolved_listings,
    same_listing,
    stated_listing,
)
from sentiment.components.ticker_names import name_hits
from sentiment.components.ticker_parentheses import parenthesised_hits
from sentiment.components.ticker_rules import Hit, Lines, settle
from sentiment.components.ticker_symbols import (
    bare_symbol_hits,
    cashtag_hits,
    exchange_hits,
    exchange_matches,
    exchange_pattern,
    fund_symbol_hits,
    outside_prefixes,
    table_hits,
)
from sentiment.gazetteer import Gazetteer, default_gazetteer
from sentiment.results import TickerMention


@Language.factory(
    "sentiment_tickers",
    default_config={
        "extra_aliases": None,
        "extra_symbols": None,
        "min_confidence": 0.5,
        "names": True,
        "bare_symbols": True,
        "coreference": True,
    },
    assigns=["doc._.tickers"],
)
def make_ticker_finder(
    nlp: Language,
    name: str,
    extra_aliases: str | None,
    extra_symbols: str | None,
    min_confidence: float,
    names: bool,
    bare_symbols: bool,
    coreference: bool,
) -> TickerFinder:
    """Build the ticker finder; ``extra_aliases``/``extra_symbols`` are TSV paths that add
    to the shipped gazetteer (``alias<TAB>symbol[<TAB>policy]``, ``symbol<TAB>name``)."""
    gazetteer = default_gazetteer().copy()  # each component extends its own copy
    if extra_symbols:
        gazetteer.load_symbols(extra_symbols)
    if extra_aliases:
        gazetteer.load_aliases(extra_aliases)
    return TickerFinder(
        gazetteer,
        name=name,
        min_confidence=min_confidence,
        names=names,
        bare_symbols=bare_symbols,
        coreference=coreference,
    )


class TickerFinder:
    """Finds ticker mentions in text; a spaCy component writing ``Doc._.tickers``."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        *,
        name: str = "sentiment_tickers",
        min_confidence: float = 0.5,
        names: bool = True,
        bare_symbols: bool = True,
        coreference: bool = True,
    ) -> None:
        install_extensions()
        self.name = name
        self.gazetteer = gazetteer if gazetteer is not None else default_gazetteer().copy()
        self.min_confidence = min_confidence
        self.names, self.bare_symbols, self.coreference = names, bare_symbols, coreference
        # the exchange suffixes a local code in parentheses may take ("7203" -> 7203.T)
        self._suffixes = tuple(dict.fromkeys(s for s in self.gazetteer.exchanges.values() if s))
        self._exchange_re = exchange_pattern(self.gazetteer)

    # ----- spaCy protocol ------------------------------------------------------------
    def __call__(self, doc: Doc, context: TickerContext | None = None) -> Doc:
        """Find the mentions of ``doc``; ``context`` is what the earlier chunks of a long
        document established (pass it as ``component_cfg``)."""
        self.set_annotations([doc], [self.find_in_context(doc.text, context)])
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        """Process docs in batches: compute every batch first, then write it."""
        for batch in minibatch(stream, size=batch_size):
            self.set_annotations(batch, [self.find_in_context(doc.text) for doc in batch])
            yield from batch

    def set_annotations(
        self, docs: list[Doc], found: list[tuple[list[TickerMention], TickerContext]]
    ) -> None:
        """The one place that writes to the Doc: the mentions and the context after it."""
        for doc, (mentions, context) in zip(docs, found, strict=True):
            doc._.tickers = mentions
            doc._.ticker_context = context

    # ----- prediction ----------------------------------------------------------------
    def find(self, text: str) -> list[TickerMention]:
        """Every ticker mention in ``text``, sorted by start offset (no side effects)."""
        return self.find_in_context(text)[0]

    def find_in_context(
        self, text: str, context: TickerContext | None = None
    ) -> tuple[list[TickerMention], TickerContext]:
        """The mentions in ``text`` (a chunk of a long document after what ``context``
        holds, or a whole text) and the context for the next chunk (no side effects)."""
        context = context or TickerContext()
        if not text or not text.strip():
            return [], context
        gaz, lines = self.gazetteer, Lines(text)
        exchanges = exchange_matches(gaz, self._exchange_re, text)
        hits = cashtag_hits(gaz, text) + exchange_hits(gaz, exchanges)
        names, tokens = (
            name_hits(gaz, text, lines, coreference=self.coreference) if self.names else ([], [])
        )
        hits += parenthesised_hits(gaz, self._suffixes, text, names) + names
        hits += table_hits(gaz, text)
        if self.bare_symbols:
            hits += bare_symbol_hits(gaz, text, lines) + fund_symbol_hits(gaz, text, lines)
        accepted = settle(outside_prefixes(hits, exchanges), text, context.confirmed)
        heads = name_heads(gaz, text, accepted, context) if self.coreference else {}
        if self.coreference and tokens:
            later = outside_prefixes(coreference_hits(tokens, heads), exchanges)
            accepted = settle(accepted + later, text, context.confirmed)
        confirmed = context.confirmed | {h.symbol for h in accepted}
        accepted = stated_listing(accepted, text)
        listings = resolved_listings(accepted, context)
        accepted = same_listing(accepted, listings)
        after = TickerContext(
            confirmed, {key: (symbol, word) for key, (symbol, _, word) in heads.items()}, listings
        )
        mentions = [
            self._mention(text, h)
            for h in sorted(accepted, key=lambda h: h.start)
            if h.confidence >= self.min_confidence
        ]
        return mentions, after

    def _mention(self, text: str, hit: Hit) -> TickerMention:
        """The result for an accepted hit, under its current symbol (FB is reported as META)."""
        symbol = self.gazetteer.current(hit.symbol)
        info = self.gazetteer.get(symbol)
        if symbol != hit.symbol:
            hit.reason += f" ({hit.symbol} is now {symbol})"
        return TickerMention(
            symbol,
            text[hit.start : hit.end],
            hit.start,
            hit.end,
            hit.method,
            round(min(hit.confidence, 1.0), 3),
            info.name if info and info.name else None,
            hit.reason,
        )
