"""``sentiment add``, ``batch --db``, ``history`` and ``tickers-top`` through CliRunner,
with the fake classifier."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from typer.testing import CliRunner

from evaluation.make_notes import write_dated_corpus
from sentiment import cli
from sentiment.desk.library import Library

runner = CliRunner()
START = date(2025, 1, 1)


@pytest.fixture(autouse=True)
def _fake_model(fake_cli_model) -> None:
    """Every command here scores with the FakeClassifier (see conftest)."""


@pytest.fixture
def dated(tmp_path):
    """A folder of 24 dated notes over 60 days from START."""
    folder = tmp_path / "dated"
    write_dated_corpus(folder, 24, 5, START, 60, pages=(0.2, 0.4))
    return folder


def _run(*args: str):
    return runner.invoke(cli.app, [str(a) for a in args])


def test_batch_with_db_keeps_every_scored_note_in_the_library(tmp_path, dated) -> None:
    (dated / "broken.txt").write_bytes(b"")
    db, out = tmp_path / "lib.db", tmp_path / "out.jsonl"
    result = _run("batch", dated, "-o", out, "--db", db, "--allow-errors")
    assert result.exit_code == 0, result.output
    assert "library" in result.stderr and "24 added, 0 replaced, 0 unchanged" in result.stderr
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 25 and sum(r["error"] is not None for r in records) == 1
    with Library(db) as lib:
        assert lib.count() == 24  # the note that failed is in the output, not in the library
        ids = {r["doc_id"] for r in records if r["error"] is None}
        assert {n.id for n in lib.notes(limit=100)} == ids
        dates = {n.date_source for n in lib.notes(limit=100)}
        assert dates == {"front-matter", "html-meta", "metadata", "text"}
        assert all("2025-01-01" <= n.date < "2025-03-02" for n in lib.notes(limit=100))
    again = _run("batch", dated, "-o", out, "--db", db, "--allow-errors")
    assert "0 added, 0 replaced, 24 unchanged" in again.stderr


def test_resuming_a_batch_stores_what_the_library_lacks(tmp_path, dated) -> None:
    db, out = tmp_path / "lib.db", tmp_path / "out.jsonl"
    assert _run("batch", dated, "-o", out).exit_code == 0  # a run without the library
    result = _run("batch", dated, "-o", out, "--db", db, "--resume")
    assert result.exit_code == 0, result.output
    assert "24 scored" in result.stderr  # done records, but not in the library: scored again
    with Library(db) as lib:
        assert lib.count() == 24
    result = _run("batch", dated, "-o", out, "--db", db, "--resume")
    assert "0 scored" in result.stderr and "24 skipped" in result.stderr


def test_batch_refuses_a_corrupt_library_before_scoring(tmp_path, dated) -> None:
    db = tmp_path / "bad.db"
    db.write_bytes(b"garbage" * 1000)
    result = _run("batch", dated, "-o", tmp_path / "out.jsonl", "--db", db)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {db}: not a sentiment library, or corrupt")
    assert "Traceback" not in result.output and not (tmp_path / "out.jsonl").exists()


def test_add_counts_added_replaced_unchanged_and_skips_bad_files(tmp_path, dated) -> None:
    db = tmp_path / "lib.db"
    one = sorted(dated.iterdir())[0]
    result = _run("add", one, "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 added, 0 replaced, 0 unchanged, 0 failed")
    (dated / "empty.txt").write_bytes(b"")
    result = _run("add", dated, "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert (counts["added"], counts["replaced"], counts["unchanged"]) == (23, 0, 1)
    assert [f["path"] for f in counts["failed"]] == [str(dated / "empty.txt")]
    assert f"skipped {dated / 'empty.txt'}" in result.stderr
    one.write_text("March 3, 2025\nApple (AAPL) beat estimates with strong sales.\n")
    result = _run("add", dated, "--db", db)
    assert result.stdout.startswith("0 added, 1 replaced, 23 unchanged, 1 failed")


def test_add_fails_when_nothing_could_be_read(tmp_path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    result = _run("add", tmp_path / "empty.txt", "--db", tmp_path / "lib.db")
    assert result.exit_code == 1 and "0 added" in result.stdout
    missing = _run("add", tmp_path / "nope.md", "--db", tmp_path / "lib.db")
    assert (
        missing.exit_code == 1 and "error: " in missing.stderr and "no such file" in missing.stderr
    )


@pytest.fixture
def library(tmp_path, dated):
    db = tmp_path / "lib.db"
    assert _run("batch", dated, "-o", tmp_path / "out.jsonl", "--db", db).exit_code == 0
    return db


def _busiest(db) -> str:
    with Library(db) as lib:
        return max(lib.symbols(), key=lambda s: len(lib.ticker_rows(s)))


def test_history_as_a_table_json_and_csv(library) -> None:
    symbol = _busiest(library)
    text = _run("history", symbol, "--db", library, "--by", "week", "--since", "2025-01-01")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert lines[0].startswith(f"{symbol}: relevance-weighted sentiment by week, ")
    assert set(lines[1].split()[0]) <= set("▁▂▃▄▅▆▇█")
    data = json.loads(_run("history", symbol, "--db", library, "--by", "week", "-f", "json").stdout)
    assert data["ticker"] == symbol and data["by"] == "week"
    weeks = data["periods"]
    assert len(lines[1].split()[0]) == len(weeks)
    assert all(p["notes"] == len(p["notes_behind"]) == len(p["note_ids"]) for p in weeks)
    assert all(date.fromisoformat(p["start"]).weekday() == 0 for p in weeks)
    assert all(n["title"] for p in weeks for n in p["notes_behind"])
    rows = list(
        csv.DictReader(
            io.StringIO(
                _run("history", symbol, "--db", library, "--by", "week", "-f", "csv").stdout
            )
        )
    )
    assert [float(r["score"]) for r in rows] == [p["score"] for p in weeks]
    month = json.loads(
        _run("history", symbol.lower(), "--db", library, "--by", "month", "-f", "json").stdout
    )
    assert sum(p["notes"] for p in month["periods"]) == sum(p["notes"] for p in weeks)


def test_history_window_and_plot(library, tmp_path) -> None:
    symbol = _busiest(library)
    result = _run(
        "history", symbol, "--db", library, "--since", "4w", "--until", "2025-02-28",
        "-f", "json", "--plot", tmp_path / "chart.svg",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    periods = json.loads(result.stdout)["periods"]
    assert periods and all("2025-01-31" <= p["start"] <= "2025-02-28" for p in periods)
    assert (tmp_path / "chart.svg").read_text().lstrip().startswith("<?xml")
    png = _run("history", symbol, "--db", library, "--plot", tmp_path / "chart.png")
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", png.output
    bad = _run("history", symbol, "--db", library, "--plot", tmp_path / "chart.jpg")
    assert bad.exit_code == 1 and "a chart is written as .png or .svg" in bad.stderr


def test_history_of_an_unknown_ticker_is_an_error_and_a_known_one_an_empty_answer(library):
    unknown = _run("history", "ZZZZQ", "--db", library)
    assert unknown.exit_code == 1
    assert (
        unknown.stderr == "error: unknown ticker 'ZZZZQ': not in the gazetteer nor in the library\n"
    )
    known = _run("history", "IBM", "--db", library)
    assert known.exit_code == 0 and known.stdout == "IBM: no notes in this window\n"
    assert json.loads(_run("history", "IBM", "--db", library, "-f", "json").stdout)["periods"] == []


def test_history_needs_an_existing_library(tmp_path) -> None:
    result = _run("history", "AAPL", "--db", tmp_path / "none.db")
    assert result.exit_code == 1 and "no library here" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_tickers_top_lists_and_formats(library) -> None:
    args = ("tickers-top", "--db", library, "--since", "14d", "--until", "2025-02-15")
    text = _run(*args)
    assert text.exit_code == 0, text.output
    assert "Most mentioned" in text.stdout and "Most deteriorated" in text.stdout
    data = json.loads(_run(*args, "-f", "json", "--limit", "3").stdout)
    assert (
        data["since"] == "2025-02-02T00:00:00+00:00"
        and data["until"] == "2025-02-16T00:00:00+00:00"
    )
    mentioned = data["most_mentioned"]
    assert 0 < len(mentioned) <= 3
    assert [m["notes"] for m in mentioned] == sorted((m["notes"] for m in mentioned), reverse=True)
    for move in data["most_improved"]:
        assert move["change"] > 0 and move["previous_score"] is not None
    rows = list(csv.DictReader(io.StringIO(_run(*args, "-f", "csv").stdout)))
    assert {r["list"] for r in rows} <= {"most_mentioned", "most_improved", "most_deteriorated"}
    bad = _run("tickers-top", "--db", library, "--since", "soon")
    assert bad.exit_code == 1 and "is neither a duration" in bad.stderr
