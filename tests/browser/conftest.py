"""What every browser test needs before it starts: a Playwright driver that runs.

Playwright drives Chromium through its driver, a Node.js program inside the playwright wheel. When
the driver cannot start (on a bare Debian it lacks libatomic.so.1), Playwright itself only reports
"Connection closed while reading from the driver"; this check fails first, with the driver's own
words and the package that fixes it. tasks.py holds the check, and installs that package where it
can; the tests ask it the same question.
"""

import sys

import pytest
from tasks_module import load_tasks


@pytest.fixture(scope="session", autouse=True)
def playwright_driver_starts():
    tasks = load_tasks()
    problem = tasks.playwright_driver_problem(sys.executable)
    if problem:
        pytest.fail(tasks.driver_message(problem), pytrace=False)
