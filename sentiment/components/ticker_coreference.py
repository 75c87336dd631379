"""Short names and later references (part of :mod:`sentiment.components.tickers`).

A short name from the aliases ("Coke", "Goldman") stands for its company when the text
named the company earlier, or alone with business context ("Goldman's shares"). After a
multi-word name is resolved, later mentions of its first word refer back to it
("Dell Technologies beat estimates. Dell also raised its outlook.").

A long document is read in chunks; :class:`TickerContext` carries what the earlier chunks
established (confirmed symbols, name heads, listings) into the next one.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from sentiment.components.ticker_rules import (
    BEFORE_TEXT,
    Hit,
    Tok,
    business_cues,
    context,
    name_end,
)
from sentiment.gazetteer import TOKEN_RE, Gazetteer, NameEntry, name_key


@dataclass(frozen=True)
class TickerContext:
    """What the text before a chunk of a long document established, for the next chunk.

    ``confirmed``: symbols accepted earlier (a short name or a hit that needs evidence
    finds it there, as it would earlier in one text); ``heads``: first words of resolved
    multi-word names, by lookup key, as (symbol, word) ("Dell" after "Dell Technologies");
    ``listings``: root symbol -> the listing the text resolved ("BARC" -> "BARC.L").
    Bounded by the number of distinct companies, not by the length of the text.
    """

    confirmed: frozenset[str] = frozenset()
    heads: dict[str, tuple[str, str]] = field(default_factory=dict)
    listings: dict[str, str] = field(default_factory=dict)


def short_name(text: str, start: int, end: int, entry: NameEntry, reason: str) -> Hit:
    """A short name (an alias with the "coref" policy) at ``text[start:end]``: kept alone
    with business cues, else only once its company was named earlier ("prior")."""
    cues = business_cues(text, start, end)
    ctx = context()
    house = ctx.house.match(text, end) if entry.symbol in ctx.houses else None
    if house:  # "Goldman cuts Intel's target": a broker's short name with a house's act
        cues = [*cues, house.group().strip()]
    if cues:  # "Goldman's shares": the short name alone, with business context
        return Hit(
            start,
            end,
            entry.symbol,
            "alias",
            0.7,
            f"{reason} (a short name; {', '.join(cues)})",
        )
    return Hit(
        start,
        end,
        entry.symbol,
        "coreference",
        0.8,
        f"short name '{entry.text}' of a company named earlier",
        "prior",
    )


def coreference_hits(tokens: list[Tok], heads: dict[str, tuple[str, int, str]]) -> list[Hit]:
    """Later mentions of the first word of a resolved multi-word name (``heads``, from
    :func:`name_heads`)."""
    hits = []
    for tok in tokens:
        found = heads.get(tok.key)
        if found and tok.start >= found[1] and tok.text[:1].isupper():
            end = name_end(tok, found[2])
            hits.append(
                Hit(
                    tok.start,
                    end,
                    found[0],
                    "coreference",
                    0.75,
                    f"'{found[2]}' refers back to the company named earlier",
                )
            )
    return hits


def name_heads(
    gaz: Gazetteer, text: str, accepted: list[Hit], context: TickerContext | None = None
) -> dict[str, tuple[str, int, str]]:
    """First words of the accepted multi-word names that may stand for them alone, by
    lookup key: (symbol, end of the first such name, the word as written); those of the
    earlier chunks in ``context`` come first and end before this text."""
    earlier = context.heads if context else {}
    heads = {key: (symbol, BEFORE_TEXT, word) for key, (symbol, word) in earlier.items()}
    for hit in sorted(accepted, key=lambda h: h.start):
        if hit.method in ("name", "alias"):
            word = _head_word(text, hit)
            key = name_key(word)
            if (
                len(key) >= 4
                and word[0].isupper()
                and key not in gaz.name_stopwords
                and _free(gaz, key)
            ):
                heads.setdefault(key, (hit.symbol, hit.end, word))
    return heads


def _free(gaz: Gazetteer, key: str) -> bool:
    """Is ``key`` no name of its own, or only one that needs its legal suffix ("Parker" of
    Parker Corp. in Tokyo), so that it may stand for a company the text named in full?"""
    entry = gaz.name(key)
    return entry is None or entry.needs_suffix


def _head_word(text: str, hit: Hit) -> str:
    """The first word of a name of several ("Berkshire" of "Berkshire Hathaway"), or the
    first part of a hyphenated one ("Parker" of "Parker-Hannifin"); '' for a one-word name."""
    head = TOKEN_RE.match(text, hit.start)
    if head is None:
        return ""
    if head.end() < hit.end:
        return head.group()
    first, hyphen, _ = head.group().partition("-")
    return first if hyphen else ""


def resolved_listings(hits: list[Hit], context: TickerContext | None = None) -> dict[str, str]:
    """Root symbol -> the first listing the text (earlier chunks first) resolved by name,
    exchange or parentheses ("Barclays (BARC)" -> BARC: BARC.L)."""
    listings = dict(context.listings) if context else {}
    for hit in hits:
        root, dot, _ = hit.symbol.partition(".")
        if dot and hit.method != "bare_symbol":
            listings.setdefault(root, hit.symbol)
    return listings


def same_listing(hits: list[Hit], listings: dict[str, str]) -> list[Hit]:
    """A bare symbol that is the root of a listing the text resolved (``listings``, from
    :func:`resolved_listings`: "BARC" in a table after "Barclays (BARC)") takes it."""
    return [
        replace(
            hit,
            symbol=listings[hit.symbol],
            reason=f"{hit.reason}; the text names {listings[hit.symbol]}",
        )
        if hit.method == "bare_symbol" and hit.symbol in listings
        else hit
        for hit in hits
    ]


# Between a company's name and the symbol its author put after it: "Nokia (NOK)",
# "Apple Inc. (NASDAQ: AAPL)".
# "Nokia (NOK)", "Sony (TYO: 6758)", "Vodafone trades as LSE: VOD".
_NAME_THEN_SYMBOL = re.compile(
    r"^\s*(?:\(|(?:trades|trading|is listed|listed)\s+(?:as|on)\s+)\s*"
    r"(?:[A-Za-z][A-Za-z .]{0,20}:\s*)?$"
)
# The most non-space characters that pattern admits: "is listed on", an exchange of 21, ":".
_MOST_GAP_CHARS = 32


def stated_listing(hits: list[Hit], text: str) -> list[Hit]:
    """A name followed by the symbol its author gives it takes that listing: in "Nokia
    (NOK)" the name means the NYSE listing NOK, not the Helsinki one the name alone finds."""
    given = sorted(
        (h for h in hits if h.method in ("parenthesised", "exchange")), key=lambda h: h.start
    )
    starts = [g.start for g in given]
    names = ("name", "alias")
    return [_given_listing(h, given, starts, text) if h.method in names else h for h in hits]


def _given_listing(name: Hit, given: list[Hit], starts: list[int], text: str) -> Hit:
    """``name`` re-pointed to the first given symbol right after it, if any differs.

    Symbols are tried in order from the name's end; once the text between has more than
    ``_MOST_GAP_CHARS`` non-space characters no later one can match, so a long note costs
    a few tries per name, not one per symbol after it.
    """
    after = None
    for g in given[bisect_left(starts, name.end) :]:
        gap = text[name.end : g.start]
        if _NAME_THEN_SYMBOL.match(gap):
            after = g
            break
        if len(gap) > _MOST_GAP_CHARS and len("".join(gap.split())) > _MOST_GAP_CHARS:
            break
    if after is None or after.symbol == name.symbol:
        return name
    return replace(
        name, symbol=after.symbol, reason=f"{name.reason}; the text gives {after.symbol}"
    )
