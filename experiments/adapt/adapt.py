"""Domain-adaptive masked-language-model training of the MiniLM base on our own text.

The base encoder (MiniLM-L6, ``train.base_encoder_dir()``) keeps learning to fill in masked
words, now on financial text: the distinct texts of the labelled sets' train split and the
unlabelled in-domain sentences (``corpora.unlabelled_texts``, train split only). No
validation or test text is trained on; the validation split's texts measure the masked-word
loss before and after. The package ships the encoder without its masked-word head, so a new
head learns alone first (``--head-steps``, encoder frozen), then everything trains together.

The result is an encoder folder that ``distill.py --encoder DIR`` starts its students from:

    python -m experiments.adapt.adapt --corpora ../shared/corpora --out runs/adapted
    python -m training.distill --teacher runs/teacher-ens --encoder runs/adapted/encoder ...

``adapt_report.json`` holds the settings, the sources and their licences, and the losses.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from pathlib import Path

import torch

from training import corpora as cp
from training import train as tr

LABELLED = cp.SENTENCE_SETS + cp.TARGET_SETS
UNLABELLED = sorted(cp.UNLABELLED_LICENCES)


def split_texts(
    corpora: Path,
    split: str,
    sets: tuple[str, ...] = LABELLED,
    unlabelled: list[str] = UNLABELLED,
    limit: int | None = None,
) -> list[str]:
    """Distinct texts of the labelled ``sets`` in ``split``; in ``train`` the unlabelled too."""
    texts = {cp.normalise(ex.text): ex.text for ex in cp.load_split(corpora, sets, split)}
    if split == "train":
        for text in cp.unlabelled_texts(corpora, unlabelled, set(texts)):
            texts.setdefault(cp.normalise(text), text)
    return list(texts.values())[:limit]


def batches(tokenizer, texts: list[str], size: int, max_length: int, rng: random.Random):
    """Length-sorted batches of token ids (shuffled batch order), for the masking collator."""
    ids = tokenizer(texts, truncation=True, max_length=max_length)["input_ids"]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    groups = [
        [{"input_ids": ids[i]} for i in order[s : s + size]] for s in range(0, len(ids), size)
    ]
    rng.shuffle(groups)
    return groups


def masked_loss(model, collator, groups: list) -> float:
    """Mean masked-word loss over ``groups`` (the same masks for every call: seeded)."""
    torch.manual_seed(0)
    model.eval()
    total, n = 0.0, 0
    with torch.no_grad():
        for group in groups:
            total += float(model(**collator(group)).loss) * len(group)
            n += len(group)
    model.train()
    return total / max(n, 1)


def save_encoder(model, folder: Path) -> None:
    """The adapted encoder with the base's pooler (the masked-word model has none, and the
    classifier reads the pooled [CLS]), so a student differs from the base only by adapting."""
    from transformers import BertModel

    encoder = BertModel.from_pretrained(tr.base_encoder_dir(), dtype=torch.float32)
    missing, unexpected = encoder.load_state_dict(model.bert.state_dict(), strict=False)
    if unexpected or any(not key.startswith("pooler.") for key in missing):
        raise RuntimeError(f"encoder weights do not fit: {missing + unexpected}")
    encoder.save_pretrained(folder)


def adapt(args: argparse.Namespace) -> dict:
    from transformers import AutoTokenizer, BertForMaskedLM, DataCollatorForLanguageModeling

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    rng = random.Random(args.seed)
    corpora = cp.resolve_corpora(args.corpora)
    tokenizer = AutoTokenizer.from_pretrained(tr.base_encoder_dir())
    model = BertForMaskedLM.from_pretrained(tr.base_encoder_dir(), dtype=torch.float32)
    collator = DataCollatorForLanguageModeling(tokenizer, mlm_probability=args.mask_share)
    train = batches(
        tokenizer,
        split_texts(corpora, "train", limit=args.limit),
        args.batch_size,
        args.max_length,
        rng,
    )
    val = batches(
        tokenizer, split_texts(corpora, "validation", limit=args.limit), 64, args.max_length, rng
    )
    steps = args.epochs * len(train)
    optimiser = torch.optim.AdamW(model.parameters(), lr=args.learning_rate, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: max(0.0, 1 - s / steps))
    report = {
        "settings": vars(args),
        "train_texts": sum(map(len, train)),
        "sources": {
            "labelled (train split)": {s: cp.LICENCES[s] for s in LABELLED},
            "unlabelled (train split)": cp.UNLABELLED_LICENCES,
        },
    }
    started, step = time.time(), 0
    for epoch in range(args.epochs):
        rng.shuffle(train)
        for group in train:
            model.bert.requires_grad_(step >= args.head_steps)
            loss = model(**collator(group)).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
            step += 1
            if step % 200 == 0:
                tr.log(f"step {step}/{steps}: loss {loss.item():.3f}")
            if step == args.head_steps:
                report["val_loss_head_only"] = masked_loss(model, collator, val)
                tr.log(f"head alone: validation masked loss {report['val_loss_head_only']:.3f}")
        report.setdefault("val_loss_by_epoch", []).append(masked_loss(model, collator, val))
        tr.log(f"epoch {epoch + 1}: validation masked loss {report['val_loss_by_epoch'][-1]:.3f}")
    report["seconds"] = round(time.time() - started)
    report["val_perplexity_end"] = math.exp(report["val_loss_by_epoch"][-1])
    out = Path(args.out)
    save_encoder(model, out / "encoder")
    tokenizer.save_pretrained(out / "encoder")
    (out / "adapt_report.json").write_text(json.dumps(report, indent=2) + "\n")
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--corpora", help="folder of the shared corpora")
    parser.add_argument("--out", default="runs/adapted", help="output folder")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    parser.add_argument("--max-length", type=int, default=96, help="tokens per text")
    parser.add_argument("--mask-share", type=float, default=0.15, help="share of tokens masked")
    parser.add_argument("--head-steps", type=int, default=300, help="steps with the encoder frozen")
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, help="texts per split (smoke test)")
    report = adapt(parser.parse_args(argv))
    print(json.dumps({k: v for k, v in report.items() if k.startswith("val")}, indent=2))


if __name__ == "__main__":
    main()
