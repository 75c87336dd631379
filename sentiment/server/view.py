"""A scored note as the pages show it: pieces of text with their shading and ticker marks.

Pure functions of a result's ``to_dict()`` form (no Starlette, no I/O), so a note scored just
now and one read back from the library render alike. A long note is cut into pages of whole
sentences, so a note of 10,000 sentences stays a page a browser can show.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sentiment import rendering
from sentiment.aggregate import NEUTRAL_BAND, score_text, signed_text
from sentiment.readings.types import Reading
from sentiment.results import Claim, Figure, FigureChange, Link, SentenceSentiment

# Scores are shaded in SHADES steps each side of zero (CSS classes shade-m4 ... shade-p4).
SHADES = 4
# Evidence sentences listed under a ticker before the rest are counted, not shown.
EVIDENCE_SHOWN = 25


@dataclass(frozen=True)
class Mark:
    """A ticker mention inside a sentence: the words, and how they were resolved."""

    text: str
    symbol: str
    how: str


@dataclass(frozen=True)
class Piece:
    """A run of the note's text: a sentence (``shade`` and ``title`` set, ``parts`` are its
    plain strings and :class:`Mark` s) or the space between two (``parts`` one string)."""

    parts: tuple[str | Mark, ...]
    shade: str | None = None
    title: str = ""
    index: int | None = None


@dataclass(frozen=True)
class TickerRow:
    """A row of the ticker table, with its evidence sentences (``(score, text)`` lines)."""

    symbol: str
    name: str
    label: str
    scale_label: str
    score: str
    mentions: int
    relevance: str
    how: str
    evidence: tuple[tuple[str, str], ...]
    more_evidence: int


@dataclass(frozen=True)
class ClaimRow:
    """A row of the claims table."""

    metric: str
    figure: str
    period: str
    tickers: str
    kind: str
    text: str


@dataclass(frozen=True)
class NoteView:
    """One page of a scored note: the overall verdict, its text, tickers and claims."""

    label: str
    scale_label: str
    score: str
    source: str | None
    pieces: tuple[Piece, ...]
    tickers: tuple[TickerRow, ...]
    claims: tuple[ClaimRow, ...]
    page: int
    pages: int
    first: int
    last: int
    sentences: int
    claims_total: int


def note_view(
    result: dict[str, Any],
    text: str | None = None,
    *,
    page: int = 1,
    per_page: int = 400,
    band: float = NEUTRAL_BAND,
) -> NoteView:
    """Page ``page`` (from 1; clamped) of ``result``, a ``DocumentSentiment.to_dict()``.

    ``text`` is the note's text, for the spaces between sentences; without it a gap of two
    or more characters shows as a paragraph break and a shorter one as a space.
    """
    sentences = result.get("sentences") or []
    pages = max(1, math.ceil(len(sentences) / per_page))
    page = min(max(1, page), pages)
    first = (page - 1) * per_page
    shown = sentences[first : first + per_page]
    span = (shown[0]["start"], shown[-1]["end"]) if shown else (0, 0)
    claims = result.get("claims") or []
    on_page = [c for c in claims if span[0] <= c["start"] < span[1]] if len(claims) else []
    return NoteView(
        label=result["label"],
        scale_label=result.get("scale_label") or "",
        score=score_text(result["score"], band),
        source=result.get("source"),
        pieces=tuple(_pieces(shown, _mentions(result), text)),
        tickers=tuple(_ticker_row(t, band) for t in result.get("tickers") or []),
        claims=tuple(_claim_row(c) for c in on_page),
        page=page,
        pages=pages,
        first=first + 1 if shown else 0,
        last=first + len(shown),
        sentences=len(sentences),
        claims_total=len(claims),
    )


def shade(score: float) -> str:
    """The CSS class of a score: ``shade-0`` near zero, ``shade-p4`` / ``shade-m4`` at +-1."""
    step = round(max(-1.0, min(1.0, score)) * SHADES)
    return "shade-0" if step == 0 else f"shade-{'p' if step > 0 else 'm'}{abs(step)}"


def _mentions(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every ticker mention, by position, without overlaps."""
    found = sorted(
        (m for t in result.get("tickers") or [] for m in t.get("resolutions") or []),
        key=lambda m: (m["start"], -m["end"]),
    )
    kept: list[dict[str, Any]] = []
    for mention in found:
        if not kept or mention["start"] >= kept[-1]["end"]:
            kept.append(mention)
    return kept


def _pieces(
    sentences: list[dict[str, Any]], mentions: list[dict[str, Any]], text: str | None
) -> list[Piece]:
    pieces: list[Piece] = []
    previous_end: int | None = None
    cursor = 0
    for i, sentence in enumerate(sentences):
        start, end = sentence["start"], sentence["end"]
        if previous_end is not None and start > previous_end:
            wide = start - previous_end > 1
            gap = text[previous_end:start] if text else ("\n\n" if wide else " ")
            pieces.append(Piece((gap,)))
        while cursor < len(mentions) and mentions[cursor]["start"] < start:
            cursor += 1
        inside = []
        while cursor < len(mentions) and mentions[cursor]["end"] <= end:
            inside.append(mentions[cursor])
            cursor += 1
        pieces.append(
            Piece(
                tuple(_split(sentence["text"], start, inside)),
                shade(sentence["score"]),
                _sentence_title(sentence),
                i,
            )
        )
        previous_end = end
    return pieces


def _split(sentence: str, start: int, mentions: list[dict[str, Any]]) -> list[str | Mark]:
    parts: list[str | Mark] = []
    at = 0
    for m in mentions:
        lo, hi = m["start"] - start, m["end"] - start
        if lo < at or hi > len(sentence):
            continue
        if lo > at:
            parts.append(sentence[at:lo])
        parts.append(Mark(sentence[lo:hi], m["symbol"], mention_title(m)))
        at = hi
    if at < len(sentence):
        parts.append(sentence[at:])
    return parts


def mention_title(mention: dict[str, Any]) -> str:
    """ "NVDA (NVIDIA Corporation): exchange, confidence 0.99; <reason>" """
    name = f" ({mention['name']})" if mention.get("name") else ""
    reason = f"; {mention['reason']}" if mention.get("reason") else ""
    return (
        f"{mention['symbol']}{name}: {mention['method']}, "
        f"confidence {mention['confidence']:.2f}{reason}"
    )


def _sentence_title(sentence: dict[str, Any]) -> str:
    probabilities = sentence.get("probabilities") or {}
    shares = ", ".join(f"{k} {v:.2f}" for k, v in probabilities.items())
    return f"{sentence['label']} {signed_text(sentence['score'])}" + (
        f" ({shares})" if shares else ""
    )


def _ticker_row(ticker: dict[str, Any], band: float) -> TickerRow:
    evidence = ticker.get("evidence") or []
    return TickerRow(
        symbol=ticker["ticker"],
        name=ticker.get("name") or "",
        label=ticker["label"],
        scale_label=ticker.get("scale_label") or "",
        score=score_text(ticker["score"], band),
        mentions=ticker["mentions"],
        relevance=f"{ticker['relevance']:.2f}",
        how=", ".join(sorted({m["method"] for m in ticker.get("resolutions") or []})),
        evidence=tuple(
            (signed_text(s["score"]), _evidence_text(s)) for s in evidence[:EVIDENCE_SHOWN]
        ),
        more_evidence=max(0, len(evidence) - EVIDENCE_SHOWN),
    )


def _evidence_text(sentence: dict[str, Any]) -> str:
    """The sentence as ``sentiment score --evidence`` prints it: how it was linked, its
    text, then the figure changes and readings weighed into it."""
    link = sentence.get("link")
    linked = SentenceSentiment(
        "", 0, 0, "", 0.0, link=Link(**link) if isinstance(link, dict) else None
    )
    extras = [rendering.change_text(FigureChange(**c)) for c in sentence.get("changes") or []]
    extras += [rendering.reading_text(Reading(**r)) for r in sentence.get("readings") or []]
    tail = "".join(f" [{e}]" for e in extras)
    return f"{rendering.link_text(linked)}{' '.join(sentence['text'].split())}{tail}"


def _claim_row(claim: dict[str, Any]) -> ClaimRow:
    figures = tuple(Figure(**f) for f in claim.get("figures") or [])
    value = Claim(
        text=claim["text"],
        start=claim["start"],
        end=claim["end"],
        metric=claim.get("metric"),
        value=claim.get("value"),
        unit=claim.get("unit"),
        forward_looking=bool(claim.get("forward_looking")),
        figures=figures,
    )
    return ClaimRow(
        metric=claim.get("metric") or "-",
        figure=rendering.figure_text(value),
        period=claim.get("period") or "-",
        tickers=", ".join(claim.get("tickers") or []) or "-",
        kind="forward" if claim.get("forward_looking") else "reported",
        text=" ".join(claim["text"].split()),
    )
