"""How long the alert rules take over a 1,000-note library.

By default the library is made up: 1,000 notes over a year, each naming one to three of 40
tickers with scores drifting per ticker, and a guidance claim (cut or raised) in about one
note in twenty-five; results are stored through ``Library.add``, as ``batch --db`` stores them,
so no model is needed. ``--db PATH`` measures an existing library instead (e.g. one filled by
``sentiment batch FOLDER -o out.jsonl --db PATH`` from ``evaluation.make_notes --dated``).

Timed, each the median of ``--repeats`` runs on a fresh copy of the library:

- ``dry run``: ``AlertEngine.dry_run()`` over every note (``sentiment alerts test``);
- ``first run``: ``check_new()``, every note unchecked, then ``deliver()`` to a JSONL file
  (``sentiment alerts run`` on a library filled by ``batch --db``);
- ``again``: the same once more (nothing new: what a cron job pays when nothing came in);
- ``one note``: ``check([id])`` + ``deliver()`` for each of 50 notes added afterwards, as a
  watcher does (median per note).

    python -m evaluation.measure_alerts --out reports/alerts.md
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sentiment.desk.alerts import AlertEngine, JsonlChannel, load_rules
from sentiment.desk.library import Library
from sentiment.results import Claim, DocumentSentiment, SentenceSentiment, TickerSentiment

RULES = Path("corpora/examples/alerts.toml")
# The sample rules name AAPL and four banks; the rest are made-up symbols.
SYMBOLS = ["AAPL", "JPM", "BAC", "WFC", "C"] + [f"T{i:02d}" for i in range(5, 40)]
START = datetime(2025, 1, 1, tzinfo=timezone.utc)


def made_up_result(rng: random.Random, drift: dict[str, float]) -> DocumentSentiment:
    """A note's result: 1-3 tickers, scores around each ticker's drifting mood."""
    tickers = []
    for symbol in rng.sample(SYMBOLS, rng.randint(1, 3)):
        drift[symbol] = max(-0.8, min(0.8, drift[symbol] + rng.gauss(0, 0.15)))
        score = max(-1.0, min(1.0, drift[symbol] + rng.gauss(0, 0.3)))
        sentence = SentenceSentiment(f"{symbol} moved.", 0, 10, "neutral", round(score, 3))
        tickers.append(
            TickerSentiment(
                symbol, "neutral", round(score, 3), 2, rng.random(), evidence=(sentence,)
            )
        )
    claims = ()
    if rng.random() < 0.04:
        way = rng.choice(["down", "up"])
        text = f"{tickers[0].ticker} {'cut' if way == 'down' else 'raised'} its guidance."
        owner = (tickers[0].ticker,)
        claims = (Claim(text, 0, len(text), "guidance", None, None, True, owner, (), None, way),)
    mean = sum(t.score for t in tickers) / len(tickers)
    return DocumentSentiment("neutral", round(mean, 3), tickers=tuple(tickers), claims=claims)


def fill(path: Path, count: int, seed: int) -> list[str]:
    """A made-up library of ``count`` notes over a year; the note ids, oldest first."""
    rng = random.Random(seed)
    drift = dict.fromkeys(SYMBOLS, 0.0)
    ids = []
    with Library(path) as library, library.transaction():
        for i in range(count):
            when = START + timedelta(minutes=int(i * 365 * 24 * 60 / count))
            note_id = f"note_{i:05d}.md#{i:012x}"
            library.add(
                made_up_result(rng, drift), doc_id=note_id, source=f"/notes/{note_id}",
                title=f"note {i}", date=when, date_source="front-matter",
                content_sha256=f"{i:064x}", model="made-up", model_version="1",
            )  # fmt: skip
            ids.append(note_id)
    return ids


def measure(
    source: Path,
    rules_path: Path,
    repeats: int,
    seed: int,
    portfolio_symbols: frozenset[str] | None = None,
) -> dict:
    """Median seconds of each step and the alerts fired per rule (``portfolio_symbols``: the
    holdings of ``scope = "portfolio"`` rules)."""
    rules = load_rules(rules_path)
    times: dict[str, list[float]] = {"dry": [], "first": [], "deliver": [], "again": [], "one": []}
    fired: Counter[str] = Counter()
    notes = 0
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "lib.db"
            shutil.copy(source, db)
            channel = JsonlChannel(Path(folder) / "alerts.jsonl")
            with Library(db) as library:
                notes = library.count()
                engine = AlertEngine(library, rules, portfolio_symbols, channels=[channel])
                start = time.perf_counter()
                dry = engine.dry_run()
                times["dry"].append(time.perf_counter() - start)
                start = time.perf_counter()
                first = engine.check_new()
                times["first"].append(time.perf_counter() - start)
                start = time.perf_counter()
                engine.deliver()
                times["deliver"].append(time.perf_counter() - start)
                start = time.perf_counter()
                engine.check_new()
                engine.deliver()
                times["again"].append(time.perf_counter() - start)
                fired = Counter(a.rule for a in first)
                assert sorted(a.key for a in dry) == sorted(a.key for a in first)
                rng, drift = random.Random(seed + 1), dict.fromkeys(SYMBOLS, 0.0)
                for i in range(50):
                    when = START + timedelta(days=366, minutes=10 * i)
                    note_id = f"late_{i}"
                    library.add(
                        made_up_result(rng, drift), doc_id=note_id, source=note_id, title=None,
                        date=when, date_source="text", content_sha256=note_id,
                        model="made-up", model_version="1",
                    )  # fmt: skip
                    start = time.perf_counter()
                    engine.check([note_id])
                    engine.deliver()
                    times["one"].append(time.perf_counter() - start)
    return {
        "notes": notes,
        "rules": len(rules.enabled),
        "fired": dict(sorted(fired.items())),
        "seconds": {k: statistics.median(v) for k, v in times.items()},
    }


def report(figures: dict, made_up: bool, repeats: int) -> str:
    seconds = figures["seconds"]
    source = "a made-up library (see the script's docstring)" if made_up else "the library given"
    lines = [
        "# Alerts: time to run the sample rules over a 1,000-note library",
        "",
        f"`python -m evaluation.measure_alerts` (`make reports/alerts.md`): the {figures['rules']}"
        f" rules that are on in `{RULES}` over {figures['notes']} notes of {source}; median"
        f" of {repeats} runs on this machine (shared, 2 cores; SQLite in WAL mode).",
        "",
        "| step | seconds |",
        "|---|---|",
        f"| dry run over every note (`alerts test`) | {seconds['dry']:.2f} |",
        f"| first run: check every note and store what fires (`alerts run`) | "
        f"{seconds['first']:.2f} |",
        f"| ... then deliver those alerts to a JSONL file (a commit and an fsync each) | "
        f"{seconds['deliver']:.2f} |",
        f"| again, nothing new | {seconds['again']:.3f} |",
        f"| one new note, as a watcher checks it (median of 50) | {seconds['one'] * 1000:.1f} ms |",
        "",
        "Alerts fired by the first run (the dry run fired the same keys):",
        "",
        "| rule | alerts |",
        "|---|---|",
        *(f"| {rule} | {count} |" for rule, count in figures["fired"].items()),
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", type=Path, help="Measure this library (default: a made-up one).")
    parser.add_argument("--rules", type=Path, default=RULES)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--out", type=Path, default=Path("reports/alerts.md"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        source = args.db
        if source is None:
            source = Path(folder) / "made-up.db"
            fill(source, args.notes, args.seed)
        figures = measure(source, args.rules, args.repeats, args.seed)
    text = report(figures, args.db is None, args.repeats)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(text)


if __name__ == "__main__":
    main()
