"""Memory and time of ``sentiment score`` against document length -> reports/long_documents.md.

Generates deterministic prose of the requested sizes (MiB) by sampling and recombining the
sentences of the bundled example notes (figures rescaled, so sentences vary), runs
``sentiment score`` on each in a child process, and records the child's peak resident memory
(``os.wait4`` rusage) and wall time. Results accumulate in ``reports/long_documents.json``
(one row per size; a rerun of a size replaces its row), and the Markdown report is rebuilt
from all rows, so the slow sizes can run later on their own::

    python -m evaluation.measure_long_documents --sizes 1 2 5
    python -m evaluation.measure_long_documents --sizes 10 30     # later, in the background

Runs of different sizes may go side by side (each adds its rows to those on disk); each row
records the date and commit it measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "corpora" / "examples"
REPORT = ROOT / "reports" / "long_documents.md"
RAW = ROOT / "reports" / "long_documents.json"
MIB = 1024 * 1024
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z$])")
NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def example_sentences() -> list[str]:
    """The sentences of the bundled example notes, one line each (headings and bullets too)."""
    sentences = []
    for path in sorted(EXAMPLES.iterdir()):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            if "|" in block or block.lstrip().startswith(("#", "-")):
                continue  # tables, headings and bullets: prose only
            flat = " ".join(block.split())
            sentences += [s for s in SENTENCE_RE.split(flat) if len(s) > 20]
    return sentences


def _rescaled(sentence: str, rng: random.Random) -> str:
    """The sentence with its figures scaled by one random factor (keeps their format)."""
    factor = rng.choice((0.5, 0.8, 0.9, 1.1, 1.25, 1.5, 2.0))

    def scale(m: re.Match[str]) -> str:
        written = m.group().rstrip(",")
        decimals = len(written.partition(".")[2])
        grouped = "," if "," in written else ""
        value = float(written.replace(",", "")) * factor
        return f"{value:{grouped}.{decimals}f}" + m.group()[len(written) :]

    return NUMBER_RE.sub(scale, sentence)


def generate(size: int, seed: int = 23) -> str:
    """About ``size`` characters of prose: paragraphs of 3-6 recombined example sentences."""
    rng, pool = random.Random(seed), example_sentences()
    paragraphs, total = [], 0
    while total < size:
        paragraph = " ".join(_rescaled(rng.choice(pool), rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:size].rsplit(" ", 1)[0] + ".\n"


def repeated_share(text: str) -> float:
    """The share of the text's sentences that repeat an earlier one word for word (the
    Analyzer scores a repeated sentence once per document)."""
    sentences = SENTENCE_RE.split(" ".join(text.split()))
    return round(1 - len(set(sentences)) / len(sentences), 3)


def measure(path: Path, command: list[str]) -> dict[str, float]:
    """Run ``command path`` once; its wall and CPU time, peak RSS and exit status."""
    start = time.perf_counter()
    child = subprocess.Popen(
        [*command, str(path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return {
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # ru_maxrss is in KiB on Linux
        "exit": child.returncode,
    }


def load_rows() -> dict[str, dict[str, Any]]:
    return json.loads(RAW.read_text()) if RAW.exists() else {}


def render(rows: dict[str, dict[str, Any]]) -> str:
    """The Markdown report from every measured row."""
    base = rows.get("baseline")
    lines = [
        "# Long documents: memory and time against length",
        "",
        "Written by `python -m evaluation.measure_long_documents` (figures are measured, not",
        "estimated). Each row runs `sentiment score FILE` (text output) in a child process on",
        "generated prose (the example notes' sentences, sampled and recombined with rescaled",
        "figures); peak RSS is the child's `ru_maxrss`. `baseline` is the bundled 2 KB",
        "`corpora/examples/note.txt`: the model and pipeline alone. CPU seconds (user +",
        "system) are the steadier figure on a shared machine, where wall time waits for cores.",
        "A size missing from the table has not been measured yet (`--sizes` runs it).",
        "`measured` is the date and commit of the code a row ran (rows of different commits",
        "are not comparable when the code between them changed memory use).",
        "`repeated` is the share of the text's sentences that repeat an earlier one word for",
        "word: the generator recombines the example notes' few dozen sentences, so most",
        "repeat, and the Analyzer scores a sentence repeated in a document once; prose",
        "without repeats costs more model time per MiB (see docs/batch.md, long documents).",
        "`baseline` runs on the fast-starting fp32 ONNX model; a text over 20,000 characters",
        "loads the model of `--precision auto` (bf16 PyTorch on a CPU with native bf16), so",
        "the smallest long row (`0.1 MiB`, two chunks) is the long path's own baseline: the",
        "growth with length is a longer row's peak RSS less that one's.",
        "",
        "| text | repeated | wall s | CPU s | CPU s per MiB | peak RSS (MiB) "
        "| over baseline (MiB) | exit | measured |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, row in sorted(rows.items(), key=lambda kv: _order(kv[0])):
        per_mib = row["cpu_seconds"] / row["mib"] if row.get("mib") else None
        over = row["peak_rss_mib"] - base["peak_rss_mib"] if base and name != "baseline" else None
        repeated = row.get("repeated_sentences")
        lines.append(
            f"| {name} | {'' if repeated is None else f'{repeated:.0%}'} "
            f"| {row['seconds']:.1f} | {row['cpu_seconds']:.1f} "
            f"| {'' if per_mib is None else f'{per_mib:.1f}'} "
            f"| {row['peak_rss_mib']:.0f} | {'' if over is None else f'{over:+.0f}'} "
            f"| {row['exit']} | {_when(row)} |"
        )
    return "\n".join(lines) + "\n"


def _when(row: dict[str, Any]) -> str:
    """``2026-12-05 abc1234`` for a row that says when it ran (older rows do not)."""
    return " ".join(str(row[key]) for key in ("date", "commit") if row.get(key)) or "earlier"


def _commit() -> str:
    """The short commit of the code measured, with ``+`` when the package has changes."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    changed = git("status", "--porcelain", "--untracked-files=no", "--", "sentiment")
    return head + ("+" if changed else "")


def _order(name: str) -> float:
    return -1.0 if name == "baseline" else float(name.split()[0])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 5], help="MiB each")
    parser.add_argument(
        "--command",
        default=f"{shlex.quote(sys.executable)} -c 'from sentiment.cli import app; app()' score",
        help="the scoring command; the file's path is appended",
    )
    args = parser.parse_args(argv)
    command = shlex.split(args.command)
    when = {"date": time.strftime("%Y-%m-%d"), "commit": _commit()}
    rows = {"baseline": {**measure(EXAMPLES / "note.txt", command), "mib": 0, **when}}
    with tempfile.TemporaryDirectory() as tmp:
        for mib in args.sizes:
            path = Path(tmp) / f"long_{mib:g}.txt"
            text = generate(int(mib * MIB))
            path.write_text(text, encoding="utf-8")
            repeated = repeated_share(text)
            del text
            row = {**measure(path, command), "mib": mib, "repeated_sentences": repeated, **when}
            rows[f"{mib:g} MiB"] = row
            print(f"{mib:g} MiB: {row}", file=sys.stderr)
            save(rows)
    save(rows)


def save(measured: dict[str, dict[str, Any]]) -> None:
    """Add the rows measured to those on disk (re-read, so that runs of other sizes side by
    side keep theirs) and rewrite the report: after every size, a long run reports as it
    goes."""
    rows = {**load_rows(), **measured}
    RAW.write_text(json.dumps(rows, indent=1) + "\n")
    REPORT.write_text(render(rows) + f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs.\n")


if __name__ == "__main__":
    main()
