"""Per-ticker and document sentiment on the hand-written notes (corpora/notes), system by system.

Run from the repository root (the package installed, or ``PYTHONPATH=.``)::

    python -m evaluation.evaluate_notes                      # validation: tuning figures
    python -m evaluation.evaluate_notes --split validation --split validation2 --split test
    python -m evaluation.evaluate_notes --scored-splits      # final: every part but train
    python -m evaluation.evaluate_notes --tune               # the weights' grid, on validation

Systems, side by side on the same model predictions:

* ``plain``: a ticker's score is the weighted mean of the *plain* sentence scores of the
  sentences naming it (no target-aware scores); the document score as shipped;
* ``shipped``: the behaviour before issue 18, the Analyzer with every new feature off and the
  pairs scored by the main weights (no target model);
* ``new``: the Analyzer as configured now (links, readings, document from tickers, the
  target model where the folder has one);
* with ``--ablations``, ``new`` with each feature off in turn (the target model too);
* ``second reader``: where a split has them (``corpora/notes/second-reader/``), the labels of
  a second annotator who read its texts cold, scored against the gold labels as a system's
  are: how far two careful readers agree, the ceiling any system's figure is read against.

An item's ticker that the finder does not find counts as wrong for every system (its
prediction is ``missed``); the report says how many. Document labels are scored on rows
with a ``doc_label``; pair trades and balanced comparisons are reported apart too. The
``new`` system's ticker macro-F1 and document accuracy come with a 95% interval from
resampling each split's texts (a text's items together). The
model's predictions are cached on disk (``runs/notes_predictions-<model>.json``, one file per
model fingerprint, keyed by text and target), so reruns only pay for the pipeline; ``--model``
scores with another model folder (a fine-tuned candidate). Writes ``reports/notes.md`` and
``.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sentiment import aggregate, attribution, weighing
from sentiment.api import Analyzer
from sentiment.classifier import (
    Prediction,
    SentenceClassifier,
    default_model_dir,
    model_fingerprint,
    prediction_from,
    target_model_dir,
)
from sentiment.metrics import (
    INTERVAL_DRAWS,
    LABELS,
    accuracy,
    bootstrap_interval,
    grouped,
    per_class,
)
from sentiment.results import DocumentSentiment

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "corpora" / "notes"
SECOND = DATA / "second-reader"
CACHE = ROOT / "runs"
# The numbered validation parts, validation2 up to this one (corpora/notes/README.md).
VALIDATION_PARTS = 212
SPLITS = (
    "train",
    "validation",
    *(f"validation{n}" for n in range(2, VALIDATION_PARTS + 1)),
    "test",
)
# The parts reports/notes.md scores: every one but train, in order (the validation parts, test).
SCORED_SPLITS = tuple(split for split in SPLITS if split != "train")
OUT = ROOT / "reports" / "notes"
PHENOMENA = (
    "direct",
    "bystander",
    "reference",
    "comparison",
    "rating",
    "deal",
    "hedge",
    "mixed",
    "plain-fact",
)
# The weights tried by --tune: link weights (references, other sentences of a one-company
# note), then the readings' odds ratios (polar, neutral).
LINK_GRID = ((0.5, 0.75, 1.0), (0.0, 0.25, 0.5))
RATIOS = ((5.0, 20.0, 100.0, 1000.0), (3.0, 10.0, 30.0, 100.0, 1000.0))
# The ticker band's margins tried on validation (aggregate.TICKER_BAND_MARGIN was chosen the
# same way, the smallest within MARGIN_TIE of the best, on parts the target model never saw).
MARGINS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45)
MARGIN_TIE = 0.005
NEUTRAL_DOCUMENTS = ("pair-trade", "balanced-comparison")
MISSED = "missed"
# The column of an earlier run's 'new' figures (--previous): the main line before a change.
PREVIOUS = "previous run"
SECOND_READER = "second reader"


class CachedClassifier:
    """A model (default the shipped one), its predictions kept on disk by (text, target) in a
    file of ``folder`` named by the model's fingerprint."""

    def __init__(
        self, model_dir: Path | None = None, folder: Path = CACHE, target_model: bool = True
    ) -> None:
        self.model_dir = model_dir or default_model_dir()
        self.target_model = target_model and target_model_dir(self.model_dir) is not None
        # Pairs scored by the main weights ("-own") do not depend on the target model's files.
        fingerprint = model_fingerprint(self.model_dir, with_target=self.target_model)[:12]
        own = "" if self.target_model else "-own"
        self.path = folder / f"notes_predictions-{fingerprint}{own}.json"
        self.cache: dict[str, dict[str, float]] = (
            json.loads(self.path.read_text(encoding="utf-8")) if self.path.exists() else {}
        )
        self.model: SentenceClassifier | None = None
        self.added = 0

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        targets = list(targets) if targets is not None else [None] * len(texts)
        keys = [json.dumps([t, g]) for t, g in zip(texts, targets)]
        todo = sorted({k for k in keys if k not in self.cache})
        if todo:
            self.model = self.model or SentenceClassifier(
                self.model_dir, target_model=self.target_model
            )
            pairs = [json.loads(k) for k in todo]
            found = self.model.predict([t for t, _ in pairs], [g for _, g in pairs])
            self.cache.update({k: p.probabilities for k, p in zip(todo, found)})
            self.added += len(todo)
        return [prediction_from(self.cache[k]) for k in keys]

    def save(self) -> None:
        if self.added:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.cache), encoding="utf-8")


@dataclass
class Outcome:
    """One system's labels on one split: per item and per document (None: no doc label)."""

    items: list[tuple[str, str, list[str]]]  # (gold, predicted, phenomena)
    documents: list[tuple[str, str, list[str]]]  # (gold, predicted, doc phenomena)
    item_texts: list[int]  # the text each item was read from (its index in the rows)


def _rows(folder: Path) -> Iterator[dict[str, Any]]:
    """The JSON rows of every ``.jsonl`` file of ``folder``, in file order."""
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield json.loads(line)


def load(splits: Sequence[str]) -> list[dict[str, Any]]:
    """The rows of every notes file in the splits asked for (others are never kept)."""
    return [row for row in _rows(DATA) if row["split"] in splits]


def second_labels(folder: Path = SECOND) -> dict[str, dict[str, Any]]:
    """id -> a second annotator's row (``doc_label``, ``items``) from every file of ``folder``."""
    return {row["id"]: row for row in _rows(folder)}


def second_reader(rows: list[dict[str, Any]], second: dict[str, dict[str, Any]]) -> Outcome | None:
    """The second reader's labels scored as a system's, where every row of ``rows`` has them
    (None otherwise: a figure on part of a split would not be the split's)."""
    if not rows or any(row["id"] not in second for row in rows):
        return None
    others = [second[row["id"]] for row in rows]
    tickers = [{item["ticker"]: item["label"] for item in other["items"]} for other in others]
    return labelled(rows, tickers, [other.get("doc_label") for other in others])


def symbol_label(tickers: dict[str, str], wanted: str) -> str:
    """The label of ``wanted`` among the found tickers (a listing suffix ignored)."""
    if wanted in tickers:
        return tickers[wanted]
    roots = {s.split(".")[0]: label for s, label in tickers.items()}
    return roots.get(wanted.split(".")[0], MISSED)


def plain_tickers(result: DocumentSentiment, band: float) -> dict[str, str]:
    """System (a): the plain sentence scores of the sentences naming each ticker."""
    mentions = [m for t in result.tickers for m in t.resolutions]
    found = aggregate.ticker_sentiments(result.sentences, mentions, None, band)
    return {t.ticker: t.label for t in found}


def outcome(
    rows: list[dict[str, Any]],
    results: list[DocumentSentiment],
    tickers_of: Callable[[DocumentSentiment], dict[str, str]],
) -> Outcome:
    """A system's labels on ``rows``: each result's tickers (``tickers_of``) and its label."""
    return labelled(rows, [tickers_of(r) for r in results], [r.label for r in results])


def labelled(
    rows: list[dict[str, Any]], tickers: list[dict[str, str]], documents: list[str | None]
) -> Outcome:
    """The gold and given labels of each row's items (``tickers[i]``: symbol -> label; a
    ticker not there is ``missed``) and documents (``documents[i]``; none where gold has a
    label is wrong)."""
    items, found, texts = [], [], []
    for text, (row, labels, document) in enumerate(zip(rows, tickers, documents, strict=True)):
        for item in row["items"]:
            items.append((item["label"], symbol_label(labels, item["ticker"]), item["phenomena"]))
            texts.append(text)
        if row.get("doc_label"):
            found.append((row["doc_label"], document or MISSED, row["doc_phenomena"]))
    return Outcome(items, found, texts)


def ticker_macro_f1(gold: list[str], pred: list[str]) -> float:
    """Mean F1 of the three labels present; a ``missed`` prediction is wrong for its gold
    label (it lowers that label's recall) and is no label of its own."""
    scores = per_class(gold, pred, (*LABELS, MISSED))
    present = [label for label in LABELS if label in set(gold) | set(pred)]
    return sum(scores[label]["f1"] for label in present) / len(present) if present else 0.0


def figures(result: Outcome) -> dict[str, Any]:
    """Accuracy and macro-F1 overall and per phenomenon; document accuracy."""

    def block(pairs: list[tuple[str, str, list[str]]]) -> dict[str, Any]:
        gold = [g for g, _, _ in pairs]
        pred = [p for _, p, _ in pairs]
        if not pairs:
            return {"n": 0}
        return {
            "n": len(pairs),
            "accuracy": round(accuracy(gold, pred), 4),
            "macro_f1": round(ticker_macro_f1(gold, pred), 4),
        }

    per = {p: block([i for i in result.items if p in i[2]]) for p in PHENOMENA}
    docs = result.documents
    return {
        "tickers": block(result.items),
        "phenomena": per,
        "missed": sum(p == MISSED for _, p, _ in result.items),
        "documents": block(docs),
        "documents_one_subject": block([d for d in docs if "single-subject" in d[2]]),
        "documents_neutral_kinds": {
            kind: {
                "n": len(sel := [d for d in docs if kind in d[2]]),
                "neutral": sum(p == "neutral" for _, p, _ in sel),
            }
            for kind in NEUTRAL_DOCUMENTS
        },
    }


def intervals(result: Outcome) -> dict[str, list[float]]:
    """95% intervals of the ticker macro-F1 and the document accuracy from resampling the
    split's texts (a text's items drawn together; :func:`sentiment.metrics.bootstrap_interval`)."""
    by_text = grouped(result.item_texts, [(gold, pred) for gold, pred, _ in result.items])
    documents = [[(gold, pred)] for gold, pred, _ in result.documents]
    tickers = bootstrap_interval(by_text, ticker_macro_f1)
    found = bootstrap_interval(documents, accuracy)
    return {
        "ticker_macro_f1": [round(x, 4) for x in tickers],
        "document_accuracy": [round(x, 4) for x in found],
    }


def systems(
    classifier: CachedClassifier, ablations: bool, own: CachedClassifier | None = None
) -> dict[str, Analyzer]:
    """The systems compared; ``own``: the same model folder with its pairs scored by the main
    weights (the behaviour before the target model; default ``classifier``)."""
    own = own or classifier
    shipped: dict[str, Any] = {
        "link_references": False,
        "readings": False,
        "document_follows_tickers": False,
        "ticker_band_margin": 0.0,
        "verdict_weight": 1.0,
    }
    found = {
        "shipped": Analyzer(classifier=own, **shipped),
        "new": Analyzer(classifier=classifier),
    }
    if ablations:
        default = found["new"].result_settings()
        for feature, off in shipped.items():
            if default.get(feature) != off:  # a feature whose default is already off has no column
                found[f"new without {feature}"] = Analyzer(classifier=classifier, **{feature: off})
        if own is not classifier:
            found["new without target_model"] = Analyzer(classifier=own)
    return found


def evaluate(
    rows: list[dict[str, Any]],
    analyzers: dict[str, Analyzer],
    with_intervals: bool = False,
    second: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Each system's figures on ``rows``; ``with_intervals``: the new system's (and the second
    reader's) also carry :func:`intervals`; ``second``: :func:`second_labels`, scored as the
    system ``second reader`` where every row has them."""
    texts = [row["text"] for row in rows]
    runs = {name: a.analyze_many(texts) for name, a in analyzers.items()}
    band = aggregate.NEUTRAL_BAND
    labelled = {}
    if "shipped" in runs:
        labelled["plain"] = outcome(rows, runs["shipped"], lambda r: plain_tickers(r, band))
    for name, results in runs.items():
        labelled[name] = outcome(rows, results, lambda r: {t.ticker: t.label for t in r.tickers})
    other = second_reader(rows, second or {})
    if other is not None:
        labelled[SECOND_READER] = other
    found = {name: figures(result) for name, result in labelled.items()}
    for name in ("new", SECOND_READER):
        if with_intervals and name in labelled:
            found[name]["intervals"] = intervals(labelled[name])
    return found


def tune(rows: list[dict[str, Any]], classifier: CachedClassifier) -> list[dict[str, Any]]:
    """Three sweeps on validation: the link weights (for references, and for the other
    sentences of a one-company note) at the shipped ratios, the readings' odds ratios
    (polar, neutral) at the shipped weights, and the ticker band's margin."""
    shipped = (
        attribution.LINK_WEIGHTS["pronoun"],
        attribution.LINK_WEIGHTS["subject"],
        weighing.READING_RATIO,
        weighing.NEUTRAL_READING_RATIO,
        aggregate.TICKER_BAND_MARGIN,
    )
    configs = [(r, s, *shipped[2:]) for r, s in itertools.product(*LINK_GRID)]
    configs += [(*shipped[:2], p, n, shipped[4]) for p, n in itertools.product(*RATIOS)]
    configs += [(*shipped[:4], m) for m in MARGINS]
    return sorted(
        (_tried(rows, classifier, config) for config in dict.fromkeys(configs)),
        key=lambda g: (-g["ticker_macro_f1"], -(g["document_accuracy"] or 0)),
    )


def _tried(
    rows: list[dict[str, Any]], classifier: CachedClassifier, config: tuple[float, ...]
) -> dict[str, Any]:
    """The new system's figures with one set of weights (the module constants swapped in
    for the run, then put back)."""
    linked, subject, ratio, neutral, margin = config
    saved = (dict(attribution.LINK_WEIGHTS), weighing.READING_RATIO, weighing.NEUTRAL_READING_RATIO)
    references = ("pronoun", "noun", "management", "we", "heading")
    try:
        attribution.LINK_WEIGHTS.update({m: linked for m in references}, subject=subject)
        weighing.READING_RATIO, weighing.NEUTRAL_READING_RATIO = ratio, neutral
        analyzer = Analyzer(classifier=classifier, ticker_band_margin=margin)
        result = evaluate(rows, {"new": analyzer})["new"]
    finally:
        attribution.LINK_WEIGHTS.update(saved[0])
        weighing.READING_RATIO, weighing.NEUTRAL_READING_RATIO = saved[1], saved[2]
    return {
        "reference_weight": linked,
        "subject_weight": subject,
        "reading_ratio": ratio,
        "neutral_ratio": neutral,
        "ticker_band_margin": margin,
        "ticker_macro_f1": result["tickers"]["macro_f1"],
        "document_accuracy": result["documents"].get("accuracy"),
    }


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Per-ticker and document sentiment on the hand-written notes",
        "",
        "Written by `python -m evaluation.evaluate_notes` from `corpora/notes/*.jsonl` (data card:",
        "[corpora/notes/README.md](../corpora/notes/README.md)). Systems: **plain** (a ticker's",
        "score is the weighted mean of the plain scores of the sentences naming it), **shipped**",
        "(the Analyzer with links, readings, the document rule and the ticker band's margin",
        "off, the verdict weight at 1 and no target model: the behaviour before issue 18),",
        "**previous run**",
        "(where given, `--previous`: the *new* figures of the run this report replaced, the",
        "main line before the last change),",
        "**new** (the Analyzer as shipped now), and, on the parts that have them, the **second",
        "reader** (a second annotator's labels of the same texts, read cold, scored against the",
        "gold labels as a system's are: how far two careful readers agree). An item whose",
        "ticker the finder does not find counts as wrong for every system (`missed`); the",
        "*missed* count is the new system's.",
        "",
        f"Model: `{report['model']}`.",
    ]
    for split, by_system in report["splits"].items():
        order = ["plain", "shipped", PREVIOUS, "new", SECOND_READER]
        by_system = {
            name: by_system[name]
            for name in sorted(by_system, key=lambda n: order.index(n) if n in order else 9)
        }
        names = list(by_system)
        first = by_system[names[0]]
        lines += [
            "",
            f"## {split}",
            "",
            f"{first['tickers']['n']} (text, ticker) items, of which {first['missed']} have a "
            f"ticker the finder misses{_missed_before(by_system)}; "
            f"{first['documents']['n']} documents with a label.",
            *_intervals_line(by_system.get("new", {})),
            *_intervals_line(by_system.get(SECOND_READER, {}), "second reader's"),
            "",
            "| figure | n | " + " | ".join(names) + " |",
            "|---|---|" + "---|" * len(names),
        ]
        lines.append(_row("ticker macro-F1", first["tickers"], by_system, "tickers", "macro_f1"))
        lines.append(_row("ticker accuracy", first["tickers"], by_system, "tickers", "accuracy"))
        for p in PHENOMENA:
            lines.append(
                _row(
                    f"macro-F1, {p}", first["phenomena"][p], by_system, ("phenomena", p), "macro_f1"
                )
            )
        lines.append(
            _row("document accuracy", first["documents"], by_system, "documents", "accuracy")
        )
        lines.append(
            _row(
                "document accuracy, one-company notes",
                first["documents_one_subject"],
                by_system,
                "documents_one_subject",
                "accuracy",
            )
        )
        for kind in NEUTRAL_DOCUMENTS:
            n = first["documents_neutral_kinds"][kind]["n"]
            cells = [str(s["documents_neutral_kinds"][kind]["neutral"]) for s in by_system.values()]
            lines.append(f"| {kind} documents labelled neutral | {n} | " + " | ".join(cells) + " |")
    if report.get("tuning"):
        lines += [
            "",
            "## Tuning (validation)",
            "",
            "The best ten of the grid, by ticker macro-F1 then document accuracy:",
            "",
            "| reference weight | subject weight | reading ratio | neutral ratio "
            "| ticker band margin | ticker macro-F1 | document accuracy |",
            "|---|---|---|---|---|---|---|",
        ]
        for g in report["tuning"][:10]:
            lines.append(
                f"| {g['reference_weight']} | {g['subject_weight']} | {g['reading_ratio']} | "
                f"{g['neutral_ratio']} | {g['ticker_band_margin']} | "
                f"{g['ticker_macro_f1']:.4f} | {g['document_accuracy']} |"
            )
        lines += _margins(report["tuning"])
    return "\n".join(lines) + "\n"


def _intervals_line(system: dict[str, Any], whose: str = "new system's") -> list[str]:
    """A system's figures with their 95% intervals, where the run computed them."""
    found = system.get("intervals")
    if not found:
        return []
    tickers, documents = found["ticker_macro_f1"], found["document_accuracy"]
    line = (
        f"The {whose} ticker macro-F1 {system['tickers']['macro_f1']:.3f} has a 95% interval "
        f"of {tickers[0]:.3f}-{tickers[1]:.3f}"
    )
    if system["documents"]["n"]:
        line += (
            f", its document accuracy {system['documents']['accuracy']:.3f} one of "
            f"{documents[0]:.3f}-{documents[1]:.3f}"
        )
    return [
        "",
        line + f" ({INTERVAL_DRAWS:,} samples of the split's texts drawn with replacement: how "
        "far a figure could move on other texts like these).",
    ]


def _missed_before(by_system: dict[str, Any]) -> str:
    previous = by_system.get(PREVIOUS)
    return f" ({previous['missed']} in the previous run)" if previous else ""


def _margins(tuning: list[dict[str, Any]]) -> list[str]:
    """The ticker band margin's sweep (the other weights as shipped) and the margin the
    rule picks: the smallest within MARGIN_TIE of the best ticker macro-F1."""
    shipped = (
        attribution.LINK_WEIGHTS["pronoun"],
        attribution.LINK_WEIGHTS["subject"],
        weighing.READING_RATIO,
        weighing.NEUTRAL_READING_RATIO,
    )
    sweep = sorted(
        (
            g
            for g in tuning
            if (g["reference_weight"], g["subject_weight"], g["reading_ratio"], g["neutral_ratio"])
            == shipped
        ),
        key=lambda g: g["ticker_band_margin"],
    )
    if not sweep:
        return []
    best = max(g["ticker_macro_f1"] for g in sweep)
    pick = next(g for g in sweep if g["ticker_macro_f1"] >= best - MARGIN_TIE)
    lines = [
        "",
        "The ticker band's margin (a ticker's label is neutral within the document band plus",
        f"the margin), the other weights as shipped; the rule takes the smallest margin within "
        f"{MARGIN_TIE} of the best: **{pick['ticker_band_margin']}** "
        f"(shipped: {aggregate.TICKER_BAND_MARGIN}).",
        "",
        "| margin | ticker macro-F1 | document accuracy |",
        "|---|---|---|",
    ]
    lines += [
        f"| {g['ticker_band_margin']} | {g['ticker_macro_f1']:.4f} | {g['document_accuracy']} |"
        for g in sweep
    ]
    return lines


def _row(
    title: str, counted: dict[str, Any], by_system: dict[str, Any], path: Any, key: str
) -> str:
    path = path if isinstance(path, tuple) else (path,)
    cells = []
    for result in by_system.values():
        for part in path:
            result = result[part]
        cells.append(f"{result[key]:.3f}" if key in result else "-")
    return f"| {title} | {counted['n']} | " + " | ".join(cells) + " |"


def previous_figures(path: Path | None) -> dict[str, Any]:
    """split -> the 'new' system's figures of an earlier run's JSON report (none if no path
    or no such file)."""
    if path is None or not path.is_file():
        return {}
    splits = json.loads(path.read_text(encoding="utf-8")).get("splits", {})
    return {split: systems["new"] for split, systems in splits.items() if "new" in systems}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", action="append", choices=SPLITS)
    parser.add_argument(
        "--scored-splits", action="store_true", help="every split but train (reports/notes.md)"
    )
    parser.add_argument("--model", type=Path, help="a model folder (default: the shipped model)")
    parser.add_argument("--ablations", action="store_true", help="new with each feature off")
    parser.add_argument("--tune", action="store_true", help="the weights' grid on validation")
    parser.add_argument("--out", type=Path, default=OUT, help="report path, without suffix")
    parser.add_argument(
        "--previous",
        type=Path,
        help="an earlier run's .json: its 'new' figures become a column (before / after)",
    )
    args = parser.parse_args(argv)
    previous = previous_figures(args.previous)
    splits = list(SCORED_SPLITS) if args.scored_splits else args.split or ["validation"]
    classifier = CachedClassifier(args.model)
    own = CachedClassifier(args.model, target_model=False) if classifier.target_model else None
    name = "shipped" if args.model is None else str(args.model)
    model = f"{name} (fingerprint {model_fingerprint(classifier.model_dir)[:12]})"
    report: dict[str, Any] = {"model": model, "splits": {}}
    second = second_labels()
    try:
        for split in splits:
            rows = load([split])
            report["splits"][split] = evaluate(
                rows, systems(classifier, args.ablations, own), with_intervals=True, second=second
            )
            if split in previous:
                report["splits"][split][PREVIOUS] = previous[split]
        if args.tune:
            report["tuning"] = tune(load(["validation"]), classifier)
    finally:
        classifier.save()
        if own is not None:
            own.save()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(markdown(report), encoding="utf-8")
    print(markdown(report))


if __name__ == "__main__":
    main()
