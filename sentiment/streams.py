"""The command line's standard streams: a fault on any of them is one line, never a traceback.

* stdout or stderr closed when the command starts (``>&-``): refused before anything runs,
  with ``error: standard output is closed ...`` and exit 1. Every command writes to stdout
  (data, ``--help``, ``--version``), and with descriptor 1 closed the next file the process
  opens (a note, the model, a batch output) would take its number and receive stray writes.
* stdout that cannot be written (``> /dev/full``, a disk that fills, a revoked terminal):
  ``error: cannot write to standard output: <reason>`` and exit 1.
* a reader that goes away (``sentiment score note.txt | head -1``): exit 1 with nothing on
  stderr, as ``cat`` and ``grep`` do (the shell shows them 141; Python cannot die of SIGPIPE
  without risking the same silent death on its worker pipes, so the code is Click's 1).
* stdin closed (``sentiment score - <&-``) is the readers' business: ``read_stdin`` raises an
  InputError like any other unreadable input.

Any other OSError that escapes a command (the library turns the ones it expects into typed
errors) becomes ``error: <reason>`` too: it is a fault of the machine, not of this program.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Callable
from typing import Any

EXIT_FAILURE = 1
BROKEN_PIPE_EXIT = 1
"""Exit code when stdout's reader has gone away (Click's convention, kept for every path)."""


def closed_stream() -> str | None:
    """``"standard output"`` or ``"standard error"`` when that descriptor is closed, else None."""
    for name, stream, fd in (("standard output", sys.stdout, 1), ("standard error", sys.stderr, 2)):
        if stream is None:  # Python found the descriptor closed at start-up
            return name
        try:
            os.fstat(fd)
        except OSError:
            return name
    return None


def run_guarded(main: Callable[[], Any]) -> int:
    """Run a Click/Typer entry point; return its exit code with stream faults made one line.

    ``main`` is expected to end in SystemExit (standalone mode). Whatever is still buffered
    for stdout is flushed here, while a failure can still be reported, not by the
    interpreter at exit (which would print "Exception ignored ..." and exit 120).
    """
    closed = closed_stream()
    if closed is not None:
        return _fail(f"{closed} is closed; redirect it to a file or /dev/null", closed)
    try:
        main()
        code: int = 0
    except SystemExit as exit_:
        code = _exit_code(exit_.code)
    except OSError as exc:
        return _os_error(exc)
    try:
        sys.stdout.flush()
    except OSError as exc:
        return _os_error(exc)
    return code


def _os_error(exc: OSError) -> int:
    if _is_broken_pipe(exc):
        _silence_stdout()
        return BROKEN_PIPE_EXIT
    if _stdout_fails(exc):
        _silence_stdout()
        return _fail(f"cannot write to standard output: {_reason(exc)}")
    return _fail(_reason(exc) + (f": {exc.filename}" if exc.filename else ""))


def _is_broken_pipe(exc: OSError) -> bool:
    return isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE


def _stdout_fails(exc: OSError) -> bool:
    """Did ``exc`` come from writing stdout? Some frame it passed through held sys.stdout.

    (A failed write leaves nothing to retry, so the stream itself cannot be asked.)
    """
    streams = {id(sys.stdout), id(getattr(sys.stdout, "buffer", None))}
    rich = sys.modules.get("rich.console")
    tb = exc.__traceback__
    while tb is not None:
        for value in tb.tb_frame.f_locals.values():
            if rich is not None and isinstance(value, rich.Console):
                value = value.file  # Rich writes --help through its console
            if id(value) in streams:
                return True
        tb = tb.tb_next
    return False


def _silence_stdout() -> None:
    """Point descriptor 1 at /dev/null, so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def _fail(message: str, closed: str | None = None) -> int:
    if closed != "standard error" and sys.stderr is not None:
        try:
            sys.stderr.write(f"error: {message}\n")
            sys.stderr.flush()
        except OSError:
            pass  # stderr is gone too: the exit code is all that is left
    return EXIT_FAILURE


def _exit_code(code: Any) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    _fail(str(code))  # sys.exit("message") prints the message and exits 1
    return EXIT_FAILURE
