"""Which tickers a claim is about (part of :mod:`sentiment.components.claims`).

``Claim.tickers`` lists the tickers the claim's sentence names, its subject first:

- A house whose analysts act on another company ("Morgan Stanley cut its target price on
  Puma (PUM)", "UBS upgraded Nestle") is named, but the claim is about the company: the
  house goes after it. The phrases between the two names that make the first one a house
  acting on the second are regular expressions in ``resources/claims/analyst_actions.txt``.
- A sentence that names no ticker but refers to the note's company ("the company", "the
  fund", "we": ``subject_references.txt``) takes the ticker named most recently before it,
  unless its metric is the economy's (kind ``economy`` in ``resources/figures/metrics.tsv``:
  rates, inflation, GDP).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from sentiment.results import TickerMention
from sentiment.wordlists import PhraseIndex, Words


@dataclass(frozen=True)
class SubjectRules:
    """The data subject resolution works from (``resources/claims/``)."""

    # phrases by which a sentence refers to the note's company ("the company", "we")
    references: PhraseIndex = field(default_factory=lambda: PhraseIndex(()))
    # metrics of the economy, never of the note's company
    economy_metrics: frozenset[str] = frozenset()
    # the text between a house and the company it acts on ("cut its target price on")
    analyst_actions: tuple[re.Pattern[str], ...] = ()


def claim_tickers(
    rules: SubjectRules,
    text: str,
    start: int,
    mentions: Sequence[TickerMention],
    words: Words,
    metric: str | None,
    previous: str | None,
) -> tuple[str, ...]:
    """The tickers of the claim in sentence ``text`` (found at ``start`` of its document),
    its subject first. ``mentions`` are the document's ticker mentions in the sentence;
    ``previous`` is the symbol of the last one named before it, if any."""
    inside = sorted(
        (m for m in mentions if start <= m.start and m.end <= start + len(text)),
        key=lambda m: m.start,
    )
    if not inside:
        return referred(rules, words, metric, previous)
    houses = {m.symbol for m in acting_houses(rules, text, start, inside)}
    symbols = list(dict.fromkeys(m.symbol for m in inside))
    return tuple(s for s in symbols if s not in houses) + tuple(s for s in symbols if s in houses)


def acting_houses(
    rules: SubjectRules, text: str, start: int, mentions: Sequence[TickerMention]
) -> list[TickerMention]:
    """The mentions (in order, all inside ``text``) of houses acting on the company
    named next: the text between the two matches an analyst action."""
    houses = []
    for mention, after in zip(mentions, mentions[1:], strict=False):
        if after.symbol == mention.symbol:
            continue
        between = text[mention.end - start : after.start - start]
        if any(p.fullmatch(between) for p in rules.analyst_actions):
            houses.append(mention)
    return houses


def referred(
    rules: SubjectRules, words: Words, metric: str | None, previous: str | None
) -> tuple[str, ...]:
    """``previous`` when the sentence refers to the note's company ("the company", "we")
    and its metric is not the economy's; else nothing."""
    if previous is None or metric in rules.economy_metrics:
        return ()
    return (previous,) if rules.references.find(words) else ()
