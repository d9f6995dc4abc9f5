"""``symdl serve`` in headless Chromium: the real server (uvicorn, in a subprocess), Debian's chromium and
chromedriver driven by selenium.  Paste a formula and see its concepts and reading note; check a right and
a wrong gradient; open a derivation; hostile text stays text.  Skipped when chromium is absent (.ci/run
installs it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from urllib.parse import quote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("latex2mathml")
webdriver = pytest.importorskip("selenium.webdriver")

from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as expected  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = [
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None,
        reason="headless Chromium is not installed (apt-get install chromium chromium-driver; .ci/run does)",
    ),
    pytest.mark.xdist_group("browser"),  # one worker: one server and one browser for the module
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``symdl serve`` on a free port, as a user starts it; its address."""
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (os.getcwd(), os.environ.get("PYTHONPATH")) if p)}
    proc = subprocess.Popen([sys.executable, "-m", "symdl", "serve", "--port", str(port), "-q"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/static/style.css", timeout=1).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail("symdl serve exited: " + proc.stderr.read().decode()[-2000:])
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=webdriver.ChromeService(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _wait(driver: webdriver.Chrome, css: str, seconds: float = 60) -> object:
    return WebDriverWait(driver, seconds).until(expected.visibility_of_element_located((By.CSS_SELECTOR, css)))


def _no_console_errors(driver: webdriver.Chrome) -> None:
    """No CSP violation or script error on the page (the page's own script must load under its policy)."""
    errors = [
        e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE" and "favicon" not in e["message"]
    ]
    assert errors == []


def test_paste_a_formula_and_see_its_concepts(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/")
    box = browser.find_element(By.ID, "latex")
    box.send_keys(r"\hat{y} = \mathrm{softmax}(z)_i + \frac{1}{m}\sum_i x_i")
    browser.find_element(By.ID, "explain").click()
    _wait(browser, "#explanation")
    names = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".chunk-name")}
    assert {"softmax", "mean"} <= names
    note = _wait(browser, "#note-1")
    assert "entry-vector" in note.text and "as a vector" in note.text
    maths = browser.find_elements(By.CSS_SELECTOR, "#explanation math")
    assert maths and all(m.size["width"] > 0 and m.size["height"] > 0 for m in maths[:3])  # MathML laid out
    mark = browser.find_element(By.CSS_SELECTOR, 'mark[data-notes="1"]')
    assert mark.text == r"\mathrm{softmax}(z)_i"
    ActionChains(browser).move_to_element(note).perform()  # the page's script lights the note's span
    WebDriverWait(browser, 5).until(lambda d: "active" in (mark.get_attribute("class") or ""))
    assert "latex=" in browser.current_url  # the page's address is a link to this explanation
    _no_console_errors(browser)


def test_check_a_right_and_a_wrong_gradient(server: str, browser: webdriver.Chrome) -> None:
    for claim, verdict in ((r"\sigma(z)(1 - \sigma(z))", "verified"), (r"\sigma(z)^2", "refuted")):
        browser.get(server + "/check")
        browser.find_element(By.ID, "formula").send_keys(r"\sigma(z)")
        browser.find_element(By.ID, "wrt").send_keys("z")
        browser.find_element(By.ID, "claim").send_keys(claim)
        browser.find_element(By.ID, "check").click()
        shown = _wait(browser, "#verdict")
        assert shown.text.startswith(verdict + ":")
        assert f"verdict-{verdict}" in shown.get_attribute("class")
    assert "NOT the gradient" in shown.text
    assert browser.find_element(By.CSS_SELECTOR, ".verdict-table").is_displayed()  # the truth, a counterexample
    _no_console_errors(browser)


def test_open_a_derivation(server: str, browser: webdriver.Chrome) -> None:
    browser.get(server + "/derivations")
    _wait(browser, "#library")
    browser.find_element(By.LINK_TEXT, "ema").click()
    shown = _wait(browser, "#verdict")
    assert shown.text.startswith("verified")
    assert browser.find_elements(By.CSS_SELECTOR, "table.steps tr.step")
    links = {a.text: a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, ".downloads a")}
    assert links["Markdown"].endswith("/derivations/ema.md") and links["PDF"].endswith("/derivations/ema.pdf")
    with urllib.request.urlopen(links["Markdown"], timeout=60) as r:
        assert r.read().decode().startswith("# ")
    _no_console_errors(browser)


def test_hostile_text_stays_text(server: str, browser: webdriver.Chrome) -> None:
    payload = r"x + \text{</textarea><script>alert(1)</script><img src=x onerror=alert(2)>}"
    browser.get(server + "/?latex=" + quote(payload))
    _wait(browser, "#error")
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018  (no script ran: there is no alert)
    assert browser.find_element(By.ID, "latex").get_attribute("value") == payload  # shown back as it was typed
    assert not browser.find_elements(By.CSS_SELECTOR, "main script, main img")
