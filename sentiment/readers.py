"""Path -> text: encodings, binary detection, HTML main text, and clear errors.

Every failure raises :class:`~sentiment.errors.InputError` with a one-line message that
starts with the source name, so the CLI can print it as is.

Plain text (``.txt``, ``.md``, no suffix, and any other suffix not listed below) is decoded
by trying, in order: UTF-32/UTF-16 with a BOM, UTF-8 (with or without BOM), cp1252, and
latin-1 (which always succeeds). Binary data is refused before decoding. The only change
made to the text is newline normalisation (``\\r\\n`` and lone ``\\r`` become ``\\n``) and
removal of the BOM, so character offsets in results point into the text returned here.

HTML (``.html``, ``.htm``) is reduced to its main text with the standard library's
:mod:`html.parser`: no extra dependency, and research notes exported as HTML are simple
pages. Boilerplate containers (script, style, nav, header, footer, aside, form, noscript,
...) are dropped; every heading, paragraph, list item and other block becomes one line.
Offsets then refer to that extracted text, not to the HTML source.

PDF and Office documents are refused with a message saying so (a later issue).

This module imports nothing of ours except the errors, so everything may depend on it.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from sentiment.errors import InputError

PLAIN_TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".text", ""})
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES: frozenset[str] = PLAIN_TEXT_SUFFIXES | HTML_SUFFIXES
"""Suffixes (lower case, with the dot; ``""`` for none) that :func:`read_document` is made for."""

_REFUSED_SUFFIXES: dict[str, str] = {
    ".pdf": "PDF",
    ".doc": "Word",
    ".docx": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
}

_SNIFF_BYTES = 8192
# Share of control bytes in the sniffed prefix above which data is treated as binary.
_MAX_CONTROL_SHARE = 0.10
# Control bytes that do appear in real text: tab, newline, vertical tab, form feed, CR, ESC.
_TEXT_CONTROLS = frozenset(b"\t\n\x0b\x0c\r\x1b")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_NEWLINES = re.compile(r"\r\n?")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def read_document(path: str | os.PathLike[str]) -> str:
    """Read a note from disk and return its text, ready to analyse.

    Raises InputError for a missing path, a directory, a permission problem, a binary or
    unsupported file, and a file with no text in it.
    """
    return parse_document(read_bytes(path), str(path))


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the raw bytes of a file, turning OS errors into one-line InputErrors."""
    name = str(path)
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a file") from None
    except PermissionError:
        if Path(path).is_dir():  # Windows reports a directory as a permission error
            raise InputError(f"{name}: is a directory, not a file") from None
        raise InputError(f"{name}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None


def read_stdin(stream: BinaryIO | None = None) -> str:
    """Read all of standard input (or ``stream``) as bytes and decode it like a text file."""
    data = (stream if stream is not None else sys.stdin.buffer).read()
    return decode_bytes(data, "<stdin>")


def parse_document(data: bytes, source: str) -> str:
    """Turn a file's bytes into text, choosing the reader from ``source``'s suffix."""
    suffix = Path(source).suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        kind = _REFUSED_SUFFIXES[suffix]
        raise InputError(f"{source}: {kind} files are not supported yet; convert to text first")
    if suffix in HTML_SUFFIXES:
        return _require_text(html_to_text(_decode(data, source, _html_charset(data))), source)
    return decode_bytes(data, source)


def decode_bytes(data: bytes, source: str) -> str:
    """Decode plain-text bytes (see the module docstring for the order tried).

    ``source`` names the input in error messages. Raises InputError for binary data and for
    text that is empty or whitespace only.
    """
    return _require_text(_decode(data, source), source)


def looks_binary(data: bytes) -> bool:
    """True when the first few KB hold a NUL byte or a high share of control characters.

    Call it only on data without a UTF-16/32 BOM: those encodings are full of NUL bytes.
    """
    head = data[:_SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if (b < 0x20 and b not in _TEXT_CONTROLS) or b == 0x7F)
    return controls / len(head) > _MAX_CONTROL_SHARE


def normalise_newlines(text: str) -> str:
    """Turn Windows (``\\r\\n``) and old Mac (``\\r``) line ends into ``\\n``."""
    return _NEWLINES.sub("\n", text)


def html_to_text(html: str) -> str:
    """Extract the main text of an HTML page: one line per heading, paragraph or list item."""
    parser = _MainTextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _decode(data: bytes, source: str, preferred: str | None = None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data.decode(encoding).lstrip("\ufeff"))
            except UnicodeDecodeError:
                raise InputError(f"{source}: invalid {encoding.upper()} text") from None
    if looks_binary(data):
        raise InputError(f"{source}: binary file, not text")
    encodings = ((preferred,) if preferred else ()) + _FALLBACK_ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return normalise_newlines(text.lstrip("\ufeff"))
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _require_text(text: str, source: str) -> str:
    if not text:
        raise InputError(f"{source}: empty file, no text to analyse")
    if not text.strip():
        raise InputError(f"{source}: only whitespace, no text to analyse")
    return text


def _html_charset(data: bytes) -> str | None:
    """The charset named by a ``<meta>`` tag near the top of the page, if any."""
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


class _MainTextParser(HTMLParser):
    """Collects text outside boilerplate containers, breaking lines at block elements."""

    SKIP = frozenset(
        "script style nav footer aside form noscript header head template svg iframe button"
        " select".split()
    )
    BLOCKS = frozenset(
        "p h1 h2 h3 h4 h5 h6 li dt dd div section article main blockquote pre tr table ul ol"
        " dl br hr figcaption caption td th body html".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._lines: list[str] = []
        self._parts: list[str] = []
        self._skip_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip_depth += 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCKS:  # <br/>, <hr/>: a line break, never a skipped container
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            self._parts.append(data)

    def text(self) -> str:
        """The collected lines joined by newlines."""
        self._flush()
        return "\n".join(self._lines)

    def _flush(self) -> None:
        line = " ".join("".join(self._parts).split())  # also turns &nbsp; into a space
        self._parts.clear()
        if line:
            self._lines.append(line)
