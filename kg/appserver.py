"""Start the Streamlit app with safe settings chosen by the program, not by the folder.

``kg app`` runs ``streamlit run app/streamlit_app.py`` listening on 127.0.0.1 with usage
statistics off, whatever a ``.streamlit/config.toml`` in the current folder says
(command-line flags win over config files).  The app checks the same two settings
when it starts and refuses to show anything when they are unsafe, unless the user
asked for another address with ``kg app --host`` (which sets ``KG_APP_HOST``).

>>> exposure("127.0.0.1", False, None) is None
True
>>> exposure("0.0.0.0", False, None)[:52]
'the app listens on 0.0.0.0, not on this machine only'
>>> exposure("", False, None)[:38]
'the app listens on every interface, no'
>>> exposure("0.0.0.0", False, "0.0.0.0") is None
True
>>> exposure("127.0.0.1", True, None)
'usage statistics are on: start the app with `kg app`, which turns them off'
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app" / "streamlit_app.py"
LOCAL = ("127.0.0.1", "localhost", "::1")
HOST_VARIABLE = "KG_APP_HOST"


def exposure(address: str | None, usage_stats: bool, allowed: str | None) -> str | None:
    """Why the app must not run with these settings, or ``None`` when they are safe.

    An empty *address* is Streamlit's default: every interface.
    """
    if usage_stats:
        return "usage statistics are on: start the app with `kg app`, which turns them off"
    shown = address or "every interface"
    if (address or "") not in LOCAL and (address or "") != (allowed or None):
        return (f"the app listens on {shown}, not on this machine only: start it with `kg app` "
                f"(or `kg app --host {address or '0.0.0.0'}` to allow this)")
    return None


def command(host: str, port: int, app: Path = APP) -> list[str]:
    """The ``streamlit run`` command line, every safety setting given as a flag.

    It also turns off two things Streamlit does after every page it draws and that cost
    more than the page on a large store: looking for changed source files (for editing
    the app while it runs) and a full garbage collection (which walks the whole graph
    held in memory; Python still collects garbage as usual).
    """
    return [sys.executable, "-m", "streamlit", "run", str(app),
            "--server.address", host, "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false", "--server.maxUploadSize", "20",
            "--client.toolbarMode", "minimal", "--server.fileWatcherType", "none",
            "--runner.postScriptGC", "false"]


def run(store: str, host: str = "127.0.0.1", port: int = 8501) -> int:
    """Run the app on *host*:*port* over the store at *store* until interrupted; returns the
    server's exit code.  On POSIX the server replaces this process, so stopping ``kg app``
    (Ctrl-C, a signal) stops the server itself."""
    if not APP.is_file():
        raise FileNotFoundError(f"the app is not installed next to kg ({APP} is missing)")
    env = {**os.environ, "KG_STORE": os.path.abspath(store)}
    env.pop(HOST_VARIABLE, None)
    if host not in LOCAL:
        env[HOST_VARIABLE] = host
    if os.name == "posix":
        os.execve(sys.executable, command(host, port), env)
    try:
        return subprocess.call(command(host, port), env=env)
    except KeyboardInterrupt:
        return 0
