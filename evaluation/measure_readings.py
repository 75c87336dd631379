"""Measure the reading layer (sentiment/readings/) on the hand-written notes corpus.

For each kind of reading, over the corpus's (text, ticker, label) items:

- precision: of the items that get a reading of that kind, how often its effect agrees with
  the item's gold label (several readings of one kind for one item: their majority, the last
  on a tie);
- coverage: of the items tagged with that kind's phenomenon (role: bystander), the share
  that get a reading of that kind.

Sentences and ticker mentions come from the shipped spaCy pipeline (no model is loaded); a
reading is counted for a ticker when it names it, or names no ticker (the whole sentence) in
a sentence that mentions it. A contrast ("Chevron, by contrast, ...") takes its side from the
sentence before as the Analyzer scores it, so with no model it is left out. An item whose
ticker the finder does not find gets no reading and counts as missed (their number is
reported).

Tuning is done on ``train`` and ``validation`` only. ``--split test`` computes the held-out
figures without showing a row; it is run once, after the last change::

    python -m evaluation.measure_readings  # train + validation -> reports/readings.md
    python -m evaluation.measure_readings --show comparison  # its disagreements
    python -m evaluation.measure_readings --split test --out reports/readings-test.md
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sentiment import Analyzer
from sentiment.readings import KINDS, Mention, Reading, read_sentence
from sentiment.readings.types import CONTRASTED

CORPORA = (Path("corpora/notes/notes-a.jsonl"), Path("corpora/notes/notes-b.jsonl"))
TUNING = ("train", "validation")
PHENOMENON = {
    "role": "bystander",
    "rating": "rating",
    "comparison": "comparison",
    "deal": "deal",
    "hedge": "hedge",
    "fact": "plain-fact",
}  # "move" and "guidance" have no phenomenon tag in the notes: coverage is not measured


@dataclass
class Item:
    """One labelled ticker of a text, with the readings found for it."""

    note: str
    ticker: str
    label: str
    phenomena: tuple[str, ...]
    found: bool = False
    readings: list[Reading] = field(default_factory=list)

    def effect(self, kind: str) -> str | None:
        """The majority effect of this item's readings of ``kind`` (None: no reading)."""
        effects = [r.effect for r in self.readings if r.kind == kind]
        if not effects:
            return None
        counts = Counter(effects)
        best = max(counts.values())
        return next(e for e in reversed(effects) if counts[e] == best)


def load_rows(paths: Iterable[Path], splits: tuple[str, ...]) -> list[dict]:
    """The rows of ``splits`` only; other rows are dropped unread."""
    rows = []
    for path in paths:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else None
            if row and row.get("split") in splits:
                rows.append(row)
    return rows


def read_items(rows: list[dict], analyzer: Analyzer) -> list[Item]:
    """Every item of ``rows`` with the readings of the sentences that mention its ticker."""
    items = []
    for row in rows:
        readings = defaultdict(list)
        found = set()
        for symbols, sentence_readings in _sentences(row["text"], analyzer):
            found |= symbols
            for reading in sentence_readings:
                for symbol in [reading.ticker] if reading.ticker else symbols:
                    readings[symbol].append(reading)
        for item in row["items"]:
            symbol = item["ticker"]
            items.append(
                Item(
                    row["id"],
                    symbol,
                    item["label"],
                    tuple(item["phenomena"]),
                    symbol in found,
                    readings.get(symbol, []),
                )
            )
    return items


def _sentences(text: str, analyzer: Analyzer) -> Iterator[tuple[set[str], tuple[Reading, ...]]]:
    """(symbols mentioned, readings) for each sentence of ``text``."""
    for sentence, inside in _sentence_mentions(text, analyzer):
        found = read_sentence(sentence, inside)
        yield {m.symbol for m in inside}, tuple(r for r in found if r.effect != CONTRASTED)


def _sentence_mentions(text: str, analyzer: Analyzer) -> Iterator[tuple[str, list[Mention]]]:
    """Each sentence of ``text`` with the ticker mentions inside it (offsets in the sentence)."""
    doc = analyzer.nlp(text)
    tickers = list(doc._.tickers or [])
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        inside = [
            Mention(t.symbol, t.start - start, t.end - start)
            for t in tickers
            if start <= t.start and t.end <= end
        ]
        yield text[start:end], inside


def speed(rows: list[dict], analyzer: Analyzer, runs: int = 3) -> tuple[int, float]:
    """(sentences, median sentences a second) of :func:`read_sentence` alone on ``rows``."""
    sentences = [pair for row in rows for pair in _sentence_mentions(row["text"], analyzer)]
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        for text, mentions in sentences:
            read_sentence(text, mentions)
        timings.append(time.perf_counter() - began)
    return len(sentences), len(sentences) / statistics.median(timings)


def measure(items: list[Item]) -> list[dict]:
    """Precision and coverage of each kind."""
    table = []
    for kind in KINDS:
        read = [i for i in items if i.effect(kind) is not None]
        agree = sum(i.effect(kind) == i.label for i in read)
        tagged = [i for i in items if PHENOMENON.get(kind) in i.phenomena]
        covered = sum(i.effect(kind) is not None for i in tagged)
        agree_tagged = sum(i.effect(kind) == i.label for i in tagged if i.effect(kind))
        table.append(
            {
                "kind": kind,
                "phenomenon": PHENOMENON.get(kind, "-"),
                "items read": len(read),
                "agree": agree,
                "tagged": len(tagged),
                "covered": covered,
                "agree on tagged": agree_tagged,
            }
        )
    return table


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.2f} ({part}/{whole})" if whole else "-"


def render(title: str, rows: list[dict], items: list[Item], notes: int) -> str:
    lines = [
        f"## {title}",
        "",
        f"{notes} texts, {len(items)} items; the ticker finder misses "
        f"{sum(not i.found for i in items)} of the items' tickers (they get no reading).",
        "",
        "| kind | precision (all items read) | precision on its phenomenon | coverage of its "
        "phenomenon |",
        "|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['kind']} | {_share(row['agree'], row['items read'])} | "
            f"{_share(row['agree on tagged'], row['covered'])} | "
            + (
                f"{_share(row['covered'], row['tagged'])} ({row['phenomenon']}) |"
                if row["phenomenon"] != "-"
                else "- (no phenomenon tag) |"
            )
        )
    return "\n".join(lines) + "\n"


HEADER = """# Readings: precision and coverage on the notes corpus

Made by `python -m evaluation.measure_readings` (see its docstring). For each kind of reading
of `sentiment/readings/`: *precision* is how often the effect it reads for a ticker agrees
with that ticker's gold label in the text, over every item it reads (and over the items
tagged with its phenomenon only); *coverage* is the share of the items tagged with its
phenomenon (a role reads bystanders) that get a reading of that kind. An item whose ticker
the finder misses counts as not covered. A contrast ("by contrast"), whose side the Analyzer
takes from the sentence before as scored by the model, is left out. Tuned on train and
validation only.

"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("tuning", "test"), default="tuning")
    parser.add_argument("--out", type=Path, default=Path("reports/readings.md"))
    parser.add_argument(
        "--show", choices=KINDS, help="print this kind's disagreements (tuning only)"
    )
    args = parser.parse_args()
    analyzer = Analyzer()
    if args.split == "test":
        rows = load_rows(CORPORA, ("test",))
        items = read_items(rows, analyzer)
        report = HEADER + render("test (held out; run once)", measure(items), items, len(rows))
    else:
        sections = []
        for title, splits in (
            ("train", ("train",)),
            ("validation", ("validation",)),
            ("train + validation", TUNING),
        ):
            rows = load_rows(CORPORA, splits)
            items = read_items(rows, analyzer)
            sections.append(render(title, measure(items), items, len(rows)))
        count, rate = speed(rows, analyzer)
        sections.append(
            f"## Speed\n\n`read_sentence` alone (no spaCy) on the {count} sentences of "
            f"train + validation: {rate:,.0f} sentences a second (median of 3 runs).\n"
        )
        report = HEADER + "\n".join(sections)
        if args.show:
            _show(items, args.show)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)


def _show(items: list[Item], kind: str) -> None:
    """The train + validation items a kind reads against their label, and those it misses."""
    for item in items:
        effect = item.effect(kind)
        tagged = PHENOMENON.get(kind) in item.phenomena
        if (effect and effect != item.label) or (not effect and tagged):
            cues = [(r.cue, r.effect) for r in item.readings if r.kind == kind]
            print(f"{item.note} {item.ticker} gold={item.label} read={effect} {cues}")


if __name__ == "__main__":
    main()
