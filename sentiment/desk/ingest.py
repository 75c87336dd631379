"""Files into the note library: one file (``Library.add_file``), files and folders
(``sentiment add``), and a batch's results (``sentiment batch --db``, :class:`LibrarySink`).

Files are read and scored by the batch readers and scorer, so a note gets the same id and
scores whichever way it came in; its date and title come from :mod:`sentiment.desk.dates`.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sentiment.batch.records import relative_name
from sentiment.batch.scoring import FolderItem, chunked, content_id, score_chunk
from sentiment.batch.walk import DEFAULT_INCLUDE, iter_note_paths
from sentiment.desk.dates import note_facts
from sentiment.desk.library import AddOutcome, Library
from sentiment.errors import InputError
from sentiment.readers import DEFAULT_MAX_BYTES, DocumentText, extract_document, read_bytes
from sentiment.results import DocumentSentiment

CHUNK_SIZE = 16
ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class AddSummary:
    """What adding files did: counts by status (added, replaced, unchanged) and the files
    that could not be read or scored, with why."""

    counts: dict[str, int] = field(default_factory=dict)
    failed: tuple[tuple[str, str], ...] = ()

    @property
    def total(self) -> int:
        """Files looked at."""
        return sum(self.counts.values()) + len(self.failed)

    def to_dict(self) -> dict[str, Any]:
        """A plain, JSON-able dict."""
        return {
            "added": self.counts.get("added", 0),
            "replaced": self.counts.get("replaced", 0),
            "unchanged": self.counts.get("unchanged", 0),
            "failed": [{"path": p, "error": e} for p, e in self.failed],
        }


def add_file(
    library: Library,
    path: Path,
    analyzer: Any,
    *,
    root: str | Path | None = None,
    max_bytes: int | None = None,
) -> AddOutcome:
    """See :meth:`Library.add_file`."""
    rel = relative_name(Path(root).resolve(), path.resolve()) if root else path.name
    data = read_bytes(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    doc_id = content_id(rel, data)
    if library.stored(doc_id, source_of(path), hashlib.sha256(data).hexdigest()):
        return AddOutcome("unchanged", doc_id)
    document = extract_document(data, str(path))
    result = analyzer.analyze(document.text)
    return store_scored(library, path, result, doc_id, data, analyzer, document)


def store_scored(
    library: Library,
    path: Path,
    result: DocumentSentiment,
    doc_id: str,
    data: bytes,
    analyzer: Any,
    document: DocumentText | None = None,
) -> AddOutcome:
    """Store ``result``, the scores of ``data`` (the bytes of ``path``): the date and title
    are read from the bytes and the readers' ``document`` (read again when not given)."""
    document = document or extract_document(data, str(path))
    facts = note_facts(data, str(path), document.text, document.format)
    model, version = library.model_identity(analyzer)
    return library.add(
        result,
        doc_id=doc_id,
        source=source_of(path),
        title=facts.title,
        date=facts.date,
        date_source=facts.date_source,
        content_sha256=hashlib.sha256(data).hexdigest(),
        model=model,
        model_version=version,
        text=document.text,
    )


class LibrarySink:
    """A batch's results into a library (``run_batch(..., sink=LibrarySink(lib, analyzer))``).

    Each chunk is one transaction. A file that failed is not stored; a file that changed
    between scoring and storing (its bytes no longer match the id) is not stored either,
    and counted in ``changed``.
    """

    def __init__(self, library: Library, analyzer: Any) -> None:
        self.library = library
        self.analyzer = analyzer
        self.counts: Counter[str] = Counter()
        self.changed: list[str] = []

    def store(self, root: Path, items: list[FolderItem]) -> None:
        """Store the chunk's scored items."""
        with self.library.transaction():
            for item in items:
                if item.result is None:
                    continue
                path = root / item.path
                try:
                    data = read_bytes(path)
                except InputError:
                    data = None
                if data is None or content_id(item.path, data) != item.doc_id:
                    self.changed.append(item.path)
                    continue
                outcome = store_scored(
                    self.library, path, item.result, item.doc_id, data, self.analyzer
                )
                self.counts[outcome.status] += 1

    def holds(self, doc_id: str) -> bool:
        """Whether the library has the note with this id."""
        return self.library.stored(doc_id)


def add_paths(
    library: Library,
    paths: Iterable[str | Path],
    analyzer: Any,
    *,
    include: tuple[str, ...] = DEFAULT_INCLUDE,
    chunk_size: int = CHUNK_SIZE,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    on_progress: ProgressCallback | None = None,
) -> AddSummary:
    """Add files, and every matching file under folders (walked as ``sentiment batch``
    walks them; ids relative to the folder). Files whose bytes are stored already are not
    scored; files that cannot be read or scored are listed in ``failed`` and skipped.
    Raises InputError for a path that does not exist, LibraryError when storing fails
    (the notes stored before stay)."""
    groups = _groups(paths, include)
    total = sum(len(files) for _, files in groups)
    counts: Counter[str] = Counter()
    failed: list[tuple[str, str]] = []
    done = 0
    _report(on_progress, done, total)
    sink = LibrarySink(library, analyzer)
    for root, files in groups:
        todo = []
        for path in files:
            status = _unchanged(library, root, path, max_bytes)
            if status is None:
                todo.append(path)
            else:
                counts["unchanged"] += 1
        for chunk in chunked(todo, chunk_size):
            items = score_chunk(analyzer, root, chunk, max_bytes)
            failed.extend(
                (str(root / i.path), i.error or "not scored") for i in items if i.result is None
            )
            sink.store(root, items)
            failed.extend(
                (str(root / p), "changed while it was being scored") for p in sink.changed
            )
            sink.changed.clear()
            done += len(chunk)
            _report(on_progress, done + counts["unchanged"], total)
    counts.update(sink.counts)
    return AddSummary(dict(counts), tuple(failed))


def source_of(path: Path) -> str:
    """What a note's ``source`` is: the file's absolute path."""
    return str(path.resolve())


def _groups(paths: Iterable[str | Path], include: tuple[str, ...]) -> list[tuple[Path, list[Path]]]:
    """(root, files) for each path: a folder's matching files, or a file on its own."""
    groups = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            groups.append((path, list(iter_note_paths(path, include, ()))))
        elif path.exists() or path.is_symlink():
            groups.append((path.parent, [path]))
        else:
            raise InputError(f"{path}: no such file or folder")
    return groups


def _unchanged(library: Library, root: Path, path: Path, max_bytes: int | None) -> str | None:
    """``"unchanged"`` when the file's bytes are stored already; None otherwise (to score,
    unreadable files included: scoring records why)."""
    try:
        data = read_bytes(path, max_bytes=max_bytes)
    except InputError:
        return None
    doc_id = content_id(relative_name(root, path), data)
    stored = library.stored(doc_id, source_of(path), hashlib.sha256(data).hexdigest())
    return "unchanged" if stored else None


def _report(on_progress: ProgressCallback | None, done: int, total: int) -> None:
    if on_progress is not None:
        on_progress(done, total)
