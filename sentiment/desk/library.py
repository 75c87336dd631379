"""The note library: scored notes in a SQLite file, with each note's tickers and date.

One file a user can open with any SQLite tool (WAL mode, foreign keys on). The schema is
the migrations of :mod:`sentiment.desk.schema`, applied on open. Adding the same bytes
again is a no-op; adding a changed file (same source, other bytes) replaces its note.
Every SQLite failure becomes a one-line :class:`~sentiment.errors.LibraryError`.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sentiment.desk import schema
from sentiment.desk.periods import TimeLike, iso, parse_time, utc_now
from sentiment.desk.reading import LibraryReading, NoteRow, StoredNote
from sentiment.errors import InputError, LibraryError
from sentiment.results import DocumentSentiment

__all__ = [
    "AddOutcome",
    "Library",
    "NoteRow",
    "StoredNote",
    "default_path",
    "describe_sqlite_error",
    "model_identity",
]

ENV_DB = "SENTIMENT_DB"
BUSY_SECONDS = 10.0
_WAL_RETRY_S = 0.05  # between looks while another process creates the same new library
DATE_SOURCES = ("metadata", "front-matter", "html-meta", "text", "added")


def default_path() -> Path:
    """``$SENTIMENT_DB``, else ``library.db`` in the user's data folder (platformdirs)."""
    if os.environ.get(ENV_DB):
        return Path(os.environ[ENV_DB])
    from platformdirs import user_data_dir

    return Path(user_data_dir("sentiment")) / "library.db"


@dataclass(frozen=True)
class AddOutcome:
    """What :meth:`Library.add` did: ``status`` is added, replaced or unchanged;
    ``replaced`` the ids of the notes it replaced."""

    status: str
    note_id: str
    replaced: tuple[str, ...] = ()


class Library(LibraryReading):
    """A note library in the SQLite file ``path`` (None: :func:`default_path`).

    Opening creates the file and its folder (unless ``create=False``: LibraryError when it is
    missing) and applies pending migrations. A database from a newer version opens for
    reading; writing to it raises LibraryError. Use as a context manager, or ``close()``.
    The queries (``notes``, ``note``, ``ticker_rows``, ``ticker_history``, ``tickers_top``,
    ...) are those of :class:`~sentiment.desk.reading.LibraryReading`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = True,
        timeout: float = BUSY_SECONDS,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.timeout = timeout
        self._models: dict[int, tuple[str | None, str | None]] = {}
        self._depth = 0
        if not create and not self.path.exists():
            raise LibraryError(
                f"{self.path}: no library here; fill one with 'sentiment add' or 'batch --db'"
            )
        self._connection = self._open()
        try:
            with self._guard("open"):
                self._migrate_when_free(time.monotonic() + timeout)
        except BaseException:
            self._connection.close()
            raise

    def _migrate_when_free(self, deadline: float) -> None:
        """Apply pending migrations; a brand-new file being set up by another process at the
        same moment can answer "locked" at once (no busy wait), so that is tried again."""
        while True:
            try:
                self.newer = schema.unknown_migrations(self._connection)
                if not self.newer:
                    schema.migrate(self._connection)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.05)

    # ----- connection ------------------------------------------------------------------
    @property
    def connection(self) -> sqlite3.Connection:
        """The open sqlite3 connection (autocommit; use ``BEGIN`` for transactions), for
        the desk's other modules and their own tables."""
        return self._connection

    def close(self) -> None:
        """Close the database (the library is unusable afterwards)."""
        self._connection.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _open(self) -> sqlite3.Connection:
        if self.path.is_dir():
            raise LibraryError(f"{self.path}: is a directory, not a library file")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"{self.path}: cannot create its folder ({exc.strerror})") from None
        with self._guard("open"):
            connection = sqlite3.connect(
                self.path, timeout=self.timeout, isolation_level=None, check_same_thread=False
            )
            try:
                connection.execute(f"PRAGMA busy_timeout = {int(self.timeout * 1000)}")
                self._use_wal(connection)
                connection.execute("PRAGMA foreign_keys = ON")
            except BaseException:
                connection.close()
                raise
        return connection

    def _use_wal(self, connection: sqlite3.Connection) -> None:
        """Switch the file to WAL (kept in the file once set). SQLite answers "locked" at once,
        without its busy wait, when another process is creating the same new library, so
        this looks again until :attr:`timeout` has passed."""
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                connection.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
                time.sleep(_WAL_RETRY_S)

    @contextmanager
    def _guard(self, action: str) -> Iterator[None]:
        """Turn SQLite errors into one-line LibraryErrors naming the file."""
        try:
            yield
        except sqlite3.Error as exc:
            raise LibraryError(describe_sqlite_error(self.path, action, exc, self.timeout)) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (``BEGIN IMMEDIATE``), rolled back on any error; LibraryError
        for a database from a newer version and for SQLite failures. Nested, it joins the
        outer one (so a chunk of notes is one commit)."""
        self.check_writable()
        if self._depth:  # inside an outer transaction: it commits or rolls back for us
            yield self._connection
            return
        with self._guard("write to"):
            self._connection.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._connection
                self._connection.execute("COMMIT")
            except BaseException:
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")
                raise
            finally:
                self._depth -= 1

    def check_writable(self) -> None:
        """LibraryError when this database was written by a newer version of sentiment."""
        if self.newer:
            raise LibraryError(
                f"{self.path}: made by a newer version of sentiment (schema {self.newer[-1]}); "
                "upgrade sentiment to write to it (reading still works)"
            )

    # ----- writing ----------------------------------------------------------------------
    def add(
        self,
        result: DocumentSentiment,
        *,
        doc_id: str,
        source: str,
        title: str | None,
        date: TimeLike | None,
        date_source: str,
        content_sha256: str,
        model: str | None,
        model_version: str | None,
        text: str | None = None,
        scored_at: TimeLike | None = None,
    ) -> AddOutcome:
        """Store one scored note. The same ``doc_id`` or the same bytes from the same source
        again: ``unchanged``. Other bytes from a source already stored: the old note is
        replaced. ``date`` None means now, with ``date_source`` ``added``. ``text`` (the
        note's text) feeds full-text search; without it, the result's sentences do."""
        if date_source not in DATE_SOURCES:
            raise InputError(f"date_source must be one of {', '.join(DATE_SOURCES)}")
        now = iso(utc_now())
        when = iso(parse_time(date)) if date is not None else now
        if date is None:
            date_source = "added"
        with self.transaction() as db:
            if self._stored(doc_id, source, content_sha256):
                return AddOutcome("unchanged", doc_id)
            old = tuple(
                row[0]
                for row in db.execute(
                    "SELECT id FROM notes WHERE source = ? OR id = ?", (source, doc_id)
                )
            )
            db.executemany("DELETE FROM notes WHERE id = ?", [(i,) for i in old])
            data = result.to_dict()
            db.execute(
                "INSERT INTO notes (id, source, title, date, date_source, content_sha256, label,"
                " score, result_json, model, model_version, scored_at, added_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    doc_id, source, title, when, date_source, content_sha256, result.label,
                    result.score, json.dumps(data, ensure_ascii=False), model, model_version,
                    iso(parse_time(scored_at)) if scored_at is not None else now, now,
                ),
            )  # fmt: skip
            db.executemany(
                "INSERT OR REPLACE INTO note_tickers"
                " (note_id, symbol, date, label, score, relevance, mentions)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (doc_id, t.ticker, when, t.label, t.score, t.relevance, t.mentions)
                    for t in result.tickers
                ],
            )
            body = text if text is not None else " ".join(s.text for s in result.sentences)
            db.execute(
                "INSERT INTO note_search (note_id, title, body) VALUES (?, ?, ?)",
                (doc_id, title or "", body),
            )
        return AddOutcome("replaced" if old else "added", doc_id, old)

    def add_file(
        self,
        path: str | os.PathLike[str],
        analyzer: Any,
        *,
        root: str | os.PathLike[str] | None = None,
        max_bytes: int | None = None,
    ) -> AddOutcome:
        """Read one file with the batch readers, and store its scores.

        The id is the batch ``doc_id`` (the path relative to ``root``, else the file name,
        ``#`` and a hash of the bytes). Bytes already stored are not scored again. The date
        comes from the file (:func:`sentiment.desk.dates.note_facts`). Raises InputError for
        a file that cannot be read, LibraryError when it cannot be stored.
        """
        from sentiment.desk.ingest import add_file

        return add_file(self, Path(path), analyzer, root=root, max_bytes=max_bytes)

    def stored(self, doc_id: str, source: str | None = None, sha256: str | None = None) -> bool:
        """Whether a note with this id, or with these bytes from this source, is stored."""
        with self._guard("read"):
            return self._stored(doc_id, source or "", sha256 or "")

    def model_identity(self, analyzer: Any) -> tuple[str | None, str | None]:
        """(model name, version) of ``analyzer``: its model folder's name and the first 12
        hex digits of its fingerprint (a classifier passed in: its class name and the
        package version)."""
        key = id(analyzer)
        if key not in self._models:
            self._models[key] = model_identity(analyzer)
        return self._models[key]

    def _stored(self, doc_id: str, source: str, sha: str) -> bool:
        return (
            self._connection.execute(
                "SELECT 1 FROM notes WHERE id = ? OR (source = ? AND content_sha256 = ?)",
                (doc_id, source, sha),
            ).fetchone()
            is not None
        )


def model_identity(analyzer: Any) -> tuple[str | None, str | None]:
    """(model name, version) from ``analyzer.result_settings()``; see
    :meth:`Library.model_identity`."""
    from sentiment import __version__

    describe = getattr(analyzer, "result_settings", None)
    if describe is None:
        return type(analyzer).__qualname__, __version__
    settings = describe()
    model = settings.get("model")
    fingerprint = settings.get("model_fingerprint")
    name = Path(model).name if model else None
    return name, fingerprint[:12] if fingerprint else __version__


def describe_sqlite_error(path: Path, action: str, exc: sqlite3.Error, timeout: float) -> str:
    """One line for a SQLite failure on the library at ``path``."""
    message = str(exc)
    lower = message.lower()
    if "not a database" in lower or "malformed" in lower or "corrupt" in lower:
        return f"{path}: not a sentiment library, or corrupt ({message}); nothing was changed"
    if "locked" in lower or "busy" in lower:
        return (
            f"{path}: the library is locked by another process (waited {timeout:g} s); "
            "try again when it is done"
        )
    if "disk is full" in lower or "disk full" in lower:
        return f"{path}: disk full; this note was not stored, the ones before it are intact"
    if "readonly" in lower or "read-only" in lower:
        return f"{path}: cannot {action} the library (read-only file or folder)"
    if "unable to open" in lower:
        return f"{path}: cannot open the library ({message})"
    return f"{path}: cannot {action} the library ({type(exc).__name__}: {message})"
