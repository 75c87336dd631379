"""Stop signals as exceptions: SIGTERM and SIGHUP end a run the way Ctrl-C does.

Python turns SIGINT into ``KeyboardInterrupt``, so ``finally`` blocks run: a batch closes
its journal and stops its worker processes. SIGTERM (``kill``, a service manager, a batch
scheduler) and SIGHUP (the terminal closed) would otherwise end the process at once and
silently. Within :func:`stop_on_signals` they raise :class:`Interrupted`, a
``KeyboardInterrupt``, so every handler of Ctrl-C handles them too, and
:func:`exit_code` gives the shell's code for the signal: 128 + its number (130 for
Ctrl-C, 143 for SIGTERM, 129 for SIGHUP).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

STOP_SIGNALS: tuple[str, ...] = ("SIGTERM", "SIGHUP")


class Interrupted(KeyboardInterrupt):
    """A stop signal received while :func:`stop_on_signals` was active."""

    def __init__(self, signum: int) -> None:
        """``signum``: the signal's number."""
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def exit_code(interrupt: KeyboardInterrupt) -> int:
    """128 + the number of the signal that stopped the run (SIGINT for plain Ctrl-C)."""
    return 128 + getattr(interrupt, "signum", signal.SIGINT)


@contextmanager
def stop_on_signals(names: tuple[str, ...] = STOP_SIGNALS) -> Iterator[None]:
    """Within the block, the named signals raise :class:`Interrupted` in the main thread.

    The previous handlers come back afterwards. Signals this platform lacks (Windows has
    no SIGHUP) are skipped, and outside the main thread, where Python cannot set
    handlers, the block runs unchanged.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for name in names:
        number = getattr(signal, name, None)
        if number is not None:
            previous[number] = signal.signal(number, _raise_interrupted)
    try:
        yield
    finally:
        for number, handler in previous.items():
            # None: a handler not set from Python; the default is the closest we can restore
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def _raise_interrupted(signum: int, frame: FrameType | None) -> None:
    raise Interrupted(signum)
