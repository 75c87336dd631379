"""Watching a folder: each note that lands in it, new or changed, scored into the library.

A watchdog observer hears of files; the thread that calls :meth:`Watcher.run` reads and
scores them (so the model and the library are used from one thread). The native observer
on Linux (inotify) reports a file when it is closed after writing, or moved in by an
atomic rename. With ``polling=True`` (network drives, where no events arrive), where the
native observer cannot start (the inotify watch limit) and on systems without close
events, files are reported when created or modified; either way a file is scored once it
has been quiet for ``quiet`` seconds, so one written in several goes is scored once.

Files are chosen by the batch walk's rules (:func:`sentiment.batch.walk.is_note_path`:
formats, hidden and temporary files) and added with :meth:`Library.add_file`: the same
bytes again are a no-op, a changed file replaces its note, and a note half-scored when the
watcher stops is simply not stored. A file that cannot be read or scored is recorded in
the library's ``watch_failures`` table (:func:`failures`) and not tried again until its
bytes change; the watcher goes on. On start, :meth:`Watcher.catch_up` adds whatever
arrived or changed while it was down.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sentiment.batch.scoring import FATAL_ERRORS, describe, special_kind
from sentiment.batch.walk import DEFAULT_INCLUDE, is_note_path, iter_note_paths
from sentiment.desk.ingest import source_of
from sentiment.desk.library import Library, describe_sqlite_error
from sentiment.desk.periods import iso, utc_now
from sentiment.desk.watch_events import (
    FolderEvents,
    check_folder,
    folder_identity,
    has_close_events,
    listening,
)
from sentiment.errors import InputError, LibraryError
from sentiment.readers import DEFAULT_MAX_BYTES, read_bytes

__all__ = [
    "WatchFailure",
    "Watcher",
    "check_folder",
    "checking_alerts",
    "failures",
    "is_locked",
]

QUIET_SECONDS = 0.5
"""How long a file must go without a new event before it is scored (native events)."""
TICK_SECONDS = 0.1
"""How often the watcher looks for files that have gone quiet and for its folder."""
RETRY_SECONDS = 2.0
"""How long a file waits, on top of ``quiet``, when the library was locked."""
CATCH_UP_BATCH = 64
"""Ids of notes stored before handed to ``on_added`` at a time during catch-up."""

OnAdded = Callable[[list[str]], None]
Log = Callable[[str], None]


@dataclass(frozen=True)
class WatchFailure:
    """A file a watcher could not read or score: its path, the SHA-256 of its bytes
    (empty when it could not be read), why, and when (ISO-8601 UTC)."""

    path: str
    content_sha256: str
    error: str
    failed_at: str

    def to_dict(self) -> dict[str, str]:
        """A plain, JSON-able dict."""
        return asdict(self)


def failures(library: Library, *, limit: int | None = None) -> list[WatchFailure]:
    """The files watchers could not read or score, most recent first."""
    sql = "SELECT path, content_sha256, error, failed_at FROM watch_failures"
    sql += " ORDER BY failed_at DESC, path" + (f" LIMIT {int(limit)}" if limit else "")
    return [WatchFailure(*row) for row in _read(library, sql, ())]


class Watcher:
    """Scores every note that lands in ``folder`` (recursively) into ``library``.

    ``analyzer`` scores (loaded once, by the caller). ``on_added`` receives the id of each
    note stored or replaced, as it is stored; at start it also receives every note of the
    folder already stored, so that what a killed watcher stored but had not handed on is
    handed on now: it must be idempotent, as ``AlertEngine.check`` is. ``polling`` uses
    watchdog's polling observer, scanning every ``interval`` seconds. A file is scored
    once it has had no event for ``quiet`` seconds (polling: 1.5 intervals at least).
    ``include`` and ``exclude`` are globs, as for ``sentiment batch``. ``log`` receives
    one line per event worth telling (the CLI prints them). Give the watcher a library
    of its own: it writes from the thread that runs it.
    """

    def __init__(
        self,
        folder: str | os.PathLike[str],
        library: Library,
        analyzer: Any,
        *,
        on_added: OnAdded | None = None,
        polling: bool = False,
        interval: float = 1.0,
        quiet: float = QUIET_SECONDS,
        include: Sequence[str] = DEFAULT_INCLUDE,
        exclude: Sequence[str] = (),
        log: Log | None = None,
    ) -> None:
        self.folder = Path(folder).resolve()
        self.library = library
        self.analyzer = analyzer
        self.on_added = on_added
        self.polling = polling
        self.interval = interval
        self.quiet = quiet
        self.include, self.exclude = tuple(include), tuple(exclude)
        self.log = log
        self.counts: Counter[str] = Counter()
        self.mode = ""  # "native" or "polling", once running
        self.ready = threading.Event()  # set once the observer runs and catch-up is done
        self.error: BaseException | None = None  # what ended a start()ed watcher
        self._pending: dict[Path, float] = {}  # path -> time of its last event
        # notes stored and not yet handed on: a stop can come between the two
        self._unhanded: list[str] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        check_folder(self.folder)

    # ----- running ------------------------------------------------------------------------
    def run(self, stop_event: threading.Event) -> None:
        """Watch until ``stop_event`` is set: catch up, then score each file as it lands.

        Raises WatchError when the folder goes away (the notes stored so far stay),
        LibraryError when the library cannot be written (a library locked by another
        process is waited for: the file is tried again), and lets KeyboardInterrupt
        through (the note being scored is not stored; the next start scores it).
        """
        identity = folder_identity(self.folder)
        try:
            observer = self._start_observer()
        except OSError:  # the folder went away before it could be watched
            check_folder(self.folder, identity)
            raise
        try:
            try:
                self.catch_up(stop_event)
            except OSError:  # the folder went away while it was being read
                check_folder(self.folder, identity, listening=listening(observer))
                raise
            self.ready.set()
            while not stop_event.wait(TICK_SECONDS):
                # the observer stops when the folder is deleted, even if one is made again
                check_folder(self.folder, identity, listening=listening(observer))
                self._take(self._due(), stop_event)
        finally:
            observer.stop()
            observer.join(timeout=5)

    def start(self) -> None:
        """Run in a background thread; :meth:`stop` ends it. The thread's error, if one
        ended it, is kept in ``error``."""
        self._stop.clear()
        self._thread = threading.Thread(target=self._run_kept, name="sentiment-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float | None = 30.0) -> None:
        """Stop a :meth:`start`-ed watcher and wait for it (the note being scored is
        finished first)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def running(self) -> bool:
        """Whether a :meth:`start`-ed watcher's thread is still watching."""
        return self._thread is not None and self._thread.is_alive()

    def _run_kept(self) -> None:
        try:
            self.run(self._stop)
        except BaseException as exc:  # noqa: BLE001 - kept for the owner of the thread
            self.error = exc
            self.ready.set()  # whoever waits for it should not wait forever

    # ----- catching up --------------------------------------------------------------------
    def catch_up(self, stop_event: threading.Event | None = None) -> Counter[str]:
        """Add every note of the folder that is new or changed since it was last seen; the
        counts of this pass by outcome (added, replaced, unchanged, failed, skipped)."""
        before = self.counts.copy()
        held: list[str] = []
        for path in iter_note_paths(self.folder, self.include, self.exclude):
            if stop_event is not None and stop_event.is_set():
                break
            status, note_id = self._add_or_wait(path)
            if status in ("added", "replaced"):
                self._hand_on([note_id])
            elif note_id is not None:  # stored before: handed on again, see on_added
                held.append(note_id)
            if len(held) >= CATCH_UP_BATCH:
                self._hand_on(held)
                held = []
        self._hand_on(held)
        return self.counts - before

    # ----- hearing of files ---------------------------------------------------------------
    def heard(self, path: str | os.PathLike[str], *, closed: bool = True) -> None:
        """A file (or a folder: every note in it) may have landed or changed: score it once
        it has been quiet for a while. ``closed`` False (a write in progress) only puts off
        a path already waiting. Called from the observer's thread."""
        path = Path(os.fsdecode(path))
        if not path.is_relative_to(self.folder):
            return  # moved out of the folder
        if not path.is_dir() and not is_note_path(self.folder, path, self.include, self.exclude):
            return
        with self._lock:
            if closed or path in self._pending:
                self._pending[path] = time.monotonic()

    def _due(self) -> list[Path]:
        """The heard paths quiet for long enough, taken off the waiting list."""
        quiet = max(self.quiet, 1.5 * self.interval) if self.mode == "polling" else self.quiet
        now = time.monotonic()
        with self._lock:
            due = sorted(p for p, at in self._pending.items() if now - at >= quiet)
            for path in due:
                del self._pending[path]
        return due

    def _take(self, paths: Iterable[Path], stop_event: threading.Event) -> None:
        """Add the due paths (folders: every note in them), handing each new note on as it
        is stored; when stopped, after the note being scored (the rest wait for the next
        start)."""
        for path in paths:
            files = iter_note_paths(path, self.include, self.exclude) if path.is_dir() else [path]
            for file in files:
                if stop_event.is_set():
                    break
                if not is_note_path(self.folder, file, self.include, self.exclude):
                    continue  # in a hidden or excluded folder
                status, note_id = self._add_or_wait(file)
                if status in ("added", "replaced"):
                    self._hand_on([note_id])

    def _add_or_wait(self, path: Path) -> tuple[str, str | None]:
        """:meth:`_add`; when the library is locked by another process past its wait (a
        long ``sentiment add``), the file goes back on the waiting list, to try again."""
        try:
            return self._add(path)
        except LibraryError as exc:
            if not is_locked(exc):
                raise
        self._say(f"library busy (locked by another process); {path.name} waits")
        with self._lock:
            self._pending[path] = time.monotonic() + RETRY_SECONDS
        return "waiting", None

    # ----- adding one file ----------------------------------------------------------------
    def _add(self, path: Path) -> tuple[str, str | None]:
        """Add one file: what happened (added, replaced, unchanged, failed, skipped: a known
        failure, gone) and its note id. Bad files are recorded, never raised."""
        rel = path.relative_to(self.folder).as_posix()
        kind = special_kind(path)  # a FIFO would block the read
        if kind is not None:
            return self._failed(path, "", f"not a regular file ({kind})", rel)
        if not path.is_file():
            return "gone", None  # renamed on or deleted again
        try:
            sha = hashlib.sha256(read_bytes(path, max_bytes=DEFAULT_MAX_BYTES)).hexdigest()
        except InputError as exc:
            return ("gone", None) if not path.exists() else self._failed(path, "", str(exc), rel)
        if self._failed_before(path, sha):
            self.counts["skipped"] += 1
            return "skipped", None
        self._forget_failures(path)  # other bytes now: recorded again if they fail too
        try:
            outcome = self.library.add_file(path, self.analyzer, root=self.folder)
        except (LibraryError, *FATAL_ERRORS):
            raise
        except Exception as exc:  # noqa: BLE001 - one bad file is recorded, the watch goes on
            if not path.exists():
                return "gone", None
            return self._failed(path, sha, describe(exc), rel)
        self.counts[outcome.status] += 1
        if outcome.status != "unchanged":
            self._say(f"{outcome.status} {rel}")
            if self.on_added is not None:
                self._unhanded.append(outcome.note_id)
        return outcome.status, outcome.note_id

    def _failed(self, path: Path, sha: str, error: str, rel: str) -> tuple[str, None]:
        error = error.removeprefix(f"{path}: ")  # the readers' messages name the file
        with self.library.transaction() as db:
            db.execute(
                "INSERT OR REPLACE INTO watch_failures (path, content_sha256, error, failed_at)"
                " VALUES (?, ?, ?, ?)",
                (source_of(path), sha, error, iso(utc_now())),
            )
        self.counts["failed"] += 1
        self._say(f"failed {rel}: {error}")
        return "failed", None

    def _failed_before(self, path: Path, sha: str) -> bool:
        sql = "SELECT 1 FROM watch_failures WHERE path = ? AND content_sha256 = ?"
        return bool(_read(self.library, sql, (source_of(path), sha)))

    def _forget_failures(self, path: Path) -> None:
        if not _read(
            self.library, "SELECT 1 FROM watch_failures WHERE path = ?", (source_of(path),)
        ):
            return  # the common case: no write
        with self.library.transaction() as db:
            db.execute("DELETE FROM watch_failures WHERE path = ?", (source_of(path),))

    def _hand_on(self, note_ids: list[str]) -> None:
        if note_ids and self.on_added is not None:
            self.on_added(list(dict.fromkeys(note_ids)))
            self._unhanded = [i for i in self._unhanded if i not in note_ids]

    def hand_on_stored(self) -> None:
        """Hand on the notes stored but not handed on yet: a stop (Ctrl-C, SIGTERM) that came
        right after a note was stored, before its alerts were checked. Handing a note on again
        fires nothing twice (see :func:`checking_alerts`)."""
        self._hand_on(list(self._unhanded))

    def _say(self, line: str) -> None:
        if self.log is not None:
            self.log(line)

    # ----- the observer -------------------------------------------------------------------
    def _start_observer(self) -> Any:
        """Start the native observer, or the polling one (asked for, or as the fallback)."""
        from watchdog.observers import Observer
        from watchdog.observers.polling import PollingObserver

        if not self.polling:
            observer = Observer()
            try:
                events = FolderEvents(self, closes=has_close_events(observer))
                observer.schedule(events, self.folder, recursive=True)
                observer.start()
            except OSError as exc:  # e.g. the inotify watch or instance limit reached
                self._say(f"native events unavailable ({exc.strerror or exc}); polling instead")
            else:
                self.mode = "native"
                self._say(f"watching {self.folder} (native events)")
                return observer
        observer = PollingObserver(timeout=self.interval)
        observer.schedule(FolderEvents(self, closes=False), self.folder, recursive=True)
        observer.start()
        self.mode = "polling"
        self._say(f"watching {self.folder} (polling every {self.interval:g} s)")
        return observer


def checking_alerts(engine: Any, log: Log | None = None) -> OnAdded:
    """An ``on_added`` that checks the new notes against ``engine``'s rules (an
    :class:`sentiment.desk.alerts.AlertEngine`) and delivers what fires. The engine fires
    a (rule, trigger) once, so notes handed on again after a restart fire nothing new.
    A delivery that fails is kept in the outbox and tried again at the next call."""

    def on_added(note_ids: list[str]) -> None:
        fired = engine.check(note_ids)
        report = engine.deliver()  # also retries what failed before
        if log is None:
            return
        if fired:
            log(f"{len(fired)} alert{'s' if len(fired) != 1 else ''} fired")
        for alert_id, channel, error in report.failed:
            log(
                f"warning: alert #{alert_id} not delivered to {channel}: {error}; kept, and "
                "tried again with the next note"
            )

    return on_added


def _read(library: Library, sql: str, args: tuple) -> list[tuple]:
    """Rows of a query on the library; LibraryError (one line) when SQLite fails."""
    try:
        return library.connection.execute(sql, args).fetchall()
    except sqlite3.Error as exc:
        raise LibraryError(
            describe_sqlite_error(library.path, "read", exc, library.timeout)
        ) from exc


def is_locked(error: LibraryError) -> bool:
    """Whether ``error`` is the library being locked by another process (worth a retry)."""
    cause = error.__cause__
    text = str(cause).lower()
    return isinstance(cause, sqlite3.OperationalError) and ("locked" in text or "busy" in text)
