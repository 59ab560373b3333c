"""Settings every test shares.

Hypothesis: no example database (it would write a .hypothesis folder into the checkout), no
per-example deadline (CI machines are small and shared; the property tests check values, not
speed), and derandomized, so that every run, on CI or a learner's machine, tries the same examples.
A failing example is still printed, with the blob that replays it.
"""

from hypothesis import settings

settings.register_profile("minigrad", database=None, deadline=None, derandomize=True,
                          print_blob=True)
settings.load_profile("minigrad")
