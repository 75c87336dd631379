"""Pack an encoder small enough to carry to a GPU machine, and unpack it there.

A GPU lease takes at most 64 MiB of files; MPNet-base (109M parameters) is 438 MB in float32.
The pack keeps what a *teacher* needs to be fine-tuned on our corpora:

* every weight matrix in 4 bits, in groups of 64 inputs, each group with its own float16
  minimum and step (round to nearest);
* only the rows of the word embedding for tokens that occur in the texts given (the
  corpora, the synthetic comparison sentences): the teacher labels those texts and nothing
  else, so the other rows are left at zero;
* the small tensors (biases, layer norms, position embeddings) in float16.

Unpacked, the encoder is float32 again; fine-tuning starts from it as from the original.
The pack is for a teacher only: a shipped model must start from the full-precision encoder.

    python -m experiments.gpu_lease.pack_encoder pack /tmp/mpnet/model/all-mpnet-base-v2 \
        .gpu/mpnet --corpora ../shared/corpora
    python -m experiments.gpu_lease.pack_encoder unpack .gpu/mpnet /tmp/mpnet-unpacked
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from training import comparisons
from training import corpora as cp

GROUP = 64
LEVELS = 15  # 4 bits
MIN_PACKED = 2**18  # smaller matrices stay float16
WORD_EMBEDDINGS = "embeddings.word_embeddings.weight"
SIDE_FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")
PACKED = "packed.safetensors"


def quantize(weight: torch.Tensor) -> dict[str, torch.Tensor]:
    """4-bit codes (two per byte), per-group minimum and step of a 2-D float matrix."""
    rows, cols = weight.shape
    groups = weight.float().reshape(rows, cols // GROUP, GROUP)
    # codes are taken against the float16 minimum and step that are stored, not the exact ones
    low = groups.amin(-1, keepdim=True).half().float()
    step = ((groups.amax(-1, keepdim=True) - low) / LEVELS).clamp_min(1e-4).half().float()
    codes = ((groups - low) / step).round().clamp(0, LEVELS).to(torch.uint8).reshape(rows, cols)
    return {
        "codes": codes[:, 0::2] | (codes[:, 1::2] << 4),
        "low": low.squeeze(-1).half(),
        "step": step.squeeze(-1).half(),
    }


def dequantize(codes: torch.Tensor, low: torch.Tensor, step: torch.Tensor) -> torch.Tensor:
    rows, half = codes.shape
    unpacked = torch.stack([codes & 15, codes >> 4], dim=-1).reshape(rows, half * 2)
    groups = unpacked.float().reshape(rows, -1, GROUP)
    return (groups * step.float().unsqueeze(-1) + low.float().unsqueeze(-1)).reshape(rows, -1)


def corpus_texts(corpora: Path) -> list[str]:
    """Every text and target in the corpora, and the synthetic comparison sentences."""
    texts = []
    for path in sorted(corpora.rglob("*.jsonl")):
        for row in cp.jsonl_rows(path):
            texts += [str(v) for k, v in row.items() if isinstance(v, str) and k != "id"]
    synthetic = comparisons.generate(5000, 0, 2000)
    return texts + [ex.text for ex in synthetic] + [ex.target for ex in synthetic]


def used_token_ids(tokenizer, texts: list[str]) -> list[int]:
    used = set(tokenizer.all_special_ids)
    for start in range(0, len(texts), 2000):
        for ids in tokenizer(texts[start : start + 2000], add_special_tokens=False)["input_ids"]:
            used.update(ids)
    return sorted(used)


def pack(source: Path, out: Path, texts: list[str]) -> dict:
    """Write the pack of the encoder in ``source`` to ``out``, keeping the word-embedding rows
    of the tokens in ``texts``; the number of rows kept and the pack's size."""
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(source)
    state = load_file(source / "model.safetensors")
    rows = torch.tensor(used_token_ids(tokenizer, texts), dtype=torch.int32)
    packed: dict[str, torch.Tensor] = {"vocab.rows": rows}
    for name, tensor in state.items():
        if name.startswith("pooler."):
            continue  # the classification model has no pooler
        if not tensor.is_floating_point():
            packed[name] = tensor
            continue
        if name.endswith(WORD_EMBEDDINGS):
            packed["vocab.size"] = torch.tensor([tensor.shape[0]], dtype=torch.int32)
            tensor = tensor[rows.long()]
        if tensor.dim() == 2 and tensor.shape[1] % GROUP == 0 and tensor.numel() >= MIN_PACKED:
            packed.update({f"{name}::{k}": v for k, v in quantize(tensor).items()})
        else:
            packed[name] = tensor.half()
    out.mkdir(parents=True, exist_ok=True)
    save_file(packed, out / PACKED)
    copy_side_files(source, out)
    return {"kept_vocab_rows": len(rows), "bytes": (out / PACKED).stat().st_size}


def unpack(folder: Path, out: Path) -> None:
    """Write a float32 encoder folder (``model.safetensors``, config, tokeniser) from a pack."""
    packed = load_file(folder / PACKED)
    state: dict[str, torch.Tensor] = {}
    for name in {key.split("::")[0] for key in packed if not key.startswith("vocab.")}:
        if f"{name}::codes" in packed:
            parts = [packed[f"{name}::{k}"] for k in ("codes", "low", "step")]
            state[name] = dequantize(*parts)
        else:
            tensor = packed[name]
            state[name] = tensor.float() if tensor.is_floating_point() else tensor
    embeddings = next(name for name in state if name.endswith(WORD_EMBEDDINGS))
    rows = packed["vocab.rows"].long()
    table = torch.zeros(int(packed["vocab.size"][0]), state[embeddings].shape[1])
    table[rows] = state[embeddings]
    state[embeddings] = table
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in state.items()}, out / "model.safetensors")
    copy_side_files(folder, out)


def copy_side_files(source: Path, out: Path, names: tuple[str, ...] = SIDE_FILES) -> None:
    """The config and tokeniser files that ``source`` has, into ``out``."""
    for name in names:
        if (source / name).exists():
            shutil.copy(source / name, out / name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("action", choices=("pack", "unpack"))
    parser.add_argument("source", type=Path, help="encoder folder (pack) or pack folder (unpack)")
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpora", help="folder of the shared corpora (pack)")
    args = parser.parse_args(argv)
    if args.action == "pack":
        texts = corpus_texts(cp.resolve_corpora(args.corpora))
        print(json.dumps(pack(args.source, args.out, texts)))
    else:
        unpack(args.source, args.out)


if __name__ == "__main__":
    main()
