"""The note library's queries: stored notes, one note, a ticker's rows and history, the top
tickers. :class:`LibraryReading` is mixed into :class:`sentiment.desk.library.Library`, which
opens the file and writes it; import both from :mod:`sentiment.desk.library`."""

from __future__ import annotations

import json
import sqlite3
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sentiment.desk.history import Period, TickerRow, TopTickers, moves, periods, top_tickers
from sentiment.desk.periods import TimeLike, iso, parse_time, until_bound, utc_now
from sentiment.errors import LibraryError

_NOTE_COLUMNS = (
    "id, source, title, date, date_source, label, score, model, model_version, scored_at, "
    "added_at, content_sha256"
)
_TICKERS = (
    "SELECT group_concat(symbol, ' ') FROM (SELECT symbol FROM note_tickers"
    " WHERE note_id = notes.id ORDER BY relevance DESC, symbol)"
)


@dataclass(frozen=True)
class NoteRow:
    """A stored note without its full result: where from, when, its label and score, the
    model that scored it and its tickers (symbols, most relevant first)."""

    id: str
    source: str
    title: str | None
    date: str
    date_source: str
    label: str
    score: float
    model: str | None
    model_version: str | None
    scored_at: str
    added_at: str
    content_sha256: str = ""
    tickers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {**asdict(self), "tickers": list(self.tickers)}


@dataclass(frozen=True)
class StoredNote(NoteRow):
    """A stored note with its full result (``DocumentSentiment.to_dict()``)."""

    result: dict[str, Any] = field(default_factory=dict)


class LibraryReading:
    """The reading half of :class:`~sentiment.desk.library.Library`: it needs the library's
    ``path``, its open ``_connection`` and ``_guard(action)`` (SQLite errors as one line)."""

    path: Path
    _connection: sqlite3.Connection
    if TYPE_CHECKING:

        def _guard(self, action: str) -> AbstractContextManager[None]: ...

    def notes(
        self,
        *,
        ticker: str | None = None,
        label: str | None = None,
        since: TimeLike | None = None,
        until: TimeLike | None = None,
        text: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[NoteRow]:
        """Stored notes, newest first: those naming ``ticker``, of ``label``, dated from
        ``since`` (a time or a duration back from now: ``"90d"``) to before ``until``, whose
        title or text has every word of ``text``."""
        where, args = [], []
        if ticker:
            where.append("id IN (SELECT note_id FROM note_tickers WHERE symbol = ?)")
            args.append(ticker.upper())
        if label:
            where.append("label = ?")
            args.append(label)
        where, args = _time_bounds("date", since, until, where, args)
        if text and text.strip():
            where.append("id IN (SELECT note_id FROM note_search WHERE note_search MATCH ?)")
            args.append(_fts_query(text))
        sql = f"SELECT {_NOTE_COLUMNS}, ({_TICKERS}) FROM notes"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date DESC, id LIMIT ? OFFSET ?"
        with self._guard("read"):
            rows = self._connection.execute(sql, [*args, limit, offset]).fetchall()
        return [_note_row(row) for row in rows]

    def note(self, note_id: str) -> StoredNote:
        """One stored note with its full result; LibraryError if there is none."""
        with self._guard("read"):
            row = self._connection.execute(
                f"SELECT {_NOTE_COLUMNS}, ({_TICKERS}), result_json FROM notes WHERE id = ?",
                (note_id,),
            ).fetchone()
        if row is None:
            raise LibraryError(f"{self.path}: no note {note_id!r}")
        return StoredNote(**asdict(_note_row(row[:-1])), result=json.loads(row[-1]))

    def count(self) -> int:
        """How many notes are stored."""
        with self._guard("read"):
            return self._connection.execute("SELECT count(*) FROM notes").fetchone()[0]

    def symbols(self) -> list[str]:
        """Every ticker symbol of the stored notes, sorted."""
        with self._guard("read"):
            rows = self._connection.execute(
                "SELECT DISTINCT symbol FROM note_tickers ORDER BY symbol"
            )
            return [row[0] for row in rows]

    def ticker_rows(
        self, symbol: str, *, since: TimeLike | None = None, until: TimeLike | None = None
    ) -> list[TickerRow]:
        """One row per note naming ``symbol`` in the window, oldest first."""
        where, args = _time_bounds("t.date", since, until, ["t.symbol = ?"], [symbol.upper()])
        sql = (
            "SELECT t.note_id, t.date, t.label, t.score, t.relevance, t.mentions, n.title,"
            " n.source FROM note_tickers AS t JOIN notes AS n ON n.id = t.note_id"
            f" WHERE {' AND '.join(where)} ORDER BY t.date, t.note_id"
        )
        with self._guard("read"):
            return [TickerRow(*row) for row in self._connection.execute(sql, args)]

    def ticker_history(
        self,
        symbol: str,
        *,
        since: TimeLike | None = None,
        until: TimeLike | None = None,
        by: str = "day",
    ) -> list[Period]:
        """``symbol``'s relevance-weighted score per day, week or month, oldest first
        (periods without notes left out)."""
        return periods(self.ticker_rows(symbol, since=since, until=until), by)

    def tickers_top(
        self,
        *,
        since: TimeLike = "7d",
        limit: int = 10,
        until: TimeLike | None = None,
    ) -> TopTickers:
        """Most mentioned, most improved and most deteriorated tickers from ``since`` to
        ``until`` (default now; a date counts whole); changes are against the window of the
        same length just before."""
        end = until_bound(until) if until is not None else utc_now()
        start = parse_time(since, now=end)
        before = start - (end - start)
        sql = (
            "SELECT t.symbol, t.note_id, t.date, t.label, t.score, t.relevance, t.mentions"
            " FROM note_tickers AS t WHERE t.date >= ? AND t.date < ?"
        )
        with self._guard("read"):
            now = self._connection.execute(sql, (iso(start), iso(end))).fetchall()
            earlier = self._connection.execute(sql, (iso(before), iso(start))).fetchall()
        found = moves(
            ((r[0], TickerRow(*r[1:])) for r in now), ((r[0], TickerRow(*r[1:])) for r in earlier)
        )
        return top_tickers(
            found, since=iso(start), until=iso(end), previous_since=iso(before), limit=limit
        )


def _note_row(row: tuple) -> NoteRow:
    *fields_, tickers = row
    return NoteRow(*fields_, tickers=tuple(tickers.split()) if tickers else ())


def _time_bounds(
    column: str,
    since: TimeLike | None,
    until: TimeLike | None,
    where: list[str],
    args: list[Any],
) -> tuple[list[str], list[Any]]:
    """Add ``column >= since`` and ``column < until`` (a bare date as ``until`` counts its
    whole day) to the WHERE parts."""
    end = until_bound(until) if until is not None else None
    if since is not None:
        where.append(f"{column} >= ?")
        args.append(iso(parse_time(since, now=end)))
    if end is not None:
        where.append(f"{column} < ?")
        args.append(iso(end))
    return where, args


def _fts_query(text: str) -> str:
    """Every word of ``text`` as a quoted FTS5 term (so user text is never FTS syntax)."""
    return " ".join('"' + word.replace('"', '""') + '"' for word in text.split())
