"""Test helpers for the batch engine: a fake analyzer and a folder of good and broken notes.

A module of its own (not a conftest) so worker processes, Ray actors and the subprocess
of the kill test can import it by name.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from evaluation.make_folder import docx_bytes, eml_bytes, html_page, pdf_bytes  # noqa: E402
from sentiment.errors import InputError
from sentiment.results import DocumentSentiment, TickerSentiment


class FakeAnalyzer:
    """Scores by counting "good" and "bad"; cashtags become tickers. Records every call.

    ``delay`` seconds of sleep per ``analyze_many`` call make a run slow enough to kill.
    """

    def __init__(
        self, fail_many: bool = False, poison: str | None = None, delay: float = 0.0
    ) -> None:
        self.fail_many = fail_many
        self.poison = poison
        self.delay = delay
        self.many_calls: list[int] = []
        self.one_calls = 0

    def analyze(self, text: str) -> DocumentSentiment:
        self.one_calls += 1
        if not text.strip():
            raise InputError("empty text")
        if self.poison and self.poison in text:
            raise RuntimeError("model blew up\non this text")
        words = text.lower().split()
        score = round((words.count("good") - words.count("bad")) / max(1, len(words)), 4)
        label = "positive" if score > 0 else "negative" if score < 0 else "neutral"
        tickers = tuple(
            TickerSentiment(w.strip("$.,").upper(), label, score, text.count(w), 1.0)
            for w in dict.fromkeys(text.split())
            if w.startswith("$")
        )
        return DocumentSentiment(label, score, tickers=tickers)

    def analyze_many(self, texts: list[str]) -> list[DocumentSentiment]:
        self.many_calls.append(len(texts))
        time.sleep(self.delay)
        if self.fail_many:
            raise RuntimeError("batch failed")
        return [self.analyze(t) for t in texts]


GOOD = ["good results for $NVDA.", "bad quarter for $KO, good for $PEP.", "neutral words only."]
PAGE_NOTE = ["Good quarter: $AAPL results were good."]


def write_mixed_folder(root: Path, count: int = 12) -> dict[str, str | None]:
    """Good notes in every format plus the broken ones; returns path -> expected error part."""
    expected: dict[str, str | None] = {}
    for n in range(count):
        text = GOOD[n % len(GOOD)] + f" note {n}"
        fmt = ("txt", "md", "html", "pdf", "docx", "eml")[n % 6]
        data = {
            "txt": text.encode(),
            "md": f"# Note {n}\n\n{text}".encode(),
            "html": html_page(f"Note {n}", [text]).encode(),
            "pdf": pdf_bytes([[f"Note {n}", text]]),
            "docx": docx_bytes([f"Note {n}", text]),
            "eml": eml_bytes(f"Note {n}", text),
        }[fmt]
        _write(root / f"f{n % 3}" / f"note-{n:03d}.{fmt}", data)
        expected[f"f{n % 3}/note-{n:03d}.{fmt}"] = None
    broken: dict[str, tuple[bytes, str]] = {
        "bad/zero.txt": (b"", "empty file"),
        "bad/binary.txt": (bytes(range(256)) * 8, "binary file, not text"),
        "bad/scan.pdf": (pdf_bytes([[]]), "PDF has no text layer"),
        "bad/cut.pdf": (pdf_bytes([PAGE_NOTE])[:200], "corrupt PDF"),
        "bad/junk.docx": (b"PK\x03\x04" + bytes(300), "corrupt Word file"),
        "bad/script.html": (html_page("Script", PAGE_NOTE, script_kb=40).encode(), None),
    }
    for rel, (data, error) in broken.items():
        _write(root / rel, data)
        expected[rel] = error
    (root / "bad" / "loop").symlink_to(root, target_is_directory=True)
    (root / "bad" / "self.txt").symlink_to("self.txt")
    expected["bad/self.txt"] = "Too many levels of symbolic links"
    return dict(sorted(expected.items()))


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def run_slowly(root: str, output: str, delay: str) -> None:
    """Entry point for the kill -9 test: a batch of one-file chunks, ``delay`` s each."""
    from sentiment.batch import run_batch

    run_batch(FakeAnalyzer(delay=float(delay)), root, output, chunk_size=1, resume=True)


if __name__ == "__main__":
    run_slowly(*sys.argv[1:4])
