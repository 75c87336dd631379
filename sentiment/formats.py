"""Readers for binary document formats and HTML main text, each on a library made for it.

- PDF: pypdf reads the text layer page by page. Pure Python, so a malformed file raises an
  exception instead of crashing the process (it matters in a batch worker). A page with no
  text layer (a scanned image) is reported as a warning; a PDF with none at all is refused.
- Word ``.docx``: python-docx; body paragraphs and table rows in document order.
- E-mail ``.eml``: the standard library's :mod:`email`; the subject plus the plain-text
  body, or the HTML body (the caller turns it into main text).
- HTML main text: trafilatura (boilerplate removal: nav, footers, ads, call-to-action).

Every problem with a file's content becomes an :class:`~sentiment.errors.InputError` naming
the source. The libraries are imported on first use, so ``import sentiment`` stays fast.
Their loggers get a NullHandler: a library does not print, and a broken file in a batch is
already reported in its record.
"""

from __future__ import annotations

import io
import logging
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from sentiment.errors import InputError

for _name in ("pypdf", "trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

PAGE_BREAK = "\n\n"


def pdf_text(data: bytes, source: str) -> tuple[str, tuple[str, ...]]:
    """The text layer of a PDF, pages separated by a blank line, and warnings.

    Raises InputError for a corrupt or password-protected PDF and for one with no text
    layer on any page; the warnings name the pages that have none.
    """
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(f"{source}: password-protected PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types for broken files
        raise InputError(f"{source}: corrupt PDF ({_one_line(exc)})") from None
    if not pages:
        raise InputError(f"{source}: PDF has no pages")
    empty = [n for n, text in enumerate(pages, 1) if not text.strip()]
    if len(empty) == len(pages):
        raise InputError(
            f"{source}: PDF has no text layer on any of its {len(pages)} page(s) "
            "(scanned images?); run OCR first"
        )
    warnings = tuple(f"page {n} of {len(pages)} has no text layer" for n in empty)
    return PAGE_BREAK.join(text.strip("\n") for text in pages if text.strip()), warnings


def docx_text(data: bytes, source: str) -> str:
    """Body paragraphs and table rows (cells joined by tabs) of a ``.docx``, in order."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = Document(io.BytesIO(data))
        lines = []
        for block in document.iter_inner_content():
            if isinstance(block, Paragraph):
                lines.append(block.text)
            elif isinstance(block, Table):
                lines += ["\t".join(cell.text for cell in row.cells) for row in block.rows]
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean corrupt
        raise InputError(f"{source}: corrupt Word file ({_one_line(exc)})") from None
    return "\n".join(line for line in lines if line.strip())


def eml_body(data: bytes, source: str) -> tuple[str, bool]:
    """An e-mail's subject and body, and whether the body is HTML.

    The plain-text part is preferred; attachments are ignored.
    """
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        assert isinstance(message, EmailMessage)
        part = message.get_body(preferencelist=("plain", "html"))
        body = part.get_content() if part is not None else ""
        subject = str(message.get("subject", "") or "")
    except Exception as exc:  # noqa: BLE001 - malformed MIME, bad charsets
        raise InputError(f"{source}: malformed e-mail ({_one_line(exc)})") from None
    if not isinstance(body, str):
        raise InputError(f"{source}: e-mail has no text body")
    is_html = part is not None and part.get_content_subtype() == "html"
    if is_html:
        return (f"<h1>{_escape(subject)}</h1>" if subject else "") + body, True
    return (f"{subject}\n\n" if subject else "") + body, False


def trafilatura_text(html: str) -> str | None:
    """The main text of a page by trafilatura, or None when it finds none."""
    import trafilatura

    try:
        text = trafilatura.extract(
            html,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            favor_precision=True,  # the default falls back to the whole body on short pages
        )
    except Exception:  # noqa: BLE001 - the caller falls back to the standard-library parser
        return None
    return text if text and text.strip() else None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _one_line(exc: BaseException) -> str:
    message = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
