"""Time per KB of prose, a cashtag list and a table-like text, with the real model.

Issue 23 ("pathological input"): 109 KB of cashtags took 120 s against 13 s for prose of the
same size. This script writes ``reports/pathological.md``: for each kind of text and a few
sizes, the median of three timed ``Analyzer.analyze`` calls (the model and pipeline loaded
beforehand), the seconds per KB and the share of tickers that come out neutral.

    python -m evaluation.measure_pathological [--sizes 10 50 110] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gzip
import os
import platform
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from sentiment.api import Analyzer
from sentiment.wordlists import resource_path

ROOT = Path(__file__).resolve().parents[1]
PROSE_SOURCE = ROOT / "corpora" / "examples" / "note.txt"
REPORT = ROOT / "reports" / "pathological.md"


def symbols(count: int = 3000) -> list[str]:
    """Plain letter symbols of the shipped gazetteer (the first ``count``)."""
    with gzip.open(resource_path("symbols.tsv.gz"), "rt", encoding="utf-8") as rows:
        found = [line.split("\t", 1)[0] for line in rows if not line.startswith(("#", "symbol"))]
    return [s for s in found if s.isalpha() and 2 <= len(s) <= 4][:count]


def prose(size: int, _: list[str]) -> str:
    """The example note repeated to ``size`` characters (whole paragraphs)."""
    note = PROSE_SOURCE.read_text(encoding="utf-8").strip() + "\n\n"
    return (note * (size // len(note) + 1))[:size].rsplit("\n\n", 1)[0] + "\n"


def cashtags(size: int, names: list[str]) -> str:
    """A bare list: ``$AAPL $MSFT ...`` on one line, as pasted from a screener."""
    rng, parts, length = random.Random(23), [], 0
    while length < size:
        parts.append("$" + rng.choice(names))
        length += len(parts[-1]) + 1
    return " ".join(parts) + "\n"


def table(size: int, names: list[str]) -> str:
    """A markdown table: symbol, price, change, multiple and a rating word per row."""
    rng, rows, length = random.Random(23), ["| Ticker | Price | Chg | P/E | Rating |"], 0
    ratings = ("Buy", "Hold", "Sell", "Outperform", "Underweight")
    while length < size:
        rows.append(
            f"| {rng.choice(names)} | {rng.uniform(5, 900):.2f} | {rng.uniform(-9, 9):+.1f}% "
            f"| {rng.uniform(5, 60):.1f}x | {rng.choice(ratings)} |"
        )
        length += len(rows[-1]) + 1
    return "\n".join(rows) + "\n"


KINDS: dict[str, Callable[[int, list[str]], str]] = {
    "prose": prose,
    "cashtag list": cashtags,
    "table": table,
}


def measure(analyzer: Analyzer, text: str, repeats: int) -> tuple[float, float]:
    """Median seconds of ``repeats`` analyses, and the share of tickers that are neutral."""
    seconds, neutral = [], 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        result = analyzer.analyze(text)
        seconds.append(time.perf_counter() - start)
        labels = [t.label for t in result.tickers]
        neutral = labels.count("neutral") / len(labels) if labels else 1.0
    return statistics.median(seconds), neutral


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 50, 110], help="KB")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--output", type=Path, default=REPORT)
    args = parser.parse_args()
    load = f"{os.getloadavg()[0]:.1f}"
    analyzer = Analyzer()
    analyzer.analyze("Apple (AAPL) rose 3% on strong iPhone sales.")  # load both first
    names = symbols()
    rows = []
    for kind, make in KINDS.items():
        for kb in args.sizes:
            text = make(kb * 1000, names)
            seconds, neutral = measure(analyzer, text, args.repeats)
            size_kb = len(text.encode("utf-8")) / 1000
            rows.append((kind, size_kb, seconds, seconds / size_kb, neutral))
            print(f"{kind:<13} {size_kb:7.1f} KB  {seconds:7.2f} s  {seconds / size_kb:.3f} s/KB")
    write_report(args.output, rows, args.repeats, load)


def write_report(
    path: Path, rows: list[tuple[str, float, float, float, float]], repeats: int, load: str
) -> None:
    lines = [
        "# Cost against content: prose, symbol lists and tables",
        "",
        "Written by `python -m evaluation.measure_pathological` (issue 23, pathological input).",
        f"`Analyzer.analyze` with the shipped model, median of {repeats} runs after a warm-up,",
        f"on {platform.processor() or platform.machine()} ({platform.system()}, "
        f"{os.cpu_count()} CPUs, load average {load} at the start), one process.",
        "The cashtag list is one line of `$SYM` from the gazetteer; the table is a markdown",
        "table with a symbol, three figures and a rating word per row; prose is",
        "`corpora/examples/note.txt` repeated.",
        "",
        "| text | size (KB) | seconds | seconds per KB | tickers neutral |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {kind} | {kb:.1f} | {sec:.2f} | {per:.4f} | {neutral:.0%} |"
        for kind, kb, sec, per, neutral in rows
    ]
    lines += [
        "",
        "A bare list (tickers, numbers and punctuation, no other word: `sentiment/bare_lists.py`)",
        "is neutral by rule and the model is not run on it, so every ticker of the cashtag list",
        "is neutral. A run-on sentence over 128 word tokens is cut by the segmenter, a markdown",
        "table row is a sentence of its own, and toward a ticker a long sentence is read in the",
        "windows that mention it, so the target pass grows with the text, not its square.",
        "A table reads more model tokens per byte than prose (figures break into many word",
        "pieces, and each row is read twice: plainly and toward its ticker).",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
