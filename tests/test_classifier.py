"""The model wrapper, on a tiny random BERT built here (no shipped model needed)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import torch

from sentiment.backends import model_file
from sentiment.classifier import (
    TARGET_FOLDER,
    TARGET_MARKED,
    SentenceClassifier,
    mark_target,
    model_fingerprint,
    target_model_dir,
)
from sentiment.errors import ModelError
from training.export_onnx import export_graph  # noqa: E402

WORDS = "the profit rose fell sharply shares of nokia apple and in q3 revenue a « »".split()
LABELS = {0: "positive", 1: "negative", 2: "neutral"}  # deliberately not alphabetical


@pytest.fixture(scope="module")
def tiny_model_dir(tmp_path_factory) -> Path:
    return _tiny_model(tmp_path_factory.mktemp("tiny-model"), seed=0)


def _tiny_model(folder: Path, seed: int) -> Path:
    """A tiny random BERT (weights from ``seed``) with its tokenizer and ONNX graph."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers
    from transformers import BertConfig, BertForSequenceClassification

    folder.mkdir(parents=True, exist_ok=True)
    vocab = {tok: i for i, tok in enumerate(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *WORDS])}
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.save(str(folder / "tokenizer.json"))
    torch.manual_seed(seed)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        intermediate_size=64,
        max_position_embeddings=64,
        id2label=LABELS,
        label2id={v: k for k, v in LABELS.items()},
    )
    model = BertForSequenceClassification(config).eval()
    model.save_pretrained(folder, safe_serialization=True)
    cfg = json.loads((folder / "config.json").read_text())
    cfg.update(max_input_tokens=16, calibration_temperature=1.5)
    (folder / "config.json").write_text(json.dumps(cfg))
    export_graph(folder)
    return folder


@pytest.fixture(scope="module", params=["torch", "onnx"])
def classifier(tiny_model_dir: Path, request) -> SentenceClassifier:
    return SentenceClassifier(tiny_model_dir, batch_size=3, backend=request.param)


def test_auto_backend_prefers_onnx_when_the_graph_exists(tiny_model_dir: Path) -> None:
    assert SentenceClassifier(tiny_model_dir).backend == "onnx"


def test_labels_come_from_config(classifier: SentenceClassifier) -> None:
    assert classifier.labels == ("positive", "negative", "neutral")


@pytest.mark.parametrize(
    ("text", "target"),
    [("the profit rose sharply", None), ("shares of nokia fell", "nokia"), ("a", None)],
)
def test_logits_match_transformers(tiny_model_dir: Path, classifier, text: str, target) -> None:
    from transformers import BertForSequenceClassification

    reference = BertForSequenceClassification.from_pretrained(tiny_model_dir).eval()
    window = classifier.preprocess([text], [target])[0]
    ids = torch.tensor([window.ids])
    with torch.no_grad():
        expected = reference(input_ids=ids, token_type_ids=torch.tensor([window.type_ids])).logits
    got = torch.from_numpy(classifier._forward(classifier._tensors([window])))
    assert torch.allclose(got, expected, atol=1e-5)


def test_pair_format_is_cls_target_sep_text_sep(classifier: SentenceClassifier) -> None:
    window = classifier.preprocess(["profit rose"], ["nokia"])[0]
    vocab = classifier.tokenizer.get_vocab()
    assert window.ids == [vocab[t] for t in ["[CLS]", "nokia", "[SEP]", "profit", "rose", "[SEP]"]]
    assert window.type_ids == [0, 0, 0, 1, 1, 1]


MARK_CASES = [
    # (text, target, expected)
    ("Apple rose while Samsung fell", "apple", "« Apple » rose while Samsung fell"),
    ("AMD and AMDOCS", "AMD", "« AMD » and AMDOCS"),  # whole words only
    ("$AAPL up 3%", "$AAPL", "« $AAPL » up 3%"),
    ("Tata Motors Q3: Tata Motors up", "Tata Motors", "« Tata Motors » Q3: « Tata Motors » up"),
    ("nothing here", "Tesla", "nothing here"),
    ("a (b) c", "(b)", "a « (b) » c"),  # the target is text, not a pattern
]


@pytest.mark.parametrize(("text", "target", "expected"), MARK_CASES)
def test_mark_target(text: str, target: str, expected: str) -> None:
    assert mark_target(text, target) == expected


@pytest.fixture(scope="module")
def marked_model_dir(tiny_model_dir: Path, tmp_path_factory) -> Path:
    """The tiny model, declared as trained on marked targets."""
    import shutil

    folder = tmp_path_factory.mktemp("tiny-marked") / "model"
    shutil.copytree(tiny_model_dir, folder)
    cfg = json.loads((folder / "config.json").read_text())
    cfg["input_format"] = {"sentence": "text", "target": TARGET_MARKED}
    (folder / "config.json").write_text(json.dumps(cfg))
    return folder


def test_a_marked_model_gets_the_targets_mentions_marked(marked_model_dir: Path) -> None:
    classifier = SentenceClassifier(marked_model_dir, backend="torch")
    vocab = classifier.tokenizer.get_vocab()
    window = classifier.preprocess(["nokia rose"], ["nokia"])[0]
    tokens = ["[CLS]", "nokia", "[SEP]", "«", "nokia", "»", "rose", "[SEP]"]
    assert window.ids == [vocab[t] for t in tokens]
    (sentence,) = classifier.preprocess(["nokia rose"])  # sentences are never marked
    assert sentence.ids == [vocab[t] for t in ["[CLS]", "nokia", "rose", "[SEP]"]]


@pytest.fixture(scope="module")
def with_target_dir(tiny_model_dir: Path, tmp_path_factory) -> Path:
    """The tiny model with a target model (other random weights) in its target folder."""
    import shutil

    folder = tmp_path_factory.mktemp("tiny-with-target") / "model"
    shutil.copytree(tiny_model_dir, folder)
    _tiny_model(folder / TARGET_FOLDER, seed=1)
    return folder


@pytest.mark.parametrize("backend", ["torch", "onnx"])
def test_a_target_folder_scores_the_pairs_and_only_them(
    with_target_dir: Path, tiny_model_dir: Path, backend: str
) -> None:
    routed = SentenceClassifier(with_target_dir, backend=backend)
    own = SentenceClassifier(tiny_model_dir, backend=backend)
    target = SentenceClassifier(with_target_dir / TARGET_FOLDER, backend=backend)
    texts = ["nokia profit rose", "apple shares fell", "the revenue rose in q3"]
    targets = ["nokia", None, "apple"]
    got = routed.predict(texts, targets)
    assert got[1] == own.predict([texts[1]])[0]
    assert [got[0], got[2]] == target.predict([texts[0], texts[2]], ["nokia", "apple"])
    assert got[0] != own.predict([texts[0]], ["nokia"])[0]  # the weights differ
    assert routed.predict(texts) == own.predict(texts)  # no targets: the folder's own model
    assert routed.target_model.precision == routed.precision
    unrouted = SentenceClassifier(with_target_dir, backend=backend, target_model=False)
    assert unrouted.predict(texts, targets) == own.predict(texts, targets)


def test_the_fingerprint_covers_the_target_model(with_target_dir: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(with_target_dir, copy)
    assert model_fingerprint(copy) == model_fingerprint(with_target_dir)
    cfg = copy / TARGET_FOLDER / "config.json"
    cfg.write_text(cfg.read_text().replace("1.5", "1.25"))
    assert model_fingerprint(copy) != model_fingerprint(with_target_dir)
    # the main weights' own fingerprint ignores the target model's files
    own = model_fingerprint(copy, with_target=False)
    assert own == model_fingerprint(with_target_dir, with_target=False)
    assert own != model_fingerprint(copy)
    assert target_model_dir(copy) == copy / TARGET_FOLDER
    assert target_model_dir(copy / TARGET_FOLDER) is None


def test_score_is_positive_minus_negative(classifier: SentenceClassifier) -> None:
    (pred,) = classifier.predict(["the profit rose"])
    probs = pred.probabilities
    assert pred.score == pytest.approx(probs["positive"] - probs["negative"], abs=1e-5)
    assert sum(probs.values()) == pytest.approx(1.0, abs=1e-5)
    assert pred.label == max(probs, key=probs.get)


def test_long_text_is_windowed_not_truncated(classifier: SentenceClassifier) -> None:
    text = " ".join(["revenue rose in q3"] * 20)  # 80 tokens, window of 16
    windows = classifier.preprocess([text])
    assert len(windows) == 6
    assert sum(len(w.ids) - 2 for w in windows) == 80


def test_batching_does_not_change_results(classifier: SentenceClassifier) -> None:
    texts = ["the profit rose", "shares fell sharply in q3", "apple", "revenue " * 30]
    together = classifier.predict(texts)
    alone = [classifier.predict([t])[0] for t in texts]
    for a, b in zip(together, alone):
        assert a.label == b.label
        assert a.score == pytest.approx(b.score, abs=1e-4)


def test_empty_input_gives_empty_output(classifier: SentenceClassifier) -> None:
    assert classifier.predict([]) == []


@pytest.mark.parametrize("missing", ["config.json", "model.safetensors", "tokenizer.json"])
def test_incomplete_model_folder_is_a_model_error(
    tiny_model_dir: Path, tmp_path: Path, missing
) -> None:
    for f in tiny_model_dir.iterdir():
        if f.name != missing:
            (tmp_path / f.name).write_bytes(f.read_bytes())
    with pytest.raises(ModelError, match=missing):
        SentenceClassifier(tmp_path)


def test_unknown_backend_is_rejected(tiny_model_dir: Path) -> None:
    with pytest.raises(ValueError, match="backend"):
        SentenceClassifier(tiny_model_dir, backend="tensorflow")


def test_onnx_backend_without_graph_is_a_model_error(tiny_model_dir: Path, tmp_path: Path) -> None:
    for f in tiny_model_dir.iterdir():
        if f.name != "model.onnx":
            (tmp_path / f.name).write_bytes(f.read_bytes())
    with pytest.raises(ModelError, match="model.onnx"):
        SentenceClassifier(tmp_path, backend="onnx")


def test_missing_model_folder_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        SentenceClassifier(tmp_path / "nope")


def _edit_config(**changes):
    def edit(data: bytes) -> bytes:
        return json.dumps({**json.loads(data), **changes}).encode()

    return edit


def _tokenizer_without_specials(data: bytes) -> bytes:
    from tokenizers import Tokenizer, models

    return (
        Tokenizer(models.WordLevel({"[UNK]": 0, "profit": 1}, unk_token="[UNK]")).to_str().encode()
    )


CORRUPT_CASES = [
    # (backend, file, corrupt: old bytes -> new bytes, message)
    ("torch", "config.json", lambda b: b"{bad", "config.json cannot be read: Expecting"),
    ("onnx", "config.json", lambda b: b"\xff\xfe{", "config.json cannot be read: 'utf-8'"),
    ("torch", "config.json", lambda b: b"[1, 2]", "config.json must be a JSON object"),
    ("torch", "config.json", _edit_config(id2label={"0": "positive", "2": "negative"}), "0 to 1"),
    ("torch", "config.json", _edit_config(calibration_temperature="hot"), "has a bad value"),
    ("torch", "config.json", _edit_config(hidden_act="relu"), "supported BERT: unsupported"),
    ("torch", "config.json", _edit_config(intermediate_size=8), "does not match config.json"),
    ("onnx", "tokenizer.json", lambda b: b"garbage", "tokenizer.json cannot be read: expected"),
    ("onnx", "tokenizer.json", _tokenizer_without_specials, "tokenizer.json lacks [CLS], [SEP]"),
    ("torch", "model.safetensors", lambda b: b"not weights", "model.safetensors cannot be read"),
    ("onnx", "model.safetensors", lambda b: b"not weights", "model.safetensors cannot be read"),
    ("torch", "model.safetensors", lambda b: b[:-100], "model.safetensors cannot be read"),
    ("onnx", "model.safetensors", lambda b: b[:-100], "model.safetensors cannot be read"),
    ("onnx", "model.onnx", lambda b: b[: len(b) // 2], "model.onnx cannot be read"),
]


@pytest.mark.parametrize(("backend", "name", "corrupt", "message"), CORRUPT_CASES)
def test_corrupt_model_file_is_a_one_line_model_error(
    tiny_model_dir: Path, tmp_path: Path, backend: str, name: str, corrupt, message: str
) -> None:
    for f in tiny_model_dir.iterdir():
        data = f.read_bytes()
        (tmp_path / f.name).write_bytes(corrupt(data) if f.name == name else data)
    with pytest.raises(ModelError, match=re.escape(message)) as caught:
        SentenceClassifier(tmp_path, backend=backend)
    assert str(caught.value).startswith(f"{tmp_path}: ")
    assert "\n" not in str(caught.value)


def test_corrupt_model_is_one_error_line_in_the_cli(tiny_model_dir: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from sentiment import cli

    for f in tiny_model_dir.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    (tmp_path / "tokenizer.json").write_text("{bad")
    (tmp_path / "note.txt").write_text("Profit rose.")
    args = ["score", "--model", str(tmp_path), str(tmp_path / "note.txt")]
    result = CliRunner().invoke(cli.app, args)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {tmp_path}: tokenizer.json cannot be read: ")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("raised", "expected"),
    [
        (ValueError("bad header"), ModelError),
        (Exception("expected value"), ModelError),  # what tokenizers raises
        (KeyError("hidden_size"), ModelError),
        (ModelError("already typed"), ModelError),
        (MemoryError(), MemoryError),
        (KeyboardInterrupt(), KeyboardInterrupt),
    ],
)
def test_model_file_types_load_errors_only(tmp_path: Path, raised, expected) -> None:
    with pytest.raises(expected) as caught:
        with model_file(tmp_path, "model.safetensors"):
            raise raised
    if type(raised) is expected:
        assert caught.value is raised  # passed through untouched
    else:
        assert str(caught.value).startswith(f"{tmp_path}: model.safetensors cannot be read: ")


def test_a_target_is_read_in_the_windows_that_mention_it(classifier: SentenceClassifier) -> None:
    """Issue 23: a long sentence is not read whole once per ticker it names."""
    text = " ".join(["revenue rose in q3"] * 10) + " nokia fell sharply"
    nokia = classifier.tokenizer.token_to_id("nokia")
    windows = classifier.preprocess([text], ["nokia"])
    assert len(windows) == 1 and windows[0].ids.count(nokia) == 2  # target and mention
    assert len(classifier.preprocess([text], ["apple"])) == 4  # not mentioned: every window
    short = "nokia fell"  # one window: as before
    assert [w.ids for w in classifier.preprocess([short], ["nokia"])] == [
        [
            classifier._cls,
            nokia,
            classifier._sep,
            nokia,
            *classifier.tokenizer.encode("fell", add_special_tokens=False).ids,
            classifier._sep,
        ]
    ]


def test_torch_pads_batches_to_few_shapes_with_the_same_scores(tiny_model_dir: Path) -> None:
    """The PyTorch backend pads each batch to a power-of-two rows and a multiple of 16 tokens
    (its kernels keep memory per input shape); padding is masked, so scores are unchanged."""
    from sentiment.backends import _bucketed

    texts = ["the profit rose sharply", "a", "shares of nokia fell and the profit rose"]
    torch_model = SentenceClassifier(tiny_model_dir, batch_size=3, backend="torch")
    onnx_model = SentenceClassifier(tiny_model_dir, batch_size=3, backend="onnx")
    batched = torch_model.predict(texts)
    alone = [torch_model.predict([t])[0] for t in texts]
    for got, ref, single in zip(batched, onnx_model.predict(texts), alone):
        assert got.label == ref.label == single.label
        assert abs(got.score - ref.score) < 1e-5 and abs(got.score - single.score) < 1e-5
    inputs = torch_model._tensors(torch_model.preprocess(texts, None))
    padded = _bucketed(inputs)
    assert {k: v.shape for k, v in padded.items()} == {k: (4, 16) for k in inputs}
    assert (padded["input_ids"][:3, : inputs["input_ids"].shape[1]] == inputs["input_ids"]).all()
    assert padded["attention_mask"][3].tolist() == [1] + [0] * 15
    assert _bucketed(padded) is padded  # already a bucket shape
    assert _bucketed(inputs, max_width=5)["input_ids"].shape[1] == inputs["input_ids"].shape[1]


def test_torch_runs_shapes_as_they_come_until_its_budget_then_buckets(
    tiny_model_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sentiment import backends

    monkeypatch.setattr(backends, "EXACT_SHAPES", 2)
    model = SentenceClassifier(tiny_model_dir, batch_size=1, backend="torch")
    reference = SentenceClassifier(tiny_model_dir, batch_size=1, backend="onnx")
    texts = ["a", "the profit rose", "shares of nokia fell and the profit rose sharply"]
    seen: list[tuple[int, ...]] = []
    module = model.model.module
    forward = module.forward
    monkeypatch.setattr(
        module, "forward", lambda **kw: seen.append(tuple(kw["input_ids"].shape)) or forward(**kw)
    )
    got = model.predict(texts) + model.predict(texts[:1])
    widths = [len(model.preprocess([t], None)[0].ids) for t in texts]
    assert seen[:2] == [(1, widths[0]), (1, widths[1])]  # the first two shapes as they came
    assert seen[2] == (1, 16 * -(-widths[2] // 16))  # then a bucket
    assert seen[3] == (1, widths[0])  # a shape already run stays as it came
    for mine, ref in zip(got, reference.predict(texts)):
        assert abs(mine.score - ref.score) < 1e-5
