"""Score a folder of notes: walk it, read each file, score in chunks, write one record a file.

The engine takes any object with ``analyze`` and ``analyze_many`` (see
:class:`SupportsAnalyze`), so it never imports the model itself and tests can pass a fake.
A file that cannot be read or scored becomes a record with ``error`` set; the others go on.

- :mod:`~sentiment.batch.walk`: the folder walk (globs, hidden files, symlink loops).
- :mod:`~sentiment.batch.scoring`: reading and scoring chunks, here or in processes.
- :mod:`~sentiment.batch.engine`: ``run_batch`` (journal, resume, summary), ``iter_folder``,
  ``check_output_path`` (fail before any work when the output cannot be written).
- :mod:`~sentiment.batch.writers`: JSONL, CSV and Parquet, atomic, loadable.
- :mod:`~sentiment.batch.journal`: finished records kept on disk while a run goes on, with the
  settings that made them (a resume with other settings raises ``ResumeError``).
- :mod:`~sentiment.batch.distributed`: the Ray engine (optional extra).
- :mod:`~sentiment.batch.frame`: scoring a DataFrame's text column.
"""

from __future__ import annotations

from sentiment.batch.engine import (
    BatchSummary,
    ResultSink,
    check_output_path,
    failure_reason,
    iter_folder,
    run_batch,
    run_settings,
)
from sentiment.batch.frame import analyze_frame
from sentiment.batch.journal import journal_path, read_journal
from sentiment.batch.records import BatchRecord, ClaimRow, TickerScore, record_from_result
from sentiment.batch.scoring import (
    FolderItem,
    LoadedNote,
    SupportsAnalyze,
    WorkerError,
    load_note,
)
from sentiment.batch.walk import DEFAULT_INCLUDE, iter_note_paths
from sentiment.batch.writers import OUTPUT_SUFFIXES, OutputError, load_records, write_records
from sentiment.errors import ResumeError

__all__ = [
    "DEFAULT_INCLUDE",
    "OUTPUT_SUFFIXES",
    "BatchRecord",
    "BatchSummary",
    "ClaimRow",
    "FolderItem",
    "LoadedNote",
    "OutputError",
    "ResumeError",
    "SupportsAnalyze",
    "TickerScore",
    "WorkerError",
    "analyze_frame",
    "check_output_path",
    "failure_reason",
    "iter_folder",
    "iter_note_paths",
    "journal_path",
    "load_note",
    "load_records",
    "read_journal",
    "record_from_result",
    "ResultSink",
    "run_batch",
    "run_settings",
    "write_records",
]
