"""The int8 recipe: the quantised graph and the rescoring of close calls."""

from __future__ import annotations

import numpy
import pytest

from sentiment import precision
from sentiment.backends import RescoringClassifier


class Logits:
    """A model stand-in: fixed logits per row (by the row's first input id); counts calls."""

    def __init__(self, by_id: dict[int, list[float]]) -> None:
        self.by_id = by_id
        self.calls: list[dict] = []

    def __call__(self, inputs: dict) -> numpy.ndarray:
        self.calls.append(inputs)
        return numpy.array([self.by_id[int(row[0])] for row in inputs["input_ids"]], "float32")


def batch(ids: list[int], lengths: list[int], width: int = 6) -> dict:
    rows = len(ids)
    mask = numpy.zeros((rows, width), numpy.int64)
    for row, n in enumerate(lengths):
        mask[row, :n] = 1
    input_ids = numpy.zeros((rows, width), numpy.int64)
    input_ids[:, 0] = ids
    return {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": 0 * mask}


def test_only_close_calls_are_rescored_and_take_the_exact_logits() -> None:
    fast = Logits({1: [3.0, 0.0, 0.0], 2: [1.0, 1.2, 0.0], 3: [0.0, 0.5, 0.4]})
    exact = Logits({2: [2.0, 0.0, 0.0], 3: [0.0, 0.0, 1.0]})
    model = RescoringClassifier(fast, exact, margin=0.5)
    logits = model(batch([1, 2, 3], [6, 3, 4]))
    assert logits.argmax(axis=1).tolist() == [0, 0, 2]  # rows 2 and 3 as the exact model says
    assert [int(i) for i in exact.calls[0]["input_ids"][:, 0]] == [2, 3]
    assert exact.calls[0]["attention_mask"].shape == (2, 4)  # trimmed to the longest rescored
    assert (model.scored, model.rescored) == (3, 2)


def test_sure_calls_never_reach_the_exact_model() -> None:
    fast = Logits({1: [3.0, 0.0, 0.0], 2: [0.0, 0.0, 2.0]})
    exact = Logits({})
    model = RescoringClassifier(fast, exact, margin=0.5)
    assert model(batch([1, 2], [2, 2])).argmax(axis=1).tolist() == [0, 2]
    assert exact.calls == [] and model.rescored == 0


def test_a_margin_of_zero_rescores_nothing_and_infinity_everything() -> None:
    fast = Logits({1: [1.0, 0.9, 0.0]})
    exact = Logits({1: [0.0, 1.0, 0.0]})
    assert RescoringClassifier(fast, exact, 0.0)(batch([1], [3])).argmax() == 0
    assert RescoringClassifier(fast, exact, float("inf"))(batch([1], [3])).argmax() == 1


def test_the_recipe_rescores_some_calls() -> None:
    assert precision.INT8_RESCORE_MARGIN > 0


def one_matmul_graph() -> object:
    """A graph computing ``x @ W`` with ``W`` a stored weight: something to quantise."""
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy.random.default_rng(0).normal(size=(8, 4)).astype("float32")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"], name="dense")],
        "one-matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["n", 8])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["n", 4])],
        [numpy_helper.from_array(weight, "w")],
    )
    return helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", 17)])


def test_quantising_keeps_the_function_and_leaves_logging_alone(
    tmp_path, capfd, monkeypatch
) -> None:
    """The recipe on one MatMul: int8 results near fp32 ones; and in a process that has not
    set up logging, nothing printed and no handler left on the root logger (the quantiser
    logs through it)."""
    import logging

    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as outside pytest
    precision.quantise_graph(one_matmul_graph(), tmp_path / "int8.onnx")
    assert logging.getLogger().handlers == []
    assert capfd.readouterr().err == ""
    ops = {n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node}
    assert "MatMulInteger" in ops  # it was quantised
    x = {"x": numpy.random.default_rng(1).normal(size=(3, 8)).astype("float32")}
    fp32 = ort.InferenceSession(one_matmul_graph().SerializeToString())
    int8 = ort.InferenceSession(str(tmp_path / "int8.onnx"))
    numpy.testing.assert_allclose(int8.run(["y"], x)[0], fp32.run(["y"], x)[0], atol=0.1)


def test_a_node_can_be_kept_at_fp32(tmp_path) -> None:
    onnx = pytest.importorskip("onnx")
    precision.quantise_graph(one_matmul_graph(), tmp_path / "int8.onnx", keep_fp32=["dense"])
    ops = {n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node}
    assert ops == {"MatMul"}


# -- with the real model ------------------------------------------------------------------------


@pytest.fixture
def shipped_sentences() -> list[str]:
    return precision.agreement_record()["sentences"]


@pytest.mark.slow
def test_int8_labels_agree_with_fp32_on_the_shipped_set(tmp_path, monkeypatch, shipped_sentences):
    """The 99% rule, checked without the corpora: int8 (with its rescoring) against the
    fp32 labels recorded beside the shipped agreement set."""
    from sentiment import Analyzer

    monkeypatch.setenv("SENTIMENT_CACHE_DIR", str(tmp_path))
    expected = precision.agreement_record()["fp32_labels"]
    analyzer = Analyzer(precision="int8")
    labels = [r.label for r in analyzer.classify(shipped_sentences)]
    agreed = sum(a == b for a, b in zip(labels, expected)) / len(expected)
    assert agreed >= precision.MIN_AGREEMENT
    model = analyzer.classifier.model
    assert 0 < model.rescored < 0.2 * model.scored  # some close calls, far from all


def test_close_calls_of_several_batches_are_rescored_together_in_order() -> None:
    fast = Logits({1: [3.0, 0.0, 0.0], 2: [1.0, 1.2, 0.0], 3: [0.0, 0.5, 0.4], 4: [0.0, 0.1, 0.0]})
    exact = Logits({2: [2.0, 0.0, 0.0], 3: [0.0, 0.0, 1.0], 4: [0.0, 0.0, 5.0]})
    model = RescoringClassifier(fast, exact, margin=0.5)
    first, second = model.run_all([batch([2, 1], [2, 5]), batch([1, 3, 4], [6, 4, 3])])
    assert first.argmax(axis=1).tolist() == [0, 0] and second.argmax(axis=1).tolist() == [0, 2, 2]
    assert len(exact.calls) == 1  # one call for the three close rows of both batches
    assert [int(i) for i in exact.calls[0]["input_ids"][:, 0]] == [2, 3, 4]
    assert exact.calls[0]["attention_mask"].sum(axis=1).tolist() == [2, 4, 3]  # own lengths
    assert (model.scored, model.rescored) == (5, 3)


class SideBySide(Logits):
    """A stand-in for a backend that runs batches side by side (``workers``, ``map``)."""

    workers = 2

    def map(self, run, feeds):
        return [run(feed) for feed in feeds]


def test_close_calls_are_shared_among_the_workers() -> None:
    fast = SideBySide({i: [1.0, 1.1, 0.0] for i in range(1, 6)})
    exact = Logits({i: [0.0, 0.0, float(i)] for i in range(1, 6)})
    model = RescoringClassifier(fast, exact, margin=0.5)
    (logits,) = model.run_all([batch([1, 2, 3, 4, 5], [3] * 5)])
    assert [len(call["input_ids"]) for call in exact.calls] == [3, 2]  # both workers busy
    assert logits[:, 2].tolist() == [1.0, 2.0, 3.0, 4.0, 5.0]
