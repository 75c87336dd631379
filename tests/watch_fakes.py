"""Test helpers for the folder watcher: ``sentiment`` with a slow fake model, for the tests
that run ``sentiment watch`` in a subprocess (kill -9, SIGTERM).

Run as ``python tests/watch_fakes.py DELAY TRACE watch FOLDER --db ...``: each note takes
DELAY seconds to score, and its text is appended to the file TRACE when scoring starts, so
a test knows when the watcher is in the middle of a note.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from batch_fakes import FakeAnalyzer

from sentiment.results import DocumentSentiment


class SlowAnalyzer(FakeAnalyzer):
    """:class:`FakeAnalyzer` taking ``delay`` seconds a note, tracing each note it starts."""

    def __init__(self, delay: float, trace: Path) -> None:
        super().__init__()
        self.note_delay = delay
        self.trace = trace

    def analyze(self, text: str) -> DocumentSentiment:
        with self.trace.open("a", encoding="utf-8") as handle:
            handle.write(" ".join(text.split()) + "\n")
        time.sleep(self.note_delay)
        return super().analyze(text)


def main(delay: str, trace: str, *arguments: str) -> None:
    """``sentiment ARGUMENTS...`` with the slow fake model."""
    from sentiment import cli

    analyzer = SlowAnalyzer(float(delay), Path(trace))
    cli._analyzer = lambda model=None, *options, **named: analyzer
    sys.argv = ["sentiment", *arguments]
    cli.app()


if __name__ == "__main__":
    main(*sys.argv[1:])
