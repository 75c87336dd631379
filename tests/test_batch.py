"""Tests for sentiment.batch: walking, reading errors, batch fallback, writers, atomicity."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from sentiment.batch import (
    BatchRecord,
    BatchSummary,
    TickerScore,
    iter_note_paths,
    load_note,
    run_batch,
)
from sentiment.errors import InputError, ModelError
from sentiment.results import DocumentSentiment, TickerSentiment


class FakeAnalyzer:
    """Scores by counting "good" and "bad"; cashtags become tickers. Records every call."""

    def __init__(self, fail_many: bool = False, poison: str | None = None) -> None:
        self.fail_many = fail_many
        self.poison = poison
        self.many_calls: list[int] = []
        self.one_calls = 0

    def analyze(self, text: str) -> DocumentSentiment:
        self.one_calls += 1
        if not text.strip():
            raise InputError("empty text")
        if self.poison and self.poison in text:
            raise RuntimeError("model blew up\non this text")
        words = text.lower().split()
        score = round((words.count("good") - words.count("bad")) / max(1, len(words)), 4)
        label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
        tickers = tuple(
            TickerSentiment(w.strip("$.,").upper(), label, score, text.count(w), 1.0)
            for w in dict.fromkeys(text.split())
            if w.startswith("$")
        )
        return DocumentSentiment(label, score, tickers=tickers)

    def analyze_many(self, texts: list[str], batch_size: int = 8) -> list[DocumentSentiment]:
        self.many_calls.append(len(texts))
        if self.fail_many:
            raise RuntimeError("batch failed")
        return [self.analyze(t) for t in texts]


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    """A mixed folder: good notes, an empty one, a binary .txt, cp1252, nested, excluded."""
    root = tmp_path / "notes"
    (root / "sub" / "deeper").mkdir(parents=True)
    (root / "drafts").mkdir()
    (root / ".git").mkdir()
    files: dict[str, bytes] = {
        "a_good.txt": b"good good results for $NVDA",
        "b_empty.txt": b"",
        "c_binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "d_cp1252.md": "bad quarter at the café – € down".encode("cp1252"),
        "sub/e_nested.md": b"good outlook for $KO and $PEP.",
        "sub/deeper/f_deep.txt": b"neutral words only",
        "sub/skip_draft.txt": b"good",
        "drafts/g.txt": b"good",
        "ignored.csv": b"a,b\n1,2\n",
        ".hidden.txt": b"good",
        ".git/config.txt": b"good",
    }
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    return root


EXPECTED_PATHS = [
    "a_good.txt",
    "b_empty.txt",
    "c_binary.txt",
    "d_cp1252.md",
    "sub/deeper/f_deep.txt",
    "sub/e_nested.md",
]
EXCLUDE = ("*_draft.txt", "drafts")


def rel_paths(root: Path, **kwargs) -> list[str]:
    return [p.relative_to(root).as_posix() for p in iter_note_paths(root, **kwargs)]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"exclude": EXCLUDE}, EXPECTED_PATHS),
        ({"include": ("*.md",)}, ["d_cp1252.md", "sub/e_nested.md"]),
        (
            {"include": ("*.TXT",), "exclude": ("sub/*", "drafts/*")},
            ["a_good.txt", "b_empty.txt", "c_binary.txt"],
        ),
        (
            {"include": ("sub/*",), "exclude": ("*/deeper",)},
            ["sub/e_nested.md", "sub/skip_draft.txt"],
        ),
        (
            {"include": ("*.txt",), "include_hidden": True, "exclude": ("sub", "drafts")},
            [".git/config.txt", ".hidden.txt", "a_good.txt", "b_empty.txt", "c_binary.txt"],
        ),
        ({"include": ("*.pdf",)}, []),
    ],
    ids=["default", "md-only", "case-insensitive", "path-globs", "hidden", "none"],
)
def test_iter_note_paths(notes: Path, kwargs: dict, expected: list[str]) -> None:
    assert rel_paths(notes, **kwargs) == expected


def test_iter_note_paths_survives_symlink_loops(notes: Path) -> None:
    (notes / "sub" / "loop").symlink_to(notes, target_is_directory=True)
    (notes / "sub" / "deeper" / "back").symlink_to(notes / "sub", target_is_directory=True)
    assert rel_paths(notes, exclude=EXCLUDE) == EXPECTED_PATHS


def test_iter_note_paths_follows_a_directory_symlink_once(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.txt").write_text("good")
    root = tmp_path / "root"
    root.mkdir()
    (root / "linked").symlink_to(outside, target_is_directory=True)
    assert rel_paths(root) == ["linked/x.txt"]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing", "no such folder"),
        (lambda d: d / "notes" / "a_good.txt", "not a folder"),
    ],
    ids=["missing", "file"],
)
def test_iter_note_paths_errors(notes: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        iter_note_paths(make(notes.parent))


def test_load_note_ids(notes: Path) -> None:
    rel, doc_id, text, error = load_note(notes, notes / "sub" / "e_nested.md")
    assert (rel, error) == ("sub/e_nested.md", None)
    assert doc_id.startswith("sub/e_nested.md#") and len(doc_id.split("#")[1]) == 12
    assert text == "good outlook for $KO and $PEP."
    assert load_note(notes, notes / "gone.txt")[1:] == (
        "gone.txt",
        None,
        f"{notes / 'gone.txt'}: no such file",
    )


EXPECTED_ROWS = [
    # path, label, error fragment
    ("a_good.txt", "positive", None),
    ("b_empty.txt", None, "empty file"),
    ("c_binary.txt", None, "binary file, not text"),
    ("d_cp1252.md", "negative", None),
    ("sub/deeper/f_deep.txt", "neutral", None),
    ("sub/e_nested.md", "positive", None),
]


def check_rows(rows: list[dict]) -> None:
    assert [r["path"] for r in rows] == [p for p, _, _ in EXPECTED_ROWS]
    for row, (_, label, error) in zip(rows, EXPECTED_ROWS, strict=True):
        assert row["label"] == label
        if error:
            assert error in row["error"]
        else:
            assert row["error"] is None
            assert row["doc_id"].startswith(row["path"] + "#")


def test_run_batch_jsonl(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "scores.jsonl"
    progress: list[tuple[int, int]] = []
    summary = run_batch(
        FakeAnalyzer(),
        notes,
        out,
        exclude=EXCLUDE,
        batch_size=4,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert (summary.scored, summary.failed, summary.total, summary.output) == (4, 2, 6, out)
    assert summary.seconds >= 0
    assert progress == [(0, 6), (4, 6), (6, 6)]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    check_rows(rows)
    assert rows[5]["tickers"] == [
        {"ticker": "KO", "label": "positive", "score": 0.1667, "mentions": 1},
        {"ticker": "PEP", "label": "positive", "score": 0.1667, "mentions": 1},
    ]
    frame = pd.read_json(out, lines=True)
    assert list(frame.columns) == ["path", "doc_id", "label", "score", "tickers", "error"]
    assert len(frame) == 6


def test_run_batch_csv(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    run_batch(FakeAnalyzer(), notes, out, exclude=EXCLUDE)
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == ["path", "doc_id", "label", "score", "tickers", "error"]
    rows = [
        {k: (v if v != "" else None) for k, v in r.items()} for r in frame.to_dict(orient="records")
    ]
    check_rows(rows)
    assert rows[5]["tickers"] == "KO:0.1667;PEP:0.1667"
    assert rows[0]["tickers"] == "NVDA:0.4000"
    assert pd.read_csv(out)["score"].isna().sum() == 2


def test_failed_batch_falls_back_to_one_by_one(notes: Path, tmp_path: Path) -> None:
    analyzer = FakeAnalyzer(fail_many=True, poison="café")
    summary = run_batch(analyzer, notes, tmp_path / "s.jsonl", exclude=EXCLUDE, batch_size=16)
    assert (summary.scored, summary.failed) == (3, 3)
    assert analyzer.many_calls == [4]  # the four readable files, in one batch
    assert analyzer.one_calls == 4
    rows = pd.read_json(tmp_path / "s.jsonl", lines=True).set_index("path")
    assert rows.loc["d_cp1252.md", "error"] == "RuntimeError: model blew up on this text"
    assert rows.loc["a_good.txt", "label"] == "positive"


def test_model_errors_stop_the_run(notes: Path, tmp_path: Path) -> None:
    class Broken(FakeAnalyzer):
        def analyze_many(self, texts, batch_size=8):
            raise ModelError("models/finbert: config.json missing")

    with pytest.raises(ModelError):
        run_batch(Broken(), notes, tmp_path / "s.jsonl")
    assert list(tmp_path.iterdir()) == [notes]


def test_interrupted_run_keeps_the_old_output(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.jsonl"
    out.write_text("previous complete output\n")

    def interrupt(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(FakeAnalyzer(), notes, out, batch_size=2, on_progress=interrupt)
    assert out.read_text() == "previous complete output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "scores.jsonl"]


def test_successful_run_leaves_no_temp_file(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    out.write_text("old")
    run_batch(FakeAnalyzer(), notes, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "scores.csv"]
    assert out.read_text().startswith("path,doc_id,label,score,tickers,error")
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 != 0o600  # a normal file, not tempfile's private mode


def test_output_inside_root_is_not_scored(notes: Path) -> None:
    out = notes / "scores.jsonl"
    out.write_text("{}\n")
    summary = run_batch(FakeAnalyzer(), notes, out, include=("*",), exclude=EXCLUDE)
    paths = pd.read_json(out, lines=True)["path"].tolist()
    assert "scores.jsonl" not in paths
    assert "ignored.csv" in paths and summary.total == len(paths)


@pytest.mark.parametrize(
    ("output", "kwargs", "message"),
    [
        ("scores.parquet", {}, "unknown output format '.parquet'; use .jsonl or .csv"),
        ("scores", {}, "unknown output format '\\(no suffix\\)'"),
        ("scores.jsonl", {"include": ("*.pdf",)}, "no files match \\*.pdf"),
        ("scores.jsonl", {"batch_size": 0}, "batch size must be at least 1"),
    ],
)
def test_run_batch_refuses(
    notes: Path, tmp_path: Path, output: str, kwargs: dict, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        run_batch(FakeAnalyzer(), notes, tmp_path / output, **kwargs)
    assert list(tmp_path.iterdir()) == [notes]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            BatchRecord(
                "a.txt", "a.txt#1", "positive", 0.5, (TickerScore("KO", "positive", 0.5, 2),)
            ),
            {
                "path": "a.txt",
                "doc_id": "a.txt#1",
                "label": "positive",
                "score": 0.5,
                "tickers": [{"ticker": "KO", "label": "positive", "score": 0.5, "mentions": 2}],
                "error": None,
            },
        ),
        (
            BatchRecord("b.txt", "b.txt", error="b.txt: no such file"),
            {
                "path": "b.txt",
                "doc_id": "b.txt",
                "label": None,
                "score": None,
                "tickers": [],
                "error": "b.txt: no such file",
            },
        ),
    ],
)
def test_record_to_dict(record: BatchRecord, expected: dict) -> None:
    assert record.to_dict() == expected
    assert json.loads(json.dumps(record.to_dict())) == expected


def test_summary_to_dict(tmp_path: Path) -> None:
    summary = BatchSummary(1, 2, 3, 0.5, tmp_path / "o.csv")
    assert summary.to_dict() == {
        "scored": 1,
        "failed": 2,
        "total": 3,
        "seconds": 0.5,
        "output": str(tmp_path / "o.csv"),
    }
