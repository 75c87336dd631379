"""Choose the int8 recipe's rescoring margin on sentences that are not test sentences.

Run from the repository root::

    python -m evaluation.choose_int8 --corpora ../shared/corpora [--sensitivity]

The selection sentences: the validation split of FPB and TFNS (our hash split) and
``--notes-sentences`` sentences of generated notes with seed ``SEED + 1`` (the shipped
agreement set uses ``SEED``; the test split is never read). Each model input is scored once
at fp32 (``model.onnx``) and once with the int8 graph without rescoring; the labels a margin
``m`` gives then follow exactly (rows whose int8 top two logits are closer than ``m`` take
the fp32 logits, windows merged as ``SentenceClassifier`` merges them). The rule, fixed
before any test sentence was scored: the smallest candidate margin whose label agreement
with fp32 on the selection sentences is at least ``TARGET`` (99.7%: 99% plus a safety band
for sampling error). ``--sensitivity`` also quantises all but one MatMul node at a
time and reports the agreement and mean probability change of each (slow: a minute a node).
Writes ``reports/int8_choice.md`` and ``.json``; copy the chosen margin into
``sentiment/precision.py`` (``INT8_RESCORE_MARGIN``).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Annotated, Any

import numpy
import typer

from evaluation.bench.inputs import sentence_set
from evaluation.bench.settings import ROOT, SEED, console
from evaluation.make_notes import make_corpus
from evaluation.options import SHIPPED_MODEL, CorporaOption, ModelOption
from sentiment import precision
from sentiment.backends import OnnxClassifier
from sentiment.classifier import SentenceClassifier, _softmax
from training.corpora import SENTENCE_SETS, load_split, resolve_corpora

TARGET = 0.997
MARGINS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.0, 1.5)


def window_logits(classifier: SentenceClassifier, model: Any, texts: list[str]) -> Any:
    """Logits of every model input (window) of ``texts``, in window order."""
    windows = classifier.preprocess(texts)
    logits = numpy.zeros((len(windows), len(classifier.labels)), numpy.float32)
    for batch in classifier._batches(windows):
        logits[batch] = model(classifier._tensors([windows[i] for i in batch]))
    return logits


def labels_from(classifier: SentenceClassifier, texts: list[str], logits: Any) -> list[str]:
    """Sentence labels from window logits, merged as ``SentenceClassifier.predict`` does."""
    windows = classifier.preprocess(texts)
    probs = _softmax(logits / classifier.temperature).tolist()
    return [p.label for p in classifier.postprocess(len(texts), windows, probs)]


def close_calls(logits: Any, margin: float) -> Any:
    """Rows whose top two logits are closer than ``margin`` (RescoringClassifier's rule)."""
    top_two = numpy.sort(logits, axis=-1)[:, -2:]
    return top_two[:, 1] - top_two[:, 0] < margin


def margin_curve(
    classifier: SentenceClassifier, texts: list[str], fp32: Any, int8: Any
) -> list[dict[str, float]]:
    """For each candidate margin: share of inputs rescored, label agreement with fp32."""
    reference = labels_from(classifier, texts, fp32)
    rows = []
    for margin in MARGINS:
        close = close_calls(int8, margin)
        mixed = numpy.where(close[:, None], fp32, int8)
        labels = labels_from(classifier, texts, mixed)
        same = sum(a == b for a, b in zip(labels, reference)) / len(texts)
        rows.append({"margin": margin, "rescored": float(close.mean()), "agreement": same})
    return rows


def shipped_graph(model_dir: Path) -> Any:
    """``model.onnx`` with its weights folded into plain fp32 initializers."""
    import onnx

    graph = onnx.load(str(model_dir / "model.onnx"), load_external_data=True)
    precision._fold_weight_casts(graph)
    return graph


def int8_session(model_dir: Path, folder: Path, keep: tuple[str, ...] = ()) -> Any:
    """An ONNX Runtime model over the int8 recipe's graph, ``keep`` left at fp32."""
    out = folder / "int8.onnx"
    precision.quantise_graph(shipped_graph(model_dir), out, keep)
    return OnnxClassifier(model_dir, None, out)


def sensitivity(
    classifier: SentenceClassifier, texts: list[str], fp32: Any, folder: Path
) -> dict[str, dict[str, float]]:
    """Each quantised MatMul kept at fp32 alone: agreement and mean |probability change|."""
    graph = shipped_graph(classifier.model_dir)
    weights = {init.name for init in graph.graph.initializer}
    names = [n.name for n in graph.graph.node if n.op_type == "MatMul" and n.input[1] in weights]
    reference = labels_from(classifier, texts, fp32)
    p_ref = _softmax(fp32 / classifier.temperature)
    found = {}
    for name in names:
        logits = window_logits(
            classifier, int8_session(classifier.model_dir, folder, (name,)), texts
        )
        labels = labels_from(classifier, texts, logits)
        found[name] = {
            "agreement": sum(a == b for a, b in zip(labels, reference)) / len(texts),
            "mean_abs_dp": float(
                numpy.abs(_softmax(logits / classifier.temperature) - p_ref).mean()
            ),
        }
        console.print(f"kept {name} at fp32: {found[name]}")
    return found


def measure(corpora: Path, model_dir: Path, notes: int, with_sensitivity: bool) -> dict[str, Any]:
    """Every figure of the report."""
    from sentiment import Analyzer

    classifier = SentenceClassifier(model_dir, batch_size=16, precision="fp32", backend="onnx")
    texts = {
        name: [ex.text for ex in load_split(corpora, (name,), "validation")]
        for name in SENTENCE_SETS
    }
    nlp = Analyzer(model_dir=model_dir).nlp
    texts["notes"] = sentence_set(nlp, make_corpus(60, SEED + 1), notes)
    every = [t for part in texts.values() for t in part]
    fp32 = window_logits(classifier, classifier.model, every)
    with tempfile.TemporaryDirectory(prefix="choose-int8-") as tmp:
        int8 = window_logits(classifier, int8_session(model_dir, Path(tmp)), every)
        curve = margin_curve(classifier, every, fp32, int8)
        chosen = next((row for row in curve if row["agreement"] >= TARGET), None)
        res: dict[str, Any] = {
            "sentences": {name: len(part) for name, part in texts.items()},
            "target": TARGET,
            "curve": curve,
            "chosen": chosen,
        }
        if with_sensitivity:
            res["sensitivity"] = sensitivity(classifier, every, fp32, Path(tmp))
    return res


def render(res: dict[str, Any]) -> str:
    """The Markdown report."""
    counts = ", ".join(f"{n} {k}" for k, n in res["sentences"].items())
    chosen = res["chosen"]
    lines = [
        "# int8: choosing the rescoring margin",
        "",
        f"`python -m evaluation.choose_int8` on {sum(res['sentences'].values())} selection "
        f"sentences ({counts}: FPB/TFNS validation split and generated notes, seed SEED+1; no "
        "test sentence). int8 = our recipe's graph (signed per-channel int8 weights, MatMul "
        "only). Rows whose int8 top two logits are closer than the margin are scored again at "
        "fp32.",
        "",
        "| margin (logits) | inputs rescored | labels = fp32 |",
        "|---:|---:|---:|",
        *(
            f"| {r['margin']:.2f} | {r['rescored']:.1%} | {r['agreement']:.2%} |"
            for r in res["curve"]
        ),
        "",
        f"Rule: the smallest margin with at least {res['target']:.1%} agreement: "
        + (
            f"**{chosen['margin']:.2f}** ({chosen['rescored']:.1%} rescored)."
            if chosen
            else "none reaches it."
        ),
    ]
    if "sensitivity" in res:
        lines += [
            "",
            "One node kept at fp32 at a time (margin 0): agreement and mean |Δp| against fp32.",
            "",
            "| node kept at fp32 | labels = fp32 | mean abs Δp |",
            "|---|---:|---:|",
            *(
                f"| {name} | {r['agreement']:.2%} | {r['mean_abs_dp']:.4f} |"
                for name, r in res["sensitivity"].items()
            ),
        ]
    return "\n".join(lines) + "\n"


def main(
    corpora: CorporaOption = None,
    model: ModelOption = SHIPPED_MODEL,
    notes_sentences: Annotated[int, typer.Option("--notes-sentences", min=10)] = 1000,
    with_sensitivity: Annotated[bool, typer.Option("--sensitivity/--no-sensitivity")] = False,
    out: Annotated[Path, typer.Option("--out")] = ROOT / "reports" / "int8_choice.md",
) -> None:
    """Measure the margin curve (and node sensitivity); write the report."""
    res = measure(resolve_corpora(corpora), model, notes_sentences, with_sensitivity)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render(res), encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps(res, indent=1) + "\n", encoding="utf-8")
    console.print(render(res))
    console.print(f"wrote {out}")


if __name__ == "__main__":
    typer.run(main)
