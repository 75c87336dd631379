"""How soon ``sentiment watch`` stores a note and fires its alert after the file is closed.

Issue 19, item 3: a note dropped into a watched folder must be in the library, and its
alert fired, within 5 seconds of the file being closed. This script starts a
:class:`~sentiment.desk.watch.Watcher` with the shipped model (loaded once, as the command
does) on a temporary folder and library, with an alert rule that fires on every note,
drops notes one at a time (written, then closed), and times, from the close, the note
being stored and its alert being fired and delivered (to a JSONL file); with native
events and with polling. It writes ``reports/watch.md``.

    python -m evaluation.measure_watch [--notes 20] [--pages 0.5] [--interval 1.0]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evaluation.make_notes import make_note
from sentiment.desk.library import Library
from sentiment.desk.watch import Watcher, checking_alerts

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "reports" / "watch.md"
TARGET_SECONDS = 5.0
NOTE_TIMEOUT = 60.0
# An alert on every note: a document score below +1 (every score but a perfect one).
RULES = """
[rules.every-note]
condition = "score_below"
on = "document"
threshold = 1.0
scope = "any"

[channels]
stdout = false
jsonl = "alerts.jsonl"
"""


class TimedAnalyzer:
    """The analyzer, with the seconds of each ``analyze`` call kept (the model's share)."""

    def __init__(self, analyzer: Any) -> None:
        self.analyzer = analyzer
        self.seconds: list[float] = []

    def analyze(self, text: str) -> Any:
        start = time.perf_counter()
        try:
            return self.analyzer.analyze(text)
        finally:
            self.seconds.append(time.perf_counter() - start)

    def __getattr__(self, name: str) -> Any:  # result_settings and the rest
        return getattr(self.analyzer, name)


@dataclass
class Run:
    """One mode's timings, in seconds from each file's close."""

    mode: str
    stored: list[float] = field(default_factory=list)
    alerted: list[float] = field(default_factory=list)
    scoring: list[float] = field(default_factory=list)
    alerts: int = 0
    notes: int = 0


def measure(analyzer: Any, texts: list[str], *, polling: bool, interval: float) -> Run:
    """Drop ``texts`` one at a time into a watched folder; time each from close."""
    timed = TimedAnalyzer(analyzer)
    with tempfile.TemporaryDirectory(prefix="measure-watch-") as tmp:
        folder, rules = Path(tmp) / "inbox", Path(tmp) / "alerts.toml"
        folder.mkdir()
        rules.write_text(RULES, encoding="utf-8")
        stored_at: dict[str, float] = {}
        alerted_at: dict[str, float] = {}
        arrived = threading.Condition()

        def log(line: str) -> None:
            if line.startswith("added "):
                with arrived:
                    stored_at[line.removeprefix("added ")] = time.monotonic()

        with Library(Path(tmp) / "library.db") as library:
            from sentiment.desk.alerts import AlertEngine, list_alerts, load_rules

            hand_on = checking_alerts(AlertEngine(library, load_rules(rules)))

            def on_added(note_ids: list[str]) -> None:
                hand_on(note_ids)  # checks the rules, stores and delivers what fires
                with arrived:
                    for note_id in note_ids:
                        alerted_at.setdefault(note_id.split("#", 1)[0], time.monotonic())
                    arrived.notify_all()

            watcher = Watcher(
                folder, library, timed, on_added=on_added, polling=polling, interval=interval,
                log=log,
            )  # fmt: skip
            watcher.start()
            watcher.ready.wait(NOTE_TIMEOUT)
            closed_at = {}
            for n, text in enumerate(texts):
                name = f"note-{n:03d}.md"
                with (folder / name).open("w", encoding="utf-8") as handle:
                    handle.write(text)
                closed_at[name] = time.monotonic()
                with arrived:
                    arrived.wait_for(lambda n=name: n in alerted_at, timeout=NOTE_TIMEOUT)
                time.sleep(0.2)
            watcher.stop()
            if watcher.error is not None:
                raise watcher.error
            fired = list_alerts(library)
        run = Run(watcher.mode, scoring=timed.seconds, notes=len(texts), alerts=len(fired))
        run.stored = [stored_at[n] - closed_at[n] for n in closed_at if n in stored_at]
        fired_notes = {a.note_id.split("#", 1)[0] for a in fired}
        run.alerted = [
            alerted_at[n] - closed_at[n] for n in closed_at if n in alerted_at and n in fired_notes
        ]
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notes", type=int, default=20, help="notes per mode")
    parser.add_argument("--pages", type=float, default=0.5, help="pages per note (450 words)")
    parser.add_argument("--interval", type=float, default=1.0, help="polling interval (s)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--output", type=Path, default=REPORT)
    args = parser.parse_args()
    load = f"{os.getloadavg()[0]:.1f}"
    from sentiment.api import Analyzer

    analyzer = Analyzer()
    analyzer.analyze("Apple (AAPL) rose 3% on strong iPhone sales.")  # load it all first
    rng = random.Random(args.seed)
    texts = [make_note(rng, args.pages) for _ in range(args.notes)]
    runs = [
        measure(analyzer, texts, polling=False, interval=args.interval),
        measure(analyzer, texts, polling=True, interval=args.interval),
    ]
    for run in runs:
        print(f"{run.mode:<8} stored {_stats(run.stored)}  alerted {_stats(run.alerted)}")
    words = statistics.median(len(t.split()) for t in texts)
    write_report(args.output, runs, args, load, int(words))


def _stats(values: list[float]) -> str:
    if not values:
        return "none"
    return f"median {statistics.median(values):.2f} s, max {max(values):.2f} s"


def write_report(
    path: Path, runs: list[Run], args: argparse.Namespace, load: str, words: int
) -> None:
    lines = [
        "# Watching a folder: from file close to note stored and alert fired",
        "",
        "Written by `python -m evaluation.measure_watch` (issue 19, item 3; target: within "
        f"{TARGET_SECONDS:g} s of the file being closed).",
        f"A `Watcher` with the shipped model (loaded once) watches an empty folder; {args.notes}",
        f"notes from `evaluation/make_notes.py` ({args.pages:g} page, median {words} words, seed",
        f"{args.seed}) are dropped one at a time, each written and closed after the one before",
        "was handled. An alert rule fires on every note (document score below +1) and is",
        "delivered to a JSONL file. Times are from the close to the note stored (committed)",
        "and to its alert fired and delivered; the model's own time per note is shown apart.",
        f"On {platform.processor() or platform.machine()} ({platform.system()}, "
        f"{os.cpu_count()} CPUs, load average {load} at the start), one process.",
        "",
        "| events | notes | stored: median | stored: max | alert: median | alert: max "
        "| alerts fired | model per note: median |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        mode = "native (inotify)" if run.mode == "native" else f"polling every {args.interval:g} s"
        lines.append(
            f"| {mode} | {len(run.stored)}/{run.notes} | {_seconds(run.stored, 'median')} "
            f"| {_seconds(run.stored, 'max')} | {_seconds(run.alerted, 'median')} "
            f"| {_seconds(run.alerted, 'max')} | {run.alerts} "
            f"| {_seconds(run.scoring, 'median')} |"
        )
    worst = max((max(r.alerted, default=float("inf")) for r in runs), default=float("inf"))
    verdict = "met" if worst <= TARGET_SECONDS else "not met"
    lines += [
        "",
        f"Target ({TARGET_SECONDS:g} s from close to alert, every note, both modes): "
        f"**{verdict}** (worst {worst:.2f} s).",
        "",
        "Native events: a note is taken when it is closed after writing (or renamed into",
        "the folder) and scored once it has been quiet for 0.5 s, so a file written in",
        "several goes is scored once. Polling scans every interval and waits for one scan",
        "without change (1.5 intervals), so its delay is about two intervals more. The rest",
        "is the model's time for the note, which grows with its length (reports/benchmark.md).",
        "",
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines), encoding="utf-8")


def _seconds(values: list[float], which: str) -> str:
    if not values:
        return "-"
    return f"{(statistics.median(values) if which == 'median' else max(values)):.2f} s"


if __name__ == "__main__":
    main()
