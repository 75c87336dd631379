"""Measure the research desk's note library: notes per second into it and query times.

1. Writes a dated folder of synthetic notes (``evaluation.make_notes``, dates over a year in
   front matter, HTML meta, e-mail headers and datelines).
2. Scores it with ``run_batch`` and the shipped model into a new library (what
   ``sentiment batch FOLDER -o out.jsonl --db lib.db`` does): notes/s end to end, and the
   share of that time spent storing.
3. Stores the same, already scored results into a second, empty library, without the model
   (``LibrarySink.store``: read the file's date and title, write the rows), and with bare
   ``Library.add`` calls: notes/s.
4. Times queries on the full library, each the median of repeated runs: one ticker's year of
   history by day, week and month, ``tickers-top`` over 7 and 30 days, ``notes(ticker=)``
   and a full-text ``notes(text=)``; and ``sentiment history`` as a command (Python start-up
   included).

Run from the repository root (``make reports/library.md``)::

    python -m evaluation.measure_library --count 1000 --out reports/library.md
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from evaluation.make_notes import write_dated_corpus
from sentiment import Analyzer
from sentiment.batch import run_batch
from sentiment.desk.ingest import LibrarySink
from sentiment.desk.library import Library

START = date(2025, 1, 1)
DAYS = 365
REPEATS = 30


class TimedSink(LibrarySink):
    """A LibrarySink that times its stores and keeps every chunk for the model-free rerun."""

    def __init__(self, library: Library, analyzer: Any) -> None:
        super().__init__(library, analyzer)
        self.seconds = 0.0
        self.chunks: list[tuple[Path, list[Any]]] = []

    def store(self, root: Path, items: list[Any]) -> None:
        started = time.perf_counter()
        super().store(root, items)
        self.seconds += time.perf_counter() - started
        self.chunks.append((root, items))


def median_seconds(call: Callable[[], Any], repeats: int = REPEATS) -> float:
    """The median wall time of ``repeats`` calls (one warm-up call first)."""
    call()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def score_into_library(folder: Path, db: Path, workers: int) -> tuple[dict[str, Any], TimedSink]:
    """``run_batch`` with the model into a new library; figures and the sink."""
    analyzer = Analyzer()
    with Library(db) as library:
        sink = TimedSink(library, analyzer)
        started = time.perf_counter()
        summary = run_batch(analyzer, folder, db.with_suffix(".jsonl"), workers=workers, sink=sink)
        seconds = time.perf_counter() - started
        figures = {
            "notes": summary.total,
            "scored": summary.scored,
            "failed": summary.failed,
            "stored": library.count(),
            "seconds": round(seconds, 1),
            "notes_per_second": round(summary.total / seconds, 2),
            "store_seconds": round(sink.seconds, 2),
            "store_share": round(sink.seconds / seconds, 4),
            "workers": workers,
        }
    figures["db_mb"] = round(db.stat().st_size / 2**20, 2)  # closed: the WAL is checkpointed
    return figures, sink


def store_without_model(sink: TimedSink, db: Path) -> dict[str, Any]:
    """The scored chunks again into an empty library: with dates read (the sink), and as
    bare ``Library.add`` calls."""
    with Library(db) as library:
        replay = LibrarySink(library, sink.analyzer)
        started = time.perf_counter()
        for root, items in sink.chunks:
            replay.store(root, items)
        with_files = time.perf_counter() - started
        notes = library.notes(limit=100_000)
    bare_db = db.with_name("bare.db")
    results = {i.doc_id: i.result for _, items in sink.chunks for i in items if i.result}
    with Library(bare_db) as library:
        started = time.perf_counter()
        with library.transaction():
            for note in notes:
                library.add(
                    results[note.id],
                    doc_id=note.id,
                    source=note.source,
                    title=note.title,
                    date=note.date,
                    date_source=note.date_source,
                    content_sha256=note.content_sha256,
                    model=note.model,
                    model_version=note.model_version,
                )
        bare = time.perf_counter() - started
    return {
        "notes": len(notes),
        "sink_seconds": round(with_files, 3),
        "sink_notes_per_second": round(len(notes) / with_files, 1),
        "add_seconds": round(bare, 3),
        "add_notes_per_second": round(len(notes) / bare, 1),
    }


def query_times(db: Path) -> dict[str, Any]:
    """Median times (ms) of the library's queries on its busiest ticker."""
    since, until = START.isoformat(), (START + timedelta(days=DAYS - 1)).isoformat()
    with Library(db) as library:
        symbol = max(library.symbols(), key=lambda s: len(library.ticker_rows(s)))
        rows = len(library.ticker_rows(symbol, since=since, until=until))
        timings = {
            f"ticker_history by {by}": median_seconds(
                lambda by=by: library.ticker_history(symbol, since=since, until=until, by=by)
            )
            for by in ("day", "week", "month")
        }
        timings["ticker_rows"] = median_seconds(
            lambda: library.ticker_rows(symbol, since=since, until=until)
        )
        for days in (7, 30):
            timings[f"tickers_top {days}d"] = median_seconds(
                lambda days=days: library.tickers_top(since=f"{days}d", until=until)
            )
        timings["notes(ticker=, limit=100)"] = median_seconds(lambda: library.notes(ticker=symbol))
        timings["notes(text='guidance')"] = median_seconds(lambda: library.notes(text="guidance"))
        symbols = len(library.symbols())
    command = [sys.executable, "-m", "sentiment.cli", "history", symbol, "--db", str(db)]
    command += ["--since", since, "--until", until, "--by", "week"]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    cli_seconds = time.perf_counter() - started
    return {
        "ticker": symbol,
        "ticker_notes_in_year": rows,
        "symbols": symbols,
        "median_ms": {k: round(v * 1000, 3) for k, v in timings.items()},
        "repeats": REPEATS,
        "cli_history_seconds": round(cli_seconds, 2),
    }


def render(figures: dict[str, Any]) -> str:
    """The report as Markdown."""
    batch, replay, queries, setup = (
        figures["batch"],
        figures["store_without_model"],
        figures["queries"],
        figures["setup"],
    )
    lines = [
        "# The note library: notes per second in, query times out",
        "",
        "Made by `make reports/library.md` (`python -m evaluation.measure_library`).",
        f"Machine: {setup['machine']}, {setup['cpus']} CPUs (shared with other work while",
        "this ran, so the model's figures are a floor, not a ceiling); Python "
        f"{setup['python']}, SQLite {setup['sqlite']}.",
        "",
        f"Corpus: {batch['notes']} dated synthetic notes (`make_notes --dated`, seed "
        f"{setup['seed']}), {setup['pages']} pages each (fewer than the 1-3 of the benchmark,",
        "so that the run fits in minutes on two cores), dated over 2025 in front matter,",
        "HTML meta, e-mail headers and datelines.",
        "",
        "## Into the library",
        "",
        "| what | notes | seconds | notes/s |",
        "|---|---:|---:|---:|",
        f"| `batch --db` with the model ({batch['workers']} worker) | {batch['notes']} | "
        f"{batch['seconds']} | {batch['notes_per_second']} |",
        f"| of which storing (dates, titles, rows) | {batch['stored']} | "
        f"{batch['store_seconds']} | {_rate(batch['stored'], batch['store_seconds'])} |",
        f"| the same results, no model: `LibrarySink.store` | {replay['notes']} | "
        f"{replay['sink_seconds']} | {replay['sink_notes_per_second']} |",
        f"| the same, bare `Library.add` (one transaction) | {replay['notes']} | "
        f"{replay['add_seconds']} | {replay['add_notes_per_second']} |",
        "",
        f"Storing is {batch['store_share']:.1%} of the `batch --db` time: the model is the cost. "
        f"The library file is {batch['db_mb']} MB for {batch['stored']} notes (full results "
        "with evidence, and the full-text index).",
        "",
        "## Queries",
        "",
        f"On the busiest ticker, {queries['ticker']} ({queries['ticker_notes_in_year']} notes in "
        f"the year; {queries['symbols']} tickers in the library); median of "
        f"{queries['repeats']} runs after a warm-up.",
        "",
        "| query | median ms |",
        "|---|---:|",
        *(f"| `{name}` | {ms} |" for name, ms in queries["median_ms"].items()),
        "",
        f"`sentiment history {queries['ticker']} --by week` for the year, as a command: "
        f"{queries['cli_history_seconds']} s, nearly all of it Python start-up and imports.",
        "",
    ]
    return "\n".join(lines)


def _rate(count: int, seconds: float) -> float:
    return round(count / seconds, 1) if seconds > 0 else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--min-pages", type=float, default=0.5)
    parser.add_argument("--max-pages", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("reports/library.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="measure-library-") as tmp:
        folder, db = Path(tmp) / "notes", Path(tmp) / "library.db"
        write_dated_corpus(
            folder, args.count, args.seed, START, DAYS, (args.min_pages, args.max_pages)
        )
        batch, sink = score_into_library(folder, db, args.workers)
        print(f"batch --db: {batch}", file=sys.stderr)
        replay = store_without_model(sink, Path(tmp) / "replay.db")
        print(f"no model: {replay}", file=sys.stderr)
        queries = query_times(db)
        print(f"queries: {queries}", file=sys.stderr)
    import sqlite3

    figures = {
        "setup": {
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "seed": args.seed,
            "pages": f"{args.min_pages:g}-{args.max_pages:g}",
        },
        "batch": batch,
        "store_without_model": replay,
        "queries": queries,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(figures), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
