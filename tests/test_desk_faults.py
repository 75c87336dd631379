"""The library under faults: two processes writing at once, a disk that fills during a
batch, a locked library during a batch. Nothing scored is lost and the library stays readable."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evaluation.make_notes import write_dated_corpus
from sentiment import cli
from sentiment.desk.library import Library

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
WRITER = """
import sys
from sentiment.desk.library import Library
from sentiment.results import DocumentSentiment, TickerSentiment

path, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
ticker = TickerSentiment("AAPL", "positive", 0.5, 1, 1.0)
result = DocumentSentiment("positive", 0.5, tickers=(ticker,))
with Library(path, timeout=60) as lib:  # a loaded CI machine: wait out the other writer
    for i in range(count):
        lib.add(result, doc_id=f"{name}-{i}#0", source=f"/{name}/{i}", title=name,
                date="2026-01-01", date_source="text", content_sha256=f"{name}{i}",
                model="fake", model_version="1")
print("done", name)
"""


def test_two_processes_adding_at_once_both_succeed(tmp_path) -> None:
    db = tmp_path / "lib.db"  # new: both processes also race to create and migrate it
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), name, "40"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("one", "two")
    ]
    outputs = [w.communicate(timeout=120) for w in writers]
    assert [w.returncode for w in writers] == [0, 0], outputs
    with Library(db) as lib:
        assert lib.count() == 80
        assert len(lib.ticker_rows("AAPL")) == 80


@pytest.fixture
def dated(tmp_path):
    folder = tmp_path / "dated"
    write_dated_corpus(folder, 12, 2, date(2025, 1, 1), 30, pages=(0.3, 0.5))
    return folder


def _small_library(max_pages: int):
    """``cli._library`` opening a library that can hold only ``max_pages`` pages."""

    def open_small(path):
        library = Library(path)
        library.connection.execute(f"PRAGMA max_page_count = {max_pages}")
        return library

    return open_small


def test_a_disk_filling_during_batch_db_loses_nothing(tmp_path, dated, monkeypatch, fake_cli_model):
    db, out = tmp_path / "lib.db", tmp_path / "out.jsonl"
    with Library(db) as lib:
        pages = lib.connection.execute("PRAGMA page_count").fetchone()[0]
    args = ["batch", str(dated), "-o", str(out), "--db", str(db), "--chunk-size", "4"]
    with monkeypatch.context() as patch:
        patch.setattr(cli, "_library", _small_library(pages + 60))
        result = runner.invoke(cli.app, args)
    assert result.exit_code == 1
    message = result.stderr.strip().splitlines()[-1]
    assert message.startswith(f"error: {db}: disk full; this note was not stored")
    assert message.endswith("finished records are in " + str(out) + ".partial: rerun with --resume")
    with Library(db) as lib:
        stored = lib.count()
        assert 0 < stored < 12  # the chunks before the full disk, readable
        assert all(lib.note(n.id).result for n in lib.notes())
    # space freed: the resumed run stores the rest
    again = runner.invoke(cli.app, [*args, "--resume"])
    assert again.exit_code == 0, again.output
    with Library(db) as lib:
        assert lib.count() == 12
    assert len(out.read_text().splitlines()) == 12


def test_a_locked_library_stops_batch_db_with_its_records_kept(
    tmp_path, dated, monkeypatch, fake_cli_model
):
    db, out = tmp_path / "lib.db", tmp_path / "out.jsonl"
    Library(db).close()

    def quick(path):
        return Library(path, timeout=0.2)

    monkeypatch.setattr(cli, "_library", quick)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        result = runner.invoke(cli.app, ["batch", str(dated), "-o", str(out), "--db", str(db)])
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    assert "the library is locked by another process (waited 0.2 s)" in result.stderr
    kept = [json.loads(line) for line in Path(f"{out}.partial").read_text().splitlines()[1:]]
    assert kept  # the first chunk's records are in the journal
