"""The journal: finished records, appended and flushed to disk as each chunk completes.

It lives next to the output as ``<output>.partial`` while a run is going on, and is removed
once the output is written. After a crash, ``kill -9`` or Ctrl-C it holds every record that
was finished; ``--resume`` reads it back. Each chunk is appended with one write followed by
``fsync``; a torn last line (the process died mid-write) is cut off when the journal is
opened again, so the journal is always a sequence of complete JSON lines.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from sentiment.batch.records import BatchRecord
from sentiment.batch.writers import OutputError

SUFFIX = ".partial"


def journal_path(output: str | os.PathLike[str]) -> Path:
    """Where the journal of ``output`` lives."""
    output = Path(output)
    return output.with_name(output.name + SUFFIX)


class Journal:
    """An append-only file of finished records (JSON lines, claims always included)."""

    def __init__(self, path: Path, *, keep: bool) -> None:
        """Open the journal at ``path``: continue it when ``keep``, else start it empty."""
        self.path = path
        self.appended = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if keep and path.exists():
                _cut_torn_tail(path)
                self._handle: BinaryIO = path.open("ab")
            else:
                self._handle = path.open("wb")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None

    def append(self, records: Iterable[BatchRecord]) -> None:
        """Append records and force them to disk (OutputError when that fails)."""
        data = b"".join(
            json.dumps(r.to_dict(claims=True), ensure_ascii=False).encode() + b"\n" for r in records
        )
        if not data:
            return
        try:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None
        self.appended += data.count(b"\n")

    def close(self) -> None:
        """Close the file (it stays on disk)."""
        try:
            self._handle.close()
        except OSError:
            pass  # a failed flush of nothing: every append was already forced to disk

    def remove(self) -> None:
        """Close and delete the journal (the output now holds everything)."""
        self.close()
        self.path.unlink(missing_ok=True)


def read_journal(path: str | os.PathLike[str]) -> list[BatchRecord]:
    """The complete records of a journal ([] when there is none); a torn line is skipped."""
    path = Path(path)
    if not path.exists():
        return []
    records = []
    for line in path.read_bytes().split(b"\n"):
        try:
            records.append(BatchRecord.from_dict(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            continue  # the torn tail of a killed run, or an empty line
    return records


def _cut_torn_tail(path: Path) -> None:
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
