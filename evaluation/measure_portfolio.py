"""Measure the portfolio view on a 1,000-note library (issue 19, item 5).

1. Writes a dated folder of synthetic notes (``evaluation.make_notes``: dates over 2025 in
   front matter, HTML meta, e-mail headers and datelines; 25 companies).
2. Puts it into a new library with the shipped model, as a user would:
   ``sentiment batch FOLDER -o out.jsonl --db desk.db`` (wall clock, one process).
3. Times, each the median of repeated runs in one process: ``read_holdings`` (the gazetteer
   loaded), and ``portfolio_view`` by day, week and month over 90 days and a year, for the
   sample holdings (``corpora/examples/holdings.csv``, 13 holdings), the 25 companies the
   notes name, and 200 holdings (those 25 and 175 the notes never name); then
   ``sentiment portfolio`` as a command (Python start-up and the gazetteer included).
4. Shows what the sample portfolio answers at the end of the year.

Run from the repository root (``make reports/portfolio.md``)::

    python -m evaluation.measure_portfolio --count 1000 --out reports/portfolio.md

``--library desk.db`` reuses a library filled earlier (step 2 is skipped and not reported);
``--work DIR`` keeps the notes and the library there.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from evaluation.bench.environment import code_version, cpu_model
from evaluation.make_notes import COMPANIES, write_dated_corpus
from evaluation.measure_library import median_seconds
from sentiment.desk.library import Library
from sentiment.desk.portfolio import portfolio_view, read_holdings
from sentiment.wordlists import resource_path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "examples" / "holdings.csv"
START = date(2025, 1, 1)
DAYS = 365
UNTIL = "2025-12-31T23:59:59+00:00"  # the end of the notes' year
REPEATS = 20
CLI_RUNS = 3


def fill_library(folder: Path, db: Path, count: int, pages: tuple[float, float]) -> float:
    """Write ``count`` dated notes into ``folder`` and ``sentiment batch`` them into ``db``;
    the batch's wall-clock seconds."""
    write_dated_corpus(folder, count, 19, START, DAYS, pages)
    command = [sys.executable, "-m", "sentiment.cli", "batch", str(folder)]
    command += ["-o", str(db.with_suffix(".jsonl")), "--db", str(db)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({done.returncode}):\n{done.stderr}")
    print(done.stderr.strip().splitlines()[-1], file=sys.stderr)
    return seconds


def holdings_files(folder: Path) -> dict[str, Path]:
    """The holdings measured: the sample, the 25 companies of the notes, and 200 holdings
    (the 25 and the first 175 other US stocks of the gazetteer)."""
    named = [c.symbol for c in COMPANIES]
    folder.mkdir(parents=True, exist_ok=True)
    notes = folder / "companies.csv"
    notes.write_text("ticker,weight\n" + "".join(f"{s},1\n" for s in named))
    others = []
    with gzip.open(resource_path("symbols.tsv.gz"), "rt", encoding="utf-8") as rows:
        for line in rows:
            cells = line.split("\t")
            if len(cells) > 5 and cells[2] in ("NYSE", "NASDAQ") and cells[0].isalpha():
                if cells[0] not in named and cells[5] == "1":
                    others.append(cells[0])
            if len(others) == 175:
                break
    wide = folder / "wide.csv"
    wide.write_text("ticker,weight\n" + "".join(f"{s},1\n" for s in named + others))
    return {"sample (13)": SAMPLE, "the notes' 25": notes, "200 (175 never named)": wide}


def time_queries(db: Path, files: dict[str, Path], repeats: int) -> list[tuple]:
    """(holdings, since, by, median seconds, holdings covered) for each query."""
    rows = []
    with Library(db, create=False) as library:
        for name, path in files.items():
            holdings = read_holdings(path)
            for since in ("90d", "1y"):
                for by in ("day", "week", "month"):

                    def query(h=holdings, s=since, b=by):
                        return portfolio_view(library, h, since=s, by=b, now=UNTIL)

                    seconds = median_seconds(query, repeats)
                    covered = sum(h.covered for h in query().holdings)
                    rows.append((name, since, by, seconds, f"{covered} of {len(holdings)}"))
                    print(
                        f"{name:<24} {since:>4} {by:<6} {seconds * 1000:8.1f} ms", file=sys.stderr
                    )
    return rows


def time_command(db: Path, runs: int) -> tuple[float, str]:
    """Median wall-clock seconds of ``sentiment portfolio`` on the sample, and its output."""
    sample = str(SAMPLE.relative_to(ROOT))
    command = [sys.executable, "-m", "sentiment.cli", "portfolio", sample, "--db", str(db)]
    command += ["--until", "2025-12-31", "--by", "month", "--since", "6m", "--movers", "5"]
    times, output = [], ""
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - started)
        output = done.stdout
    return statistics.median(times), output


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="notes in the library")
    parser.add_argument("--pages", type=float, nargs=2, default=(1.0, 3.0), help="min max")
    parser.add_argument("--library", type=Path, help="reuse this library (no batch run)")
    parser.add_argument(
        "--work", type=Path, help="keep the notes and library here (default: a temp dir)"
    )
    parser.add_argument("--repeats", type=int, default=REPEATS)
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "portfolio.md")
    args = parser.parse_args()
    load = f"{os.getloadavg()[0]:.1f}"
    with tempfile.TemporaryDirectory(prefix="portfolio-") as scratch:
        work = args.work or Path(scratch)
        db, batch = args.library, None
        if db is None:
            db = work / "desk.db"
            batch = fill_library(work / "notes", db, args.count, tuple(args.pages))
        files = holdings_files(work / "holdings")
        started = time.perf_counter()
        read_holdings(SAMPLE)  # loads the gazetteer
        first_read = time.perf_counter() - started
        reading = {
            name: median_seconds(lambda p=path: read_holdings(p), args.repeats)
            for name, path in files.items()
        }
        queries = time_queries(db, files, args.repeats)
        command, answer = time_command(db, CLI_RUNS)
        with Library(db, create=False) as library:
            facts = (library.count(), len(library.symbols()))
    report = render(args, load, facts, batch, first_read, reading, queries, command, answer)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


def render(args, load, facts, batch, first_read, reading, queries, command, answer) -> str:
    """The report's Markdown."""
    notes, symbols = facts
    lines = [
        "# Portfolio view: query times on a 1,000-note library",
        "",
        "Written by `python -m evaluation.measure_portfolio` (`make reports/portfolio.md`),",
        f"code {code_version()}, on {cpu_model()} ({os.cpu_count()} CPUs, load average {load}",
        "at the start, shared with other work), one process. What the figures mean:",
        "[docs/desk.md](../docs/desk.md#portfolio).",
        "",
        f"The library: {notes} notes naming {symbols} tickers, dated over 2025 (synthetic notes",
        f"of {args.pages[0]:g}-{args.pages[1]:g} pages from `evaluation/make_notes.py --dated`).",
    ]
    if batch is not None:
        lines += [
            "Filled with `sentiment batch NOTES -o out.jsonl --db desk.db` and the shipped model:",
            f"{batch:.0f} s wall clock ({notes / batch:.1f} notes/s, scoring included).",
        ]
    else:
        lines.append(f"A library filled earlier was reused ({args.library}).")
    lines += [
        "",
        f"## Queries (median of {args.repeats} runs after a warm-up)",
        "",
        f"`read_holdings`: {first_read:.2f} s the first time in a process (loading the",
        "gazetteer), then "
        + ", ".join(f"{name} {sec * 1000:.1f} ms" for name, sec in reading.items())
        + ".",
        "",
        "`portfolio_view(library, holdings, since=..., by=..., now=end of 2025)`:",
        "",
        "| holdings | since | by | ms | holdings with notes |",
        "|---|---|---|---:|---:|",
    ]
    lines += [f"| {n} | {s} | {b} | {sec * 1000:.1f} | {c} |" for n, s, b, sec, c in queries]
    lines += [
        "",
        "The view asks the library for each holding's rows once (`Library.ticker_rows`, on the",
        "index of symbol and date) and a holding with none in the spans once more, for its last",
        "note; the rest is arithmetic in Python. Its cost grows with the holdings and their",
        "notes, and hardly with the period.",
        "",
        f"## The command (median of {CLI_RUNS} fresh processes)",
        "",
        f"`sentiment portfolio corpora/examples/holdings.csv --db desk.db --until 2025-12-31"
        f" --by month --since 6m --movers 5`: {command:.2f} s wall clock, Python start-up and",
        "the gazetteer included. It answers:",
        "",
        "```text",
        answer.rstrip(),
        "```",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
