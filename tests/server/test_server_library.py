"""The library's pages and API in the server: Library, a note, a Ticker and its chart, saving."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from sentiment.api import Analyzer
from sentiment.desk.library import Library
from sentiment.server import create_app
from sentiment.server.app import api_routes
from sentiment.server.library import library_extension, note_url
from tests.conftest import FakeClassifier
from tests.server.conftest import client_for, fill_library

NOTES = 12


@pytest.fixture(scope="module")
def library_path(tmp_path_factory) -> Path:
    """A library of dated generated notes, scored by the fake model."""
    return fill_library(tmp_path_factory.mktemp("notes"), NOTES)


@pytest.fixture
def desk(library_path: Path):
    app = create_app(
        Analyzer(classifier=FakeClassifier()), extensions=[library_extension(library_path)]
    )
    with client_for(app) as client:
        yield app, client


@pytest.fixture
def client(desk):
    return desk[1]


@pytest.fixture
def library(library_path: Path):
    with Library(library_path) as opened:
        yield opened


def test_the_library_page_lists_the_notes_newest_first(client, library) -> None:
    page = client.get("/library")
    assert page.status_code == 200 and f"{NOTES} notes" in page.text
    links = re.findall(r'<td><a href="(/notes/[^"]+)">', page.text)
    assert links == [note_url(n.id) for n in library.notes(limit=50)]
    assert '<a href="/library" class="current">Library</a>' in page.text


def test_the_library_page_and_its_json_twin_filter_alike(client, library) -> None:
    symbol = library.symbols()[0]
    for query, kwargs in [
        (f"ticker={symbol.lower()}", {"ticker": symbol}),
        ("label=negative", {"label": "negative"}),
        ("since=2026-07-01&until=2026-08-01", {"since": "2026-07-01", "until": "2026-08-01"}),
        ("limit=5&offset=5", {"limit": 5, "offset": 5}),
    ]:
        expected = [n.id for n in library.notes(**kwargs)]
        api = client.get(f"/api/notes?{query}").json()
        assert [n["id"] for n in api["notes"]] == expected, query
        page = client.get(f"/library?{query}").text
        assert re.findall(r'<td><a href="(/notes/[^"]+)">', page) == [note_url(i) for i in expected]


def test_the_library_pages_through_its_notes(client) -> None:
    first = client.get("/library?limit=5").text
    assert "Notes 1–5" in first
    url = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert "Notes 6–10" in client.get(url).text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("label=great", "label must be one of"),
        ("since=someday", "is neither a duration"),
        ("limit=0", "limit must be a whole number"),
        ("offset=-1", "offset must be a whole number"),
    ],
)
def test_bad_filters_are_400(client, query: str, message: str) -> None:
    page, api = client.get(f"/library?{query}"), client.get(f"/api/notes?{query}")
    assert page.status_code == api.status_code == 400
    assert message in page.text and message in api.json()["error"]["message"]


def test_a_note_opens_as_on_the_score_page(client, library) -> None:
    row = library.notes(limit=1)[0]
    stored = library.note(row.id)
    page = client.get(note_url(row.id))
    assert page.status_code == 200 and row.id.count("#") == 1
    assert f'id="overall-label">{stored.label}<' in page.text
    sentences = re.findall(r'<span class="sentence shade', page.text)
    assert len(sentences) == len(stored.result["sentences"])
    for symbol in row.tickers:
        assert f'<a href="/tickers/{symbol}">{symbol}</a>' in page.text
    api = client.get("/api/notes/" + quote(row.id, safe="/")).json()
    assert api == stored.to_dict()


def test_an_unknown_note_is_404(client) -> None:
    for path in ("/notes/nothing%23123", "/notes/../../etc/passwd", "/api/notes/nothing"):
        response = client.get(path)
        assert response.status_code == 404, path


def test_the_ticker_page_draws_its_history(client, library) -> None:
    symbol = max(library.symbols(), key=lambda s: len(library.ticker_rows(s)))
    for by in ("day", "week", "month"):
        periods = library.ticker_history(symbol, by=by)
        page = client.get(f"/tickers/{symbol}?by={by}")
        assert page.status_code == 200
        assert len(re.findall(r'<circle class="dot dot-(\w+)"', page.text)) == len(periods)
        assert len(re.findall(r'<rect class="bar"', page.text)) == len(periods)
        api = client.get(f"/api/tickers/{symbol.lower()}/history?by={by}").json()
        assert api["periods"] == [p.to_dict() for p in periods]
    latest = re.findall(r'<td><a href="(/notes/[^"]+)">', client.get(f"/tickers/{symbol}").text)
    rows = library.ticker_rows(symbol)
    assert latest == [note_url(r.note_id) for r in reversed(rows[-20:])]


def test_a_ticker_without_history_and_bad_periods(client) -> None:
    page, api = client.get("/tickers/ZZZZ"), client.get("/api/tickers/ZZZZ/history")
    assert page.status_code == api.status_code == 404
    assert "no note in the library mentions ZZZZ" in page.text
    assert client.get("/tickers/NVDA?by=year").status_code == 400
    assert client.get("/tickers/%3Cscript%3E").status_code == 404


def test_a_scored_note_is_saved_to_the_library_once(client, library, note_text: str) -> None:
    result = client.post("/score", data={"text": note_text}, follow_redirects=False)
    page = client.get(result.headers["location"]).text
    save = re.search(r'<form method="post" action="(/library/save/[\w-]+)"', page).group(1)
    first = client.post(save, follow_redirects=False)
    again = client.post(save, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    note_id = first.headers["location"].removeprefix("/notes/").replace("%23", "#")
    stored = library.note(note_id)
    assert stored.title == "Nvidia (NASDAQ: NVDA) beats again; Intel guidance disappoints"
    assert stored.source == f"web:{note_id}" and "NVDA" in stored.tickers
    assert client.post("/library/save/expired", follow_redirects=False).status_code == 404


def test_the_openapi_document_lists_the_librarys_routes(desk) -> None:
    app, client = desk
    document = client.get("/api/openapi.json").json()
    routes = {(r.path_format, m.lower()) for r in api_routes(app) for m in r.methods - {"HEAD"}}
    assert routes == {(p, m) for p, ops in document["paths"].items() for m in ops}
    assert "/api/tickers/{symbol}/history" in document["paths"]
