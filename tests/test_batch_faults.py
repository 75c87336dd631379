"""Bad input and faults in a batch: every failure is a record, nothing finished is lost,
and an interrupted run plus ``resume`` writes exactly what an uninterrupted run writes."""

from __future__ import annotations

import errno
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_fakes import FakeAnalyzer, write_mixed_folder

from sentiment.batch import OutputError, journal_path, read_journal, run_batch
from sentiment.batch import journal as journal_module
from sentiment.batch import writers as writers_module

TESTS = Path(__file__).resolve().parent


@pytest.fixture()
def mixed(tmp_path: Path) -> tuple[Path, dict[str, str | None]]:
    root = tmp_path / "notes"
    return root, write_mixed_folder(root)


def records(out: Path) -> dict[str, dict]:
    return {r["path"]: r for r in map(json.loads, out.read_text().splitlines())}


def outputs(out: Path) -> dict[str, bytes]:
    """Every file a run wrote next to ``out`` (side tables too), by name without the stem."""
    return {
        p.name.replace(out.stem, "OUT"): p.read_bytes()
        for p in out.parent.iterdir()
        if p.name.startswith(out.stem)
    }


def test_every_broken_file_is_a_record_with_its_reason(mixed, tmp_path: Path) -> None:
    root, expected = mixed
    out = tmp_path / "s.jsonl"
    summary = run_batch(FakeAnalyzer(), root, out, chunk_size=4)
    found = records(out)
    assert list(found) == list(expected)  # sorted, the symlink loop not followed
    for path, error in expected.items():
        if error is None:
            assert found[path]["error"] is None and found[path]["label"], path
        else:
            assert error in found[path]["error"], path
    assert found["bad/script.html"]["format"] == "html"
    assert summary.failed == sum(e is not None for e in expected.values())
    assert summary.failures["PDF has no text layer on any of its N page(s)"] == 1


def test_a_200_mb_text_file_is_refused_unread(tmp_path: Path) -> None:
    root = tmp_path / "n"
    root.mkdir()
    (root / "a.txt").write_text("good results.")
    with (root / "huge.txt").open("wb") as handle:
        for _ in range(200):
            handle.write(b"Revenue rose 5% at $AAPL.\n" * 40330)  # 1 MB
    started = time.perf_counter()
    summary = run_batch(FakeAnalyzer(), root, tmp_path / "s.jsonl")
    assert time.perf_counter() - started < 10
    assert summary.failures == {"N MB file is over the N MB limit": 1}
    assert records(tmp_path / "s.jsonl")["huge.txt"]["error"].endswith(
        "200.0 MB file is over the 64.0 MB limit"
    )


def test_unreadable_file_is_a_record(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "n"
    root.mkdir()
    for name in ("a.txt", "secret.txt"):
        (root / name).write_text("good results.")
    real_open = Path.open

    def guarded(self: Path, *args, **kwargs):
        if self.name == "secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    run_batch(FakeAnalyzer(), root, tmp_path / "s.jsonl")
    found = records(tmp_path / "s.jsonl")
    assert found["secret.txt"]["error"] == f"{root / 'secret.txt'}: permission denied"
    assert found["a.txt"]["label"] == "positive"


def test_files_that_vanish_or_change_during_the_run(tmp_path: Path) -> None:
    root = tmp_path / "n"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / name).write_text("good results.")

    def meddle(done: int, total: int) -> None:
        if done == 1:
            (root / "b.txt").unlink()
            (root / "c.txt").write_text("bad bad results.")

    summary = run_batch(
        FakeAnalyzer(), root, tmp_path / "s.jsonl", chunk_size=1, on_progress=meddle
    )
    found = records(tmp_path / "s.jsonl")
    assert found["b.txt"]["error"] == f"{root / 'b.txt'}: no such file"
    assert found["c.txt"]["label"] == "negative"  # the content that was read, and its hash:
    assert found["c.txt"]["doc_id"] != found["a.txt"]["doc_id"].replace("a.txt", "c.txt")
    assert (summary.scored, summary.failed) == (2, 1)


@pytest.fixture()
def deadline():
    """Fail instead of hanging when a test blocks (opening a FIFO waits for a writer)."""

    def expire(signum: int, frame: object) -> None:
        pytest.fail("blocked: a special file was opened")  # not an OSError: nothing catches it

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def make_socket(path: Path) -> None:
    """A Unix socket file at ``path`` (bound by its relative name: tmp paths can pass the
    108-byte limit of a socket address)."""
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(path.name)
    finally:
        os.chdir(here)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and devices are POSIX")
@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (os.mkfifo, "FIFO"),
        (make_socket, "socket"),
        (lambda p: p.symlink_to("/dev/zero"), "character device"),
    ],
    ids=["fifo", "socket", "link-to-dev-zero"],
)
def test_special_files_are_records_and_never_opened(
    tmp_path: Path, deadline, make, kind: str
) -> None:
    root = tmp_path / "n"
    root.mkdir()
    (root / "a.txt").write_text("good results.")
    make(root / "special.txt")
    # a small limit, so a regression reads a megabyte of /dev/zero, not the whole memory
    summary = run_batch(FakeAnalyzer(), root, tmp_path / "s.jsonl", max_bytes=2**20)
    found = records(tmp_path / "s.jsonl")
    assert found["special.txt"]["error"] == f"{root / 'special.txt'}: not a regular file ({kind})"
    assert found["a.txt"]["label"] == "positive"
    assert summary.failures == {"not a regular file": 1}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_resume_does_not_open_a_file_that_became_a_fifo(tmp_path: Path, deadline) -> None:
    root = tmp_path / "n"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).write_text("good results.")
    out = tmp_path / "s.jsonl"
    run_batch(FakeAnalyzer(), root, out)
    (root / "b.txt").unlink()
    os.mkfifo(root / "b.txt")
    summary = run_batch(FakeAnalyzer(), root, out, resume=True)
    assert (summary.skipped, summary.failed) == (1, 1)
    assert records(out)["b.txt"]["error"].endswith("not a regular file (FIFO)")


@pytest.mark.parametrize(
    ("suffix", "claims", "stop_after"),
    [(".jsonl", False, 1), (".csv", True, 3), (".parquet", True, 2)],
)
def test_interrupt_then_resume_equals_one_run(
    analyzer, mixed, tmp_path: Path, suffix: str, claims: bool, stop_after: int
) -> None:
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    root, _ = mixed
    whole, parts = tmp_path / "whole" / f"s{suffix}", tmp_path / "parts" / f"s{suffix}"
    run_batch(analyzer, root, whole, chunk_size=3, claims=claims)

    def interrupt(done: int, total: int) -> None:
        if done >= 3 * stop_after:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(analyzer, root, parts, chunk_size=3, claims=claims, on_progress=interrupt)
    kept = read_journal(journal_path(parts))
    assert not parts.exists() and len(kept) == 3 * stop_after
    summary = run_batch(analyzer, root, parts, chunk_size=3, claims=claims, resume=True)
    assert summary.skipped == sum(r.ok for r in kept)
    assert outputs(parts) == outputs(whole)
    assert not journal_path(parts).exists()


def test_resume_after_a_finished_run_scores_only_new_and_changed(tmp_path: Path) -> None:
    root = tmp_path / "n"
    root.mkdir()
    for name in ("a.txt", "b.txt", "c.txt", "empty.txt"):
        (root / name).write_text("good." if name != "empty.txt" else "")
    out = tmp_path / "s.csv"
    run_batch(FakeAnalyzer(), root, out)
    (root / "b.txt").write_text("bad.")
    (root / "d.txt").write_text("good news.")
    (root / "c.txt").unlink()
    analyzer = FakeAnalyzer()
    summary = run_batch(analyzer, root, out, resume=True)
    assert (summary.skipped, summary.scored, summary.failed, summary.total) == (1, 2, 1, 4)
    assert analyzer.one_calls == 2  # b (changed) and d (new); a skipped, empty retried
    fresh = tmp_path / "fresh" / "s.csv"
    run_batch(FakeAnalyzer(), root, fresh)
    assert outputs(out) == outputs(fresh)


def fail_on_call(number: int):
    """A stand-in for os.fsync that reports a full disk on its ``number``-th call."""
    calls = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == number:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    return fsync


def test_full_disk_while_journaling_then_resume(mixed, tmp_path: Path, monkeypatch) -> None:
    root, _ = mixed
    out = tmp_path / "s.jsonl"
    out.write_text("old\n")
    monkeypatch.setattr(journal_module.os, "fsync", fail_on_call(3))
    with pytest.raises(OutputError, match="s.jsonl.partial: cannot write \\(No space left"):
        run_batch(FakeAnalyzer(), root, out, chunk_size=4)
    monkeypatch.undo()
    assert out.read_text() == "old\n"
    assert len(read_journal(journal_path(out))) >= 8  # two chunks were forced to disk
    run_batch(FakeAnalyzer(), root, out, chunk_size=4, resume=True)
    whole = tmp_path / "whole" / "s.jsonl"
    run_batch(FakeAnalyzer(), root, whole, chunk_size=4)
    assert out.read_bytes() == whole.read_bytes()


def test_full_disk_on_the_output_keeps_everything(mixed, tmp_path: Path, monkeypatch) -> None:
    root, expected = mixed
    out = tmp_path / "s.csv"
    out.write_text("old\n")
    monkeypatch.setattr(writers_module, "_fsync", fail_on_call(1))
    with pytest.raises(OutputError, match="s.csv: cannot write \\(No space left on device\\)"):
        run_batch(FakeAnalyzer(), root, out)
    monkeypatch.undo()
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes", "s.csv", "s.csv.partial"]
    analyzer = FakeAnalyzer()
    summary = run_batch(analyzer, root, out, resume=True)
    assert analyzer.many_calls == [] and summary.skipped == len(expected) - summary.failed


def test_kill_9_mid_run_then_resume(mixed, tmp_path: Path) -> None:
    root, expected = mixed
    out = tmp_path / "s.jsonl"
    script = TESTS / "batch_fakes.py"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    process = subprocess.Popen([sys.executable, str(script), str(root), str(out), "0.2"], env=env)
    journal = journal_path(out)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if journal.exists() and len(read_journal(journal)) >= 4:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert not out.exists()
    kept = read_journal(journal)
    assert 4 <= len(kept) < len(expected)
    analyzer = FakeAnalyzer()
    summary = run_batch(analyzer, root, out, chunk_size=1, resume=True)
    whole = tmp_path / "whole" / "s.jsonl"
    run_batch(FakeAnalyzer(), root, whole, chunk_size=1)
    assert out.read_bytes() == whole.read_bytes()
    assert summary.skipped == sum(r.ok for r in kept)  # what was finished is not scored again


def test_two_workers_write_the_same_output_as_one(mixed, tmp_path: Path) -> None:
    root, _ = mixed
    one, two = tmp_path / "one" / "s.jsonl", tmp_path / "two" / "s.jsonl"
    alone = run_batch(FakeAnalyzer(), root, one, chunk_size=2)
    summary = run_batch(FakeAnalyzer(), root, two, chunk_size=2, workers=2)
    assert two.read_bytes() == one.read_bytes()
    assert (summary.scored, summary.failed, summary.failures) == (
        alone.scored,
        alone.failed,
        alone.failures,
    )
