"""The note library: adding, replacing, querying, history, and its migrations."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, datetime, timezone

import pytest

from sentiment.desk import schema
from sentiment.desk.library import Library, NoteRow, StoredNote, default_path
from sentiment.errors import LibraryError
from sentiment.results import DocumentSentiment, TickerSentiment

NOTE = (
    "Apple (AAPL) beat estimates with strong iPhone sales.\n"
    "Microsoft (MSFT) missed on cloud revenue and guided weak."
)


def _result(scores: dict[str, tuple[float, float]], score: float = 0.1) -> DocumentSentiment:
    """A document result with tickers {symbol: (score, relevance)}."""
    tickers = tuple(
        TickerSentiment(s, "positive" if v > 0 else "negative", v, 2, r)
        for s, (v, r) in scores.items()
    )
    return DocumentSentiment("neutral", score, tickers=tickers)


def _add(lib: Library, doc_id: str, when: str, scores: dict, *, sha: str | None = None, **kw):
    return lib.add(
        _result(scores),
        doc_id=doc_id,
        source=kw.pop("source", f"/notes/{doc_id}"),
        title=kw.pop("title", f"note {doc_id}"),
        date=when,
        date_source="front-matter",
        content_sha256=sha or doc_id,
        model="fake",
        model_version="1",
        **kw,
    )


@pytest.fixture
def lib(tmp_path):
    with Library(tmp_path / "lib.db") as library:
        yield library


def test_a_new_library_has_every_migration_and_uses_wal(tmp_path) -> None:
    with Library(tmp_path / "sub" / "lib.db") as lib:
        applied = schema.applied_migrations(lib.connection)
        assert applied == sorted(m.name for m in schema.known_migrations())
        assert lib.connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert lib.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert lib.count() == 0


def test_add_then_the_same_again_is_unchanged_and_changed_bytes_replace(lib) -> None:
    first = _add(lib, "a.md#111", "2026-03-03", {"AAPL": (0.5, 1.0)}, source="/n/a.md")
    again = _add(lib, "a.md#111", "2026-03-03", {"AAPL": (0.5, 1.0)}, source="/n/a.md")
    changed = _add(lib, "a.md#222", "2026-03-04", {"MSFT": (-0.4, 1.0)}, source="/n/a.md")
    assert (first.status, again.status, changed.status) == ("added", "unchanged", "replaced")
    assert changed.replaced == ("a.md#111",)
    assert [n.id for n in lib.notes()] == ["a.md#222"]
    assert lib.symbols() == ["MSFT"]  # the replaced note's tickers went with it


def test_a_stored_note_keeps_the_full_result_and_its_facts(lib) -> None:
    _add(lib, "a#1", "2026-03-03T09:30:00+01:00", {"AAPL": (0.5, 0.9), "MSFT": (0.1, 0.2)})
    note = lib.note("a#1")
    assert isinstance(note, StoredNote) and isinstance(note, NoteRow)
    assert note.date == "2026-03-03T08:30:00+00:00"  # stored in UTC
    assert note.date_source == "front-matter" and note.model == "fake"
    assert note.tickers == ("AAPL", "MSFT")  # most relevant first
    assert note.result["tickers"][0]["ticker"] == "AAPL"
    assert json.dumps(note.to_dict())
    with pytest.raises(LibraryError, match="no note"):
        lib.note("missing")


def test_a_note_without_a_date_is_dated_when_added(lib) -> None:
    lib.add(
        _result({}),
        doc_id="x#1",
        source="/x",
        title=None,
        date=None,
        date_source="text",
        content_sha256="s",
        model=None,
        model_version=None,
    )
    note = lib.note("x#1")
    assert note.date_source == "added" and note.date == note.added_at


def test_notes_filters_by_ticker_label_time_and_text(lib) -> None:
    _add(lib, "a#1", "2026-01-10", {"AAPL": (0.5, 1.0)}, title="Apple beats")
    _add(lib, "b#1", "2026-02-10", {"MSFT": (-0.5, 1.0)}, title="Microsoft misses")
    _add(lib, "c#1", "2026-03-10", {"AAPL": (-0.2, 1.0)}, title="Apple slips", text="iPhone weak")
    assert [n.id for n in lib.notes(ticker="aapl")] == ["c#1", "a#1"]
    assert [n.id for n in lib.notes(since="2026-02-01")] == ["c#1", "b#1"]
    assert [n.id for n in lib.notes(until="2026-02-10")] == ["b#1", "a#1"]  # the whole day
    assert [n.id for n in lib.notes(text="apple")] == ["c#1", "a#1"]
    assert [n.id for n in lib.notes(text='iphone "weak')] == ["c#1"]  # never FTS syntax
    assert [n.id for n in lib.notes(limit=1, offset=1)] == ["b#1"]
    assert lib.notes(label="negative") == []


def test_ticker_rows_and_history_weigh_scores_by_relevance(lib) -> None:
    _add(lib, "a#1", "2026-03-02", {"AAPL": (0.8, 1.0)})
    _add(lib, "b#1", "2026-03-04", {"AAPL": (-0.4, 0.5)})
    _add(lib, "c#1", "2026-03-20", {"AAPL": (0.2, 1.0), "MSFT": (0.9, 1.0)})
    rows = lib.ticker_rows("AAPL")
    assert [r.note_id for r in rows] == ["a#1", "b#1", "c#1"]
    weeks = lib.ticker_history("AAPL", by="week")
    assert [(p.start, p.end, p.notes) for p in weeks] == [
        (date(2026, 3, 2), date(2026, 3, 8), 2),
        (date(2026, 3, 16), date(2026, 3, 22), 1),
    ]
    assert weeks[0].score == pytest.approx((0.8 * 1.0 - 0.4 * 0.5) / 1.5, abs=1e-4)
    assert weeks[0].note_ids == ("a#1", "b#1") and weeks[0].label == "positive"
    (month,) = lib.ticker_history("AAPL", by="month")
    assert (month.start, month.end, month.notes) == (date(2026, 3, 1), date(2026, 3, 31), 3)
    assert lib.ticker_history("AAPL", since=date(2026, 3, 10), by="week") == weeks[1:]
    assert lib.ticker_history("NVDA") == []


def test_history_since_a_duration_counts_back_from_now(lib) -> None:
    today = datetime.now(timezone.utc).date()
    _add(lib, "old#1", "2020-01-01", {"AAPL": (0.5, 1.0)})
    _add(lib, "new#1", today.isoformat(), {"AAPL": (0.5, 1.0)})
    assert [p.note_ids for p in lib.ticker_history("AAPL", since="90d")] == [("new#1",)]


def test_tickers_top_ranks_mentions_and_changes_against_the_window_before(lib) -> None:
    _add(lib, "p1#1", "2026-03-02", {"AAPL": (-0.5, 1.0), "MSFT": (0.6, 1.0)})
    _add(lib, "n1#1", "2026-03-10", {"AAPL": (0.5, 1.0), "MSFT": (-0.2, 1.0)})
    _add(lib, "n2#1", "2026-03-11", {"AAPL": (0.3, 1.0), "NVDA": (0.9, 1.0)})
    top = lib.tickers_top(since="7d", until="2026-03-13T00:00:00+00:00")
    assert [m.symbol for m in top.most_mentioned] == ["AAPL", "MSFT", "NVDA"]
    assert [(m.symbol, m.change) for m in top.most_improved] == [("AAPL", 0.9)]
    assert [(m.symbol, m.change) for m in top.most_deteriorated] == [("MSFT", -0.8)]
    assert top.to_dict()["most_improved"][0]["previous_score"] == -0.5
    assert lib.tickers_top(since="7d", until="2026-03-13", limit=1).most_mentioned[0].notes == 2


def test_deleting_a_note_removes_its_tickers_and_search_text(lib) -> None:
    _add(lib, "a#1", "2026-03-02", {"AAPL": (0.5, 1.0)}, text="unique words")
    with lib.transaction() as db:
        db.execute("DELETE FROM notes WHERE id = 'a#1'")
    assert lib.symbols() == [] and lib.notes(text="unique") == []


def test_the_default_path_is_the_environment_variable_or_the_data_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("SENTIMENT_DB", str(tmp_path / "env.db"))
    assert default_path() == tmp_path / "env.db"
    monkeypatch.delenv("SENTIMENT_DB")
    assert default_path().name == "library.db" and "sentiment" in str(default_path())


def test_a_missing_library_is_an_error_when_not_creating(tmp_path) -> None:
    with pytest.raises(LibraryError, match="no library here"):
        Library(tmp_path / "none.db", create=False)
    assert not (tmp_path / "none.db").exists()


# ----- migrations and faults ---------------------------------------------------------------
def _old_library(path, upto: str) -> None:
    """A database made by an older version: only migrations up to ``upto``, with a note."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(schema._CREATE_LEDGER)
    for migration in schema.known_migrations():
        if migration.name > upto:
            break
        for statement in schema._statements(migration.sql):
            connection.execute(statement)
        connection.execute(
            "INSERT INTO schema_migrations VALUES (?, '2025-01-01')", (migration.name,)
        )
    result = _result({"AAPL": (0.5, 1.0)}).to_dict()
    result["sentences"] = [{"text": "Apple beat estimates."}]
    connection.execute(
        "INSERT INTO notes VALUES ('old#1', '/old', 'Old note', '2025-06-01T00:00:00+00:00',"
        " 'text', 'sha', 'neutral', 0.1, ?, 'fake', '1', '2025-06-01', '2025-06-01')",
        (json.dumps(result),),
    )
    connection.execute(
        "INSERT INTO note_tickers VALUES ('old#1', 'AAPL', '2025-06-01T00:00:00+00:00',"
        " 'positive', 0.5, 1.0, 2)"
    )
    connection.close()


def test_an_older_library_is_migrated_with_its_notes_intact(tmp_path) -> None:
    path = tmp_path / "old.db"
    _old_library(path, "001_notes")
    with Library(path) as lib:
        assert "002_note_search" in schema.applied_migrations(lib.connection)
        assert lib.note("old#1").title == "Old note"
        assert [r.note_id for r in lib.ticker_rows("AAPL")] == ["old#1"]
        assert [n.id for n in lib.notes(text="estimates")] == ["old#1"]  # indexed on migration
        assert _add(lib, "new#1", "2026-01-01", {"AAPL": (0.1, 1.0)}).status == "added"


def test_a_library_from_a_newer_version_reads_but_refuses_writes(tmp_path) -> None:
    path = tmp_path / "new.db"
    with Library(path) as lib:
        _add(lib, "a#1", "2026-01-01", {"AAPL": (0.1, 1.0)})
        lib.connection.execute("INSERT INTO schema_migrations VALUES ('999_future', 'now')")
    with Library(path) as lib:
        assert [n.id for n in lib.notes()] == ["a#1"]
        with pytest.raises(LibraryError, match="newer version.*999_future"):
            _add(lib, "b#1", "2026-01-02", {"AAPL": (0.1, 1.0)})


def test_a_corrupt_file_is_a_clear_error_and_left_alone(tmp_path) -> None:
    path = tmp_path / "bad.db"
    garbage = b"this is not a database at all " * 200
    path.write_bytes(garbage)
    with pytest.raises(LibraryError, match="not a sentiment library, or corrupt"):
        Library(path)
    assert path.read_bytes() == garbage


def test_a_folder_in_place_of_the_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(LibraryError, match="is a directory"):
        Library(tmp_path)


def test_a_library_locked_by_another_writer_waits_then_says_so(tmp_path) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        _add(lib, "a#1", "2026-01-01", {"AAPL": (0.1, 1.0)})
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Library(path, timeout=0.2) as lib:
            with pytest.raises(LibraryError, match=r"locked by another process \(waited 0.2 s\)"):
                _add(lib, "b#1", "2026-01-02", {"AAPL": (0.1, 1.0)})
            assert [n.id for n in lib.notes()] == ["a#1"]  # readers are not blocked (WAL)
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_a_full_disk_is_a_clear_error_and_earlier_notes_stay(tmp_path) -> None:
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        _add(lib, "a#1", "2026-01-01", {"AAPL": (0.1, 1.0)})
        pages = lib.connection.execute("PRAGMA page_count").fetchone()[0]
        lib.connection.execute(f"PRAGMA max_page_count = {pages}")
        big = "word " * 200_000
        with pytest.raises(LibraryError, match="disk full; this note was not stored"):
            _add(lib, "b#1", "2026-01-02", {"AAPL": (0.1, 1.0)}, text=big)
        assert [n.id for n in lib.notes()] == ["a#1"]
    with Library(path) as lib:
        assert lib.note("a#1").title == "note a#1"


def test_add_file_reads_dates_scores_once_and_replaces_a_changed_file(tmp_path, analyzer) -> None:
    folder = tmp_path / "notes"
    (folder / "sub").mkdir(parents=True)
    note = folder / "sub" / "apple.md"
    note.write_text(f"---\ntitle: Apple update\ndate: 2026-03-03\n---\n{NOTE}\n", "utf-8")
    with Library(tmp_path / "lib.db") as lib:
        added = lib.add_file(note, analyzer, root=folder)
        calls = len(analyzer.classifier.calls)
        again = lib.add_file(note, analyzer, root=folder)
        assert (added.status, again.status) == ("added", "unchanged")
        assert len(analyzer.classifier.calls) == calls  # the same bytes are not scored again
        assert added.note_id.startswith("sub/apple.md#")
        stored = lib.note(added.note_id)
        assert (stored.title, stored.date, stored.date_source) == (
            "Apple update",
            "2026-03-03T00:00:00+00:00",
            "front-matter",
        )
        assert stored.model == "FakeClassifier" and stored.source == str(note.resolve())
        assert {"AAPL", "MSFT"} <= set(stored.tickers)
        note.write_text("March 9, 2026\nApple (AAPL) missed badly.\n", "utf-8")
        changed = lib.add_file(note, analyzer, root=folder)
        assert changed.status == "replaced" and changed.replaced == (added.note_id,)
        assert lib.note(changed.note_id).date_source == "text"
        assert lib.count() == 1
