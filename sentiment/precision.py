"""Numeric precision of the model call: fp32, bf16 or int8, and ``auto``'s choice.

* ``fp32``: ONNX Runtime over the shipped ``model.onnx`` (or PyTorch fp32 off CPU).
* ``bf16``: the PyTorch encoder with bfloat16 weights; fast only on a CPU with native bf16
  instructions (AVX-512 BF16, AMX), which oneDNN then uses. Never chosen where bf16 would
  be emulated.
* ``int8``: ONNX Runtime over a dynamically quantised graph (signed int8 weights, one scale
  per output channel, MatMul only), built at first use from the shipped ``model.onnx`` and
  ``model.safetensors`` and cached in the user's cache folder (see :func:`int8_graph`). Rows
  whose int8 logits are a close call (top two within :data:`INT8_RESCORE_MARGIN`) are scored
  again at fp32 over ``model.onnx`` (``backends.RescoringClassifier``).

``auto`` reads the CPU's flags (``/proc/cpuinfo``; elsewhere it stays fp32) and picks the
first of the preferred precisions the CPU runs natively (bf16 first where it has AMX, int8
first elsewhere) whose label agreement with fp32, as recorded in the shipped agreement file,
is at least :data:`MIN_AGREEMENT`.
"""

from __future__ import annotations

import json
import os
import platform
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

PRECISIONS = ("auto", "fp32", "bf16", "int8")
MIN_AGREEMENT = 0.99
# CPU flags (as /proc/cpuinfo names them) that make each reduced precision native. ``auto``
# prefers bf16 where the CPU has AMX (its matrix units run bf16 fastest) and int8 elsewhere:
# with AVX-512 BF16 but no AMX, int8 over VNNI runs 1.5x bf16 (reports/precision.md). int8's
# scores depend a little on the other sentences of a batch (activation scales are set per
# batch), so ``analyze_many`` and ``analyze`` of the same note can differ by ~0.006 in score.
BF16_FIRST_FLAG = "amx_bf16"
NATIVE_FLAGS = {
    "bf16": frozenset({"avx512_bf16", "amx_bf16"}),
    "int8": frozenset({"avx512_vnni", "avx_vnni", "amx_int8"}),
}
# The one backend each reduced precision runs on.
RUNS_ON = {"bf16": "torch", "int8": "onnx"}
AGREEMENT_FILE = "agreement.json"
# Bump when the int8 graph's recipe changes, so a cached graph from the old recipe is not
# reused. (The rescoring of close calls happens at run time; it does not change the graph.)
INT8_RECIPE = "dynamic-matmul-qint8-per-channel-v1"
# On an x86 CPU without VNNI, ONNX Runtime's int8 matrix products add pairs of uint8 x int8
# products in 16 bits, which saturate with full 8-bit weights (an AMD EPYC with AVX2 only gave
# 2.20 for 2.60 on one MatMul); ONNX Runtime's remedy is weights quantised to 7 bits
# (``reduce_range``). Its graph is cached apart (:func:`int8_variant`).
REDUCED_RANGE = "reduced-range"
# int8 rows whose top two logits are closer than this are scored again at fp32. Chosen by
# evaluation/choose_int8.py on sentences outside the test sets (docs/experiments.md).
INT8_RESCORE_MARGIN = 0.3


def checked_precision(precision: str) -> str:
    """``precision`` if it is one of :data:`PRECISIONS`, else ValueError."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    return precision


@cache
def cpu_flags() -> frozenset[str]:
    """The CPU's feature flags from ``/proc/cpuinfo`` (empty where it cannot be read)."""
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return frozenset()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "flags":
            return frozenset(value.split())
    return frozenset()


def native_precisions(flags: Iterable[str]) -> list[str]:
    """The reduced precisions the CPU with ``flags`` runs natively, in ``auto``'s order of
    preference: bf16 first on a CPU with AMX (:data:`BF16_FIRST_FLAG`), else int8 first."""
    flags = set(flags)
    native = [name for name, needed in NATIVE_FLAGS.items() if flags & needed]
    return native if BF16_FIRST_FLAG in flags else sorted(native, key=lambda n: n != "int8")


@cache
def agreement_record() -> dict[str, Any]:
    """The shipped agreement file: the agreement sentences, their fp32 labels, and each
    precision's measured label agreement with fp32 (on them and on the full test run)."""
    path = resources.files("sentiment.resources") / "precision" / AGREEMENT_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def agreement(record: dict[str, Any], precision: str) -> float:
    """The lowest of the recorded agreements with fp32 for ``precision`` (0 if none): on the
    shipped set, on the test sentences and, where recorded, on the shipped set's (sentence,
    ticker) pairs through the target model."""
    figures = record.get("agreement", {}).get(precision)
    if not figures:
        return 0.0
    return min(float(value) for value in figures.values())


def choose_precision(
    requested: str,
    device: str = "cpu",
    flags: Iterable[str] | None = None,
    record: dict[str, Any] | None = None,
    backend: str = "auto",
) -> str:
    """The precision to run: ``requested`` itself unless it is ``auto``; for ``auto`` on a
    CPU, the first natively supported reduced precision that runs on ``backend`` (any, for
    ``auto``) and whose recorded agreement with fp32 is at least :data:`MIN_AGREEMENT`, else
    ``fp32``. Off the CPU ``auto`` is ``fp32``."""
    checked_precision(requested)
    if requested != "auto":
        return requested
    if device != "cpu":
        return "fp32"
    flags = cpu_flags() if flags is None else flags
    record = agreement_record() if record is None else record
    for name in native_precisions(flags):
        if backend not in ("auto", RUNS_ON[name]):
            continue
        if agreement(record, name) >= MIN_AGREEMENT:
            return name
    return "fp32"


def cache_dir() -> Path:
    """Where built graphs are kept: ``$SENTIMENT_CACHE_DIR``, else the user's cache folder."""
    env = os.environ.get("SENTIMENT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("sentiment", appauthor=False))


def needs_reduced_range(flags: Iterable[str] | None = None, machine: str | None = None) -> bool:
    """Whether int8 weights must be quantised to 7 bits on this CPU: an x86 one without VNNI
    (:data:`REDUCED_RANGE`). ``flags`` and ``machine`` default to this machine's."""
    machine = (machine or platform.machine()).lower()
    flags = set(cpu_flags() if flags is None else flags)
    return machine in ("x86_64", "amd64", "i686", "x86") and not flags & NATIVE_FLAGS["int8"]


def int8_variant() -> str:
    """The part of the int8 graph's cache key that depends on the CPU: ``-reduced-range`` on
    one that needs it (:func:`needs_reduced_range`), else empty."""
    return f"-{REDUCED_RANGE}" if needs_reduced_range() else ""


def int8_graph(model_dir: Path, fingerprint: str) -> Path:
    """The int8 graph of the model in ``model_dir``: read from the cache when it was built
    before for the same model files (``fingerprint``), recipe and ONNX Runtime version; else
    built (about a second) and written atomically into the cache."""
    import onnxruntime

    variant = int8_variant()
    key = f"{fingerprint[:16]}-{INT8_RECIPE}{variant}-ort{onnxruntime.__version__}"
    path = cache_dir() / "int8" / f"{key}.onnx"
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        quantise(model_dir, tmp, reduce_range=bool(variant))
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def quantise(model_dir: Path, out: Path, reduce_range: bool | None = None) -> None:
    """Write the int8 graph of ``model_dir/model.onnx`` to ``out`` (needs the ``onnx``
    package, which ONNX Runtime's quantiser uses); ``reduce_range`` as for
    :func:`quantise_graph`."""
    import onnx

    graph = onnx.load(str(model_dir / "model.onnx"), load_external_data=True)
    quantise_graph(graph, out, reduce_range=reduce_range)


def quantise_graph(
    graph: Any, out: Path, keep_fp32: Iterable[str] = (), reduce_range: bool | None = None
) -> None:
    """Write the int8 version of an ONNX ``graph`` (a ModelProto, changed in place) to
    ``out``: our recipe, also used on BERT-base by the benchmark. ``keep_fp32``: names of
    MatMul nodes to leave unquantised (for sensitivity studies; the recipe keeps none).
    ``reduce_range``: 7-bit weights, as an x86 CPU without VNNI needs (default: whether this
    one does, :func:`needs_reduced_range`)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    if reduce_range is None:
        reduce_range = needs_reduced_range()
    _fold_weight_casts(graph)
    with _quiet_root_logger():
        quantize_dynamic(
            graph,
            str(out),
            weight_type=QuantType.QInt8,
            per_channel=True,
            reduce_range=reduce_range,
            op_types_to_quantize=["MatMul"],
            nodes_to_exclude=list(keep_fp32),
        )


def _fold_weight_casts(model: Any) -> None:
    """Fold ``Cast`` and ``Transpose`` of stored weights into plain fp32 initializers: the
    quantiser only quantises a MatMul whose weight is an initializer, and the shipped graph
    reads every weight from ``model.safetensors`` through a Cast (and a Linear's weight then
    through a Transpose), so quantising it as is changes nothing."""
    from onnx import helper, numpy_helper

    graph = model.graph
    weights = {init.name: numpy_helper.to_array(init) for init in graph.initializer}
    keep = []
    for node in graph.node:
        if node.op_type == "Cast" and node.input[0] in weights:
            weights[node.output[0]] = weights[node.input[0]].astype("float32")
        elif node.op_type == "Transpose" and node.input[0] in weights:
            perm = next((helper.get_attribute_value(a) for a in node.attribute), None)
            weights[node.output[0]] = weights[node.input[0]].transpose(perm)
        else:
            keep.append(node)
    used = {name for node in keep for name in node.input} | {o.name for o in graph.output}
    del graph.node[:]
    graph.node.extend(keep)
    del graph.initializer[:]
    graph.initializer.extend(
        numpy_helper.from_array(array, name) for name, array in weights.items() if name in used
    )


@contextmanager
def _quiet_root_logger() -> Iterator[None]:
    """The quantiser logs through the root logger's module functions (``logging.info``),
    which give an unconfigured process a stderr handler for good, and print its hints: while
    it runs, a root logger without handlers gets a NullHandler instead. A process that set up
    logging keeps its own handlers and sees the messages as it chose."""
    import logging

    root = logging.getLogger()
    guard = None if root.handlers else logging.NullHandler()
    if guard:
        root.addHandler(guard)
    try:
        yield
    finally:
        if guard:
            root.removeHandler(guard)


def describe_auto(flags: Iterable[str] | None = None) -> str:
    """One line for ``--version``: what ``auto`` picks on this CPU, and why."""
    flags = cpu_flags() if flags is None else frozenset(flags)
    chosen = choose_precision("auto", "cpu", flags)
    relevant = sorted(f for f in flags if "bf16" in f or "vnni" in f or "amx" in f)
    native = native_precisions(flags)
    passed = [p for p in native if agreement(agreement_record(), p) >= MIN_AGREEMENT]
    why = f"CPU flags: {', '.join(relevant) or 'no bf16/VNNI/AMX'}"
    skipped = [p for p in native if p not in passed]
    if skipped:
        why += f"; {', '.join(skipped)} below {MIN_AGREEMENT:.0%} label agreement with fp32"
    return f"auto -> {chosen} on the CPU ({why})"
