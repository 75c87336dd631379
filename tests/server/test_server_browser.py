"""The desk in a real browser: headless Chromium (Debian's package) driven by Selenium.

The server runs in a thread on 127.0.0.1 around the FakeClassifier; each test loads a page,
acts as a person would and checks what the page shows. Skipped only when chromium or
chromedriver is not installed (``.ci/run`` installs both).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from evaluation.browser import browser_missing, free_port, serving
from sentiment.api import Analyzer
from sentiment.desk.library import Library
from sentiment.server import ServerSettings, create_app
from sentiment.server.library import library_extension
from tests.conftest import FakeClassifier
from tests.server.conftest import NOTE, after_loading, fill_library, wait_visible

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
PER_PAGE = 20


@pytest.fixture(scope="module")
def library_path(tmp_path_factory) -> Path:
    return fill_library(tmp_path_factory.mktemp("notes"), 12)


@pytest.fixture(scope="module")
def base_url(library_path: Path):
    app = create_app(
        Analyzer(classifier=FakeClassifier()),
        settings=ServerSettings(per_page=PER_PAGE),
        extensions=[library_extension(library_path)],
    )
    with serving(app, free_port()) as url:
        yield url


def _paste_and_score(driver, base_url: str, text: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get(f"{base_url}/score")
    box = driver.find_element(By.ID, "text")
    box.clear()
    box.send_keys(text)
    driver.find_element(By.ID, "score-button").click()
    wait_visible(driver, "#verdict")


def test_the_score_page_loads(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    page.get(base_url)
    assert page.current_url == f"{base_url}/score"
    assert page.title == "Score a note · sentiment desk"
    assert page.find_element(By.ID, "text").is_displayed()
    assert page.find_element(By.CSS_SELECTOR, "nav a.current").text == "Score"


def test_a_pasted_note_shows_shaded_sentences_and_the_ticker_table(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    _paste_and_score(page, base_url, NOTE.read_text(encoding="utf-8"))
    sentences = page.find_elements(By.CSS_SELECTOR, "#note-text span.sentence")
    assert len(sentences) == 13
    positive = page.find_element(By.CSS_SELECTOR, "#note-text .shade-p3")
    negative = page.find_element(By.CSS_SELECTOR, "#note-text .shade-m3")
    # the stylesheet loaded and shades them: green-ish and red-ish backgrounds
    green = positive.value_of_css_property("background-color")
    red = negative.value_of_css_property("background-color")
    assert green.startswith("rgba(22, 140, 70") and red.startswith("rgba(200, 40, 40")
    assert "positive +0.75" in positive.get_attribute("title")
    rows = page.find_elements(By.CSS_SELECTOR, "#ticker-table tbody tr")
    assert [r.find_element(By.CSS_SELECTOR, ".symbol").text for r in rows] == [
        "INTC",
        "NVDA",
        "AMD",
        "SOXX",
    ]
    assert page.find_element(By.ID, "overall-label").text in ("positive", "neutral", "negative")
    assert page.find_elements(By.CSS_SELECTOR, "#claims-table tbody tr")


def test_clicking_a_ticker_shows_how_it_was_found_and_its_evidence(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    _paste_and_score(page, base_url, NOTE.read_text(encoding="utf-8"))
    mention = page.find_element(By.CSS_SELECTOR, 'a.mention[data-symbol="NVDA"]')
    assert "exchange" in page.find_elements(By.CSS_SELECTOR, 'a.mention[data-symbol="NVDA"]')[
        1
    ].get_attribute("title")
    mention.click()
    panel = wait_visible(page, ".popover")
    assert panel.find_element(By.TAG_NAME, "h3").text == "NVDA"
    assert "alias" in panel.text and "In this note:" in panel.text
    assert len(panel.find_elements(By.TAG_NAME, "li")) == 4
    page.find_element(By.TAG_NAME, "h2").click()
    assert not page.find_elements(By.CSS_SELECTOR, ".popover")


def test_a_hostile_note_is_shown_as_text(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    hostile = (
        "Apple (AAPL) <script>window.pwned = 1</script> rose. "
        '<img src=x onerror="window.pwned = 2"> and <b>bold</b> text.'
    )
    _paste_and_score(page, base_url, hostile)
    shown = page.find_element(By.ID, "note-text").text
    assert "<script>window.pwned = 1</script>" in shown and '<img src=x onerror="' in shown
    assert page.execute_script("return window.pwned === undefined")
    assert not page.find_elements(By.CSS_SELECTOR, "#note-text img, #note-text b")


def test_an_uploaded_file_is_scored(page, base_url, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    note = tmp_path / "desk-note.html"
    note.write_text("<html><body><p>Nvidia (NVDA) beat estimates; margins rose.</p></body></html>")
    page.get(f"{base_url}/score")
    page.find_element(By.ID, "file").send_keys(str(note))
    page.find_element(By.ID, "score-button").click()
    wait_visible(page, "#verdict")
    assert page.find_element(By.CSS_SELECTOR, "#verdict h1").text == "desk-note.html"
    assert page.find_element(By.CSS_SELECTOR, "#ticker-table .symbol").text == "NVDA"


def test_a_long_note_is_paged(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    _paste_and_score(page, base_url, " ".join(f"Revenue rose {i}% this year." for i in range(50)))
    assert "Sentences 1–20 of 50" in page.find_element(By.CSS_SELECTOR, ".pager").text
    after_loading(page, page.find_element(By.CSS_SELECTOR, ".pager a.next").click, "#verdict")
    assert (
        "Sentences 21–40 of 50 · page 2 of 3" in page.find_element(By.CSS_SELECTOR, ".pager").text
    )
    assert len(page.find_elements(By.CSS_SELECTOR, "#note-text span.sentence")) == PER_PAGE


def test_an_empty_form_and_an_unknown_note_are_clear_pages(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    page.get(f"{base_url}/score")
    page.find_element(By.ID, "score-button").click()
    assert "paste a note or choose a file" in wait_visible(page, "#error").text
    page.get(f"{base_url}/score/unknown-id")
    assert page.find_element(By.CSS_SELECTOR, "#error h1").text == "404 Not Found"
    page.get_log("browser")  # the 404 itself is logged as a failed load; that is the point


def test_the_library_lists_filters_and_opens_notes(page, base_url, library_path) -> None:
    from selenium.webdriver.common.by import By

    with Library(library_path) as library:
        newest = library.notes(limit=1)[0]
        symbol = library.symbols()[0]
        naming = len(library.notes(ticker=symbol))
        stored = library.count()
    page.get(f"{base_url}/library")
    rows = page.find_elements(By.CSS_SELECTOR, "#notes-table tbody tr")
    assert len(rows) == stored and rows[0].text.startswith(newest.date[:10])
    box = page.find_element(By.NAME, "ticker")
    box.send_keys(symbol)
    after_loading(page, page.find_element(By.CSS_SELECTOR, "#filters button").click, "#filters")
    assert len(page.find_elements(By.CSS_SELECTOR, "#notes-table tbody tr")) == naming
    link = page.find_element(By.CSS_SELECTOR, "#notes-table tbody tr td a")
    after_loading(page, link.click, "#verdict")
    assert page.find_elements(By.CSS_SELECTOR, "#note-text span.sentence")
    assert page.find_element(By.CSS_SELECTOR, ".note-facts").text.startswith("2026-")


def test_a_tickers_chart_opens_from_a_note(page, base_url, library_path) -> None:
    from selenium.webdriver.common.by import By

    with Library(library_path) as library:
        note = library.notes(limit=1)[0]
        symbol = note.tickers[0]
        periods = library.ticker_history(symbol, by="week")
    page.get(f"{base_url}/notes/{note.id.replace('#', '%23')}")
    page.find_element(By.CSS_SELECTOR, f'#ticker-table a[href="/tickers/{symbol}"]').click()
    chart = wait_visible(page, "#chart svg")
    assert page.find_element(By.TAG_NAME, "h1").text.startswith(symbol)
    chart = after_loading(page, page.find_element(By.LINK_TEXT, "week").click, "#chart svg")
    dots = chart.find_elements(By.CSS_SELECTOR, "circle.dot")
    assert len(dots) == len(periods) and dots[0].size["width"] > 0
    assert "note" in dots[0].find_element(By.TAG_NAME, "title").get_attribute("textContent")
    assert page.find_elements(By.CSS_SELECTOR, "#latest-table tbody tr")


def test_a_scored_note_is_saved_to_the_library(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    text = "Acme Widgets reported record revenue; margins rose strongly. " + str(id(page))
    _paste_and_score(page, base_url, text)
    page.find_element(By.XPATH, "//button[text()='Save to library']").click()
    wait_visible(page, ".note-facts")
    assert "web:pasted.txt#" in page.find_element(By.CSS_SELECTOR, ".note-facts").text
    page.get(f"{base_url}/library?text=Acme")
    titles = [a.text for a in page.find_elements(By.CSS_SELECTOR, "#notes-table tbody td a")]
    assert titles and titles[0].startswith("Acme Widgets reported record revenue")
