"""Precisions side by side: ours at fp32, bf16 and int8 beside BERT-base at fp32 (FinBERT as
its users run it, transformers/PyTorch) and BERT-base at the same precision, on the same
sentences, in one process, the systems interleaved run by run."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from evaluation.bench.harnesses import OnnxHarness, TransformersHarness, bert_base, bert_base_onnx
from evaluation.bench.settings import console

PRECISIONS = ("fp32", "bf16", "int8")


class Bf16Harness(TransformersHarness):
    """A transformers model with bfloat16 weights (what ``.to(torch.bfloat16)`` gives)."""

    def __init__(self, harness: TransformersHarness) -> None:
        import torch

        self.__dict__.update(harness.__dict__)
        self.model = harness.model.to(torch.bfloat16)


def int8_onnx(harness: OnnxHarness, folder: Path) -> OnnxHarness:
    """``harness``'s graph quantised with our int8 recipe (sentiment.precision)."""
    import onnx
    import onnxruntime

    from sentiment.precision import quantise_graph

    graph = onnx.load(str(folder / "m.onnx"))
    quantise_graph(graph, folder / "m.int8.onnx")
    options = onnxruntime.SessionOptions()
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    harness.session = onnxruntime.InferenceSession(
        str(folder / "m.int8.onnx"), options, providers=["CPUExecutionProvider"]
    )
    return harness


def systems(model_dir: Path, folder: Path) -> dict[str, Callable[[Sequence[str]], Any]]:
    """name -> predict(sentences) of every system compared (CPU only)."""
    from sentiment import Analyzer

    tokenizer_file = model_dir / "tokenizer.json"
    found: dict[str, Callable[[Sequence[str]], Any]] = {}
    for precision in PRECISIONS:
        analyzer = Analyzer(model_dir=model_dir, precision=precision)
        _ = analyzer.classifier  # loaded before timing
        found[f"ours {precision}"] = analyzer.classify
    found["BERT-base fp32 (PyTorch)"] = bert_base("cpu", tokenizer_file).predict
    found["BERT-base bf16 (PyTorch)"] = Bf16Harness(bert_base("cpu", tokenizer_file)).predict
    found["BERT-base fp32 (ONNX Runtime)"] = bert_base_onnx(tokenizer_file, folder).predict
    found["BERT-base int8 (ONNX Runtime)"] = int8_onnx(
        bert_base_onnx(tokenizer_file, folder), folder
    ).predict
    return found


SAME_PRECISION = {
    "fp32": "BERT-base fp32 (ONNX Runtime)",
    "bf16": "BERT-base bf16 (PyTorch)",
    "int8": "BERT-base int8 (ONNX Runtime)",
}


def bench_precisions(model_dir: Path, sentences: list[str], repeats: int) -> dict[str, Any]:
    """Sentences/s of each system (median of ``repeats`` interleaved runs after a warm-up)
    and, for ours, the speed against BERT-base fp32 and BERT-base at the same precision."""
    with tempfile.TemporaryDirectory(prefix="bench-precision-") as tmp:
        found = systems(model_dir, Path(tmp))
        for predict in found.values():
            predict(sentences[:64])
        runs: dict[str, list[float]] = {name: [] for name in found}
        for run in range(repeats):
            for name, predict in found.items():
                start = time.perf_counter()
                predict(sentences)
                runs[name].append(time.perf_counter() - start)
            console.print(f"precisions: run {run + 1}/{repeats}")
    rows = {name: {"median_s": statistics.median(r), "runs_s": r} for name, r in runs.items()}
    for row in rows.values():
        row["sentences_per_s"] = len(sentences) / row["median_s"]
    base = rows["BERT-base fp32 (PyTorch)"]["sentences_per_s"]
    for precision in PRECISIONS:
        row = rows[f"ours {precision}"]
        row["vs_bert_base_fp32"] = row["sentences_per_s"] / base
        same = rows[SAME_PRECISION[precision]]["sentences_per_s"]
        row["vs_bert_base_same_precision"] = row["sentences_per_s"] / same
    return {"sentences": len(sentences), "rows": rows}


def render_precisions(res: dict[str, Any]) -> list[str]:
    """The report section."""
    part = res.get("precisions")
    if not part:
        return []
    lines = [
        "",
        f"## Precisions side by side ({part['sentences']} sentences from generated notes, "
        "interleaved runs, one process)",
        "",
        *(
            [
                f"Measured {part['measured']['date']} (code {part['measured']['code']}), "
                f"apart from the rest of this report (`--only precisions`); other processes "
                f"used {part['measured']['other_cpu_s']} CPU s in its {part['measured']['wall_s']}"
                " s: ratios of interleaved runs hold better than absolute speeds under load.",
                "",
            ]
            if "measured" in part
            else []
        ),
        "| system | sentences/s | vs BERT-base fp32 (PyTorch) | vs BERT-base, same precision |",
        "|---|---:|---:|---:|",
    ]
    for name, row in part["rows"].items():
        ours = "vs_bert_base_fp32" in row
        lines.append(
            f"| {name} | {row['sentences_per_s']:.0f} | "
            + (
                f"{row['vs_bert_base_fp32']:.1f}x | {row['vs_bert_base_same_precision']:.1f}x "
                f"({SAME_PRECISION[name.split()[1]]}) |"
                if ours
                else "| |"
            )
        )
    lines += [
        "",
        "bf16 is fast only on a CPU with native bf16; int8 is our recipe (signed per-channel "
        "weights, MatMul only) on both models, and ours also rescores its close calls at fp32 "
        "(BERT-base int8 does not). Labels: [precision.md](precision.md).",
    ]
    return lines
