"""A note's date and title, read from its file."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from evaluation.make_folder import docx_bytes, eml_bytes, pdf_bytes
from evaluation.make_notes import DATE_STYLES, write_dated_corpus
from sentiment.desk.dates import dateline, html_meta, note_facts, parse_date
from sentiment.readers import extract_document, front_matter

UTC = timezone.utc


def _facts(data: bytes, name: str):
    document = extract_document(data, name)
    return note_facts(data, name, document.text, document.format)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-03", datetime(2026, 3, 3, tzinfo=UTC)),
        ("2026-03-03T09:30:00Z", datetime(2026, 3, 3, 9, 30, tzinfo=UTC)),
        ("2026-03-03T09:30:00-05:00", datetime(2026, 3, 3, 14, 30, tzinfo=UTC)),
        ("Tue, 3 Mar 2026 09:30:00 +0000", datetime(2026, 3, 3, 9, 30, tzinfo=UTC)),
        ("March 3, 2026", datetime(2026, 3, 3, tzinfo=UTC)),
        ("3 March 2026", datetime(2026, 3, 3, tzinfo=UTC)),
        ("Sept. 30th, 2025", datetime(2025, 9, 30, tzinfo=UTC)),
        ("D:20260303093000+00'00'", datetime(2026, 3, 3, tzinfo=UTC)),
        ("'2026-03-03'", datetime(2026, 3, 3, tzinfo=UTC)),
        ("soon", None),
        ("February 30, 2026", None),
        ("", None),
    ],
)
def test_parse_date_reads_the_ways_notes_write_dates(text, expected) -> None:
    assert parse_date(text) == expected


def test_a_dateline_is_looked_for_only_in_the_first_lines() -> None:
    assert dateline("NEW YORK, March 3, 2026 -- Apple rose.") == datetime(2026, 3, 3, tzinfo=UTC)
    late = "\n".join(["filler"] * 10 + ["2026-03-03"])
    assert dateline(late) is None
    assert dateline("Revenue grew 12% in 2025.") is None  # a year alone is not a date


def test_front_matter_and_html_meta_are_read_as_flat_pairs() -> None:
    assert front_matter('---\ntitle: "A note"\nDate: 2026-03-03\n---\nBody') == {
        "title": "A note",
        "date": "2026-03-03",
    }
    assert front_matter("No front matter\n---\ndate: 2026-03-03\n---") == {}
    page = '<meta name="DC.date" content="2026-03-03"><meta property=og:title content=Hi>'
    assert html_meta(page) == {"dc.date": "2026-03-03", "og:title": "Hi"}


NOTE = "Apple (AAPL) beat estimates with strong iPhone sales."


@pytest.mark.parametrize(
    ("name", "data", "title", "day", "source"),
    [
        (
            "a.md",
            f"---\ntitle: Apple beats\ndate: 2026-03-03\n---\n{NOTE}".encode(),
            "Apple beats",
            date(2026, 3, 3),
            "front-matter",
        ),
        (
            "a.html",
            b'<html><head><title>Apple &amp; co</title><meta property="article:published_time"'
            b' content="2026-03-03T10:00:00Z"></head><body><p>' + NOTE.encode() + b"</p></body>",
            "Apple & co",
            date(2026, 3, 3),
            "html-meta",
        ),
        (
            "b.html",
            b'<html><body><article><time datetime="2026-03-04">4 Mar</time><p>'
            + NOTE.encode()
            + b"</p></article></body></html>",
            NOTE,  # no <title>: the first line of the main text
            date(2026, 3, 4),
            "html-meta",
        ),
        (
            "a.eml",
            eml_bytes("Apple beats", NOTE, sent=datetime(2026, 3, 5, 8, 0, tzinfo=UTC)),
            "Apple beats",
            date(2026, 3, 5),
            "metadata",
        ),
        ("a.txt", f"March 6, 2026\n\n{NOTE}".encode(), NOTE, date(2026, 3, 6), "text"),
        (
            "b.md",
            f"# Apple, March 6, 2026\n{NOTE}".encode(),
            "Apple, March 6, 2026",
            date(2026, 3, 6),
            "text",
        ),
        ("b.txt", NOTE.encode(), NOTE, None, "added"),
        ("c.eml", eml_bytes("No date", NOTE), "No date", None, "added"),
    ],
)
def test_note_facts_find_title_date_and_where_the_date_came_from(
    name, data, title, day, source
) -> None:
    facts = _facts(data, name)
    assert facts.title == title
    assert (facts.date.date() if facts.date else None) == day
    assert facts.date_source == source


def test_pdf_and_docx_dates_come_from_their_document_properties() -> None:
    pdf = _facts(pdf_bytes([[NOTE]]), "a.pdf")
    assert pdf.date_source == "added" and pdf.title == NOTE  # this PDF has no info dictionary
    docx = _facts(docx_bytes([NOTE]), "a.docx")
    assert docx.date_source == "metadata" and docx.date is not None  # python-docx sets created


def test_every_generated_dated_note_carries_its_date(tmp_path) -> None:
    paths = write_dated_corpus(tmp_path, 8, 3, date(2025, 1, 1), 30, pages=(0.2, 0.3))
    sources = set()
    for path in paths:
        facts = _facts(path.read_bytes(), path.name)
        assert date(2025, 1, 1) <= facts.date.date() < date(2025, 1, 31)
        sources.add(facts.date_source)
    assert sources == {"front-matter", "html-meta", "metadata", "text"}
    assert len(DATE_STYLES) == 4
    again = write_dated_corpus(tmp_path / "again", 8, 3, date(2025, 1, 1), 30, pages=(0.2, 0.3))
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in paths]
