"""The folder watcher (issue 19, item 3): notes arriving while it runs and while it is down,
bad files recorded and skipped, changed files replaced, the same bytes a no-op, polling,
the folder going away, and ``sentiment watch`` stopped by SIGTERM and by kill -9."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from batch_fakes import FakeAnalyzer
from typer.testing import CliRunner

from evaluation.measure_watch import RULES as EVERY_NOTE_RULES  # an alert on every note
from sentiment import cli
from sentiment.batch.walk import is_note_path, iter_note_paths
from sentiment.desk.library import Library
from sentiment.desk.watch import Watcher, checking_alerts, failures
from sentiment.errors import WatchError

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
WAIT_SECONDS = 20  # generous: the machine is shared; the latency target is measured elsewhere
runner = CliRunner()


def wait_for(condition: Callable[[], object], seconds: float = WAIT_SECONDS) -> None:
    """Until ``condition()`` is true; fails the test after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


class Running:
    """A watcher run in a thread for one test: its library, analyzer and handed-on ids."""

    def __init__(
        self, folder: Path, db: Path, *, alerts: Path | None = None, **options: object
    ) -> None:
        self.folder = folder
        self.library = Library(db)
        self.analyzer = FakeAnalyzer(poison="BOOM")
        self.handed: list[list[str]] = []
        self.lines: list[str] = []
        check = self._alerts(alerts) if alerts is not None else None

        def on_added(note_ids: list[str]) -> None:
            self.handed.append(note_ids)
            if check is not None:
                check(note_ids)

        self.watcher = Watcher(
            folder,
            self.library,
            self.analyzer,
            on_added=on_added,
            log=self.lines.append,
            quiet=0.2,
            **options,
        )

    def _alerts(self, rules: Path) -> Callable[[list[str]], None]:
        from sentiment.desk.alerts import AlertEngine, load_rules

        return checking_alerts(AlertEngine(self.library, load_rules(rules)), self.lines.append)

    def __enter__(self) -> Running:
        self.watcher.start()
        assert self.watcher.ready.wait(WAIT_SECONDS)
        assert self.watcher.error is None, self.watcher.error
        return self

    def __exit__(self, *exc: object) -> None:
        self.watcher.stop()
        self.library.close()

    def sources(self) -> list[str]:
        return sorted(Path(n.source).name for n in self.library.notes(limit=1000))

    def handed_on(self) -> list[str]:
        return [i for ids in self.handed for i in ids]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path


@pytest.fixture
def watching(folder: Path, tmp_path: Path) -> Iterator[Running]:
    with Running(folder, tmp_path / "lib.db") as running:
        yield running


def test_notes_arriving_while_it_runs_are_added_and_handed_on(watching: Running) -> None:
    folder = watching.folder
    (folder / "a.txt").write_text("good results for $NVDA.")
    (folder / "sub").mkdir()
    (folder / "sub" / "b.md").write_text("# B\n\nbad quarter for $KO.")
    wait_for(lambda: watching.library.count() == 2)
    assert watching.sources() == ["a.txt", "b.md"]
    wait_for(lambda: len(watching.handed_on()) == 2)
    assert sorted(watching.handed_on()) == sorted(n.id for n in watching.library.notes())
    assert watching.library.symbols() == ["KO", "NVDA"]
    assert "added a.txt" in watching.lines and "added sub/b.md" in watching.lines


def test_new_notes_fire_their_alerts_once_even_when_handed_on_again(
    folder: Path, tmp_path: Path
) -> None:
    from sentiment.desk.alerts import list_alerts

    rules = tmp_path / "alerts.toml"
    rules.write_text(EVERY_NOTE_RULES)
    db = tmp_path / "lib.db"
    (folder / "before.txt").write_text("good results for $NVDA.")
    with Running(folder, db, alerts=rules) as watching:
        (folder / "live.txt").write_text("bad quarter for $KO.")
        # handed on, then checked: wait for the check's line too (a loaded machine is slow)
        wait_for(lambda: len(watching.handed_on()) == 2 and "1 alert fired" in watching.lines)
        fired = [(a.id, a.key) for a in list_alerts(watching.library)]
        watching.watcher.catch_up()  # everything handed on once more: nothing new fires
        assert [(a.id, a.key) for a in list_alerts(watching.library)] == fired
    with Running(folder, db, alerts=rules) as again:  # nor at a restart
        assert len(again.handed_on()) == 2
        alerts = list_alerts(again.library)
        assert [(a.id, a.key) for a in alerts] == fired
    assert sorted(a.note_id.split("#")[0] for a in alerts) == ["before.txt", "live.txt"]
    delivered = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert sorted(d["key"] for d in delivered) == sorted(key for _, key in fired)


def test_an_alert_that_cannot_be_delivered_is_kept_and_said(folder: Path, tmp_path: Path) -> None:
    from sentiment.desk.alerts import list_alerts

    rules = tmp_path / "alerts.toml"
    rules.write_text(EVERY_NOTE_RULES)
    (tmp_path / "alerts.jsonl").mkdir()  # the channel's file cannot be written
    with Running(folder, tmp_path / "lib.db", alerts=rules) as watching:
        (folder / "a.txt").write_text("good results for $NVDA.")
        wait_for(lambda: any(line.startswith("warning: alert #1") for line in watching.lines))
        assert watching.watcher.error is None and watching.watcher._thread.is_alive()
        (alert,) = list_alerts(watching.library)
    assert [d.status for d in alert.deliveries] == ["failed"]
    warning = next(line for line in watching.lines if line.startswith("warning:"))
    assert warning.startswith("warning: alert #1 not delivered to jsonl:")
    assert "cannot append (Is a directory)" in warning
    assert warning.endswith("; kept, and tried again with the next note")


def test_atomic_renames_count_and_hidden_and_temporary_files_do_not(
    watching: Running, tmp_path: Path
) -> None:
    folder = watching.folder
    (folder / ".draft.txt").write_text("good $A")
    (folder / "~$note.docx").write_bytes(b"lock")
    (folder / "note.txt~").write_text("good $B")
    (folder / "scan.png").write_bytes(b"\x89PNG")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.txt").write_text("good $C")
    temp = folder / ".in-progress.txt"
    temp.write_text("good $RENAMED")
    temp.rename(folder / "renamed.txt")  # renamed within the folder
    outside = tmp_path / "outside.txt"
    outside.write_text("good $MOVED")
    outside.rename(folder / "moved.txt")  # moved in from elsewhere: no close event follows
    wait_for(lambda: watching.library.count() == 2)
    time.sleep(1)  # give the skipped files time to be (wrongly) picked up
    assert watching.sources() == ["moved.txt", "renamed.txt"]
    assert watching.watcher.counts["failed"] == 0


def test_a_note_written_in_several_goes_is_scored_once(watching: Running) -> None:
    path = watching.folder / "slow.txt"
    for part in ("good results ", "for $NVDA ", "and more good news."):
        with path.open("a") as handle:  # each append is a close after writing
            handle.write(part)
    wait_for(lambda: watching.library.count() == 1)
    time.sleep(0.5)
    assert watching.analyzer.one_calls == 1
    stored = watching.library.notes()[0]
    assert stored.content_sha256 and watching.library.note(stored.id).result["score"] > 0


def test_a_changed_note_replaces_its_note_and_the_same_bytes_are_a_no_op(
    watching: Running,
) -> None:
    path = watching.folder / "a.txt"
    path.write_text("good results for $NVDA.")
    wait_for(lambda: watching.library.count() == 1)
    first = watching.library.notes()[0].id
    path.write_text("good results for $NVDA.")  # the same bytes again
    os.utime(path)
    time.sleep(1)
    assert watching.analyzer.one_calls == 1 and watching.handed_on() == [first]
    path.write_text("bad results for $NVDA.")
    # the test shares the watcher's connection: mid-replacement it may see no note at all
    wait_for(lambda: [n.id for n in watching.library.notes()] not in ([], [first]))
    assert watching.library.count() == 1
    assert watching.library.notes()[0].label == "negative"
    wait_for(lambda: len(watching.handed_on()) == 2)
    assert "replaced a.txt" in watching.lines


def test_a_bad_file_is_recorded_and_the_watch_goes_on(watching: Running) -> None:
    folder = watching.folder
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "poison.txt").write_text("BOOM goes the model")
    os.mkfifo(folder / "pipe.txt")  # reading it would block the watcher for ever
    (folder / "fine.txt").write_text("good news for $AAPL")
    wait_for(lambda: watching.library.count() == 1 and watching.watcher.counts["failed"] == 3)
    found = {Path(f.path).name: f for f in failures(watching.library)}
    assert set(found) == {"binary.txt", "pipe.txt", "poison.txt"}
    assert found["binary.txt"].error == "binary file, not text"
    assert found["pipe.txt"].error == "not a regular file (FIFO)"
    assert found["pipe.txt"].content_sha256 == ""  # not read: tried again next time
    assert found["poison.txt"].error.startswith("RuntimeError: model blew up")
    assert len(found["poison.txt"].content_sha256) == 64
    assert watching.watcher.error is None and watching.sources() == ["fine.txt"]
    assert "failed poison.txt: RuntimeError: model blew up on this text" in watching.lines
    # fixed: stored, and its failure forgotten
    (folder / "poison.txt").write_text("good news after all for $MSFT")
    wait_for(lambda: watching.library.count() == 2)
    assert sorted(Path(f.path).name for f in failures(watching.library)) == [
        "binary.txt",
        "pipe.txt",
    ]


def test_notes_arriving_while_it_is_down_are_caught_up(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    (folder / "a.txt").write_text("good results for $NVDA.")
    (folder / "poison.txt").write_text("BOOM")
    with Running(folder, db) as first:
        assert first.sources() == ["a.txt"]
        assert first.handed_on() == [first.library.notes()[0].id]
        assert first.watcher.counts["failed"] == 1
    # while it is down: one new, one changed, one untouched, the bad one untouched
    (folder / "b.txt").write_text("bad news for $KO.")
    (folder / "a.txt").write_text("bad results for $NVDA.")
    (folder / "c.txt").write_text("neutral words only.")
    with Running(folder, db) as second:  # the catch-up is over when it is ready
        assert second.sources() == ["a.txt", "b.txt", "c.txt"]
        counts = second.watcher.counts
        assert (counts["added"], counts["replaced"], counts["skipped"]) == (2, 1, 1)
        assert second.analyzer.one_calls == 3  # the known bad file is not scored again
        # every note of the folder is handed on at start, so a restart re-checks alerts
        assert sorted(second.handed_on()) == sorted(n.id for n in second.library.notes())
    with Running(folder, db) as third:
        assert third.analyzer.one_calls == 0 and third.watcher.counts["unchanged"] == 3


def test_polling_mode(folder: Path, tmp_path: Path) -> None:
    with Running(folder, tmp_path / "lib.db", polling=True, interval=0.2) as watching:
        assert watching.watcher.mode == "polling"
        (folder / "a.txt").write_text("good results for $NVDA.")
        (folder / "sub").mkdir()
        (folder / "sub" / "b.txt").write_text("bad quarter for $KO.")
        wait_for(lambda: watching.library.count() == 2)
        (folder / "a.txt").write_text("bad results for $NVDA.")
        wait_for(lambda: [n.label for n in watching.library.notes(ticker="NVDA")] == ["negative"])
        assert watching.library.count() == 2
    assert any("polling every 0.2 s" in line for line in watching.lines)


def test_polling_is_the_fallback_when_native_events_cannot_start(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from watchdog.observers import Observer

    def refuse(self: object) -> None:
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr(Observer, "start", refuse)
    with Running(folder, tmp_path / "lib.db", interval=0.2) as watching:
        assert watching.watcher.mode == "polling"
        (folder / "a.txt").write_text("good results for $NVDA.")
        wait_for(lambda: watching.library.count() == 1)
    assert "native events unavailable (inotify watch limit reached); polling instead" in (
        watching.lines
    )


def test_the_folder_going_away_stops_it_with_a_clear_error(watching: Running) -> None:
    (watching.folder / "a.txt").write_text("good results for $NVDA.")
    wait_for(lambda: watching.library.count() == 1)
    shutil.rmtree(watching.folder)
    wait_for(lambda: not watching.watcher._thread.is_alive())
    error = watching.watcher.error
    assert isinstance(error, WatchError)
    assert str(error) == (
        f"{watching.folder}: the watched folder is gone (removed, renamed or unmounted); "
        "the notes stored so far are kept"
    )
    with Library(watching.library.path, create=False) as again:  # readable, nothing lost
        assert again.count() == 1 and again.symbols() == ["NVDA"]


def test_a_folder_made_again_under_the_same_name_is_not_the_watched_one(
    watching: Running,
) -> None:
    shutil.rmtree(watching.folder)
    watching.folder.mkdir()  # as a drive unmounted from under its mount point looks
    wait_for(lambda: not watching.watcher._thread.is_alive())
    assert "the watched folder is gone" in str(watching.watcher.error)


def test_a_library_locked_by_another_process_is_waited_for(folder: Path, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "lib.db"
    with Running(folder, db) as watching:
        watching.library.timeout = 0.2  # the busy wait of its connection, below
        watching.library.connection.execute("PRAGMA busy_timeout = 200")
        other = sqlite3.connect(db, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        (folder / "a.txt").write_text("good results for $NVDA.")
        wait_for(lambda: any(line.startswith("library busy") for line in watching.lines))
        other.execute("COMMIT")
        other.close()
        wait_for(lambda: watching.library.count() == 1)
        assert watching.watcher.error is None and watching.watcher._thread.is_alive()
    assert "library busy (locked by another process); a.txt waits" in watching.lines


def test_a_note_stored_but_not_handed_on_when_stopped_is_handed_on(
    folder: Path, tmp_path: Path
) -> None:
    handed: list[list[str]] = []
    (folder / "a.txt").write_text("good results for $NVDA.")
    with Library(tmp_path / "lib.db") as library:
        watcher = Watcher(folder, library, FakeAnalyzer(), on_added=handed.append)
        status, note_id = watcher._add(folder / "a.txt")  # a stop comes before the hand-on
        assert status == "added" and handed == []
        watcher.hand_on_stored()
        assert handed == [[note_id]]
        watcher.hand_on_stored()  # handed on already: nothing more
        assert handed == [[note_id]]


def test_a_missing_folder_is_refused_before_anything_runs(tmp_path: Path) -> None:
    with Library(tmp_path / "lib.db") as library, pytest.raises(WatchError, match="no such"):
        Watcher(tmp_path / "nowhere", library, FakeAnalyzer())
    (tmp_path / "file.txt").write_text("x")
    with Library(tmp_path / "lib.db") as library, pytest.raises(WatchError, match="not a folder"):
        Watcher(tmp_path / "file.txt", library, FakeAnalyzer())


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("a.txt", True),
        ("sub/deep/b.PDF", True),
        ("a.png", False),
        (".a.txt", False),
        (".git/a.txt", False),
        ("~$a.docx", False),
        ("a.txt~", False),
        ("a.txt.part", False),
        ("drafts/a.txt", False),
        ("drafts", False),
    ],
)
def test_the_watcher_chooses_files_by_the_batch_walks_rules(
    tmp_path: Path, rel: str, expected: bool
) -> None:
    assert is_note_path(tmp_path, tmp_path / rel, exclude=("drafts",)) is expected
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    walked = [
        p.relative_to(tmp_path).as_posix() for p in iter_note_paths(tmp_path, exclude=("drafts",))
    ]
    assert (rel in walked) is expected


def test_is_note_path_is_false_outside_the_root(tmp_path: Path) -> None:
    assert not is_note_path(tmp_path / "a", tmp_path / "b" / "x.txt")


# -- the command ---------------------------------------------------------------------------------


def test_watch_failures_lists_what_could_not_be_read(folder: Path, tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    with Library(db) as library:
        Watcher(folder, library, FakeAnalyzer()).catch_up()
    text = runner.invoke(cli.app, ["watch", "--failures", "--db", str(db)])
    assert text.exit_code == 0, text.output
    assert text.stdout.strip().endswith(f"{folder / 'binary.txt'}: binary file, not text")
    data = runner.invoke(cli.app, ["watch", "--failures", "--db", str(db), "-f", "json"])
    assert [f["error"] for f in json.loads(data.stdout)] == ["binary file, not text"]


def test_watch_refuses_a_missing_folder_or_none(tmp_path: Path) -> None:
    missing = runner.invoke(
        cli.app, ["watch", str(tmp_path / "nowhere"), "--db", str(tmp_path / "l.db")]
    )
    assert missing.exit_code == 1
    assert missing.stderr == f"error: {tmp_path / 'nowhere'}: no such folder\n"
    none = runner.invoke(cli.app, ["watch", "--db", str(tmp_path / "l.db")])
    assert none.exit_code == 1 and "give the folder to watch" in none.stderr


def start_watch(folder: Path, db: Path, trace: Path, *options: str, delay: float = 0.0):
    """``sentiment watch`` in a subprocess with the slow fake model of watch_fakes."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(ROOT)])}
    command = [sys.executable, str(TESTS / "watch_fakes.py"), str(delay), str(trace), "watch"]
    return subprocess.Popen(
        [*command, str(folder), "--db", str(db), *options],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def wait_for_line(process: subprocess.Popen, start: str) -> list[str]:
    """stderr lines of ``process`` up to the first that starts with ``start``."""
    lines: list[str] = []
    found = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line.rstrip("\n"))
            if line.startswith(start):
                found.set()
        found.set()  # it ended

    threading.Thread(target=read, daemon=True).start()
    found.wait(60)
    assert any(line.startswith(start) for line in lines), f"no {start!r} line: {lines}"
    return lines


def note_count(db: Path) -> int:
    with Library(db) as library:
        return library.count()


def test_sigterm_stops_it_cleanly(folder: Path, tmp_path: Path) -> None:
    db, trace = tmp_path / "lib.db", tmp_path / "trace"
    process = start_watch(folder, db, trace)
    try:
        lines = wait_for_line(process, "watching ")
        # dropped whole (written beside the folder, then renamed in): on a loaded machine the
        # watcher may otherwise read the file between its creation and its write, empty
        staged = tmp_path / "a.txt"
        staged.write_text("good results for $NVDA.")
        os.replace(staged, folder / "a.txt")
        wait_for(lambda: note_count(db) == 1)
        process.send_signal(signal.SIGTERM)
        assert process.wait(WAIT_SECONDS) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    time.sleep(0.2)  # the reading thread's last line
    assert lines[-1] == f"stopped: 1 added, 0 replaced, 0 failed -> {db}"


def test_the_folder_going_away_ends_the_command_with_one_line(folder: Path, tmp_path: Path) -> None:
    db, trace = tmp_path / "lib.db", tmp_path / "trace"
    process = start_watch(folder, db, trace)
    try:
        lines = wait_for_line(process, "watching ")
        (folder / "a.txt").write_text("good results for $NVDA.")
        wait_for(lambda: note_count(db) == 1)
        shutil.rmtree(folder)
        assert process.wait(WAIT_SECONDS) == 1
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    time.sleep(0.2)  # the reading thread's last line
    assert lines[-1] == (
        f"error: {folder}: the watched folder is gone (removed, renamed or unmounted); "
        "the notes stored so far are kept"
    )
    assert not any("Traceback" in line for line in lines)
    assert note_count(db) == 1


@pytest.mark.parametrize("alerts", [False, True], ids=["notes", "notes-and-alerts"])
def test_kill_9_mid_note_then_restart_stores_every_note_and_fires_every_alert_once(
    folder: Path, tmp_path: Path, alerts: bool
) -> None:
    db, trace, rules = tmp_path / "lib.db", tmp_path / "trace", tmp_path / "alerts.toml"
    rules.write_text(EVERY_NOTE_RULES)
    options = ("--alerts", str(rules)) if alerts else ()
    count = 8
    process = start_watch(folder, db, trace, *options, delay=0.3)
    try:
        wait_for_line(process, "watching ")
        for n in range(count):
            (folder / f"note-{n}.txt").write_text(f"good results for $T{n}, note {n}.")
        # killed while scoring: some notes stored, the next one started and not finished
        wait_for(lambda: note_count(db) >= 2)
        wait_for(lambda: len(trace.read_text().splitlines()) > note_count(db))
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(WAIT_SECONDS)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert 2 <= note_count(db) < count
    restarted = start_watch(folder, db, trace, *options)
    try:
        wait_for_line(restarted, "watching ")
        wait_for(lambda: note_count(db) == count)
        restarted.send_signal(signal.SIGTERM)
        assert restarted.wait(WAIT_SECONDS) == 0
    finally:
        if restarted.poll() is None:
            os.killpg(restarted.pid, signal.SIGKILL)
            restarted.wait()
    names = [f"note-{n}.txt" for n in range(count)]
    with Library(db) as library:
        notes = library.notes(limit=100)
        assert sorted(Path(n.source).name for n in notes) == names  # each once
        assert library.symbols() == sorted(f"T{n}" for n in range(count))
        if not alerts:
            return
        from sentiment.desk.alerts import list_alerts

        fired = list_alerts(library)
    assert sorted(a.note_id.split("#")[0] for a in fired) == names  # each once
    assert {a.note_id for a in fired} == {n.id for n in notes}
    delivered = [json.loads(line) for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert sorted(d["note_id"].split("#")[0] for d in delivered) == names
