"""Per-ticker history and the top movers, computed from a library's ticker rows.

Pure functions over :class:`TickerRow` values, so the SQL stays in :mod:`sentiment.desk.library`
and these can be tested without a database. A period's score is the relevance-weighted mean
of its notes' scores for the ticker (the plain mean when every relevance is zero).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sentiment.aggregate import label_for
from sentiment.desk.periods import period_end, period_start


@dataclass(frozen=True)
class TickerRow:
    """One note's view of one ticker: the note, its date, and the ticker's label, score,
    relevance and mentions in it."""

    note_id: str
    date: str
    label: str
    score: float
    relevance: float
    mentions: int
    title: str | None = None
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return asdict(self)


@dataclass(frozen=True)
class Period:
    """A ticker over one day, week or month: first and last day, relevance-weighted score
    and its label, how many notes and mentions, and the notes (ids, most relevant first)."""

    start: date
    end: date
    score: float
    label: str
    notes: int
    mentions: int = 0
    note_ids: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict (dates as ISO text)."""
        data = asdict(self)
        data.update(start=self.start.isoformat(), end=self.end.isoformat())
        data["note_ids"] = list(self.note_ids)
        return data


@dataclass(frozen=True)
class TickerMove:
    """A ticker in a window: notes and mentions, its relevance-weighted score there and in
    the window before (None when it had no notes then), and the change."""

    symbol: str
    notes: int
    mentions: int
    score: float
    previous_score: float | None = None
    previous_notes: int = 0

    @property
    def change(self) -> float | None:
        """``score - previous_score``; None without an earlier score."""
        return None if self.previous_score is None else round(self.score - self.previous_score, 4)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict, the change included."""
        return {**asdict(self), "change": self.change}


@dataclass(frozen=True)
class TopTickers:
    """The answer of ``tickers-top``: the window (ISO times) and the three lists."""

    since: str
    until: str
    most_mentioned: tuple[TickerMove, ...] = ()
    most_improved: tuple[TickerMove, ...] = ()
    most_deteriorated: tuple[TickerMove, ...] = ()
    previous_since: str = ""

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "since": self.since,
            "until": self.until,
            "previous_since": self.previous_since,
            **{
                key: [m.to_dict() for m in getattr(self, key)]
                for key in ("most_mentioned", "most_improved", "most_deteriorated")
            },
        }


def weighted_score(rows: Sequence[TickerRow]) -> float:
    """The relevance-weighted mean score of ``rows`` (plain mean if no relevance; 0 if none)."""
    if not rows:
        return 0.0
    weight = sum(r.relevance for r in rows)
    if weight <= 0:
        return round(sum(r.score for r in rows) / len(rows), 4)
    return round(sum(r.score * r.relevance for r in rows) / weight, 4)


def periods(rows: Iterable[TickerRow], by: str = "day") -> list[Period]:
    """Group a ticker's rows by calendar ``by`` period, oldest first; empty periods left out."""
    groups: dict[date, list[TickerRow]] = defaultdict(list)
    for row in rows:
        groups[period_start(date.fromisoformat(row.date[:10]), by)].append(row)
    found = []
    for start in sorted(groups):
        group = groups[start]
        score = weighted_score(group)
        ranked = sorted(group, key=lambda r: (-r.relevance, r.date, r.note_id))
        found.append(
            Period(
                start=start,
                end=period_end(start, by),
                score=score,
                label=label_for(score),
                notes=len(group),
                mentions=sum(r.mentions for r in group),
                note_ids=tuple(r.note_id for r in ranked),
            )
        )
    return found


def moves(current: Iterable[tuple[str, TickerRow]], previous: Iterable[tuple[str, TickerRow]]):
    """One :class:`TickerMove` per symbol of ``current`` ((symbol, row) pairs), set against
    ``previous``."""
    now, before = _by_symbol(current), _by_symbol(previous)
    found = []
    for symbol, rows in now.items():
        earlier = before.get(symbol, [])
        found.append(
            TickerMove(
                symbol=symbol,
                notes=len(rows),
                mentions=sum(r.mentions for r in rows),
                score=weighted_score(rows),
                previous_score=weighted_score(earlier) if earlier else None,
                previous_notes=len(earlier),
            )
        )
    return found


def top_tickers(
    found: list[TickerMove], *, since: str, until: str, previous_since: str, limit: int = 10
) -> TopTickers:
    """Rank moves: most notes (then mentions), biggest rise, biggest fall (those with an
    earlier score; a rise must be above zero and a fall below)."""
    mentioned = sorted(found, key=lambda m: (-m.notes, -m.mentions, m.symbol))
    changed = [m for m in found if m.change is not None]
    improved = sorted((m for m in changed if m.change > 0), key=lambda m: (-m.change, m.symbol))
    worse = sorted((m for m in changed if m.change < 0), key=lambda m: (m.change, m.symbol))
    return TopTickers(
        since=since,
        until=until,
        previous_since=previous_since,
        most_mentioned=tuple(mentioned[:limit]),
        most_improved=tuple(improved[:limit]),
        most_deteriorated=tuple(worse[:limit]),
    )


def _by_symbol(pairs: Iterable[tuple[str, TickerRow]]) -> dict[str, list[TickerRow]]:
    grouped: dict[str, list[TickerRow]] = defaultdict(list)
    for symbol, row in pairs:
        grouped[symbol].append(row)
    return grouped


def resolve_symbol(symbol: str, stored: Sequence[str]) -> str:
    """The symbol to look up for what a user typed: upper-cased; one the library does not
    hold is looked up in the gazetteer (a renamed one gives its current symbol: FB -> META).
    InputError for a symbol neither knows."""
    from sentiment.errors import InputError

    wanted = symbol.strip().upper().lstrip("$")
    if wanted in stored:
        return wanted
    from sentiment.gazetteer import default_gazetteer

    gazetteer = default_gazetteer()
    current = gazetteer.current(wanted)
    if current in stored or current in gazetteer:
        return current
    raise InputError(f"unknown ticker {symbol!r}: not in the gazetteer nor in the library")
