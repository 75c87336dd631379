"""The journal: finished records, appended and flushed to disk as each chunk completes.

It lives next to the output as ``<output>.partial`` while a run is going on, and is removed
once the output is written. After a crash, ``kill -9`` or Ctrl-C it holds every record that
was finished; ``--resume`` reads it back. Each chunk is appended with one write followed by
``fsync``; a torn last line (the process died mid-write) is cut off when the journal is
opened again, so the journal is always a sequence of complete JSON lines.

The first line is a header, ``{"sentiment_journal": 1, "settings": {...}}``: everything that
changes a record (the package version, the model's folder and fingerprint, the neutral band,
``claims``, the globs, the size limit; see ``sentiment.batch.engine.run_settings``).
:func:`check_resumable` refuses to continue a journal made with other settings, so a
resumed output never mixes records of two settings. A journal written before the header
existed is refused too: what made it is unknown.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from sentiment.batch.records import BatchRecord
from sentiment.batch.writers import OutputError
from sentiment.errors import ResumeError

SUFFIX = ".partial"
HEADER_KEY = "sentiment_journal"
HEADER_VERSION = 1


def journal_path(output: str | os.PathLike[str]) -> Path:
    """Where the journal of ``output`` lives."""
    output = Path(output)
    return output.with_name(output.name + SUFFIX)


class Journal:
    """An append-only file of finished records (JSON lines, claims always included) after
    a header line naming the settings they were made with."""

    def __init__(self, path: Path, *, keep: bool, settings: dict[str, Any]) -> None:
        """Open the journal at ``path``: continue it when ``keep`` (its settings checked
        beforehand with :func:`check_resumable`), else start it empty with ``settings``."""
        self.path = path
        self.appended = 0
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A journal without a header kept nothing (check_resumable refuses one with
            # records): it starts again, header first.
            self.kept = keep and path.exists() and journal_settings(path) is not None
            if self.kept:
                _cut_torn_tail(path)
                self._handle: BinaryIO = path.open("ab")
            else:
                self._handle = path.open("wb")
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None
        if not self.kept:
            self._write(_dumps({HEADER_KEY: HEADER_VERSION, "settings": settings}) + b"\n")

    @property
    def holds_records(self) -> bool:
        """Whether the file holds any record (one appended now, or one kept from before)."""
        return self.appended > 0 or (self.kept and bool(read_journal(self.path)))

    def append(self, records: Iterable[BatchRecord]) -> None:
        """Append records and force them to disk (OutputError when that fails)."""
        data = b"".join(_dumps(r.to_dict(claims=True)) + b"\n" for r in records)
        if not data:
            return
        self._write(data)
        self.appended += data.count(b"\n")

    def _write(self, data: bytes) -> None:
        try:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write ({exc.strerror or exc})") from None

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


def journal_settings(path: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The settings in a journal's header; None when it has no header (an older journal)."""
    try:
        with Path(path).open("rb") as handle:
            first = handle.readline()
    except OSError as exc:
        raise OutputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        header = json.loads(first)
    except ValueError:
        return None
    if not isinstance(header, dict) or HEADER_KEY not in header:
        return None
    return header.get("settings") or {}


def check_resumable(path: str | os.PathLike[str], settings: dict[str, Any]) -> None:
    """ResumeError unless the journal at ``path`` (if any) was made with ``settings``.

    The message names every setting that differs, old -> new; a journal without settings
    (written before they were recorded) is refused as well.
    """
    path = Path(path)
    if not path.exists():
        return
    old = journal_settings(path)
    if old is None and not read_journal(path):
        return  # no header and no record: a run that died before writing anything
    if old is None:
        raise ResumeError(
            f"{path} predates the check of resumed settings, so what made its records is "
            "unknown; start over with --force (force=True)"
        )
    new = json.loads(_dumps(settings))  # compare as the header will read back: lists, not tuples
    differences = {
        name: (old.get(name), new.get(name))
        for name in sorted({*old, *new})
        if old.get(name) != new.get(name)
    }
    if differences:
        raise ResumeError(
            f"{path} was made with other settings: "
            + ", ".join(f"{name} {_text(a)} -> {_text(b)}" for name, (a, b) in differences.items())
            + "; resume with the same ones, or start over with --force (force=True)",
            differences,
        )


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, default=str).encode()


def _text(value: Any) -> str:
    return "unset" if value is None else json.dumps(value, ensure_ascii=False, default=str)


def _cut_torn_tail(path: Path) -> None:
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end != len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
