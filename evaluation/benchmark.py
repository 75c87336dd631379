"""Speed benchmark: our model against a BERT-base-size classifier, documents, start-up, memory.

Run from the repository root (take final figures on an otherwise idle machine)::

    python -m evaluation.benchmark                          # models/finsent-minilm, 5 repeats
    python -m evaluation.benchmark --model /tmp/smoke --quick   # small sizes, a smoke run
    python -m evaluation.benchmark --profile                # adds a cProfile of analyze_many
    python -m evaluation.benchmark --only precisions        # re-measure one section only

Everything runs in one process on the same inputs (notes from ``evaluation/make_notes.py``,
fixed seed), fp32 (and, on the CPU, each precision side by side with BERT-base: see
evaluation/bench/precision.py), with the same torch thread count; each figure is the MEDIAN of
``--repeats`` timed runs after one untimed warm-up run. Start-up and peak memory are
measured in fresh subprocesses. The Markdown goes to stdout and ``--out``, the raw numbers
to the same path with ``.json``; progress goes to stderr.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from evaluation.bench.environment import environment, training_running
from evaluation.bench.inputs import sentence_set, token_counts
from evaluation.bench.load import load_since, measured, snapshot, under_load
from evaluation.bench.precision import bench_precisions
from evaluation.bench.report import render
from evaluation.bench.settings import BATCH_SIZE, DEFAULT_MODEL, QUICK, ROOT, SEED, Sizes, console
from evaluation.bench.speed import bench_documents, bench_scale, bench_sentences, profile_documents
from evaluation.bench.startup import bench_cli, bench_process
from evaluation.bench.timing import TimedClassifier
from evaluation.make_notes import make_corpus, make_note, write_corpus
from training.model_card import checkpoint_params


def run_all(
    model_dir: Path, sizes: Sizes, repeats: int, device: str, backend: str, profile: bool, tmp: Path
) -> dict[str, Any]:
    """Every measurement, in one process, on the same inputs; returns the raw results."""
    import torch

    from sentiment.api import Analyzer
    from sentiment.classifier import SentenceClassifier

    start = snapshot()
    sync = torch.cuda.synchronize if device == "cuda" else (lambda: None)
    inner = SentenceClassifier(
        model_dir, device=device, batch_size=BATCH_SIZE, backend=backend, precision="fp32"
    )
    timer = TimedClassifier(inner, sync)
    analyzer = Analyzer(model_dir=model_dir, device=device, classifier=timer)
    params = checkpoint_params(model_dir)
    res: dict[str, Any] = {
        "environment": environment(model_dir, params, device),
        "backend": inner.backend,
        "repeats": repeats,
        "sizes": sizes.__dict__,
    }
    notes = make_corpus(sizes.notes, SEED)
    sentences = sentence_set(analyzer.nlp, notes, sizes.sentences)
    res["sentence_tokens_mean"] = statistics.mean(token_counts(inner.tokenizer, sentences))
    measured(
        res,
        "sentences",
        lambda: bench_sentences(analyzer, params, model_dir, sentences, repeats, device, sync),
    )
    if device == "cpu":
        measured(res, "precisions", lambda: bench_precisions(model_dir, sentences, repeats))
    tokens = sum(token_counts(inner.tokenizer, notes))
    measured(
        res, "documents", lambda: bench_documents(analyzer, timer, notes, tokens, repeats, sync)
    )
    measured(
        res,
        "scale",
        lambda: bench_scale(analyzer, timer, inner.tokenizer, sizes.scale_pages, repeats, sync),
    )
    if profile:
        res["profile"] = profile_documents(analyzer, notes)
    note = write_corpus([make_note(random.Random(SEED), 2.0)], tmp)[0]
    measured(res, "cli", lambda: bench_cli(model_dir, note, sizes.cli_runs))
    measured(res, "process", lambda: bench_process(model_dir, sizes.notes, device, backend))
    env = res["environment"]
    env["training_running_at_end"] = training_running()
    total = load_since(start)
    env["other_processes_cpu_s"], env["wall_s"] = total["other_cpu_s"], total["wall_s"]
    res["under_load"] = under_load(env)
    return res


def run_precisions(model_dir: Path, sizes: Sizes, repeats: int, out: Path) -> dict[str, Any]:
    """The last full run's results (``out``'s JSON) with the precision section measured anew
    on the same sentences: for a re-run of that section alone."""
    from sentiment.api import Analyzer

    res = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    notes = make_corpus(sizes.notes, SEED)
    sentences = sentence_set(Analyzer(model_dir=model_dir).nlp, notes, sizes.sentences)
    env = environment(model_dir, checkpoint_params(model_dir), "cpu")
    start = snapshot()
    part = bench_precisions(model_dir, sentences, repeats)
    total = load_since(start)
    part["measured"] = {"date": env["date"], "code": env["code"], **total}
    res["precisions"] = part
    return res


def main(
    model: Annotated[Path, typer.Option("--model", help="Model folder.")] = DEFAULT_MODEL,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Timed runs per figure.")] = 5,
    quick: Annotated[bool, typer.Option("--quick", help="Small sizes, for a smoke run.")] = False,
    device: Annotated[str, typer.Option("--device", help="cpu or cuda.")] = "cpu",
    backend: Annotated[str, typer.Option("--backend", help="auto, onnx or torch.")] = "auto",
    threads: Annotated[int, typer.Option("--threads", min=0, help="0: torch default.")] = 0,
    profile: Annotated[bool, typer.Option("--profile", help="Add a cProfile.")] = False,
    only: Annotated[
        str,
        typer.Option("--only", help="precisions: re-measure that section into --out's report."),
    ] = "",
    out: Annotated[Path, typer.Option("--out", help="Markdown report; JSON next to it.")] = (
        ROOT / "reports" / "benchmark.md"
    ),
) -> None:
    """Measure sentence, document, start-up and memory figures; write Markdown and JSON."""
    import torch

    if device not in ("cpu", "cuda"):
        raise typer.BadParameter("--device must be cpu or cuda")
    if threads:  # the subprocesses inherit the setting through OMP_NUM_THREADS
        torch.set_num_threads(threads)
        os.environ["OMP_NUM_THREADS"] = str(threads)
    if training_running():
        console.print("[yellow]warning: a training run is going; figures are under load")
    sizes = QUICK if quick else Sizes()
    if only not in ("", "precisions"):
        raise typer.BadParameter("--only takes precisions")
    if only:
        res = run_precisions(model, sizes, repeats, out)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            res = run_all(model, sizes, repeats, device, backend, profile, Path(tmp))
    report = render(res)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(report)
    console.print(f"wrote {out} and {out.with_suffix('.json')}")


if __name__ == "__main__":
    typer.run(main)
