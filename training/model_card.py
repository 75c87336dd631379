"""Writes the model card (README.md) of a trained model folder from its training report."""

from __future__ import annotations

import json
import time
from pathlib import Path

SET_TITLES = {
    "fpb": "Financial PhraseBank (all agreement levels)",
    "fpb_allagree": "Financial PhraseBank, all annotators agree",
    "tfns": "Twitter Financial News Sentiment",
    "sentfin": "SEntFiN (per entity, target-aware)",
    "fiqa": "FiQA 2018 task 1 (per target)",
    "semeval_headlines": "SemEval-2017 task 5 headlines (per target)",
    "semeval_microblogs": "SemEval-2017 task 5 microblogs (per target)",
}


def _figures_table(metrics: dict[str, dict[str, float]]) -> str:
    rows = ["| set | n | accuracy | macro-F1 |", "|---|---:|---:|---:|"]
    for name, m in metrics.items():
        title = SET_TITLES.get(name, name)
        rows.append(f"| {title} | {m['n']} | {m['accuracy']:.3f} | {m['macro_f1']:.3f} |")
    return "\n".join(rows)


REPRODUCE = "python -m training.train --config training/configs/plain.json"
COMPARISON_SOURCE = """(`training/comparisons.py`: "Shell outperformed
BP, which cut its outlook" with the two companies labelled apart; templates in
`training/data/comparisons.txt`, entities from the gazetteer, never those of our comparison
holdout)"""


def _distillation(report: dict) -> str:
    """A paragraph on the ensemble a distilled model learned from; empty for plain training."""
    info = report.get("distillation")
    if not info:
        return ""
    chosen = max(info["students"], key=lambda s: s["score"])
    best, extra = chosen["score"], chosen["variant"]
    unlabelled = ", ".join(info["unlabelled"])
    seconds = info.get("seconds", report["train_seconds"])
    if info.get("teacher"):
        source, scores, name = _teacher_source(info["teacher"]), "", "teacher"
    else:
        name = "ensemble"
        members = info["members"]
        scores = "members " + ", ".join(f"{m['score']:.3f}" for m in members) + "; "
        source = f"""an ensemble of {len(members)} models of the same
architecture, each trained with the plain recipe (seeds and learning rates in
`training_report.json`)"""
    return f"""
## Distillation
This model is a student distilled from {source}, on {info["device"]}: {seconds} s for the whole run.
The student learned from the gold labels and the {name}'s probabilities (soft weight
{extra["soft_weight"]}, temperature {extra["kd_temperature"]}) on the training items and on
unlabelled in-domain sentences from the train split ({unlabelled}){_student_comparisons(extra)}.
Validation mean macro-F1: {scores}{name} {info["ensemble_score"]:.3f};
this student {best:.3f} (best of {len(info["students"])} student variants, chosen on validation).
"""


def _student_comparisons(variant: dict) -> str:
    """The synthetic comparison pairs a student also learned from (gold labels), if any."""
    count, neutral = variant.get("comparisons", 0), variant.get("neutral_comparisons", 0)
    if not count and not neutral:
        return ""
    also = f" and {neutral} that name two with no view on either" if neutral else ""
    return f""", plus
(target, sentence) pairs with gold labels from {count} synthetic comparison sentences{also}
{COMPARISON_SOURCE}"""


def _marks(report: dict) -> str:
    """A sentence on target markers, for a model trained with them; empty otherwise."""
    if report["config"].get("target_format") != "marked":
        return ""
    return """
In a pair, the target's mentions in the sentence are put between « and » (`config.json`:
`input_format`), in training and at run time alike."""


def _teacher_source(teacher: dict) -> str:
    """The larger teacher (``teach.py``), and the model blended into it if any."""
    members = teacher.get("members", 1)
    who = "MPNet-base (109M parameters)"
    if members > 1:
        who = f"an ensemble of {members} MPNet-base models (109M parameters each, mean logits)"
    text = f"""{who} fine-tuned by `training/teach.py`
(`{teacher["run"]}`; its probabilities at temperature {teacher["temperature"]:.3f}, validation
pooled accuracy {teacher["teacher_pooled_accuracy"]:.3f})"""
    blend = teacher.get("blend")
    if not blend:
        return text
    share = blend["teacher_weight"]
    pooled = max(r["pooled_accuracy"] for r in blend["grid"])
    return f"""{text}, averaged with `{blend["model"]}` ({share:.0%} teacher, the share
with the best validation pooled accuracy, {pooled:.3f})"""


def _finetune(report: dict) -> str:
    """A paragraph on the comparison fine-tuning that followed; empty when there was none."""
    info = report.get("finetune")
    if not info:
        return ""
    extra = report["config"]["extra"]
    notes = extra.get("notes") or 0
    if notes:
        splits = extra.get("note_splits") or "train"
        more = extra["comparisons"]
        also = f", and {more} synthetic comparison sentences" if more else ""
        pairs = f"""{info["synthetic_pairs"]} (target, sentence) examples: the pairs of the
hand-written notes' {splits} split(s) (`training/note_pairs.py`: a passer-by neutral in each
sentence naming it, another ticker only where one sentence carries its label), each repeated
{notes} times{also}"""
        heading = "Note-pair fine-tuning"
    else:
        pairs = f"""{info["synthetic_pairs"]} synthetic
(target, sentence) pairs from {extra["comparisons"]} comparison sentences
{COMPARISON_SOURCE}"""
        heading = "Comparison fine-tuning"
    return f"""
## {heading}
The distilled student was then trained for {report["best_epoch"]} more epoch(s) at learning rate
{report["config"]["learning_rate"]} on its own training items, labelled by itself (soft weight
{extra["soft_weight"]}, so what it knew is kept), plus {pairs}. Validation mean macro-F1
{info["start_score"]:.3f} before, {info["score"]:.3f} after; {info["seconds"]} s on 2 CPU cores.
"""


GRID_SETS = ("fpb", "fpb_allagree", "tfns", "sentfin")


def share(value: float | None) -> str:
    """An accuracy to three places, or n/a where the set was not there."""
    return "n/a" if value is None else f"{value:.3f}"


def _interpolation(report: dict) -> str:
    """A paragraph on the weight-space mix and its grid; empty when there was none."""
    info = report.get("interpolation")
    if not info:
        return ""
    tuned = info["finetuned"]
    if any(t.get("kind") == "trained" for t in tuned):
        heading, text = "Weight averaging", _mixed_models(info["start"], tuned)
    else:
        heading, text = "Comparison fine-tuning and weight averaging", _mixed_finetunes(tuned)
    return f"""
## {heading}
{text} alpha
{info["alpha"]} was chosen on validation by pooled accuracy (every validation item once; mean
macro-F1 beside it; "conflicting": SEntFiN validation headlines whose entities carry different
labels, target-aware):

{_grid_table(info["grid"])}
{_alpha_caveat(info)}"""


def _mixed_finetunes(tuned: list[dict]) -> str:
    extra, config = tuned[0]["config"]["extra"], tuned[0]["config"]
    seeds = ", ".join(str(t["config"]["seed"]) for t in tuned)
    return f"""The distilled student was fine-tuned {len(tuned)} times (seeds
{seeds}; learning rate
{config["learning_rate"]}) on its own training items, labelled by itself (soft weight
{extra["soft_weight"]}, so what it knew is kept), plus synthetic (target, sentence) pairs from
{extra["comparisons"]} comparison sentences each {COMPARISON_SOURCE}. Those models were \
averaged, and the average was mixed with the student's own weights,
`(1 - alpha) * student + alpha * fine-tuned` (WiSE-FT, `training/interpolate.py`)."""


def _mixed_models(start: str, tuned: list[dict]) -> str:
    partners = "\n".join(
        f"- `{t['folder']}`: made by `{t.get('script', 'training/finetune.py')}`, validation mean "
        f"macro-F1 {t['score']:.3f}"
        + (f"; reproduce with `{t['reproduce']}`" if "reproduce" in t else "")
        for t in tuned
    )
    return f"""This model averages, weight by weight, the model described above (`{start}`) with
{"the average of these models" if len(tuned) > 1 else "this model"}, trained from the same encoder:

{partners}

`(1 - alpha) * start + alpha * partner` (`training/interpolate.py`; Wortsman et al. 2022). The
licences above are those of every set either model learned from."""


def _grid_table(grid: list[dict]) -> str:
    rows = ["| alpha | pooled | mean macro-F1 | FPB | all-agree | TFNS | SEntFiN | conflicting |"]
    rows.append("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in grid:
        sets = [row["metrics"].get(name, {}).get("accuracy") for name in GRID_SETS]
        cells = [f"{row['alpha']:.2f}", f"{row['pooled_accuracy']:.4f}", f"{row['score']:.4f}"]
        cells += [share(value) for value in [*sets, row["conflicting_accuracy"]]]
        rows.append(f"| {' | '.join(cells)} |")
    return "\n".join(rows)


def _alpha_caveat(info: dict) -> str:
    """A line when early stopping's score would have picked another alpha."""
    by_f1 = max(info["grid"], key=lambda row: (round(row["score"], 6), -row["alpha"]))["alpha"]
    if by_f1 == info["alpha"]:
        return ""
    return (
        "\nMean macro-F1 (early stopping's score, each set weighed alike) would pick alpha "
        f"{by_f1}.\n"
    )


def write_model_card(out: Path, report: dict) -> None:
    """Render README.md beside the weights: data and licences, settings, validation figures."""
    cfg = report["config"]
    licences = "\n".join(f"- `{s}`: {lic}" for s, lic in report["licences"].items())
    commercial = all(licence == "MIT" for licence in report["licences"].values())
    terms = (
        "All training sets are MIT-licensed: the weights can be used commercially."
        if commercial
        else "Some training sets are non-commercial (CC BY-NC, CC BY-NC-SA, research use): "
        "these weights inherit those terms. Train with `--commercial-only` for a model that saw "
        "only MIT data."
    )
    marks = _marks(report)
    text = f"""# finsent-minilm: financial sentence and target sentiment

A 3-way (negative / neutral / positive) classifier fine-tuned by this project from
`{report["base_encoder"]}` ({report["parameters"]:,} parameters, stored as fp16 safetensors).
Label order lives only in `config.json` (`id2label`). `model.onnx` is the same network as an ONNX
graph without weights of its own (its initializers point into `model.safetensors`), used by the
ONNX Runtime backend; `training/export_onnx.py` rewrites it.

Inputs: a sentence alone gives the sentiment of the sentence; the pair `(target, sentence)`
gives the sentiment of the sentence toward that target (company name or ticker as written).{marks}
Scores: `P(positive) - P(negative)` after dividing the logits by the fitted temperature
`{report["temperature"]:.3f}` (`config.json`: `calibration_temperature`).

## Training data and licences
{licences}

{terms}

Counts (train / validation, after de-duplication and our hash split 80/10/10):
`{json.dumps(report["train_counts"])}` / `{json.dumps(report["validation_counts"])}`.
FiQA and SemEval scores become labels with the neutral band |score| < 0.15.

## Settings
`{json.dumps(cfg)}`

Best epoch {report["best_epoch"]} of {len(report["history"])} (of the last run);
{report["train_seconds"]} s of training in all. Reproduce with
`{report.get("reproduce", REPRODUCE)}`.
{_distillation(report)}{_finetune(report)}{_interpolation(report)}
## Validation figures (our held-out validation split, used for early stopping)
{_figures_table(report["validation"])}

Expected calibration error on validation: {report["ece_validation"]["before"]:.4f} before
temperature scaling, {report["ece_validation"]["after"]:.4f} after.
Figures on our separate test split, beside the baselines: `reports/evaluation.md`.

Written {time.strftime("%Y-%m-%d")} by `{report.get("script", "training/train.py")}`.
"""
    (out / "README.md").write_text(text)


def checkpoint_params(model_dir: Path) -> int:
    """Parameters stored in ``model.safetensors`` (any backend runs these same weights)."""
    import math

    from safetensors import safe_open

    with safe_open(str(model_dir / "model.safetensors"), framework="pt") as f:
        return sum(
            math.prod(f.get_slice(k).get_shape())
            for k in f.keys()
            if not k.endswith("position_ids")
        )
