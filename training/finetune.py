"""Continue training a shipped model on its training data plus synthetic comparisons (and,
with ``--notes``, the (target, sentence) pairs of the hand-written notes' train split).

The start model labels the training items itself (soft labels, so what it already knows is
kept: self-distillation), and synthetic comparison sentences (``training/comparisons.py``)
add (target, sentence) pairs where two companies get opposite labels. Early stopping on the
validation split, as everywhere; epoch 0 (the start model) is reported for comparison.

    python -m training.finetune --init models/finsent-minilm --out runs/compare --epochs 2
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict, replace
from pathlib import Path

import torch

from training import comparisons, note_pairs
from training import corpora as cp
from training import train as tr
from training.export_onnx import export_graph
from training.model_card import write_model_card


def one_hot(items: list[dict]) -> list[dict]:
    """Synthetic items keep their gold label, as a one-hot ``soft`` label."""
    return [
        {**it, "soft": [float(i == it["label"]) for i in range(len(tr.LABELS))]} for it in items
    ]


# Target-aware sets whose train pairs ``--target-gold`` adds with their gold labels: the
# sets with scored targets that note pairs (a passer-by is neutral) could pull away from.
GOLD_SETS = ("fiqa", "semeval_headlines", "semeval_microblogs")


def scored_targets(examples: list) -> list:
    """The (target, text) training pairs of :data:`GOLD_SETS`, in order."""
    return [ex for ex in examples if ex.target and ex.source in GOLD_SETS]


def teacher_logits(path: Path, examples: list, fallback: torch.Tensor) -> torch.Tensor:
    """A teacher's saved train logits (``{"train": tensor, "train_keys": [(text, target,
    source)]}``) in the order of ``examples``; rows the teacher never saw keep ``fallback``."""
    saved = torch.load(path)
    row = {tuple(key): i for i, key in enumerate(saved["train_keys"])}
    logits = fallback.clone()
    found = 0
    for i, ex in enumerate(examples):
        j = row.get(tr.example_key(ex))
        if j is not None:
            logits[i] = saved["train"][j]
            found += 1
    tr.log(f"teacher labels {found} of {len(examples)} training items")
    return logits


def run(args) -> dict:
    from transformers import AutoTokenizer

    started = time.time()
    init = Path(args.init)
    base_cfg = json.loads((init / "training_report.json").read_text())["config"]
    base_cfg["sets"] = tuple(base_cfg["sets"])
    cfg = replace(
        tr.TrainConfig(**base_cfg),
        seed=args.seed,
        epochs=args.epochs,
        learning_rate=args.lr,
        warmup_ratio=0.0,
        patience=1,
        extra={
            "soft_weight": args.soft_weight,
            "kd_temperature": 1.0,
            "comparisons": args.comparisons,
            "swap_targets": args.swap_targets,
            "notes": args.notes,
            "note_splits": args.note_splits,
            "target_gold": args.target_gold,
            "teacher": args.teacher,
        },
    )
    device = tr.resolve_device(args.device)
    tokenizer = AutoTokenizer.from_pretrained(init)
    model = tr.new_model(device, start=init)
    train_ex, train_items, val_ex, val_items = tr.load_data(
        cfg, cp.resolve_corpora(args.corpora), tokenizer
    )
    synthetic = comparisons.generate(args.comparisons, args.seed)
    synthetic += comparisons.swap_targets(train_ex, args.swap_targets, args.seed)
    if args.notes:
        found = note_pairs.generate(splits=args.note_splits.split(","))
        tr.log(f"note pairs {len(found)} ({args.note_splits}), each {args.notes} times")
        synthetic += found * args.notes
    if args.target_gold:
        gold = scored_targets(train_ex)
        tr.log(f"scored-target pairs {len(gold)}, each {args.target_gold} times")
        synthetic += gold * args.target_gold
    synth_items = tr.encode(tokenizer, synthetic, cfg.max_length, tr.marks(cfg))
    start_metrics = tr.per_source_metrics(
        val_ex, val_items, tr.predict_logits(model, tokenizer, val_items, 128, device)
    )
    tr.log(f"start: validation mean macro-F1 {tr.selection_score(start_metrics):.4f}")
    # the start model labels its own training items: what it knew is kept (self-distillation);
    # with --teacher, a stronger model's logits label the items it has seen instead
    soft = tr.predict_logits(model, tokenizer, train_items, 128, device)
    if args.teacher:
        soft = teacher_logits(Path(args.teacher), train_ex, soft)
    items = tr.with_soft_labels(train_items, soft, 1.0) + one_hot(synth_items)
    random.Random(args.seed).shuffle(items)
    best = tr.fit(model, tokenizer, cfg, items, val_ex, val_items, device)
    calibration = tr.calibrate(model, tokenizer, val_items, device)
    out = Path(args.out)
    tr.save_model(model, tokenizer, cfg, out, calibration["temperature"])
    report = {
        "init": str(init),
        "config": asdict(cfg),
        "synthetic_pairs": len(synth_items),
        "start": {"score": tr.selection_score(start_metrics), "metrics": start_metrics},
        "best_epoch": best["epoch"],
        "score": best["score"],
        "validation": best["metrics"],
        "history": best["history"],
        **calibration,
        "seconds": round(time.time() - started),
    }
    (out / "finetune_report.json").write_text(json.dumps(report, indent=2) + "\n")
    write_training_report(init, out, report, args)
    export_graph(out)
    return report


def write_training_report(init: Path, out: Path, report: dict, args) -> None:
    """The start model's training report, updated by this run, and the model card from it."""
    training = json.loads((init / "training_report.json").read_text())
    if "distillation" in training:
        training["distillation"].setdefault("seconds", training["train_seconds"])
    start = training.get(
        "reproduce", "python -m training.train --config training/configs/plain.json"
    )
    training.update(
        config=report["config"],
        best_epoch=report["best_epoch"],
        validation=report["validation"],
        temperature=report["temperature"],
        ece_validation=report["ece_validation"],
        history=report["history"],
        train_seconds=training["train_seconds"] + report["seconds"],
        script="training/finetune.py",
        reproduce=f"{start}, then python -m training.finetune --init DIR --epochs {args.epochs} "
        f"--comparisons {args.comparisons} --soft-weight {args.soft_weight}"
        + (f" --notes {args.notes}" if args.notes else "")
        + (f" --note-splits {args.note_splits}" if args.notes else "")
        + (f" --target-gold {args.target_gold}" if args.target_gold else ""),
        finetune={
            "start_score": report["start"]["score"],
            "start_validation": report["start"]["metrics"],
            "score": report["score"],
            "synthetic_pairs": report["synthetic_pairs"],
            "seconds": report["seconds"],
        },
    )
    (out / "training_report.json").write_text(json.dumps(training, indent=2) + "\n")
    write_model_card(out, training)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--init", default="models/finsent-minilm")
    parser.add_argument("--out", default="runs/finetune")
    parser.add_argument("--corpora")
    parser.add_argument("--comparisons", type=int, default=1500, help="synthetic sentences")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--lr", type=float, default=2e-5)
    parser.add_argument("--soft-weight", type=float, default=0.5)
    parser.add_argument("--teacher", help="saved teacher logits (.pt) to distil from")
    parser.add_argument(
        "--swap-targets",
        type=float,
        default=0.0,
        help="share of target examples also trained with the target renamed (label kept)",
    )
    parser.add_argument(
        "--notes",
        type=int,
        default=0,
        help="times each (target, sentence) pair of the notes' train split is added "
        "(training/note_pairs.py; 0: none)",
    )
    parser.add_argument(
        "--note-splits",
        default="train",
        help="comma-separated splits of corpora/notes the pairs come from (never test)",
    )
    parser.add_argument(
        "--target-gold",
        type=int,
        default=0,
        help="times each train pair of FiQA and the SemEval target sets is added with its "
        "gold label (0: none; they are always there once with the start model's soft label)",
    )
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    args = parser.parse_args()
    report = run(args)
    print(json.dumps({k: report[k] for k in ("start", "score", "best_epoch")}, indent=1)[:2000])


if __name__ == "__main__":
    main()
