"""Tests for sentiment.readers: encodings, newlines, binary detection, HTML and errors."""

from __future__ import annotations

import codecs
import io
import os
from pathlib import Path

import pytest

from sentiment.errors import InputError, SentimentError
from sentiment.readers import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    html_to_text,
    looks_binary,
    parse_document,
    read_document,
    read_stdin,
)

CAFE = "café – € naïve"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("utf8.txt", b"Margins up 200bp. " + CAFE.encode("utf-8"), "Margins up 200bp. " + CAFE),
        ("utf8-bom.txt", codecs.BOM_UTF8 + CAFE.encode("utf-8"), CAFE),
        ("cp1252.txt", CAFE.encode("cp1252"), CAFE),
        ("latin1.txt", "Über Müller: Umsatz +5%".encode("latin-1"), "Über Müller: Umsatz +5%"),
        # 0x81 is undefined in cp1252, so only the latin-1 fallback decodes it
        ("latin1-only.txt", b"Caf\xe9 \x81 ok", "Café \x81 ok"),
        ("utf16-le.txt", CAFE.encode("utf-16"), CAFE),
        ("utf16-be.txt", codecs.BOM_UTF16_BE + CAFE.encode("utf-16-be"), CAFE),
        ("utf32.txt", CAFE.encode("utf-32"), CAFE),
        ("crlf.md", b"# Title\r\nLine one.\r\nLine two.\r\n", "# Title\nLine one.\nLine two.\n"),
        ("old-mac.txt", b"One.\rTwo.", "One.\nTwo."),
        ("utf16-crlf.txt", "a\r\nb".encode("utf-16"), "a\nb"),
        ("noext", b"  Leading spaces stay.\n", "  Leading spaces stay.\n"),
        ("tabs.txt", b"Q1\t$2.3bn\fnext page\x1b[0m", "Q1\t$2.3bn\fnext page\x1b[0m"),
    ],
)
def test_read_document_decodes(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read_document(path) == expected
    assert read_document(str(path)) == expected


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.txt", b"", "empty file"),
        ("bom-only.txt", codecs.BOM_UTF8, "empty file"),
        ("blank.txt", b"  \r\n\t\n ", "only whitespace"),
        ("utf16-blank.txt", "   \n".encode("utf-16"), "only whitespace"),
        ("nul.txt", b"text\x00more text", "binary file, not text"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"abc", "binary file, not text"),
        ("report.pdf", b"%PDF-1.7\n", "PDF files are not supported"),
        ("report.DOCX", b"PK\x03\x04", "Word files are not supported"),
    ],
)
def test_read_document_refuses(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message) as info:
        read_document(path)
    assert str(info.value).startswith(str(path))
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory, not a file"),
    ],
    ids=["missing", "directory"],
)
def test_read_document_path_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_document(make(tmp_path))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads anything")
def test_read_document_permission_denied(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("hidden")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_document(path)
    finally:
        path.chmod(0o600)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), r"cannot read \(Input/output error\)"),
    ],
    ids=["permission", "io-error"],
)
def test_read_document_os_errors(tmp_path: Path, monkeypatch, error: OSError, message: str) -> None:
    path = tmp_path / "note.txt"
    path.write_text("fine")

    def fail(self: Path) -> bytes:
        raise error

    monkeypatch.setattr(Path, "read_bytes", fail)
    with pytest.raises(InputError, match=f"^{path}: {message}$"):
        read_document(path)


def test_input_error_is_a_sentiment_error(tmp_path: Path) -> None:
    with pytest.raises(SentimentError):
        read_document(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("data", "binary"),
    [
        (b"", False),
        (b"plain text\n", False),
        (CAFE.encode("cp1252"), False),
        (b"a\x00b", True),
        (b"\x01\x02\x03" + b"x" * 10, True),
        (b"\x01" + b"x" * 100, False),
    ],
)
def test_looks_binary(data: bytes, binary: bool) -> None:
    assert looks_binary(data) is binary


def test_decode_bytes_names_the_source() -> None:
    with pytest.raises(InputError, match=r"^<clipboard>: binary file, not text$"):
        decode_bytes(b"\x00\x01", "<clipboard>")


def test_read_stdin_decodes_a_stream() -> None:
    assert read_stdin(io.BytesIO(CAFE.encode("cp1252") + b"\r\n")) == CAFE + "\n"
    with pytest.raises(InputError, match="^<stdin>: empty file"):
        read_stdin(io.BytesIO(b""))


def test_supported_suffixes() -> None:
    assert {".txt", ".md", "", ".html", ".htm"} <= SUPPORTED_SUFFIXES
    assert ".pdf" not in SUPPORTED_SUFFIXES


PAGE = """<!doctype html>
<html><head><title>Site | Note</title><style>p { color: red }</style>
<script>var x = "<p>no</p>";</script></head>
<body>
<header><a href="/">Home</a></header>
<nav><ul><li>Menu item</li></ul></nav>
<main>
  <h1>Nvidia   (NVDA)</h1>
  <p>Revenue rose <b>20%</b> to $2.3&nbsp;billion.<br>Margins &amp; guidance improved.</p>
  <ul><li>Buy</li><li>Target $150</li></ul>
  <form><input name="q"><button>Search</button></form>
</main>
<aside>Related: other notes</aside>
<noscript>Enable JS</noscript>
<footer>© 2024 Broker</footer>
</body></html>
"""


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (
            PAGE,
            "Nvidia (NVDA)\nRevenue rose 20% to $2.3 billion.\n"
            "Margins & guidance improved.\nBuy\nTarget $150",
        ),
        ("<p>One</p><p>Two</p>", "One\nTwo"),
        ("Bare text, no tags", "Bare text, no tags"),
        ("<div>a<hr/>b</div>", "a\nb"),
        ("<script>only()</script>", ""),
    ],
    ids=["page", "paragraphs", "bare", "self-closing", "nothing"],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("note.html", "<p>café</p>".encode(), "café"),
        ("note.HTM", b'<meta charset="windows-1252"><p>caf\xe9 \x80</p>', "café €"),
        ("note.htm", "<p>café</p>".encode("utf-16"), "café"),
    ],
)
def test_html_documents(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert read_document(path) == expected


def test_html_without_text_is_refused() -> None:
    with pytest.raises(InputError, match="^page.html: empty file"):
        parse_document(b"<nav>menu</nav><script>x()</script>", "page.html")
