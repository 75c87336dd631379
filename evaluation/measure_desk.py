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
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from pathlib import Path

from evaluation.bench.environment import code_version, cpu_model
from evaluation.make_notes import write_dated_corpus
from evaluation.measure_alerts import measure as measure_alerts
from evaluation.measure_library import query_times
from evaluation.measure_portfolio import time_queries
from sentiment.desk.alerts import list_alerts, load_rules
from sentiment.desk.holdings import read_holdings
from sentiment.desk.library import Library

ROOT = Path(__file__).resolve().parents[1]
START = date(2025, 1, 1)
DAYS = 365
SEED = 19
UNTIL = "2025-12-31"  # the end of the notes' year: what "now" is for every command
HOLDINGS = ROOT / "corpora" / "examples" / "holdings.csv"
RULES = ROOT / "corpora" / "examples" / "alerts.toml"
PORTFOLIO_RULE = "holdings-negative"
RUNS = 3


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


def rules_with_portfolio(work: Path) -> Path:
    """The sample rules with the portfolio rule (off in the sample, which has no holdings)
    switched on: a copy in ``work``."""
    text = RULES.read_text(encoding="utf-8")
    head, marker, rule = text.partition(f"[rules.{PORTFOLIO_RULE}]")
    if not marker or rule.count("enabled = false") != 1:
        raise SystemExit(f"{RULES}: expected rules.{PORTFOLIO_RULE} with enabled = false")
    copy = work / "alerts.toml"
    copy.write_text(head + marker + rule.replace("enabled = false", "enabled = true"), "utf-8")
    return copy


def commands(db: Path, rules: Path, symbol: str) -> list[tuple[str, list[str]]]:
    """(name, arguments) of each desk command answered from the library."""
    holdings = str(HOLDINGS.relative_to(ROOT))
    year = ["--since", START.isoformat(), "--until", UNTIL]
    alerts = [str(rules), "--db", str(db), "--portfolio", holdings]
    return [
        (f"history {symbol} (the year, by week)",
         ["history", symbol, "--db", str(db), *year, "--by", "week"]),
        ("tickers-top --since 30d", ["tickers-top", "--db", str(db), "--since", "30d",
                                     "--until", UNTIL]),
        ("portfolio (sample holdings, 6 months by month)",
         ["portfolio", holdings, "--db", str(db), "--until", UNTIL, "--since", "6m",
          "--by", "month", "--movers", "5"]),
        ("alerts test --portfolio (every note)", ["alerts", "test", *alerts]),
        ("alerts run --portfolio (every note, first run)", ["alerts", "run", *alerts]),
    ]  # fmt: skip


def time_commands(db: Path, rules: Path, symbol: str, work: Path) -> list[dict]:
    """Each command as a fresh process, median of RUNS; ``alerts run`` on a fresh copy of the
    library each time (what its first run over every note costs)."""
    rows = []
    for name, arguments in commands(db, rules, symbol):
        times, done = [], None
        for _ in range(RUNS):
            args = list(arguments)
            if arguments[:2] == ["alerts", "run"]:
                copy = work / "alerts-run.db"
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{copy}{suffix}").unlink(missing_ok=True)
                shutil.copy(db, copy)
                args[args.index(str(db))] = str(copy)
            command = [sys.executable, "-m", "sentiment.cli", *args]
            started = time.perf_counter()
            done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            if done.returncode != 0:
                raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
        lines = done.stdout.strip().splitlines()
        rows.append({
            "command": name,
            "argv": "sentiment " + " ".join(arguments).replace(str(db), "desk.db")
                    .replace(str(rules), "alerts.toml"),
            "seconds": round(statistics.median(times), 2),
            "stdout_lines": len(lines),
            "stderr_last": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "",
        })  # fmt: skip
        print(f"{name}: {rows[-1]['seconds']} s", file=sys.stderr)
    with Library(work / "alerts-run.db", create=False) as library:
        per_rule = Counter(a.rule for a in list_alerts(library, limit=1_000_000))
    rows.append({"fired_by_alerts_run": dict(sorted(per_rule.items()))})
    return rows


def render(figures: dict) -> str:
    """The report's Markdown."""
    batch, setup, lib = figures["batch"], figures["setup"], figures["library"]
    queries, alerts = figures["queries"], figures["alerts"]
    cli_rows, fired_cli = figures["commands"][:-1], figures["commands"][-1]["fired_by_alerts_run"]
    ms = queries["median_ms"]
    lines = [
        "# The research desk end to end: one 1,000-note folder, every command",
        "",
        "Made by `make reports/desk.md` (`python -m evaluation.measure_desk`), code "
        f"{setup['code']}, on {setup['cpu']} ({setup['cpus']} CPUs, load average "
        f"{setup['load']} at the start: shared with other work, so the model's figure is a",
        "floor). The pieces are measured on their own, in more detail, in",
        "[library.md](library.md), [portfolio.md](portfolio.md) and [alerts.md](alerts.md);",
        "this run puts one folder through all of them, as issue 19's \"Done when\" asks.",
        "",
        f"The folder: {batch['notes']} synthetic notes (`make_notes --dated`, seed {SEED}) of "
        f"{batch['pages'][0]:g}-{batch['pages'][1]:g} pages, dated over 2025 in front matter,",
        "HTML meta, e-mail headers and datelines.",
        "",
        "## Into the library",
        "",
        "`sentiment batch NOTES -o out.jsonl --db desk.db`, the shipped model, one process: "
        f"**{batch['seconds']:.0f} s, {batch['notes_per_second']} notes/s** into the library "
        f"(scoring included; storing is about 2% of it, [library.md](library.md)). The library: "
        f"{lib['notes']} notes, {lib['symbols']} tickers, {lib['mb']} MB.",
        "",
        "## Every command answers from it",
        "",
        f"Each a fresh process (Python start-up, imports and, for `portfolio` and `alerts "
        f"--portfolio`, the gazetteer included), median of {RUNS}; \"now\" is the end of 2025.",
        "",
        "| command | seconds | lines out |",
        "|---|---:|---:|",
        *(f"| `{r['argv']}` | {r['seconds']} | {r['stdout_lines']} |" for r in cli_rows),
        "",
        "## The queries themselves (in one process)",
        "",
        f"Median of {queries['repeats']} runs after a warm-up, on the busiest ticker, "
        f"{queries['ticker']} ({queries['ticker_notes_in_year']} notes in the year):",
        "",
        "| query | ms |",
        "|---|---:|",
        f"| one ticker's year of history by week (`ticker_history`) | "
        f"{ms['ticker_history by week']} |",
        f"| ... by day / by month | {ms['ticker_history by day']} / "
        f"{ms['ticker_history by month']} |",
        f"| `tickers_top` over 7 / 30 days | {ms['tickers_top 7d']} / {ms['tickers_top 30d']} |",
        *(f"| portfolio view, sample holdings, {s} by {b} | {sec * 1000:.1f} |"
          for _, s, b, sec, _ in figures["portfolio"]),
        f"| alert rules over the library, dry run (`alerts test`) | "
        f"{alerts['seconds']['dry'] * 1000:.0f} |",
        f"| alert rules, first run: check and store (`alerts run`) | "
        f"{alerts['seconds']['first'] * 1000:.0f} |",
        f"| ... then deliver (JSONL) | {alerts['seconds']['deliver'] * 1000:.0f} |",
        f"| one new note through the rules, as `watch` does | "
        f"{alerts['seconds']['one'] * 1000:.1f} |",
        "",
        f"## Alerts fired per rule ({alerts['rules']} rules on)",
        "",
        f"The sample rules (`{RULES.relative_to(ROOT)}`) with `{PORTFOLIO_RULE}` switched on and "
        f"`--portfolio {HOLDINGS.relative_to(ROOT)}` ({figures['holdings']} holdings), over "
        "every note of the library:",
        "",
        "| rule | alerts (`alerts run`) |",
        "|---|---:|",
        *(f"| {rule} | {fired_cli.get(rule, 0)} |" for rule in figures["rules_on"]),
        f"| all | {sum(fired_cli.values())} |",
        "",
    ]  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="notes in the library")
    parser.add_argument("--pages", type=float, nargs=2, default=(0.5, 1.0), help="min max")
    parser.add_argument("--work", type=Path, help="keep the notes and library here")
    parser.add_argument("--fill-only", action="store_true", help="stop after the batch")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "desk.md")
    args = parser.parse_args(argv)
    load = f"{os.getloadavg()[0]:.1f}"
    with tempfile.TemporaryDirectory(prefix="desk-") as scratch:
        work = args.work or Path(scratch)
        work.mkdir(parents=True, exist_ok=True)
        batch = fill_library(work, args.count, tuple(args.pages))
        print(f"batch --db: {batch}", file=sys.stderr)
        if args.fill_only:
            return 0
        db, rules = work / "desk.db", rules_with_portfolio(work)
        with Library(db, create=False) as library:
            facts = {"notes": library.count(), "symbols": len(library.symbols())}
        facts["mb"] = round(db.stat().st_size / 2**20, 1)
        queries = query_times(db)
        holdings = read_holdings(HOLDINGS)
        figures = {
            "setup": {"code": code_version(), "cpu": cpu_model(), "cpus": os.cpu_count(),
                      "load": load},
            "batch": batch,
            "library": facts,
            "holdings": len(holdings),
            "rules_on": sorted(rule.name for rule in load_rules(rules).enabled),
            "commands": time_commands(db, rules, queries["ticker"], work),
            "queries": queries,
            "portfolio": time_queries(db, {"sample": HOLDINGS}, 20),
            "alerts": measure_alerts(db, rules, RUNS, SEED, holdings.symbols),
        }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(figures), encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(figures, indent=2) + "\n", "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
