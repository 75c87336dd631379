"""The portfolio view: a holdings file set against the note library.

Every figure is built from each holding's rows in the library (:meth:`Library.ticker_rows`)
with the per-ticker rules of :mod:`sentiment.desk.history`: a holding's score over a span is
the relevance-weighted mean of its notes' scores for it. On top of that:

- **Now** is the window of ``window`` (default 30 days) ending at ``now``. A holding's score
  now is its score over that window; the portfolio's is the weighted mean of the holdings
  that have notes in it, the weights renormalised over them, and ``coverage`` is the share
  of the portfolio's weight they hold. The same over the window of the same length before
  gives ``previous_score`` and the ``change``.
- **Per period** (day, week or month from ``since``): the same weighted mean over the
  holdings with notes in that period, with its coverage; a period with none has no score.
- **Per holding**: its score and label now, the change against the window before, a
  sparkline of its periods (``·`` where it had no notes), its notes since ``since`` and its
  last note (date and score, however old). Holdings without notes since ``since`` are
  listed as without coverage.
- **Movers**: the notes of the last ``moved_since`` (default 7 days) that moved the
  portfolio most. A note's impact is the sum, over the holdings it names, of holding weight
  x the note's score for the ticker x its relevance there: what it pushes into the weighted
  line, before renormalising. Ranked by size; notes with no impact are left out.

From Python::

    from sentiment.desk.library import Library
    from sentiment.desk.portfolio import portfolio_view, read_holdings

    holdings = read_holdings("holdings.csv")
    with Library("desk.db", create=False) as library:
        view = portfolio_view(library, holdings, since="90d", by="week")
    view.score, view.coverage, view.to_dict()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sentiment.aggregate import label_for
from sentiment.desk.history import Period, TickerRow, periods, weighted_score
from sentiment.desk.holdings import Holding, Holdings, read_holdings
from sentiment.desk.periods import TimeLike, iso, parse_time, period_end, period_start, utc_now
from sentiment.desk.views import sparkline
from sentiment.errors import InputError, PortfolioError

if TYPE_CHECKING:
    from sentiment.desk.library import Library

__all__ = [
    "Holding",
    "Holdings",
    "Mover",
    "PortfolioError",
    "PortfolioView",
    "portfolio_view",
    "read_holdings",
]

NO_NOTES = "·"  # a period without notes, in a holding's trend


@dataclass(frozen=True)
class PortfolioPeriod:
    """The portfolio over one day, week or month: its weighted score (None without notes
    on any holding), label, the weight share of holdings with notes, how many of them, and
    how many notes."""

    start: date
    end: date
    score: float | None
    label: str | None
    coverage: float
    holdings: int
    notes: int

    def as_period(self) -> Period:
        """The period in the shape of a ticker's (for the history chart); needs a score."""
        return Period(self.start, self.end, self.score or 0.0, self.label or "", self.notes)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict (dates as ISO text)."""
        return {**asdict(self), "start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True)
class HoldingView:
    """One holding: weight, score and label now, the score in the window before and the
    change, notes now and since the start, its last note, and its trend per period."""

    symbol: str
    name: str
    weight: float
    score: float | None
    label: str | None
    window_notes: int
    previous_score: float | None
    change: float | None
    notes: int
    last_date: str | None
    last_score: float | None
    last_note_id: str | None
    trend: str
    period_scores: tuple[float | None, ...] = ()

    @property
    def covered(self) -> bool:
        """Whether it has notes since the start."""
        return self.notes > 0

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            **asdict(self),
            "weight": round(self.weight, 6),
            "covered": self.covered,
            "period_scores": list(self.period_scores),
        }


@dataclass(frozen=True)
class MoverPart:
    """A held ticker in a note: its weight, the note's score and relevance for it, and the
    product of the three."""

    symbol: str
    weight: float
    score: float
    relevance: float
    impact: float


@dataclass(frozen=True)
class Mover:
    """A recent note and how much it pushed the portfolio (sum of its parts' impacts)."""

    note_id: str
    date: str
    title: str | None
    source: str | None
    impact: float
    parts: tuple[MoverPart, ...]

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {**asdict(self), "parts": [asdict(p) for p in self.parts]}


@dataclass(frozen=True)
class PortfolioView:
    """The portfolio now, per period, per holding, and the notes that moved it. Times are
    ISO text: ``since`` to ``until`` the periods, ``window_since`` to ``until`` now,
    ``previous_since`` to ``window_since`` the window before, ``moved_since`` to ``until``
    the movers' window."""

    holdings_path: str
    basis: str
    by: str
    since: str
    until: str
    window_since: str
    previous_since: str
    moved_since: str
    score: float | None
    label: str | None
    coverage: float
    covered: int
    previous_score: float | None
    previous_coverage: float
    periods: tuple[PortfolioPeriod, ...]
    holdings: tuple[HoldingView, ...]
    movers: tuple[Mover, ...]

    @property
    def change(self) -> float | None:
        """``score - previous_score``; None without both."""
        if self.score is None or self.previous_score is None:
            return None
        return round(self.score - self.previous_score, 4)

    @property
    def uncovered(self) -> tuple[str, ...]:
        """The holdings without notes since ``since``, heaviest first."""
        missing = sorted((h for h in self.holdings if not h.covered), key=lambda h: -h.weight)
        return tuple(h.symbol for h in missing)

    @property
    def trend(self) -> str:
        """A sparkline of the periods' scores (``·`` for a period without a score)."""
        return _trend(p.score for p in self.periods)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "holdings_file": self.holdings_path,
            "basis": self.basis,
            "by": self.by,
            "since": self.since,
            "until": self.until,
            "now": {
                "since": self.window_since,
                "score": self.score,
                "label": self.label,
                "coverage": self.coverage,
                "covered": self.covered,
                "previous_since": self.previous_since,
                "previous_score": self.previous_score,
                "previous_coverage": self.previous_coverage,
                "change": self.change,
            },
            "trend": self.trend,
            "periods": [p.to_dict() for p in self.periods],
            "holdings": [h.to_dict() for h in self.holdings],
            "uncovered": list(self.uncovered),
            "movers_since": self.moved_since,
            "movers": [m.to_dict() for m in self.movers],
        }


def portfolio_view(
    library: Library,
    holdings: Holdings,
    *,
    since: TimeLike = "90d",
    by: str = "week",
    now: TimeLike | None = None,
    window: str = "30d",
    moved_since: str = "7d",
    movers: int = 10,
) -> PortfolioView:
    """The portfolio of ``holdings`` in ``library`` (see the module's docstring): periods
    ``by`` day, week or month from ``since`` (a duration back from ``now`` or a date) to
    ``now`` (a time, a date meaning its midnight; default: the current time); "now" is the
    last ``window``; the ``movers`` notes that moved it most in the last ``moved_since``.
    InputError for a bad time or period."""
    end = parse_time(now) if now is not None else utc_now()
    spans = _Spans.of(end, since, window, moved_since)
    starts = _period_starts(spans.start, end, by)
    rows = {
        h.symbol: library.ticker_rows(h.symbol, since=min(spans.start, spans.previous), until=end)
        for h in holdings
    }
    last = {h.symbol: _last_row(library, h.symbol, rows[h.symbol], end) for h in holdings}
    views = tuple(_holding(h, rows[h.symbol], last[h.symbol], starts, by, spans) for h in holdings)
    now_score, coverage = _weighted((h.weight, h.score) for h in views)
    previous_score, previous_coverage = _weighted((h.weight, h.previous_score) for h in views)
    return PortfolioView(
        holdings_path=holdings.path,
        basis=holdings.basis,
        by=by,
        since=iso(spans.start),
        until=iso(end),
        window_since=iso(spans.current),
        previous_since=iso(spans.previous),
        moved_since=iso(spans.moved),
        score=now_score,
        label=_label(now_score),
        coverage=coverage,
        covered=sum(h.score is not None for h in views),
        previous_score=previous_score,
        previous_coverage=previous_coverage,
        periods=_portfolio_periods(holdings, rows, starts, spans.start, by),
        holdings=views,
        movers=_movers(holdings, rows, spans.moved, movers),
    )


@dataclass(frozen=True)
class _Spans:
    """The starts of the view's spans, each running to the end: the periods', now's (the
    window before now starts at ``previous`` and ends at ``current``) and the movers'."""

    start: datetime
    current: datetime
    previous: datetime
    moved: datetime

    @classmethod
    def of(cls, end: datetime, since: TimeLike, window: str, moved_since: str) -> _Spans:
        start, current, moved = (parse_time(t, now=end) for t in (since, window, moved_since))
        for name, moment in (("since", start), ("window", current), ("movers' window", moved)):
            if moment >= end:
                raise InputError(f"the {name} must start before the end, {iso(end)}")
        return cls(start, current, current - (end - current), moved)


def _holding(
    holding: Holding,
    rows: Sequence[TickerRow],
    last: TickerRow | None,
    starts: Sequence[date],
    by: str,
    spans: _Spans,
) -> HoldingView:
    """One holding's figures from its rows (oldest first) since the earliest span."""
    in_range = _between(rows, spans.start)
    now_rows = _between(rows, spans.current)
    before = _between(rows, spans.previous, spans.current)
    by_start = {p.start: p.score for p in periods(in_range, by)}
    scores = tuple(by_start.get(s) for s in starts)
    score = weighted_score(now_rows) if now_rows else None
    previous = weighted_score(before) if before else None
    return HoldingView(
        symbol=holding.symbol,
        name=holding.name,
        weight=holding.weight,
        score=score,
        label=_label(score),
        window_notes=len(now_rows),
        previous_score=previous,
        change=None if score is None or previous is None else round(score - previous, 4),
        notes=len(in_range),
        last_date=last.date if last else None,
        last_score=last.score if last else None,
        last_note_id=last.note_id if last else None,
        trend=_trend(scores),
        period_scores=scores,
    )


def _last_row(
    library: Library, symbol: str, rows: Sequence[TickerRow], end: datetime
) -> TickerRow | None:
    """The latest row of ``symbol`` before ``end``: the last of ``rows``, else (none in the
    view's spans) asked of the library, however old."""
    if not rows:
        rows = library.ticker_rows(symbol, until=end)
    return rows[-1] if rows else None


def _label(score: float | None) -> str | None:
    return None if score is None else label_for(score)


def _portfolio_periods(
    holdings: Holdings,
    rows: Mapping[str, Sequence[TickerRow]],
    starts: Sequence[date],
    start: datetime,
    by: str,
) -> tuple[PortfolioPeriod, ...]:
    """The weighted line: per period, the holdings with notes in it, renormalised."""
    found: dict[date, list[tuple[float, Period]]] = {s: [] for s in starts}
    for holding in holdings:
        for period in periods(_between(rows[holding.symbol], start), by):
            found[period.start].append((holding.weight, period))
    line = []
    for first in starts:
        held = found[first]
        score, coverage = _weighted((weight, p.score) for weight, p in held)
        line.append(
            PortfolioPeriod(
                start=first,
                end=period_end(first, by),
                score=score,
                label=_label(score),
                coverage=coverage,
                holdings=len(held),
                notes=len({i for _, p in held for i in p.note_ids}),
            )
        )
    return tuple(line)


def _movers(
    holdings: Holdings, rows: Mapping[str, Sequence[TickerRow]], moved: datetime, limit: int
) -> tuple[Mover, ...]:
    """The notes since ``moved`` with the largest impact (weight x score x relevance summed
    over the holdings they name), largest first; notes with none left out."""
    parts: dict[str, list[MoverPart]] = {}
    notes: dict[str, TickerRow] = {}
    for holding in holdings:
        for row in _between(rows[holding.symbol], moved):
            impact = round(holding.weight * row.score * row.relevance, 6)
            part = MoverPart(
                holding.symbol, round(holding.weight, 6), row.score, row.relevance, impact
            )
            parts.setdefault(row.note_id, []).append(part)
            notes[row.note_id] = row
    found = [
        Mover(
            note_id=note_id,
            date=notes[note_id].date,
            title=notes[note_id].title,
            source=notes[note_id].source,
            impact=round(sum(p.impact for p in held), 6),
            parts=tuple(sorted(held, key=lambda p: (-abs(p.impact), p.symbol))),
        )
        for note_id, held in parts.items()
    ]
    found = [m for m in found if m.impact != 0]
    found.sort(key=lambda m: (-abs(m.impact), m.date, m.note_id))
    return tuple(found[:limit])


def _weighted(pairs: Iterable[tuple[float, float | None]]) -> tuple[float | None, float]:
    """(weighted mean of the scores that are there, their share of the weight); the mean is
    None when no weight has a score."""
    present = [(w, s) for w, s in pairs if s is not None]
    coverage = float(sum(w for w, _ in present))
    if coverage <= 0:
        return None, round(coverage, 6)
    return round(sum(w * s for w, s in present) / coverage, 4), round(coverage, 6)


def _between(
    rows: Sequence[TickerRow], start: datetime, end: datetime | None = None
) -> list[TickerRow]:
    """The rows dated from ``start`` to before ``end`` (ISO text compares as time)."""
    low, high = iso(start), iso(end) if end is not None else None
    return [r for r in rows if r.date >= low and (high is None or r.date < high)]


def _period_starts(start: datetime, end: datetime, by: str) -> list[date]:
    """The first day of every ``by`` period from the one holding ``start`` to the one
    holding the last second before ``end``."""
    first = period_start(start, by)
    last = period_start(end - timedelta(seconds=1), by)
    starts = []
    while first <= last:
        starts.append(first)
        first = period_end(first, by) + timedelta(days=1)
    return starts


def _trend(scores: Iterable[float | None]) -> str:
    """A sparkline with ``·`` for a missing score."""
    return "".join(NO_NOTES if s is None else sparkline([s]) for s in scores)
