"""Distil an ensemble of fine-tuned MiniLM students into one model of the same size.

Recipe (all knobs in the JSON config, default ``training/configs/ensemble.json``):
  1. Train several members with the plain recipe of ``train.py`` (different seeds and
     learning rates), each stopped early on the validation split.
  2. The ensemble (mean of the members' logits) labels the training items and extra
     *unlabelled* in-domain sentences (train split only, by the same text hash as
     everything else: no validation or test text is ever seen).
  3. A fresh student learns from gold labels and the ensemble's soft labels
     (``soft_weight`` of the loss; KL at ``kd_temperature``); early stopping on validation.

With ``--teacher RUN`` (a ``teach.py`` run, e.g. MPNet-base) steps 1-2 are replaced: that
teacher's logits, optionally averaged with ``--blend MODEL``'s, label the same items
(``training/teacher_labels.py``; settings in ``training/configs/teacher.json``).

``"comparisons": N`` in the config adds N synthetic comparison sentences
(``training/comparisons.py``) to every model's training items (0 in the shipped recipe); a
student variant's own ``"comparisons"`` overrides it for that student.
``"neutral_comparisons": M`` adds M sentences that set two names side by side with no view
on either (both targets neutral), in the same way.

Members are added while the time budget allows, so the same script fits a GPU lease or a
long CPU run. Results go to ``--out``: the student (``student/``, the analyzer's layout),
the best single member (``member/``), every student variant (``work/s<i>/``, to compare or
mix with ``interpolate.py``) and ``distill_report.json`` with every member's,
the ensemble's and the student's validation figures.

    python -m training.distill --corpora ../shared/corpora --out runs/distil --budget 480
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np
import torch

from training import comparisons, teacher_labels
from training import corpora as cp
from training import train as tr
from training.config import CONFIGS, load_config
from training.export_onnx import export_graph
from training.finetune import one_hot
from training.model_card import checkpoint_params, write_model_card

DEFAULT_CONFIG = CONFIGS / "ensemble.json"  # the previous models' recipe (no --teacher)
# Synthetic sentence counts a student variant may set for itself (else the config's, else 0).
SYNTHETIC_KEYS = ("comparisons", "neutral_comparisons")


def examples(settings: dict, corpora: Path) -> tuple:
    """(config, train examples, synthetic examples, validation examples, unlabelled texts);
    deterministic, so every worker rebuilds the same data."""
    cfg = tr.TrainConfig(**settings["member"])
    train_ex, val_ex = tr.load_examples(cfg, corpora)
    synthetic = comparisons.generate(
        settings.get("comparisons", 0), cfg.seed, settings.get("neutral_comparisons", 0)
    )
    known = {cp.normalise(ex.text) for ex in train_ex if not ex.target}
    texts = cp.unlabelled_texts(corpora, settings["unlabelled"], known)
    if cfg.limit:
        texts = texts[: cfg.limit]
    return cfg, train_ex, synthetic, val_ex, texts


def prepare(settings: dict, corpora: Path) -> tuple:
    """Tokeniser and encoded items; synthetic comparison pairs (gold-labelled) come last."""
    from transformers import AutoTokenizer

    cfg, train_ex, synthetic, val_ex, texts = examples(settings, corpora)
    tokenizer = AutoTokenizer.from_pretrained(tr.base_encoder_dir())
    train_items = tr.encode(tokenizer, train_ex + synthetic, cfg.max_length, tr.marks(cfg))
    val_items = tr.encode(tokenizer, val_ex, cfg.max_length, tr.marks(cfg))
    tr.log(f"train {len(train_ex)} + synthetic comparison pairs {len(synthetic)}")
    unl_items = tr.encode_unlabelled(tokenizer, texts, cfg.max_length)
    tr.log(f"unlabelled {len(unl_items)} from {settings['unlabelled']}")
    return cfg, tokenizer, train_items, val_ex, val_items, unl_items


def validation_data(settings: dict, corpora: Path) -> tuple[list, list[dict]]:
    """Validation examples and items, as every worker has them (without encoding the rest)."""
    from transformers import AutoTokenizer

    cfg = tr.TrainConfig(**settings["member"])
    tokenizer = AutoTokenizer.from_pretrained(tr.base_encoder_dir())
    _, val_ex = tr.load_examples(cfg, corpora)
    return val_ex, tr.encode(tokenizer, val_ex, cfg.max_length, tr.marks(cfg))


def member_job(settings, corpora, device, seed, lr, folder) -> dict:
    """Train one plain member (in a worker process); save it; return its logits."""
    torch.set_num_threads(settings.get("threads_per_job", 2))
    cfg, tokenizer, train_items, val_ex, val_items, unl_items = prepare(settings, corpora)
    cfg = replace(cfg, seed=seed, learning_rate=lr)
    model = tr.new_model(device)
    best = tr.fit(model, tokenizer, cfg, train_items, val_ex, val_items, device)
    logits = {
        name: tr.predict_logits(model, tokenizer, items, 256, device).numpy()
        for name, items in (("train", train_items), ("unl", unl_items), ("val", val_items))
    }
    calibration = save(model, tokenizer, cfg, val_items, folder, device)
    summary = {"seed": seed, "learning_rate": lr, "epoch": best["epoch"], "score": best["score"]}
    return {**summary, "metrics": best["metrics"], "logits": logits, **calibration}


def soft_labelled(items: list[dict], logits: torch.Tensor, t: float) -> list[dict]:
    """Items with the teacher's probabilities; items past the teacher's rows (comparison
    pairs a ``teach.py`` teacher never saw) keep their gold label as a one-hot soft label."""
    labelled = len(logits)
    return tr.with_soft_labels(items[:labelled], logits, t) + one_hot(items[labelled:])


def student_job(settings, corpora, device, variant, teacher, folder) -> dict:
    """Train one student on gold + the ensemble's soft labels (in a worker process)."""
    torch.set_num_threads(settings.get("threads_per_job", 2))
    settings = {**settings, **{k: variant[k] for k in SYNTHETIC_KEYS if k in variant}}
    cfg, tokenizer, train_items, val_ex, val_items, unl_items = prepare(settings, corpora)
    t = variant["kd_temperature"]
    items = soft_labelled(train_items, torch.from_numpy(teacher["train"]), t)
    items += tr.with_soft_labels(unl_items, torch.from_numpy(teacher["unl"]), t)
    cfg = replace(
        cfg,
        seed=variant["seed"],
        epochs=variant["epochs"],
        extra={
            "soft_weight": variant["soft_weight"],
            "kd_temperature": t,
            **({"deadline": settings["deadline"]} if settings.get("deadline") else {}),
        },
    )
    model = tr.new_model(device, encoder=settings.get("encoder") and Path(settings["encoder"]))
    best = tr.fit(model, tokenizer, cfg, items, val_ex, val_items, device)
    calibration = save(model, tokenizer, cfg, val_items, folder, device)
    return {
        "variant": variant,
        "epoch": best["epoch"],
        "score": best["score"],
        "metrics": best["metrics"],
        "history": best["history"],
        "config": asdict(cfg),
        **calibration,
    }


def run(settings: dict, corpora: Path, out: Path, device: str, budget: float) -> dict:
    started = time.time()
    val_ex, val_items = validation_data(settings, corpora)
    report: dict = {"settings": settings, "device": device_name(device), "members": []}
    with ProcessPoolExecutor(settings.get("parallel", 1), mp_context=get_context("spawn")) as pool:
        if settings.get("teacher"):  # a larger model trained by teach.py
            teacher, report["teacher"] = external_teacher(settings, corpora, device)
        else:
            teacher = train_members(pool, settings, corpora, device, out, report, budget)
        report["ensemble"] = tr.per_source_metrics(
            val_ex, val_items, torch.from_numpy(teacher["val"])
        )
        report["ensemble_score"] = tr.selection_score(report["ensemble"])
        tr.log(f"teacher: {report['ensemble_score']:.4f}")
        work = out / "work"
        futures = [
            pool.submit(student_job, settings, corpora, device, v, teacher, work / f"s{i}")
            for i, v in enumerate(settings["students"])
        ]
        report["students"] = [f.result() for f in futures]

    best_student = max(range(len(report["students"])), key=lambda i: report["students"][i]["score"])
    shutil.copytree(work / f"s{best_student}", out / "student", dirs_exist_ok=True)
    report["student"] = report["students"][best_student]
    write_report(out, report, started)
    finish(out / "student", report, corpora)
    return report


def external_teacher(settings: dict, corpora: Path, device: str) -> tuple[dict, dict]:
    """Logits of a ``teach.py`` run (optionally blended with another model) on our items."""
    cfg, train_ex, _, val_ex, texts = examples(settings, corpora)
    blend = Path(settings["blend"]) if settings.get("blend") else None
    run_dir = Path(settings["teacher"])
    return teacher_labels.build(
        run_dir, blend, corpora, train_ex, val_ex, texts, cfg.max_length, device
    )


def train_members(pool, settings, corpora, device, out: Path, report: dict, budget) -> dict:
    """Members of the plain recipe while the budget allows; their mean logits."""
    started = time.time()
    parallel = settings.get("parallel", 1)
    members: list[dict] = []
    jobs = [
        (seed, settings["learning_rates"][k % len(settings["learning_rates"])])
        for k, seed in enumerate(settings["seeds"])
    ]
    for wave_start in range(0, len(jobs), parallel):
        wave_began = time.time()
        wave = jobs[wave_start : wave_start + parallel]
        futures = [
            pool.submit(member_job, settings, corpora, device, seed, lr, out / "work" / f"m{seed}")
            for seed, lr in wave
        ]
        members += [f.result() for f in futures]
        report["members"] = [{k: v for k, v in m.items() if k != "logits"} for m in members]
        write_report(out, report, started)
        best_member = max(members, key=lambda m: m["score"])
        shutil.copytree(
            out / "work" / f"m{best_member['seed']}", out / "member", dirs_exist_ok=True
        )
        wave_seconds = time.time() - wave_began
        needed = wave_seconds * settings.get("student_cost", 2.0)
        if time.time() - started + wave_seconds + needed > budget:
            tr.log(f"budget: stop after {len(members)} members ({wave_seconds:.0f}s a wave)")
            break
    return {
        name: np.mean([m["logits"][name] for m in members], axis=0)
        for name in ("train", "unl", "val")
    }


def finish(folder: Path, report: dict, corpora: Path) -> None:
    """training_report.json, model card and ONNX graph for the chosen student."""
    from transformers import AutoTokenizer

    student = report["student"]
    cfg = tr.TrainConfig(**{**student["config"], "sets": tuple(student["config"]["sets"])})
    train_ex, val_ex = tr.load_examples(cfg, corpora)
    if not (folder / "tokenizer.json").exists():
        AutoTokenizer.from_pretrained(tr.base_encoder_dir()).save_pretrained(folder)
    config = json.loads((folder / "config.json").read_text())
    best = {**student, "seconds": report["seconds"]}
    calibration = {
        "temperature": config["calibration_temperature"],
        "ece_validation": student["ece_validation"],
    }
    training = tr.training_report(
        cfg, train_ex, val_ex, best, calibration, checkpoint_params(folder)
    )
    training["config"] = student["config"]
    if report["settings"].get("encoder"):
        training["base_encoder"] += (
            ", after masked-word training on our train-split text (adapt.py)"
        )
        training["licences"].update(
            {
                f"{u} (unlabelled text, masked-word training)": cp.UNLABELLED_LICENCES[u]
                for u in cp.UNLABELLED_LICENCES
            }
        )
    labeller = "teacher" if report.get("teacher") else "ensemble"
    training["licences"].update(
        {
            f"{u} (unlabelled text, labelled by the {labeller})": cp.UNLABELLED_LICENCES[u]
            for u in report["settings"]["unlabelled"]
        }
    )
    members = [
        {k: m[k] for k in ("seed", "learning_rate", "epoch", "score")} for m in report["members"]
    ]
    training.update(
        reproduce=reproduce_command(report["settings"]),
        script="training/distill.py",
        distillation={
            "device": report["device"],
            "unlabelled": report["settings"]["unlabelled"],
            "members": members,
            "teacher": report.get("teacher"),
            "ensemble_score": report["ensemble_score"],
            "ensemble": report["ensemble"],
            "students": [
                {k: s[k] for k in ("variant", "epoch", "score")} for s in report["students"]
            ],
        },
    )
    (folder / "training_report.json").write_text(json.dumps(training, indent=2) + "\n")
    write_model_card(folder, training)
    export_graph(folder)


def reproduce_command(settings: dict) -> str:
    command = "python -m training.distill --corpora ../shared/corpora"
    if settings.get("teacher"):
        command += f" --config {settings['config_file']} --teacher {settings['teacher']}"
        command += f" --blend {settings['blend']}" if settings.get("blend") else ""
    if settings.get("encoder"):
        adapt = f"python -m experiments.adapt.adapt --out {Path(settings['encoder']).parent}"
        command = f"{adapt} && {command}"
        command += f" --encoder {settings['encoder']}"
    return command


def device_name(device: str) -> str:
    return f"{device} ({torch.cuda.get_device_name()})" if device.startswith("cuda") else device


def save(model, tokenizer, cfg, val_items, folder: Path, device: str) -> dict:
    calibration = tr.calibrate(model, tokenizer, val_items, device)
    tr.save_model(model, tokenizer, cfg, folder, calibration["temperature"])
    return calibration


def write_report(out: Path, report: dict, started: float) -> None:
    out.mkdir(parents=True, exist_ok=True)
    report["seconds"] = round(time.time() - started, 1)
    (out / "distill_report.json").write_text(json.dumps(report, indent=2) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpora", help="folder of the shared corpora")
    parser.add_argument("--out", default="runs/distil", help="output folder")
    parser.add_argument("--config", default=str(DEFAULT_CONFIG), help="distillation settings")
    parser.add_argument("--budget", type=float, default=3600, help="seconds for the whole run")
    parser.add_argument(
        "--deadline",
        type=float,
        help="seconds from now: no student starts an epoch that would end later (a GPU lease)",
    )
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto (default)")
    parser.add_argument("--limit", type=int, help="examples per split (smoke test)")
    parser.add_argument("--seeds", type=int, help="use only the first N seeds")
    parser.add_argument(
        "--commercial-only",
        action="store_true",
        help="labelled sets tfns and sentfin, unlabelled text from MIT sources only",
    )
    parser.add_argument("--parallel", type=int, help="members trained at once (processes)")
    parser.add_argument(
        "--teacher",
        metavar="RUN",
        help="learn from a teach.py run (its logits.pt and model/) instead of training members",
    )
    parser.add_argument(
        "--blend",
        metavar="MODEL",
        help="with --teacher: average this model's probabilities in (weight chosen on validation)",
    )
    parser.add_argument(
        "--encoder",
        metavar="DIR",
        help="students start from this encoder (adapt.py's DIR/encoder) instead of the MiniLM base",
    )
    parser.add_argument(
        "--finish",
        metavar="RUN",
        help="only write the report, model card and ONNX graph of RUN/student "
        "(a run made elsewhere, e.g. on a GPU machine, and copied back)",
    )
    args = parser.parse_args(argv)
    if args.finish:
        run_dir = Path(args.finish)
        report = json.loads((run_dir / "distill_report.json").read_text())
        finish(run_dir / "student", report, cp.resolve_corpora(args.corpora))
        return
    settings = load_config(args.config)
    if args.limit:
        settings["member"]["limit"] = args.limit
    if args.parallel:
        settings["parallel"] = args.parallel
    if args.deadline:
        settings["deadline"] = time.time() + args.deadline
    if args.seeds:
        settings["seeds"] = settings["seeds"][: args.seeds]
    if args.encoder:
        settings["encoder"] = args.encoder
    if args.teacher:
        settings.update(teacher=args.teacher, blend=args.blend, config_file=args.config)
        if args.commercial_only:
            teacher_labels.check_commercial(Path(args.teacher), args.blend and Path(args.blend))
    if args.commercial_only:
        settings["member"]["sets"] = list(cp.COMMERCIAL_SETS)
        settings["unlabelled"] = [u for u in settings["unlabelled"] if u in cp.MIT_UNLABELLED]
    device = tr.resolve_device(args.device)
    report = run(settings, cp.resolve_corpora(args.corpora), Path(args.out), device, args.budget)
    print(json.dumps({k: report[k] for k in ("ensemble_score", "seconds")}, indent=2))
    print(json.dumps({"student": report["student"]["score"]}, indent=2))
    for member in (Path(args.out) / "work").glob("m*"):  # students stay, to compare or mix
        shutil.rmtree(member, ignore_errors=True)


if __name__ == "__main__":
    main()
