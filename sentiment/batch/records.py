"""Batch output records: one per file, plain values only, lossless to and from dicts.

A record carries only what was computed from the file's content (no timings, no dates), so
a resumed run writes exactly what an uninterrupted run writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from sentiment.figures.table import figure_rows
from sentiment.results import DocumentSentiment, FigureRow


@dataclass(frozen=True)
class TickerScore:
    """The per-ticker part of a batch record: symbol, label, score, mentions, relevance."""

    ticker: str
    label: str
    score: float
    mentions: int
    relevance: float = 0.0
    name: str | None = None


@dataclass(frozen=True)
class ClaimRow:
    """The flat part of a claim that batch outputs keep (see ``sentiment.results.Claim``)."""

    text: str
    start: int
    end: int
    metric: str | None
    value: float | None
    unit: str | None
    period: str | None
    direction: str | None
    forward_looking: bool
    tickers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict (tickers as a list)."""
        return {**asdict(self), "tickers": list(self.tickers)}


@dataclass(frozen=True)
class BatchRecord:
    """One output row: a file (path relative to the root), its scores or why it failed.

    ``doc_id`` is the relative path, ``#`` and the first 12 hex digits of the SHA-256 of
    the file's bytes (the bare path when the file could not be read). ``claims`` is None
    when they were not kept; ``figures`` (kept with them) is the long figure table, one
    :class:`~sentiment.results.FigureRow` per figure of the claims. ``warnings`` are the
    reader's (a PDF page with no text layer).
    """

    path: str
    doc_id: str
    label: str | None = None
    score: float | None = None
    tickers: tuple[TickerScore, ...] = ()
    error: str | None = None
    format: str | None = None
    warnings: tuple[str, ...] = ()
    claims: tuple[ClaimRow, ...] | None = None
    figures: tuple[FigureRow, ...] | None = None

    @property
    def ok(self) -> bool:
        """True when the file was scored."""
        return self.error is None

    def to_dict(self, claims: bool = False) -> dict[str, Any]:
        """A plain, JSON-able dict; the ``claims`` and ``figures`` keys only when asked for."""
        data: dict[str, Any] = {
            "path": self.path,
            "doc_id": self.doc_id,
            "format": self.format,
            "label": self.label,
            "score": self.score,
            "tickers": [asdict(t) for t in self.tickers],
        }
        if claims:
            data["claims"] = [c.to_dict() for c in self.claims or ()]
            data["figures"] = [f.to_dict() for f in self.figures or ()]
        data["warnings"] = list(self.warnings)
        data["error"] = self.error
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BatchRecord:
        """The inverse of :meth:`to_dict` (a missing ``claims`` key gives ``claims=None``,
        a missing ``figures`` key ``figures=None``)."""
        claims, figures = data.get("claims"), data.get("figures")
        return cls(
            path=data["path"],
            doc_id=data["doc_id"],
            label=data.get("label"),
            score=data.get("score"),
            tickers=tuple(TickerScore(**_known(TickerScore, t)) for t in data.get("tickers") or ()),
            error=data.get("error"),
            format=data.get("format"),
            warnings=tuple(data.get("warnings") or ()),
            claims=None if claims is None else tuple(_claim(c) for c in claims),
            figures=None if figures is None else tuple(FigureRow(**f) for f in figures),
        )


def record_from_result(
    path: str,
    doc_id: str,
    result: DocumentSentiment,
    *,
    format: str | None = None,
    warnings: tuple[str, ...] = (),
) -> BatchRecord:
    """Flatten an analysis into a batch record (claims and their figures included)."""
    tickers = tuple(
        TickerScore(t.ticker, t.label, t.score, t.mentions, t.relevance, t.name)
        for t in result.tickers
    )
    claims = tuple(
        ClaimRow(
            c.text,
            c.start,
            c.end,
            c.metric,
            c.value,
            c.unit,
            c.period,
            c.direction,
            c.forward_looking,
            tuple(c.tickers),
        )
        for c in result.claims
    )
    figures = tuple(figure_rows(result.claims))
    return BatchRecord(
        path, doc_id, result.label, result.score, tickers, None, format, warnings, claims, figures
    )


def relative_name(root: Path, path: Path) -> str:
    """``path`` relative to ``root``, ``/``-separated."""
    return path.relative_to(root).as_posix()


def _claim(data: dict[str, Any]) -> ClaimRow:
    values = _known(ClaimRow, data)
    values["tickers"] = tuple(values.get("tickers") or ())
    return ClaimRow(**values)


def _known(kind: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in data.items() if k in names}
