"""Evaluate figure-level claims: the figure section of reports/claims.md (evaluate_claims.py).

The data is ``corpora/claims/figures.jsonl`` (schema and rules in
``corpora/claims/FIGURES.md``): sentences (or two-sentence rows) with every figure
annotated with its ticker, metric, period, unit and role. Each row goes through the full
pipeline (sentences, tickers, claims; no sentiment model), and the predicted figures (the
figures of its claims) are matched to the gold figures by character span: the same span
first, then the predicted figure that overlaps a gold one most; each is matched once.

Reported per split (``dev``: tuned on; ``test``: the held-out part, run once at the end):
per-field accuracy over the gold figures (ticker, metric, value, period, role; a gold
figure not found counts as wrong for every field) and over the matched ones, the exact-row
rate (every gold figure found with all five fields right and no predicted figure beyond
them), and the counts of gold figures not found and of predicted figures not in gold.

    python -m evaluation.evaluate_figures [--data FILE] [--splits dev,test] [--report FILE]

prints the section alone (and writes it, with a JSON twin, to ``--report``); the full
report is ``python -m evaluation.evaluate_claims``.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sentiment.results import Figure

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "corpora" / "claims" / "figures.jsonl"
FIELDS = ("ticker", "metric", "value", "period", "role")
SPLITS = ("dev", "test")
TARGETS = {"ticker": 0.90, "metric": 0.90, "value": 0.97}

Finder = Callable[[str], Sequence[Figure]]


def load_rows(path: Path, splits: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``path`` by split, for the splits asked for only."""
    rows: dict[str, list[dict[str, Any]]] = {split: [] for split in splits}
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if row["split"] in rows:
                    rows[row["split"]].append(row)
    return rows


def pipeline_figures() -> Finder:
    """The figures of the claims the shipped pipeline finds in a text (no model loaded)."""
    from sentiment import Analyzer

    analyzer = Analyzer()

    def find(text: str) -> list[Figure]:
        return [f for claim in analyzer.find_claims(text) for f in claim.figures]

    return find


def match(gold: Sequence[dict[str, Any]], predicted: Sequence[Figure]) -> dict[int, int]:
    """Gold index -> predicted index: the same span first, then the largest overlap."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for i, g in enumerate(gold):
        for j, p in enumerate(predicted):
            if j not in used and (p.start, p.end) == (g["start"], g["end"]):
                pairs[i] = j
                used.add(j)
                break
    for i, g in enumerate(gold):
        if i in pairs:
            continue
        overlaps = [
            (min(p.end, g["end"]) - max(p.start, g["start"]), -j)
            for j, p in enumerate(predicted)
            if j not in used
        ]
        best = max((o for o in overlaps if o[0] > 0), default=None)  # ties: the first
        if best is not None:
            pairs[i] = -best[1]
            used.add(-best[1])
    return pairs


def same(field: str, gold: Any, predicted: Any) -> bool:
    """Is a predicted field right? Values to a relative 1e-9."""
    if field == "value":
        return predicted is not None and math.isclose(gold, predicted, rel_tol=1e-9, abs_tol=1e-9)
    return gold == predicted


def score_rows(rows: Sequence[dict[str, Any]], find: Finder) -> dict[str, Any]:
    """The figures of one split (see the module docstring)."""
    right: Counter[str] = Counter()
    gold_total = matched_total = extra = exact_rows = 0
    for row in rows:
        gold, predicted = row["figures"], list(find(row["text"]))
        pairs = match(gold, predicted)
        gold_total += len(gold)
        matched_total += len(pairs)
        extra += len(predicted) - len(pairs)
        row_right = len(pairs) == len(gold) == len(predicted)
        for i, j in pairs.items():
            for field in FIELDS:
                ok = same(field, gold[i][field], getattr(predicted[j], field))
                right[field] += ok
                row_right = row_right and ok
        exact_rows += row_right
    return {
        "rows": len(rows),
        "gold_figures": gold_total,
        "matched": matched_total,
        "not_found": gold_total - matched_total,
        "not_in_gold": extra,
        "accuracy": {f: _ratio(right[f], gold_total) for f in FIELDS},
        "accuracy_matched": {f: _ratio(right[f], matched_total) for f in FIELDS},
        "exact_rows": _ratio(exact_rows, len(rows)),
    }


def evaluate(path: Path = DATA, splits: Sequence[str] = SPLITS, find: Finder | None = None) -> dict:
    """Scores by split for ``splits`` of the data at ``path``."""
    rows = load_rows(path, splits)
    find = find or pipeline_figures()
    return {split: score_rows(rows[split], find) for split in splits}


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def render(results: dict[str, Any], level: str = "#") -> str:
    """The Markdown section (``level`` is its heading's marks; reports/claims.md nests it)."""
    lines = [
        f"{level} Figure-level claims",
        "",
        "Scored by `evaluation/evaluate_figures.py` on `corpora/claims/figures.jsonl`",
        "(schema and annotation rules: `corpora/claims/FIGURES.md`). Each row runs through the",
        "full pipeline (no sentiment model); predicted figures are matched to gold figures by",
        "character span. Accuracy is over all gold figures (a figure not found is wrong in",
        "every field); the matched column counts only figures found. An exact row has every",
        "gold figure found with all five fields right and no extra figure. `dev` was tuned",
        "on; `test` is the held-out part, run once after the last change.",
        "",
        "| split | rows | gold figures | not found | predicted not in gold | exact rows |",
        "|---|---|---|---|---|---|",
    ]
    for split, r in results.items():
        lines.append(
            f"| {split} | {r['rows']} | {r['gold_figures']} | {r['not_found']} | "
            f"{r['not_in_gold']} | {_pct(r['exact_rows'])} |"
        )
    lines += ["", "| field | target | " + " | ".join(
        f"{s} (all) | {s} (matched)" for s in results) + " |"]  # fmt: skip
    lines.append("|---|---|" + "---|---|" * len(results))
    for field in FIELDS:
        target = f">= {TARGETS[field]:.2f}" if field in TARGETS else "-"
        cells = " | ".join(
            f"{_pct(r['accuracy'][field])} | {_pct(r['accuracy_matched'][field])}"
            for r in results.values()
        )
        lines.append(f"| {field} | {target} | {cells} |")
    return "\n".join(lines) + "\n"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--report", type=Path, help="also write the section here (and .json)")
    parser.add_argument("--splits", default=",".join(SPLITS), help="comma-separated")
    args = parser.parse_args(argv)
    splits = tuple(s for s in args.splits.split(",") if s)
    results = evaluate(args.data, splits)
    markdown = render(results)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(markdown, encoding="utf-8")
        args.report.with_suffix(".json").write_text(
            json.dumps(results, indent=2) + "\n", encoding="utf-8"
        )
    print(markdown, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
