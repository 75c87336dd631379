"""Tests for sentiment.readers: encodings, newlines, binary detection, HTML and errors."""

from __future__ import annotations

import codecs
import io
import os
import random
from pathlib import Path

import pytest

from evaluation.make_folder import docx_bytes, eml_bytes, html_page, pdf_bytes  # noqa: E402
from sentiment.errors import InputError, SentimentError
from sentiment.readers import (
    SUPPORTED_SUFFIXES,
    decode_bytes,
    extract_document,
    html_to_text,
    looks_binary,
    parse_document,
    read_document,
    read_stdin,
    unmarked_unicode,
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
        ("nuls.txt", b"text\x00\x00more text", "binary file, not text"),
        ("png.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file, not text"),
        ("controls.txt", bytes(range(1, 9)) * 20 + b"abc", "binary file, not text"),
        ("report.doc", b"\xd0\xcf\x11\xe0", "Word 97-2003 files are not supported"),
        ("report.xlsx", b"PK\x03\x04", "Excel files are not supported"),
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

    def fail(self: Path, *args, **kwargs) -> bytes:
        raise error

    monkeypatch.setattr(Path, "open", fail)
    with pytest.raises(InputError, match=f"^{path}: {message}$"):
        read_document(path)


def test_input_error_is_a_sentiment_error(tmp_path: Path) -> None:
    with pytest.raises(SentimentError):
        read_document(tmp_path / "nope.txt")


@pytest.mark.parametrize(
    ("text", "binary"),
    [
        ("", False),
        ("plain text\n", False),
        (CAFE, False),
        ("a\x00b", False),
        ("a\x00\x00b", True),
        ("\x01\x02\x03" + "x" * 10, True),
        ("\x01\x02" + "x" * 100, False),
        ("\ufffd\ufffd\ufffd" + "x" * 10, True),
        ("\x85\x90\x9f" + "x" * 10, True),
        ("tab\tform\x0cfeed\x1b[0m\r\n" * 3, False),
    ],
)
def test_looks_binary(text: str, binary: bool) -> None:
    assert looks_binary(text) is binary


def test_decode_bytes_names_the_source() -> None:
    with pytest.raises(InputError, match=r"^<clipboard>: binary file, not text$"):
        decode_bytes(b"\x00\x01", "<clipboard>")


def test_read_stdin_decodes_a_stream() -> None:
    assert read_stdin(io.BytesIO(CAFE.encode("cp1252") + b"\r\n")) == CAFE + "\n"
    with pytest.raises(InputError, match="^<stdin>: empty file"):
        read_stdin(io.BytesIO(b""))


def test_supported_suffixes() -> None:
    assert {".txt", ".md", "", ".html", ".htm", ".pdf", ".docx", ".eml"} <= SUPPORTED_SUFFIXES
    assert ".doc" not in SUPPORTED_SUFFIXES


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


# -- HTML main text, PDF, Word, e-mail, size limit (builders from evaluation/make_folder.py) ---

NOTE = ["Nvidia (NVDA) beat estimates; margins expanded 200bp.", "Revenue rose 20% to $35.1bn."]


@pytest.mark.parametrize(
    ("script_kb", "note"),
    [(0, NOTE), (40, NOTE[:1])],
    ids=["boilerplate", "95-percent-script"],
)
def test_html_main_text_drops_boilerplate(tmp_path: Path, script_kb: int, note: list[str]) -> None:
    page = html_page("Nvidia beats", note, script_kb=script_kb).encode()
    path = tmp_path / "note.html"
    path.write_bytes(page)
    text = read_document(path)
    assert text == "\n".join(["Nvidia beats", *note])
    if script_kb:
        assert len(text) * 20 < len(page)  # the page was over 95% script
    for junk in ("Home", "Advertisement", "Subscribe", "Copyright", "Related", "pad"):
        assert junk not in text


@pytest.mark.parametrize(
    ("pages", "expected", "warnings"),
    [
        ([NOTE], "\n".join(NOTE), ()),
        ([NOTE[:1], [], NOTE[1:]], f"{NOTE[0]}\n\n{NOTE[1]}", ("page 2 of 3 has no text layer",)),
        ([["caf\u00e9 (Paris) \u20ac5 \\ ok"]], "caf\u00e9 (Paris) \u20ac5 \\ ok", ()),
    ],
    ids=["text", "blank-page", "escapes"],
)
def test_pdf_text_layer(pages: list[list[str]], expected: str, warnings: tuple) -> None:
    document = extract_document(pdf_bytes(pages), "note.pdf")
    assert (document.text, document.format, document.warnings) == (expected, "pdf", warnings)


GOOD_PDF = pdf_bytes([NOTE])


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("scan.pdf", pdf_bytes([[], []]), r"PDF has no text layer on any of its 2 page\(s\)"),
        ("cut.pdf", GOOD_PDF[: len(GOOD_PDF) // 2], r"corrupt PDF \("),
        ("junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4, r"corrupt PDF \("),
        ("empty.pdf", b"", "empty file"),
        ("bad.docx", b"PK\x03\x04" + bytes(range(256)), r"corrupt Word file \(BadZipFile"),
        ("text.docx", b"just text", r"corrupt Word file \("),
        ("empty.docx", docx_bytes([" ", ""]), "empty file"),
        ("blank.eml", eml_bytes("", " \n"), "only whitespace"),
    ],
)
def test_broken_documents_are_refused(tmp_path: Path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=f"^{path}: {message}"):
        read_document(path)


def test_docx_paragraphs_and_tables() -> None:
    data = docx_bytes(NOTE, table=[["Metric", "Q3"], ["Revenue", "$35.1bn"]])
    document = extract_document(data, "note.docx")
    assert document.text == "\n".join([*NOTE, "Metric\tQ3", "Revenue\t$35.1bn"])
    assert document.format == "docx"


@pytest.mark.parametrize(
    ("html", "body", "expected"),
    [
        (
            False,
            "Margins rose.\r\nWe stay at Buy.",
            "Nvidia beats\n\nMargins rose.\nWe stay at Buy.\n",
        ),
        (True, html_page("Nvidia beats", NOTE), "\n".join(["Nvidia beats", *NOTE])),
    ],
    ids=["plain", "html"],
)
def test_eml_subject_and_body(html: bool, body: str, expected: str) -> None:
    document = extract_document(eml_bytes("Nvidia beats", body, html=html), "mail.eml")
    assert (document.text, document.format) == (expected, "eml")


def test_size_limit_refuses_before_reading(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"Revenue rose 5%.\n" * 1000)
    with pytest.raises(InputError, match=r"big.txt: 0.0 MB file is over the 0.0 MB limit"):
        read_document(path, max_bytes=100)
    assert read_document(path, max_bytes=None).startswith("Revenue rose 5%.")


GARBAGE = random.Random(7).randbytes(20000)
APPLE_NOTE = "Apple (AAPL) beat estimates and raised its buyback; we reiterate Buy on the shares."


@pytest.mark.parametrize("suffix", [".txt", ".md", ".html", ".eml", ""])
def test_random_bytes_are_refused_the_same_way_in_every_format(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"garbage{suffix}"
    path.write_bytes(GARBAGE)
    with pytest.raises(InputError, match=r": binary file, not text$"):
        read_document(path)


def test_an_email_with_a_binary_body_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "mail.eml"
    path.write_bytes(b"Subject: Q3\r\nContent-Type: text/plain\r\n\r\n" + GARBAGE)
    with pytest.raises(InputError, match=r"mail\.eml: binary file, not text$"):
        read_document(path)


@pytest.mark.parametrize("suffix", [".txt", ".eml"])
def test_a_few_stray_nuls_are_dropped_not_refused(tmp_path: Path, suffix: str) -> None:
    text = (APPLE_NOTE + " ") * 2 + "Shares rose 3% after hours."
    data = text.encode()
    data = data[:40] + b"\x00" + data[40:120] + b"\x00\x00" + data[120:]
    path = tmp_path / f"note{suffix}"
    path.write_bytes(data)
    assert read_document(path).strip() == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_without_a_bom_are_recognised(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes((APPLE_NOTE + "\r\n" + CAFE).encode(encoding))
    assert read_document(path) == APPLE_NOTE + "\n" + CAFE


def test_unmarked_unicode_leaves_other_text_alone() -> None:
    assert unmarked_unicode(APPLE_NOTE.encode()) is None
    assert unmarked_unicode(CAFE.encode("cp1252")) is None
    assert unmarked_unicode(b"\x00\x00") is None


def test_front_matter_is_metadata_and_its_title_the_headline(tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text(
        '---\ntitle: "Apple beats"\ndate: 2026-03-03\n---\nApple (AAPL) beat estimates.\n'
    )
    assert read_document(note) == "Apple beats\n\nApple (AAPL) beat estimates.\n"
    untitled = tmp_path / "untitled.md"
    untitled.write_text("---\ndate: 2026-03-03\n---\nRevenue rose.\n")
    assert read_document(untitled) == "Revenue rose.\n"
    rule = tmp_path / "rule.md"  # a rule not at the very start, or never closed, is text
    rule.write_text("Intro\n---\ndate: x\n---\n")
    assert read_document(rule) == "Intro\n---\ndate: x\n---\n"
    only = tmp_path / "only.md"
    only.write_text("---\ndate: 2026-03-03\n---\n")
    with pytest.raises(InputError):
        read_document(only)
