"""The Portfolio and Alerts pages in a real browser, and an alert arriving on an open Alerts
page: the server runs with a watched folder (as ``sentiment serve --watch --portfolio
--alerts``) around the FakeClassifier; a note dropped into the folder fires a rule, and the
page shows the alert without being reloaded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evaluation.browser import browser_missing, free_port, serving
from sentiment.api import Analyzer
from sentiment.server import ServerSettings, create_app
from sentiment.server.command import desk_extensions
from tests.conftest import FakeClassifier
from tests.server.conftest import after_loading, make_desk, wait_visible

pytestmark = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
ARRIVING = (
    "Zoetis (ZTS) raised its outlook; revenue rose strongly and margins expanded.\n"
    "Zoetis shares rallied after the beat.\n"
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory) -> dict[str, Path]:
    files = make_desk(tmp_path_factory.mktemp("desk"))
    files["inbox"] = files["folder"] / "inbox"
    files["inbox"].mkdir()
    return files


@pytest.fixture(scope="module")
def base_url(desk):
    settings = ServerSettings(
        db=desk["db"], watch=desk["inbox"], portfolio=desk["holdings"], alerts=desk["rules"]
    )
    app = create_app(
        Analyzer(classifier=FakeClassifier()),
        settings=settings,
        extensions=desk_extensions(settings),
    )
    with serving(app, free_port()) as url:
        yield url


def test_the_portfolio_page_shows_holdings_sparklines_and_the_line(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    page.get(f"{base_url}/portfolio?since=2026-06-01&by=week")
    wait_visible(page, "#holdings-table tbody tr")  # once a loaded machine has drawn it
    rows = page.find_elements(By.CSS_SELECTOR, "#holdings-table tbody tr")
    assert len(rows) == 4 and rows[-1].find_element(By.CSS_SELECTOR, ".symbol").text == "IBM"
    spark = rows[0].find_element(By.CSS_SELECTOR, "svg.spark")
    assert spark.size["width"] == 120 and spark.find_elements(By.CSS_SELECTOR, "polyline.trend")
    assert "no coverage" in rows[-1].text
    dots = page.find_elements(By.CSS_SELECTOR, "#chart circle.dot")
    assert len(dots) > 1 and dots[0].size["width"] > 0
    symbol = rows[0].find_element(By.CSS_SELECTOR, ".symbol").text
    link = rows[0].find_element(By.CSS_SELECTOR, ".symbol a")
    after_loading(page, link.click, "#chart svg")
    assert page.find_element(By.TAG_NAME, "h1").text.startswith(symbol)


def test_the_alerts_page_acknowledges_and_dry_runs(page, base_url) -> None:
    from selenium.webdriver.common.by import By

    page.get(f"{base_url}/alerts")
    first = page.find_element(By.CSS_SELECTOR, "#alerts-table tbody tr")
    alert_id = first.get_attribute("id")
    assert first.find_element(By.CSS_SELECTOR, "ul.evidence li").text
    ack = first.find_element(By.XPATH, ".//button[text()='Acknowledge']")
    after_loading(page, ack.click, "#alerts-table")
    assert "seen 20" in page.find_element(By.ID, alert_id).text
    form = page.find_element(By.ID, "dry-run-form")
    box = form.find_element(By.NAME, "dry_run")
    box.clear()
    box.send_keys("all")
    run = form.find_element(By.TAG_NAME, "button")
    table = after_loading(page, run.click, "#dry-run-table")
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert rows and "would fire" in page.find_element(By.XPATH, "//h2[contains(., 'Dry run')]").text


def test_an_alert_arrives_without_a_reload(page, base_url, desk) -> None:
    from selenium.webdriver.common.by import By

    page.get(f"{base_url}/alerts")
    wait_visible(page, "#live")  # the script runs: it shows the "new alerts appear" line
    shown = len(page.find_elements(By.CSS_SELECTOR, "#alerts-table tbody tr"))
    page.execute_script("window.stillHere = true")
    draft = desk["folder"] / "zoetis.txt"
    draft.write_text(ARRIVING, encoding="utf-8")
    os.replace(draft, desk["inbox"] / "zoetis.txt")  # lands whole, as a finished download
    fresh = wait_visible(page, "#alerts-table tr.fresh", timeout=60)
    assert "ZTS" in fresh.text and "first mentioned" in fresh.text
    assert page.execute_script("return window.stillHere === true")  # no reload
    assert len(page.find_elements(By.CSS_SELECTOR, "#alerts-table tbody tr")) == shown + 1
    ack = fresh.find_element(By.XPATH, ".//button[text()='Acknowledge']")
    after_loading(page, ack.click, "#alerts-table")  # its form works
    assert "seen 20" in page.find_element(By.CSS_SELECTOR, "#alerts-table tbody tr").text
