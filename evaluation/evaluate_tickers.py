"""Evaluate the ticker finder on a hand-labelled set: precision, recall, errors and speed.

Run from the repository root::

    python -m evaluation.evaluate_tickers
    python -m evaluation.evaluate_tickers --data corpora/tickers/labelled.jsonl \
        --out reports/tickers.md

Each line of the data file is ``{"text": ..., "tickers": [...], "kind": ..., "split": ...}``
(``split`` is "holdout" for texts the finder was never tuned on; anything else is "dev").
A text is scored on its *set* of symbols: micro precision and recall over all texts, per
kind and per split. Speed is extraction alone (``TickerFinder.find`` on plain strings, the
median of a few runs) plus the time to build the component, cold (gazetteer loaded from
disk) and warm (the cached gazetteer copied). The Markdown goes to ``--out`` and stdout.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sentiment.components.tickers import TickerFinder
from sentiment.gazetteer import default_gazetteer

ROOT = Path(__file__).resolve().parents[1]

SENTENCE_END_RE = re.compile(r"[.!?](?:\s+|$)|\n+")
SPEED_RUNS = 5
SPEED_REPEAT = 10  # the corpus is small: time ten passes per run


@dataclass
class Example:
    """One labelled text."""

    text: str
    gold: frozenset[str]
    kind: str
    split: str


@dataclass
class Tally:
    """True positives, false positives and false negatives of ticker sets."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    texts: int = 0

    def add(self, gold: frozenset[str], pred: frozenset[str]) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)
        self.texts += 1

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """Tallies overall, per split and per kind, and the texts that went wrong."""

    overall: Tally = field(default_factory=Tally)
    by_split: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[tuple[Example, frozenset[str]]] = field(default_factory=list)


def load_examples(path: Path) -> list[Example]:
    """Read the JSONL data file; a malformed line stops with its number."""
    examples = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            examples.append(
                Example(
                    rec["text"], frozenset(rec["tickers"]), rec["kind"], rec.get("split") or "dev"
                )
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise SystemExit(f"{path}:{number}: bad example ({exc})") from exc
    return examples


def score(finder: TickerFinder, examples: Iterable[Example]) -> Scores:
    """Compare the finder's symbol set with the gold set of every text."""
    scores = Scores()
    for ex in examples:
        pred = frozenset(m.symbol for m in finder.find(ex.text))
        for tally in (scores.overall, scores.by_split[ex.split], scores.by_kind[ex.kind]):
            tally.add(ex.gold, pred)
        if pred != ex.gold:
            scores.errors.append((ex, pred))
    return scores


def construction_seconds() -> tuple[float, float]:
    """Seconds to build a TickerFinder cold (gazetteer from disk) and warm (cached)."""
    default_gazetteer.cache_clear()
    start = time.perf_counter()
    TickerFinder()
    cold = time.perf_counter() - start
    start = time.perf_counter()
    TickerFinder()
    return cold, time.perf_counter() - start


def throughput(finder: TickerFinder, texts: list[str]) -> tuple[float, float]:
    """Texts/s and sentences/s of extraction alone, the median of a few runs."""
    sentences = sum(max(1, len(SENTENCE_END_RE.findall(t.strip())) + 0) for t in texts)
    times = []
    for _ in range(SPEED_RUNS):
        start = time.perf_counter()
        for _ in range(SPEED_REPEAT):
            for text in texts:
                finder.find(text)
        times.append(time.perf_counter() - start)
    median = statistics.median(times) / SPEED_REPEAT
    return len(texts) / median, sentences / median


def _row(name: str, tally: Tally) -> str:
    return (
        f"| {name} | {tally.texts} | {tally.precision:.3f} | {tally.recall:.3f} | "
        f"{tally.f1:.3f} | {tally.tp} | {tally.fp} | {tally.fn} |"
    )


def _table(rows: dict[str, Tally]) -> list[str]:
    lines = [
        "| set | texts | precision | recall | F1 | TP | FP | FN |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    return lines + [_row(name, tally) for name, tally in rows.items()]


def _quote(text: str, limit: int = 160) -> str:
    flat = " ".join(text.replace("|", "\\|").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _errors(errors: list[tuple[Example, frozenset[str]]]) -> list[str]:
    if not errors:
        return ["No errors."]
    lines = [
        "| split | kind | false positives | false negatives | text |",
        "| --- | --- | --- | --- | --- |",
    ]
    for ex, pred in errors:
        fp = ", ".join(sorted(pred - ex.gold)) or "-"
        fn = ", ".join(sorted(ex.gold - pred)) or "-"
        lines.append(f"| {ex.split} | {ex.kind} | {fp} | {fn} | {_quote(ex.text)} |")
    return lines


def render(
    data: Path, scores: Scores, speed: tuple[float, float], build: tuple[float, float]
) -> str:
    """The Markdown report."""
    splits = {"all": scores.overall} | dict(sorted(scores.by_split.items()))
    out = [
        "# Ticker finder evaluation",
        "",
        f"Data: `{data.relative_to(ROOT) if data.is_relative_to(ROOT) else data}` "
        f"({scores.overall.texts} hand-labelled texts). Scores are micro-averaged over the "
        "set of symbols found in each text; `holdout` texts were written after tuning and "
        "never used to tune.",
        "",
        "## Overall and per split",
        "",
        *_table(splits),
        "",
        "## Per kind (all splits)",
        "",
        *_table(dict(sorted(scores.by_kind.items()))),
        "",
        "## Speed",
        "",
        f"- extraction alone (`TickerFinder.find`, median of {SPEED_RUNS} runs): "
        f"{speed[0]:,.0f} texts/s, {speed[1]:,.0f} sentences/s",
        f"- component construction: {build[0]:.3f} s cold (gazetteer loaded from disk), "
        f"{build[1]:.3f} s warm (cached gazetteer copied)",
        "",
        f"## Errors ({len(scores.errors)} texts)",
        "",
        *_errors(scores.errors),
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "corpora/tickers/labelled.jsonl")
    parser.add_argument("--out", type=Path, default=ROOT / "reports/tickers.md")
    args = parser.parse_args(argv)
    examples = load_examples(args.data.resolve())
    build = construction_seconds()
    finder = TickerFinder()
    scores = score(finder, examples)
    speed = throughput(finder, [ex.text for ex in examples])
    report = render(args.data.resolve(), scores, speed, build)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
