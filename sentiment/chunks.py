"""Long documents in chunks: where to cut a text so that no sentence is split.

A long text is analysed a window at a time, so that the spaCy Doc and the model's inputs
stay bounded whatever the length (see :meth:`sentiment.api.Analyzer.analyze`). Each chunk
ends where the segmenter, run over the window, starts the window's last sentence; that
sentence opens the next chunk. Only a sentence longer than the window is cut, at its last
line break or space inside the window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

WINDOW_CHARS = 100_000
"""The most characters the pipeline and the model see at a time. A research note is far
shorter, so it is one chunk and analysed exactly as a whole; a longer text is read in
chunks of at most this size."""


def chunk_spans(
    text: str, window: int, sentence_starts: Callable[[str], list[int]]
) -> Iterator[tuple[int, int]]:
    """(start, end) of consecutive chunks covering ``text``, each at most ``window``
    characters; ``sentence_starts`` gives the sentence starts of a piece of text."""
    start = 0
    while len(text) - start > window:
        end = start + window
        cut = _cut(text, start, end, sentence_starts(text[start:end]))
        yield start, cut
        start = cut
    yield start, len(text)


def _cut(text: str, start: int, end: int, starts: list[int]) -> int:
    """Where the chunk from ``start`` ends: at the window's last sentence start (that
    sentence may run past the window), else at the last line break or space, else at the
    window's end."""
    last = starts[-1] if starts else 0
    if last > 0:
        return start + last
    for separator in ("\n", " "):
        at = text.rfind(separator, start + 1, end)
        if at > start:
            return at + 1
    return end
