"""Inference backends: numpy int64 inputs in, float32 logits (numpy) out.

* ``onnx``: ONNX Runtime over ``model.onnx``, a weight-less graph whose initializers point
  into ``model.safetensors`` (see scripts/export_onnx.py). Same logits as PyTorch (to
  ~1e-5), several times faster on small CPUs, and it opens in a fraction of a second.
* ``torch``: the plain-PyTorch BERT in :mod:`sentiment.encoder` (also for ``cuda``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

BACKENDS = ("auto", "onnx", "torch")


def choose_backend(model_dir: Path, backend: str, device: str) -> str:
    """``auto``: ONNX Runtime on CPU when the folder has ``model.onnx`` and onnxruntime is
    installed (same logits, several times faster here); plain PyTorch otherwise."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if backend != "auto":
        return backend
    if device == "cpu" and (model_dir / "model.onnx").is_file():
        import importlib.util

        if importlib.util.find_spec("onnxruntime") is not None:
            return "onnx"
    return "torch"


def load_backend(
    backend: str, model_dir: Path, config: dict[str, Any], device: str, threads: int | None
) -> Any:
    """A callable: dict of int64 arrays -> float32 logits (numpy)."""
    if backend == "onnx":
        return OnnxClassifier(model_dir, threads)
    return TorchClassifier(model_dir, config, device, threads)


class TorchClassifier:
    """The PyTorch backend: numpy inputs in, numpy logits out, under inference mode."""

    def __init__(
        self, model_dir: Path, cfg: dict[str, Any], device: str, threads: int | None
    ) -> None:
        import torch

        from sentiment.encoder import load_bert_classifier

        if threads:
            torch.set_num_threads(threads)
        self.device = device
        self.module = load_bert_classifier(model_dir, cfg).to(device)

    def __call__(self, inputs: dict[str, Any]) -> Any:
        import torch

        tensors = {k: torch.from_numpy(v).to(self.device) for k, v in inputs.items()}
        with torch.inference_mode():
            return self.module(**tensors).float().cpu().numpy()


class OnnxClassifier:
    """The ONNX Runtime backend over ``model.onnx`` (written by scripts/export_onnx.py),
    whose weights are read from the same ``model.safetensors``."""

    def __init__(self, model_dir: Path, threads: int | None) -> None:
        import onnxruntime

        if not (model_dir / "model.onnx").is_file():
            raise FileNotFoundError(f"no model.onnx in {model_dir} (scripts/export_onnx.py)")
        options = onnxruntime.SessionOptions()
        # Idle threads sleep instead of spinning: as fast on an idle machine (measured), and
        # it stops batch workers and other processes from starving each other.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
        self.session = onnxruntime.InferenceSession(
            str(model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"]
        )

    def __call__(self, inputs: dict[str, Any]) -> Any:
        return self.session.run(["logits"], inputs)[0]
