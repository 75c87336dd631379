"""Evaluate figure-level claims: the figure section of reports/claims.md (evaluate_claims.py).

The data is ``corpora/claims/figures.jsonl`` (splits ``dev`` and ``test``) and
``corpora/claims/figures-holdout.jsonl`` (split ``holdout``) and
``corpora/claims/figures-holdout2.jsonl`` (split ``holdout2``); schema and rules in
``corpora/claims/FIGURES.md``: sentences (or two-sentence rows) with every figure
annotated with its ticker, metric, period, unit and role. Each row goes through the full
pipeline (sentences, tickers, claims; no sentiment model), and the predicted figures (the
figures of its claims) are matched to the gold figures by character span: the same span
first, then the predicted figure that overlaps a gold one most; each is matched once.

``dev``, ``test`` and ``holdout`` were all tuned on (each after its one clean run);
``holdout2`` was written before the last round of changes and is run once at the end. Reported per
split: per-field accuracy over the gold figures (ticker, metric, value, unit, period,
role; a gold figure not found counts as wrong for every field) and over the matched ones,
the exact-row rate (every gold figure found with all six fields right and no predicted
figure beyond them), and the counts of gold figures not found and of predicted figures
not in gold. With ``--baseline REV`` the same is measured for the ``sentiment`` package
of git revision REV (run in a subprocess on an exported copy), and the report shows
before and after side by side.

    python -m evaluation.evaluate_figures [--data FILE ...] [--splits dev,test,holdout,holdout2]
        [--baseline REV] [--report FILE]

prints the section alone (and writes it, with a JSON twin, to ``--report``); the full
report is ``python -m evaluation.evaluate_claims``.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sentiment.results import Figure

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "corpora" / "claims" / "figures.jsonl"
HOLDOUT = ROOT / "corpora" / "claims" / "figures-holdout.jsonl"
HOLDOUT2 = ROOT / "corpora" / "claims" / "figures-holdout2.jsonl"
FIELDS = ("ticker", "metric", "value", "unit", "period", "role")
SPLITS = ("dev", "test", "holdout", "holdout2")
TARGETS = {"ticker": 0.90, "metric": 0.90, "value": 0.97}

Finder = Callable[[str], Sequence[Figure]]


def load_rows(
    paths: Path | Sequence[Path], splits: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``paths`` (one file or several) by split, for the splits asked for only."""
    rows: dict[str, list[dict[str, Any]]] = {split: [] for split in splits}
    for path in [paths] if isinstance(paths, Path) else paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    row = json.loads(line)
                    if row["split"] in rows:
                        rows[row["split"]].append(row)
    return rows


def default_data() -> list[Path]:
    """The data files that exist: figures.jsonl and the two holdout files."""
    return [path for path in (DATA, HOLDOUT, HOLDOUT2) if path.exists()]


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


def evaluate(
    paths: Path | Sequence[Path] | None = None,
    splits: Sequence[str] = SPLITS,
    find: Finder | None = None,
) -> dict:
    """Scores by split for ``splits`` of the data at ``paths`` (default: default_data())."""
    rows = load_rows(default_data() if paths is None else paths, splits)
    find = find or pipeline_figures()
    return {split: score_rows(rows[split], find) for split in splits if rows[split]}


def evaluate_revision(
    revision: str, paths: Sequence[Path] | None = None, splits: Sequence[str] = SPLITS
) -> dict:
    """The scores of the ``sentiment`` package of git ``revision`` on the same data.

    The package is exported (``git archive``) into a temporary folder and this module runs
    in a subprocess with that folder first on the path, so the data, the matching and the
    scoring are today's and only the code under test is the revision's.
    """
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "sentiment"],
        capture_output=True,
        check=True,
    ).stdout
    with tempfile.TemporaryDirectory() as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        report = Path(folder) / "figures.md"
        command = [sys.executable, "-m", "evaluation.evaluate_figures", "--report", str(report)]
        command += ["--splits", ",".join(splits), "--data"]
        command += [str(p) for p in (default_data() if paths is None else paths)]
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([folder, str(ROOT)])}
        subprocess.run(command, cwd=folder, env=env, check=True, capture_output=True)
        return json.loads(report.with_suffix(".json").read_text(encoding="utf-8"))


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def render(
    results: dict[str, Any], level: str = "#", baseline: dict[str, Any] | None = None
) -> str:
    """The Markdown section (``level`` is its heading's marks; reports/claims.md nests it).

    With ``baseline`` (the same scores for an earlier revision), each cell reads
    "before -> after".
    """
    lines = [
        f"{level} Figure-level claims",
        "",
        "Scored by `evaluation/evaluate_figures.py` on `corpora/claims/figures.jsonl` (`dev`,",
        "`test`), `corpora/claims/figures-holdout.jsonl` (`holdout`) and",
        "`corpora/claims/figures-holdout2.jsonl` (`holdout2`); schema and annotation",
        "rules: `corpora/claims/FIGURES.md`. Each row runs through the full pipeline (no",
        "sentiment model); predicted figures are matched to gold figures by character span.",
        "Accuracy is over all gold figures (a figure not found is wrong in every field; the",
        "JSON twin also has it over the matched ones). An exact row has every gold figure",
        "found with all six fields right and no extra figure. `dev`, `test` and `holdout`",
        "were all tuned on (each after its one clean run); `holdout2` was written and",
        "committed before the last round of changes and run once after it.",
    ]
    if baseline:
        lines += [
            "",
            f"Cells read `before -> after`: before is the code of revision"
            f" `{baseline['revision']}`",
            "(main before that round), after is this revision.",
        ]
    lines += [
        "",
        "| split | rows | gold figures | not found | predicted not in gold | exact rows |",
        "|---|---|---|---|---|---|",
    ]
    for split, r in results.items():
        b = (baseline or {}).get("results", {}).get(split)
        cells = [
            _cell(b and b[key], r[key], _count)
            for key in ("rows", "gold_figures", "not_found", "not_in_gold")
        ]
        lines.append(
            f"| {split} | {' | '.join(cells)} | {_cell(b and b['exact_rows'], r['exact_rows'])} |"
        )
    lines += ["", "| field | target | " + " | ".join(results) + " |"]
    lines.append("|---|---|" + "---|" * len(results))
    for field in FIELDS:
        target = f">= {TARGETS[field]:.2f}" if field in TARGETS else "-"
        cells = []
        for split, r in results.items():
            b = (baseline or {}).get("results", {}).get(split)
            cells.append(_cell(b and b["accuracy"].get(field), r["accuracy"][field]))
        lines.append(f"| {field} | {target} | {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _cell(before: Any, after: Any, show: Callable[[Any], str] | None = None) -> str:
    """One cell: the value, or "before -> after" when there is a before."""
    show = show or _pct
    return show(after) if before is None else f"{show(before)} -> {show(after)}"


def _count(value: Any) -> str:
    return str(value)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, nargs="+", help="default: figures + both holdouts")
    parser.add_argument("--report", type=Path, help="also write the section here (and .json)")
    parser.add_argument("--splits", default=",".join(SPLITS), help="comma-separated")
    parser.add_argument("--baseline", metavar="REV", help="also score git revision REV")
    args = parser.parse_args(argv)
    splits = tuple(s for s in args.splits.split(",") if s)
    results = evaluate(args.data, splits)
    baseline = None
    if args.baseline:
        before = evaluate_revision(args.baseline, args.data, splits)
        baseline = {"revision": args.baseline, "results": before}
    markdown = render(results, baseline=baseline)
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(markdown, encoding="utf-8")
        payload = results if baseline is None else {**results, "baseline": baseline}
        args.report.with_suffix(".json").write_text(
            json.dumps(payload, indent=2) + "\n", encoding="utf-8"
        )
    print(markdown, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
