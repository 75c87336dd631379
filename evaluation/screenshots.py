"""Screenshots of each page of ``sentiment serve`` (the real command and model), in headless
Chromium, into ``reports/screenshots/``: the README shows two of them.

The desk's pages show a library made for the purpose, as ``docs/server.md`` says to run the
demo: ``--notes`` dated notes written by ``evaluation.make_notes`` over the last four months,
in a folder that ``sentiment serve --watch`` scores into the library (the real model) and
checks against the bundled alert rules, with the bundled holdings as the portfolio. Then one
more note is dropped into the folder while the Alerts page is open, and its alert appears there.

    python -m evaluation.screenshots [--out reports/screenshots] [--notes 40]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import urllib.request
from datetime import date, timedelta
from pathlib import Path

from evaluation.browser import chromium, free_port, serve_process

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "corpora" / "examples"
NOTE = EXAMPLES / "note.txt"
HOLDINGS, RULES = EXAMPLES / "holdings.csv", EXAMPLES / "alerts.toml"
DAYS = 120  # the notes are dated over the last DAYS days, so "now" has notes too
OUT = ROOT / "reports" / "screenshots"
WIDTH = 1280


def _wait(driver, css: str):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 120).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, css))
    )


def _shot(driver, out: Path, name: str, height: int) -> Path:
    driver.set_window_size(WIDTH, height)
    path = out / f"{name}.png"
    driver.save_screenshot(str(path))
    print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return path


def score_pages(driver, url: str, out: Path) -> None:
    """The form with a note pasted, the scored note, a ticker's panel, the tables, an error."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.set_window_size(WIDTH, 900)
    driver.get(f"{url}/score")
    box = driver.find_element(By.ID, "text")
    box.send_keys(NOTE.read_text(encoding="utf-8"))
    _shot(driver, out, "score-form", 760)
    driver.find_element(By.ID, "score-button").click()
    _wait(driver, "#verdict")
    _shot(driver, out, "score-note", 900)
    driver.find_elements(By.CSS_SELECTOR, 'a.mention[data-symbol="INTC"]')[1].click()
    _wait(driver, ".popover")
    _shot(driver, out, "score-ticker-panel", 900)
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.ESCAPE)  # closes the panel
    for details in driver.find_elements(By.CSS_SELECTOR, "#ticker-table details")[:2]:
        details.find_element(By.TAG_NAME, "summary").click()
    driver.execute_script("document.getElementById('ticker-table').scrollIntoView()")
    _shot(driver, out, "score-tables", 1000)
    driver.get(f"{url}/score/no-such-note")
    _shot(driver, out, "error", 420)


def library_pages(driver, url: str, out: Path, db: Path) -> None:
    """The Library, one stored note, and the most mentioned ticker's page per week."""
    from selenium.webdriver.common.by import By

    from sentiment.desk.library import Library

    with Library(db) as library:
        symbol = max(library.symbols(), key=lambda s: len(library.ticker_rows(s)))
    driver.get(f"{url}/library")
    _wait(driver, "#notes-table")
    _shot(driver, out, "library", 900)
    driver.find_element(By.CSS_SELECTOR, "#notes-table tbody tr td a").click()
    _wait(driver, "#verdict")
    _shot(driver, out, "note", 900)
    driver.get(f"{url}/tickers/{symbol}?by=week")
    _wait(driver, "#chart")
    _shot(driver, out, "ticker", 1000)


def first_day() -> str:
    """The first day of the notes (DAYS ago)."""
    return (date.today() - timedelta(days=DAYS)).isoformat()


def make_notes(folder: Path, notes: int) -> Path:
    """``notes`` dated notes over the last DAYS days, in a new folder; the folder."""
    from evaluation.make_notes import write_dated_corpus

    write_dated_corpus(folder, notes, 11, date.fromisoformat(first_day()), DAYS, (0.5, 1.2))
    return folder


def wait_for_notes(url: str, notes: int, timeout: float = 1800) -> None:
    """Until the watcher has stored ``notes`` notes (it scores them as the server starts)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with urllib.request.urlopen(f"{url}/api/notes?limit=1", timeout=30) as answer:
            if json.load(answer)["library_notes"] >= notes:
                return
        time.sleep(2)
    raise RuntimeError(f"the watcher did not store {notes} notes in {timeout:.0f} s")


def desk_pages(driver, url: str, out: Path, inbox: Path) -> None:
    """The Portfolio, the Alerts with a dry run, and an alert arriving on the open page."""
    from selenium.webdriver.common.by import By

    driver.get(f"{url}/portfolio?since={first_day()}&by=week")
    _wait(driver, "#holdings-table")
    _shot(driver, out, "portfolio", 1250)
    driver.get(f"{url}/alerts?dry_run=30d")
    _wait(driver, "#alerts-table")
    _shot(driver, out, "alerts", 1100)
    driver.get(f"{url}/alerts")
    _wait(driver, "#live")
    (inbox / "arriving.txt").write_text(ARRIVING, encoding="utf-8")
    _wait(driver, "#alerts-table tr.fresh")
    driver.find_element(By.TAG_NAME, "h1").click()
    _shot(driver, out, "alerts-live", 700)


ARRIVING = (
    "Zoetis (ZTS) raised its outlook; revenue rose strongly and margins expanded.\n"
    "Zoetis shares rallied after the beat.\n"
)


def login_page(driver, url: str, out: Path) -> None:
    """What a browser without the token sees."""
    driver.delete_all_cookies()
    driver.get(f"{url}/score")
    _wait(driver, "#token")
    _shot(driver, out, "login", 480)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--notes", type=int, default=40)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    scratch = tempfile.TemporaryDirectory(prefix="sentiment-screens-")
    inbox = make_notes(Path(scratch.name) / "notes", args.notes)
    db = Path(scratch.name) / "library.db"
    desk = ["--db", str(db), "--watch", str(inbox), "--portfolio", str(HOLDINGS)]
    desk += ["--alerts", str(RULES)]
    driver = chromium(WIDTH, 900)
    try:
        with serve_process(free_port(), *desk) as url:
            wait_for_notes(url, args.notes)
            score_pages(driver, url, args.out)
            library_pages(driver, url, args.out, db)
            desk_pages(driver, url, args.out, inbox)
        with serve_process(free_port(), "--db", str(db), token="screenshot-token") as url:
            login_page(driver, url, args.out)
    finally:
        driver.quit()
        scratch.cleanup()


if __name__ == "__main__":
    main()
