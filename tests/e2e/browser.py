"""Headless Chromium for the browser tests: Debian's `chromium` and `chromium-driver` (installed by
`make test`), driven by Selenium, offline except for this machine (every host name but the loopback
address fails to resolve)."""

import base64
import json
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.common.exceptions import (
    NoSuchElementException,
    StaleElementReferenceException,
    WebDriverException,
)
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.chrome.webdriver import WebDriver

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()


@contextmanager
def headless_chromium(profile: Path, width: int = 1280, height: int = 900) -> Iterator[WebDriver]:
    profile.mkdir(parents=True, exist_ok=True)
    options = Options()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",  # no network: only 127.0.0.1 is reachable
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _replaced_page(error: WebDriverException) -> bool:
    """Chromium reports an element of a page being replaced either as stale or, mid-navigation, as an
    inspector error about a node that no longer belongs to the document."""
    return "does not belong to the document" in (error.msg or "")


def wait_until(driver: WebDriver, check: Callable[[], Any], timeout: float = 20, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = check()
        except (StaleElementReferenceException, NoSuchElementException):
            value = None  # the page was replaced while it was read: look again
        except WebDriverException as error:
            if not _replaced_page(error):
                raise
            value = None  # the same, as Chromium sometimes reports it
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what or check} on {driver.current_url}")


def screenshot(driver: WebDriver, path: Path) -> None:
    """The whole page, not only what fits the window."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], 6000), "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def accessibility_violations(driver: WebDriver) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A/AA violations on the current page (id, impact, first offending nodes)."""
    driver.execute_script(AXE.read_text())
    script = """
        const done = arguments[arguments.length - 1];
        axe.run(document, {runOnly: {type: "tag", values: arguments[0]}}).then(
            (result) => done(result.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }))),
            (error) => done([{id: "axe-failed", impact: "critical", help: String(error), nodes: []}]),
        );
    """
    violations: list[dict[str, Any]] = driver.execute_async_script(script, AXE_TAGS)
    return violations


def console_errors(driver: WebDriver) -> list[str]:
    """Severe console messages since the last call (CSP refusals, script errors, failed loads)."""
    entries: list[dict[str, Any]] = driver.get_log("browser")  # type: ignore[no-untyped-call]
    return [entry["message"] for entry in entries if entry["level"] == "SEVERE"]


def loaded_urls(driver: WebDriver) -> list[str]:
    entries: str = driver.execute_script(
        "return JSON.stringify(performance.getEntriesByType('resource').map((e) => e.name))"
    )
    urls: list[str] = json.loads(entries)
    return urls
