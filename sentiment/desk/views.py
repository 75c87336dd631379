"""How the library's answers look: text tables with a sparkline, JSON and CSV, for
``sentiment history``, ``sentiment tickers-top`` and ``sentiment portfolio``. Plain functions
of the result objects; the chart is :mod:`sentiment.desk.plot`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sentiment.aggregate import signed_text
from sentiment.desk.history import Period, TickerMove, TickerRow, TopTickers

if TYPE_CHECKING:
    from sentiment.desk.portfolio import PortfolioView

SPARKS = "▁▂▃▄▅▆▇█"
TITLE_CHARS = 60
HISTORY_COLUMNS = ("start", "end", "score", "label", "notes", "mentions", "note_ids")
TOP_COLUMNS = ("list", "rank", "symbol", "notes", "mentions", "score", "previous_score", "change")
PORTFOLIO_COLUMNS = (
    "section", "symbol", "start", "end", "weight", "score", "label", "coverage", "holdings",
    "notes", "previous_score", "change", "last_date", "last_score", "note_id", "title", "impact",
)  # fmt: skip
TOP_LISTS = (
    ("most_mentioned", "Most mentioned"),
    ("most_improved", "Most improved"),
    ("most_deteriorated", "Most deteriorated"),
)


def sparkline(scores: Sequence[float]) -> str:
    """One block character per score on the fixed scale -1 (▁) to +1 (█)."""
    top = len(SPARKS) - 1
    return "".join(SPARKS[round((max(-1.0, min(1.0, s)) + 1) / 2 * top)] for s in scores)


def history_text(
    symbol: str,
    periods: Sequence[Period],
    rows: Mapping[str, TickerRow],
    *,
    by: str,
    top: int = 3,
) -> str:
    """A ticker's history as a table: one line per period (score, label, notes), then its
    ``top`` most relevant notes, indented; a sparkline of the scores first."""
    if not periods:
        return f"{symbol}: no notes in this window"
    notes = sum(p.notes for p in periods)
    lines = [
        f"{symbol}: relevance-weighted sentiment by {by}, "
        f"{periods[0].start} to {periods[-1].end} ({len(periods)} periods, {notes} notes)",
        f"{sparkline([p.score for p in periods])}  (-1 ▁ .. █ +1)",
        "",
        f"{'period':<12} {'score':>6}  {'label':<8} {'notes':>5}",
    ]
    for period in periods:
        lines.append(
            f"{period.start.isoformat():<12} {period.score:>+6.2f}  {period.label:<8} "
            f"{period.notes:>5}"
        )
        for note_id in period.note_ids[:top]:
            row = rows[note_id]
            title = _cut(row.title or note_id, TITLE_CHARS)
            lines.append(f"    {signed_text(row.score)}  {row.date[:10]}  {title}  [{note_id}]")
        if len(period.note_ids) > top > 0:
            lines.append(f"    ... and {len(period.note_ids) - top} more")
    return "\n".join(lines)


def history_json(
    symbol: str,
    periods: Sequence[Period],
    rows: Mapping[str, TickerRow],
    *,
    by: str,
    since: str | None,
    until: str | None,
) -> dict[str, Any]:
    """A ticker's history as a JSON-able dict: each period with the notes behind it."""
    return {
        "ticker": symbol,
        "by": by,
        "since": since,
        "until": until,
        "periods": [
            {
                **p.to_dict(),
                "notes_behind": [
                    {
                        "id": i,
                        "title": rows[i].title,
                        "date": rows[i].date,
                        "score": rows[i].score,
                        "relevance": rows[i].relevance,
                    }
                    for i in p.note_ids
                ],
            }
            for p in periods
        ],
    }


def history_csv(periods: Sequence[Period]) -> str:
    """One CSV row per period; ``note_ids`` space-separated."""
    rows = ({**p.to_dict(), "note_ids": " ".join(p.note_ids)} for p in periods)
    return _csv(HISTORY_COLUMNS, rows)


def top_text(top: TopTickers) -> str:
    """The three lists of ``tickers-top`` as text tables (``before``: the score in the
    window of the same length before; ``new`` when the ticker had no notes then)."""
    since, until = datetime.fromisoformat(top.since), datetime.fromisoformat(top.until)
    last = (until - timedelta(seconds=1)).date()  # ``until`` is exclusive
    lines = [
        f"from {since.date()} to {last}, set against the {(until - since).days} days "
        f"from {top.previous_since[:10]}"
    ]
    for key, heading in TOP_LISTS:
        moves: Sequence[TickerMove] = getattr(top, key)
        lines += ["", heading]
        if not moves:
            lines.append("  (none)")
            continue
        lines.append(
            f"  {'#':>2}  {'ticker':<8} {'notes':>5} {'mentions':>8} {'score':>6} "
            f"{'before':>6} {'change':>6}"
        )
        for rank, move in enumerate(moves, 1):
            before = "new" if move.previous_score is None else signed_text(move.previous_score)
            change = "" if move.change is None else signed_text(move.change)
            lines.append(
                f"  {rank:>2}  {move.symbol:<8} {move.notes:>5} {move.mentions:>8} "
                f"{move.score:>+6.2f} {before:>6} {change:>6}".rstrip()
            )
    return "\n".join(lines)


def top_csv(top: TopTickers) -> str:
    """One CSV row per ticker of each list."""
    rows = (
        {"list": key, "rank": rank, **move.to_dict()}
        for key, _ in TOP_LISTS
        for rank, move in enumerate(getattr(top, key), 1)
    )
    return _csv(TOP_COLUMNS, rows)


def portfolio_text(view: PortfolioView) -> str:
    """The portfolio view as text: the score now and before, the weighted line per period,
    one line per holding (with its trend), those without coverage, and the movers."""
    lines = [
        f"portfolio {view.holdings_path}: {len(view.holdings)} holdings (weights from "
        f"{view.basis}), by {view.by} from {view.since[:10]} to {view.until[:10]}",
        f"now (notes from {view.window_since[:10]}): {_score(view.score)} {view.label or ''}, "
        f"coverage {view.coverage:.0%} of the weight ({view.covered} of "
        f"{len(view.holdings)} holdings)",
        f"before (from {view.previous_since[:10]}): {_score(view.previous_score)}, coverage "
        f"{view.previous_coverage:.0%}; change {_score(view.change)}",
        f"{view.trend}  (-1 ▁ .. █ +1, · no notes)",
        "",
        f"{'period':<12} {'score':>6}  {'label':<8} {'coverage':>8} {'holdings':>8} {'notes':>5}",
    ]
    for p in view.periods:
        lines.append(
            f"{p.start.isoformat():<12} {_score(p.score):>6}  {p.label or '-':<8} "
            f"{p.coverage:>8.0%} {p.holdings:>8} {p.notes:>5}"
        )
    lines += [
        "",
        f"{'holding':<10} {'weight':>6} {'score':>6}  {'label':<8} {'change':>6} {'notes':>5}"
        f"  {'last note':<17} trend",
    ]
    for h in view.holdings:
        last = f"{h.last_date[:10]} {signed_text(h.last_score)}" if h.last_date else "none"
        lines.append(
            f"{h.symbol:<10} {h.weight:>6.1%} {_score(h.score):>6}  {h.label or '-':<8} "
            f"{_score(h.change):>6} {h.notes:>5}  {last:<17} {h.trend}"
        )
    if view.uncovered:
        weights = {h.symbol: h.weight for h in view.holdings}
        missing = ", ".join(f"{s} ({weights[s]:.1%})" for s in view.uncovered)
        lines += ["", f"no coverage since {view.since[:10]}: {missing}"]
    lines += [
        "",
        f"notes that moved the portfolio most since {view.moved_since[:10]} "
        "(impact: weight x score x relevance)",
    ]
    if not view.movers:
        lines.append("  (none)")
    for m in view.movers:
        parts = ", ".join(f"{p.symbol} {p.impact:+.3f}" for p in m.parts)
        title = _cut(m.title or m.note_id, TITLE_CHARS)
        lines.append(f"  {m.impact:+.3f}  {m.date[:10]}  {title}  [{m.note_id}]  {parts}")
    return "\n".join(lines)


def portfolio_csv(view: PortfolioView) -> str:
    """One CSV row per item of each part (``section``: now, period, holding, mover)."""
    now = {
        "section": "now", "start": view.window_since, "end": view.until, "score": view.score,
        "label": view.label, "coverage": view.coverage, "holdings": view.covered,
        "previous_score": view.previous_score, "change": view.change,
    }  # fmt: skip
    periods = ({"section": "period", **p.to_dict()} for p in view.periods)
    holdings = (
        {
            "section": "holding",
            **h.to_dict(),
            "start": view.since,
            "end": view.until,
            "notes": h.notes,
            "note_id": h.last_note_id,
        }  # fmt: skip
        for h in view.holdings
    )
    movers = (
        {
            "section": "mover",
            "symbol": " ".join(p.symbol for p in m.parts),
            "start": m.date,
            "note_id": m.note_id,
            "title": m.title,
            "impact": m.impact,
        }  # fmt: skip
        for m in view.movers
    )
    return _csv(PORTFOLIO_COLUMNS, [now, *periods, *holdings, *movers])


def _score(score: float | None) -> str:
    return "-" if score is None else signed_text(score)


def _csv(columns: Sequence[str], rows: Any) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
