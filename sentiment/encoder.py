"""A minimal BERT sequence classifier in plain PyTorch, for inference only.

Why not ``transformers.AutoModel``: importing transformers costs seconds of start-up,
which dominates a cold ``sentiment score``. The shipped model is a standard
``BertForSequenceClassification`` checkpoint; this module reads the same
``config.json`` and ``model.safetensors`` with the same parameter names, so
``load_state_dict(strict=True)`` proves the two agree, and a test checks that the
logits match transformers' own implementation.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import torch
from torch import nn
from torch.nn import functional as F


class _Embeddings(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        hidden = cfg["hidden_size"]
        self.word_embeddings = nn.Embedding(cfg["vocab_size"], hidden)
        self.position_embeddings = nn.Embedding(cfg["max_position_embeddings"], hidden)
        self.token_type_embeddings = nn.Embedding(cfg["type_vocab_size"], hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=cfg["layer_norm_eps"])

    def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(input_ids.shape[1], device=input_ids.device)
        x = self.word_embeddings(input_ids) + self.position_embeddings(positions)
        return self.LayerNorm(x + self.token_type_embeddings(token_type_ids))


class _SelfAttention(nn.Module):
    def __init__(self, hidden: int, heads: int) -> None:
        super().__init__()
        self.heads = heads
        self.query = nn.Linear(hidden, hidden)
        self.key = nn.Linear(hidden, hidden)
        self.value = nn.Linear(hidden, hidden)

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        batch, length, hidden = x.shape

        def split(t: torch.Tensor) -> torch.Tensor:
            return t.view(batch, length, self.heads, hidden // self.heads).transpose(1, 2)

        out = F.scaled_dot_product_attention(
            split(self.query(x)), split(self.key(x)), split(self.value(x)), attn_mask=mask
        )
        return out.transpose(1, 2).reshape(batch, length, hidden)


class _DenseNorm(nn.Module):
    """Linear projection, residual add, LayerNorm: BERT's 'output' blocks."""

    def __init__(self, n_in: int, hidden: int, eps: float) -> None:
        super().__init__()
        self.dense = nn.Linear(n_in, hidden)
        self.LayerNorm = nn.LayerNorm(hidden, eps=eps)

    def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
        return self.LayerNorm(self.dense(x) + residual)


class _Attention(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        hidden = cfg["hidden_size"]
        self.self = _SelfAttention(hidden, cfg["num_attention_heads"])
        self.output = _DenseNorm(hidden, hidden, cfg["layer_norm_eps"])

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        return self.output(self.self(x, mask), x)


class _Intermediate(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.dense = nn.Linear(cfg["hidden_size"], cfg["intermediate_size"])

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.gelu(self.dense(x))


class _Layer(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.attention = _Attention(cfg)
        self.intermediate = _Intermediate(cfg)
        self.output = _DenseNorm(
            cfg["intermediate_size"], cfg["hidden_size"], cfg["layer_norm_eps"]
        )

    def forward(self, x: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        x = self.attention(x, mask)
        return self.output(self.intermediate(x), x)


class _Encoder(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.layer = nn.ModuleList(_Layer(cfg) for _ in range(cfg["num_hidden_layers"]))


class _Pooler(nn.Module):
    def __init__(self, hidden: int) -> None:
        super().__init__()
        self.dense = nn.Linear(hidden, hidden)


class _Bert(nn.Module):
    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        self.embeddings = _Embeddings(cfg)
        self.encoder = _Encoder(cfg)
        self.pooler = _Pooler(cfg["hidden_size"])


class BertClassifier(nn.Module):
    """``BertForSequenceClassification`` forward pass: [CLS] -> pooler -> linear head."""

    SUPPORTED = {"model_type": "bert", "hidden_act": "gelu", "position_embedding_type": "absolute"}

    def __init__(self, cfg: dict[str, Any]) -> None:
        super().__init__()
        for key, expected in self.SUPPORTED.items():
            if cfg.get(key, expected) != expected:
                raise ValueError(f"unsupported model config: {key}={cfg.get(key)!r}")
        self.bert = _Bert(cfg)
        self.classifier = nn.Linear(cfg["hidden_size"], len(cfg["id2label"]))

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        """Logits of shape (batch, labels)."""
        x = self.bert.embeddings(input_ids, token_type_ids)
        # Boolean mask, True = attend; shape (batch, 1, 1, length) broadcasts over heads/queries.
        mask = attention_mask.bool()[:, None, None, :]
        for layer in self.bert.encoder.layer:
            x = layer(x, mask)
        pooled = torch.tanh(self.bert.pooler.dense(x[:, 0]))
        return self.classifier(pooled)


def load_bert_classifier(model_dir: Path, cfg: dict[str, Any]) -> BertClassifier:
    """Build the module from ``config.json`` and load ``model.safetensors`` as float32."""
    model = empty_bert_classifier(cfg)
    return load_weights(model, read_weights(model_dir / "model.safetensors"))


def empty_bert_classifier(cfg: dict[str, Any]) -> BertClassifier:
    """The module ``config.json`` describes, on the meta device (no memory, no random init)."""
    with torch.device("meta"):
        return BertClassifier(cfg)


def read_weights(path: Path) -> dict[str, torch.Tensor]:
    """The tensors of a ``model.safetensors`` file as float32 (``position_ids`` dropped)."""
    from safetensors.torch import load_file

    state = load_file(str(path))
    return {k: v.float() for k, v in state.items() if not k.endswith("position_ids")}


def load_weights(model: BertClassifier, weights: dict[str, torch.Tensor]) -> BertClassifier:
    """``model`` with ``weights`` assigned; every parameter must be there, with its shape."""
    model.load_state_dict(weights, strict=True, assign=True)
    return model.eval()


def param_count(model: nn.Module) -> int:
    """Number of parameters (for the model card and benchmarks)."""
    return sum(math.prod(p.shape) for p in model.parameters())
