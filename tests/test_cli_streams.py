"""Every command against every faulty stream, in a real process (issue 23, "tracebacks").

stdout full (/dev/full), stdout closed (``>&-``), stdin closed (``<&-``) and a reader that
has gone (broken pipe): one line ``error: ...`` on stderr (nothing for a broken pipe) and a
non-zero exit, never a traceback. The process runs the real entry point, ``cli.app()``, with
the FakeClassifier in place of the model so it starts in about a second.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
RUNNER = (
    "import sys\n"
    "from conftest import FakeClassifier\n"
    "from sentiment import Analyzer, cli\n"
    "cli._analyzer = lambda model=None, band=0.15, *options: Analyzer(\n"
    "    classifier=FakeClassifier(), neutral_band=band)\n"
    "sys.argv[0] = 'sentiment'\n"
    "cli.app()\n"
)
NOTE = "Apple (AAPL) beat estimates. $MSFT fell on weak guidance.\n"
CLOSED_STDOUT = "error: standard output is closed; redirect it to a file or /dev/null\n"
FULL_STDOUT = "error: cannot write to standard output: No space left on device\n"
CLOSED_STDIN = "error: <stdin>: standard input is closed; nothing to read\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("streams")
    (root / "notes").mkdir()
    (root / "notes" / "a.txt").write_text(NOTE)
    (root / "data").mkdir()
    (root / "data" / "s.jsonl").write_text(
        '{"text": "Sales rose strongly.", "label": "positive"}\n'
        '{"text": "Margins fell.", "label": "negative"}\n'
    )
    return {"note": root / "notes" / "a.txt", "notes": root / "notes", "data": root / "data"}


# name -> argument list; "{note}" etc. are filled from the files fixture.
COMMANDS = {
    "score": ["score", "{note}"],
    "score-stdin": ["score", "-"],
    "tickers": ["tickers", "{note}"],
    "claims": ["claims", "--format", "csv", "{note}"],
    "evaluate": ["evaluate", "--data", "{data}"],
    "batch": ["batch", "{notes}", "-o", "{out}"],
    "version": ["--version"],
    "help": ["--help"],
}
# Commands that write nothing to stdout: a full or broken stdout does not concern them.
SILENT = {"batch"}


def _args(name: str, files: dict[str, Path], tmp_path: Path) -> list[str]:
    values = {k: str(v) for k, v in files.items()} | {"out": str(tmp_path / "out.jsonl")}
    return [a.format(**values) for a in COMMANDS[name]]


def _env() -> dict[str, str]:
    path = os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def _run(args: list[str], *, stdout: object, close: tuple[int, ...] = ()) -> tuple[int, str]:

    def close_fds() -> None:
        for fd in close:
            os.close(fd)

    process = subprocess.run(
        [sys.executable, "-c", RUNNER, *args],
        input=None if 0 in close else NOTE.encode(),
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=_env(),
        timeout=120,
        preexec_fn=close_fds,
    )
    stderr = process.stderr.decode()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    return process.returncode, stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_stdout_full(name: str, files: dict[str, Path], tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        code, stderr = _run(_args(name, files, tmp_path), stdout=full)
    if name in SILENT:
        assert (code, stderr.count("error")) == (0, 0)
        assert (tmp_path / "out.jsonl").exists()
    else:
        assert (code, stderr) == (1, FULL_STDOUT)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_stdout_closed(name: str, files: dict[str, Path], tmp_path: Path) -> None:
    code, stderr = _run(_args(name, files, tmp_path), stdout=None, close=(1,))
    assert (code, stderr) == (1, CLOSED_STDOUT)
    assert not (tmp_path / "out.jsonl").exists()  # refused before anything ran


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_stdin_closed(name: str, files: dict[str, Path], tmp_path: Path) -> None:
    code, stderr = _run(_args(name, files, tmp_path), stdout=subprocess.DEVNULL, close=(0,))
    if name == "score-stdin":
        assert (code, stderr) == (1, CLOSED_STDIN)
    else:  # a command that does not read stdin does not care
        assert code == 0, stderr


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_broken_pipe_is_quiet(name: str, files: dict[str, Path], tmp_path: Path) -> None:
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first byte: every write is EPIPE
    try:
        code, stderr = _run(_args(name, files, tmp_path), stdout=write_end)
    finally:
        os.close(write_end)
    if name in SILENT:
        assert code == 0 and "error" not in stderr and (tmp_path / "out.jsonl").exists()
    else:
        assert (code, stderr) == (1, "")


@pytest.mark.parametrize("command", ["tickers", "claims"])
def test_head_of_a_long_output(command: str, tmp_path: Path) -> None:
    """``sentiment tickers long.txt | head -1``: the reader leaves mid-output."""
    long_note = tmp_path / "long.txt"
    long_note.write_text("Apple (AAPL) revenue rose 12% to $35.1 billion in Q3.\n" * 3000)
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, command, str(long_note)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    process.stdout = None  # communicate() then reads stderr alone
    try:
        _, stderr = process.communicate(timeout=120)
    finally:
        process.kill()
    assert first and (process.returncode, stderr.decode()) == (1, "")


def test_stderr_closed_is_refused(files: dict[str, Path], tmp_path: Path) -> None:
    """With descriptor 2 closed, the batch output file would take its number and receive the
    progress bar; the command refuses to start (exit 1, no message possible)."""
    process = subprocess.run(
        [sys.executable, "-c", RUNNER, *_args("batch", files, tmp_path)],
        stdout=subprocess.PIPE,
        env=_env(),
        timeout=120,
        preexec_fn=lambda: os.close(2),
    )
    assert (process.returncode, process.stdout) == (1, b"")
    assert not (tmp_path / "out.jsonl").exists()
