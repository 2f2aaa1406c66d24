"""The web page in a real browser (headless Chromium) against the real server and worker processes: sign
in, read a problem, submit, watch per-test rows arrive, author a problem with an archive, hostile statements,
drafts by URL, forged forms, the offline OpenAPI pages, and an axe-core accessibility check of every page.
Screenshots of each page go to the test's temporary directory (`screenshots/`)."""

import io
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium.webdriver.chrome.webdriver import WebDriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from tests.e2e.browser import (
    accessibility_violations,
    chromium_available,
    console_errors,
    headless_chromium,
    loaded_urls,
    screenshot,
    wait_until,
)
from tests.e2e.service import Service, running_service

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium and chromium-driver"),
]

TESTS = 8
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"
STATEMENT = """Read two integers $a$ and $b$ ($|a|, |b| \\le 10^9$) and print

$$a + b.$$

| input | output |
|-------|--------|
| `1 2` | `3`    |
"""
HOSTILE = """# Harmless

<script>window.__xss = "script"; document.title = "owned"</script>
<img src="/nothing.png" onerror="window.__xss = 'img'">
<svg onload="window.__xss = 'svg'"></svg>
<a href="javascript:window.__xss = 'link'" id="evil">click me</a>
<iframe srcdoc="<script>parent.__xss = 'iframe'</script>"></iframe>
<details open ontoggle="window.__xss = 'details'">x</details>
"""


@dataclass
class Site:
    service: Service
    base: str
    keys: dict[str, str]
    shots: Path

    def api(self, actor: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.service.base, headers={"Authorization": f"Bearer {self.keys[actor]}"}, timeout=30
        )

    def problem(self, actor: str, tests: list[tuple[str, str]], **fields: Any) -> str:
        body = {
            "slug": f"b-{uuid.uuid4().hex[:10]}",
            "title": "Slow sum",
            "type": "pass-fail",
            "limits": {"timeMs": 2000, "memoryMb": 256},
            "checker": {"type": "tokens"},
            "visibility": "public",
            **fields,
        }
        with self.api(actor) as api:
            created = api.post("/problems", json=body)
            assert created.status_code == 201, created.text
            problem_id: str = created.json()["id"]
            for index, (input_, answer) in enumerate(tests):
                added = api.post(
                    f"/problems/{problem_id}/tests",
                    json={"input": input_, "answer": answer, "sample": index == 0},
                )
                assert added.status_code == 201, added.text
        return problem_id


@pytest.fixture(scope="module")
def site(postgres_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    tmp: Path = tmp_path_factory.mktemp("web-browser")
    with running_service(postgres_server, tmp, worker_concurrency="2") as service:
        service.start_server()
        service.start_worker()
        service.wait_for_languages("python3")
        keys = {}
        for role in ("user", "author"):
            name = f"{role}-{uuid.uuid4().hex[:6]}"
            created = service.http.post("/keys", json={"name": name, "role": role, "accountName": name})
            assert created.status_code == 201, created.text
            keys[role] = created.json()["key"]
        shots = tmp / "screenshots"
        shots.mkdir()
        yield Site(service, f"http://127.0.0.1:{service.port}", keys, shots)


@pytest.fixture(scope="module")
def driver(site: Site) -> Iterator[WebDriver]:
    with headless_chromium(site.shots.parent / "chromium-profile") as driver:
        yield driver


def _open(driver: WebDriver, site: Site, path: str) -> None:
    driver.get(site.base + path)
    wait_until(driver, lambda: driver.execute_script("return document.readyState") == "complete", what="load")


def _check_page(driver: WebDriver, site: Site, name: str) -> None:
    """Screenshot, accessibility, nothing loaded from elsewhere, no console errors (CSP refusals included)."""
    screenshot(driver, site.shots / f"{name}.png")
    assert accessibility_violations(driver) == [], name
    foreign = [url for url in loaded_urls(driver) if not url.startswith(site.base)]
    assert foreign == [], name
    assert console_errors(driver) == [], name
    width = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
    assert width <= 0, f"{name} scrolls sideways by {width}px"


def _sign_in(driver: WebDriver, site: Site, actor: str, *, check: bool = False) -> None:
    driver.delete_all_cookies()
    _open(driver, site, "/sign-in")
    if check:
        _check_page(driver, site, "sign-in")
    driver.find_element(By.ID, "api_key").send_keys(site.keys[actor])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait_until(driver, lambda: driver.current_url.endswith("/problems"), what="the problems page")


def _rows(driver: WebDriver) -> int:
    count: int = driver.execute_script("return document.querySelectorAll('#test-rows tr').length")
    return count


def _type_code(driver: WebDriver, source: str) -> None:
    """Types into the page's code editor (CodeMirror), which keeps the form's textarea in step."""
    editor = wait_until(
        driver, lambda: driver.find_elements(By.CSS_SELECTOR, "#submit-form .cm-content"), what="editor"
    )
    editor[0].click()
    editor[0].send_keys(source)
    typed = driver.execute_script("return window.judgeEditors.source.state.doc.toString()")
    assert driver.find_element(By.ID, "source").get_attribute("value") == typed


def _submit(driver: WebDriver, site: Site, problem: str, source: str) -> list[int]:
    """Submits from the problem page, then records how many test rows the page shows until the verdict."""
    _open(driver, site, f"/problems/{problem}")
    Select(driver.find_element(By.ID, "language")).select_by_value("python3")
    _type_code(driver, source)
    driver.find_element(By.CSS_SELECTOR, "#submit-form button[type=submit]").click()
    wait_until(driver, lambda: "/submissions/" in driver.current_url, what="the submission page")
    driver.execute_script("window.__samePage = true")
    counts = [_rows(driver)]

    def finished() -> bool:
        counts.append(_rows(driver))
        return driver.find_element(By.ID, "live").get_attribute("data-status") == "finished"

    wait_until(driver, finished, timeout=90, what="the verdict")
    counts.append(_rows(driver))
    assert driver.execute_script("return window.__samePage") is True, "the page reloaded instead of updating"
    return counts


def _check_editor_keys(driver: WebDriver) -> None:
    """Tab indents and Shift+Tab dedents in the editor; Esc then Tab leaves it (no keyboard trap)."""
    editor = driver.find_element(By.CSS_SELECTOR, "#submit-form .cm-content")
    editor.click()
    editor.send_keys(Keys.TAB)
    assert driver.find_element(By.ID, "source").get_attribute("value") == "    "
    ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
    assert driver.find_element(By.ID, "source").get_attribute("value") == ""
    ActionChains(driver).send_keys(Keys.ESCAPE).send_keys(Keys.TAB).perform()
    assert driver.execute_script("return document.activeElement.id") == "files"


def test_the_openapi_pages_render_every_operation_with_no_network(driver: WebDriver, site: Site) -> None:
    spec = httpx.get(f"{site.base}/openapi.json").json()
    operations = sum(len(methods) for methods in spec["paths"].values())
    _open(driver, site, "/docs")
    wait_until(
        driver,
        lambda: len(driver.find_elements(By.CSS_SELECTOR, ".opblock")) >= operations,
        what=f"{operations} operations in Swagger UI",
    )
    assert "Submit a program" in driver.page_source
    screenshot(driver, site.shots / "docs.png")
    assert [url for url in loaded_urls(driver) if not url.startswith(site.base)] == []
    assert console_errors(driver) == []
    _open(driver, site, "/redoc")
    wait_until(driver, lambda: "Judge a submission again" in driver.page_source, what="operations in ReDoc")
    summaries = [op["summary"] for methods in spec["paths"].values() for op in methods.values()]
    text = driver.find_element(By.TAG_NAME, "body").text
    assert [summary for summary in summaries if summary not in text] == []
    screenshot(driver, site.shots / "redoc.png")
    # ReDoc's "API docs by Redocly" footer points its logo at cdn.redoc.ly; the CSP refuses it (nothing
    # else is asked of the network) and the page does not need it.
    foreign = [url for url in loaded_urls(driver) if not url.startswith(site.base)]
    assert [url for url in foreign if url != REDOC_LOGO] == []
    assert [m for m in console_errors(driver) if REDOC_LOGO not in m] == []


def test_a_user_signs_in_submits_and_watches_the_tests_arrive(driver: WebDriver, site: Site) -> None:
    tests = [(f"{i} {i + 1}\n", f"{2 * i + 1}\n") for i in range(TESTS)]
    problem = site.problem("author", tests, title="Slow sum", statement=STATEMENT)
    _sign_in(driver, site, "user", check=True)
    _check_page(driver, site, "problems")
    driver.find_element(By.LINK_TEXT, "Slow sum").click()
    wait_until(
        driver, lambda: driver.find_elements(By.CSS_SELECTOR, ".statement .katex"), what="typeset math"
    )
    assert "0 1\n" in (driver.find_element(By.CSS_SELECTOR, ".sample pre").get_attribute("textContent") or "")
    _check_page(driver, site, "problem")

    _check_editor_keys(driver)
    # The editor indents the loop's body by itself after the colon.
    source = (
        "import time\nfor line in [input()]:\na, b = map(int, line.split())\ntime.sleep(0.4)\nprint(a + b)"
    )
    counts = _submit(driver, site, problem, source)
    assert counts[-1] == TESTS
    partial = [count for count in counts if 0 < count < TESTS]
    assert partial, f"rows never appeared one by one: {counts}"
    assert counts == sorted(counts), counts
    # the rows came from the server-sent events, not from the polling fallback
    assert driver.find_element(By.ID, "live").get_attribute("data-updates") == "events"
    verdict = driver.find_element(By.CSS_SELECTOR, '[data-field="verdict"]').text
    assert verdict == "Accepted"
    assert driver.find_element(By.CSS_SELECTOR, '[data-field="score"]').text == "1 / 1"
    assert driver.find_element(By.ID, "live-status").text == "Judged: Accepted."
    assert driver.find_elements(By.CSS_SELECTOR, ".source .highlight .kn")  # `import` highlighted
    _check_page(driver, site, "submission")

    counts = _submit(driver, site, problem, "import time\ninput()\ntime.sleep(0.4)\nprint(0)\n")
    assert driver.find_element(By.CSS_SELECTOR, '[data-field="verdict"]').text == "Wrong answer"
    assert 1 <= counts[-1] < TESTS  # pass-fail stops at the first failing test (others may be under way)
    row = driver.find_element(By.CSS_SELECTOR, '#test-rows tr[data-index="1"]').text
    assert "Wrong answer" in row

    _open(driver, site, "/submissions")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) >= 2
    _check_page(driver, site, "submissions")
    Select(driver.find_element(By.ID, "verdict")).select_by_value("accepted")
    driver.find_element(By.CSS_SELECTOR, ".filters button").click()
    wait_until(driver, lambda: "verdict=accepted" in driver.current_url, what="the filtered list")
    assert len(driver.find_elements(By.CSS_SELECTOR, "table tbody tr")) == 1


def test_the_pages_fit_a_phone(driver: WebDriver, site: Site) -> None:
    problem = site.problem("author", [("1 2\n", "3\n")], title="Phone sum", statement=STATEMENT)
    metrics = {"width": 390, "height": 844, "deviceScaleFactor": 2, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        _sign_in(driver, site, "user")
        for name, path in (("phone-problem", f"/problems/{problem}"), ("phone-submissions", "/submissions")):
            _open(driver, site, path)
            assert driver.execute_script("return window.innerWidth") == 390
            _check_page(driver, site, name)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def _archive(path: Path) -> Path:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in {
            "sample/1.in": "2\n",
            "sample/1.ans": "4\n",
            "2.in": "21\n",
            "2.ans": "42\n",
        }.items():
            archive.writestr(name, content)
    path.write_bytes(buffer.getvalue())
    return path


def test_an_author_creates_a_problem_with_an_archive_and_publishes_it(driver: WebDriver, site: Site) -> None:
    _sign_in(driver, site, "author")
    driver.find_element(By.LINK_TEXT, "New problem").click()
    wait_until(driver, lambda: driver.current_url.endswith("/problems/new"), what="the problem form")
    _check_page(driver, site, "problem-new")
    slug = f"double-{uuid.uuid4().hex[:6]}"
    for field, value in (("title", "Double it"), ("slug", slug), ("statement", "Print $2n$.")):
        driver.find_element(By.ID, field).send_keys(value)
    time_limit = driver.find_element(By.ID, "time_ms")
    time_limit.clear()
    time_limit.send_keys("1500")
    driver.find_element(By.CSS_SELECTOR, "#problem-form button[type=submit]").click()
    wait_until(driver, lambda: "/edit" in driver.current_url, what="the edit page")
    assert "Problem created as a draft" in driver.page_source
    problem = driver.current_url.split("/problems/")[1].split("/")[0]

    archive = _archive(site.shots.parent / "tests.zip")
    driver.find_element(By.ID, "archive").send_keys(str(archive))
    driver.find_element(By.CSS_SELECTOR, "#archive-form button[type=submit]").click()
    wait_until(driver, lambda: "Tests added." in driver.page_source, what="the uploaded tests")
    assert "Tests (2)" in driver.page_source
    with site.api("user") as api:
        assert api.get(f"/problems/{problem}").status_code == 404
    driver.find_element(By.ID, "publish").click()
    wait_until(driver, lambda: "Published" in driver.page_source, what="publishing")
    _check_page(driver, site, "problem-edit")
    with site.api("user") as api:
        shown = api.get(f"/problems/{problem}")
        assert shown.status_code == 200
        assert shown.json()["limits"]["timeMs"] == 1500
        assert len(api.get(f"/problems/{problem}/tests").json()["items"]) == 1  # the sample only


def test_a_hostile_statement_does_not_run(driver: WebDriver, site: Site) -> None:
    problem = site.problem("author", [("1 1\n", "2\n")], title="Hostile", statement=HOSTILE)
    _sign_in(driver, site, "user")
    _open(driver, site, f"/problems/{problem}")
    link = driver.find_element(By.LINK_TEXT, "click me")
    assert link.get_attribute("href") is None  # the javascript: URL is gone
    link.click()
    wait_until(driver, lambda: driver.execute_script("return document.readyState") == "complete")
    assert driver.execute_script("return window.__xss === undefined") is True
    assert driver.title == "Hostile · Testing service"
    assert driver.find_element(By.CSS_SELECTOR, ".statement h1").text == "Harmless"
    assert driver.find_elements(By.CSS_SELECTOR, ".statement script, .statement iframe, .statement svg") == []
    assert [message for message in console_errors(driver) if "/nothing.png" not in message] == []
    screenshot(driver, site.shots / "hostile.png")


def test_a_draft_is_not_reachable_by_url(driver: WebDriver, site: Site) -> None:
    draft = site.problem("author", [("1 1\n", "2\n")], title="Secret draft", visibility="draft")
    _sign_in(driver, site, "user")
    for path in (f"/problems/{draft}", f"/problems/{draft}/edit"):
        _open(driver, site, path)
        assert driver.find_element(By.TAG_NAME, "h1").text == "Not found"
        assert "Secret draft" not in driver.page_source
    console_errors(driver)  # the 404 itself is logged as a failed load: read and drop it
    _check_page(driver, site, "not-found")
    _open(driver, site, "/problems")
    assert "Secret draft" not in driver.page_source


def test_a_forged_form_is_refused(driver: WebDriver, site: Site) -> None:
    problem = site.problem("author", [("1 1\n", "2\n")], title="Forgery")
    _sign_in(driver, site, "user")
    with site.api("user") as api:
        before = len(api.get("/submissions", params={"problemId": problem}).json()["items"])
    for forge in (
        "document.querySelector('#submit-form [name=csrf_token]').value = 'forged'",
        "document.querySelector('#submit-form [name=csrf_token]').remove()",
    ):
        _open(driver, site, f"/problems/{problem}")
        _type_code(driver, "print(2)")
        driver.execute_script(forge)
        driver.find_element(By.CSS_SELECTOR, "#submit-form button[type=submit]").click()
        wait_until(
            driver, lambda: driver.find_element(By.TAG_NAME, "h1").text == "Not allowed", what="refusal"
        )
        assert "reload the page" in driver.page_source
    with site.api("user") as api:
        assert len(api.get("/submissions", params={"problemId": problem}).json()["items"]) == before
