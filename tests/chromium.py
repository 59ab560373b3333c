"""The system's Chromium, launched headless through Playwright, for the browser and site tests.

Chromium comes from the system: MINIGRAD_CHROMIUM, or /usr/bin/chromium (Playwright's own browser
downloads are never used: they need a network this project cannot count on).
"""

import contextlib
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("MINIGRAD_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


def chromium_is_there():
    """Fail the test, saying how to fix it, when there is no Chromium to drive."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}; set MINIGRAD_CHROMIUM to its path")


@contextlib.contextmanager
def launched_chromium(extra_args=()):
    """A headless Chromium, closed afterwards."""
    from playwright.sync_api import sync_playwright

    chromium_is_there()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM,
                                              args=CHROMIUM_ARGS + list(extra_args), headless=True)
        try:
            yield chromium
        finally:
            chromium.close()
