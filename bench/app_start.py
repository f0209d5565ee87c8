"""Time from `streamlit run` to the first rendered page of the app (needs Chromium)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from kg import KnowledgeBase

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and driver_path):
        print("app start: skipped (needs chromium and chromedriver)")
        return 0
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        KnowledgeBase.open(store, create=True).ingest([ROOT / "corpus"])
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--disable-background-networking"):
            options.add_argument(flag)
        browser = webdriver.Chrome(service=Service(driver_path), options=options)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        start = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "kg", "app", "--store", str(store), "--port", str(port)],
            cwd=ROOT, env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1)
                    break
                except OSError:
                    time.sleep(0.05)
            ready = time.perf_counter()
            browser.get(f"http://127.0.0.1:{port}/")
            while "Question or search" not in browser.find_element("tag name", "body").text:
                time.sleep(0.05)
            shown = time.perf_counter()
            browser.get(f"http://127.0.0.1:{port}/?q=who+leads+Bramble%3F")
            while "Evidence" not in browser.find_element("tag name", "body").text:
                time.sleep(0.05)
            answered = time.perf_counter()
        finally:
            server.terminate()
            browser.quit()
        print(f"app: server ready {ready - start:.2f} s after start; first page rendered "
              f"{shown - start:.2f} s after start; then a question answered in "
              f"{answered - shown:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
