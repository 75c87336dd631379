"""Packing an encoder for a GPU lease (experiments/gpu_lease/pack_encoder.py): 4-bit groups, pruned
vocabulary, and an unpacked model that loads. A tiny random BERT; no corpora needed."""

from __future__ import annotations

from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from experiments.gpu_lease import pack_encoder as pe  # noqa: E402

SHAPES = [(3, 64), (8, 128), (2, 768)]


@pytest.mark.parametrize("shape", SHAPES)
def test_dequantize_is_within_half_a_step_of_the_weights(shape: tuple[int, int]) -> None:
    torch.manual_seed(0)
    weight = torch.randn(shape)
    packed = pe.quantize(weight)
    assert packed["codes"].shape == (shape[0], shape[1] // 2)
    assert packed["codes"].dtype == torch.uint8
    restored = pe.dequantize(**packed)
    step = packed["step"].float().repeat_interleave(pe.GROUP, dim=1)
    assert bool(((restored - weight).abs() <= step / 2 + 1e-3).all())


def test_a_constant_group_comes_back_exactly() -> None:
    weight = torch.full((2, 64), 0.25)
    assert torch.allclose(pe.dequantize(**pe.quantize(weight)), weight)


SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
WORDS = ["shares", "rose", "fell", "profit", "loss", "outlook", "unused", "never"]


@pytest.fixture
def tiny_encoder(tmp_path: Path) -> Path:
    from tokenizers import Tokenizer, models, pre_tokenizers

    words = [*SPECIAL, *WORDS]
    backend = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    names = ("pad_token", "unk_token", "cls_token", "sep_token", "mask_token")
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, **dict(zip(names, SPECIAL))
    )
    config = transformers.BertConfig(
        vocab_size=len(WORDS) + 5,
        hidden_size=64,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=128,
        max_position_embeddings=32,
    )
    folder = tmp_path / "encoder"
    transformers.BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_pack_and_unpack_keep_the_used_rows_and_drop_the_rest(
    tiny_encoder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pe, "MIN_PACKED", 0)  # pack every matrix of the tiny model
    summary = pe.pack(tiny_encoder, tmp_path / "pack", ["shares rose", "loss outlook"])
    assert summary["kept_vocab_rows"] == 5 + 4  # the special tokens and the four words
    pe.unpack(tmp_path / "pack", tmp_path / "out")

    original = pe.load_file(tiny_encoder / "model.safetensors")
    restored = pe.load_file(tmp_path / "out" / "model.safetensors")
    assert set(restored) == {k for k in original if not k.startswith("pooler.")}
    assert all(restored[k].shape == original[k].shape for k in restored)
    embeddings = next(k for k in restored if k.endswith(pe.WORD_EMBEDDINGS))
    never = 5 + WORDS.index("never")
    assert float(restored[embeddings][never].abs().sum()) == 0.0
    used = 5 + WORDS.index("rose")
    assert torch.allclose(restored[embeddings][used], original[embeddings][used], atol=0.05)
    model = transformers.AutoModelForSequenceClassification.from_pretrained(
        tmp_path / "out", num_labels=3
    )
    assert model.config.hidden_size == 64
