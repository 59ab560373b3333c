"""The task runner, tasks.py, loaded as a module so that tests can call its functions.

It is a script at the checkout's top, not part of the minigrad package; each call loads a fresh
copy, so a test can change its globals (ROOT, say) without touching another test's copy.
"""

import importlib.util
from pathlib import Path

TASKS_FILE = Path(__file__).resolve().parent.parent / "tasks.py"


def load_tasks():
    spec = importlib.util.spec_from_file_location("tasks_under_test", TASKS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
