"""A note's date and title, read from the file: its metadata (PDF and DOCX properties, an
e-mail's ``Date:`` header), YAML-style front matter, an HTML ``<meta>`` date or
``<time datetime>``, or a dateline in the first lines of its text.

``date_source`` says which (``metadata``, ``front-matter``, ``html-meta``, ``text``); when
none has a date, ``date`` is None and the library uses the time the note was added
(``added``). A file's modification time is not used: copying a folder changes it.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.parser import BytesParser
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib import resources

from sentiment.desk.periods import as_utc
from sentiment.readers import front_matter

DATELINE_LINES = 8
TITLE_CHARS = 160
_FRONT_DATE_KEYS = ("date", "published", "publish_date", "pubdate", "created")
_META_TAG = re.compile(r"<meta\b([^>]*)>", re.I)
_TIME_TAG = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']+)[\"']", re.I)
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title>", re.I | re.S)
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_MONTHS = (
    {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
    | {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
    | {"sept": 9}
)
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DATELINES = (
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b"),
)


@dataclass(frozen=True)
class NoteFacts:
    """What a file says about itself: its title, its date (None: unknown) and where the
    date came from (``added`` when there is none)."""

    title: str | None
    date: datetime | None
    date_source: str


def note_facts(data: bytes, source: str, text: str, format: str) -> NoteFacts:
    """The title and date of a note from its bytes, its name, the text the readers made of
    it and their format (``text``, ``html``, ``pdf``, ``docx``, ``eml``). Without a title
    of its own, a note's title is its first line (a line that opens with a date skipped)."""
    title, when, where = None, None, "added"
    finders = {
        "pdf": _pdf_facts,
        "docx": _docx_facts,
        "eml": _eml_facts,
        "html": _html_facts,
        "text": _front_matter_facts,
    }
    finder = finders.get(format)
    if finder is not None:
        title, when, where = finder(data)
    if when is not None:
        return NoteFacts(title or first_line(text), when, where)
    found = dated_line(text)
    if found is None:
        return NoteFacts(title or first_line(text), None, "added")
    when, line = found
    return NoteFacts(
        title or first_line(text, skip=line if _opens_with_date(line) else None), when, "text"
    )


def parse_date(value: str) -> datetime | None:
    """A date or time written as ISO-8601 (``2026-03-03``, ``...T09:30:00Z``), as an e-mail
    date (``Tue, 3 Mar 2026 09:30:00 +0000``), as ``March 3, 2026`` or ``3 March 2026``,
    or PDF's ``D:20260303093000``; UTC (a time without offset taken as UTC). None if not."""
    value = value.strip().strip("\"'")
    if not value:
        return None
    if value.startswith("D:") and value[2:10].isdigit():
        value = f"{value[2:6]}-{value[6:8]}-{value[8:10]}"
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
        return as_utc(parsed)
    except ValueError:
        pass
    try:
        return as_utc(parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    return dateline(value, lines=1)


def dateline(text: str, lines: int = DATELINE_LINES) -> datetime | None:
    """The first date written in the first ``lines`` non-empty lines of ``text``."""
    found = dated_line(text, lines)
    return found[0] if found else None


def dated_line(text: str, lines: int = DATELINE_LINES) -> tuple[datetime, str] | None:
    """The first date in the first ``lines`` non-empty lines of ``text``, and its line."""
    head = [line for line in text.splitlines() if line.strip()][:lines]
    for line in head:
        found = []
        for pattern in _DATELINES:
            for match in pattern.finditer(line):
                day = _calendar_date(match)
                if day is not None:
                    found.append((match.start(), day))
        if found:
            return as_utc(min(found)[1]), line
    return None


def _opens_with_date(line: str) -> bool:
    """Whether ``line`` starts with a date (a dateline, not a title that names a date)."""
    start = line.lstrip(" #\t")
    return any(pattern.match(start) for pattern in _DATELINES)


def first_line(text: str, skip: str | None = None) -> str | None:
    """The first non-empty line of ``text`` other than ``skip`` (Markdown heading marks
    removed), cut short."""
    for line in text.splitlines():
        if skip is not None and line == skip:
            continue
        line = line.strip().lstrip("#").strip()
        if line and line != "---":
            return line[:TITLE_CHARS]
    return None


def html_meta(html: str) -> dict[str, str]:
    """The ``<meta>`` tags of a page with a name (``name``, ``property``, ``itemprop`` or
    ``http-equiv``, lower-cased) and a ``content``; the first of each name."""
    found: dict[str, str] = {}
    for tag in _META_TAG.finditer(html):
        attributes = {
            m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
            for m in _ATTRIBUTE.finditer(tag.group(1))
        }
        name = next(
            (
                attributes[k]
                for k in ("name", "property", "itemprop", "http-equiv")
                if k in attributes
            ),
            None,
        )
        if name and "content" in attributes:
            found.setdefault(name.strip().lower(), attributes["content"])
    return found


@lru_cache(maxsize=1)
def date_meta_names() -> tuple[str, ...]:
    """The ``<meta>`` names that give a page's date, most specific first (a data file)."""
    path = resources.files("sentiment").joinpath("resources", "desk", "date_meta_names.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


def _front_matter_facts(data: bytes) -> tuple[str | None, datetime | None, str]:
    pairs = front_matter(data[:8192].decode("utf-8", "replace"))
    for key in _FRONT_DATE_KEYS:
        when = parse_date(pairs.get(key, ""))
        if when is not None:
            return pairs.get("title"), when, "front-matter"
    return pairs.get("title"), None, "added"


def _html_facts(data: bytes) -> tuple[str | None, datetime | None, str]:
    import html as html_module

    page = data[: 2**20].decode("utf-8", "replace")
    meta = html_meta(page)
    title_tag = _TITLE_TAG.search(page)
    title = meta.get("og:title") or (title_tag and " ".join(title_tag.group(1).split()))
    title = html_module.unescape(title) if title else None
    for name in date_meta_names():
        when = parse_date(meta.get(name, ""))
        if when is not None:
            return title, when, "html-meta"
    for match in _TIME_TAG.finditer(page):
        when = parse_date(match.group(1))
        if when is not None:
            return title, when, "html-meta"
    return title, None, "added"


def _eml_facts(data: bytes) -> tuple[str | None, datetime | None, str]:
    headers = BytesParser().parsebytes(data, headersonly=True)
    subject = headers.get("Subject")
    when = parse_date(str(headers.get("Date", "")))
    return (str(subject) if subject else None), when, "metadata" if when else "added"


def _pdf_facts(data: bytes) -> tuple[str | None, datetime | None, str]:
    from pypdf import PdfReader

    try:
        info = PdfReader(io.BytesIO(data)).metadata
    except Exception:  # noqa: BLE001 - a PDF the reader could read but whose metadata is broken
        return None, None, "added"
    if info is None:
        return None, None, "added"
    raw = info.get("/CreationDate") or info.get("/ModDate")
    when = parse_date(str(raw)) if raw else None
    title = str(info.title) if info.title else None
    return title, when, "metadata" if when else "added"


def _docx_facts(data: bytes) -> tuple[str | None, datetime | None, str]:
    from docx import Document

    try:
        properties = Document(io.BytesIO(data)).core_properties
    except Exception:  # noqa: BLE001 - metadata is optional; the text was read already
        return None, None, "added"
    when = properties.created or properties.modified
    return properties.title or None, as_utc(when) if when else None, "metadata" if when else "added"


def _calendar_date(match: re.Match[str]) -> date | None:
    month = match.group("month")
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        return date(int(match.group("year")), number, int(match.group("day")))
    except ValueError:
        return None
