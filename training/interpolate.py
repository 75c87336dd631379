"""Weight-space ensembling of a start model and models fine-tuned from it (WiSE-FT).

    weights = (1 - alpha) * start + alpha * mean(fine-tuned models)

The comparison fine-tune (``training/finetune.py``) teaches the model to score two companies
of one sentence apart, but alone it drifts on real sentences (FPB, microblogs). Averaging its
weights with those of the model it started from keeps most of both (Wortsman et al. 2022,
"Robust fine-tuning of zero-shot models"); it works because both lie in one basin. Several
fine-tunes with different seeds are averaged first (a "model soup").

``--partners`` (the same option) also takes models made by ``train.py`` or ``distill.py``
from the same base encoder: two separately trained students mix too, though they share less
of a basin (mixing this project's last two distilled students lost 0.5-1 point of validation
accuracy). The card then names each partner with its own recipe, and the licences become the
union of both models' licences. A start model that is itself a mix is refused.

``alpha`` is chosen on the validation split from a grid, by pooled accuracy: every validation
item counts once. (Early stopping's score, the mean of per-set macro-F1, weighs the 64 FiQA
items as much as the 1,224 SEntFiN ones, and the neutral class of the small sets decides it.)
The temperature is refitted on validation, and the result is written as a model folder
(weights, card, ONNX graph). Every grid point's figures, with mean macro-F1 and the accuracy on
SEntFiN's conflicting headlines, go into ``training_report.json``.

    python -m training.interpolate --start models/finsent-minilm \\
        --finetuned runs/compare1 runs/compare4 --out runs/wise
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from training import corpora as cp
from training import train as tr
from training.corpora import conflicting_subset
from training.export_onnx import export_graph
from training.model_card import REPRODUCE, share, write_model_card

GRID = (0.0, 0.3, 0.4, 0.5, 0.6, 0.7, 1.0)
FINETUNE_REPORT, TRAINING_REPORT = "finetune_report.json", "training_report.json"


def load_weights(folder: Path) -> dict[str, torch.Tensor]:
    """A model folder's weights in float32."""
    from safetensors.torch import load_file

    return {k: v.float() for k, v in load_file(folder / "model.safetensors").items()}


def average(states: list[dict[str, torch.Tensor]]) -> dict[str, torch.Tensor]:
    """The element-wise mean of state dicts with the same keys and shapes."""
    keys = set(states[0])
    if any(set(s) != keys for s in states[1:]):
        raise ValueError("the models do not share one architecture (their weights differ in keys)")
    return {k: torch.stack([s[k] for s in states]).mean(0) for k in states[0]}


def mix(
    start: dict[str, torch.Tensor], tuned: dict[str, torch.Tensor], alpha: float
) -> dict[str, torch.Tensor]:
    """``(1 - alpha) * start + alpha * tuned``, key by key."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must lie in [0, 1], got {alpha}")
    return {k: (1 - alpha) * start[k] + alpha * tuned[k] for k in start}


def conflicting_indices(examples: list[cp.Example]) -> list[int]:
    """Positions of SEntFiN items whose headline carries entities with different labels."""
    chosen = {id(ex) for ex in conflicting_subset([e for e in examples if e.source == "sentfin"])}
    return [i for i, ex in enumerate(examples) if id(ex) in chosen]


def grid_point(model, tokenizer, val_ex, val_items, conflicting: list[int]) -> dict:
    """Validation figures of the model as it stands."""
    logits = tr.predict_logits(model, tokenizer, val_items)
    metrics = tr.per_source_metrics(val_ex, val_items, logits)
    pred = logits.argmax(-1).tolist()
    right = sum(pred[i] == val_items[i]["label"] for i in conflicting)
    pooled = sum(p == it["label"] for p, it in zip(pred, val_items)) / len(val_items)
    return {
        "pooled_accuracy": pooled,
        "score": tr.selection_score(metrics),
        "metrics": metrics,
        "conflicting_accuracy": right / len(conflicting) if conflicting else None,
    }


def choose_alpha(rows: list[dict]) -> dict:
    """The grid point with the best pooled accuracy; ties go to the smaller alpha."""
    return max(rows, key=lambda row: (round(row["pooled_accuracy"], 6), -row["alpha"]))


def check_start(report: dict, folder: Path) -> None:
    """The start model must not be a mix itself: its card keeps one mix. A mix goes in as a
    partner instead, with its whole recipe."""
    if "interpolation" in report:
        raise SystemExit(
            f"error: {folder} is itself a weight mix; start from a trained or distilled model "
            "and give the mix with --partners"
        )


def check_partners(folders: list[Path]) -> None:
    """Each model to mix in must carry its report, which feeds the card and the reproduce line:
    a ``finetune.py`` run (``finetune_report.json``) or a model folder made by ``train.py`` or
    ``distill.py`` (``training_report.json``). Fail before the grid, not after it."""
    for folder in folders:
        if not any((folder / name).is_file() for name in (FINETUNE_REPORT, TRAINING_REPORT)):
            raise SystemExit(
                f"error: {folder} has no {FINETUNE_REPORT} or {TRAINING_REPORT} (mix in model "
                "folders made by training/finetune.py, train.py or distill.py)"
            )


def run(args) -> dict:
    from transformers import AutoTokenizer

    started = time.time()
    start_dir, tuned_dirs = Path(args.start), [Path(p) for p in args.finetuned]
    check_partners(tuned_dirs)
    partners = [partner_info(d) for d in tuned_dirs]  # read before the grid: fail early
    report = json.loads((start_dir / TRAINING_REPORT).read_text())
    check_start(report, start_dir)
    cfg = tr.TrainConfig(**{**report["config"], "sets": tuple(report["config"]["sets"])})
    tokenizer = AutoTokenizer.from_pretrained(start_dir)
    model = tr.new_model("cpu", start=start_dir)
    _, val_ex = tr.load_examples(cfg, cp.resolve_corpora(args.corpora))
    val_items = tr.encode(tokenizer, val_ex, cfg.max_length, tr.marks(cfg))
    conflicting = conflicting_indices(val_ex)
    start, tuned = load_weights(start_dir), average([load_weights(d) for d in tuned_dirs])
    rows = []
    for alpha in args.grid:
        model.load_state_dict(mix(start, tuned, alpha))
        point = grid_point(model, tokenizer, val_ex, val_items, conflicting)
        rows.append({"alpha": alpha, **point})
        tr.log(f"alpha {alpha:.2f}: {_summary(rows[-1])}")
    best = choose_alpha(rows)
    model.load_state_dict(mix(start, tuned, best["alpha"]))
    calibration = tr.calibrate(model, tokenizer, val_items)
    out = Path(args.out)
    tr.save_model(model, tokenizer, cfg, out, calibration["temperature"])
    seconds = round(time.time() - started)
    write_report(report, out, best, rows, calibration, start_dir, partners, seconds)
    export_graph(out)
    return best


def _summary(row: dict) -> str:
    acc = {k: round(v["accuracy"], 3) for k, v in row["metrics"].items()}
    return (
        f"pooled {row['pooled_accuracy']:.4f} mean macro-F1 {row['score']:.4f} "
        f"conflicting {share(row['conflicting_accuracy'])} {acc}"
    )


def partner_info(folder: Path) -> dict:
    """What the card and the reproduce line need of one model mixed in."""
    if (folder / FINETUNE_REPORT).is_file():
        info = json.loads((folder / FINETUNE_REPORT).read_text())
        return {
            "folder": folder.name,
            "config": info["config"],
            "synthetic_pairs": info["synthetic_pairs"],
            "best_epoch": info["best_epoch"],
            "score": info["score"],
            "seconds": info["seconds"],
        }
    report = json.loads((folder / TRAINING_REPORT).read_text())
    return {
        "folder": folder.name,
        "kind": "trained",
        "script": report.get("script", "training/train.py"),
        "reproduce": report.get("reproduce", REPRODUCE),
        "score": tr.selection_score(report["validation"]),
        "seconds": report["train_seconds"],
        "licences": report["licences"],
    }


def write_report(report, out, best, rows, calibration, start_dir, tuned, seconds) -> None:
    """The start model's report, updated with the mix chosen (``tuned``: each partner's
    ``partner_info``), and the model card from it."""
    report.pop("finetune", None)
    if "distillation" in report:
        report["distillation"].setdefault("seconds", report["train_seconds"])
    report.update(
        licences=mixed_licences(report["licences"], tuned),
        validation=best["metrics"],
        temperature=calibration["temperature"],
        ece_validation=calibration["ece_validation"],
        train_seconds=report["train_seconds"] + sum(t["seconds"] for t in tuned) + seconds,
        script="training/interpolate.py",
        reproduce=_reproduce(report, tuned),
        interpolation={
            "start": str(start_dir),
            "finetuned": tuned,
            "alpha": best["alpha"],
            "grid": rows,
            "seconds": seconds,
        },
    )
    (out / "training_report.json").write_text(json.dumps(report, indent=2) + "\n")
    write_model_card(out, report)


def mixed_licences(start: dict[str, str], tuned: list[dict]) -> dict[str, str]:
    """Every set a mixed model learned from, through the start model or a partner: the
    weights carry each one's terms."""
    licences = dict(start)
    for partner in tuned:
        for name, licence in partner.get("licences", {}).items():
            licences.setdefault(name, licence)
    return licences


def _reproduce(report: dict, tuned: list[dict]) -> str:
    start = report.get("reproduce", REPRODUCE)
    steps = [_partner_step(t) for t in tuned]
    folders = " ".join(f"runs/{t['folder']}" for t in tuned)
    option = "--partners" if any(t.get("kind") == "trained" for t in tuned) else "--finetuned"
    mix_step = f"python -m training.interpolate --start DIR {option} {folders}"
    return ", then ".join([start, *steps, mix_step])


def _partner_step(tuned: dict) -> str:
    """The command that made one model mixed in (a whole chain for a model that is a mix)."""
    if tuned.get("kind") == "trained":
        return f"{tuned['reproduce']} (into runs/{tuned['folder']})"
    extra = tuned["config"]["extra"]
    return (
        f"python -m training.finetune --init DIR --out runs/{tuned['folder']} "
        f"--epochs {tuned['config']['epochs']} --seed {tuned['config']['seed']} "
        f"--comparisons {extra['comparisons']} --soft-weight {extra['soft_weight']}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--start", default="models/finsent-minilm")
    parser.add_argument(
        "--finetuned",
        "--partners",
        dest="finetuned",
        nargs="+",
        required=True,
        help="model folders to mix in: finetune.py runs, or train.py / distill.py models",
    )
    parser.add_argument("--out", default="runs/wise")
    parser.add_argument("--corpora")
    parser.add_argument("--grid", type=float, nargs="+", default=list(GRID))
    args = parser.parse_args(argv)
    torch.manual_seed(0)
    best = run(args)
    print(f"alpha {best['alpha']}: {_summary(best)}")


if __name__ == "__main__":
    main()
