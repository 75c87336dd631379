"""How the library's answers look: text tables with a sparkline, JSON and CSV, for
``sentiment history`` and ``sentiment tickers-top``. Plain functions of the result objects;
the chart is :mod:`sentiment.desk.plot`."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from sentiment.desk.history import Period, TickerMove, TickerRow, TopTickers

SPARKS = "▁▂▃▄▅▆▇█"
TITLE_CHARS = 60
HISTORY_COLUMNS = ("start", "end", "score", "label", "notes", "mentions", "note_ids")
TOP_COLUMNS = ("list", "rank", "symbol", "notes", "mentions", "score", "previous_score", "change")
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
            lines.append(f"    {row.score:+.2f}  {row.date[:10]}  {title}  [{note_id}]")
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
    """The three lists of ``tickers-top`` as text tables."""
    lines = [f"window {top.since[:10]} to {top.until[:10]}, set against {top.previous_since[:10]}"]
    for key, heading in TOP_LISTS:
        moves: Sequence[TickerMove] = getattr(top, key)
        lines += ["", heading]
        if not moves:
            lines.append("  (none)")
        for rank, move in enumerate(moves, 1):
            before = "   new" if move.previous_score is None else f"{move.previous_score:+6.2f}"
            change = "" if move.change is None else f"  change {move.change:+.2f}"
            lines.append(
                f"  {rank:>2}. {move.symbol:<8} {move.notes:>4} notes {move.mentions:>5} mentions"
                f"  score {move.score:+.2f} (before {before.strip()}){change}"
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


def _csv(columns: Sequence[str], rows: Any) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _cut(text: str, size: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= size else text[: size - 1] + "…"
