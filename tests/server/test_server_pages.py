"""The Score page: paste or upload a note, see it shaded and marked; bad input is a clear page."""

from __future__ import annotations

import re

import pytest

from sentiment.aggregate import score_text
from sentiment.server import ServerSettings, create_app
from tests.server.conftest import client_for


def _score(client, **kwargs):
    response = client.post("/score", follow_redirects=False, **kwargs)
    assert response.status_code == 303, response.text
    return client.get(response.headers["location"])


def test_the_desk_opens_on_the_score_form(client) -> None:
    response = client.get("/")
    assert response.status_code == 200 and response.url.path == "/score"
    assert '<form method="post" action="/score"' in response.text
    assert 'enctype="multipart/form-data"' in response.text


def test_a_pasted_note_is_shown_scored(client, analyzer, note_text: str) -> None:
    page = _score(client, data={"text": note_text})
    expected = analyzer.analyze(note_text)
    assert page.status_code == 200
    assert f'id="overall-label">{expected.label}<' in page.text
    assert f'id="overall-score">{score_text(expected.score)}<' in page.text
    assert f"({expected.scale_label})" in page.text
    shades = re.findall(r'<span class="sentence (shade-[mp0-9]+)"', page.text)
    assert len(shades) == len(expected.sentences)
    assert {"shade-p3", "shade-m3", "shade-0"} <= set(shades)
    rows = re.findall(r'<tr id="ticker-(\w+)" class="ticker-row">', page.text)
    assert rows == [t.ticker for t in expected.tickers]
    assert 'class="mention" href="#ticker-NVDA"' in page.text
    assert page.text.count("<tr><td>") == len(expected.claims)  # one claims row each


def test_an_uploaded_file_is_read_by_its_format(client) -> None:
    html = b"<html><body><nav>Menu</nav><p>Nvidia (NVDA) beat estimates and margins rose.</p>"
    page = _score(client, files={"file": ("desk/../note.html", html, "text/html")})
    assert "<h1>note.html</h1>" in page.text  # the name only, never a path
    assert "Menu" not in page.text and 'href="#ticker-NVDA"' in page.text


def test_note_html_is_shown_as_text(client) -> None:
    hostile = (
        'Apple (AAPL) <script>window.pwned = 1</script> rose. <img src=x onerror="alert(1)"> '
        "</textarea><b>bold</b>"
    )
    page = _score(client, data={"text": hostile})
    assert "<script>window" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in page.text
    assert "onerror=&#34;alert(1)&#34;" in page.text and "<b>bold" not in page.text


def test_a_long_note_is_paged(analyzer) -> None:
    app = create_app(analyzer, settings=ServerSettings(per_page=10))
    text = " ".join(f"Revenue rose {i}% in quarter {i}." for i in range(25))
    with client_for(app) as client:
        first = _score(client, data={"text": text})
        assert "Sentences 1–10 of 25 · page 1 of 3" in first.text
        assert first.text.count('<span class="sentence shade') == 10
        url = re.search(r'href="(/score/[\w-]+\?page=2)" rel="next"', first.text).group(1)
        second = client.get(url)
        assert "Sentences 11–20 of 25 · page 2 of 3" in second.text
        assert client.get(url.replace("page=2", "page=abc")).status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "status", "message"),
    [
        ({"data": {"text": ""}}, 400, "paste a note or choose a file"),
        ({"data": {"text": "   \n "}}, 400, "paste a note or choose a file"),
        ({"files": {"file": ("empty.txt", b"")}}, 422, "empty.txt: empty file"),
        ({"files": {"file": ("x.bin", bytes(range(256)) * 8)}}, 422, "x.bin: binary file"),
        ({"files": {"file": ("x.xlsx", b"PK")}}, 422, "Excel files are not supported"),
        ({"data": {"text": "-- ** --"}}, 422, "no letter or digit"),
    ],
)
def test_bad_input_is_a_clear_page(client, kwargs: dict, status: int, message: str) -> None:
    response = client.post("/score", **kwargs)
    assert response.status_code == status
    assert message in response.text and "Traceback" not in response.text
    assert '<form method="post" action="/score"' in response.text  # the form, to try again


def test_a_huge_upload_is_413(analyzer) -> None:
    app = create_app(analyzer, settings=ServerSettings(max_upload_bytes=1000))
    with client_for(app) as client:
        response = client.post("/score", files={"file": ("big.txt", b"word " * 500)})
    assert response.status_code == 413
    assert "over the 0.0 MB limit" in response.text and "<h1>413" in response.text


def test_an_unknown_result_id_is_404(client) -> None:
    response = client.get("/score/not-a-result")
    assert response.status_code == 404 and "no longer kept" in response.text
    for path in ("/score/..%2f..%2fetc%2fpasswd", "/static/../app.py", "/nothing"):
        assert client.get(path).status_code == 404


def test_only_the_last_results_are_kept(analyzer) -> None:
    app = create_app(analyzer, settings=ServerSettings(cached_results=2))
    with client_for(app) as client:
        urls = [
            client.post(
                "/score", data={"text": f"Revenue rose {i}%."}, follow_redirects=False
            ).headers["location"]
            for i in range(3)
        ]
        assert [client.get(u).status_code for u in urls] == [404, 200, 200]


def test_pages_load_only_the_apps_own_script_and_stylesheet(client) -> None:
    page = client.get("/score").text
    assert re.findall(r'<script[^>]*src="([^"]+)"', page) == ["/static/app.js"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["/static/app.css"]
    for asset in ("/static/app.js", "/static/app.css"):
        response = client.get(asset)
        assert response.status_code == 200 and "http://" not in response.text
        assert "https://" not in response.text


def test_a_note_of_ten_thousand_sentences_stays_a_page_a_browser_shows(client, app) -> None:
    from sentiment.results import DocumentSentiment, SentenceSentiment
    from sentiment.server.recent import StoredResult

    sentences, at, parts = [], 0, []
    for i in range(10_000):
        text = f"Revenue rose {i}% and margins expanded."
        sentences.append(SentenceSentiment(text, at, at + len(text), "positive", 0.6))
        parts.append(text)
        at += len(text) + 1
    text = " ".join(parts)
    document = DocumentSentiment("positive", 0.6, tuple(sentences), scale_label="bullish")
    stored = StoredResult(document, document.to_dict(), text, "long.txt", text.encode(), "text")
    result_id = app.state.desk.results.put(stored)
    first = client.get(f"/score/{result_id}")
    last = client.get(f"/score/{result_id}?page=25")
    assert first.status_code == last.status_code == 200
    assert "Sentences 1–400 of 10000 · page 1 of 25" in first.text
    assert "Sentences 9601–10000 of 10000 · page 25 of 25" in last.text
    assert first.text.count('<span class="sentence shade-p2"') == 400
    assert len(first.content) < 150_000
