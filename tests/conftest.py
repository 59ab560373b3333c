"""Settings every test shares.

Hypothesis: no example database (it would write a .hypothesis folder into the checkout), no
per-example deadline (CI machines are small and shared; the property tests check values, not
speed), and derandomized, so that every run, on CI or a learner's machine, tries the same examples.
A failing example is still printed, with the blob that replays it.
"""

import atexit
import shutil
import tempfile

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
