"""What every browser test needs before it starts: a Playwright driver that runs, then one
JupyterLab server and one Chromium for the whole run (starting them is most of a browser test's
time; each test opens its own notebook in its own browser context).

Playwright drives Chromium through its driver, a Node.js program inside the playwright wheel. When
the driver cannot start (on a bare Debian it lacks libatomic.so.1), Playwright itself only reports
"Connection closed while reading from the driver"; this check fails first, with the driver's own
words and the package that fixes it. tasks.py holds the check, and installs that package where it
can; the tests ask it the same question. With pytest-xdist, tests/conftest.py keeps every browser
test on one worker, so that the server and the browser are started once.
"""

import sys

import pytest
from chromium import chromium_is_there, launched_chromium
from jupyterlab_session import start_jupyterlab
from tasks_module import load_tasks


@pytest.fixture(scope="session", autouse=True)
def playwright_driver_starts():
    tasks = load_tasks()
    problem = tasks.playwright_driver_problem(sys.executable)
    if problem:
        pytest.fail(tasks.driver_message(problem), pytrace=False)


@pytest.fixture(scope="session")
def jupyterlab(tmp_path_factory):
    """A running JupyterLab serving a temporary folder: (base url, token, folder)."""
    chromium_is_there()
    with start_jupyterlab(tmp_path_factory.mktemp("jupyterlab")) as served:
        yield served


@pytest.fixture(scope="session")
def browser():
    with launched_chromium() as chromium:
        yield chromium
