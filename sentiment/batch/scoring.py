"""Reading and scoring chunks of files, in this process or in a pool of worker processes.

Every engine scores the same chunks (``chunk_size`` consecutive files of the sorted list,
one ``analyze_many`` call each), so the model sees the same batches and results do not
depend on the engine or on workers.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from sentiment.batch.records import BatchRecord, record_from_result, relative_name
from sentiment.errors import InputError, ModelError, ResourceError, SentimentError
from sentiment.readers import extract_document, read_bytes
from sentiment.results import DocumentSentiment

HASH_CHARS = 12
# What a path may be instead of a regular file; opening a FIFO blocks until a writer comes,
# and a device (/dev/zero) never ends, so these are refused unopened.
SPECIAL_FILES: tuple[tuple[Callable[[int], bool], str], ...] = (
    (stat.S_ISFIFO, "FIFO"),
    (stat.S_ISSOCK, "socket"),
    (stat.S_ISCHR, "character device"),
    (stat.S_ISBLK, "block device"),
)
# Errors about the environment, not about one document: retrying document by document is useless.
FATAL_ERRORS = (ModelError, ResourceError)
# Linux's prctl option that sends the calling process a signal when its parent dies.
PR_SET_PDEATHSIG = 1
# How often a worker checks that the process that started it is still there (where the kernel
# cannot tell it), and how long stopping the pool waits for a terminated worker to exit.
PARENT_POLL_SECONDS = 0.5
STOP_SECONDS = 5.0
T = TypeVar("T")


class SupportsAnalyze(Protocol):
    """What the batch engine needs from an analyzer (``sentiment.api.Analyzer`` fits)."""

    def analyze(self, text: str) -> DocumentSentiment:
        """Score one text."""
        ...

    def analyze_many(self, texts: list[str]) -> list[DocumentSentiment]:
        """Score several texts, in order."""
        ...

    # Optional: ``result_settings() -> dict``, everything that changes the results (see
    # ``Analyzer.result_settings``); a batch journal records it to guard ``resume``.


class WorkerError(SentimentError):
    """A worker process died (killed, out of memory); finished records are kept."""


@dataclass(frozen=True)
class LoadedNote:
    """A file read for a batch: relative path, id, and either its text or why not."""

    path: str
    doc_id: str
    text: str | None = None
    format: str | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None


@dataclass(frozen=True)
class FolderItem:
    """What :func:`iter_folder` yields per file: the full result, or the error."""

    path: str
    doc_id: str
    result: DocumentSentiment | None
    format: str | None = None
    warnings: tuple[str, ...] = ()
    error: str | None = None


def content_id(rel: str, data: bytes) -> str:
    """``rel#`` plus the first 12 hex digits of the SHA-256 of ``data``."""
    return f"{rel}#{hashlib.sha256(data).hexdigest()[:HASH_CHARS]}"


def file_id(root: Path, path: Path) -> str | None:
    """The doc_id a file would get now (hashed in 1 MB blocks), or None if unreadable."""
    if special_kind(path) is not None:
        return None
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(2**20):
                digest.update(block)
    except OSError:
        return None
    return f"{relative_name(root, path)}#{digest.hexdigest()[:HASH_CHARS]}"


def load_note(root: Path, path: Path, max_bytes: int | None = None) -> LoadedNote:
    """Read one file for a batch. The id hashes the bytes actually read, so a file that
    changes during the run gets the id of the content that was scored."""
    rel = relative_name(root, path)
    kind = special_kind(path)
    if kind is not None:
        return LoadedNote(rel, rel, error=f"{path}: not a regular file ({kind})")
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except InputError as exc:
        return LoadedNote(rel, rel, error=str(exc))
    doc_id = content_id(rel, data)
    try:
        document = extract_document(data, str(path))
    except InputError as exc:
        return LoadedNote(rel, doc_id, error=str(exc))
    return LoadedNote(rel, doc_id, document.text, document.format, document.warnings)


def special_kind(path: Path) -> str | None:
    """What ``path`` is (symlinks followed) when it is a FIFO, socket or device, else None.

    None too when it cannot be examined: reading it then reports why (missing, a loop).
    """
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for is_kind, kind in SPECIAL_FILES if is_kind(mode)), None)


def score_chunk(
    analyzer: SupportsAnalyze, root: Path, chunk: Sequence[Path], max_bytes: int | None
) -> list[FolderItem]:
    """Read and score one chunk of files; items come back in the chunk's order."""
    notes = [load_note(root, path, max_bytes) for path in chunk]
    outcomes = iter(analyze_all(analyzer, [n.text for n in notes if n.text is not None]))
    items = []
    for note in notes:
        outcome = next(outcomes) if note.text is not None else note.error or "not read"
        result = outcome if isinstance(outcome, DocumentSentiment) else None
        error = None if result is not None else str(outcome)
        items.append(FolderItem(note.path, note.doc_id, result, note.format, note.warnings, error))
    return items


def item_to_record(item: FolderItem) -> BatchRecord:
    """The batch record of a scored (or failed) file."""
    if item.result is None:
        return BatchRecord(
            item.path, item.doc_id, error=item.error, format=item.format, warnings=item.warnings
        )
    return record_from_result(
        item.path, item.doc_id, item.result, format=item.format, warnings=item.warnings
    )


def score_records(
    analyzer: SupportsAnalyze, root: Path, chunk: Sequence[Path], max_bytes: int | None
) -> list[BatchRecord]:
    """:func:`score_chunk`, flattened to batch records."""
    return [item_to_record(i) for i in score_chunk(analyzer, root, chunk, max_bytes)]


def analyze_all(analyzer: SupportsAnalyze, texts: list[str]) -> list[DocumentSentiment | str]:
    """Score texts in one call; if that fails, one by one so one bad text loses only itself.

    A failed text's slot holds its error message instead of a result.
    """
    if not texts:
        return []
    try:
        results = analyzer.analyze_many(texts)
        if len(results) == len(texts):
            return list(results)
    except FATAL_ERRORS:
        raise
    except Exception:  # noqa: BLE001 - any failure falls back to scoring texts one by one
        pass
    return [_analyze_one(analyzer, text) for text in texts]


def _analyze_one(analyzer: SupportsAnalyze, text: str) -> DocumentSentiment | str:
    try:
        return analyzer.analyze(text)
    except FATAL_ERRORS:
        raise
    except Exception as exc:  # noqa: BLE001 - recorded in the output, the run goes on
        return describe(exc)


def describe(exc: BaseException) -> str:
    """One line about an error: the message for our errors, the type too for others."""
    message = " ".join(str(exc).split())
    if isinstance(exc, InputError):
        return message or "input error"
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def chunked(paths: Sequence[Path], size: int) -> list[list[Path]]:
    """Consecutive chunks of ``size`` paths (the last may be shorter)."""
    return [list(paths[i : i + size]) for i in range(0, len(paths), size)]


ChunkScorer = Callable[[Any, Path, Sequence[Path], "int | None"], list[T]]


def iter_local(
    scorer: ChunkScorer,
    analyzer: SupportsAnalyze,
    root: Path,
    chunks: list[list[Path]],
    max_bytes: int | None,
) -> Iterator[list[T]]:
    """Score the chunks one after another in this process."""
    for chunk in chunks:
        yield scorer(analyzer, root, chunk, max_bytes)


def iter_processes(
    scorer: ChunkScorer,
    analyzer: SupportsAnalyze,
    root: Path,
    chunks: list[list[Path]],
    max_bytes: int | None,
    workers: int,
) -> Iterator[list[T]]:
    """Score the chunks in ``workers`` processes, each holding its own copy of ``analyzer``
    (pickled: an Analyzer leaves its loaded model behind and each copy loads one, once, on
    first use); results come back in chunk order.

    Processes are spawned, not forked: forking a process that runs torch threads can hang.
    They stay in this process's group, ignore Ctrl-C (this process stops them) and exit
    when this process dies, even by ``kill -9`` (see :func:`_exit_with_parent`). When the
    caller stops early (an exception, Ctrl-C, closing this generator) the workers are
    terminated at once rather than left to finish chunks whose records nobody would keep.
    """
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_init_worker,
        initargs=(analyzer, max(1, (os.cpu_count() or 1) // workers), os.getpid()),
    )
    try:
        futures = [
            pool.submit(_score_in_worker, scorer, root, chunk, max_bytes) for chunk in chunks
        ]
        for future in futures:
            yield future.result()
    except BrokenProcessPool as exc:
        stop_pool(pool)
        raise WorkerError(f"a worker process died ({describe(exc)})") from None
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and terminate the workers (killed if they linger)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())
    for process in processes:
        process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    deadline = time.monotonic() + STOP_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


_worker_analyzer: SupportsAnalyze | None = None


def _init_worker(analyzer: SupportsAnalyze, threads: int, parent: int) -> None:
    global _worker_analyzer
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent(parent)
    # Share the cores: N workers each running torch on every core would thrash. Read by
    # torch when it is first imported, which happens later, in this worker; a value the
    # user set wins.
    os.environ.setdefault("OMP_NUM_THREADS", str(threads))
    os.environ.setdefault("MKL_NUM_THREADS", str(threads))
    _worker_analyzer = analyzer


def _exit_with_parent(parent: int) -> None:
    """Make this worker exit when ``parent`` (the process running the batch) dies.

    A parent killed with -9 cannot stop its workers, and they would go on under PID 1,
    each holding a model, with multiprocessing's resource tracker waiting on them. On
    Linux the kernel sends SIGKILL to the worker when its parent dies (``prctl``); on
    every POSIX system a daemon thread also checks the parent every half second (it is
    reparented when the parent dies). Windows has no reparenting to watch for.
    """
    if os.name != "posix":
        return
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # no prctl here: the watching thread still does the job
    if os.getppid() != parent:  # it died before we asked
        os._exit(1)
    threading.Thread(
        target=_watch_parent, args=(parent,), name="sentiment-parent-watch", daemon=True
    ).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _score_in_worker(
    scorer: ChunkScorer, root: Path, chunk: list[Path], max_bytes: int | None
) -> list[T]:
    assert _worker_analyzer is not None, "worker not initialised"
    return scorer(_worker_analyzer, root, chunk, max_bytes)
