"""The int8 recipe: the fused graph, the quantised graph, and the rescoring of close calls."""

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


def test_the_recipe_names_nodes_the_fused_graph_has() -> None:
    """Every node kept at fp32 exists in the fused graph of a small BERT (the names are the
    graph's own, so a rename would otherwise silently quantise them)."""
    pytest.importorskip("onnx")
    from sentiment.fused_graph import fused_bert_graph

    config = tiny_config()
    names = {n.name for n in fused_bert_graph(tiny_weights(config), config).graph.node}
    assert set(precision.INT8_KEEP_FP32) <= names
    assert precision.INT8_RESCORE_MARGIN > 0


def tiny_config() -> dict:
    return {
        "hidden_size": 8,
        "num_attention_heads": 2,
        "num_hidden_layers": 6,
        "intermediate_size": 16,
        "vocab_size": 20,
        "max_position_embeddings": 16,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "id2label": {"0": "negative", "1": "neutral", "2": "positive"},
    }


def tiny_weights(config: dict) -> dict:
    """Random float32 weights under BertForSequenceClassification's names."""
    torch = pytest.importorskip("torch")
    from sentiment.encoder import BertClassifier

    torch.manual_seed(0)
    module = BertClassifier(config).eval()
    return {k: v.detach().numpy().astype("float32") for k, v in module.state_dict().items()}


def test_the_fused_graph_computes_what_the_encoder_does() -> None:
    """The fused graph against the plain PyTorch BERT (random weights), with padding."""
    ort = pytest.importorskip("onnxruntime")
    torch = pytest.importorskip("torch")
    from sentiment.encoder import BertClassifier
    from sentiment.fused_graph import fused_bert_graph

    config = tiny_config()
    weights = tiny_weights(config)
    module = BertClassifier(config).eval()
    module.load_state_dict({k: torch.from_numpy(v) for k, v in weights.items()})
    graph = fused_bert_graph(weights, config)
    session = ort.InferenceSession(graph.SerializeToString(), providers=["CPUExecutionProvider"])
    ids = numpy.array([[1, 5, 7, 9, 2], [1, 4, 2, 0, 0]], numpy.int64)
    mask = (ids > 0).astype(numpy.int64)
    types = numpy.array([[0, 0, 0, 1, 1], [0, 0, 0, 0, 0]], numpy.int64)
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
    got = session.run(["logits"], feed)[0]
    with torch.inference_mode():
        want = module(*(torch.from_numpy(feed[k]) for k in feed)).numpy()
    numpy.testing.assert_allclose(got, want, atol=1e-4)


# -- with the real model ------------------------------------------------------------------------


@pytest.mark.slow
def test_the_fused_graph_of_the_shipped_model_matches_model_onnx(shipped_sentences) -> None:
    ort = pytest.importorskip("onnxruntime")
    from sentiment.classifier import SentenceClassifier, read_model_config, shipped_model_dir
    from sentiment.fused_graph import fused_bert_graph, read_fp32_weights

    folder = shipped_model_dir()
    graph = fused_bert_graph(
        read_fp32_weights(folder / "model.safetensors"), read_model_config(folder)
    )
    fused = ort.InferenceSession(graph.SerializeToString(), providers=["CPUExecutionProvider"])
    classifier = SentenceClassifier(folder, precision="fp32", backend="onnx")
    feed = classifier._tensors(classifier.preprocess(shipped_sentences[:32]))
    numpy.testing.assert_allclose(fused.run(["logits"], feed)[0], classifier.model(feed), atol=1e-4)


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


def test_quantising_keeps_the_function_and_leaves_logging_alone(
    tmp_path, capfd, monkeypatch
) -> None:
    """The recipe on a small BERT: int8 logits near fp32 ones; and in a process that has
    not set up logging, nothing printed and no handler left on the root logger (the
    quantiser logs through it)."""
    import logging

    onnx = pytest.importorskip("onnx")
    ort = pytest.importorskip("onnxruntime")
    from sentiment.fused_graph import fused_bert_graph

    monkeypatch.setattr(logging.getLogger(), "handlers", [])  # as outside pytest
    config = tiny_config()
    weights = tiny_weights(config)
    precision.quantise_graph(fused_bert_graph(weights, config), tmp_path / "int8.onnx")
    assert logging.getLogger().handlers == []
    assert capfd.readouterr().err == ""
    ops = {n.op_type for n in onnx.load(str(tmp_path / "int8.onnx")).graph.node}
    assert {"QAttention", "MatMulInteger"} <= ops  # it was quantised
    ids = numpy.array([[1, 5, 7, 9, 2]], numpy.int64)
    feed = {"input_ids": ids, "attention_mask": 0 * ids + 1, "token_type_ids": 0 * ids}
    fp32 = ort.InferenceSession(fused_bert_graph(weights, config).SerializeToString())
    int8 = ort.InferenceSession(str(tmp_path / "int8.onnx"))
    numpy.testing.assert_allclose(
        int8.run(["logits"], feed)[0], fp32.run(["logits"], feed)[0], atol=0.1
    )
