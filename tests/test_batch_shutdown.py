"""A batch stopped by a signal leaves no process behind (issue 23, "leaked workers").

``sentiment batch --workers 2`` runs in a subprocess with a slow fake model; once its
workers are busy, the main process gets SIGKILL, SIGTERM, SIGHUP or SIGINT. Every process
it started (the two workers and multiprocessing's resource tracker) must be gone within a
bounded time, and a catchable signal must give the Ctrl-C message and 128 + its number.
Processes are found through /proc (Linux).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sentiment.batch import journal_path, read_journal
from sentiment.interrupts import Interrupted, exit_code, stop_on_signals

TESTS = Path(__file__).resolve().parent
PROC = Path("/proc")
# The CLI with the model swapped for the slow fake of batch_fakes (importable by the workers),
# run as from a terminal: Ctrl-C at Python's default even where the tests run as a background
# job, whose children start with SIGINT ignored (and rightly stay deaf to it).
LAUNCH = (
    "import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "import sys, batch_fakes, sentiment.cli as cli; "
    "cli._analyzer = lambda model=None, band=0.15, *options: batch_fakes.FakeAnalyzer(delay=0.4); "
    "sys.argv = ['sentiment', *sys.argv[1:]]; cli.app()"
)
START_SECONDS = 60  # spawning two workers on a loaded machine
GONE_SECONDS = 10  # a parent-death signal is immediate; the watching thread polls twice a second

needs_proc = pytest.mark.skipif(
    not (PROC / "self" / "stat").exists(), reason="finds processes through /proc (Linux)"
)


def _stat(pid: int) -> list[str] | None:
    """Fields of /proc/PID/stat from the state on (state, ppid, pgrp, ...), or None."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def children(pid: int) -> dict[int, str]:
    """Live child processes of ``pid``: pid -> start time (to tell a reused pid apart)."""
    found = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields and int(fields[1]) == pid and fields[0] != "Z":
                found[int(entry.name)] = fields[19]
    return found


def alive(processes: dict[int, str]) -> list[str]:
    """Those of ``processes`` still running, each with its command line."""
    left = []
    for pid, started in processes.items():
        fields = _stat(pid)
        if fields and fields[19] == started and fields[0] != "Z":
            command = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
            left.append(f"{pid} {command.decode(errors='replace')[:120]}")
    return left


@pytest.fixture()
def notes(tmp_path: Path) -> Path:
    root = tmp_path / "notes"
    root.mkdir()
    for n in range(40):
        (root / f"note-{n:02d}.txt").write_text(f"good results for $NVDA, note {n}.")
    return root


@needs_proc
@pytest.mark.parametrize(
    ("signum", "code"),
    [(signal.SIGKILL, -signal.SIGKILL), (signal.SIGTERM, 143), (signal.SIGHUP, 129)]
    + [(signal.SIGINT, 130)],
    ids=["kill-9", "term", "hup", "int"],
)
def test_no_process_outlives_a_stopped_batch(
    notes: Path, tmp_path: Path, signum: int, code: int
) -> None:
    out = tmp_path / "o.jsonl"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
    }
    command = [sys.executable, "-c", LAUNCH, "batch", str(notes), "-o", str(out)]
    process = subprocess.Popen(
        [*command, "--workers", "2", "--chunk-size", "1"],
        env=env,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, so cleanup below cannot hit pytest
    )
    try:
        started = _wait_for_busy_workers(process, out)
        assert all(_stat(pid)[2] == str(process.pid) for pid in started), "not in its group"
        process.send_signal(signum)
        _, stderr = process.communicate(timeout=GONE_SECONDS)
        deadline = time.monotonic() + GONE_SECONDS
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(started), f"outlived the run: {alive(started)}"
    finally:
        try:  # whatever outlived it is still in its group: leave nothing behind
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait(timeout=GONE_SECONDS)
    assert process.returncode == code
    assert not out.exists() and read_journal(journal_path(out))
    if signum != signal.SIGKILL:
        # The resource tracker may warn about the pool's semaphores after the run's last line,
        # and a dying child may print the end of its traceback there (its stderr is shared).
        text = stderr.decode()
        ours = [line for line in text.strip().splitlines() if not _tracker(line)]
        said = f"interrupted; finished records are in {journal_path(out)}: rerun with --resume"
        assert said in ours, text
        assert all(_child_noise(line) for line in ours[ours.index(said) + 1 :]), text


def _child_noise(line: str) -> bool:
    """A line of a child's traceback printed as the process group goes down (a closed pipe)."""
    return line.startswith(("Traceback", "  ", "Exception ignored")) or line.endswith(
        "[Errno 9] Bad file descriptor"
    )


def _tracker(line: str) -> bool:
    """A line of multiprocessing's resource-tracker warning (it ends in a source line)."""
    return "resource_tracker" in line or line.strip().startswith("warnings.warn(")


def _wait_for_busy_workers(process: subprocess.Popen, out: Path) -> dict[int, str]:
    """The main process's children (two workers and the resource tracker) once two records
    are journaled (the workers are busy)."""
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        found = children(process.pid)
        if len(found) >= 3 and len(read_journal(journal_path(out))) >= 2:
            assert any("resource_tracker" in line for line in alive(found))
            return found
        time.sleep(0.05)
    pytest.fail(f"the batch did not get going (exit {process.poll()})")


def test_stop_signals_raise_interrupted_with_the_shells_exit_code() -> None:
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted) as caught, stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # interrupted at once: the handler runs before the next bytecode
    assert isinstance(caught.value, KeyboardInterrupt)
    assert exit_code(caught.value) == 143
    assert exit_code(KeyboardInterrupt()) == 130
    assert signal.getsignal(signal.SIGTERM) == before
