"""One JupyterLab server and one headless Chromium for all the browser tests of a run.

``start_jupyterlab(home)`` starts JupyterLab on 127.0.0.1, on a port the system picks, with a
random token and its own config, data, runtime and IPython directories under ``home``, serving
``home/notebooks``; each test writes the notebooks it opens into that folder. ``notebook_page``
opens one of them in a fresh browser context and runs all its cells, as a learner's "Run All".
"""

import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parents[2]

RUN_ALL_CELLS = """
async () => {
  const app = window.jupyterapp;
  await app.started;
  await app.restored;
  let panel = app.shell.currentWidget;
  for (let i = 0; i < 200 && !(panel && panel.sessionContext); i++) {
    await new Promise(resolve => setTimeout(resolve, 100));
    panel = app.shell.currentWidget;
  }
  await panel.context.ready;
  await panel.sessionContext.ready;
  await app.commands.execute("notebook:run-all-cells");
}
"""


def api(base, token, path, method="GET"):
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=5) as response:
        body = response.read()
    return json.loads(body) if body else None


@contextlib.contextmanager
def start_jupyterlab(home):
    """A running JupyterLab serving ``home/notebooks``: yields (base url, token, folder)."""
    served = home / "notebooks"
    served.mkdir()
    # No "Would you like to get notified about Jupyter news?" toast over the page.
    settings = home / "config" / "lab" / "user-settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    token = secrets.token_hex(16)
    env = dict(os.environ)
    env.update(
        # Everything Jupyter and IPython write goes to the temporary folder. Kernel specs are
        # still found: Jupyter also looks in the environment's own share/jupyter.
        JUPYTER_CONFIG_DIR=str(home / "config"),
        JUPYTER_DATA_DIR=str(home / "data"),
        JUPYTER_RUNTIME_DIR=str(home / "runtime"),
        IPYTHONDIR=str(home / "ipython"),
        PYTHONPATH=os.pathsep.join([str(CHECKOUT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        PYTHONDONTWRITEBYTECODE="1",
    )
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser",
        # Port 0: the server binds a port the system picks and writes it to its runtime file.
        # (A port picked here could be taken by then: kernels bind ports all the time.)
        "--ServerApp.ip=127.0.0.1", "--ServerApp.port=0", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served}",
        "--expose-app-in-browser",                     # window.jupyterapp, to run all cells
        "--LabApp.news_url=None",                      # no network: no news, no update check
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",          # and no PyPI queries for extensions
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")                  # CI containers often run as root
    log = open(home / "server.log", "wb")
    server = subprocess.Popen(command, env=env, cwd=served, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True)
    info_file = home / "runtime" / f"jpserver-{server.pid}.json"
    base = None
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                base = f"http://127.0.0.1:{json.loads(info_file.read_text())['port']}"
                api(base, token, "/api/status")
                break
            except (OSError, ValueError, KeyError):      # not written (whole) yet, not serving yet
                if server.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("JupyterLab did not start:\n"
                                + (home / "server.log").read_text(errors="replace")[-3000:])
                time.sleep(0.3)
        yield base, token, served
    finally:
        try:
            for kernel in (api(base, token, "/api/kernels") if base else None) or []:
                api(base, token, f"/api/kernels/{kernel['id']}", method="DELETE")
        except (urllib.error.URLError, ConnectionError, OSError):
            pass                                    # the server is already gone
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)
        log.close()


@contextlib.contextmanager
def notebook_page(browser, jupyterlab, name, width=1400, height=1000):
    """The notebook ``name`` of the served folder, open in a fresh context with all its cells
    run: yields (page, errors), errors being the page's uncaught JavaScript errors."""
    base, token, _ = jupyterlab
    context = browser.new_context(locale="en-US", viewport={"width": width, "height": height})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{base}/lab/tree/{name}?reset&token={token}", wait_until="domcontentloaded",
                  timeout=60_000)
        page.wait_for_function("window.jupyterapp !== undefined", timeout=60_000)
        page.evaluate(RUN_ALL_CELLS)
        yield page, errors
    finally:
        context.close()
        # The notebook's kernel is not needed any more: one kernel at a time on a small machine.
        for session in api(base, token, "/api/sessions") or []:
            if session.get("path") == name:
                api(base, token, f"/api/sessions/{session['id']}", method="DELETE")
