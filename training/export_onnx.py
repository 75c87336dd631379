"""Export a model folder's network to ONNX for the fast ONNX Runtime path.

The graph is written to ``<model>/model.onnx`` WITHOUT weights of its own: every
initializer is stored as ONNX external data pointing into the byte ranges of the
folder's ``model.safetensors`` (fp16), followed by a Cast to float32. So the weights
live in one file only, the graph file is ~100 KB, and ONNX Runtime folds the casts
once when it opens the session.

Usage: python -m training.export_onnx models/finsent-minilm      (needs the `onnx` package)
"""

from __future__ import annotations

import argparse
import json
import struct
from pathlib import Path

import torch

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
SAFETENSORS_DTYPES = {"F16": 10, "F32": 1}  # safetensors dtype -> onnx TensorProto type


def safetensors_ranges(path: Path) -> dict[str, tuple[str, int, int]]:
    """name -> (dtype, absolute byte offset, length) of each tensor in a safetensors file."""
    with path.open("rb") as handle:
        (header_len,) = struct.unpack("<Q", handle.read(8))
        header = json.loads(handle.read(header_len))
    base = 8 + header_len
    return {
        name: (
            meta["dtype"],
            base + meta["data_offsets"][0],
            meta["data_offsets"][1] - meta["data_offsets"][0],
        )
        for name, meta in header.items()
        if name != "__metadata__"
    }


def export_graph(model_dir: Path, opset: int = 17) -> Path:
    """Trace the plain-torch classifier and write the weight-less graph beside the weights."""
    import onnx
    from onnx import TensorProto, helper

    from sentiment.encoder import load_bert_classifier

    cfg = json.loads((model_dir / "config.json").read_text())
    model = load_bert_classifier(model_dir, cfg)
    sample = torch.ones(2, 8, dtype=torch.long)
    tmp = model_dir / "model.full.onnx.tmp"
    torch.onnx.export(
        model,
        (sample, sample, torch.zeros_like(sample)),
        str(tmp),
        input_names=list(INPUTS),
        output_names=["logits"],
        dynamic_axes={**{k: {0: "batch", 1: "length"} for k in INPUTS}, "logits": {0: "batch"}},
        opset_version=opset,
        dynamo=False,
        do_constant_folding=False,
    )
    graph_model = onnx.load(str(tmp))
    tmp.unlink()
    ranges = safetensors_ranges(model_dir / "model.safetensors")
    graph = graph_model.graph
    casts, stored = [], []
    for init in graph.initializer:
        dtype, offset, length = ranges[init.name]
        stored_name = f"{init.name}::stored"
        tensor = TensorProto(name=stored_name, data_type=SAFETENSORS_DTYPES[dtype])
        tensor.dims.extend(init.dims)
        tensor.data_location = TensorProto.EXTERNAL
        for key, value in (
            ("location", "model.safetensors"),
            ("offset", str(offset)),
            ("length", str(length)),
        ):
            entry = tensor.external_data.add()
            entry.key, entry.value = key, value
        stored.append(tensor)
        casts.append(helper.make_node("Cast", [stored_name], [init.name], to=TensorProto.FLOAT))
    del graph.initializer[:]
    graph.initializer.extend(stored)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    out = model_dir / "model.onnx"
    out.write_bytes(graph_model.SerializeToString())
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("model_dir", nargs="?", default="models/finsent-minilm", type=Path)
    out = export_graph(parser.parse_args(argv).model_dir)
    print(f"wrote {out} ({out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
