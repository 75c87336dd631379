"""Results as the command line prints them: plain text lines, one function per view.

Pure functions of result objects (no I/O), so the CLI stays parse -> call -> render and a
Python user can print the same lines.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sentiment.aggregate import (
    VERDICT_WEIGHT,
    caught_tone,
    guide_weight,
    is_guided,
    is_move,
    is_verdict,
    move_weight,
    score_text,
    signed_text,
)
from sentiment.results import (
    Claim,
    DocumentSentiment,
    FigureChange,
    SentenceSentiment,
    TickerMention,
)

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.readings import Reading  # `sentiment --help` must not import the layer


def document_text(
    doc: DocumentSentiment,
    scale: str,
    evidence: bool,
    band: float,
    verdict_weight: float = VERDICT_WEIGHT,
) -> str:
    """The document's ``label, score`` line, then a line per ticker (label, score, mentions,
    relevance, name, how found); with ``evidence``, each ticker's sentences, how each was
    linked, and the figure changes and readings weighed into it (a verdict's weight is the
    Analyzer's ``verdict_weight``); last, for a long document whose detail was capped, what
    was left out. ``scale``: "three" or "five"."""
    five = scale == "five"
    label = doc.scale_label if five else doc.label
    lines = [f"{label}, {score_text(doc.score, band)}"]
    for t in doc.tickers:
        how = ", ".join(sorted({m.method for m in t.resolutions}))
        name = f"{t.name}; " if t.name else ""
        ticker_label = t.scale_label if five else t.label
        lines.append(
            f"{t.ticker:<8} {ticker_label}, {score_text(t.score, band)}  mentions={t.mentions} "
            f"relevance={t.relevance:.2f}  ({name}{how})"
        )
        if evidence:
            moved = move_weight(t.evidence, t.ticker)
            guided = guide_weight(t.evidence, t.ticker)
            caught = bool(doc.tickers) and caught_tone(t, doc.tickers[0], band)
            for s in t.evidence:
                lines.append(
                    f"    {signed_text(s.score)}  {link_text(s)}{' '.join(s.text.split())}"
                )
                if caught:
                    lines.append(
                        f"           named in passing, leaning with {doc.tickers[0].ticker}:"
                        " held neutral"
                    )
                lines += [f"           {change_text(c)}" for c in s.changes]
                lines += [
                    f"           {reading_text(r, t.ticker, verdict_weight, moved, guided)}"
                    for r in s.readings
                ]
    if doc.omitted:
        lines.append(omitted_text(doc.omitted))
    return "\n".join(lines)


def omitted_text(omitted: dict[str, int]) -> str:
    """'detail capped (scores use every sentence): left out 1,200 sentences, 40 claims'"""
    names = {"evidence": "evidence sentences", "mentions": "ticker mentions"}
    counts = ", ".join(f"{n:,} {names.get(kind, kind)}" for kind, n in omitted.items())
    return f"detail capped (scores use every sentence): left out {counts}"


def link_text(sentence: SentenceSentiment) -> str:
    """ "[noun: the company] " for a sentence linked by reference; "" for a direct one."""
    link = sentence.link
    if link is None or link.method == "direct":
        return ""
    return f"[{link.method}: {link.cue}] " if link.cue else f"[{link.method}] "


def reading_text(
    reading: Reading,
    symbol: str | None = None,
    verdict_weight: float = VERDICT_WEIGHT,
    moved: float = 1.0,
    guided: float = 1.0,
) -> str:
    """'rating "Outperform": positive'; with ``symbol``, a verdict on it says how much more
    its sentence counts: 'rating "Outperform": positive, a verdict (x10)' (nothing where
    ``verdict_weight`` is 1), and so does a move of its shares where ``moved`` (the weight of
    its moves, :func:`sentiment.aggregate.move_weight`) is not 1: 'move "+6%": positive, a
    move (x16)', and its company's guidance raised or cut where ``guided``
    (:func:`sentiment.aggregate.guide_weight`) is not 1: 'guidance "cut its full-year
    outlook": negative, guidance (x8)'."""
    text = f'{reading.kind} "{" ".join(reading.cue.split())}": {reading.effect}'
    if symbol is not None and verdict_weight != 1 and is_verdict(reading, symbol):
        text += f", a verdict (x{verdict_weight:g})"
    elif symbol is not None and moved != 1 and is_move(reading, symbol):
        text += f", a move (x{moved:g})"
    elif symbol is not None and guided != 1 and is_guided(reading, symbol):
        text += f", guidance (x{guided:g})"
    return text


def change_text(change: FigureChange) -> str:
    """ "gross margin 38.7% from 42.5%: down, unfavourable" """
    word = "expected" if change.basis == "estimate" else "from"
    verdict = "favourable" if change.favourable else "unfavourable"
    return f"{change.metric} {change.current} {word} {change.prior}: {change.direction}, {verdict}"


def ticker_lines(mentions: Iterable[TickerMention]) -> list[str]:
    """One line per mention: symbol, method, confidence, span, text and reason."""
    return [
        f"{m.symbol:<8} {m.method:<13} {m.confidence:.2f}  {m.start}-{m.end}  "
        f"{m.text!r}  {m.reason}"
        for m in mentions
    ]


def claim_lines(claims: Iterable[Claim]) -> list[str]:
    """A header, then one line per claim: metric, primary figure, period, tickers, kind, text."""
    lines = [f"{'metric':<18} {'value':<14} {'period':<10} {'tickers':<10} {'kind':<8} claim"]
    for c in claims:
        kind = "forward" if c.forward_looking else "reported"
        lines.append(
            f"{c.metric or '-':<18} {figure_text(c):<14} {c.period or '-':<10} "
            f"{','.join(c.tickers) or '-':<10} {kind:<8} {' '.join(c.text.split())}"
        )
    return lines


def figure_text(claim: Claim) -> str:
    """The primary figure as written ("$35.1 billion"), else its value and unit."""
    primary = next((f for f in claim.figures if f.value == claim.value), None)
    if primary is not None:
        return " ".join(primary.text.split())
    return "-" if claim.value is None else f"{claim.value:g} {claim.unit or ''}".strip()
