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
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
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


def listening(port: int) -> set[str]:
    """The local addresses a TCP socket listens on at *port* (Linux: /proc/net/tcp*)."""
    found = set()
    for name, size in (("tcp", 4), ("tcp6", 16)):
        table = Path(f"/proc/net/{name}")
        if not table.exists():
            continue
        for row in table.read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            address, _, hexport = local.partition(":")
            if state == "0A" and int(hexport, 16) == port:
                raw = bytes.fromhex(address)
                words = [raw[i:i + 4][::-1] for i in range(0, size, 4)]
                found.add(socket.inet_ntop(socket.AF_INET if size == 4 else socket.AF_INET6, b"".join(words)))
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "store"
    KnowledgeBase.open(path, create=True).ingest([CORPUS])
    return path


@pytest.fixture(scope="module")
def app_url(store):
    """The app started through `kg app` from a folder whose .streamlit/config.toml asks for
    every interface and usage statistics: the program's own settings must win."""
    folder = store.parent
    elsewhere = folder / "elsewhere"
    (elsewhere / ".streamlit").mkdir(parents=True)
    (elsewhere / ".streamlit" / "config.toml").write_text(
        '[server]\naddress = "0.0.0.0"\n[browser]\ngatherUsageStats = true\n')
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("KG_STORE", "KG_APP_HOST")}
    server = subprocess.Popen([sys.executable, "-m", "kg", "app", "--store", str(store), "--port", str(port)],
                              cwd=elsewhere, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(160):
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
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


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


def button(driver, label: str, seconds: float = 40):
    """The button labelled *label*, once a rerun has drawn it (slow on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [b for b in driver.find_elements("tag name", "button") if b.text == label]
        if found:
            return found[0]
        time.sleep(0.3)
    page = driver.find_element("tag name", "body").text[:500]
    raise AssertionError(f"no {label!r} button; page says: {page}")


def idle(driver, seconds: float = 40) -> None:
    """Wait until the app has finished running the page and drawing it."""
    deadline = time.monotonic() + seconds
    time.sleep(0.5)
    while time.monotonic() < deadline:
        busy_css = "[data-testid=stStatusWidget], [data-testid=stSkeleton]"
        busy = driver.find_elements("css selector", busy_css)
        if not busy:
            time.sleep(0.5)
            if not driver.find_elements("css selector", busy_css):
                return
        time.sleep(0.3)


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
    idle(browser)
    assert shoot(browser, "ask", tmp_path_factory).stat().st_size > 10_000
    browser.find_element("partial link text", "Yusuf Demir").click()
    wait_for(browser, "Meetings attended")
    wait_for(browser, "Bramble")
    assert len(browser.window_handles) == 1 and "person=person%3Ayusuf-demir" in browser.current_url
    idle(browser)
    assert shoot(browser, "person", tmp_path_factory).stat().st_size > 10_000


@pytest.mark.parametrize(("path", "text", "shot"), [
    ("people", "Find a person", "people"),
    ("projects", "Find a project", "projects"),
    ("projects?project=project:thicket", "Who owns and works on it", "project"),
    ("meetings", "Find a meeting", "meetings"),
    ("meetings?meeting=meeting:2024-04-02", "Attendees", "meeting"),
    ("graph", "Click a person", "graph"),
    ("actions?person=Lena+Hofmann", "Owed to Lena Hofmann", "actions"),
    ("review", "Download Markdown", "review"),
    ("manage", "Unresolved people", "manage"),
])
def test_pages_render(app_url, browser, tmp_path_factory, path, text, shot):
    browser.get(f"{app_url}/{path}")
    wait_for(browser, text)
    assert not browser.find_elements("css selector", "[data-testid=stException]")
    if os.environ.get("KG_SCREENSHOTS"):
        idle(browser)
        time.sleep(3 if path == "graph" else 0)
        shoot(browser, shot, tmp_path_factory)


def test_two_questions_each_get_their_answer(app_url, browser, store):
    kb = KnowledgeBase.open(store)
    first, second = kb.ask("who leads Bramble?").message, kb.ask("who led Thicket?").message
    browser.get(f"{app_url}/")
    wait_for(browser, "Question or search")
    type_into(browser, "Question or search", "who leads Bramble?")
    wait_for(browser, first)
    settled(browser, "Question or search", "who leads Bramble?")
    type_into(browser, "Question or search", "who led Thicket?")
    wait_for(browser, second)
    settled(browser, "Question or search", "who led Thicket?")
    assert first not in browser.find_element("tag name", "body").text
    assert browser.current_url.endswith("/?q=who+led+Thicket%3F")


def test_filter_changed_twice_shows_second_choice(app_url, browser, store):
    actions = KnowledgeBase.open(store).actions()
    noor = sum("Noor Rahman" in a["owners"] for a in actions)
    browser.get(f"{app_url}/actions")
    wait_for(browser, "Meetings between")
    for owner in ("Kwame Asante", "Noor Rahman", "Kwame Asante", "Noor Rahman"):
        choose(browser, "Owner", owner)
        settled(browser, "Owner", owner)
        assert browser.current_url.endswith("person=" + owner.replace(" ", "+")), browser.current_url
    wait_for(browser, f"{noor} of {len(actions)} action items")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads /proc/net/tcp (Linux)")
def test_kg_app_listens_on_this_machine_only(app_url, browser):
    port = int(app_url.rsplit(":", 1)[1])
    assert listening(port) == {"127.0.0.1"}
    browser.get(f"{app_url}/people")
    wait_for(browser, "Find a person")  # the app refuses to show anything with usage statistics on
    assert "Refusing to run" not in browser.find_element("tag name", "body").text


def test_evidence_opens_the_highlighted_line_in_this_tab(app_url, browser):
    browser.get(f"{app_url}/?q=who+leads+Bramble%3F")
    wait_for(browser, "Evidence")
    idle(browser)
    browser.find_element("partial link text", "2024-02-20").click()
    wait_for(browser, "Bramble extraction")
    idle(browser)
    assert len(browser.window_handles) == 1
    assert "meeting=meeting%3A2024-02-20" in browser.current_url and "section=1" in browser.current_url
    cited = browser.find_element("css selector", "[class*='st-key-cited-']")
    assert "I'd like to break those three places" in cited.text
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # scrolled into view
        top, bottom = browser.execute_script(
            "const r = arguments[0].getBoundingClientRect(); return [r.top, r.bottom];", cited)
        if top >= 0 and bottom <= browser.execute_script("return window.innerHeight"):
            break
        time.sleep(0.3)
    else:
        raise AssertionError(f"the cited paragraph is at {top}..{bottom}, out of view")


def node_pixel(browser, colour: tuple[int, int, int]) -> tuple[int, int] | None:
    """Where on the graph's canvas a node of *colour* is drawn (inside its iframe)."""
    return browser.execute_script("""
        const c = document.querySelector('canvas'); const [r, g, b] = arguments[0];
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const scale = c.width / c.getBoundingClientRect().width;
        const near = (i) => Math.abs(d[i] - r) < 6 && Math.abs(d[i + 1] - g) < 6
            && Math.abs(d[i + 2] - b) < 6 && d[i + 3] > 250;
        for (let y = 0; y < c.height; y += 3) for (let x = 0; x < c.width; x += 3) {
            if (!near(4 * (y * c.width + x))) continue;
            let sx = 0, sy = 0, n = 0;  // the middle of the disc found
            for (let v = y; v < Math.min(c.height, y + 60); v++)
                for (let u = Math.max(0, x - 30); u < Math.min(c.width, x + 30); u++)
                    if (near(4 * (v * c.width + u))) { sx += u; sy += v; n++; }
            return [Math.round(sx / n / scale), Math.round(sy / n / scale)];
        }
        return null;""", list(colour))


def test_graph_click_opens_the_page(app_url, browser):
    from selenium.webdriver.common.action_chains import ActionChains

    browser.get(f"{app_url}/graph")
    wait_for(browser, "Click a person")
    idle(browser)
    frame = browser.find_element("css selector", "iframe")
    browser.switch_to.frame(frame)
    spot, previous = None, None
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:  # until the layout has settled
        spot = node_pixel(browser, (0x4C, 0x78, 0xA8))
        if spot and spot == previous:
            break
        previous = spot
        time.sleep(1)
    assert spot, "no person drawn"
    canvas = browser.find_element("css selector", "canvas")
    size = canvas.size
    ActionChains(browser).move_to_element_with_offset(
        canvas, spot[0] - size["width"] // 2, spot[1] - size["height"] // 2).click().perform()
    browser.switch_to.default_content()
    wait_for(browser, "Meetings attended")
    assert "/people?person=person" in browser.current_url and len(browser.window_handles) == 1


class Listener(BaseHTTPRequestHandler):
    """Records every request made to it (nothing on the page may make one)."""

    seen: list[str] = []

    def do_GET(self):  # noqa: N802 - the name http.server calls
        Listener.seen.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def upload(browser, app_url, path: Path) -> None:
    browser.get(f"{app_url}/manage")
    wait_for(browser, "Add notes")
    idle(browser)
    browser.find_element("css selector", "input[type=file]").send_keys(str(path))
    wait_for(browser, path.name)
    idle(browser)
    button(browser, "Ingest").click()
    wait_for(browser, "added or updated", seconds=90)


def test_uploaded_note_appears_in_meetings(app_url, browser, tmp_path):
    note = tmp_path / "2031-05-06.md"
    note.write_text("# Orchard call 6 May 2031\n\nAttendees: Lena Hofmann, Robert Okafor\n\n"
                    "## Orchard\nLena planted the first row of apple trees.\n", encoding="utf-8")
    upload(browser, app_url, note)
    browser.get(f"{app_url}/meetings")
    wait_for(browser, "Find a meeting")
    type_into(browser, "Find a meeting", "Orchard")
    wait_for(browser, "1 meeting of 33")
    browser.get(f"{app_url}/meetings?meeting=meeting:2031-05-06")
    wait_for(browser, "Lena planted the first row of apple trees.")


def test_malicious_note_shows_as_text(app_url, browser, tmp_path):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Listener)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    there = f"http://127.0.0.1:{server.server_address[1]}"
    note = tmp_path / "2031-06-03.md"
    note.write_text(
        f"# Call ![t]({there}/title.png) 3 June 2031\n\nAttendees: Lena Hofmann, Robert Okafor\n\n"
        f"## Evil ![h]({there}/heading.png)\nLena pasted <script>alert('x')</script> and "
        f"<img src={there}/img.png onerror=alert(1)> here.\n\n"
        f"Lena released ![p]({there}/body.png) Orchard 1.0 with <b>bold</b> claims.\n", encoding="utf-8")
    try:
        upload(browser, app_url, note)
        for path, text in [("meetings?meeting=meeting:2031-06-03", "<script>alert('x')</script>"),
                           ("?q=pasted", "pasted"), ("review?year=2031", "Preview"),
                           ("people?person=person:lena-hofmann", "Meetings attended")]:
            browser.get(f"{app_url}/{path}")
            wait_for(browser, text)
            idle(browser)
            time.sleep(1)
            body = browser.find_element("tag name", "body").text
            if path.startswith("meetings"):
                assert f"<img src={there}/img.png onerror=alert(1)>" in body
        assert Listener.seen == [], Listener.seen
    finally:
        server.shutdown()
