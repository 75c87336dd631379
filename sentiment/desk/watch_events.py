"""The watched folder and its events: whether it is (still) the folder the watch began on,
and watchdog's events turned into :meth:`sentiment.desk.watch.Watcher.heard` calls."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sentiment.errors import WatchError

if TYPE_CHECKING:
    from sentiment.desk.watch import Watcher


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """(device, inode) of ``folder``: a folder deleted and made again, or a drive
    unmounted from under its mount point, has another."""
    try:
        info = folder.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def check_folder(
    folder: Path, identity: tuple[int, int] | None = None, *, listening: bool = True
) -> None:
    """WatchError unless ``folder`` is a folder; given the ``identity`` it had when the
    watch began, unless it is still that folder and its observer still ``listening``
    (else: it went away)."""
    if identity is not None:
        if not (listening and folder.is_dir() and folder_identity(folder) == identity):
            raise WatchError(
                f"{folder}: the watched folder is gone (removed, renamed or unmounted); "
                "the notes stored so far are kept"
            )
    elif not folder.is_dir():
        raise WatchError(
            f"{folder}: no such folder" if not folder.exists() else f"{folder}: not a folder"
        )


def listening(observer: Any) -> bool:
    """Whether every emitter of the observer still runs (inotify's stops when its folder
    is deleted)."""
    return all(emitter.is_alive() for emitter in observer.emitters)


def has_close_events(observer: Any) -> bool:
    """Whether this native observer reports files closed after writing (inotify does)."""
    try:
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return False
    return isinstance(observer, InotifyObserver)


class FolderEvents:
    """watchdog's events, turned into :meth:`Watcher.heard` calls (a handler needs only
    ``dispatch``)."""

    def __init__(self, watcher: Watcher, *, closes: bool) -> None:
        self.watcher = watcher
        self.closes = closes  # whether "closed after writing" events come

    def dispatch(self, event: Any) -> None:
        """watchdog's entry point for every event."""
        kind, heard = event.event_type, self.watcher.heard
        if kind == "events_lost":  # the kernel's queue overflowed: look at everything
            heard(self.watcher.folder)
        elif event.is_directory:
            # A folder created or moved in: files written into it before its watch was
            # added send no events of their own, so it is walked.
            if kind in ("created", "moved"):
                heard(event.dest_path if kind == "moved" else event.src_path)
        elif kind == "moved":  # renamed into place
            heard(event.dest_path)
        elif kind in ("closed", "created") or (kind == "modified" and not self.closes):
            # inotify reports a file moved in from outside the folder as created, with no
            # close to follow; a file being written is put off by its modifications.
            heard(event.src_path)
        elif kind == "modified":
            heard(event.src_path, closed=False)
