"""Settings every test shares.

Hypothesis: no example database (it would write a .hypothesis folder into the checkout), no
per-example deadline (CI machines are small and shared; the property tests check values, not
speed), and derandomized, so that every run, on CI or a learner's machine, tries the same examples.
A failing example is still printed, with the blob that replays it.
"""

import atexit
import shutil
import tempfile

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps a cache of its own (constants found in the code): in a temporary folder, so that
# the tests write nothing into the checkout.
_HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="minigrad-hypothesis-")
set_hypothesis_home_dir(_HYPOTHESIS_HOME)
atexit.register(shutil.rmtree, _HYPOTHESIS_HOME, ignore_errors=True)

settings.register_profile("minigrad", database=None, deadline=None, derandomize=True,
                          print_blob=True)
settings.load_profile("minigrad")


@pytest.fixture(autouse=True)
def english():
    """Every test starts and ends in English; a test or a module fixture may switch language."""
    from minigrad import set_language

    set_language("en")
    yield
    set_language("en")


# pytest-xdist: --dist loadscope sends each test module to one worker. The browser tests share one
# JupyterLab server and one Chromium (tests/browser/conftest.py), so all of tests/browser is one
# scope: started once, on one worker, while the other workers run the rest.
BROWSER_TESTS = "tests/browser/"


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserTestsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            if nodeid.startswith(BROWSER_TESTS):
                return BROWSER_TESTS
            return super()._split_scope(nodeid)

    return BrowserTestsTogether(config, log)
