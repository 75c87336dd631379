"""`sentiment evaluate` and sentiment.evaluation: schemas, split, errors, CLI (fake model)."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sentiment import cli
from sentiment.evaluation import (
    EvaluationDataError,
    LabelledItem,
    detect_schema,
    evaluate_folder,
    in_split,
    read_labelled_file,
    split_of,
)
from training import corpora  # noqa: E402

runner = CliRunner()

SENTENCES = [
    {"text": "Revenue rose to a record.", "label": "positive", "agreement": 100},
    {"text": "Margins were weak and guidance was cut.", "label": "negative"},
    {"text": "The meeting is on Tuesday.", "label": "neutral"},
    {"text": "The dividend is unchanged.", "label": "positive"},  # the fake says neutral
]
TARGETS = [
    {"text": "Acme beat estimates, while Brick missed.", "target": "Acme", "score": 0.6},
    {"text": "Acme beat estimates, while Brick missed.", "target": "Brick", "score": -0.5},
    {"text": "Acme holds its meeting today.", "target": "Acme", "score": 0.05},
]
ENTITIES = [
    {
        "text": "Acme upgraded; Brick downgraded",
        "entities": {"Acme": "positive", "Brick": "negative"},
    },
]


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every CLI command here scores with the FakeClassifier (see conftest)."""


def _jsonl(path: Path, rows: list, raw: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows) + raw, encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path: Path) -> Path:
    _jsonl(tmp_path / "data" / "sentences.jsonl", SENTENCES)
    _jsonl(tmp_path / "data" / "targets.jsonl", TARGETS)
    _jsonl(tmp_path / "data" / "entities.jsonl", ENTITIES)
    return tmp_path / "data"


# ---------------------------------------------------------------- the split


def _reference_split(text: str) -> str:
    """The split function as training/corpora.py had it before the move, verbatim."""
    key = re.sub(r"[^0-9a-z]+", " ", re.sub(r"https?://\S+", " ", text.lower())).strip()
    bucket = int(hashlib.sha1(key.encode()).hexdigest(), 16) % 100
    ranges = {"train": range(0, 80), "validation": range(80, 90), "test": range(90, 100)}
    return next(name for name, rng in ranges.items() if bucket in rng)


@pytest.mark.parametrize(
    ("text", "split"),
    [
        ("a", "train"),
        ("d", "validation"),
        ("f", "validation"),
        ("k", "test"),
        ("K!", "test"),  # same key as "k"
        ("n", "test"),
        ("p", "validation"),
        ("", "train"),
        ("Profit rose 5%.", "train"),
        ("https://x.co/a TSLA $TSLA up", "train"),
    ],
)
def test_split_of_is_pinned(text: str, split: str) -> None:
    assert split_of(text) == split == _reference_split(text)


def test_training_uses_the_package_split() -> None:
    assert corpora.split_of is split_of
    texts = [row["text"] for row in SENTENCES + TARGETS] + [f"sentence {i}" for i in range(300)]
    assert [corpora.split_of(t) for t in texts] == [_reference_split(t) for t in texts]
    assert {split_of(f"sentence {i}") for i in range(300)} == {"train", "validation", "test"}


def test_in_split_filters_and_all_keeps_everything() -> None:
    items = [LabelledItem(t, "neutral") for t in "adkn"]
    assert [i.text for i in in_split(items, "test")] == ["k", "n"]
    assert in_split(items, "all") == items


# ---------------------------------------------------------------- reading


@pytest.mark.parametrize(
    ("row", "schema"),
    [
        ({"text": "x", "label": "positive"}, "sentence"),
        ({"text": "x", "label": "positive", "agreement": 66}, "sentence"),
        ({"text": "x", "target": "Acme", "score": 0.2, "kind": "headline"}, "target"),
        ({"text": "x", "entities": {"Acme": "neutral"}}, "entities"),
    ],
)
def test_detect_schema(row: dict, schema: str) -> None:
    assert detect_schema(row) == schema


@pytest.mark.parametrize(
    ("band", "labels"),
    [(0.15, ["positive", "negative", "neutral"]), (0.01, ["positive", "negative", "positive"])],
)
def test_target_scores_become_labels_with_the_band(tmp_path: Path, band, labels) -> None:
    labelled = read_labelled_file(_jsonl(tmp_path / "t.jsonl", TARGETS), band)
    assert labelled.schema == "target"
    assert [i.label for i in labelled.items] == labels
    assert [i.target for i in labelled.items] == ["Acme", "Brick", "Acme"]


def test_entities_give_one_item_per_entity(tmp_path: Path) -> None:
    labelled = read_labelled_file(_jsonl(tmp_path / "e.jsonl", ENTITIES))
    assert [(i.target, i.label) for i in labelled.items] == [
        ("Acme", "positive"),
        ("Brick", "negative"),
    ]


@pytest.mark.parametrize(
    ("rows", "raw", "message"),
    [
        ([], "{not json\n", r"e\.jsonl:1: not valid JSON"),
        (SENTENCES[:1], "{broken\n", r"e\.jsonl:2: not valid JSON"),
        ([{"text": "x", "stars": 4}], "", r"e\.jsonl:1: unknown schema"),
        ([[1, 2]], "", r"e\.jsonl:1: a row must be a JSON object, got an array"),
        ([SENTENCES[0], "x"], "", r"e\.jsonl:2: a row must be a JSON object, got a string"),
        ([{"text": "x", "label": "bullish"}], "", "label 'bullish' is not one of"),
        ([{"text": "x", "target": "A", "score": 3}], "", r"score 3 is not a number in \[-1, 1\]"),
        ([{"text": "", "label": "neutral"}], "", r"e\.jsonl:1: 'text' is empty"),
        (
            [{"text": 5, "label": "positive"}],
            "",
            r"e\.jsonl:1: 'text' must be a string, got a number",
        ),
        ([SENTENCES[0], {"label": "positive"}], "", r"e\.jsonl:2: 'text' is missing"),
        ([SENTENCES[0], {"text": "x", "score": 0.1}], "", r"e\.jsonl:2: 'label' is missing"),
        ([TARGETS[0], {"text": "x", "score": 0.1}], "", r"e\.jsonl:2: 'target' is missing"),
        ([TARGETS[0], {"text": "x", "target": "A"}], "", r"e\.jsonl:2: 'score' is missing"),
        ([ENTITIES[0], {"text": "x"}], "", r"e\.jsonl:2: 'entities' is missing"),
        ([{"text": "x", "entities": {}}], "", "non-empty object"),
        ([], "\n\n", "no rows"),
    ],
)
def test_bad_files_raise_typed_errors(tmp_path: Path, rows, raw, message) -> None:
    with pytest.raises(EvaluationDataError, match=message):
        read_labelled_file(_jsonl(tmp_path / "e.jsonl", rows, raw))


@pytest.mark.parametrize(
    ("raw", "texts"),
    [
        ('\ufeff{"text": "x", "label": "neutral"}\n', ["x"]),  # a BOM, as editors write
        ('{"text": "x", "label": "neutral"}\r\n{"text": "y", "label": "positive"}', ["x", "y"]),
        ('{"text": "\ufeffx", "label": "neutral"}\n', ["\ufeffx"]),  # inside a value: kept
    ],
)
def test_encoding_details_are_accepted(tmp_path: Path, raw: str, texts: list) -> None:
    labelled = read_labelled_file(_jsonl(tmp_path / "e.jsonl", [], raw))
    assert [i.text for i in labelled.items] == texts


# ---------------------------------------------------------------- scoring


def test_evaluate_folder_scores_each_file(data: Path, analyzer) -> None:
    report = evaluate_folder(analyzer, data)
    by_name = {Path(f.path).name: f for f in report.files}
    assert list(by_name) == ["entities.jsonl", "sentences.jsonl", "targets.jsonl"]
    sentences = by_name["sentences.jsonl"]
    assert sentences.schema == "sentence" and set(sentences.scores) == {"sentence"}
    assert sentences.scores["sentence"]["accuracy"] == pytest.approx(3 / 4)
    assert sentences.scores["sentence"]["per_class"]["positive"]["recall"] == pytest.approx(1 / 2)
    targets = by_name["targets.jsonl"]
    # Toward the target the fake reads only the target's clause: all three right.
    assert targets.scores["target"]["accuracy"] == pytest.approx(1.0)
    # As plain sentences, "beat ... missed" is a tie (neutral): only the neutral item is right.
    assert targets.scores["sentence"]["accuracy"] == pytest.approx(1 / 3)
    assert by_name["entities.jsonl"].scores["target"]["macro_f1"] == pytest.approx(1.0)
    assert "ece" in targets.scores["target"]
    # the accuracy's 95% interval from resampling texts brackets it, inside [0, 1]
    low, high = sentences.scores["sentence"]["accuracy_interval"]
    assert 0.0 <= low < 3 / 4 < high <= 1.0
    # the first text's two items both wrong, the second's one right: samples run from none
    # right (the first text drawn twice) to all right (the second twice)
    assert targets.scores["sentence"]["accuracy_interval"] == [0.0, 1.0]
    assert targets.scores["target"]["accuracy_interval"] == [1.0, 1.0]


def test_entity_texts_are_classified_once(data: Path, analyzer, fake_classifier) -> None:
    evaluate_folder(analyzer, data)
    plain_calls = [texts for texts, targets in fake_classifier.calls if not any(targets)]
    assert all(len(texts) == len(set(texts)) for texts in plain_calls)


def test_split_filters_items(tmp_path: Path, analyzer) -> None:
    rows = [{"text": t, "label": "neutral"} for t in "adkn"]
    folder = _jsonl(tmp_path / "d" / "s.jsonl", rows).parent
    assert [f.n for f in evaluate_folder(analyzer, folder, split="test").files] == [2]
    assert [f.n for f in evaluate_folder(analyzer, folder, split="validation").files] == [1]


def test_file_without_rows_in_the_split_has_a_note_not_zeros(tmp_path: Path, analyzer) -> None:
    folder = tmp_path / "d"
    _jsonl(folder / "a.jsonl", [{"text": t, "label": "neutral"} for t in "ad"])  # train, val
    _jsonl(folder / "b.jsonl", [{"text": t, "label": "neutral"} for t in "kn"])  # test
    a, b = evaluate_folder(analyzer, folder, split="test").files
    assert (a.n, a.scores, a.note) == (0, {}, "no rows in split test")
    assert a.to_dict()["note"] == "no rows in split test"
    assert b.n == 2 and b.note is None and "note" not in b.to_dict()


def test_no_rows_in_the_split_anywhere_is_an_error(tmp_path: Path, analyzer, fake_classifier):
    folder = _jsonl(tmp_path / "d" / "a.jsonl", [{"text": t, "label": "neutral"} for t in "ad"])
    with pytest.raises(EvaluationDataError, match="no file has rows in split test"):
        evaluate_folder(analyzer, folder.parent, split="test")
    assert fake_classifier.calls == []  # checked before the model runs


# ---------------------------------------------------------------- CLI


def test_cli_prints_a_markdown_table(data: Path) -> None:
    result = runner.invoke(cli.app, ["evaluate", "--data", str(data)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "split: all; neutral band: 0.15"
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert [row.split(" | ")[0:3] for row in rows] == [
        ["| entities.jsonl", "entities", "sentence"],
        ["| entities.jsonl", "entities", "target"],
        ["| sentences.jsonl", "sentence", "sentence"],
        ["| targets.jsonl", "target", "sentence"],
        ["| targets.jsonl", "target", "target"],
    ]
    assert "| sentences.jsonl | sentence | sentence | 4 | 0.750 | 0.250-1.000 |" in result.stdout


def test_cli_marks_a_file_without_rows_in_the_split(tmp_path: Path) -> None:
    _jsonl(tmp_path / "d" / "a.jsonl", [{"text": "a", "label": "neutral"}])  # train
    _jsonl(tmp_path / "d" / "b.jsonl", [{"text": "k", "label": "neutral"}])  # test
    result = runner.invoke(cli.app, ["evaluate", "--data", str(tmp_path / "d"), "--split", "test"])
    assert result.exit_code == 0, result.output
    dash = " | ".join(["–"] * 7)
    assert f"| a.jsonl | sentence | no rows in split test | 0 | {dash} |" in result.stdout
    assert "| b.jsonl | sentence | sentence | 1 | 1.000 |" in result.stdout


def test_cli_json_and_options(data: Path) -> None:
    args = ["evaluate", "--data", str(data), "--format", "json", "--neutral-band", "0.01"]
    result = runner.invoke(cli.app, [*args, "--split", "all"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["neutral_band"] == 0.01 and report["split"] == "all"
    targets = next(f for f in report["files"] if f["path"].endswith("targets.jsonl"))
    assert targets["scores"]["target"]["per_class"]["positive"]["support"] == 2


@pytest.mark.parametrize(
    ("setup", "args", "message"),
    [
        (lambda d: None, [], "not a directory"),
        (lambda d: d.mkdir(), [], "no .jsonl files"),
        (lambda d: _jsonl(d / "x.jsonl", SENTENCES, "oops\n"), [], "x.jsonl:5: not valid JSON"),
        (lambda d: _jsonl(d / "x.jsonl", [{"a": 1}]), [], "unknown schema"),
        (lambda d: _jsonl(d / "x.jsonl", SENTENCES), ["--split", "dev"], "unknown split 'dev'"),
        (lambda d: _jsonl(d / "x.jsonl", SENTENCES[:1]), ["--split", "test"], "no file has rows"),
        (lambda d: _jsonl(d / "x.jsonl", [[1]]), [], "x.jsonl:1: a row must be a JSON object"),
    ],
)
def test_cli_bad_input_is_one_error_line(tmp_path: Path, setup, args, message) -> None:
    folder = tmp_path / "data"
    setup(folder)
    result = runner.invoke(cli.app, ["evaluate", "--data", str(folder), *args])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_cli_help() -> None:
    result = runner.invoke(cli.app, ["evaluate", "--help"])
    assert result.exit_code == 0 and "--data" in result.output
