"""Soft labels from a larger teacher trained by ``teach.py``, for ``distill.py --teacher``.

The teacher's saved logits (``logits.pt``) label the training items, the validation split and,
when it saved them (an ensemble, a GPU run), the unlabelled sentences; otherwise its saved model
labels those. All are temperature-scaled on validation.
With ``--blend MODEL`` (e.g. the shipped student) that model's calibrated probabilities are
averaged in, ``w * teacher + (1 - w) * other``, with ``w`` chosen on validation by pooled
accuracy (every validation item counted once; ties go to the larger teacher weight).
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

from training import corpora as cp
from training import train as tr
from training.finetune import teacher_logits

BLEND_WEIGHTS = (1.0, 0.75, 0.5, 0.25)  # the teacher's share of the averaged probabilities


def blend(teacher: torch.Tensor, other: torch.Tensor, weight: float) -> torch.Tensor:
    """Log of the weighted mean of two sets of probabilities (logits of the mixture)."""
    return (weight * teacher.softmax(-1) + (1 - weight) * other.softmax(-1)).log()


def pooled_accuracy(logits: torch.Tensor, labels: torch.Tensor) -> float:
    return float((logits.argmax(-1) == labels).float().mean())


def choose_weight(teacher: torch.Tensor, other: torch.Tensor, labels: torch.Tensor) -> tuple:
    """(weight, grid rows) by pooled validation accuracy; ties go to the larger weight."""
    rows = [
        {"teacher_weight": w, "pooled_accuracy": pooled_accuracy(blend(teacher, other, w), labels)}
        for w in BLEND_WEIGHTS
    ]
    best = max(rows, key=lambda r: (round(r["pooled_accuracy"], 6), r["teacher_weight"]))
    return best["teacher_weight"], rows


def gold_labels(examples: list) -> torch.Tensor:
    return torch.tensor([tr.LABELS.index(ex.label) for ex in examples])


def gold_logits(examples: list, scale: float = 20.0) -> torch.Tensor:
    """Logits that put (almost) all probability on each example's gold label."""
    return torch.nn.functional.one_hot(gold_labels(examples), len(tr.LABELS)).float() * scale


def model_logits(folder: Path, examples, texts, max_length, device) -> tuple:
    """(examples' logits, texts' logits) of a saved classifier (with its tokeniser), in the
    given orders."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = tr.new_model(device, start=folder)
    items = tr.encode(tokenizer, examples, max_length, tr.model_marks(folder))
    unl = tr.encode_unlabelled(tokenizer, texts, max_length)
    on_examples = tr.predict_logits(model, tokenizer, items, 128, device)
    return on_examples, tr.predict_logits(model, tokenizer, unl, 128, device)


def validation_logits(run: Path, corpora: Path, val_ex: list) -> torch.Tensor:
    """The teacher's saved validation logits in the order of ``val_ex`` (a subset of the
    validation split the teacher saw, in ``teach.py``'s order)."""
    logits = torch.load(run / "logits.pt")
    seen = [tuple(key) for key in logits.get("val_keys", [])]
    if not seen:  # runs before val_keys were saved: the whole split, in its order
        sets = json.loads((run / "teacher_report.json").read_text())["config"]["sets"]
        seen = [tr.example_key(ex) for ex in cp.load_split(corpora, tuple(sets), "validation")]
    saved = dict(zip(seen, logits["val"]))
    wanted = [tr.example_key(ex) for ex in val_ex]
    missing = [k for k in wanted if k not in saved]
    if missing:
        raise SystemExit(f"error: {run} never saw {len(missing)} validation items")
    return torch.stack([saved[k] for k in wanted])


def unlabelled_logits(run: Path, texts: list[str], max_length: int, device) -> torch.Tensor:
    """The teacher's logits on ``texts``: saved in ``logits.pt`` when the run labelled them
    (an ensemble, or a run made on a GPU machine), else computed by its saved model."""
    saved = torch.load(run / "logits.pt")
    if "unl" not in saved:
        return model_logits(run / "model", [], texts, max_length, device)[1]
    row = {key: i for i, key in enumerate(saved["unl_keys"])}
    missing = [t for t in texts if cp.normalise(t) not in row]
    if missing:
        raise SystemExit(f"error: {run} never labelled {len(missing)} unlabelled sentences")
    return saved["unl"][[row[cp.normalise(t)] for t in texts]]


def build(
    run: Path, other: Path | None, corpora: Path, train_ex, val_ex, texts, max_length, device
):
    """Teacher logits ``{"train", "unl", "val"}`` (orders of ``train_ex``, ``texts``,
    ``val_ex``) and a report of how they were made."""
    val = validation_logits(run, corpora, val_ex)
    labels = gold_labels(val_ex)
    train = teacher_logits(run / "logits.pt", train_ex, gold_logits(train_ex))
    unl = unlabelled_logits(run, texts, max_length, device)
    temperature = tr.fit_temperature(val, labels)
    logits = {"train": train / temperature, "unl": unl / temperature, "val": val / temperature}
    report = {"run": str(run), "temperature": temperature, "unlabelled": len(texts)}
    report["members"] = len(torch.load(run / "logits.pt").get("members", [])) or 1
    report["teacher_pooled_accuracy"] = pooled_accuracy(logits["val"], labels)
    if other is not None:
        logits, report["blend"] = blend_with(
            logits, labels, other, train_ex + val_ex, texts, max_length, device
        )
    tr.log(f"teacher labels: {report}")
    return {k: v.numpy() for k, v in logits.items()}, report


def blend_with(logits: dict, labels, other: Path, examples, texts, max_length, device) -> tuple:
    """Average another saved classifier's calibrated probabilities into the teacher's;
    ``examples`` are the training examples followed by the validation ones (``labels``)."""
    t = float(json.loads((other / "config.json").read_text())["calibration_temperature"])
    both, unl = model_logits(other, examples, texts, max_length, device)
    split = len(examples) - len(labels)
    mine = {"train": both[:split] / t, "val": both[split:] / t, "unl": unl / t}
    weight, grid = choose_weight(logits["val"], mine["val"], labels)
    mixed = {k: blend(logits[k], mine[k], weight) for k in ("train", "unl", "val")}
    return mixed, {"model": str(other), "teacher_weight": weight, "grid": grid}


def check_commercial(run: Path, other: Path | None) -> None:
    """Refuse a teacher (or blended model) that saw non-commercial data for a licence-clean
    student: its soft labels would carry what it learned from those sets."""
    sets = json.loads((run / "teacher_report.json").read_text())["config"]["sets"]
    unclean = sorted(set(sets) - set(cp.COMMERCIAL_SETS))
    if other is not None:
        licences = json.loads((other / "training_report.json").read_text())["licences"]
        unclean += sorted(name for name, licence in licences.items() if licence != "MIT")
    if unclean:
        raise SystemExit(f"error: --commercial-only, but the teacher saw {', '.join(unclean)}")
