"""End to end: the app under `streamlit run`, driven by headless Chromium.

Skipped with a reason when Chromium or its driver is not installed (CI
installs Debian's chromium and chromium-driver).  Set KG_SCREENSHOTS=docs to
refresh the screenshots shown in the README.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from kg import KnowledgeBase

from .conftest import CORPUS

ROOT = Path(__file__).parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER),
                                reason="needs Chromium and chromedriver (apt-get install chromium "
                                       "chromium-driver)")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    store = tmp_path_factory.mktemp("browser") / "store"
    KnowledgeBase.open(store, create=True).ingest([CORPUS])
    port = free_port()
    env = {**os.environ, "KG_STORE": str(store)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app" / "streamlit_app.py"),
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=1).read() == b"ok":
                break
        except OSError:
            time.sleep(0.25)
    else:
        server.kill()
        pytest.fail("the app did not start")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def wait_for(driver, text: str, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in driver.find_element("tag name", "body").text:
            return
        time.sleep(0.3)
    page = driver.find_element("tag name", "body").text[:500]
    raise AssertionError(f"{text!r} not shown; page says: {page}")


def field(driver, label: str):
    """The text box or select box labelled *label* (found afresh: a rerun may replace it)."""
    return driver.find_element("css selector", f"input[aria-label='{label}']")


def type_into(driver, label: str, text: str) -> None:
    """Replace what the box labelled *label* holds with *text*, then press Enter."""
    from selenium.webdriver.common.keys import Keys

    box = field(driver, label)
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.BACKSPACE)
    box.send_keys(text + Keys.ENTER)


def choose(driver, label: str, option: str, seconds: float = 20) -> None:
    """Pick *option* in the select box labelled *label*: type it, click it in the list."""
    from selenium.webdriver.common.keys import Keys

    box = field(driver, label)
    box.click()
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(option)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [o for o in driver.find_elements("css selector", "[role=option]") if o.text == option]
        if found:
            found[0].click()
            return
        time.sleep(0.2)
    raise AssertionError(f"{option!r} is not offered in {label}")


def settled(driver, label: str, value: str, seconds: float = 30) -> None:
    """Wait until the box labelled *label* shows *value* and the app has finished running."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            running = driver.find_elements("css selector", "[data-testid=stStatusWidget]")
            if field(driver, label).get_attribute("value") == value and not running:
                time.sleep(0.5)
                if field(driver, label).get_attribute("value") == value:
                    return
        except Exception:  # noqa: BLE001 - the element is being replaced by a rerun
            pass
        time.sleep(0.3)
    raise AssertionError(f"{label} shows {field(driver, label).get_attribute('value')!r}, not {value!r}")


def shoot(driver, name: str, tmp_path_factory) -> Path:
    folder = Path(os.environ.get("KG_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def test_ask_then_open_person(app_url, browser, tmp_path_factory):
    browser.get(f"{app_url}/?q=who+leads+Bramble%3F")
    wait_for(browser, "Yusuf Demir is the most involved in Bramble")
    wait_for(browser, "Evidence")
    time.sleep(2)
    assert shoot(browser, "ask", tmp_path_factory).stat().st_size > 10_000
    link = browser.find_element("link text", "Yusuf Demir")
    browser.get(link.get_attribute("href"))
    wait_for(browser, "Meetings attended")
    wait_for(browser, "Bramble")
    time.sleep(2)
    assert shoot(browser, "person", tmp_path_factory).stat().st_size > 10_000


@pytest.mark.parametrize(("path", "text"), [
    ("projects?project=project:thicket", "Who owns and works on it"),
    ("meetings?meeting=meeting:2024-04-02", "Attendees"),
    ("graph?node=project:bramble", "Click a person"),
    ("actions", "action items"),
    ("review?year=2024", "Download Markdown"),
    ("manage", "Unresolved people"),
])
def test_pages_render(app_url, browser, tmp_path_factory, path, text):
    browser.get(f"{app_url}/{path}")
    wait_for(browser, text)
    if os.environ.get("KG_SCREENSHOTS"):
        time.sleep(2)
        shoot(browser, path.split("?")[0], tmp_path_factory)


def test_two_questions_each_get_their_answer(app_url, browser):
    browser.get(f"{app_url}/")
    wait_for(browser, "Question or search")
    type_into(browser, "Question or search", "who leads Bramble?")
    wait_for(browser, "Yusuf Demir is the most involved in Bramble")
    settled(browser, "Question or search", "who leads Bramble?")
    type_into(browser, "Question or search", "who led Thicket?")
    wait_for(browser, "Ingrid Solberg is the most involved in Thicket")
    settled(browser, "Question or search", "who led Thicket?")
    assert "Yusuf Demir is the most involved in Bramble" not in browser.find_element("tag name", "body").text
    assert browser.current_url.endswith("/?q=who+led+Thicket%3F")


def test_filter_changed_twice_shows_second_choice(app_url, browser):
    browser.get(f"{app_url}/actions")
    wait_for(browser, "Meetings between")
    for owner in ("Kwame Asante", "Noor Rahman", "Kwame Asante", "Noor Rahman"):
        choose(browser, "Owner", owner)
        settled(browser, "Owner", owner)
        assert browser.current_url.endswith("person=" + owner.replace(" ", "+")), browser.current_url
    wait_for(browser, "9 of 176 action items")
