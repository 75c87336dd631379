"""Speed and label agreement of each precision (fp32, bf16, int8) of the shipped model.

Run from the repository root (take final figures on an otherwise idle machine)::

    python -m evaluation.measure_precision --corpora ../shared/corpora

Through the same ``Analyzer.classify`` path, on every test sentence of the sentence sets
(FPB, TFNS; our hash split), in one process: for each precision its sentences/s (median of
``--repeats`` runs, the precisions interleaved run by run after one untimed warm-up), its
label agreement with fp32, FPB and TFNS accuracy, and its load time. It also scores the
agreement set, ``--agreement-sentences`` sentences of notes from ``evaluation/make_notes.py``
(our own text, fixed seed), and writes them with their fp32 labels and both agreements to
``sentiment/resources/precision/agreement.json``: the file ``precision="auto"`` reads, and
that a test re-checks without the corpora. Writes ``reports/precision.md`` and ``.json``.
"""

from __future__ import annotations

import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from evaluation.bench.environment import environment
from evaluation.bench.inputs import sentence_set
from evaluation.bench.settings import ROOT, SEED, console
from evaluation.make_notes import make_corpus
from evaluation.options import SHIPPED_MODEL, CorporaOption, ModelOption
from sentiment.precision import (
    AGREEMENT_FILE,
    INT8_RESCORE_MARGIN,
    MIN_AGREEMENT,
    cpu_flags,
    native_precisions,
)
from training.corpora import SENTENCE_SETS, load_split, resolve_corpora
from training.model_card import checkpoint_params

PRECISIONS = ("fp32", "bf16", "int8")
AGREEMENT_PATH = ROOT / "sentiment" / "resources" / "precision" / AGREEMENT_FILE


def load_analyzers(model_dir: Path) -> tuple[dict[str, Any], dict[str, float]]:
    """One Analyzer per precision with its model loaded, and each load time (s). The int8
    graph is built into an empty cache folder first (its cold load), then loaded again."""
    from sentiment import Analyzer

    analyzers, load_s = {}, {}
    with tempfile.TemporaryDirectory() as cache:
        os.environ["SENTIMENT_CACHE_DIR"] = cache
        for precision in (*PRECISIONS, "int8"):
            analyzer = Analyzer(model_dir=model_dir, precision=precision)
            start = time.perf_counter()
            _ = analyzer.classifier
            key = precision if precision not in load_s else f"{precision}_cached"
            load_s[key] = time.perf_counter() - start
            analyzers[precision] = analyzer
        del os.environ["SENTIMENT_CACHE_DIR"]
    return analyzers, load_s


def labels_of(analyzer: Any, sentences: list[str]) -> list[str]:
    """The labels ``Analyzer.classify`` gives."""
    return [r.label for r in analyzer.classify(sentences)]


def timed_labels(
    analyzers: dict[str, Any], sentences: list[str], repeats: int
) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Labels and run times of each precision, interleaved run by run after a warm-up."""
    labels = {name: labels_of(a, sentences[:64]) for name, a in analyzers.items()}
    times: dict[str, list[float]] = {name: [] for name in analyzers}
    for run in range(repeats):
        for name, analyzer in analyzers.items():
            start = time.perf_counter()
            labels[name] = labels_of(analyzer, sentences)
            times[name].append(time.perf_counter() - start)
        console.print(
            f"run {run + 1}/{repeats}: " + ", ".join(f"{n} {t[-1]:.1f}s" for n, t in times.items())
        )
    return labels, times


def target_pairs(nlp: Any, sentences: list[str]) -> list[tuple[str, str]]:
    """(sentence, ticker as written) for each ticker's first mention in each sentence: the
    pairs the target model scores."""
    pairs = []
    for sentence, doc in zip(sentences, nlp.pipe(sentences)):
        seen = set()
        for mention in doc._.tickers or []:
            if mention.symbol not in seen:
                seen.add(mention.symbol)
                pairs.append((sentence, mention.text))
    return pairs


def share_same(a: list[str], b: list[str]) -> float:
    """Share of positions where two label lists agree."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


def measure(model_dir: Path, corpora: Path, repeats: int, n_agreement: int) -> dict[str, Any]:
    """Every figure of the report, in one process."""
    examples = {name: load_split(corpora, (name,), "test") for name in SENTENCE_SETS}
    sentences = [ex.text for name in SENTENCE_SETS for ex in examples[name]]
    gold = {name: [ex.label for ex in examples[name]] for name in SENTENCE_SETS}
    load_before = os.getloadavg()[0]
    analyzers, load_s = load_analyzers(model_dir)
    console.print(f"{len(sentences)} test sentences x {repeats} runs x {len(analyzers)} precisions")
    labels, times = timed_labels(analyzers, sentences, repeats)
    own = sentence_set(analyzers["fp32"].nlp, make_corpus(40, SEED), n_agreement)
    own_labels = {name: labels_of(a, own) for name, a in analyzers.items()}
    pairs = target_pairs(analyzers["fp32"].nlp, own)
    pair_labels = {
        name: [r.label for r in a.classify_targets(pairs)] for name, a in analyzers.items()
    }
    rows = {}
    for name in analyzers:
        start, accuracy = 0, {}
        for set_name in SENTENCE_SETS:
            part = labels[name][start : start + len(gold[set_name])]
            accuracy[set_name] = share_same(part, gold[set_name])
            start += len(gold[set_name])
        median = statistics.median(times[name])
        rows[name] = {
            "median_s": median,
            "runs_s": times[name],
            "sentences_per_s": len(sentences) / median,
            "speed_vs_fp32": statistics.median(times["fp32"]) / median,
            "accuracy": accuracy,
            "agreement_test": share_same(labels[name], labels["fp32"]),
            "agreement_shipped_set": share_same(own_labels[name], own_labels["fp32"]),
            "agreement_target_pairs": share_same(pair_labels[name], pair_labels["fp32"]),
            "load_s": load_s[name],
        }
    rows["int8"]["load_cached_s"] = load_s["int8_cached"]
    cascade = analyzers["int8"].classifier.model  # counts every int8 call above
    rows["int8"]["rescored_share"] = cascade.rescored / cascade.scored
    params = checkpoint_params(model_dir)
    return {
        "environment": environment(model_dir, params, "cpu"),
        "cpu_flags": sorted(f for f in cpu_flags() if "bf16" in f or "vnni" in f or "amx" in f),
        "native": native_precisions(cpu_flags()),
        "sentences": len(sentences),
        "repeats": repeats,
        "rows": rows,
        "load_average": [load_before, os.getloadavg()[0]],
        "agreement_sentences": own,
        "agreement_fp32_labels": own_labels["fp32"],
        "agreement_pairs": pairs,
        "agreement_pairs_fp32_labels": pair_labels["fp32"],
    }


def agreement_file(res: dict[str, Any]) -> dict[str, Any]:
    """The shipped agreement file's content (see :mod:`sentiment.precision`)."""
    return {
        "about": "Label agreement of each precision with fp32, written by "
        "evaluation/measure_precision.py; precision='auto' skips one below "
        f"{MIN_AGREEMENT:.0%} on any figure (target_pairs: the shipped set's (sentence, "
        "ticker) pairs, scored by the target model).",
        "test_sentences": res["sentences"],
        # reduced precisions the measuring CPU ran natively: elsewhere bf16 is emulated and
        # int8 keeps 7-bit weights, so a few labels differ from the figures below
        "native": res["native"],
        "agreement": {
            name: {
                "shipped_set": round(row["agreement_shipped_set"], 4),
                "test_sentences": round(row["agreement_test"], 4),
                "target_pairs": round(row["agreement_target_pairs"], 4),
            }
            for name, row in res["rows"].items()
            if name != "fp32"
        },
        "sentences": res["agreement_sentences"],
        "fp32_labels": res["agreement_fp32_labels"],
        "pairs": [list(pair) for pair in res["agreement_pairs"]],
        "pairs_fp32_labels": res["agreement_pairs_fp32_labels"],
    }


def load_note(res: dict[str, Any]) -> str:
    """The end of the sentence on the machine's load (1-minute load averages)."""
    if "load_average" not in res:
        return "."
    before, after = res["load_average"]
    return f"; load average {before:.1f} before and {after:.1f} after, on 2 cores."


def render(res: dict[str, Any]) -> str:
    """The Markdown report."""
    env = res["environment"]
    lines = [
        "# Precision: speed and labels of fp32, bf16 and int8",
        "",
        f"`python -m evaluation.measure_precision` on {res['sentences']} test sentences "
        f"({', '.join(s.upper() for s in SENTENCE_SETS)}, our hash split) through "
        f"`Analyzer.classify`, one process, median of {res['repeats']} interleaved runs.",
        f"CPU: {env.get('cpu', '?')}, {env.get('torch_threads', '?')} threads; "
        f"flags: {', '.join(res['cpu_flags']) or 'none of bf16/VNNI/AMX'} "
        f"(native here: {', '.join(res['native']) or 'neither'}). "
        "The machine was shared with other jobs: speeds are noisy (runs below)" + load_note(res),
        "",
        "| precision | sentences/s | × fp32 | FPB acc. | TFNS acc. | labels = fp32 (test) "
        "| labels = fp32 (shipped set) | labels = fp32 (target pairs) | load s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in res["rows"].items():
        acc = row["accuracy"]
        load = f"{row['load_s']:.2f}"
        if "load_cached_s" in row:
            load += f" (cached {row['load_cached_s']:.2f})"
        lines.append(
            f"| {name} | {row['sentences_per_s']:.0f} | {row['speed_vs_fp32']:.2f} "
            f"| {acc['fpb']:.3f} | {acc['tfns']:.3f} | {row['agreement_test']:.2%} "
            f"| {row['agreement_shipped_set']:.2%} | {row['agreement_target_pairs']:.2%} "
            f"| {load} |"
        )
    chosen = [
        n
        for n in res["native"]
        if min(
            res["rows"][n]["agreement_test"],
            res["rows"][n]["agreement_shipped_set"],
            res["rows"][n]["agreement_target_pairs"],
        )
        >= MIN_AGREEMENT
    ]
    lines += [
        "",
        f'`precision="auto"` here: **{chosen[0] if chosen else "fp32"}** (the first native '
        f"precision, bf16 before int8 on a CPU with AMX and int8 before bf16 elsewhere, whose "
        "agreement with fp32 is at least "
        f"{MIN_AGREEMENT:.0%} on every set; the target pairs are the shipped set's (sentence, "
        "ticker) pairs, scored by the target model at the same precision). fp32 is ONNX "
        "Runtime over the shipped graph; "
        "bf16 the PyTorch encoder with bfloat16 weights; int8 ONNX Runtime over a dynamically "
        "quantised graph (signed int8 weights per output channel, MatMul only) built from the "
        "shipped files at first use and cached; model inputs whose int8 top two logits are "
        "closer than "
        f"{INT8_RESCORE_MARGIN} are scored again at fp32 "
        f"({res['rows']['int8']['rescored_share']:.1%} of them here, included in its speed; "
        "margin chosen on non-test sentences: [int8_choice.md](int8_choice.md)). Load times "
        "include building the int8 graph (cold) and importing PyTorch for bf16 if no earlier "
        "load did.",
        "",
        "Runs (s): "
        + "; ".join(
            f"{n} {', '.join(f'{t:.2f}' for t in r['runs_s'])}" for n, r in res["rows"].items()
        ),
        "",
    ]
    return "\n".join(lines)


def main(
    corpora: CorporaOption = None,
    model: ModelOption = SHIPPED_MODEL,
    repeats: Annotated[int, typer.Option("--repeats", min=1)] = 5,
    agreement_sentences: Annotated[int, typer.Option("--agreement-sentences", min=10)] = 300,
    out: Annotated[Path, typer.Option("--out")] = ROOT / "reports" / "precision.md",
    write_agreement: Annotated[
        bool, typer.Option("--write-agreement/--no-write-agreement", help="Rewrite the file.")
    ] = True,
) -> None:
    """Measure each precision; write the report and the shipped agreement file."""
    res = measure(model, resolve_corpora(corpora), repeats, agreement_sentences)
    report = render(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    figures = {k: v for k, v in res.items() if not k.startswith("agreement_")}
    out.with_suffix(".json").write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if write_agreement:
        AGREEMENT_PATH.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(agreement_file(res), indent=1, ensure_ascii=False)
        AGREEMENT_PATH.write_text(text + "\n", encoding="utf-8")
    console.print(report)
    console.print(f"wrote {out}" + (f" and {AGREEMENT_PATH}" if write_agreement else ""))


if __name__ == "__main__":
    typer.run(main)
