"""The research desk end to end (issue 19, "Done when"): one dated folder, one library.

1. Writes a dated folder of synthetic notes (``evaluation.make_notes``, dated over 2025).
2. Puts it into a new library as a user would, ``sentiment batch NOTES -o out.jsonl --db
   desk.db`` with the shipped model: notes/s into the library.
3. Every desk command answers from that library, each timed as a fresh process (median of
   3): ``history``, ``tickers-top``, ``portfolio`` (the sample holdings), ``alerts test`` and
   ``alerts run`` (the sample rules, with ``--portfolio``).
4. The same queries in one process, the median of repeated runs (the library's, portfolio's
   and alerts' own measuring functions), and how many alerts each rule fired.

Run from the repository root (``make reports/desk.md``)::

    python -m evaluation.measure_desk --count 1000 --out reports/desk.md

``--work DIR`` keeps the notes and the library there; run again with the same ``--work``,
the library filled earlier is reused (its batch figures were kept in ``DIR/batch.json``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from evaluation.make_notes import write_dated_corpus

ROOT = Path(__file__).resolve().parents[1]
START = date(2025, 1, 1)
DAYS = 365
SEED = 19


def fill_library(work: Path, count: int, pages: tuple[float, float]) -> dict:
    """Write ``count`` dated notes into ``work/notes`` and ``sentiment batch --db`` them into
    ``work/desk.db``; the batch's figures (also kept in ``work/batch.json``)."""
    kept = work / "batch.json"
    if kept.exists():
        return json.loads(kept.read_text(encoding="utf-8"))
    folder, db = work / "notes", work / "desk.db"
    write_dated_corpus(folder, count, SEED, START, DAYS, pages)
    command = [sys.executable, "-m", "sentiment.cli", "batch", str(folder)]
    command += ["-o", str(work / "out.jsonl"), "--db", str(db)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"batch failed ({done.returncode}):\n{done.stderr}")
    figures = {
        "notes": count,
        "pages": list(pages),
        "seconds": round(seconds, 1),
        "notes_per_second": round(count / seconds, 2),
        "summary": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
    }
    kept.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="notes in the library")
    parser.add_argument("--pages", type=float, nargs=2, default=(0.5, 1.0), help="min max")
    parser.add_argument("--work", type=Path, help="keep the notes and library here")
    parser.add_argument("--fill-only", action="store_true", help="stop after the batch")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "desk.md")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    batch = fill_library(args.work, args.count, tuple(args.pages))
    print(f"batch --db: {batch}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
