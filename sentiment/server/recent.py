"""The notes scored on the Score page, kept for a while: for paging through them and saving
them to the library, addressed by a random id (the client never names a path)."""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from sentiment.results import DocumentSentiment


@dataclass(frozen=True)
class StoredResult:
    """A note scored on the Score page, kept for paging and saving: its result (``document``
    and its ``to_dict()``, made once, on the scoring worker: for a long note it takes
    seconds the pages' event loop must not wait), text, name (``source``: an upload's file
    name), the bytes sent and the reader's format."""

    document: DocumentSentiment
    result: dict[str, Any]
    text: str
    source: str | None
    data: bytes
    format: str


class ResultStore:
    """The last few scored notes, by a random id (the client never names a path)."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._items: OrderedDict[str, StoredResult] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, item: StoredResult) -> str:
        """Keep ``item``; return its new id (the oldest item goes when the store is full)."""
        key = secrets.token_urlsafe(12)
        with self._lock:
            self._items[key] = item
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return key

    def get(self, key: str) -> StoredResult | None:
        """The item with id ``key``, or None if unknown or dropped."""
        with self._lock:
            return self._items.get(key)
