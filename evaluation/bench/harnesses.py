"""Comparison systems with our batching rules: BERT-base and our weights in transformers/ORT."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from evaluation.bench.settings import BASELINE_MAX_TOKENS, BATCH_SIZE


class TransformersHarness:
    """A transformers ``BertForSequenceClassification`` with our batching rules.

    Length-sorted batches of ``BATCH_SIZE``, dynamic padding, truncation at
    ``BASELINE_MAX_TOKENS``, ``torch.inference_mode()``, softmax to Python floats: the same
    work :class:`sentiment.classifier.SentenceClassifier` does per sentence.
    """

    def __init__(self, model: Any, tokenizer_file: Path, device: str) -> None:
        from tokenizers import Tokenizer

        self.model = model.float().eval().to(device)
        self.device = device
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=BASELINE_MAX_TOKENS)

    def predict(self, sentences: Sequence[str]) -> list[list[float]]:
        """Class probabilities per sentence, in input order (length-sorted batches)."""
        encodings = self.tokenizer.encode_batch(list(sentences))
        order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
        probs: list[list[float]] = [[]] * len(encodings)
        for start in range(0, len(order), BATCH_SIZE):
            batch = order[start : start + BATCH_SIZE]
            feed = padded_feed([encodings[i] for i in batch])
            for i, row in zip(batch, self.probabilities(feed), strict=True):
                probs[i] = row
        return probs

    def probabilities(self, feed: dict[str, Any]) -> list[list[float]]:
        """One padded batch through the model: softmax rows as Python floats."""
        import torch

        tensors = {k: torch.from_numpy(v).to(self.device) for k, v in feed.items()}
        with torch.inference_mode():
            return self.model(**tensors).logits.float().softmax(-1).tolist()


def padded_feed(encodings: Sequence[Any]) -> dict[str, Any]:
    """Model inputs for one batch of encodings, zero-padded to the longest, as int64 arrays."""
    import numpy

    width = max(len(e.ids) for e in encodings)
    feed = {}
    for key, attr in (
        ("input_ids", "ids"),
        ("attention_mask", "attention_mask"),
        ("token_type_ids", "type_ids"),
    ):
        rows = [getattr(e, attr) for e in encodings]
        feed[key] = numpy.array([r + [0] * (width - len(r)) for r in rows], numpy.int64)
    return feed


class OnnxHarness(TransformersHarness):
    """The same batching through ONNX Runtime (the runtime our ``onnx`` backend uses)."""

    def __init__(self, model: Any, tokenizer_file: Path, folder: Path) -> None:
        import onnxruntime
        import torch

        super().__init__(model, tokenizer_file, "cpu")
        sample = torch.ones(2, 8, dtype=torch.long)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        torch.onnx.export(
            self.model,
            (sample, sample, torch.zeros_like(sample)),
            str(folder / "m.onnx"),
            input_names=names,
            output_names=["logits"],
            opset_version=17,
            dynamo=False,
            dynamic_axes={**{k: {0: "b", 1: "l"} for k in names}, "logits": {0: "b"}},
        )
        options = onnxruntime.SessionOptions()
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(
            str(folder / "m.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def probabilities(self, feed: dict[str, Any]) -> list[list[float]]:
        """One padded batch through ONNX Runtime: softmax rows as Python floats."""
        import numpy

        logits = self.session.run(["logits"], feed)[0]
        exp = numpy.exp(logits - logits.max(-1, keepdims=True))
        return (exp / exp.sum(-1, keepdims=True)).tolist()


def bert_base(device: str, tokenizer_file: Path) -> TransformersHarness:
    """A randomly initialised BERT-base (``BertConfig()`` defaults, 3 labels)."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    return TransformersHarness(
        BertForSequenceClassification(BertConfig(num_labels=3)), tokenizer_file, device
    )


def bert_base_onnx(tokenizer_file: Path, folder: Path) -> OnnxHarness:
    """BERT-base (same shape as FinBERT, random init) run by ONNX Runtime, like our backend."""
    import torch
    from transformers import BertConfig

    from sentiment.encoder import BertClassifier

    torch.manual_seed(0)
    cfg = BertConfig(num_labels=3).to_dict()
    return OnnxHarness(BertClassifier(cfg), tokenizer_file, folder)


def ours_in_transformers(model_dir: Path, device: str) -> TransformersHarness:
    """Our checkpoint loaded by transformers itself, to separate model size from implementation."""
    import torch
    from transformers import BertForSequenceClassification
    from transformers.utils import logging

    logging.disable_progress_bar()
    model = BertForSequenceClassification.from_pretrained(str(model_dir), dtype=torch.float32)
    return TransformersHarness(model, model_dir / "tokenizer.json", device)
