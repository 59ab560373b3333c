"""Run a lab notebook's code in this process, so that tests can check its real solution or placeholders.

``lab_namespace(path)`` executes the notebook's code cells in a fresh namespace, in order, the way
a learner runs them, and returns that namespace (the learner's ``Value``, functions, ...). Check
cells (lines starting with ``check(`` or ``summary(``) run too unless ``run_checks=False``, which
also leaves out the demonstrations guarded by the checker (from a line starting ``when_ready(`` or
``verdict = all_of(`` or ``verdict = run(`` to the end of its cell): a test of one exercise needs only the definitions, and
each demonstration re-runs every check of the lab. Cells tagged
``raises-exception`` (a cell that must raise) are skipped. Output is swallowed, or collected cell by
cell into the list ``printed`` when one is given. ``replace={index: source}`` runs other code in
place of some cells (an exercise cell as the learner first sees it, say).
"""

import contextlib
import io
import os
import re
from pathlib import Path

import nbformat

from minigrad import set_language

ROOT = Path(__file__).resolve().parent.parent


def notebook_path(kind, lang, stem):
    """``kind`` is "solutions" or "exercises"; ``stem`` the file name without .ipynb."""
    return ROOT / kind / lang / f"{stem}.ipynb"


CHECK_CALL = re.compile(r"^(check|summary|hint)\(", re.MULTILINE)


DEMONSTRATION = re.compile(r"^(when_ready\(|verdict = (all_of|run)\()", re.MULTILINE)


def is_check_cell(source):
    """A cell that calls the checker: a line starting with check(, summary( or hint(."""
    return CHECK_CALL.search(source) is not None


def without_demonstration(source):
    """The cell up to its demonstration of finished work, guarded by the checker (a drawing, a
    stepper, a training run): the definitions above it still run."""
    found = DEMONSTRATION.search(source)
    return source if found is None else source[:found.start()]


def lab_namespace(path, run_checks=True, printed=None, replace=None):
    nb = nbformat.read(path, as_version=4)
    namespace = {"__name__": "__lab__"}
    here = os.getcwd()
    os.chdir(Path(path).parent)     # a kernel runs in the notebook's folder (labs read their siblings)
    try:
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or "raises-exception" in cell.metadata.get("tags", []):
                continue
            source = (replace or {}).get(index, cell.source)
            if not run_checks:
                if is_check_cell(source):
                    continue
                source = without_demonstration(source)
            output = io.StringIO()
            with contextlib.redirect_stdout(output):
                exec(compile(source, f"{path.name}:{cell.get('id', '?')}", "exec"), namespace)
            if printed is not None:
                printed.append(output.getvalue())
    finally:
        os.chdir(here)
        set_language("en")   # the notebook's language cell changed it for the whole process
    return namespace
