"""The shipped BERT written as one ONNX graph of ONNX Runtime's fused CPU kernels.

``model.onnx`` (training/export_onnx.py) is a plain trace of :mod:`sentiment.encoder`: about
700 small nodes, with attention spelled out op by op. ONNX Runtime's CPU provider has fused
kernels for a whole BERT layer (``EmbedLayerNormalization``, ``Attention``,
``SkipLayerNormalization``, ``BiasGelu``, in the ``com.microsoft`` domain). Its transformer
optimiser produces them from a Hugging Face export but cannot find them in our trace (there
attention comes from ``scaled_dot_product_attention`` with a boolean mask), so this module
writes the fused graph directly from ``config.json`` and the weights: under 50
nodes, the same function (logits within ~1e-5 of ``model.onnx``; a test checks), and the
graph the int8 recipe quantises (:mod:`sentiment.precision`). Needs the ``onnx`` package,
never PyTorch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

OPSET = 17
CONTRIB = "com.microsoft"  # ONNX Runtime's domain of fused CPU kernels
INPUTS = ("input_ids", "attention_mask", "token_type_ids")
EMBEDDING_PARTS = (
    "word_embeddings.weight",
    "position_embeddings.weight",
    "token_type_embeddings.weight",
    "LayerNorm.weight",
    "LayerNorm.bias",
)


def read_fp32_weights(path: Path) -> dict[str, Any]:
    """Every tensor of a safetensors file, as float32 numpy arrays."""
    import numpy
    from safetensors import safe_open

    with safe_open(str(path), "numpy") as handle:
        return {name: handle.get_tensor(name).astype(numpy.float32) for name in handle.keys()}


def fused_bert_graph(weights: dict[str, Any], config: dict[str, Any]) -> Any:
    """The fused graph (an ``onnx.ModelProto``, weights inside) of a BERT sequence classifier
    with ``weights`` (float32 arrays under ``BertForSequenceClassification``'s names, as
    :func:`read_fp32_weights` gives) and ``config`` (its ``config.json``). Inputs and output
    as ``model.onnx``: int64 ids, mask and type ids of shape (batch, length), right-padded
    (the mask is read as lengths); float32 ``logits``. Node names say which layer and block
    they compute (``layer.3.output.dense``)."""
    return _GraphWriter(weights, config).model()


class _GraphWriter:
    """Collects the nodes and initializers of the fused graph, one BERT block at a time."""

    def __init__(self, weights: dict[str, Any], config: dict[str, Any]) -> None:
        self.weights = weights
        self.eps = float(config["layer_norm_eps"])
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.nodes: list[Any] = []
        self.inits: dict[str, Any] = {}

    def model(self) -> Any:
        from onnx import TensorProto, helper, numpy_helper

        x = self.embeddings()
        for i in range(self.layers):
            x = self.layer(f"layer.{i}", f"bert.encoder.layer.{i}.", x)
        logits = self.head(x)
        inputs = [
            helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "length"])
            for name in INPUTS
        ]
        output = helper.make_tensor_value_info(logits, TensorProto.FLOAT, ["batch", "labels"])
        initializers = [numpy_helper.from_array(a, name) for name, a in self.inits.items()]
        graph = helper.make_graph(self.nodes, "fused-bert", inputs, [output], initializers)
        opsets = [helper.make_opsetid("", OPSET), helper.make_opsetid(CONTRIB, 1)]
        return helper.make_model(graph, opset_imports=opsets, producer_name=__name__)

    def weight(self, name: str, array: Any) -> str:
        """Store ``array`` as the initializer ``name``; returns the name."""
        import numpy

        self.inits[name] = numpy.array(array, order="C")
        return name

    def node(
        self, op: str, inputs: list[str], output: str, contrib: bool = False, **attrs: Any
    ) -> str:
        """Add a node named after its (only) output; returns the output."""
        from onnx import helper

        domain = CONTRIB if contrib else ""
        self.nodes.append(helper.make_node(op, inputs, [output], output, domain=domain, **attrs))
        return output

    def embeddings(self) -> str:
        from onnx import TensorProto, helper

        for name in INPUTS:
            self.node("Cast", [name], f"{name}.int32", to=TensorProto.INT32)
        parts = [
            self.weight(f"embeddings.{p}", self.weights[f"bert.embeddings.{p}"])
            for p in EMBEDDING_PARTS
        ]
        self.nodes.append(
            helper.make_node(
                "EmbedLayerNormalization",
                ["input_ids.int32", "token_type_ids.int32", *parts, "attention_mask.int32"],
                ["embeddings", "mask_index"],
                "embeddings",
                domain=CONTRIB,
                epsilon=self.eps,
            )
        )
        return "embeddings"

    def layer(self, name: str, prefix: str, x: str) -> str:
        """One encoder layer: fused self-attention, output block, feed-forward block."""
        import numpy

        def w(part: str) -> Any:
            return self.weights[prefix + part]

        qkv = ("query", "key", "value")
        context = self.node(
            "Attention",
            [
                x,
                self.weight(
                    f"{name}.attention.qkv.weight",
                    numpy.concatenate([w(f"attention.self.{p}.weight").T for p in qkv], axis=1),
                ),
                self.weight(
                    f"{name}.attention.qkv.bias",
                    numpy.concatenate([w(f"attention.self.{p}.bias") for p in qkv]),
                ),
                "mask_index",
            ],
            f"{name}.attention.self",
            contrib=True,
            num_heads=self.heads,
        )
        attended = self.dense_norm(
            f"{name}.attention.output", prefix + "attention.output.", context, x
        )
        inner = self.node(
            "MatMul",
            [
                attended,
                self.weight(f"{name}.intermediate.weight", w("intermediate.dense.weight").T),
            ],
            f"{name}.intermediate.dense",
        )
        gelu = self.node(
            "BiasGelu",
            [inner, self.weight(f"{name}.intermediate.bias", w("intermediate.dense.bias"))],
            f"{name}.intermediate.gelu",
            contrib=True,
        )
        return self.dense_norm(f"{name}.output", prefix + "output.", gelu, attended)

    def dense_norm(self, name: str, prefix: str, x: str, residual: str) -> str:
        """BERT's output block: MatMul, then bias, residual and LayerNorm in one fused node."""
        dense = self.node(
            "MatMul",
            [x, self.weight(f"{name}.dense.weight", self.weights[prefix + "dense.weight"].T)],
            f"{name}.dense",
        )
        parts = ("LayerNorm.weight", "LayerNorm.bias", "dense.bias")
        return self.node(
            "SkipLayerNormalization",
            [
                dense,
                residual,
                *(self.weight(f"{name}.{p}", self.weights[prefix + p]) for p in parts),
            ],
            f"{name}.norm",
            contrib=True,
            epsilon=self.eps,
        )

    def head(self, x: str) -> str:
        """[CLS] state -> pooler (dense, tanh) -> classifier: the logits."""
        import numpy

        first = self.node(
            "Gather", [x, self.weight("first_position", numpy.array(0))], "cls", axis=1
        )
        pooled = self.node(
            "Gemm",
            [
                first,
                self.weight("pooler.weight", self.weights["bert.pooler.dense.weight"]),
                self.weight("pooler.bias", self.weights["bert.pooler.dense.bias"]),
            ],
            "pooler.dense",
            transB=1,
        )
        return self.node(
            "Gemm",
            [
                self.node("Tanh", [pooled], "pooler.tanh"),
                self.weight("classifier.weight", self.weights["classifier.weight"]),
                self.weight("classifier.bias", self.weights["classifier.bias"]),
            ],
            "logits",
            transB=1,
        )
