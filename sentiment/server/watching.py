"""``sentiment serve --watch DIR``: the desk's folder watcher in the server's process.

The :class:`~sentiment.desk.watch.Watcher` runs in a thread of its own, with a library
connection of its own. It scores with the server's one model through :class:`PooledAnalyzer`:
each call runs on the scoring pool's worker thread, so the model is only ever used from that
thread (the watcher's notes wait their turn behind the pages' requests, and theirs behind
it). With ``--alerts`` each note it stores is checked against the rules (the portfolio's
symbols from ``--portfolio``) and what fires is stored, delivered to the rules' channels and
shown on the Alerts page. The watcher stops, finishing the note it is on, as the server stops.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import CancelledError
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sentiment.errors import ModelError
from sentiment.server.app import Extension

if TYPE_CHECKING:  # pragma: no cover
    from starlette.applications import Starlette

    from sentiment.desk.watch import Watcher
    from sentiment.results import DocumentSentiment
    from sentiment.server.app import Desk

T = TypeVar("T")
log = logging.getLogger("sentiment.server")
STOP_SECONDS = 20.0
"""How long the server waits, as it stops, for the watcher to finish the note it is on."""


class PooledAnalyzer:
    """The server's analyzer for a thread other than the pool's: each call is a job on the
    scoring pool's worker (outside the queue's count) and waits for its result."""

    def __init__(self, desk: Desk) -> None:
        self._desk = desk

    def analyze(self, text: str, **kwargs: Any) -> DocumentSentiment:
        """``Analyzer.analyze`` on the pool's worker."""
        return self._on_pool(_analyze, text, kwargs)

    def result_settings(self) -> dict[str, Any]:
        """``Analyzer.result_settings`` (the model's name and fingerprint for the library)."""
        return self._on_pool(_result_settings)

    def _on_pool(self, job: Callable[..., T], *args: Any) -> T:
        """``job(desk, *args)`` on the pool's worker. A pool that has stopped is a ModelError,
        which ends the watcher (the note it was on is not stored, nor recorded as failed:
        the next start scores it)."""
        try:
            return self._desk.pool.submit(job, self._desk, *args).result()
        except (CancelledError, RuntimeError) as exc:
            if isinstance(exc, RuntimeError) and "shutdown" not in str(exc):
                raise
            raise ModelError(
                "the server is stopping; the note is left for the next start"
            ) from None


def _analyze(desk: Desk, text: str, kwargs: dict[str, Any]) -> DocumentSentiment:
    return desk.analyzer().analyze(text, **kwargs)


def _result_settings(desk: Desk) -> dict[str, Any]:
    return desk.analyzer().result_settings()


def watch_extension(
    folder: Path,
    db: Path | None,
    *,
    rules: Path | None = None,
    holdings: Path | None = None,
    polling: bool = False,
    interval: float = 1.0,
    say: Callable[[str], None] | None = None,
) -> Extension:
    """The watcher of ``folder`` scoring into the library ``db`` as the server runs; with
    ``rules``, new notes are checked against them (``holdings``: the portfolio's symbols).
    ``say`` receives a line per event worth telling (default: the server's log, at info).
    It has no pages: the Library, Alerts and Portfolio pages show what it stores."""
    running: dict[str, Watcher] = {}
    say = say or log.info

    def start(app: Starlette) -> None:
        desk = app.state.desk
        watcher = make_watcher(desk, folder, db, rules, holdings, polling, interval, say)
        running["watcher"] = watcher
        app.state.watcher = watcher
        watcher.start()

    def stop(app: Starlette) -> None:
        watcher = running.pop("watcher", None)
        if watcher is None:
            return
        watcher.stop(STOP_SECONDS)
        watcher.library.close()
        if watcher.error is not None:
            say(f"warning: the watcher stopped: {watcher.error}")

    def health() -> dict[str, object]:
        watcher = running.get("watcher")
        if watcher is None:
            return {"ok": False, "folder": str(folder), "running": False, "error": "not started"}
        error = None if watcher.error is None else str(watcher.error)
        return {"ok": watcher.running, "folder": str(folder), "running": watcher.running,
                "error": error}  # fmt: skip

    return Extension(name="watch", start=start, stop=stop, health=health)


def make_watcher(
    desk: Desk,
    folder: Path,
    db: Path | None,
    rules: Path | None,
    holdings: Path | None,
    polling: bool,
    interval: float,
    say: Callable[[str], None],
) -> Watcher:
    """A watcher of ``folder`` with a library connection of its own, scoring on the pool,
    checking ``rules`` (if any) as it stores each note."""
    from sentiment.desk.library import Library
    from sentiment.desk.watch import Watcher, checking_alerts

    library = Library(db)
    on_added = None
    if rules is not None:
        on_added = checking_alerts(alert_engine(library, rules, holdings), say)
    return Watcher(
        folder,
        library,
        PooledAnalyzer(desk),
        on_added=on_added,
        polling=polling,
        interval=interval,
        log=say,
    )


def alert_engine(library: Any, rules: Path, holdings: Path | None) -> Any:
    """The engine of the rules file ``rules``, with the symbols of ``holdings`` (if any)."""
    from sentiment.desk.alerts import AlertEngine, load_rules

    symbols = holding_symbols(holdings)
    return AlertEngine(library, load_rules(rules), symbols)


def holding_symbols(holdings: Path | None) -> frozenset[str] | None:
    """The symbols of the holdings file ``holdings`` (None without one)."""
    if holdings is None:
        return None
    from sentiment.desk.holdings import read_holdings

    return read_holdings(holdings).symbols
