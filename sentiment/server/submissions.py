"""A note sent to the server (pasted text, an uploaded file or a JSON body) and its reading.

The bytes of an upload are read by the same readers as ``sentiment score`` (the file name's
suffix picks the format: text, HTML, PDF, .docx, .eml); the name is only ever used for that
and for the result's ``source``: nothing is opened by a name the client sends.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from sentiment.errors import InputError
from sentiment.readers import DocumentText, extract_document, normalise_newlines

if TYPE_CHECKING:  # pragma: no cover
    from starlette.requests import Request

    from sentiment.api import Analyzer
    from sentiment.results import DocumentSentiment

MAX_NAME_CHARS = 200
# Form fields and files per request: a note form has two.
MAX_FORM_FIELDS = 10


@dataclass(frozen=True)
class Submission:
    """Pasted ``text``, or an uploaded file's ``data`` with its ``source`` name."""

    text: str | None = None
    data: bytes | None = None
    source: str | None = None

    @property
    def bytes(self) -> bytes:
        """What was sent: the file's bytes, or the pasted text in UTF-8."""
        return self.data if self.data is not None else (self.text or "").encode("utf-8")

    def read(self) -> DocumentText:
        """The note's text and format. Raises InputError for an empty, binary or unreadable
        note."""
        if self.data is not None:
            return extract_document(self.data, self.source or "upload")
        text = normalise_newlines(self.text or "")
        if not text.strip():
            raise InputError(f"{self.source or 'text'}: empty, no text to analyse")
        return DocumentText(text, "text")

    def analyze(self, analyzer: Analyzer) -> tuple[DocumentSentiment, DocumentText]:
        """Read and score the note (on the pool's worker): the result and the document."""
        document = self.read()
        return analyzer.analyze(document.text, source=self.source), document


def file_name(name: str | None) -> str | None:
    """The last part of an upload's name (``C:\\x\\note.pdf`` -> ``note.pdf``), shortened."""
    if not name:
        return None
    return PurePosixPath(name.replace("\\", "/")).name[-MAX_NAME_CHARS:] or None


async def from_form(request: Request, limit: int) -> Submission | None:
    """The note of a form (field ``file``, else ``text``); None when neither has one (an
    empty file that was chosen is sent on, for the reader's own error)."""
    form = await request.form(
        max_files=MAX_FORM_FIELDS, max_fields=MAX_FORM_FIELDS, max_part_size=limit
    )
    upload = form.get("file")
    if isinstance(upload, UploadFile) and (upload.filename or upload.size):
        data = await upload.read()
        return Submission(data=data, source=file_name(upload.filename) or "upload")
    text = form.get("text")
    if isinstance(text, str) and text.strip():
        return Submission(text=text)
    return None


async def from_request(request: Request, limit: int) -> Submission:
    """The note of an API request: JSON ``{"text": ..., "source": ...}``, a form (``file``
    or ``text``) or a ``text/plain`` body. Raises 400 for a malformed request, 415 for
    another content type."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind == "application/json":
        body = await json_body(request)
        if not isinstance(body, dict) or not isinstance(body.get("text"), str):
            raise HTTPException(400, 'the JSON body must be an object with a "text" string')
        source = body.get("source")
        if source is not None and not isinstance(source, str):
            raise HTTPException(400, '"source" must be a string')
        return Submission(text=body["text"], source=source)
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        found = await from_form(request, limit)
        if found is None:
            raise HTTPException(400, 'send the note as a "file" or a "text" field')
        return found
    if kind in ("text/plain", ""):
        return Submission(data=await request.body(), source=None)
    raise HTTPException(
        415, "send application/json, multipart/form-data or text/plain, not " + repr(kind)
    )


async def json_body(request: Request) -> Any:
    """The request's JSON body; 400 (with where it broke) when it is not JSON."""
    body = await request.body()
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise HTTPException(400, f"malformed JSON body: {exc}") from None
