"""Screenshots of each page of ``sentiment serve`` (the real command and model), in headless
Chromium, into ``reports/screenshots/``: the README shows two of them.

    python -m evaluation.screenshots [--out reports/screenshots]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from evaluation.browser import chromium, free_port, serve_process

ROOT = Path(__file__).resolve().parents[1]
NOTE = ROOT / "corpora" / "examples" / "note.txt"
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


def login_page(driver, url: str, out: Path) -> None:
    """What a browser without the token sees."""
    driver.delete_all_cookies()
    driver.get(f"{url}/score")
    _wait(driver, "#token")
    _shot(driver, out, "login", 480)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    driver = chromium(WIDTH, 900)
    try:
        with serve_process(free_port()) as url:
            score_pages(driver, url, args.out)
        with serve_process(free_port(), token="screenshot-token") as url:
            login_page(driver, url, args.out)
    finally:
        driver.quit()


if __name__ == "__main__":
    main()
