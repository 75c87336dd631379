"""Fixtures of the server's tests: the app around the FakeClassifier, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from sentiment.server import ServerSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
NOTE = ROOT / "corpora" / "examples" / "note.txt"
BASE_URL = "http://127.0.0.1:8000"


def fill_library(folder: Path, count: int) -> Path:
    """A library of ``count`` dated generated notes (90 days from 2026-06-01), scored by the
    fake model; its path."""
    from evaluation.make_notes import write_dated_corpus
    from sentiment.api import Analyzer
    from sentiment.desk.ingest import add_paths
    from sentiment.desk.library import Library
    from tests.conftest import FakeClassifier

    paths = write_dated_corpus(folder, count, 7, date(2026, 6, 1), 90, (0.3, 0.6))
    path = folder / "library.db"
    with Library(path) as library:
        summary = add_paths(library, paths, Analyzer(classifier=FakeClassifier()))
    assert summary.counts["added"] == count
    return path


HOSTILE = (
    "Zebra Technologies (ZBRA) <script>window.pwned = 1</script> fell sharply "
    '<img src=x onerror="window.pwned = 2">. Revenue dropped.'
)
RULES = """\
[channels]
stdout = false

[rules.new-name]
scope = "any"
condition = "first_mention"

[rules.holdings-sour]
scope = "portfolio"
condition = "score_below"
threshold = -0.3
"""


def make_desk(folder: Path) -> dict[str, Path]:
    """In ``folder``: a library of 12 generated notes and a hostile one, a holdings file of
    its three most named tickers and IBM (never named), a rules file, and the alerts those
    rules fired; their paths (db, holdings, rules)."""
    from sentiment.api import Analyzer
    from sentiment.desk.alerts import AlertEngine, load_rules
    from sentiment.desk.holdings import read_holdings
    from sentiment.desk.library import Library
    from tests.conftest import FakeClassifier

    db = fill_library(folder / "notes", 12)
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    holdings, rules = folder / "holdings.csv", folder / "alerts.toml"
    rules.write_text(RULES, encoding="utf-8")
    with Library(db) as library:
        library.add_file(hostile, Analyzer(classifier=FakeClassifier()))
        top = sorted(library.symbols(), key=lambda s: -len(library.ticker_rows(s)))[:3]
        holdings.write_text(
            "ticker,weight\n" + "".join(f"{s},30\n" for s in top) + "IBM,10\n", encoding="utf-8"
        )
        engine = AlertEngine(library, load_rules(rules), read_holdings(holdings).symbols)
        assert engine.check(n.id for n in library.notes(limit=500))
    return {"db": db, "holdings": holdings, "rules": rules, "folder": folder}


def client_for(app, **kwargs) -> TestClient:
    """A client that talks to ``app`` as a browser on this machine would."""
    return TestClient(app, base_url=BASE_URL, **kwargs)


@pytest.fixture
def note_text() -> str:
    return NOTE.read_text(encoding="utf-8")


@pytest.fixture
def settings() -> ServerSettings:
    return ServerSettings()


@pytest.fixture
def app(analyzer, settings):
    return create_app(analyzer, settings=settings)


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with client_for(app) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's package, the system driver), for a test module."""
    from evaluation.browser import chromium

    driver = chromium()
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, base_url):
    """The browser, with its console checked after the test: no policy violation, no error
    (each browser test module has its own ``base_url``: a server it started)."""
    browser.get_log("browser")  # drop earlier tests' lines
    yield browser
    problems = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not [p for p in problems if "favicon" not in p], problems


def after_loading(driver, action, css: str, timeout: float = 20):
    """Run ``action`` (a click that loads a page), wait until the old page is gone, then for
    ``css`` on the new one (the old page may hold the same element)."""
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    action()
    # Mid-navigation chromedriver may answer a check on the old page with "unhandled
    # inspector error" instead of a stale element: look again until the old page is gone.
    wait = WebDriverWait(driver, timeout, ignored_exceptions=(WebDriverException,))
    wait.until(ec.staleness_of(old))
    return wait_visible(driver, css, timeout)


def wait_visible(driver, css: str, timeout: float = 20):
    """The element ``css`` once it is visible (a TimeoutException after ``timeout`` s)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, css))
    )
