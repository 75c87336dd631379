"""Builds a mixed folder of research notes in every supported format, broken files included.

Good notes (text from ``make_notes.make_note``) are written as ``.txt``, ``.md``, ``.html``
(wrapped in navigation, ads, a call-to-action and a footer), ``.htm``, ``.pdf`` (a real text
layer), ``.docx`` and ``.eml``, spread over nested folders. Then the broken ones: a zero-byte
file, binary data with a ``.txt`` name, a huge text file, a PDF with no text layer, a PDF
with one blank page, a truncated PDF, a corrupt ``.docx``, an HTML page that is 95% script,
an unreadable file (chmod 000; root reads it anyway), a directory symlink loop and a file
symlink loop.

From the shell (run from the repository root)::

    python -m evaluation.make_folder --out /tmp/mixed --count 500 --seed 7 --big-mb 200

The builders (:func:`pdf_bytes`, :func:`docx_bytes`, :func:`eml_bytes`, :func:`html_page`)
are used by the tests too.
"""

from __future__ import annotations

import io
import os
import random
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated

import typer

from evaluation.make_notes import make_note

FORMATS = ("txt", "md", "html", "htm", "pdf", "docx", "eml")
FOLDERS = ("", "equities", "equities/us", "equities/eu", "credit", "macro/2024", "macro/2025")
LINES_PER_PAGE = 48


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF: one page per list of lines (Helvetica text); ``[]`` is a blank
    page with no text layer, like a scanned image."""
    count = len(pages)
    font = 3 + 2 * count
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    for i, lines in enumerate(pages):
        ops = ["BT", "/F1 10 Tf", "13 TL", "50 760 Td"]
        ops += [f"({_pdf_escape(line)}) Tj T*" for line in lines] + ["ET"]
        stream = "\n".join(ops).encode("cp1252", "replace") if lines else b""
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {4 + 2 * i} 0 R >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _pdf_escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def docx_bytes(paragraphs: list[str], table: list[list[str]] | None = None) -> bytes:
    """A Word document with these paragraphs, then an optional table."""
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table):
            for cell, value in zip(row.cells, values):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def eml_bytes(subject: str, body: str, html: bool = False, sent: datetime | None = None) -> bytes:
    """An e-mail with this subject and a plain-text (or HTML) body, UTF-8; a ``Date:``
    header when ``sent`` is given."""
    message = EmailMessage()
    message["From"] = "research@broker.example"
    message["To"] = "clients@broker.example"
    message["Subject"] = subject
    if sent is not None:
        message["Date"] = format_datetime(sent)
    message.set_content(body, subtype="html" if html else "plain")
    return message.as_bytes()


def html_page(title: str, paragraphs: list[str], script_kb: int = 0) -> str:
    """A web page holding a note, wrapped in the boilerplate a broker's site adds."""
    body = "\n".join(f"<p>{_html_escape(p)}</p>" for p in paragraphs)
    script = f"<script>var pad = '{'x' * script_kb * 1024}';</script>" if script_kb else ""
    return f"""<!doctype html><html><head><title>{_html_escape(title)} | Broker</title>
<script>window.dataLayer = [];</script><style>.ad {{ color: red }}</style></head><body>
<nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/research">Research</a></nav>
<header><div class="logo">Broker Research</div></header>
<div class="ad-banner">Advertisement: trade with zero commission at BrokerX today!</div>
<main><article><h1>{_html_escape(title)}</h1>
{body}
</article>
<div class="cta"><a class="button" href="/subscribe">Subscribe now for full access</a></div>
<aside>Related: more notes you may like</aside></main>
<footer>Copyright Broker Research. All rights reserved. <a href="/privacy">Privacy</a></footer>
{script}</body></html>"""


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def note_file(rng: random.Random, fmt: str) -> bytes:
    """One good note in format ``fmt``."""
    text = make_note(rng, pages=rng.uniform(0.5, 2.0))
    title, _, rest = text.partition("\n")
    paragraphs = [" ".join(p.split()) for p in rest.split("\n\n") if p.strip()]
    if fmt in ("txt", "md"):
        return (f"# {title}\n{rest}" if fmt == "md" else text).encode()
    if fmt in ("html", "htm"):
        return html_page(title, paragraphs).encode()
    if fmt == "pdf":
        lines = [title, ""] + [line for line in rest.splitlines()]
        pages = [lines[i : i + LINES_PER_PAGE] for i in range(0, len(lines), LINES_PER_PAGE)]
        return pdf_bytes(pages)
    if fmt == "docx":
        return docx_bytes([title] + paragraphs)
    return eml_bytes(title, rest)


def broken_files(rng: random.Random, big_mb: int) -> dict[str, bytes | None]:
    """Relative path -> bytes for the broken inputs (None: made specially, see below)."""
    good_pdf = note_file(rng, "pdf")
    files: dict[str, bytes | None] = {
        "broken/zero-byte.txt": b"",
        "broken/binary-named.txt": bytes(rng.randrange(256) for _ in range(4096)),
        "broken/scanned.pdf": pdf_bytes([[], []]),
        "broken/one-blank-page.pdf": pdf_bytes([["Margins rose 3% at Apple (AAPL)."], []]),
        "broken/truncated.pdf": good_pdf[: len(good_pdf) // 2],
        "broken/corrupt.docx": b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(2048)),
        "broken/mostly-script.html": html_page(
            "Script-heavy page", ["Nvidia (NVDA) beat estimates; margins expanded."], 40
        ).encode(),
        "broken/unreadable.txt": b"Revenue rose 5%.",
        "broken/loop": None,
        "broken/self-loop.txt": None,
    }
    if big_mb:
        files["broken/huge.txt"] = None
    return files


def write_folder(out: Path, count: int, seed: int, big_mb: int = 200) -> list[Path]:
    """Write ``count`` good notes and the broken files under ``out``; return every path."""
    rng = random.Random(seed)
    written = []
    for n in range(count):
        fmt = FORMATS[n % len(FORMATS)]
        path = out / FOLDERS[n % len(FOLDERS)] / f"note-{n:04d}.{fmt}"
        written.append(_write(path, note_file(rng, fmt)))
    for rel, data in broken_files(rng, big_mb).items():
        written.append(_write_special(out, rel, data, big_mb))
    return written


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _write_special(out: Path, rel: str, data: bytes | None, big_mb: int) -> Path:
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if rel.endswith("loop"):
        if not path.is_symlink():
            path.symlink_to(out, target_is_directory=True)  # the walk must not loop
    elif rel.endswith("self-loop.txt"):
        if not path.is_symlink():
            path.symlink_to(path.name)  # reading it fails with "too many levels of links"
    elif rel.endswith("huge.txt"):
        line = b"Revenue rose 5% while margins fell 20bp at Apple (AAPL).\n"
        with path.open("wb") as handle:
            for _ in range(big_mb * 2**20 // (len(line) * 1024) + 1):
                handle.write(line * 1024)
    else:
        _write(path, data or b"")
        if rel.endswith("unreadable.txt"):
            os.chmod(path, 0)
    return path


def main(
    out: Annotated[Path, typer.Option(help="Folder to write into.")] = Path("/tmp/mixed-notes"),
    count: Annotated[int, typer.Option(help="Number of good notes.")] = 500,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 7,
    big_mb: Annotated[int, typer.Option(help="Size of the huge text file (0: none).")] = 200,
) -> None:
    """Write the mixed folder."""
    paths = write_folder(out, count, seed, big_mb)
    typer.echo(f"{len(paths)} files under {out}", err=True)


if __name__ == "__main__":
    typer.run(main)
