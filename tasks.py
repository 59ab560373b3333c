#!/usr/bin/env python3
"""The workbook's one task runner. It needs only Python 3.10+ and sets up everything else itself.

    python3 tasks.py start [--lang es]       set up, then open the workbook in JupyterLab
    python3 tasks.py test [pytest options]   set up, then run every test: unit, browser, notebooks
    python3 tasks.py build [tool options]    maintainers: regenerate the notebooks from their sources
    python3 tasks.py bench                   run the benchmarks in benchmarks/
    python3 tasks.py site [--out DIR] [--serve]   build the workbook as a static JupyterLite site

Every command first makes sure of the same things, and the second time this takes a few seconds:
a virtual environment in .venv with this project installed (editable, with its test extras) and
Graphviz's `dot` program; `test` also needs Chromium for the browser test. Missing system programs
are installed with apt-get where that is possible without a password; otherwise the runner stops
and prints the command to install them.

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
import shutil
import subprocess
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
# Written only after a successful install; its content says what was installed from what.
STAMP = VENV / "minigrad-install.json"


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
BUILD_TOOL = "tools/build_notebooks.py"
SANITIZE_FILE = "tests/nbval_sanitize.cfg"

DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_VARIABLE = "MINIGRAD_CHROMIUM"  # where the browser test looks for the browser

# pytest options every run shares: nothing is written into the checkout.
PYTEST_BASE = ["-m", "pytest", "-p", "no:cacheprovider"]
PYTEST_NO_TESTS = 5  # pytest's exit code when it collected (or selected) nothing


class Step:
    """One pytest run of `python3 tasks.py test`: a name, its options and the folders it covers."""

    def __init__(self, key, title, options, folders, needs_notebooks):
        self.key = key
        self.title = title
        self.options = options
        self.folders = folders
        self.needs_notebooks = needs_notebooks  # every folder must hold notebooks: none is a failure


TEST_STEPS = [
    Step("unit", "unit and browser tests", [], ["tests"], needs_notebooks=False),
    Step(
        "notebooks",
        "lessons and solutions (nbval, stored outputs compared)",
        ["--nbval", "--nbval-current-env", "--nbval-sanitize-with", SANITIZE_FILE],
        ["notebooks/en", "notebooks/es", "solutions/en", "solutions/es"],
        needs_notebooks=True,
    ),
    Step(
        "exercises",
        "exercise notebooks (nbval-lax, run without comparing outputs)",
        ["--nbval-lax", "--nbval-current-env"],
        ["exercises/en", "exercises/es"],
        needs_notebooks=True,
    ),
]


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
# System programs: Graphviz's dot and Chromium


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
    return subprocess.run(command + ["install", "-y"] + packages, env=environment).returncode == 0


def ensure_dot():
    """Make sure Graphviz's `dot` program is on PATH: the graph drawings need it."""
    if shutil.which("dot"):
        return
    prefix = apt_prefix()
    if prefix is not None:
        progress("installing graphviz (dot) with apt-get ...")
        if apt_install(["graphviz"], prefix) and shutil.which("dot"):
            return
    stop(
        "Graphviz's `dot` program is needed to draw computation graphs, and it is not installed.\n"
        "Install it with one of these, then run this command again:\n"
        "    sudo apt-get install graphviz              (Debian, Ubuntu)\n"
        "    brew install graphviz                      (macOS with Homebrew)\n"
        "    conda install -c conda-forge graphviz      (conda)"
    )


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


def ensure_chromium():
    """Return the Chromium the browser test will drive, installing Debian's package if needed.

    Playwright's own browser download needs a network this project cannot count on, so the test
    uses a system Chromium: the one named by MINIGRAD_CHROMIUM, or else /usr/bin/chromium.
    """
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        if os.access(chosen, os.X_OK):
            return chosen
        stop(f"{CHROMIUM_VARIABLE}={chosen} is not an executable file: point it at a Chromium or Chrome.")
    if os.access(DEFAULT_CHROMIUM, os.X_OK):
        return DEFAULT_CHROMIUM
    prefix = apt_prefix()
    if prefix is not None and linux_distribution() == "debian":
        progress("installing chromium (for the browser test) with apt-get ...")
        if apt_install(["chromium"], prefix) and os.access(DEFAULT_CHROMIUM, os.X_OK):
            return DEFAULT_CHROMIUM
    stop(
        f"The browser test needs Chromium at {DEFAULT_CHROMIUM}, and it is not there.\n"
        "    Debian:  sudo apt-get install chromium\n"
        "    Ubuntu and others: install Chromium or Chrome (on Ubuntu the chromium package is a snap),\n"
        f"    then point {CHROMIUM_VARIABLE} at it, e.g. {CHROMIUM_VARIABLE}=/snap/bin/chromium python3 tasks.py test"
    )


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


def ensure_venv(extras):
    """Create .venv if needed and install the project with `extras`, unless already done."""
    python = venv_python()
    if not venv_works(python):
        create_venv()
    record = install_record(extras)
    stamp_text = STAMP.read_text() if STAMP.exists() else ""
    if install_is_current(record, stamp_text):
        return python
    # Keep what an earlier install added (e.g. bench), so commands do not undo each other.
    if stamp_text:
        try:
            record["extras"] = sorted(set(record["extras"]) | set(json.loads(stamp_text)["extras"]))
        except (ValueError, KeyError, TypeError):
            pass
    target = ".[{}]".format(",".join(record["extras"])) if record["extras"] else "."
    progress(f"installing minigrad-workbook{target[1:]} into .venv (editable) ...")
    STAMP.unlink(missing_ok=True)  # an interrupted install must not look finished
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT)
    if result.returncode != 0:
        stop("pip could not install the project into .venv (see its messages above).")
    STAMP.write_text(json.dumps(record, indent=2) + "\n")
    return python


def setup(extras=("test",), chromium=False):
    """Everything a command needs; returns the venv's Python and the environment for its tools."""
    ensure_dot()
    environment = dict(os.environ)
    # Tests and notebook kernels inherit this: no __pycache__ folders in the checkout.
    environment["PYTHONDONTWRITEBYTECODE"] = "1"
    if chromium:
        environment[CHROMIUM_VARIABLE] = ensure_chromium()
    python = ensure_venv(extras)
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


def trust_shipped_notebooks(python, environment):
    """Mark the workbook's own executed notebooks as trusted, so their stored graphs and widgets show.

    JupyterLab hides stored SVG and widget outputs of a notebook it has not signed; these outputs
    are the project's own, produced by tools/build_notebooks.py. The signatures live in Jupyter's
    data folder, not in the notebooks, so nothing in the checkout changes.
    """
    shipped = sorted(str(p) for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*/*.ipynb"))
    if shipped:
        subprocess.run([str(python), "-m", "jupyter", "trust", *shipped], env=environment,
                       stdout=subprocess.DEVNULL, check=False)


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
    progress("starting JupyterLab (stop it with Ctrl+C) ...")
    os.chdir(ROOT)
    if os.name == "nt":
        return subprocess.run(command, env=environment).returncode
    # Become JupyterLab, so that Ctrl+C reaches it alone and it can shut down cleanly.
    os.execve(command[0], command, environment)


def command_test(args, extra):
    """Set up, then run every test step; exit non-zero when any step failed."""
    python, environment = setup(chromium=True)
    steps = [step for step in TEST_STEPS if not args.only or step.key in args.only]
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
    python, environment = setup(extras=("test", "bench"))
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
        "the lessons and solutions, nbval-lax on the exercises. Other options are passed to "
        "every pytest run (e.g. -x, -q, -k NAME).",
    )
    test.add_argument("--only", action="append", choices=[step.key for step in TEST_STEPS],
                      help="run only this step (repeatable)")
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
