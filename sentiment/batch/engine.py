"""``run_batch``: walk, skip what is done, score (here, in processes or on Ray), write.

Crash safety: finished records go to a journal (``<output>.partial``) chunk by chunk, each
forced to disk; the output itself is written atomically only when every file has a record,
then the journal is removed. So a crash, Ctrl-C or ``kill -9`` never leaves a corrupt output,
and ``resume=True`` continues from the journal (and from a finished output: only new or
changed files are scored) to the same output an uninterrupted run writes. The journal
records the run's settings (:func:`run_settings`); resuming with other ones raises
``ResumeError`` unless ``force=True``, which starts over.

A ``sink`` (the research desk's note library) also receives each chunk's full results, in
this process, once the journal holds their records.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sentiment import __version__
from sentiment.batch.journal import Journal, check_resumable, journal_path, read_journal
from sentiment.batch.records import BatchRecord, relative_name
from sentiment.batch.scoring import (
    FolderItem,
    SupportsAnalyze,
    chunked,
    file_id,
    item_to_record,
    iter_local,
    iter_processes,
    score_chunk,
    score_records,
)
from sentiment.batch.walk import DEFAULT_INCLUDE, iter_note_paths
from sentiment.batch.writers import (
    OutputError,
    check_output,
    load_records,
    output_files,
    write_records,
)
from sentiment.deprecation import renamed
from sentiment.errors import InputError
from sentiment.readers import DEFAULT_MAX_BYTES

ENGINES: tuple[str, ...] = ("local", "ray")
ProgressCallback = Callable[[int, int], None]
_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


class ResultSink(Protocol):
    """Where a batch also keeps full results (``sentiment.desk.library.LibrarySink``)."""

    def store(self, root: Path, items: list[FolderItem]) -> None:
        """Keep one chunk's items (scored or failed; failed ones are the sink's to skip)."""
        ...

    def holds(self, doc_id: str) -> bool:
        """Whether the result of this content is kept already (else resume scores it again)."""
        ...


@dataclass(frozen=True)
class BatchSummary:
    """What a run did: files scored now, failed, skipped (already done), the total, how
    long, where to, and the failures counted by reason."""

    scored: int
    failed: int
    total: int
    seconds: float
    output: Path
    skipped: int = 0
    failures: dict[str, int] = field(default_factory=dict)

    @property
    def docs_per_second(self) -> float:
        """Files read and scored (or failed) by this run per second of wall time."""
        return (self.scored + self.failed) / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            **asdict(self),
            "output": str(self.output),
            "docs_per_second": round(self.docs_per_second, 3),
        }


def run_batch(
    analyzer: SupportsAnalyze,
    root: str | os.PathLike[str],
    output: str | os.PathLike[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    chunk_size: int = 16,
    workers: int = 1,
    engine: str = "local",
    resume: bool = False,
    claims: bool = False,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    ray_address: str | None = None,
    on_progress: ProgressCallback | None = None,
    batch_size: int | None = None,
    force: bool = False,
    sink: ResultSink | None = None,
) -> BatchSummary:
    """Score every matching file under ``root`` and write one record per file to ``output``.

    ``output``'s suffix picks the format (``.jsonl``, ``.csv``, ``.parquet``; see
    :mod:`sentiment.batch.writers`); records are in the sorted order of
    :func:`iter_note_paths`, whatever the engine. Files are read and scored in chunks of
    ``chunk_size`` (formerly ``batch_size``). ``workers`` > 1 scores in that many
    processes (``engine="local"``) or Ray actors (``engine="ray"``, at ``ray_address`` or
    the cluster Ray finds itself; a local one when there is none). ``resume`` skips files
    whose content hash matches a successful record of the journal or of the output; it
    raises ResumeError, before anything is written, when the journal was made with other
    settings (see :func:`run_settings`) or predates their recording. ``force`` starts over
    (the journal and the finished output are ignored, then replaced), even with ``resume``.
    ``claims`` keeps each document's claims. ``on_progress(done, total)`` is called before
    the first file and after each chunk. ``sink`` also gets every chunk's full results
    (local engine only); with ``resume``, a file whose record is done but whose result the
    sink lacks is scored again. Raises InputError for bad arguments or no files,
    OutputError when the output cannot be written; per-file problems become records;
    the sink's errors stop the run with the finished records kept in the journal.
    """
    started = time.perf_counter()
    chunk_size = renamed(chunk_size, batch_size, old="batch_size", new="chunk_size")
    out, base = check_output_path(output, claims), Path(root)
    _check_arguments(chunk_size, workers, engine)
    if sink is not None and engine != "local":
        raise InputError("keeping full results (a library) works with the local engine only")
    paths = _input_paths(base, out, include, exclude)
    resume = resume and not force
    settings = run_settings(analyzer, include, exclude, claims, max_bytes)
    if resume:
        check_resumable(journal_path(out), settings)
    done = _resumable(base, out, paths, claims) if resume else {}
    if sink is not None:
        done = {rel: r for rel, r in done.items() if sink.holds(r.doc_id)}
    todo = [p for p in paths if relative_name(base, p) not in done]
    journal = Journal(journal_path(out), keep=resume, settings=settings)
    fresh = _score_into(
        journal,
        analyzer,
        base,
        todo,
        len(paths),
        on_progress,
        chunk_size=chunk_size,
        workers=workers,
        engine=engine,
        max_bytes=max_bytes,
        ray_address=ray_address,
        sink=sink,
    )
    records = [done.get(rel) or fresh[rel] for rel in (relative_name(base, p) for p in paths)]
    write_records(out, records, claims)
    journal.remove()
    failed = [r for r in records if not r.ok]
    return BatchSummary(
        scored=sum(r.ok for r in fresh.values()),
        failed=len(failed),
        total=len(paths),
        seconds=time.perf_counter() - started,
        output=out,
        skipped=len(done),
        failures=dict(Counter(failure_reason(base, r) for r in failed).most_common()),
    )


def run_settings(
    analyzer: SupportsAnalyze,
    include: Sequence[str],
    exclude: Sequence[str],
    claims: bool,
    max_bytes: int | None,
) -> dict[str, Any]:
    """Everything that changes a batch record, as plain values: the package version, the
    analyzer's ``result_settings()`` (model folder and fingerprint, neutral band...; an
    analyzer without that method is named by its class) and the run's options.

    Options that change only how the work is done (workers, engine, chunk size) are left
    out: they give the same records.
    """
    describe_settings = getattr(analyzer, "result_settings", None)
    if describe_settings is not None:
        analyzer_settings = dict(describe_settings())
    else:
        kind = type(analyzer)
        analyzer_settings = {"analyzer": kind.__qualname__}  # its module may be __main__
    return {
        "version": __version__,
        **analyzer_settings,
        "claims": claims,
        "include": list(include),
        "exclude": list(exclude),
        "max_bytes": max_bytes,
    }


def iter_folder(
    analyzer: SupportsAnalyze,
    root: str | os.PathLike[str],
    *,
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    chunk_size: int = 16,
    workers: int = 1,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    batch_size: int | None = None,
) -> Iterator[FolderItem]:
    """Yield a :class:`FolderItem` (full result or error) per matching file, in sorted order;
    files are scored in chunks of ``chunk_size`` (formerly ``batch_size``)."""
    chunk_size = renamed(chunk_size, batch_size, old="batch_size", new="chunk_size")
    return _iter_items(analyzer, Path(root), include, exclude, chunk_size, workers, max_bytes)


def _iter_items(
    analyzer: SupportsAnalyze,
    base: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    chunk_size: int,
    workers: int,
    max_bytes: int | None,
) -> Iterator[FolderItem]:
    _check_arguments(chunk_size, workers, "local")
    chunks = chunked(list(iter_note_paths(base, include, exclude)), chunk_size)
    if workers > 1:
        batches = iter_processes(score_chunk, analyzer, base, chunks, max_bytes, workers)
    else:
        batches = iter_local(score_chunk, analyzer, base, chunks, max_bytes)
    for items in batches:
        yield from items


def failure_reason(root: Path, record: BatchRecord) -> str:
    """The kind of a failure, for counting: the error without path, details or numbers."""
    error = record.error or ""
    prefix = f"{root / record.path}: "
    reason = error[len(prefix) :] if error.startswith(prefix) else error
    return _NUMBERS.sub("N", reason.split(" (")[0])


def check_output_path(output: str | os.PathLike[str], claims: bool = False) -> Path:
    """``output`` as a Path, checked before any work: InputError for a format we do not
    write; OutputError when it, a CSV side table or the journal is a folder, or when its
    folder cannot be created or written to. Creates nothing.
    """
    out = Path(output)
    check_output(out)
    for path in [*output_files(out, claims), journal_path(out)]:
        if path.is_dir():
            raise OutputError(f"{path}: is a directory, not a file")
    _check_folder(out)
    return out


def _check_folder(out: Path) -> None:
    """OutputError unless the nearest existing folder above ``out`` is a writable folder."""
    for existing in out.parents:
        try:
            if existing.exists():
                break
        except OSError as exc:  # a parent we may not look into
            raise OutputError(f"{out}: cannot write ({exc.strerror or exc})") from None
    if not existing.is_dir():
        raise OutputError(f"{out}: cannot write ({existing} is not a folder)")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{out}: cannot write (permission denied in {existing})")


def _check_arguments(chunk_size: int, workers: int, engine: str) -> None:
    if chunk_size < 1:
        raise InputError(f"chunk size must be at least 1, got {chunk_size}")
    if workers < 1:
        raise InputError(f"workers must be at least 1, got {workers}")
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; use {' or '.join(ENGINES)}")


def _input_paths(
    base: Path, out: Path, include: Sequence[str], exclude: Sequence[str]
) -> list[Path]:
    """The files to score, without our own outputs and journal if they sit under ``base``."""
    ours = output_files(out, claims=True) + [journal_path(out)]
    paths = [p for p in iter_note_paths(base, include, exclude) if not _is_any(p, ours)]
    if not paths:
        raise InputError(f"{base}: no files match {', '.join(include)}")
    return paths


def _resumable(base: Path, out: Path, paths: list[Path], claims: bool) -> dict[str, BatchRecord]:
    """Successful earlier records whose file still has the same content, by relative path."""
    try:
        earlier = {r.path: r for r in load_records(out)}
    except (ValueError, KeyError, TypeError):
        earlier = {}  # an output we cannot read back: score everything again
    earlier.update({r.path: r for r in read_journal(journal_path(out))})
    keep = {}
    for path in paths:
        rel = relative_name(base, path)
        record = earlier.get(rel)
        if record is None or not record.ok or (claims and None in (record.claims, record.figures)):
            continue
        if file_id(base, path) == record.doc_id:
            keep[rel] = record
    return keep


def _score_into(
    journal: Journal,
    analyzer: SupportsAnalyze,
    base: Path,
    todo: list[Path],
    total: int,
    on_progress: ProgressCallback | None,
    **options: Any,
) -> dict[str, BatchRecord]:
    """Score ``todo``, appending each chunk's records to the journal; records by path."""
    fresh: dict[str, BatchRecord] = {}
    done = total - len(todo)
    _report(on_progress, done, total)
    sink: ResultSink | None = options.pop("sink", None)
    batches = _batches(analyzer, base, todo, full=sink is not None, **options)
    try:
        for chunk in batches:
            records = [item_to_record(i) for i in chunk] if sink is not None else chunk
            journal.append(records)
            if sink is not None:
                sink.store(base, chunk)
            fresh.update((r.path, r) for r in records)
            done += len(records)
            _report(on_progress, done, total)
    except BaseException:
        # Stop the engine now (worker processes, Ray actors), not when the generator is
        # collected: the traceback keeps it alive while the exception travels up.
        getattr(batches, "close", lambda: None)()
        journal.close()
        if not journal.holds_records:
            journal.path.unlink(missing_ok=True)  # nothing finished: leave nothing behind
        raise
    return fresh


def _batches(
    analyzer: SupportsAnalyze,
    base: Path,
    todo: list[Path],
    *,
    chunk_size: int,
    workers: int,
    engine: str,
    max_bytes: int | None,
    ray_address: str | None,
    full: bool = False,
) -> Iterator[list[Any]]:
    """Each chunk's records; its :class:`FolderItem` (full results) when ``full``."""
    chunks = chunked(todo, chunk_size)
    if not chunks:
        return iter(())
    if engine == "ray":
        from sentiment.batch.distributed import iter_ray

        return iter_ray(
            analyzer, base, chunks, max_bytes=max_bytes, workers=workers, address=ray_address
        )
    scorer = score_chunk if full else score_records
    if workers > 1:
        return iter_processes(scorer, analyzer, base, chunks, max_bytes, workers)
    return iter_local(scorer, analyzer, base, chunks, max_bytes)


def _is_any(path: Path, others: list[Path]) -> bool:
    for other in others:
        try:
            if other.exists() and path.samefile(other):
                return True
        except OSError:
            continue
    return False


def _report(on_progress: ProgressCallback | None, done: int, total: int) -> None:
    if on_progress is not None:
        on_progress(done, total)
