"""The checkout's scripts (tasks.py, tools/build_site.py, the benchmarks), loaded as modules so that
tests can call their functions.

They are scripts, not part of the minigrad package; each call loads a fresh copy, so a test can
change a copy's globals (ROOT, say) without touching another test's copy.
"""

import importlib.util
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
TASKS_FILE = CHECKOUT / "tasks.py"


def load_script(path, name=None):
    """The Python file ``path`` (relative to the checkout, or absolute), run as a fresh module."""
    path = CHECKOUT / path
    spec = importlib.util.spec_from_file_location(name or path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_tasks():
    return load_script(TASKS_FILE, "tasks_under_test")


def load_build_site():
    return load_script("tools/build_site.py", "build_site")
