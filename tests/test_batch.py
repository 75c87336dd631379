"""Tests for sentiment.batch: walking, reading errors, batch fallback, writers, atomicity.

Faults, resume and workers: test_batch_faults.py; the Ray engine: test_distributed.py.
"""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from batch_fakes import FakeAnalyzer

from sentiment.batch import (
    BatchRecord,
    BatchSummary,
    ClaimRow,
    LoadedNote,
    OutputError,
    TickerScore,
    check_output_path,
    iter_note_paths,
    journal_path,
    load_note,
    load_records,
    read_journal,
    run_batch,
    write_records,
)
from sentiment.errors import InputError, ModelError
from sentiment.results import FigureRow


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
    note = load_note(notes, notes / "sub" / "e_nested.md")
    assert (note.path, note.error, note.format, note.warnings) == (
        "sub/e_nested.md",
        None,
        "text",
        (),
    )
    assert note.doc_id.startswith("sub/e_nested.md#") and len(note.doc_id.split("#")[1]) == 12
    assert note.text == "good outlook for $KO and $PEP."
    gone = notes / "gone.txt"
    assert load_note(notes, gone) == LoadedNote(
        "gone.txt", "gone.txt", error=f"{gone}: no such file"
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
COLUMNS = ["path", "doc_id", "format", "label", "score", "tickers", "warnings", "error"]


def plain(column: pd.Series) -> list:
    """Values with pandas' missing markers (NaN, NA) as None."""
    return [None if pd.isna(v) else v for v in column]


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
        chunk_size=4,
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert (summary.scored, summary.failed, summary.total, summary.output) == (4, 2, 6, out)
    assert summary.failures == {"empty file, no text to analyse": 1, "binary file, not text": 1}
    assert summary.skipped == 0
    assert progress == [(0, 6), (4, 6), (6, 6)]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    check_rows(rows)
    assert rows[5]["tickers"] == [
        {
            "ticker": "KO",
            "label": "positive",
            "score": 0.1667,
            "mentions": 1,
            "relevance": 1.0,
            "name": None,
        },
        {
            "ticker": "PEP",
            "label": "positive",
            "score": 0.1667,
            "mentions": 1,
            "relevance": 1.0,
            "name": None,
        },
    ]
    frame = pd.read_json(out, lines=True)
    assert list(frame.columns) == COLUMNS
    assert len(frame) == 6
    assert sorted(p.name for p in out.parent.iterdir()) == ["scores.jsonl"]  # no journal left


def test_run_batch_csv_documents_and_long_tickers(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    run_batch(FakeAnalyzer(), notes, out, exclude=EXCLUDE)
    frame = pd.read_csv(out, keep_default_na=False)
    assert list(frame.columns) == COLUMNS
    rows = [
        {k: (v if v != "" else None) for k, v in r.items()} for r in frame.to_dict(orient="records")
    ]
    check_rows(rows)
    assert rows[5]["tickers"] == "KO:0.1667;PEP:0.1667"
    assert rows[0]["tickers"] == "NVDA:0.4000"
    assert pd.read_csv(out)["score"].isna().sum() == 2
    tickers = pd.read_csv(tmp_path / "scores.tickers.csv")
    assert list(tickers.columns[:4]) == ["path", "doc_id", "ticker", "label"]
    assert tickers[["path", "ticker"]].values.tolist() == [
        ["a_good.txt", "NVDA"],
        ["sub/e_nested.md", "KO"],
        ["sub/e_nested.md", "PEP"],
    ]
    assert not (tmp_path / "scores.claims.csv").exists()


def test_run_batch_parquet(notes: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    out = tmp_path / "scores.parquet"
    run_batch(FakeAnalyzer(), notes, out, exclude=EXCLUDE)
    frame = pd.read_parquet(out)
    assert list(frame.columns) == COLUMNS
    assert plain(frame["label"]) == [label for _, label, _ in EXPECTED_ROWS]
    assert [t["ticker"] for t in frame["tickers"].iloc[5]] == ["KO", "PEP"]


def test_claims_in_every_format(analyzer, tmp_path: Path) -> None:
    (tmp_path / "n").mkdir()
    (tmp_path / "n" / "a.txt").write_text("Nvidia (NVDA) revenue rose 20% to $35.1 billion in Q3.")
    out = tmp_path / "s.jsonl"
    run_batch(analyzer, tmp_path / "n", out, claims=True)
    claim = json.loads(out.read_text())["claims"][0]
    assert "revenue" in claim["metric"] and claim["tickers"] == ["NVDA"]
    run_batch(analyzer, tmp_path / "n", tmp_path / "s.csv", claims=True)
    claims = pd.read_csv(tmp_path / "s.claims.csv")
    assert claims[["path", "tickers"]].values.tolist() == [["a.txt", "NVDA"]]
    run_batch(analyzer, tmp_path / "n", tmp_path / "plain.jsonl")
    assert "claims" not in json.loads((tmp_path / "plain.jsonl").read_text())


RECORDS = [
    BatchRecord(
        "a.txt",
        "a.txt#1",
        "positive",
        0.5,
        (TickerScore("KO", "positive", 0.5, 2, 0.25, "Coca-Cola"),),
        format="pdf",
        warnings=("page 2 of 2 has no text layer",),
        claims=(
            ClaimRow(
                'Rev "up", 5%\nnow', 0, 9, "revenue", 5.0, "%", "Q3", "up", True, ("KO", "PEP")
            ),
        ),
        figures=(
            FigureRow(
                0,
                "KO",
                "revenue growth",
                5.0,
                "5%",
                "percent",
                "Q3",
                "current",
                None,
                None,
                10,
                12,
                'Rev "up", 5% now',
            ),
            FigureRow(
                0,
                None,
                None,
                -2e9,
                "$(2)bn",
                "money",
                None,
                None,
                "USD",
                "billion",
                14,
                20,
                "a, b; c",
            ),
        ),
    ),
    BatchRecord("b.txt", "b.txt", error="b.txt: no such file", claims=(), figures=()),
    BatchRecord("c d.md", "c d.md#2", "neutral", 0.0, (), format="text", claims=(), figures=()),
]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
@pytest.mark.parametrize("claims", [True, False])
def test_writers_round_trip(tmp_path: Path, suffix: str, claims: bool) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    out = tmp_path / f"o{suffix}"
    write_records(out, RECORDS, claims=claims)
    expected = RECORDS if claims else [replace(r, claims=None, figures=None) for r in RECORDS]
    assert load_records(out) == expected


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (load_records, []),
        (lambda out: read_journal(out + ".partial"), []),
        (lambda out: journal_path(out).name, "o.jsonl.partial"),
        (lambda out: check_output_path(out).name, "o.jsonl"),
        (lambda out: write_records(out, RECORDS, claims=True) or load_records(out), RECORDS),
    ],
    ids=["load_records", "read_journal", "journal_path", "check_output_path", "write_records"],
)
def test_public_functions_take_str_paths(tmp_path: Path, call, expected) -> None:
    assert call(str(tmp_path / "o.jsonl")) == expected


def test_model_errors_stop_the_run(notes: Path, tmp_path: Path) -> None:
    class Broken(FakeAnalyzer):
        def analyze_many(self, texts):
            raise ModelError("models/finbert: config.json missing")

    with pytest.raises(ModelError):
        run_batch(Broken(), notes, tmp_path / "s.jsonl")
    assert list(tmp_path.iterdir()) == [notes]  # nothing finished: no journal either


def test_failed_batch_falls_back_to_one_by_one(notes: Path, tmp_path: Path) -> None:
    analyzer = FakeAnalyzer(fail_many=True, poison="café")
    summary = run_batch(analyzer, notes, tmp_path / "s.jsonl", exclude=EXCLUDE, chunk_size=16)
    assert (summary.scored, summary.failed) == (3, 3)
    assert analyzer.many_calls == [4]  # the four readable files, in one batch
    assert analyzer.one_calls == 4
    rows = pd.read_json(tmp_path / "s.jsonl", lines=True).set_index("path")
    assert rows.loc["d_cp1252.md", "error"] == "RuntimeError: model blew up on this text"
    assert rows.loc["a_good.txt", "label"] == "positive"


def test_interrupted_run_keeps_the_old_output_and_a_journal(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.jsonl"
    out.write_text("previous complete output\n")

    def interrupt(done: int, total: int) -> None:
        if done:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(FakeAnalyzer(), notes, out, chunk_size=2, on_progress=interrupt)
    assert out.read_text() == "previous complete output\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes",
        "scores.jsonl",
        "scores.jsonl.partial",
    ]
    assert len(read_journal(journal_path(out))) == 2  # the first chunk


def test_successful_run_leaves_no_temp_file(notes: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    out.write_text("old")
    run_batch(FakeAnalyzer(), notes, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "notes",
        "scores.csv",
        "scores.tickers.csv",
    ]
    assert out.read_text().startswith(",".join(COLUMNS))
    if os.name == "posix":
        assert out.stat().st_mode & 0o777 != 0o600  # a normal file, not tempfile's private mode


def test_output_inside_root_is_not_scored(notes: Path) -> None:
    out = notes / "scores.csv"
    out.write_text("x\n")
    (notes / "scores.tickers.csv").write_text("x\n")
    journal_path(out).write_text("")
    summary = run_batch(FakeAnalyzer(), notes, out, include=("*",), exclude=EXCLUDE)
    paths = pd.read_csv(out)["path"].tolist()
    assert not {"scores.csv", "scores.tickers.csv", "scores.csv.partial"} & set(paths)
    assert "ignored.csv" in paths and summary.total == len(paths)


@pytest.mark.parametrize(
    ("output", "kwargs", "message"),
    [
        ("scores.xlsx", {}, "unknown output format '.xlsx'; use .jsonl, .csv, .parquet"),
        ("scores", {}, "unknown output format '\\(no suffix\\)'"),
        ("scores.jsonl", {"include": ("*.xyz",)}, "no files match \\*.xyz"),
        ("scores.jsonl", {"chunk_size": 0}, "chunk size must be at least 1"),
        ("scores.jsonl", {"workers": 0}, "workers must be at least 1"),
        ("scores.jsonl", {"engine": "spark"}, "unknown engine 'spark'; use local or ray"),
    ],
)
def test_run_batch_refuses(
    notes: Path, tmp_path: Path, output: str, kwargs: dict, message: str
) -> None:
    with pytest.raises(InputError, match=message):
        run_batch(FakeAnalyzer(), notes, tmp_path / output, **kwargs)
    assert list(tmp_path.iterdir()) == [notes]


@pytest.mark.parametrize(
    ("output", "made", "message"),
    [
        ("s.jsonl", "s.jsonl/", "s.jsonl: is a directory, not a file"),
        ("s.csv", "s.tickers.csv/", "s.tickers.csv: is a directory, not a file"),
        ("s.jsonl", "s.jsonl.partial/", "s.jsonl.partial: is a directory, not a file"),
        ("file/sub/s.jsonl", "file", "s.jsonl: cannot write \\(.*/file is not a folder\\)"),
    ],
    ids=["output", "side-table", "journal", "parent-is-a-file"],
)
def test_run_batch_checks_the_output_before_any_work(
    notes: Path, tmp_path: Path, output: str, made: str, message: str
) -> None:
    thing = tmp_path / made.rstrip("/")
    thing.mkdir() if made.endswith("/") else thing.write_text("x")
    analyzer = FakeAnalyzer()
    with pytest.raises(OutputError, match=message):
        run_batch(analyzer, notes, tmp_path / output)
    assert analyzer.many_calls == [] and analyzer.one_calls == 0
    assert sorted(tmp_path.iterdir()) == sorted([notes, thing])
    assert not thing.is_dir() or list(thing.iterdir()) == []


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
                "format": None,
                "label": "positive",
                "score": 0.5,
                "tickers": [
                    {
                        "ticker": "KO",
                        "label": "positive",
                        "score": 0.5,
                        "mentions": 2,
                        "relevance": 0.0,
                        "name": None,
                    }
                ],
                "warnings": [],
                "error": None,
            },
        ),
        (
            BatchRecord("b.txt", "b.txt", error="b.txt: no such file"),
            {
                "path": "b.txt",
                "doc_id": "b.txt",
                "format": None,
                "label": None,
                "score": None,
                "tickers": [],
                "warnings": [],
                "error": "b.txt: no such file",
            },
        ),
    ],
)
def test_record_to_dict(record: BatchRecord, expected: dict) -> None:
    assert record.to_dict() == expected
    assert json.loads(json.dumps(record.to_dict())) == expected
    assert BatchRecord.from_dict(expected) == record


def test_summary_to_dict(tmp_path: Path) -> None:
    summary = BatchSummary(1, 2, 4, 0.5, tmp_path / "o.csv", skipped=1, failures={"x": 2})
    assert summary.to_dict() == {
        "scored": 1,
        "failed": 2,
        "total": 4,
        "seconds": 0.5,
        "output": str(tmp_path / "o.csv"),
        "skipped": 1,
        "failures": {"x": 2},
        "docs_per_second": 6.0,
    }


def test_analyze_folder_and_frame(analyzer, notes: Path) -> None:
    items = list(analyzer.analyze_folder(notes, exclude=EXCLUDE))
    assert [i.path for i in items] == [p for p, _, _ in EXPECTED_ROWS]
    assert [i.result is None for i in items] == [e is not None for _, _, e in EXPECTED_ROWS]
    assert items[0].result.tickers[0].ticker == "NVDA"
    texts = ["Profit rose.", "", None, "Sales fell.", 7]
    frame = pd.DataFrame({"id": [1, 2, 3, 4, 5], "text": texts})
    scored = analyzer.analyze_frame(frame, text_column="text")
    assert scored["id"].tolist() == [1, 2, 3, 4, 5]
    assert plain(scored["sentiment_label"]) == ["positive", None, None, "negative", None]
    assert plain(scored["sentiment_error"])[1:] == [
        "empty text: nothing to analyse",
        "missing text",
        None,
        "expected text (str), got int",
    ]
    assert scored["sentiment_score"].iloc[0] > 0 and "sentiment_label" not in frame
    with pytest.raises(KeyError, match="no column 'body'"):
        analyzer.analyze_frame(frame, text_column="body")


def test_workers_score_a_loaded_analyzer_like_this_process(analyzer, notes: Path) -> None:
    here = list(analyzer.analyze_folder(notes, exclude=EXCLUDE))  # loads the pipeline here
    assert list(analyzer.analyze_folder(notes, exclude=EXCLUDE, workers=2)) == here


@pytest.mark.parametrize("suffix", [".eml", ".txt", ".md", ".html"])
def test_random_bytes_are_recorded_as_binary_in_a_batch(tmp_path: Path, suffix: str) -> None:
    """Issue 23: 20 KB of random bytes named ``x.eml`` was scored "positive" with dozens of
    tickers; in a batch it is a failed row, like the same bytes under any other name."""
    import random

    root = tmp_path / "notes"
    root.mkdir()
    (root / f"x{suffix}").write_bytes(random.Random(23).randbytes(20000))
    (root / "y.txt").write_text("Coca-Cola (KO) posted strong volumes.", encoding="utf-8")
    out = tmp_path / "scores.jsonl"
    summary = run_batch(FakeAnalyzer(), root, out)
    assert (summary.scored, summary.failed) == (1, 1)
    assert summary.failures == {"binary file, not text": 1}
    rows = {r["path"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows[f"x{suffix}"]["label"] is None and rows[f"x{suffix}"]["tickers"] == []
    assert rows["y.txt"]["error"] is None
