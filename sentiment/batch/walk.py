"""Walking a folder of notes: include/exclude globs, hidden files, symlink loops."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from fnmatch import fnmatchcase
from pathlib import Path

from sentiment.errors import InputError

DEFAULT_INCLUDE: tuple[str, ...] = (
    "*.txt",
    "*.md",
    "*.markdown",
    "*.html",
    "*.htm",
    "*.pdf",
    "*.docx",
    "*.eml",
)
"""Every format the readers handle."""

TEMPORARY: tuple[str, ...] = ("~$*", "*~", "*.tmp", "*.part", "*.crdownload", "*.swp")
"""Files that are never notes though their name may end like one: office lock files
(``~$note.docx``), editor backups and partial downloads. Skipped like hidden files."""


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
    (dot) files and folders are skipped unless ``include_hidden``, and temporary files
    (:data:`TEMPORARY`: office lock files, backups, partial downloads) always. Directory
    symlinks are followed, but each real directory is walked once, so link loops end. The
    folder is walked and checked when this is called, not when the iterator is first used.
    """
    base = Path(root)
    if not base.exists():
        raise InputError(f"{base}: no such folder")
    if not base.is_dir():
        raise InputError(f"{base}: not a folder")
    found = _walk(base, tuple(include), tuple(exclude), include_hidden)
    return iter(sorted(found, key=lambda p: p.relative_to(base).parts))


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
            path = here / name
            if _is_note_name(path.relative_to(base).as_posix(), include, exclude, include_hidden):
                yield path


def is_note_path(
    root: str | os.PathLike[str],
    path: str | os.PathLike[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    *,
    include_hidden: bool = False,
) -> bool:
    """Whether :func:`iter_note_paths` would yield ``path`` (a file under ``root``), by
    name alone: the same globs, hidden and temporary files and excluded folders skipped.
    For a watcher, which hears of files one at a time. False for a path outside ``root``."""
    base, path = Path(root), Path(path)
    try:
        parts = path.relative_to(base).parts
    except ValueError:
        return False
    include, exclude = tuple(include), tuple(exclude)
    for depth in range(1, len(parts)):  # every folder on the way must be walked into
        if not _keep_dir(base, base.joinpath(*parts[:depth]), exclude, include_hidden):
            return False
    return bool(parts) and _is_note_name("/".join(parts), include, exclude, include_hidden)


def _is_note_name(
    rel: str, include: tuple[str, ...], exclude: tuple[str, ...], include_hidden: bool
) -> bool:
    """The walk's rule for a file at ``rel`` (``/``-separated, relative to the root)."""
    name = rel.rsplit("/", 1)[-1]
    if name.startswith(".") and not include_hidden:
        return False
    return _matches(rel, include) and not _matches(rel, exclude) and not _matches(name, TEMPORARY)


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
