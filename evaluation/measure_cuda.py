"""The classifier on a GPU: agreement with the CPU, and speed beside a BERT-base-size model.

Needs PyTorch with a CUDA device. Inputs: the benchmark's sentences (its generated notes split
by our segmenter) and (text, ticker) pairs from the hand-written notes in ``corpora/notes``.
A GPU machine without spaCy reads the sentences from a file made beforehand on any machine::

    python -m evaluation.measure_cuda --write-sentences .cuda/sentences.json   # here, spaCy
    python -m evaluation.measure_cuda --sentences .cuda/sentences.json          # on the GPU

Systems: our model on the CPU at fp32 (PyTorch, the reference every agreement is taken
against), on the GPU at fp32 (what ``device="cuda"`` runs) and at bf16 (``precision="bf16"``),
and a randomly initialised BERT-base (FinBERT's shape, ``evaluation.bench.harnesses``) on the
GPU at fp32 and bf16 with the same batching. Each speed is the median of ``--repeats`` timed
runs after one untimed warm-up. Markdown goes to ``--out``, raw numbers beside it as JSON.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Annotated, Any

import typer

from evaluation.bench.settings import BATCH_SIZE, DEFAULT_MODEL, ROOT, SEED
from evaluation.bench.timing import time_runs

NOTES = ROOT / "corpora" / "notes"
COUNT = 2048
BATCHES = (BATCH_SIZE, 256)


def benchmark_sentences(count: int) -> list[str]:
    """The benchmark's sentences: its generated notes as our segmenter splits them."""
    from evaluation.bench.inputs import sentence_set
    from evaluation.make_notes import make_corpus
    from sentiment.nlp import build_pipeline

    return sentence_set(build_pipeline(), make_corpus(count // 8, SEED), count)


def note_pairs(count: int) -> list[tuple[str, str]]:
    """(text, ticker) pairs of the hand-written notes, in file order."""
    pairs = []
    for path in sorted(NOTES.glob("notes-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            pairs += [(row["text"], item["ticker"]) for item in row["items"]]
    return pairs[:count]


def timed(repeats: int, run: Callable[..., Any], *args: Any) -> float:
    """Median seconds of ``repeats`` runs of ``run(*args)`` after one untimed warm-up, the
    GPU synchronised after each (the benchmark's :func:`time_runs`)."""
    import torch

    return statistics.median(time_runs(lambda: run(*args), repeats, torch.cuda.synchronize))


def agreement(reference: Sequence[Any], other: Sequence[Any]) -> dict[str, float]:
    """Share of equal labels and the largest score difference against the reference."""
    same = sum(a.label == b.label for a, b in zip(reference, other, strict=True))
    gap = max(abs(a.score - b.score) for a, b in zip(reference, other, strict=True))
    return {"labels_equal": same / len(reference), "max_score_gap": gap}


def measure(model_dir: Path, sentences: list[str], repeats: int) -> dict[str, Any]:
    """Every figure of the report, in one process, on the same inputs."""
    import torch

    from evaluation.bench.harnesses import bert_base
    from sentiment.classifier import SentenceClassifier

    pairs = note_pairs(len(sentences))
    texts, targets = [t for t, _ in pairs], [k for _, k in pairs]
    cpu = SentenceClassifier(model_dir, device="cpu", backend="torch")
    reference = {"sentences": cpu.predict(sentences), "pairs": cpu.predict(texts, targets)}
    res: dict[str, Any] = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "gpu": torch.cuda.get_device_name(),
        "torch": torch.__version__,
        "sentences": len(sentences),
        "pairs": len(pairs),
        "repeats": repeats,
        "target_model": cpu.target_dir is not None,
        "systems": {},
    }
    for precision in ("fp32", "bf16"):
        for batch in BATCHES:
            ours = SentenceClassifier(
                model_dir, device="cuda", precision=precision, batch_size=batch
            )
            row = {
                "sentences": agreement(reference["sentences"], ours.predict(sentences)),
                "pairs": agreement(reference["pairs"], ours.predict(texts, targets)),
                "sentences_s": timed(repeats, ours.predict, sentences),
                "pairs_s": timed(repeats, ours.predict, texts, targets),
            }
            res["systems"][f"ours {precision} batch {batch}"] = row
    tokenizer = model_dir / "tokenizer.json"
    for precision in ("fp32", "bf16"):
        base = bert_base("cuda", tokenizer)
        if precision == "bf16":
            base.model = base.model.to(torch.bfloat16)
        res["systems"][f"BERT-base {precision} batch {BATCH_SIZE}"] = {
            "sentences_s": timed(repeats, base.predict, sentences)
        }
    return res


def render(res: dict[str, Any]) -> str:
    """The report's Markdown."""
    base = res["systems"][f"BERT-base fp32 batch {BATCH_SIZE}"]["sentences_s"]
    lines = [
        "# The classifier on a GPU",
        "",
        "Written by `python -m evaluation.measure_cuda` "
        f"({res['date']}; {res['gpu']}; torch {res['torch']}). "
        f"{res['sentences']} benchmark sentences and {res['pairs']} (note, ticker) pairs of "
        "`corpora/notes`; agreement is against our model on the CPU at fp32 (PyTorch); "
        f"speeds are medians of {res['repeats']} runs after a warm-up, the same sentences for "
        "every system. BERT-base is randomly initialised (FinBERT's shape, the same batching). "
        + (
            "Pairs are scored by the target model."
            if res["target_model"]
            else "The model folder had no target model here, so its own weights score the pairs."
        ),
        "",
        "| system | sentence labels as on the CPU | largest score gap | pair labels as on the "
        "CPU | largest pair gap | sentences / s | pairs / s | speed against BERT-base fp32 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, row in res["systems"].items():
        cells = [name]
        for part in ("sentences", "pairs"):
            found = row.get(part)
            cells += (
                [f"{found['labels_equal']:.4f}", f"{found['max_score_gap']:.4f}"]
                if found
                else ["", ""]
            )
        cells.append(f"{res['sentences'] / row['sentences_s']:,.0f}")
        cells.append(f"{res['pairs'] / row['pairs_s']:,.0f}" if "pairs_s" in row else "")
        cells.append(f"{base / row['sentences_s']:.2f}x")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(
    model: Annotated[Path, typer.Option("--model", help="Model folder.")] = DEFAULT_MODEL,
    sentences: Annotated[
        Path | None, typer.Option("--sentences", help="A JSON list of sentences to read.")
    ] = None,
    write_sentences: Annotated[
        Path | None, typer.Option("--write-sentences", help="Write the sentences and stop.")
    ] = None,
    repeats: Annotated[int, typer.Option("--repeats", min=1, help="Timed runs per figure.")] = 5,
    out: Annotated[Path, typer.Option("--out", help="Markdown report; JSON next to it.")] = (
        ROOT / "reports" / "cuda.md"
    ),
) -> None:
    """Measure agreement with the CPU and speed on a GPU; write Markdown and JSON."""
    if write_sentences:
        write_sentences.parent.mkdir(parents=True, exist_ok=True)
        write_sentences.write_text(json.dumps(benchmark_sentences(COUNT)), encoding="utf-8")
        return
    import torch

    if not torch.cuda.is_available():
        raise SystemExit("error: PyTorch sees no CUDA device")
    inputs = (
        json.loads(sentences.read_text(encoding="utf-8"))
        if sentences
        else benchmark_sentences(COUNT)
    )
    res = measure(model, inputs, repeats)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(res), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, indent=2), encoding="utf-8")
    print(render(res))


if __name__ == "__main__":
    typer.run(main)
