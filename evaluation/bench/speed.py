"""In-process speed: sentences/s against the comparison systems, documents, scale, a profile."""

from __future__ import annotations

import cProfile
import io
import pstats
import random
import statistics
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evaluation.bench.harnesses import (
    TransformersHarness,
    bert_base,
    bert_base_onnx,
    ours_in_transformers,
)
from evaluation.bench.inputs import token_counts
from evaluation.bench.settings import SEED, console
from evaluation.bench.timing import TimedClassifier, summary, time_runs
from evaluation.make_notes import make_note


def bench_sentences(
    analyzer: Any,
    params: int,
    model_dir: Path,
    sentences: list[str],
    repeats: int,
    device: str,
    sync: Callable[[], None],
) -> dict[str, Any]:
    """Sentences/s of Analyzer.classify, of our checkpoint in transformers, and of BERT-base
    (in transformers/PyTorch as FinBERT users run it, and in ONNX Runtime like our backend)."""
    from sentiment.encoder import param_count

    rows = {}
    console.print(f"classify: {len(sentences)} sentences x {repeats}")
    runs = time_runs(lambda: analyzer.classify(sentences), repeats, sync)
    rows["ours_analyzer_classify"] = {**summary(runs), "params": params}
    for name, build in comparisons(model_dir, device):
        console.print(f"{name}: {len(sentences)} sentences x {repeats}")
        harness = build()
        runs = time_runs(lambda h=harness: h.predict(sentences), repeats, sync)
        rows[name] = {**summary(runs), "params": param_count(harness.model)}
        del harness
    add_speedups(rows, len(sentences))
    return rows


def comparisons(
    model_dir: Path, device: str
) -> list[tuple[str, Callable[[], TransformersHarness]]]:
    """(name, builder) of each comparison system; ONNX Runtime only on the CPU."""
    tmp = Path(tempfile.mkdtemp(prefix="bench-onnx-"))
    tokenizer_file = model_dir / "tokenizer.json"
    systems: list[tuple[str, Callable[[], TransformersHarness]]] = [
        ("ours_transformers_impl", lambda: ours_in_transformers(model_dir, device)),
        ("bert_base", lambda: bert_base(device, tokenizer_file)),
    ]
    if device == "cpu":
        systems.append(("bert_base_onnx", lambda: bert_base_onnx(tokenizer_file, tmp)))
    return systems


def add_speedups(rows: dict[str, dict[str, Any]], count: int) -> None:
    """Add sentences/s and the speed relative to BERT-base on each runtime to every row."""
    for row in rows.values():
        row["sentences_per_s"] = count / row["median_s"]
    base = rows["bert_base"]["sentences_per_s"]
    base_onnx = rows.get("bert_base_onnx", rows["bert_base"])["sentences_per_s"]
    for row in rows.values():
        row["speed_vs_bert_base"] = row["sentences_per_s"] / base
        row["speed_vs_bert_base_onnx"] = row["sentences_per_s"] / base_onnx


def bench_documents(
    analyzer: Any,
    timer: TimedClassifier,
    notes: list[str],
    tokens: int,
    repeats: int,
    sync: Callable[[], None],
) -> dict[str, Any]:
    """Docs/s and tokens/s of analyze_many, split into spaCy, model and the rest."""
    console.print(f"analyze_many: {len(notes)} notes x {repeats}")
    model_s: list[float] = []

    def run() -> None:
        timer.reset()
        analyzer.analyze_many(notes)
        model_s.append(timer.seconds)

    total = time_runs(run, repeats, sync)
    inputs, target_inputs = timer.inputs, timer.target_inputs
    spacy_runs = time_runs(
        lambda: list(analyzer.nlp.pipe(notes, batch_size=32)), repeats, lambda: None
    )
    median = statistics.median(total)
    spacy_s, model = statistics.median(spacy_runs), statistics.median(model_s[1:])
    return {
        **summary(total),
        "notes": len(notes),
        "tokens": tokens,
        "model_inputs": inputs,
        "target_inputs": target_inputs,
        "docs_per_s": len(notes) / median,
        "tokens_per_s": tokens / median,
        "spacy_s": spacy_s,
        "model_s": model,
        "other_s": max(0.0, median - spacy_s - model),
    }


def bench_scale(
    analyzer: Any,
    timer: TimedClassifier,
    tokenizer: Any,
    pages: Sequence[float],
    repeats: int,
    sync: Callable[[], None],
) -> list[dict[str, Any]]:
    """analyze() time against document length.

    Long texts get fewer runs (3 from 10 pages, 1 from 30) and, from 30 pages, no warm-up:
    by then the model is warm, and each run takes minutes if the cost is not linear.
    """
    return [scale_row(analyzer, timer, tokenizer, size, repeats, sync) for size in pages]


def scale_row(
    analyzer: Any,
    timer: TimedClassifier,
    tokenizer: Any,
    size: float,
    repeats: int,
    sync: Callable[[], None],
) -> dict[str, Any]:
    """analyze() time on one generated note of ``size`` pages (0: one paragraph)."""
    text = make_note(random.Random(SEED + int(size * 10)), size)
    tokens = token_counts(tokenizer, [text])[0]
    n = repeats if size < 10 else min(repeats, 3) if size < 30 else 1
    console.print(f"scale: {size:g} pages, {tokens} tokens x {n}")
    model_s: list[float] = []

    def run() -> None:
        timer.reset()
        analyzer.analyze(text)
        model_s.append(timer.seconds)

    runs = time_runs(run, n, sync, warmup=size < 30)
    return {
        "pages": size,
        "words": len(text.split()),
        "tokens": tokens,
        "model_inputs": timer.inputs,
        "repeats": n,
        **summary(runs),
        "model_s": statistics.median(model_s[-n:]),
        "s_per_1k_tokens": 1000 * statistics.median(runs) / tokens,
    }


def profile_documents(analyzer: Any, notes: list[str], top: int = 25) -> str:
    """cProfile of one analyze_many over the notes: the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.runcall(analyzer.analyze_many, notes)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()
