"""Masked-word adaptation of the MiniLM base (experiments/adapt): its text and its encoder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from experiments.adapt import adapt  # noqa: E402
from training import corpora as cp  # noqa: E402
from training import train as tr  # noqa: E402


def _texts_in(split: str, count: int, prefix: str) -> list[str]:
    """Made-up sentences that the hash split puts in ``split``."""
    found, i = [], 0
    while len(found) < count:
        text = f"{prefix} sentence number {i} about margins."
        if cp.split_of(text) == split:
            found.append(text)
        i += 1
    return found


def _write_rows(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")


def test_adaptation_text_is_train_split_only_and_distinct(tmp_path: Path) -> None:
    corpora = tmp_path
    news = _texts_in("train", 3, "news") + _texts_in("test", 2, "news")
    _write_rows(corpora / "ner" / "finer_ord_train.jsonl", [{"text": t} for t in news])
    claims = [{"text": t, "label": 0} for t in _texts_in("train", 2, "claim")]
    _write_rows(corpora / "claims" / "numclaim_calls.jsonl", claims)
    (corpora / "sentences").mkdir()
    labelled = _texts_in("train", 2, "fpb") + _texts_in("validation", 2, "fpb")
    rows = [{"text": t, "label": "neutral"} for t in labelled + labelled[:1]]
    (corpora / "sentences" / "fpb.jsonl").write_text("\n".join(map(json.dumps, rows)) + "\n")
    train = adapt.split_texts(corpora, "train", ("fpb",), ["finer_ord", "numclaim"])
    validation = adapt.split_texts(corpora, "validation", ("fpb",), ["finer_ord", "numclaim"])
    assert sorted(train) == sorted(
        labelled[:2] + cp.unlabelled_texts(corpora, ["finer_ord", "numclaim"], set())
    )
    assert sorted(validation) == sorted(labelled[2:])


def test_adapted_encoder_keeps_the_base_pooler(tmp_path: Path, monkeypatch) -> None:
    from transformers import BertConfig, BertForMaskedLM, BertModel

    config = BertConfig(
        vocab_size=30,
        hidden_size=8,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=16,
        max_position_embeddings=16,
    )
    torch.manual_seed(0)
    BertModel(config).save_pretrained(tmp_path / "base")
    monkeypatch.setattr(tr, "base_encoder_dir", lambda: tmp_path / "base")
    adapted = BertForMaskedLM(config)
    adapt.save_encoder(adapted, tmp_path / "encoder")
    base = BertModel.from_pretrained(tmp_path / "base")
    saved = BertModel.from_pretrained(tmp_path / "encoder")
    assert torch.equal(saved.pooler.dense.weight, base.pooler.dense.weight)
    layer = saved.encoder.layer[0].output.dense.weight
    assert torch.equal(layer, adapted.bert.encoder.layer[0].output.dense.weight)
    assert not torch.equal(layer, base.encoder.layer[0].output.dense.weight)
