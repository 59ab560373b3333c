#!/usr/bin/env python3
"""The workbook's one task runner. It needs only Python 3.10+ and sets up everything else itself.

    python3 tasks.py start [--lang es]       set up, then open the workbook in JupyterLab
    python3 tasks.py test [pytest options]   set up, then run every test: unit, browser, notebooks
    python3 tasks.py test --only site        the JupyterLite site's test (a step of its own)
    python3 tasks.py build [tool options]    maintainers: regenerate the notebooks from their sources
    python3 tasks.py bench                   run the benchmarks in benchmarks/
    python3 tasks.py site [--out DIR] [--serve]   build the workbook as a static JupyterLite site

Every command first makes sure of a virtual environment in .venv with this project installed
(editable) and what the command needs: `start` and `build` only what a learner needs (JupyterLab,
graphviz-pure, which draws the graphs, and the rest of pyproject.toml's dependencies), all from
the package index, nothing from the system; `test` adds the test tools, Chromium and the one system
library Playwright's driver needs (installed with apt-get where that is possible without a
password; otherwise the runner stops and prints the command); the site's step also needs npm.
The first time takes a minute or two; after that, a few seconds.

Only the standard library is used here, and the file stays readable by old Pythons so that they
get the version message below instead of a syntax error.
"""

import sys

MIN_PYTHON = (3, 10)
if sys.version_info < MIN_PYTHON:
    sys.exit(
        "minigrad needs Python 3.10 or newer; this is Python {}.{}. Run this file with a newer "
        "python3.".format(*sys.version_info[:2])
    )

import argparse
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import threading
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Written only after a successful install; its content says what was installed from what.
STAMP = VENV / "minigrad-install.json"
# Written after the shipped notebooks were trusted; its content says which notebooks, for whom.
TRUST_STAMP = VENV / "minigrad-trusted.json"


def load_languages():
    """The workbook's languages: the registry in minigrad/i18n.py (standard library only), loaded
    on its own because nothing is installed yet."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("minigrad_languages", ROOT / "minigrad" / "i18n.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.LANGUAGES


LANGUAGES = load_languages()
INDEX_NOTEBOOKS = {code: language.index_notebook for code, language in LANGUAGES.items()}
# The locale of the JupyterLab language pack each --lang asks for (English is JupyterLab's own).
JUPYTERLAB_LOCALES = {code: language.jupyterlab_locale for code, language in LANGUAGES.items()
                      if language.jupyterlab_locale}
BUILD_TOOL = "tools/build_notebooks.py"
SANITIZE_FILE = "tests/nbval_sanitize.cfg"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_VARIABLE = "MINIGRAD_CHROMIUM"  # where the browser test looks for the browser

# pytest options every run shares: nothing is written into the checkout.
PYTEST_BASE = ["-m", "pytest", "-p", "no:cacheprovider"]
PYTEST_NO_TESTS = 5  # pytest's exit code when it collected (or selected) nothing
# Tests run on every core (pytest-xdist). --dist loadscope keeps each module, and so each
# notebook, on one worker: nbval runs a notebook's cells in order in one kernel, and a browser
# test's server is started once per module.
PARALLEL = ["-n", "auto", "--dist", "loadscope"]
SITE_TESTS = "tests/site"


def language_folders(*kinds):
    """The notebooks' folders of each kind in every language of the registry, in its order:
    ``language_folders("notebooks")`` is ``["notebooks/en", "notebooks/es"]``."""
    return [f"{kind}/{code}" for kind in kinds for code in LANGUAGES]


class Step:
    """One pytest run of `python3 tasks.py test`: a name, its options and the folders it covers."""

    def __init__(self, key, title, options, folders, needs_notebooks, by_default=True):
        self.key = key
        self.title = title
        self.options = options
        self.folders = folders
        self.needs_notebooks = needs_notebooks  # every folder must hold notebooks: none is a failure
        self.by_default = by_default            # False: run only when asked for with --only


TEST_STEPS = [
    # The browser tests are one scope (tests/conftest.py) and the longest: in collection order they
    # start first, on one worker, instead of last (xdist orders scopes by their number of tests).
    Step("unit", "unit and browser tests",
         PARALLEL + ["--no-loadscope-reorder", f"--ignore={SITE_TESTS}"], ["tests"],
         needs_notebooks=False),
    Step(
        "notebooks",
        "lessons and solutions (nbval, stored outputs compared)",
        PARALLEL + ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", SANITIZE_FILE],
        language_folders("notebooks", "solutions"),
        needs_notebooks=True,
    ),
    Step(
        "exercises",
        "exercise notebooks (nbval-lax, run without comparing outputs)",
        PARALLEL + ["--nbval-lax", "--nbval-current-env"],
        language_folders("exercises"),
        needs_notebooks=True,
    ),
    # The JupyterLite site, built and driven in Chromium: minutes of Pyodide in a browser, so a
    # step of its own (python3 tasks.py test --only site), which CI runs after the others.
    Step("site", "the JupyterLite site in headless Chromium", [], [SITE_TESTS],
         needs_notebooks=False, by_default=False),
]
# The steps that drive Chromium through Playwright, and the one that builds the site with npm.
BROWSER_STEPS = {"unit", "site"}
NPM_STEPS = {"site"}


# --------------------------------------------------------------------------------------------
# Small helpers


def progress(message):
    """Print one short progress line (flushed, so it shows before a slow subprocess starts)."""
    print(message, flush=True)


def stop(message):
    """Print what went wrong and how to fix it, then exit with status 1."""
    print(f"\n{message}", file=sys.stderr, flush=True)
    sys.exit(1)


def venv_python(venv_dir=VENV):
    """The Python inside the virtual environment (Windows keeps it in Scripts\\)."""
    if os.name == "nt":
        return venv_dir / "Scripts" / "python.exe"
    return venv_dir / "bin" / "python"


def is_root():
    """True when running as the superuser (never on Windows)."""
    return hasattr(os, "geteuid") and os.geteuid() == 0


# --------------------------------------------------------------------------------------------
# System programs for the browser test: Chromium, and what Playwright's driver needs


_apt_updated = False


def apt_prefix():
    """The command prefix that runs apt-get without a password prompt, or None when impossible.

    [] as root; ["sudo", "-n"] when passwordless sudo works; None without apt-get (not Debian or
    Ubuntu) or without those rights, in which case the caller explains what to run by hand.
    """
    if shutil.which("apt-get") is None:
        return None
    if is_root():
        return []
    if shutil.which("sudo") is None:
        return None
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if subprocess.run(["sudo", "-n", "true"], **quiet).returncode != 0:
        return None
    return ["sudo", "-n"]


def apt_install(packages, prefix):
    """Install Debian packages with apt-get (updating the package lists once); True on success."""
    global _apt_updated
    # No questions from debconf: under sudo the variable has to travel through `env`.
    command = prefix + (["env", "DEBIAN_FRONTEND=noninteractive"] if prefix else []) + ["apt-get"]
    environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    if not _apt_updated:
        if subprocess.run(command + ["update"], env=environment).returncode != 0:
            return False
        _apt_updated = True
    # Only what the packages need: chromium's recommends alone would add some 250 packages.
    install = ["install", "-y", "--no-install-recommends"]
    return subprocess.run(command + install + packages, env=environment).returncode == 0


def linux_distribution():
    """The ID from /etc/os-release ("debian", "ubuntu", ...), or "" when there is none."""
    try:
        lines = Path("/etc/os-release").read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        if line.startswith("ID="):
            return line[3:].strip().strip('"')
    return ""


def find_chromium():
    """The Chromium the browser test will drive: MINIGRAD_CHROMIUM, else /usr/bin/chromium, or None.

    Playwright's own browser download needs a network this project cannot count on, so the test
    uses a system Chromium.
    """
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        if os.access(chosen, os.X_OK):
            return chosen
        stop(f"{CHROMIUM_VARIABLE}={chosen} is not an executable file: point it at a Chromium or Chrome.")
    return DEFAULT_CHROMIUM if os.access(DEFAULT_CHROMIUM, os.X_OK) else None


# Shared libraries that Playwright's driver (a Node.js program in the playwright wheel) loads and
# a minimal Debian lacks, with the Debian package that has each. Its `ldd` on a bare Debian 12
# lists only libatomic.so.1 as not found.
DRIVER_LIBRARIES = {"libatomic.so.1": "libatomic1"}
MISSING_LIBRARY = re.compile(r"error while loading shared libraries: ([^:\s]+)")


def playwright_driver_problem(python):
    """None when Playwright's driver starts with `python`; otherwise what it said, in one line."""
    try:
        done = subprocess.run([str(python), "-m", "playwright", "--version"],
                              capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"it could not be run ({error})"
    if done.returncode == 0:
        return None
    said = " ".join((done.stderr + done.stdout).split())
    return said[:500] or f"it stopped with exit status {done.returncode} and said nothing"


def driver_packages(problem):
    """The Debian packages that would give the driver the library `problem` names ([] if unknown)."""
    missing = MISSING_LIBRARY.search(problem or "")
    return [DRIVER_LIBRARIES[missing[1]]] if missing and missing[1] in DRIVER_LIBRARIES else []


def driver_message(problem):
    """What to tell when Playwright's driver cannot start: its own words and the fix."""
    packages = driver_packages(problem)
    fix = (f"Install the missing library, then run this command again:\n"
           f"    sudo apt-get install {' '.join(packages)}" if packages else
           "Install what it names (a missing shared library comes from a system package), "
           "then run this command again.")
    return f"Playwright's driver, which the browser test uses to drive Chromium, cannot start:\n    {problem}\n{fix}"


def ensure_browser(python):
    """Return the Chromium for the browser test, making sure Playwright's driver starts too.

    What is missing (the chromium package, the driver's libraries) is installed with apt-get on
    Debian when that works without a password; otherwise the runner stops and says what to run.
    """
    chromium = find_chromium()
    problem = playwright_driver_problem(python)
    # fonts-liberation: chromium only recommends it, and a page needs some font to lay text out.
    wanted = ([] if chromium else ["chromium", "fonts-liberation"]) + driver_packages(problem)
    prefix = apt_prefix()
    if wanted and prefix is not None and linux_distribution() in ("debian", "ubuntu"):
        if "chromium" in wanted and linux_distribution() != "debian":
            wanted = driver_packages(problem)      # Ubuntu's chromium package is a snap stub
        if wanted:
            progress(f"installing {' '.join(wanted)} (for the browser test) with apt-get ...")
            apt_install(wanted, prefix)
            chromium = find_chromium()
            problem = playwright_driver_problem(python)
    missing = []
    if chromium is None:
        missing.append(
            f"The browser test needs Chromium at {DEFAULT_CHROMIUM}, and it is not there.\n"
            "    Debian:  sudo apt-get install chromium\n"
            "    Ubuntu and others: install Chromium or Chrome (on Ubuntu the chromium package is a snap),\n"
            f"    then point {CHROMIUM_VARIABLE} at it, e.g. {CHROMIUM_VARIABLE}=/snap/bin/chromium python3 tasks.py test"
        )
    if problem:
        missing.append(driver_message(problem))
    if missing:
        stop("\n\n".join(missing))
    return chromium


def ensure_npm():
    """npm, with which the site's build fetches Pyodide and the browser's Graphviz (its test step).

    Installed with apt-get on Debian and Ubuntu where that works without a password; otherwise the
    runner stops and says what to run.
    """
    if shutil.which("npm"):
        return
    prefix = apt_prefix()
    if prefix is not None and linux_distribution() in ("debian", "ubuntu"):
        progress("installing npm (the site's build fetches Pyodide with it) with apt-get ...")
        if apt_install(["npm"], prefix) and shutil.which("npm"):
            return
    stop("The site's test builds the site, which needs npm (Node.js's package manager), and it is "
         "not installed.\n"
         "    Debian, Ubuntu:  sudo apt-get install npm\n"
         "    elsewhere:       install Node.js, which comes with npm\n"
         "then run this command again.")


# --------------------------------------------------------------------------------------------
# The virtual environment


def venv_works(python):
    """True when `python` runs and is new enough (an old .venv may point at a removed Python)."""
    if not python.exists():
        return False
    check = f"import sys; sys.exit(sys.version_info < {MIN_PYTHON!r})"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return subprocess.run([str(python), "-c", check], **quiet).returncode == 0


def create_venv():
    """Create .venv with the running Python, fetching Debian's venv support when it is missing."""
    progress(f"setting up .venv with Python {sys.version.split()[0]} ...")
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
        return
    except (subprocess.CalledProcessError, OSError):
        shutil.rmtree(VENV, ignore_errors=True)
    # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a separate package.
    prefix = apt_prefix()
    if prefix is not None:
        progress("installing python3-venv with apt-get ...")
        if apt_install(["python3-venv"], prefix):
            try:
                venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
                return
            except (subprocess.CalledProcessError, OSError):
                shutil.rmtree(VENV, ignore_errors=True)
    stop(
        "Could not create the virtual environment .venv: this Python lacks venv/ensurepip.\n"
        "    Debian, Ubuntu:  sudo apt-get install python3-venv\n"
        "then run this command again."
    )


def install_record(extras):
    """What a successful install of the project with `extras` is recorded as in the stamp file."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return {"pyproject_sha256": digest, "extras": sorted(set(extras))}


def install_is_current(record, stamp_text):
    """True when the stamp shows an install from the same pyproject.toml with at least these extras."""
    try:
        stamp = json.loads(stamp_text)
        return (
            stamp["pyproject_sha256"] == record["pyproject_sha256"]
            and set(record["extras"]) <= set(stamp["extras"])
        )
    except (ValueError, KeyError, TypeError):
        return False


class PipProgress:
    """Turns pip's output into a progress line every few seconds, so that an install is never silent.

    pip names each package as it collects it ("Collecting jupyterlab>=4", or "Processing
    /some/folder/jupyterlab-4.5.0-py3-none-any.whl" for a wheel found on disk), then the whole set
    it installs ("Installing collected packages: a, b, ..."), then says nothing until it is done.
    `feed` takes each line of pip's, `tick` is called when pip has been quiet for a while; both
    return the line to print, or None. Every line of pip's is kept for an error report.
    """

    def __init__(self, clock=time.monotonic, every=5.0):
        self.clock = clock
        self.every = every
        self.started = self.last_report = clock()
        self.collected = 0
        self.phase = "working out what to install"
        self.lines = []

    def elapsed(self):
        return round(self.clock() - self.started)

    def feed(self, line):
        self.lines.append(line.rstrip("\n"))
        if line.startswith(("Collecting ", "Processing ")):
            self.collected += 1
            self.phase = f"collecting packages: {self.collected} so far"
        elif line.startswith("Installing collected packages:"):
            count = len(line.split(":", 1)[1].split(","))
            self.phase = f"installing {count} package{'s' if count > 1 else ''}"
            return self.report()
        return self.tick()

    def tick(self):
        return self.report() if self.clock() - self.last_report >= self.every else None

    def report(self):
        self.last_report = self.clock()
        return f"  {self.phase} ({self.elapsed()} s)"

    def tail(self, count=40):
        """pip's last lines, without the notices about unusable local indexes."""
        kept = [line for line in self.lines if line.strip() and "is ignored: it is neither" not in line]
        return "\n".join(kept[-count:])


def pip_install(python, target):
    """pip install -e `target` into .venv, printing progress; True on success."""
    command = [str(python), "-m", "pip", "install", "--disable-pip-version-check",
               "--progress-bar", "off", "-e", target]
    watcher = PipProgress()
    environment = dict(os.environ, PYTHONUNBUFFERED="1", PIP_NO_INPUT="1")
    lines = queue.Queue()
    with subprocess.Popen(command, cwd=ROOT, env=environment, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, errors="replace") as pip:
        def read():
            for line in pip.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, daemon=True).start()
        while True:
            try:
                line = lines.get(timeout=1.0)
            except queue.Empty:
                report = watcher.tick()
            else:
                if line is None:
                    break
                report = watcher.feed(line)
            if report:
                progress(report)
    if pip.returncode != 0:
        print(watcher.tail(), file=sys.stderr)
        return False
    progress(f"  done in {watcher.elapsed()} s")
    return True


def ensure_venv(extras):
    """Create .venv if needed and install the project with `extras`, unless already done."""
    python = venv_python()
    if not venv_works(python):
        create_venv()
    record = install_record(extras)
    stamp_text = STAMP.read_text() if STAMP.exists() else ""
    if install_is_current(record, stamp_text):
        return python
    # Keep what an earlier install added (e.g. test), so commands do not undo each other.
    if stamp_text:
        try:
            record["extras"] = sorted(set(record["extras"]) | set(json.loads(stamp_text)["extras"]))
        except (ValueError, KeyError, TypeError):
            pass
    target = ".[{}]".format(",".join(record["extras"])) if record["extras"] else "."
    first = "" if stamp_text else "; the first time takes a minute or two"
    progress(f"installing minigrad-workbook{target[1:]} and what it needs into .venv{first} ...")
    STAMP.unlink(missing_ok=True)  # an interrupted install must not look finished
    if not pip_install(python, target):
        stop("pip could not install the project into .venv (its last messages are above).")
    STAMP.write_text(json.dumps(record, indent=2) + "\n")
    return python


def setup(extras=(), browser=False):
    """Everything a command needs; returns the venv's Python and the environment for its tools."""
    python = ensure_venv(extras)
    environment = dict(os.environ)
    # Tests and notebook kernels inherit this: no __pycache__ folders in the checkout.
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    if browser:
        environment[CHROMIUM_VARIABLE] = ensure_browser(python)
    # Tools run from .venv first, e.g. `jupyter` for anything that spawns it by name.
    environment["PATH"] = str(python.parent) + os.pathsep + environment.get("PATH", "")
    environment["VIRTUAL_ENV"] = str(VENV)
    return python, environment


# --------------------------------------------------------------------------------------------
# Commands


def notebook_folders(step, root=None):
    """The folders of `step` that hold at least one notebook (checkpoint copies do not count)."""
    root = ROOT if root is None else root
    found = []
    for folder in step.folders:
        notebooks = [
            path
            for path in (root / folder).glob("**/*.ipynb")
            if ".ipynb_checkpoints" not in path.parts
        ]
        if notebooks:
            found.append(folder)
    return found


def pytest_command(python, step, folders, extra):
    """The full pytest command line of one test step."""
    return [str(python)] + PYTEST_BASE + step.options + list(extra) + list(folders)


def trust_record(notebooks):
    """What trusting these notebooks is recorded as: their content, and whose Jupyter data folder."""
    digest = hashlib.sha256()
    for path in notebooks:
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    where = [os.environ.get(name, "") for name in ("HOME", "USERPROFILE", "JUPYTER_DATA_DIR")]
    return {"notebooks_sha256": digest.hexdigest(), "jupyter_data": where}


def trust_shipped_notebooks(python, environment):
    """Mark the workbook's own executed notebooks as trusted, so their stored graphs and widgets show.

    JupyterLab hides stored SVG and widget outputs of a notebook it has not signed; these outputs
    are the project's own, produced by tools/build_notebooks.py. The signatures live in Jupyter's
    data folder, not in the notebooks, so nothing in the checkout changes. A signature holds as
    long as the notebook does not change, so this runs again only when a notebook did.
    """
    shipped = sorted(p for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*/*.ipynb"))
    if not shipped:
        return
    record = json.dumps(trust_record(shipped), indent=2) + "\n"
    if TRUST_STAMP.exists() and TRUST_STAMP.read_text() == record:
        return
    done = subprocess.run([str(python), "-m", "jupyter", "trust", *map(str, shipped)], env=environment,
                          stdout=subprocess.DEVNULL, check=False)
    if done.returncode == 0:
        TRUST_STAMP.write_text(record)


def interface_language(lang, environment):
    """Make JupyterLab's own interface speak `lang` by default, for this session only.

    JupyterLab reads default settings from `labconfig/default_setting_overrides.json` in every
    Jupyter config folder, including those in JUPYTER_CONFIG_PATH; a setting chosen by hand in
    Settings (kept in the user-settings folder) still wins over such a default. So the language
    pack's locale is given as a default, in a folder in .venv that only this session's
    JUPYTER_CONFIG_PATH names: nothing the learner set is changed, and nothing outlives the session.
    """
    locale = JUPYTERLAB_LOCALES.get(lang)
    if locale is None:
        return
    folder = VENV / "minigrad-jupyter-config" / lang
    overrides = folder / "labconfig" / "default_setting_overrides.json"
    overrides.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"@jupyterlab/translation-extension:plugin": {"locale": locale}}, indent=2) + "\n"
    if not overrides.exists() or overrides.read_text() != text:
        overrides.write_text(text)
    earlier = environment.get("JUPYTER_CONFIG_PATH")
    environment["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(folder)] + ([earlier] if earlier else []))


def command_start(args, extra):
    """Set up, then open the workbook's index notebook in JupyterLab (extra args go to jupyter lab)."""
    python, environment = setup()
    index = INDEX_NOTEBOOKS[args.lang]
    command = [str(python), "-m", "jupyter", "lab"] + list(extra)
    if is_root() and "--allow-root" not in extra:
        # Jupyter refuses root unless told; root is the norm in containers and cloud machines.
        command.append("--allow-root")
    # Serve the whole workbook (lessons link to labs in sibling folders) and open at the index.
    # Naming the notebook on the command line instead would serve only its own folder.
    command.append(f"--ServerApp.root_dir={ROOT}")
    if (ROOT / index).exists():
        command.append(f"--LabApp.default_url=/lab/tree/{index}")
    else:
        progress(f"{index} is not there yet (python3 tasks.py build makes it); opening the workbook folder")
    trust_shipped_notebooks(python, environment)
    interface_language(args.lang, environment)
    progress("starting JupyterLab (stop it with Ctrl+C) ...")
    os.chdir(ROOT)
    if os.name == "nt":
        return subprocess.run(command, env=environment).returncode
    # Become JupyterLab, so that Ctrl+C reaches it alone and it can shut down cleanly.
    os.execve(command[0], command, environment)


def command_test(args, extra):
    """Set up, then run every test step; exit non-zero when any step failed."""
    steps = [step for step in TEST_STEPS if (step.key in args.only if args.only else step.by_default)]
    keys = {step.key for step in steps}
    python, environment = setup(extras=("test",), browser=bool(keys & BROWSER_STEPS))
    if keys & NPM_STEPS:
        ensure_npm()
    results = []
    for step in steps:
        folders = step.folders
        empty = [f for f in folders if f not in notebook_folders(step)] if step.needs_notebooks else []
        if empty:
            # A missing folder of notebooks is a broken checkout, never a pass.
            message = "FAILED: no notebooks in " + ", ".join(empty)
            progress(f"\n== {step.title}: {message}")
            results.append((step, message, True))
            continue
        if SANITIZE_FILE in step.options and not (ROOT / SANITIZE_FILE).exists():
            message = f"FAILED: {SANITIZE_FILE} is missing"
            progress(f"\n== {step.title}: {message}")
            results.append((step, message, True))
            continue
        command = pytest_command(python, step, folders, extra)
        progress(f"\n== {step.title}: {' '.join(command[1:])}")
        code = subprocess.run(command, cwd=ROOT, env=environment).returncode
        if code == 0:
            results.append((step, "passed", False))
        elif code == PYTEST_NO_TESTS and extra:
            # The extra options (say -k) selected nothing in this step: not a failure.
            results.append((step, "no tests selected by the extra options", False))
        else:
            results.append((step, f"FAILED (pytest exit code {code})", True))
    progress("\n== summary")
    for step, outcome, _failed in results:
        progress(f"  {step.title}: {outcome}")
    for step in TEST_STEPS:
        if step not in steps and not args.only:
            progress(f"  {step.title}: a step of its own, python3 tasks.py test --only {step.key}")
    failed = [step.key for step, _outcome, is_failure in results if is_failure]
    if failed:
        progress("failed steps: " + ", ".join(failed))
        return 1
    return 0


def command_build(args, extra):
    """Maintainers: regenerate the per-language notebooks with tools/build_notebooks.py."""
    python, environment = setup()
    if not (ROOT / BUILD_TOOL).exists():
        stop(f"{BUILD_TOOL} is missing: the build needs it.")
    progress(f"running {BUILD_TOOL} ...")
    return subprocess.run([str(python), BUILD_TOOL] + list(extra), cwd=ROOT, env=environment).returncode


def command_bench(args, extra):
    """Run every benchmarks/bench_*.py with the venv's Python; non-zero if any of them fails."""
    python, environment = setup(extras=("bench",))
    scripts = sorted((ROOT / "benchmarks").glob("bench_*.py"))
    if not scripts:
        progress("no benchmarks yet (benchmarks/bench_*.py)")
        return 0
    failed = []
    for script in scripts:
        name = script.relative_to(ROOT).as_posix()
        progress(f"\n== {name}")
        if subprocess.run([str(python), name], cwd=ROOT, env=environment).returncode != 0:
            failed.append(name)
    if failed:
        progress("\nfailed: " + ", ".join(failed))
        return 1
    return 0


def command_site(args, extra):
    """Build the workbook as a static JupyterLite site with tools/build_site.py (its own tools)."""
    # The caller's working directory stays: --out DIR is relative to where the command is typed.
    return subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py")] + list(extra)).returncode


def build_parser():
    """The command line: one subcommand per task."""
    parser = argparse.ArgumentParser(
        prog="python3 tasks.py",
        description="Set up and run the minigrad workbook: the one task runner.",
        allow_abbrev=False,
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    start = commands.add_parser(
        "start", allow_abbrev=False,
        help="set everything up, then open the workbook in JupyterLab",
        description="Set everything up, then open the workbook in JupyterLab. "
        "Other options are passed to `jupyter lab` (e.g. --no-browser, --port 8890).",
    )
    start.add_argument("--lang", choices=list(INDEX_NOTEBOOKS), default=next(iter(INDEX_NOTEBOOKS)),
                       help="the language of the index notebook to open: "
                       + ", ".join(f"{code} ({language.name})" for code, language in LANGUAGES.items()))
    start.set_defaults(run=command_start)

    test = commands.add_parser(
        "test", allow_abbrev=False,
        help="set everything up, then run every test",
        description="Set everything up, then run every test: pytest on tests/, strict nbval on "
        "the lessons and solutions, nbval-lax on the exercises, each on every core. The "
        "JupyterLite site's test is a step of its own: --only site. Other options are passed to "
        "every pytest run (e.g. -x, -q, -k NAME; -n 0 for one process).",
    )
    test.add_argument("--only", action="append", choices=[step.key for step in TEST_STEPS],
                      help="run only this step (repeatable): "
                      + ", ".join(f"{step.key} ({step.title})" for step in TEST_STEPS))
    test.set_defaults(run=command_test)

    build = commands.add_parser(
        "build", allow_abbrev=False,
        help="maintainers: regenerate the notebooks from notebooks/src and solutions/src",
        description=f"Regenerate the notebooks with {BUILD_TOOL}; other options are passed to it.",
    )
    build.set_defaults(run=command_build)

    bench = commands.add_parser("bench", allow_abbrev=False, help="run the benchmarks in benchmarks/")
    bench.set_defaults(run=command_bench)

    site = commands.add_parser(
        "site", allow_abbrev=False, add_help=False,
        help="build the workbook as a static JupyterLite site (--out DIR, --serve, --help)",
        description="Build the workbook as a static JupyterLite site; options go to tools/build_site.py.",
    )
    site.set_defaults(run=command_site)
    return parser


def parse(argv):
    """Parse the command line; unknown options are kept for the tool the command runs."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra[:1] == ["--"]:
        extra = extra[1:]
    if extra and args.command == "bench":
        parser.error(f"bench takes no extra arguments: {' '.join(extra)}")
    return args, extra


def main(argv=None):
    """Run the task named on the command line and return its exit status."""
    args, extra = parse(sys.argv[1:] if argv is None else argv)
    try:
        return args.run(args, extra)
    except KeyboardInterrupt:
        progress("\ninterrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
