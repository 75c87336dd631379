"""Score a folder of notes: walk it, read each file, score in batches, write one record a file.

The engine takes any object with ``analyze`` and ``analyze_many`` (see :class:`SupportsAnalyze`),
so it never imports the model itself and tests can pass a fake. A file that cannot be read or
scored becomes a record with ``error`` set; the others go on. Output is written to a temporary
file in the output's folder and moved into place with :func:`os.replace` only when every record
is written, so an interrupted run never leaves a half-written output behind.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import secrets
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any, Protocol, TextIO

from sentiment.errors import InputError, ModelError, ResourceError
from sentiment.readers import parse_document, read_bytes
from sentiment.results import DocumentSentiment

DEFAULT_INCLUDE: tuple[str, ...] = ("*.txt", "*.md")
OUTPUT_SUFFIXES: tuple[str, ...] = (".jsonl", ".csv")
CSV_COLUMNS: tuple[str, ...] = ("path", "doc_id", "label", "score", "tickers", "error")
_HASH_CHARS = 12
# Errors about the environment, not about one document: retrying document by document is useless.
_FATAL_ERRORS = (ModelError, ResourceError)

ProgressCallback = Callable[[int, int], None]


class SupportsAnalyze(Protocol):
    """What the batch engine needs from an analyzer (``sentiment.api.Analyzer`` fits)."""

    def analyze(self, text: str) -> DocumentSentiment:
        """Score one text."""
        ...

    def analyze_many(self, texts: list[str], batch_size: int = ...) -> list[DocumentSentiment]:
        """Score several texts, in order."""
        ...


@dataclass(frozen=True)
class TickerScore:
    """The per-ticker part of a batch record: symbol, label, score and mention count."""

    ticker: str
    label: str
    score: float
    mentions: int


@dataclass(frozen=True)
class BatchRecord:
    """One output row: a file (path relative to the root), its scores or why it failed."""

    path: str
    doc_id: str
    label: str | None = None
    score: float | None = None
    tickers: tuple[TickerScore, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict (tickers as a list of dicts)."""
        data = asdict(self)
        data["tickers"] = [asdict(t) for t in self.tickers]
        return data

    def to_csv_row(self) -> dict[str, Any]:
        """A flat row for CSV: tickers as ``"SYM:score;SYM:score"``, missing values empty."""
        tickers = ";".join(f"{t.ticker}:{t.score:.4f}" for t in self.tickers)
        row = {
            "path": self.path,
            "doc_id": self.doc_id,
            "label": self.label,
            "score": self.score,
            "tickers": tickers,
            "error": self.error,
        }
        return {k: ("" if v is None else v) for k, v in row.items()}


@dataclass(frozen=True)
class BatchSummary:
    """What a run did: how many files were scored, failed and seen, how long, and where to."""

    scored: int
    failed: int
    total: int
    seconds: float
    output: Path

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {**asdict(self), "output": str(self.output)}


def iter_note_paths(
    root: str | os.PathLike[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    *,
    include_hidden: bool = False,
) -> Iterator[Path]:
    """Yield the files under ``root`` that match ``include`` and not ``exclude``, sorted.

    Patterns are shell globs matched case-insensitively against the file name and against
    the path relative to ``root`` (``/``-separated; ``*`` also matches ``/``), so
    ``"*.md"``, ``"drafts/*"`` and ``"*/2023-*"`` all work. A directory whose relative path
    matches an exclude pattern (``"drafts"`` or ``"drafts/*"``) is not entered. Hidden
    (dot) files and folders are skipped unless ``include_hidden``. Directory symlinks are
    followed, but each real directory is walked once, so link loops end. The folder is
    walked and checked when this is called, not when the iterator is first used.
    """
    base = Path(root)
    if not base.exists():
        raise InputError(f"{base}: no such folder")
    if not base.is_dir():
        raise InputError(f"{base}: not a folder")
    found = _walk(base, tuple(include), tuple(exclude), include_hidden)
    return iter(sorted(found, key=lambda p: p.relative_to(base).parts))


def run_batch(
    analyzer: SupportsAnalyze,
    root: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    batch_size: int = 16,
    on_progress: ProgressCallback | None = None,
) -> BatchSummary:
    """Score every matching file under ``root`` and write one record per file to ``output``.

    ``output``'s suffix picks the format: ``.jsonl`` or ``.csv``. Records are in the order of
    :func:`iter_note_paths`. ``on_progress(done, total)`` is called once before the first file
    and after each batch. Raises InputError for an unknown output suffix, a missing root or
    no matching files; per-file problems become records with ``error`` set.
    """
    started = time.perf_counter()
    out = Path(output)
    write_row = _row_writer(out)
    if batch_size < 1:
        raise InputError(f"batch size must be at least 1, got {batch_size}")
    base = Path(root)
    paths = [p for p in iter_note_paths(base, include, exclude) if not _same_file(p, out)]
    if not paths:
        raise InputError(f"{base}: no files match {', '.join(include)}")
    failed = 0
    _report(on_progress, 0, len(paths))
    with _atomic_text_file(out) as handle:
        emit = write_row(handle)
        for done, chunk in _chunks(paths, batch_size):
            for record in _score_chunk(analyzer, base, chunk, batch_size):
                emit(record)
                failed += record.error is not None
            _report(on_progress, done, len(paths))
    scored = len(paths) - failed
    return BatchSummary(scored, failed, len(paths), time.perf_counter() - started, out)


def load_note(root: Path, path: Path) -> tuple[str, str, str | None, str | None]:
    """Read one file for a batch: ``(relative path, doc_id, text, error)``.

    ``doc_id`` is the relative path plus ``#`` and a short SHA-256 of the file's bytes, so an
    edited note gets a new id; a file that cannot be read at all gets the bare relative path.
    Exactly one of ``text`` and ``error`` is set.
    """
    rel = path.relative_to(root).as_posix()
    try:
        data = read_bytes(path)
    except InputError as exc:
        return rel, rel, None, str(exc)
    doc_id = f"{rel}#{hashlib.sha256(data).hexdigest()[:_HASH_CHARS]}"
    try:
        return rel, doc_id, parse_document(data, str(path)), None
    except InputError as exc:
        return rel, doc_id, None, str(exc)


def record_from_result(path: str, doc_id: str, result: DocumentSentiment) -> BatchRecord:
    """Flatten an analysis into a batch record."""
    tickers = tuple(TickerScore(t.ticker, t.label, t.score, t.mentions) for t in result.tickers)
    return BatchRecord(path, doc_id, result.label, result.score, tickers)


def _walk(
    base: Path, include: tuple[str, ...], exclude: tuple[str, ...], include_hidden: bool
) -> Iterator[Path]:
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(base, followlinks=True):
        here = Path(dirpath)
        stat = here.stat()
        if (stat.st_dev, stat.st_ino) in seen:  # reached again through a symlink
            dirnames[:] = []
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirnames[:] = [
            d for d in sorted(dirnames) if _keep_dir(base, here / d, exclude, include_hidden)
        ]
        for name in filenames:
            if name.startswith(".") and not include_hidden:
                continue
            path = here / name
            rel = path.relative_to(base).as_posix()
            if _matches(rel, include) and not _matches(rel, exclude):
                yield path


def _keep_dir(base: Path, path: Path, exclude: tuple[str, ...], include_hidden: bool) -> bool:
    if path.name.startswith(".") and not include_hidden:
        return False
    rel = path.relative_to(base).as_posix()
    return not (_matches(rel, exclude) or _matches(rel + "/", exclude))


def _matches(rel: str, patterns: tuple[str, ...]) -> bool:
    """True when a pattern matches the relative path or its last part, ignoring case."""
    rel = rel.lower()
    name = rel.rstrip("/").rsplit("/", 1)[-1]
    return any(fnmatchcase(rel, p.lower()) or fnmatchcase(name, p.lower()) for p in patterns)


def _same_file(path: Path, other: Path) -> bool:
    try:
        return other.exists() and path.samefile(other)
    except OSError:
        return False


def _chunks(paths: list[Path], size: int) -> Iterator[tuple[int, list[Path]]]:
    """Yield ``(files done after this chunk, chunk)``."""
    for start in range(0, len(paths), size):
        chunk = paths[start : start + size]
        yield start + len(chunk), chunk


def _score_chunk(
    analyzer: SupportsAnalyze, root: Path, chunk: list[Path], batch_size: int
) -> list[BatchRecord]:
    """Read and score one chunk of files; records come back in the chunk's order."""
    loaded = [load_note(root, path) for path in chunk]
    texts = [text for _, _, text, _ in loaded if text is not None]
    outcomes = iter(_analyze_all(analyzer, texts, batch_size))
    records = []
    for rel, doc_id, text, error in loaded:
        outcome = next(outcomes) if text is not None else error or "not read"
        if isinstance(outcome, DocumentSentiment):
            records.append(record_from_result(rel, doc_id, outcome))
        else:
            records.append(BatchRecord(rel, doc_id, error=outcome))
    return records


def _analyze_all(
    analyzer: SupportsAnalyze, texts: list[str], batch_size: int
) -> list[DocumentSentiment | str]:
    """Score texts in one call; if that fails, one by one so one bad text loses only itself.

    A failed text's slot holds its error message instead of a result.
    """
    if not texts:
        return []
    try:
        results = analyzer.analyze_many(texts, batch_size=batch_size)
        if len(results) == len(texts):
            return list(results)
    except _FATAL_ERRORS:
        raise
    except Exception:  # noqa: BLE001 - any failure falls back to scoring texts one by one
        pass
    return [_analyze_one(analyzer, text) for text in texts]


def _analyze_one(analyzer: SupportsAnalyze, text: str) -> DocumentSentiment | str:
    try:
        return analyzer.analyze(text)
    except _FATAL_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded in the output, the run goes on
        return _describe(exc)


def _describe(exc: Exception) -> str:
    """One line about an error: the message for our errors, the type too for others."""
    message = " ".join(str(exc).split())
    if isinstance(exc, InputError):
        return message or "input error"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def _report(on_progress: ProgressCallback | None, done: int, total: int) -> None:
    if on_progress is not None:
        on_progress(done, total)


RowWriter = Callable[[TextIO], Callable[[BatchRecord], None]]


def _row_writer(output: Path) -> RowWriter:
    """The writer for ``output``'s suffix; InputError for a suffix we cannot write."""
    suffix = output.suffix.lower()
    if suffix == ".jsonl":
        return _jsonl_rows
    if suffix == ".csv":
        return _csv_rows
    wanted = " or ".join(OUTPUT_SUFFIXES)
    raise InputError(f"{output}: unknown output format {suffix or '(no suffix)'!r}; use {wanted}")


def _jsonl_rows(handle: TextIO) -> Callable[[BatchRecord], None]:
    def emit(record: BatchRecord) -> None:
        handle.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")

    return emit


def _csv_rows(handle: TextIO) -> Callable[[BatchRecord], None]:
    writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
    writer.writeheader()

    def emit(record: BatchRecord) -> None:
        writer.writerow(record.to_csv_row())

    return emit


@contextmanager
def _atomic_text_file(output: Path) -> Iterator[TextIO]:
    """Yield a text file that replaces ``output`` only if the block finishes without error.

    The temporary file lives in the same folder (so ``os.replace`` is atomic) and is created
    with mode 0o666 minus the umask, like a normal file, not tempfile's private 0o600.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    temp = output.with_name(f".{output.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, output)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
