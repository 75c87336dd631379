"""Path -> text: encodings, binary detection, HTML main text, and clear errors.

Every failure raises :class:`~sentiment.errors.InputError` with a one-line message that
starts with the source name, so the CLI can print it as is.

Plain text (``.txt``, ``.md``, no suffix, and any other suffix not listed below) is decoded
by trying, in order: UTF-32/UTF-16 with a BOM, UTF-32/UTF-16 without one (told by where the
zero bytes of its ASCII-range characters fall), UTF-8 (with or without BOM), cp1252, and
latin-1 (which always succeeds). The only changes made to the text are newline normalisation
(``\\r\\n`` and lone ``\\r`` become ``\\n``) and removal of the BOM and of stray NUL
characters, so character offsets in results point into the text returned here.

Whether data is text or binary is decided once, on the decoded text of every format (plain
text, HTML, PDF, ``.docx``, ``.eml``), by :func:`looks_binary`: random or binary bytes decode
to text full of control characters, prose never does (a few stray NULs pass).

HTML (``.html``, ``.htm``) is reduced to its main text by trafilatura, which drops
navigation, headers, footers, scripts, ads, share bars and call-to-action blocks; when it
finds no main text (a tiny page), the standard library's :mod:`html.parser` fallback
(:func:`html_to_text`) keeps every block outside script/nav/footer-like containers.
Offsets then refer to that extracted text, not to the HTML source.

PDF (text layer, via pypdf), Word ``.docx`` (python-docx) and e-mail ``.eml`` (standard
library) are read by :mod:`sentiment.formats`; :func:`extract_document` also returns the
warnings a reader has (a PDF page with no text layer). Other Office formats are refused.

This module imports nothing of ours except the errors and formats, so everything may depend
on it.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO

from sentiment.errors import InputError

PLAIN_TEXT_SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".markdown", ".text", ""})
_FRONT_MATTER = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_FRONT_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:\s*(.*?)\s*$")
HTML_SUFFIXES: frozenset[str] = frozenset({".html", ".htm"})
BINARY_SUFFIXES: frozenset[str] = frozenset({".pdf", ".docx", ".eml"})
SUPPORTED_SUFFIXES: frozenset[str] = PLAIN_TEXT_SUFFIXES | HTML_SUFFIXES | BINARY_SUFFIXES
"""Suffixes (lower case, with the dot; ``""`` for none) that :func:`read_document` is made for."""
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
"""Files larger than this are refused unread: a note is kilobytes, a 200 MB "note" is a mistake."""

_REFUSED_SUFFIXES: dict[str, str] = {
    ".doc": "Word 97-2003",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".ppt": "PowerPoint",
    ".pptx": "PowerPoint",
}

_SNIFF_BYTES = 8192
# Share of control characters (and U+FFFD, what undecodable bytes become) in the first
# _SNIFF_BYTES characters above which a decoded text is binary data: random bytes give about
# 10% (UTF-8 or an e-mail's us-ascii) to 25% (latin-1); a 237-byte note with 3 stray NULs 1.3%.
_MAX_CONTROL_SHARE = 0.05
# Control characters that do appear in real text: tab, newline, vertical tab, form feed, CR, ESC.
_TEXT_CONTROLS = frozenset("\t\n\x0b\x0c\r\x1b")
_NOT_TEXT = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f\ufffd]")
# UTF-32/16 without a BOM: the byte positions (within each code unit) that are zero for
# ASCII-range characters, and those that are not. UTF-32 first: it also has UTF-16's zeros.
_UNMARKED_UNICODE: tuple[tuple[str, int, tuple[int, ...], tuple[int, ...]], ...] = (
    ("utf-32-le", 4, (1, 2, 3), (0,)),
    ("utf-32-be", 4, (0, 1, 2), (3,)),
    ("utf-16-le", 2, (1,), (0,)),
    ("utf-16-be", 2, (0,), (1,)),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_FALLBACK_ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")
_NEWLINES = re.compile(r"\r\n?")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


@dataclass(frozen=True)
class DocumentText:
    """A document's text, its format (``text``, ``html``, ``pdf``, ``docx``, ``eml``) and
    the reader's warnings (for example, PDF pages with no text layer)."""

    text: str
    format: str
    warnings: tuple[str, ...] = ()


def read_document(
    path: str | os.PathLike[str], *, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> str:
    """Read a note from disk and return its text, ready to analyse.

    Raises InputError for a missing path, a directory, a permission problem, a file larger
    than ``max_bytes`` (None: no limit), a binary, corrupt or unsupported file, and a file
    with no text in it.
    """
    return parse_document(read_bytes(path, max_bytes=max_bytes), str(path))


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int | None = None) -> bytes:
    """Return the raw bytes of a file, turning OS errors into one-line InputErrors.

    With ``max_bytes``, a larger file is refused before it is read (and a file that grows
    past the limit while being read is refused too).
    """
    name = str(path)
    try:
        if max_bytes is None:
            return Path(path).read_bytes()
        return _read_limited(Path(path), max_bytes)
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


def _read_limited(path: Path, max_bytes: int) -> bytes:
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        if size <= max_bytes:
            data = handle.read(max_bytes + 1)
            size = len(data)
    if size > max_bytes:
        limit = _megabytes(max_bytes)
        raise InputError(f"{path}: {_megabytes(size)} file is over the {limit} limit")
    return data


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def read_stdin(stream: BinaryIO | None = None) -> str:
    """Read all of standard input (or ``stream``) as bytes and decode it like a text file.

    Raises InputError when stdin is closed (``<&-``) or cannot be read.
    """
    if stream is None and sys.stdin is None:  # Python found descriptor 0 closed at start-up
        raise InputError("<stdin>: standard input is closed; nothing to read")
    try:
        data = (stream if stream is not None else sys.stdin.buffer).read()
    except OSError as exc:
        raise InputError(f"<stdin>: cannot read standard input ({exc.strerror or exc})") from None
    return decode_bytes(data, "<stdin>")


def parse_document(data: bytes, source: str) -> str:
    """Turn a file's bytes into text, choosing the reader from ``source``'s suffix."""
    return extract_document(data, source).text


def extract_document(data: bytes, source: str) -> DocumentText:
    """Like :func:`parse_document`, with the format and the reader's warnings."""
    suffix = Path(source).suffix.lower()
    if suffix in _REFUSED_SUFFIXES:
        kind = _REFUSED_SUFFIXES[suffix]
        raise InputError(f"{source}: {kind} files are not supported; convert to text first")
    if suffix in HTML_SUFFIXES:
        return DocumentText(_html_document(data, source), "html")
    if suffix in BINARY_SUFFIXES:
        return _binary_document(data, source, suffix)
    text = without_front_matter(decode_bytes(data, source))
    return DocumentText(_require_text(text, source), "text")


def front_matter(text: str) -> dict[str, str]:
    """The ``key: value`` pairs of a YAML-style front matter block (``---`` ... ``---``) at
    the start of ``text``; empty without one. Only flat scalar keys are read."""
    match = _FRONT_MATTER.match(text)
    return _front_pairs(match.group(1)) if match else {}


def without_front_matter(text: str) -> str:
    """``text`` without its front matter: the block is metadata (its date is read by the
    desk), not prose; its ``title``, if any, stays as the note's first line (the headline)."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return text
    title = _front_pairs(match.group(1)).get("title")
    body = text[match.end() :]
    return f"{title}\n\n{body}" if title else body


def _front_pairs(block: str) -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in block.splitlines():
        key = _FRONT_KEY.match(line)
        if key:
            pairs.setdefault(key.group(1).lower(), key.group(2).strip("\"'"))
    return pairs


def _html_document(data: bytes, source: str) -> str:
    return _require_text(main_text(_decode(data, source, _html_charset(data))), source)


def _binary_document(data: bytes, source: str, suffix: str) -> DocumentText:
    from sentiment import formats

    if not data:
        raise InputError(f"{source}: empty file, no text to analyse")
    if suffix == ".pdf":
        text, warnings = formats.pdf_text(data, source)
        return DocumentText(_require_text(normalise_newlines(text), source), "pdf", warnings)
    if suffix == ".docx":
        return DocumentText(_require_text(formats.docx_text(data, source), source), "docx")
    body, is_html = formats.eml_body(data, source)
    text = main_text(body) if is_html else normalise_newlines(body)
    return DocumentText(_require_text(text, source), "eml")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode plain-text bytes (see the module docstring for the order tried).

    ``source`` names the input in error messages. Raises InputError for binary data and for
    text that is empty or whitespace only.
    """
    return _require_text(_decode(data, source), source)


def looks_binary(text: str) -> bool:
    """True when the first few thousand characters of a decoded text are more than 5%
    control characters (NUL, C0 and C1 controls other than tab, newlines, form feed and ESC)
    or U+FFFD: what binary or random bytes decode to, whatever the format they came in. One
    such character alone is a stray, not binary data ("Caf\u00e9 \\x81 ok" read as latin-1).
    """
    head = text[:_SNIFF_BYTES]
    strays = len(_NOT_TEXT.findall(head))
    return strays > 1 and strays / len(head) > _MAX_CONTROL_SHARE


def unmarked_unicode(data: bytes) -> str | None:
    """The encoding of UTF-32 or UTF-16 text written without a BOM, or None.

    Told by the zero bytes of its ASCII-range characters: in UTF-16 LE text every second
    byte is zero, in UTF-32 LE three bytes of every four. At least 90% of the code units of
    the first few KB must show the pattern, and the data must decode.
    """
    head = data[:_SNIFF_BYTES]
    head = head[: len(head) - len(head) % 4]
    if len(head) < 8:
        return None
    for encoding, width, zeros, letters in _UNMARKED_UNICODE:
        units = len(head) // width
        zero_units = sum(
            all(head[i + z] == 0 for z in zeros) and all(head[i + c] != 0 for c in letters)
            for i in range(0, len(head), width)
        )
        if zero_units / units >= 0.9:
            try:
                data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return encoding
    return None


def normalise_newlines(text: str) -> str:
    """Turn Windows (``\\r\\n``) and old Mac (``\\r``) line ends into ``\\n``."""
    return _NEWLINES.sub("\n", text)


def main_text(html: str) -> str:
    """The main text of an HTML page (trafilatura), or :func:`html_to_text` when it finds none.

    Navigation, headers, footers, scripts, ads and call-to-action blocks are dropped;
    paragraphs, headings, list items and table rows become lines.
    """
    from sentiment.formats import trafilatura_text

    return trafilatura_text(html) or html_to_text(html)


def html_to_text(html: str) -> str:
    """Extract the text outside boilerplate containers of an HTML page (standard library):
    one line per heading, paragraph or list item. The fallback of :func:`main_text`."""
    parser = _MainTextParser()
    parser.feed(html)
    parser.close()
    return parser.text()


def _decode(data: bytes, source: str, preferred: str | None = None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding).lstrip("\ufeff"), source)
            except UnicodeDecodeError:
                raise InputError(f"{source}: invalid {encoding.upper()} text") from None
    unmarked = unmarked_unicode(data)
    if unmarked:
        return _checked(data.decode(unmarked), source)
    encodings = ((preferred,) if preferred else ()) + _FALLBACK_ENCODINGS
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        return _checked(text.lstrip("\ufeff"), source)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


def _checked(text: str, source: str) -> str:
    """The text with normal newlines and no NULs; binary data refused (:func:`looks_binary`)."""
    if looks_binary(text):
        raise InputError(f"{source}: binary file, not text")
    return normalise_newlines(text.replace("\x00", ""))


def _require_text(text: str, source: str) -> str:
    text = _checked(text, source)
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
