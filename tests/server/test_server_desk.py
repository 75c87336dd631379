"""The desk's Portfolio and Alerts pages, their API, the ticker page's alerts, and the watcher
running in the server (``sentiment serve --watch --portfolio --alerts``)."""

from __future__ import annotations

import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from sentiment.api import Analyzer
from sentiment.desk.alerts import AlertEngine, list_alerts, load_rules
from sentiment.desk.holdings import read_holdings
from sentiment.desk.library import Library
from sentiment.desk.portfolio import portfolio_view
from sentiment.server import ServerSettings, create_app
from sentiment.server.app import api_routes
from sentiment.server.command import desk_extensions
from tests.conftest import FakeClassifier
from tests.server.conftest import BASE_URL, NOTE, client_for, make_desk

SINCE = "since=2026-06-01&by=month"


def alert_rows(html: str) -> int:
    """How many alert rows a page (or part of one) shows."""
    return len(re.findall(r'<tr[^>]*class="alert[ "]', html))


@pytest.fixture(scope="module")
def desk_files(tmp_path_factory) -> dict[str, Path]:
    return make_desk(tmp_path_factory.mktemp("desk"))


def _app(settings: ServerSettings, classifier: FakeClassifier | None = None):
    analyzer = Analyzer(classifier=classifier or FakeClassifier())
    return create_app(analyzer, settings=settings, extensions=desk_extensions(settings))


@pytest.fixture(scope="module")
def client(desk_files):
    settings = ServerSettings(
        db=desk_files["db"], portfolio=desk_files["holdings"], alerts=desk_files["rules"]
    )
    with client_for(_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def bare(desk_files):
    """The desk on the same library, without a portfolio or rules."""
    with client_for(_app(ServerSettings(db=desk_files["db"]))) as test_client:
        yield test_client


@pytest.fixture
def library(desk_files):
    with Library(desk_files["db"]) as opened:
        yield opened


# ----- Portfolio -------------------------------------------------------------------------


def test_the_portfolio_page_shows_holdings_line_and_movers(client, desk_files, library) -> None:
    holdings = read_holdings(desk_files["holdings"])
    view = portfolio_view(library, holdings, since="2026-06-01", by="month")
    page = client.get(f"/portfolio?{SINCE}")
    assert page.status_code == 200
    rows = re.findall(r'<td class="symbol"><a href="/tickers/(\w+)">', page.text)
    assert rows == [h.symbol for h in view.holdings] and "IBM" in rows
    assert page.text.count('<svg class="spark"') == len(rows)
    assert 'class="uncovered"' in page.text and "no coverage" in page.text
    scored = [p for p in view.periods if p.score is not None]
    assert page.text.count('<circle class="dot') == len(scored) > 1
    assert 'aria-label="portfolio sentiment per month"' in page.text
    assert '<a href="/portfolio" class="current">Portfolio</a>' in page.text


def test_the_portfolio_api_is_the_pages_view(client, desk_files, library) -> None:
    body = client.get(f"/api/portfolio?{SINCE}").json()
    view = portfolio_view(
        library, read_holdings(desk_files["holdings"]), since="2026-06-01", by="month"
    ).to_dict()
    assert [h["symbol"] for h in body["holdings"]] == [h["symbol"] for h in view["holdings"]]
    assert [h["score"] for h in body["holdings"]] == [h["score"] for h in view["holdings"]]
    assert body["periods"] == view["periods"] and body["uncovered"] == ["IBM"]


def test_the_portfolio_without_a_holdings_file_says_so(bare) -> None:
    page = bare.get("/portfolio")
    assert page.status_code == 404 and "start the server with --portfolio FILE" in page.text
    assert '<a href="/portfolio" class="current">Portfolio</a>' in page.text  # still in the menu
    answer = bare.get("/api/portfolio")
    assert answer.status_code == 404
    assert "--portfolio" in answer.json()["error"]["message"]


def test_bad_portfolio_options_are_400(client) -> None:
    assert client.get("/portfolio?by=year").status_code == 400
    answer = client.get("/api/portfolio?since=soon")
    assert answer.status_code == 400 and answer.json()["error"]["message"].startswith("since")


# ----- Alerts ----------------------------------------------------------------------------


def test_the_alerts_page_lists_alerts_with_evidence_and_the_rules(client, library) -> None:
    stored = list_alerts(library)
    page = client.get("/alerts")
    assert page.status_code == 200
    assert alert_rows(page.text) == len(stored) > 0
    first = stored[0]
    assert f'id="alert-{first.id}"' in page.text
    assert f'action="/alerts/{first.id}/ack"' in page.text
    rules = re.findall(r'<td class="rule">([\w-]+)', page.text.split('id="rules-table"')[1])
    assert rules == ["new-name", "holdings-sour"]
    assert 'src="/static/alerts.js"' in page.text


def test_alert_evidence_is_escaped(client) -> None:
    for url in ("/alerts", "/alerts?symbol=ZBRA", "/tickers/ZBRA"):
        text = client.get(url).text
        assert "&lt;script&gt;window.pwned = 1&lt;/script&gt;" in text, url
        assert "<script>window" not in text and "<img src=x" not in text, url
    alert = client.get("/api/alerts?symbol=ZBRA").json()["alerts"][0]
    assert "<script>window.pwned = 1</script>" in alert["evidence"][0]


def test_the_alerts_api_filters_like_the_page(client, library) -> None:
    everything = client.get("/api/alerts").json()["alerts"]
    assert [a["id"] for a in everything] == [a.id for a in list_alerts(library)]
    symbol = everything[-1]["symbol"]
    mine = client.get(f"/api/alerts?symbol={symbol.lower()}").json()["alerts"]
    assert mine and {a["symbol"] for a in mine} == {symbol}
    newest = everything[0]["id"]
    after = client.get(f"/api/alerts?after={newest - 2}").json()["alerts"]
    assert [a["id"] for a in after] == [newest, newest - 1]
    assert client.get("/api/alerts?since=2099-01-01").json()["alerts"] == []
    assert len(client.get("/api/alerts?limit=2").json()["alerts"]) == 2
    assert everything[0]["note_url"].startswith("/notes/")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("unacked=maybe", "unacked must be true or false"),
        ("since=whenever", "since"),
        ("after=-1", "after must be a whole number"),
        ("limit=0", "limit must be a whole number, 1 to 1000"),
        ("symbol=%3Cb%3E", "is not a ticker symbol"),
    ],
)
def test_bad_alert_filters_are_clear_errors(client, query: str, message: str) -> None:
    answer = client.get(f"/api/alerts?{query}")
    assert answer.status_code == 400 and message in answer.json()["error"]["message"]


def test_acknowledging_an_alert_by_form_and_by_api(client, library) -> None:
    first, second = list_alerts(library, acked=False)[:2]
    form = client.post(f"/alerts/{first.id}/ack", follow_redirects=False)
    assert form.status_code == 303 and form.headers["location"] == "/alerts"
    assert list_alerts(library, acked=True)[0].id == first.id
    answer = client.post(f"/api/alerts/{second.id}/ack")
    assert answer.status_code == 200 and answer.json()["acked_at"]
    unacked = [a["id"] for a in client.get("/api/alerts?unacked=true").json()["alerts"]]
    assert first.id not in unacked and second.id not in unacked and unacked
    page = client.get("/alerts").text
    assert f'action="/alerts/{first.id}/ack"' not in page and "seen 20" in page


def test_an_unknown_alert_is_404(client) -> None:
    answer = client.post("/api/alerts/999999/ack")
    assert answer.status_code == 404
    assert answer.json() == {"error": {"status": 404, "message": "no alert #999999"}}
    page = client.post("/alerts/999999/ack")
    assert page.status_code == 404 and "no alert #999999" in page.text
    assert client.post("/api/alerts/one/ack").status_code == 404


def test_a_cross_origin_ack_is_refused(client, library) -> None:
    alert = list_alerts(library, acked=False)[0]
    answer = client.post(
        f"/alerts/{alert.id}/ack", headers={"origin": "http://evil.example"}, follow_redirects=False
    )
    assert answer.status_code == 403 and list_alerts(library, acked=False)[0].id == alert.id
    same = client.post(f"/api/alerts/{alert.id}/ack", headers={"origin": BASE_URL})
    assert same.status_code == 200


def test_a_dry_run_lists_what_the_rules_would_fire(client, library, desk_files) -> None:
    engine = AlertEngine(
        library, load_rules(desk_files["rules"]), read_holdings(desk_files["holdings"]).symbols
    )
    expected = engine.dry_run()
    page = client.get("/alerts?dry_run=all")
    assert f"{len(expected)} alerts would fire" in page.text
    dry = page.text.split('id="dry-run-table"')[1]
    assert alert_rows(dry) == len(expected) and "/ack" not in dry
    assert client.get("/alerts?dry_run=someday").status_code == 400


def test_without_rules_the_page_says_how_to_add_them(bare) -> None:
    page = bare.get("/alerts")
    assert page.status_code == 200 and "--alerts RULES.toml" in page.text
    assert 'id="alert-' in page.text  # the library's alerts are listed all the same


def test_the_ticker_page_lists_its_alerts_and_claims(client, library) -> None:
    symbol = next(a.symbol for a in list_alerts(library) if a.symbol and a.symbol != "ZBRA")
    page = client.get(f"/tickers/{symbol}")
    fired = page.text.split('id="ticker-alerts"')[1]
    assert alert_rows(fired) == len(list_alerts(library, symbol=symbol))
    assert 'id="ticker-claims"' in page.text or "No claims name" in page.text


def test_the_openapi_document_lists_every_desk_route(client) -> None:
    document = client.get("/api/openapi.json").json()
    app = client.app
    routes = {(r.path_format, m.lower()) for r in api_routes(app) for m in r.methods - {"HEAD"}}
    assert routes == {(p, m) for p, ops in document["paths"].items() for m in ops}
    assert {("/api/portfolio", "get"), ("/api/alerts", "get")} <= routes
    assert ("/api/alerts/{alert_id}/ack", "post") in routes
    assert "Alert" in document["components"]["schemas"]


def test_every_page_links_to_every_other(client) -> None:
    page = client.get("/alerts").text
    menu = re.findall(r"<nav>(.*?)</nav>", page, re.S)[0]
    assert re.findall(r'href="(/\w+)"', menu) == ["/score", "/library", "/portfolio", "/alerts"]


# ----- the watcher in the server ------------------------------------------------------------


class ThreadRecorder(FakeClassifier):
    """A FakeClassifier that records which threads it was called from."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: set[str] = set()

    def predict(self, texts, targets=None):
        self.threads.add(threading.current_thread().name)
        return super().predict(texts, targets)


def _until(check, timeout: float = 30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.1)
    raise AssertionError("timed out")


def test_the_watcher_scores_on_the_pool_and_fires_alerts(tmp_path: Path, desk_files) -> None:
    db = tmp_path / "desk.db"
    shutil.copy(desk_files["db"], db)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    settings = ServerSettings(
        db=db, watch=inbox, portfolio=desk_files["holdings"], alerts=desk_files["rules"]
    )
    recorder = ThreadRecorder()
    app = _app(settings, recorder)
    with client_for(app) as client:
        watcher = app.state.watcher
        before = {a["id"] for a in client.get("/api/alerts").json()["alerts"]}
        shutil.copy(NOTE, inbox / "note.txt")
        alerts = _until(
            lambda: [a for a in client.get("/api/alerts").json()["alerts"] if a["id"] not in before]
        )
        assert {a["symbol"] for a in alerts} >= {"INTC", "SOXX"}  # first mentions
        notes = client.get("/api/notes?ticker=INTC").json()["notes"]
        assert [n["id"] for n in notes] == [alerts[0]["note_id"]]
        assert watcher._thread.is_alive()
    assert not watcher._thread.is_alive()  # stopped with the server
    assert recorder.threads and all(t.startswith("sentiment-score") for t in recorder.threads)


def test_health_says_whether_the_watcher_still_runs(tmp_path: Path, desk_files) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    app = _app(ServerSettings(db=tmp_path / "desk.db", watch=inbox))
    with client_for(app) as client:
        watcher = app.state.watcher
        assert watcher.ready.wait(10)
        health = client.get("/api/health").json()
        assert health["status"] == "ready"
        assert health["parts"]["watch"] == {
            "ok": True, "folder": str(inbox), "running": True, "error": None
        }  # fmt: skip
        shutil.rmtree(inbox)  # the watcher stops, says why, and the server stays up
        _until(lambda: not watcher.running)
        health = client.get("/api/health").json()
        assert health["status"] == "degraded"
        part = health["parts"]["watch"]
        assert part["ok"] is False and part["running"] is False and "gone" in part["error"]
        assert client.get("/library").status_code == 200


def test_the_watchers_analyzer_runs_on_the_pool_and_stops_with_it() -> None:
    from sentiment.errors import ModelError
    from sentiment.server.watching import PooledAnalyzer

    recorder = ThreadRecorder()
    app = create_app(Analyzer(classifier=recorder))
    pooled = PooledAnalyzer(app.state.desk)
    result = pooled.analyze("Revenue rose 5% and margins expanded.")
    assert result.label == "positive" and "model" in pooled.result_settings()
    assert recorder.threads and all(t.startswith("sentiment-score") for t in recorder.threads)
    app.state.desk.pool.close()
    with pytest.raises(ModelError, match="the server is stopping"):
        pooled.analyze("Revenue rose.")
