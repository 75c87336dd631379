"""The sentence / target sentiment model wrapper: preprocess -> forward -> postprocess.

* ``preprocess`` tokenises once, splits text longer than the model's window into
  windows (nothing is silently truncated; toward a target, only the windows that
  mention it are kept) and groups the windows into length-sorted batches (dynamic
  padding).
* ``_forward`` is only the model call, under ``torch.inference_mode()``.
* ``postprocess`` is plain Python: temperature-scaled softmax, the label from
  ``config.json``'s ``id2label`` (the single source of label order), and
  ``score = P(positive) - P(negative)``. A text split into windows gets the
  token-weighted mean of its windows' probabilities.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from sentiment import backends
from sentiment.errors import ModelError

REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json")
# Every file a model folder's predictions depend on: the required ones and the ONNX graph.
MODEL_FILES = (*REQUIRED_FILES, "model.onnx")
SHIPPED_MODEL = "finsent-minilm"
# A model folder's sub-folder holding the model for (sentence, target) pairs, where it has one
# (a complete model folder of its own); plain sentences stay with the folder's own model.
TARGET_FOLDER = "target"
# config.json's input_format["target"]: the pair as it is, or with the target's mentions in the
# text between markers (a model trained one way must be fed the same way).
TARGET_PAIR = "pair(target, text)"
TARGET_MARKED = "pair(target, marked text)"
MARKS = ("«", "»")
SPECIAL_TOKENS = ("[CLS]", "[SEP]", "[PAD]")


def marks_targets(config: dict[str, Any]) -> bool:
    """Whether a model's ``config.json`` says it was trained on marked targets."""
    return (config.get("input_format") or {}).get("target") == TARGET_MARKED


def mark_target(text: str, target: str) -> str:
    """``text`` with every mention of ``target`` (case-insensitive, whole words) between
    ``MARKS``; unchanged when the target is not mentioned."""
    if not target.strip():
        return text
    pattern = re.compile(rf"(?<!\w){re.escape(target.strip())}(?!\w)", re.IGNORECASE)
    return pattern.sub(lambda m: f"{MARKS[0]} {m.group(0)} {MARKS[1]}", text)


@dataclass(frozen=True)
class Prediction:
    """Model output for one input: label, score in [-1, 1], probabilities by label."""

    label: str
    score: float
    probabilities: dict[str, float]


@dataclass(frozen=True)
class _Window:
    item: int  # index of the input this window belongs to
    ids: list[int]
    type_ids: list[int]


def shipped_model_dir() -> Path:
    """The folder of the model installed with the package (``sentiment.models``).

    Found through :mod:`importlib.resources`, so it is the same folder whether the package
    was installed editable (the repository's ``models/``), from a source tree or from a wheel.
    """
    try:
        folder = resources.files("sentiment.models") / SHIPPED_MODEL
    except ModuleNotFoundError as exc:
        raise ModelError(
            "the shipped model is not installed (sentiment.models is missing): install the "
            "package with pip, or pass a model folder (--model, $SENTIMENT_MODEL_DIR)"
        ) from exc
    if not isinstance(folder, Path):
        raise ModelError(f"the shipped model must be installed as files on disk, not in {folder}")
    return folder


def default_model_dir() -> Path:
    """``$SENTIMENT_MODEL_DIR`` if set, else the model shipped with the package."""
    env = os.environ.get("SENTIMENT_MODEL_DIR")
    return Path(env) if env else shipped_model_dir()


def model_fingerprint(model_dir: Path, with_target: bool = True) -> str:
    """SHA-256 (hex) of the names and bytes of the model files (:data:`MODEL_FILES`) in
    ``model_dir`` and, unless ``with_target`` is False, in its target model's folder
    (:func:`target_model_dir`): the same for a copy of the folder, different when any of them
    changes. Reads the weights once (about 0.1 s per 45 MB); a missing file counts as absent
    (loading the model reports it)."""
    digest = hashlib.sha256()
    target = [f"{TARGET_FOLDER}/{name}" for name in MODEL_FILES] if with_target else []
    names = [*MODEL_FILES, *target]
    for name in names:
        path = model_dir / name
        if not path.is_file():
            continue
        digest.update(f"{name}\0{path.stat().st_size}\0".encode())
        with path.open("rb") as handle:
            while block := handle.read(2**20):
                digest.update(block)
    return digest.hexdigest()


def target_model_dir(model_dir: Path) -> Path | None:
    """The folder of ``model_dir``'s model for (sentence, target) pairs, or None where it has
    none (then its own model scores them too)."""
    folder = model_dir / TARGET_FOLDER
    return folder if (folder / "config.json").is_file() else None


def read_model_config(model_dir: Path) -> dict[str, Any]:
    """``config.json`` of a model folder, checked for the files and keys we need."""
    if not model_dir.is_dir():
        raise ModelError(f"model folder not found: {model_dir}")
    missing = [name for name in REQUIRED_FILES if not (model_dir / name).is_file()]
    if missing:
        raise ModelError(f"model folder {model_dir} lacks {', '.join(missing)}")
    with backends.model_file(model_dir, "config.json"):
        cfg = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
    if not isinstance(cfg, dict):
        raise ModelError(f"{model_dir}: config.json must be a JSON object")
    labels = cfg.get("id2label")
    if not isinstance(labels, dict) or not {"positive", "negative"} <= set(labels.values()):
        raise ModelError(f"{model_dir}: config.json's id2label must name positive and negative")
    if set(labels) != {str(i) for i in range(len(labels))}:
        raise ModelError(
            f"{model_dir}: config.json's id2label must be keyed 0 to {len(labels) - 1}"
        )
    return cfg


def load_tokenizer(model_dir: Path) -> Any:
    """``tokenizer.json`` as a ``tokenizers.Tokenizer`` without truncation or padding, checked
    for the special tokens the windows are built with."""
    from tokenizers import Tokenizer

    with backends.model_file(model_dir, "tokenizer.json"):
        tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    missing = [t for t in SPECIAL_TOKENS if tokenizer.token_to_id(t) is None]
    if missing:
        raise ModelError(f"{model_dir}: tokenizer.json lacks {', '.join(missing)}")
    return tokenizer


class SentenceClassifier:
    """Scores sentences, or (sentence, target) pairs, with the shipped transformer.

    Loads from a local folder only; never touches the network. ``precision``: ``fp32``,
    ``bf16``, ``int8`` or ``auto`` (the machine's choice; see :mod:`sentiment.precision`),
    resolved once into :attr:`precision`. A folder with a target model
    (:func:`target_model_dir`) scores (sentence, target) pairs with it, loaded with the same
    settings on the first pair; plain sentences stay with the folder's own model.
    ``target_model=False`` scores the pairs with the folder's own model too (the behaviour
    before the target model, for comparison). ``threads``: on the ONNX backend, how many
    batches run side by side, each on one thread (default: ``OMP_NUM_THREADS``, else the
    usable cores; :func:`sentiment.backends.worker_count`); on PyTorch, its intra-op threads.
    """

    def __init__(
        self,
        model_dir: str | Path | None = None,
        *,
        device: str = "cpu",
        batch_size: int = 64,
        max_tokens: int | None = None,
        threads: int | None = None,
        backend: str = "auto",
        precision: str = "fp32",
        target_model: bool = True,
    ) -> None:
        from sentiment.precision import choose_precision

        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.config = read_model_config(self.model_dir)
        id2label = self.config["id2label"]
        self.labels = tuple(id2label[str(i)] for i in range(len(id2label)))
        with backends.model_file(self.model_dir, "config.json", "has a bad value"):
            self.temperature = float(self.config.get("calibration_temperature", 1.0))
            self.marks_targets = marks_targets(self.config)
            self.max_tokens = max_tokens or int(self.config.get("max_input_tokens", 128))
        self.batch_size = batch_size
        self.device = device
        self.target_dir = target_model_dir(self.model_dir) if target_model else None
        self._settings = {
            "device": device,
            "batch_size": batch_size,
            "max_tokens": max_tokens,
            "threads": threads,
            "backend": backend,
            "precision": precision,
        }
        self._target_model: SentenceClassifier | None = None
        self.tokenizer = load_tokenizer(self.model_dir)
        self._cls, self._sep, self._pad = (self.tokenizer.token_to_id(t) for t in SPECIAL_TOKENS)
        self.precision = choose_precision(precision, device, backend=backend)
        self.backend = backends.choose_backend(self.model_dir, backend, device, self.precision)
        try:
            self.model = backends.load_backend(
                self.backend, self.model_dir, self.config, device, threads, self.precision
            )
        except (OSError, RuntimeError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load model from {self.model_dir}: {exc}") from exc

    # -- preprocess ---------------------------------------------------------------
    def preprocess(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[_Window]:
        """Token windows for every input; a long text becomes several windows."""
        targets = list(targets) if targets is not None else [None] * len(texts)
        if len(targets) != len(texts):
            raise ValueError("texts and targets must have the same length")
        if self.marks_targets:
            texts = [mark_target(x, t) if t else x for x, t in zip(texts, targets)]
        text_ids = [
            e.ids for e in self.tokenizer.encode_batch(list(texts), add_special_tokens=False)
        ]
        named = [i for i, t in enumerate(targets) if t]
        target_ids: list[list[int]] = [[] for _ in targets]
        if named:
            encoded = self.tokenizer.encode_batch(
                [targets[i] for i in named], add_special_tokens=False
            )
            for i, e in zip(named, encoded):
                target_ids[i] = e.ids
        windows = []
        for item, (ids, tgt) in enumerate(zip(text_ids, target_ids)):
            tgt = tgt[: self.max_tokens // 4]  # a target never crowds out the text
            room = self.max_tokens - (3 + len(tgt) if tgt else 2)
            chunks = [ids[start : start + room] for start in range(0, max(len(ids), 1), room)]
            if tgt and len(chunks) > 1:
                chunks = _mentioning(chunks, tgt)
            windows += [self._window(item, tgt, chunk) for chunk in chunks]
        return windows

    def _window(self, item: int, target: list[int], chunk: list[int]) -> _Window:
        if target:  # BERT pair format: [CLS] target [SEP] text [SEP]
            ids = [self._cls, *target, self._sep, *chunk, self._sep]
            types = [0] * (len(target) + 2) + [1] * (len(chunk) + 1)
        else:
            ids = [self._cls, *chunk, self._sep]
            types = [0] * len(ids)
        return _Window(item, ids, types)

    def _batches(self, windows: list[_Window]) -> list[list[int]]:
        order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
        return [order[i : i + self.batch_size] for i in range(0, len(order), self.batch_size)]

    def _tensors(self, windows: list[_Window]) -> dict[str, Any]:
        """Padded int64 arrays (dynamic padding to the batch's longest window)."""
        import numpy

        width = max(len(w.ids) for w in windows)
        ids = numpy.full((len(windows), width), self._pad, dtype=numpy.int64)
        types = numpy.zeros((len(windows), width), dtype=numpy.int64)
        mask = numpy.zeros((len(windows), width), dtype=numpy.int64)
        for row, w in enumerate(windows):
            ids[row, : len(w.ids)] = w.ids
            types[row, : len(w.ids)] = w.type_ids
            mask[row, : len(w.ids)] = 1
        return {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}

    # -- forward ------------------------------------------------------------------
    def _forward(self, tensors: dict[str, Any]) -> Any:
        """Only the model call; returns float32 logits as a numpy array."""
        return self.model(tensors)

    def _forward_all(self, feeds: Sequence[dict[str, Any]]) -> list[Any]:
        """The model call for every batch, in order (side by side where the backend can)."""
        return backends.run_all(self.model, feeds)

    # -- postprocess --------------------------------------------------------------
    def postprocess(
        self, n_items: int, windows: list[_Window], probs: list[list[float]]
    ) -> list[Prediction]:
        """Merge window probabilities per input (token-weighted) into Predictions."""
        sums = [[0.0] * len(self.labels) for _ in range(n_items)]
        weights = [0] * n_items
        for window, p in zip(windows, probs):
            w = len(window.ids)
            weights[window.item] += w
            sums[window.item] = [s + w * x for s, x in zip(sums[window.item], p)]
        return [self._prediction([s / weights[i] for s in sums[i]]) for i in range(n_items)]

    def _prediction(self, probs: list[float]) -> Prediction:
        return prediction_from(dict(zip(self.labels, probs)))

    # -- public -------------------------------------------------------------------
    @property
    def target_model(self) -> SentenceClassifier:
        """The model that scores (sentence, target) pairs: the target folder's, loaded on
        first use with this one's settings, or this one where the folder has none."""
        if self.target_dir is None:
            return self
        if self._target_model is None:
            self._target_model = SentenceClassifier(self.target_dir, **self._settings)
        return self._target_model

    def predict(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        """One Prediction per text (toward ``targets[i]`` where given), batched."""
        if not texts:
            return []
        if targets is not None and self.target_dir is not None:
            return self._routed(texts, targets)
        return self._predicted(texts, targets)

    def _routed(self, texts: Sequence[str], targets: Sequence[str | None]) -> list[Prediction]:
        """Plain sentences scored here, pairs by the target model, in their input order."""
        if len(targets) != len(texts):
            raise ValueError("texts and targets must have the same length")
        plain = [i for i, target in enumerate(targets) if not target]
        pairs = [i for i, target in enumerate(targets) if target]
        found: dict[int, Prediction] = {}
        if plain:
            found.update(zip(plain, self._predicted([texts[i] for i in plain])))
        if pairs:
            scored = self.target_model.predict(
                [texts[i] for i in pairs], [targets[i] for i in pairs]
            )
            found.update(zip(pairs, scored))
        return [found[i] for i in range(len(texts))]

    def _predicted(
        self, texts: Sequence[str], targets: Sequence[str | None] | None = None
    ) -> list[Prediction]:
        """This folder's own model over every input."""
        windows = self.preprocess(texts, targets)
        probs: list[list[float]] = [[]] * len(windows)
        batches = self._batches(windows)
        feeds = [self._tensors([windows[i] for i in batch]) for batch in batches]
        for batch, logits in zip(batches, self._forward_all(feeds)):
            for i, row in zip(batch, _softmax(logits / self.temperature).tolist()):
                probs[i] = row
        return self.postprocess(len(texts), windows, probs)


def _mentioning(chunks: list[list[int]], target: list[int]) -> list[list[int]]:
    """The windows of a long text that mention ``target`` (all of them if none does).

    A target is scored on what is written around it: a long run-on sentence is not read
    whole once per ticker it names, which cost time growing with the square of its length.
    """
    width = len(target)
    found = [
        chunk
        for chunk in chunks
        if any(chunk[i : i + width] == target for i in range(len(chunk) - width + 1))
    ]
    return found or chunks


def prediction_from(probabilities: dict[str, float]) -> Prediction:
    """Label (the most probable, the first on a tie) and score P(positive) - P(negative)."""
    by_label = {label: round(p, 6) for label, p in probabilities.items()}
    best = max(probabilities, key=probabilities.__getitem__)
    score = by_label.get("positive", 0.0) - by_label.get("negative", 0.0)
    return Prediction(best, round(score, 6), by_label)


def _softmax(logits: Any) -> Any:
    import numpy

    exp = numpy.exp(logits - logits.max(axis=-1, keepdims=True))
    return exp / exp.sum(axis=-1, keepdims=True)
