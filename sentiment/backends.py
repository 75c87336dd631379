"""Inference backends: numpy int64 inputs in, float32 logits (numpy) out.

* ``onnx``: ONNX Runtime over ``model.onnx``, a weight-less graph whose initializers point
  into ``model.safetensors`` (see training/export_onnx.py). Same logits as PyTorch (to
  ~1e-5), several times faster on small CPUs, and it opens in a fraction of a second. Its
  sessions run each call on one thread, and :meth:`OnnxClassifier.run_all` runs the batches
  of one call side by side, one per core (:func:`worker_count`).
* ``torch``: the plain-PyTorch BERT in :mod:`sentiment.encoder` (also for ``cuda``).

Precision (:mod:`sentiment.precision`): ``bf16`` runs on ``torch`` with bfloat16 weights,
``int8`` on ``onnx`` over the quantised graph, its close calls redone over ``model.onnx``
(:class:`RescoringClassifier`); ``fp32`` on either.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sentiment.errors import ModelError

BACKENDS = ("auto", "onnx", "torch")
MAX_REASON = 300  # characters of a library's message kept in a ModelError (one line)


@contextmanager
def model_file(model_dir: Path, name: str, problem: str = "cannot be read") -> Iterator[None]:
    """Turn a failure while loading one file of a model folder into a one-line ModelError
    that names the file: ``<model dir>: <name> <problem>: <reason>``.

    The catch is broad because tokenizers, safetensors and onnxruntime raise bare
    ``Exception`` subclasses; it wraps only the loading of one file, never prediction.
    ``MemoryError`` (and ``KeyboardInterrupt``, not an ``Exception``) pass through.
    """
    try:
        yield
    except (MemoryError, ModelError):
        raise
    except Exception as exc:
        raise ModelError(f"{model_dir}: {name} {problem}: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    text = f"missing {exc}" if isinstance(exc, KeyError) else str(exc) or type(exc).__name__
    text = " ".join(text.split())
    return text if len(text) <= MAX_REASON else text[: MAX_REASON - 1] + "…"


def choose_backend(model_dir: Path, backend: str, device: str, precision: str = "fp32") -> str:
    """``auto``: the backend ``precision`` needs (bf16: PyTorch, int8: ONNX Runtime); for
    fp32, ONNX Runtime on CPU when the folder has ``model.onnx`` and onnxruntime is
    installed (same logits, several times faster here); plain PyTorch otherwise."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    from sentiment.precision import RUNS_ON

    needed = RUNS_ON.get(precision)
    if needed and backend not in ("auto", needed):
        raise ModelError(f"precision {precision} runs on the {needed} backend, not {backend}")
    if needed == "onnx" and device != "cpu":
        raise ModelError(f"precision {precision} runs on the CPU only, not {device}")
    if needed:
        return needed
    if backend != "auto":
        return backend
    if device == "cpu" and (model_dir / "model.onnx").is_file():
        import importlib.util

        if importlib.util.find_spec("onnxruntime") is not None:
            return "onnx"
    return "torch"


def load_backend(
    backend: str,
    model_dir: Path,
    config: dict[str, Any],
    device: str,
    threads: int | None,
    precision: str = "fp32",
) -> Any:
    """A callable: dict of int64 arrays -> float32 logits (numpy)."""
    if backend == "onnx":
        if precision == "int8":
            from sentiment.classifier import model_fingerprint
            from sentiment.precision import INT8_RESCORE_MARGIN, int8_graph

            with model_file(model_dir, "model.onnx", "cannot be quantised"):
                graph = int8_graph(model_dir, model_fingerprint(model_dir))
            return RescoringClassifier(
                OnnxClassifier(model_dir, threads, graph),
                OnnxClassifier(model_dir, threads),
                INT8_RESCORE_MARGIN,
            )
        return OnnxClassifier(model_dir, threads)
    return TorchClassifier(model_dir, config, device, threads, bf16=precision == "bf16")


def worker_count(threads: int | None) -> int:
    """How many batches the ONNX backend runs at once: ``threads`` when given, else
    ``OMP_NUM_THREADS`` when set (a batch worker's share of the cores), else the cores this
    process may use."""
    if threads:
        return threads
    try:
        return max(1, int(os.environ.get("OMP_NUM_THREADS", "")))
    except ValueError:
        pass
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def run_all(model: Any, feeds: Sequence[dict[str, Any]]) -> list[Any]:
    """Logits of every batch in ``feeds``, in order: through ``model.run_all`` where the
    backend runs batches side by side, else one after another."""
    runner = getattr(model, "run_all", None)
    if runner is not None:
        return runner(feeds)
    return [model(feed) for feed in feeds]


class TorchClassifier:
    """The PyTorch backend: numpy inputs in, numpy logits out, under inference mode."""

    def __init__(
        self,
        model_dir: Path,
        cfg: dict[str, Any],
        device: str,
        threads: int | None,
        bf16: bool = False,
    ) -> None:
        import torch

        from sentiment.encoder import empty_bert_classifier, load_weights, read_weights

        if threads:
            torch.set_num_threads(threads)
        self.device = device
        with model_file(model_dir, "config.json", "does not describe a supported BERT"):
            module = empty_bert_classifier(cfg)
        with model_file(model_dir, "model.safetensors"):
            weights = read_weights(model_dir / "model.safetensors")
        with model_file(model_dir, "model.safetensors", "does not match config.json"):
            module = load_weights(module, weights)
        self.module = module.to(device, torch.bfloat16 if bf16 else torch.float32)
        self.max_width = int(cfg.get("max_position_embeddings") or 512)
        self.exact: set[tuple[int, int]] = set()  # the input shapes run as they came

    def __call__(self, inputs: dict[str, Any]) -> Any:
        import torch

        rows = len(inputs["input_ids"])
        shape = inputs["input_ids"].shape
        if shape in self.exact or len(self.exact) < EXACT_SHAPES:
            self.exact.add(shape)
            padded = inputs
        else:
            padded = _bucketed(inputs, self.max_width)
        tensors = {k: torch.from_numpy(v).to(self.device) for k, v in padded.items()}
        with torch.inference_mode():
            return self.module(**tensors).float().cpu().numpy()[:rows]


def _bucketed(inputs: dict[str, Any], max_width: int = 512) -> dict[str, Any]:
    """``inputs`` padded to a few shapes: rows to a power of two, width to a multiple of
    :data:`WIDTH_STEP` (at most ``max_width``, the model's positions). PyTorch's CPU
    kernels keep working memory for every input shape they meet: dynamic padding's many
    shapes made a long document's memory grow by some 300 MiB per MiB of text in bf16
    (docs/batch.md, long documents). Padded rows and tokens are masked and their outputs
    dropped, so the scores are those of the unpadded batch."""
    import numpy

    rows, width = inputs["input_ids"].shape
    tall = 1 << (rows - 1).bit_length()
    wide = max(width, min(-(-width // WIDTH_STEP) * WIDTH_STEP, max_width))
    if (tall, wide) == (rows, width):
        return inputs
    padded = {}
    for key, value in inputs.items():
        block = numpy.zeros((tall, wide), dtype=value.dtype)
        block[:rows, :width] = value
        padded[key] = block
    padded["attention_mask"][rows:, 0] = 1  # a padding row attends to one token, not none
    return padded


WIDTH_STEP = 16
"""The PyTorch backend pads a batch's width to a multiple of this many tokens (see
:func:`_bucketed`)."""
EXACT_SHAPES = 32
"""How many input shapes the PyTorch backend runs as they come before it pads new ones to
:func:`_bucketed` shapes: a few hundred sentences keep dynamic padding's speed (padding to
buckets cost bf16 ``classify`` about a fifth of its speed on 512 note sentences), while a
long document or a long-running server keeps a bounded set of shapes, and so of memory."""


class OnnxClassifier:
    """The ONNX Runtime backend over ``model.onnx`` (written by training/export_onnx.py),
    whose weights are read from the same ``model.safetensors``; or over ``graph``, a graph
    with its weights inside (the int8 one).

    Each call runs on one thread; :meth:`run_all` runs up to :attr:`workers` batches at
    once, one per thread (an ONNX Runtime session may be run from several threads). For
    this small model's batches that is faster than splitting each matrix product over the
    cores (intra-op threads): 1.2x for int8 and 1.1-1.4x for fp32 on two cores, measured
    interleaved (docs/experiments.md). The batches are the same either way, so are the
    logits."""

    def __init__(self, model_dir: Path, threads: int | None, graph: Path | None = None) -> None:
        import onnxruntime

        if not (model_dir / "model.onnx").is_file():
            raise ModelError(f"{model_dir}: no model.onnx (write it with training/export_onnx.py)")
        options = onnxruntime.SessionOptions()
        # Idle threads sleep instead of spinning: as fast on an idle machine (measured), and
        # it stops batch workers and other processes from starving each other.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        # A load failure is raised as a ModelError; ONNX Runtime's own log line would repeat it.
        options.log_severity_level = 4
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.workers = worker_count(threads)
        self._pool: ThreadPoolExecutor | None = None
        self._pool_lock = threading.Lock()
        try:
            with model_file(model_dir, "model.onnx"):
                self.session = onnxruntime.InferenceSession(
                    str(graph or model_dir / "model.onnx"),
                    options,
                    providers=["CPUExecutionProvider"],
                )
        except ModelError:
            check_weights(model_dir)  # the graph reads its weights there: blame the right file
            raise

    def __call__(self, inputs: dict[str, Any]) -> Any:
        return self.session.run(["logits"], inputs)[0]

    def run_all(self, feeds: Sequence[dict[str, Any]]) -> list[Any]:
        """Logits of every batch, in order, up to :attr:`workers` batches at once."""
        return self.map(self, feeds)

    def map(self, run: Any, feeds: Sequence[dict[str, Any]]) -> list[Any]:
        """``run`` over ``feeds`` on this backend's threads (in this thread when one is
        enough)."""
        if self.workers <= 1 or len(feeds) <= 1:
            return [run(feed) for feed in feeds]
        with self._pool_lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="sentiment-onnx")
        return list(self._pool.map(run, feeds))


class RescoringClassifier:
    """A fast model whose close calls are redone by an exact one: rows whose top two
    ``fast`` logits are less than ``margin`` apart are scored again by ``exact``, and its
    logits replace theirs. So those rows get ``exact``'s labels by construction, and the rest
    are the ones where ``fast`` is sure enough to agree with it (the int8 cascade: see
    :mod:`sentiment.precision`). ``rescored`` and ``scored`` count rows, for reports."""

    def __init__(self, fast: Any, exact: Any, margin: float) -> None:
        self.fast, self.exact, self.margin = fast, exact, margin
        self.scored = self.rescored = 0

    def __call__(self, inputs: dict[str, Any]) -> Any:
        return self.run_all([inputs])[0]

    def run_all(self, feeds: Sequence[dict[str, Any]]) -> list[Any]:
        """Logits of every batch, in order: ``fast`` over all of them (side by side where it
        can), then the close calls of all of them gathered into batches of the same size for
        ``exact`` (a few rows each, not one call per batch)."""
        import numpy

        logits = self._map(self.fast, feeds)
        close = [(b, int(r)) for b, rows in enumerate(logits) for r in self._close(rows)]
        self.scored += sum(len(rows) for rows in logits)
        self.rescored += len(close)
        if close:
            workers = getattr(self.fast, "workers", 1)
            size = min(max(len(feed["input_ids"]) for feed in feeds), -(-len(close) // workers))
            groups = [close[i : i + size] for i in range(0, len(close), size)]
            again = [_gathered(feeds, group) for group in groups]
            for group, exact in zip(groups, self._map(self.exact, again)):
                for (b, r), row in zip(group, numpy.asarray(exact)):
                    logits[b][r] = row
        return logits

    def _close(self, logits: Any) -> Any:
        import numpy

        top_two = numpy.sort(logits, axis=-1)[:, -2:]
        return numpy.flatnonzero(top_two[:, 1] - top_two[:, 0] < self.margin)

    def _map(self, model: Any, feeds: Sequence[dict[str, Any]]) -> list[Any]:
        mapper = getattr(self.fast, "map", None)
        return mapper(model, feeds) if mapper else [model(feed) for feed in feeds]


def _gathered(feeds: Sequence[dict[str, Any]], rows: Sequence[tuple[int, int]]) -> dict[str, Any]:
    """One batch of the rows ``(batch, row)`` of ``feeds``, right-padded with zeros (masked)
    to the longest of them."""
    import numpy

    lengths = [int(feeds[b]["attention_mask"][r].sum()) for b, r in rows]
    width = max(lengths)
    gathered = {}
    for name in feeds[0]:
        block = numpy.zeros((len(rows), width), dtype=feeds[0][name].dtype)
        for i, ((b, r), length) in enumerate(zip(rows, lengths)):
            block[i, :length] = feeds[b][name][r, :length]
        gathered[name] = block
    return gathered


def check_weights(model_dir: Path) -> None:
    """Raise a ModelError naming ``model.safetensors`` when its header or length is bad
    (reads the header only)."""
    from safetensors import safe_open

    with model_file(model_dir, "model.safetensors"):
        with safe_open(str(model_dir / "model.safetensors"), "numpy"):
            pass
