"""What tasks.py does to set a machine up: start installs only what a learner needs, with
progress; the test command gets Chromium and what Playwright's driver needs, or says exactly
what is missing; the shipped notebooks are trusted once; --lang es makes JupyterLab's own
interface Spanish for that session without touching what the learner chose."""

import json
import os
import stat
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from tasks_module import load_tasks

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LIBATOMIC_ERROR = ("/venv/lib/python3.11/site-packages/playwright/driver/node: error while loading "
                   "shared libraries: libatomic.so.1: cannot open shared object file: No such file "
                   "or directory")


@pytest.fixture
def tasks(tmp_path, monkeypatch):
    module = load_tasks()
    monkeypatch.setattr(module, "VENV", tmp_path / "venv")
    monkeypatch.setattr(module, "TRUST_STAMP", tmp_path / "venv" / "minigrad-trusted.json")
    (tmp_path / "venv").mkdir()
    return module


def fake_python(folder, body):
    """An executable standing in for a venv's python (only its command line matters)."""
    path = folder / "python"
    path.write_text(f"#!{sys.executable}\nimport sys\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


# ── What start installs ────────────────────────────────────────────────────────────────────────

TEST_TOOLS = {"pytest", "pytest-xdist", "hypothesis", "nbval", "playwright"}


def test_a_learner_gets_no_test_tools_and_the_renderer_from_the_package_index():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    learner = {Requirement(line).name for line in project["dependencies"]}
    tests = {Requirement(line).name for line in project["optional-dependencies"]["test"]}
    assert not learner & TEST_TOOLS and TEST_TOOLS <= tests
    assert {"jupyterlab", "ipywidgets", "graphviz", "graphviz-pure", "numpy", "matplotlib"} <= learner
    # One version of the renderer everywhere: the stored drawings are compared byte for byte.
    pinned = [Requirement(line) for line in project["dependencies"] if line.startswith("graphviz-pure")]
    assert len(pinned) == 1 and str(pinned[0].specifier).startswith("==")


def test_start_sets_up_without_the_test_extra_and_speaks_spanish_on_request(tasks, monkeypatch, tmp_path):
    calls = []

    def fake_setup(extras=(), browser=False):
        calls.append((tuple(extras), browser))
        return Path(sys.executable), {"PATH": "/usr/bin"}

    class Started(Exception):
        pass

    def fake_execve(program, command, environment):
        raise Started(command, environment)

    monkeypatch.setattr(tasks, "setup", fake_setup)
    monkeypatch.setattr(tasks, "trust_shipped_notebooks", lambda python, environment: None)
    monkeypatch.setattr(tasks.os, "execve", fake_execve)
    monkeypatch.setattr(tasks.os, "chdir", lambda folder: None)
    args, extra = tasks.parse(["start", "--lang", "es", "--no-browser"])
    with pytest.raises(Started) as started:
        args.run(args, extra)
    command, environment = started.value.args
    assert calls == [((), False)]
    assert command[1:4] == ["-m", "jupyter", "lab"] and "--no-browser" in command
    assert "--LabApp.default_url=/lab/tree/notebooks/es/indice.ipynb" in command
    overrides = Path(environment["JUPYTER_CONFIG_PATH"]) / "labconfig" / "default_setting_overrides.json"
    assert json.loads(overrides.read_text()) == {
        "@jupyterlab/translation-extension:plugin": {"locale": "es_ES"}}


def test_the_test_command_sets_up_the_browser_and_npm_only_for_the_steps_that_need_them(tasks, monkeypatch, capsys):
    calls, runs = [], []
    monkeypatch.setattr(tasks, "setup", lambda extras=(), browser=False: calls.append((extras, browser)) or (
        Path(sys.executable), dict(os.environ)))
    monkeypatch.setattr(tasks, "ensure_npm", lambda: calls.append("npm"))
    monkeypatch.setattr(tasks, "notebook_folders", lambda step: step.folders)
    monkeypatch.setattr(tasks.subprocess, "run",
                        lambda command, **kwargs: runs.append(command[-1]) or tasks.subprocess.CompletedProcess(command, 0))
    for argv in (["test", "--only", "notebooks"], ["test", "--only", "unit"], ["test", "--only", "site"]):
        args, extra = tasks.parse(argv)
        assert args.run(args, extra) == 0
    assert calls == [(("test",), False), (("test",), True), (("test",), True), "npm"]
    assert runs == ["solutions/es", "tests", "tests/site"]
    # Without --only: every step but the site's, which the summary names.
    capsys.readouterr()
    args, extra = tasks.parse(["test"])
    assert args.run(args, extra) == 0
    assert runs[3:] == ["tests", "solutions/es", "exercises/es"] and calls[-1] == (("test",), True)
    assert "a step of its own, python3 tasks.py test --only site" in capsys.readouterr().out


# ── Progress while pip installs ────────────────────────────────────────────────────────────────

class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_pip_progress_is_printed_every_few_seconds_and_never_per_package(tasks):
    clock = Clock()
    watcher = tasks.PipProgress(clock=clock, every=5.0)
    reports = []
    for second in range(12):
        clock.now = 100.0 + second
        for package in ("a", "b"):
            reports.append(watcher.feed(f"Collecting {package}{second}\n"))
        reports.append(watcher.feed(f"Processing /wheels/c{second}-1.0-py3-none-any.whl\n"))
        reports.append(watcher.feed(f"  Downloading a{second}-1.0-py3-none-any.whl (10 kB)\n"))
    shown = [r for r in reports if r]
    assert shown == ["  collecting packages: 16 so far (5 s)", "  collecting packages: 31 so far (10 s)"]
    clock.now = 113.0
    assert watcher.feed("Installing collected packages: a0, b0, c0\n") == "  installing 3 packages (13 s)"
    clock.now = 117.0
    assert watcher.tick() is None                          # pip quiet, but not for long yet
    clock.now = 118.5
    assert watcher.tick() == "  installing 3 packages (18 s)"


def test_pip_progress_keeps_pips_last_words_for_an_error_report(tasks):
    watcher = tasks.PipProgress()
    for line in ["WARNING: Location 'file:///somewhere/simple/six/' is ignored: it is neither a file nor a directory.\n",
                 "Collecting graphviz-pure==0.2.2\n",
                 "ERROR: No matching distribution found for graphviz-pure==0.2.2\n"]:
        watcher.feed(line)
    assert watcher.tail() == ("Collecting graphviz-pure==0.2.2\n"
                              "ERROR: No matching distribution found for graphviz-pure==0.2.2")


# ── Playwright's driver ────────────────────────────────────────────────────────────────────────

def test_a_driver_that_cannot_start_is_reported_with_the_package_that_fixes_it(tasks, tmp_path):
    python = fake_python(tmp_path, f"print({LIBATOMIC_ERROR!r}, file=sys.stderr); sys.exit(127)")
    problem = tasks.playwright_driver_problem(python)
    assert problem == LIBATOMIC_ERROR
    assert tasks.driver_packages(problem) == ["libatomic1"]
    message = tasks.driver_message(problem)
    assert "Playwright's driver, which the browser test uses to drive Chromium, cannot start" in message
    assert LIBATOMIC_ERROR in message and "sudo apt-get install libatomic1" in message


def test_a_driver_problem_the_runner_does_not_know_is_still_told_in_the_drivers_words(tasks, tmp_path):
    python = fake_python(tmp_path, "print('node: error while loading shared libraries: libfoo.so.9: "
                                   "cannot open shared object file', file=sys.stderr); sys.exit(127)")
    problem = tasks.playwright_driver_problem(python)
    assert tasks.driver_packages(problem) == []
    message = tasks.driver_message(problem)
    assert "libfoo.so.9" in message and "apt-get install" not in message
    silent = fake_python(tmp_path, "sys.exit(3)")
    assert tasks.playwright_driver_problem(silent) == "it stopped with exit status 3 and said nothing"


def test_the_driver_of_this_environment_starts(tasks):
    assert tasks.playwright_driver_problem(sys.executable) is None


class Machine:
    """A Debian machine where apt-get works: installing packages makes them appear."""

    def __init__(self, tasks, monkeypatch, chromium, libatomic, apt=True):
        self.installed = []
        self.chromium, self.libatomic = chromium, libatomic
        monkeypatch.setattr(tasks, "apt_prefix", lambda: [] if apt else None)
        monkeypatch.setattr(tasks, "linux_distribution", lambda: "debian")
        monkeypatch.setattr(tasks, "find_chromium", lambda: "/usr/bin/chromium" if self.chromium else None)
        monkeypatch.setattr(tasks, "playwright_driver_problem",
                            lambda python: None if self.libatomic else LIBATOMIC_ERROR)
        monkeypatch.setattr(tasks, "apt_install", self.apt_install)

    def apt_install(self, packages, prefix):
        self.installed.append(list(packages))
        self.chromium = self.chromium or "chromium" in packages
        self.libatomic = self.libatomic or "libatomic1" in packages
        return True


def test_a_bare_debian_gets_chromium_and_libatomic1_in_one_apt_call(tasks, monkeypatch):
    machine = Machine(tasks, monkeypatch, chromium=False, libatomic=False)
    assert tasks.ensure_browser(Path(sys.executable)) == "/usr/bin/chromium"
    assert machine.installed == [["chromium", "fonts-liberation", "libatomic1"]]
    machine = Machine(tasks, monkeypatch, chromium=True, libatomic=True)
    tasks.ensure_browser(Path(sys.executable))
    assert machine.installed == []


def test_without_rights_to_install_the_runner_stops_with_every_command_to_run(tasks, monkeypatch, capsys):
    Machine(tasks, monkeypatch, chromium=False, libatomic=False, apt=False)
    with pytest.raises(SystemExit) as stopped:
        tasks.ensure_browser(Path(sys.executable))
    assert stopped.value.code == 1
    said = capsys.readouterr().err
    assert "sudo apt-get install chromium" in said and "sudo apt-get install libatomic1" in said
    Machine(tasks, monkeypatch, chromium=True, libatomic=False, apt=False)
    with pytest.raises(SystemExit):
        tasks.ensure_browser(Path(sys.executable))
    said = capsys.readouterr().err
    assert "sudo apt-get install libatomic1" in said and "Chromium at" not in said


# ── Trusting the shipped notebooks once ────────────────────────────────────────────────────────

def test_shipped_notebooks_are_trusted_again_only_when_one_changed(tasks, monkeypatch, tmp_path):
    checkout = tmp_path / "checkout"
    for notebook in ("notebooks/en/01.ipynb", "solutions/es/00.ipynb"):
        (checkout / notebook).parent.mkdir(parents=True, exist_ok=True)
        (checkout / notebook).write_text("{}")
    monkeypatch.setattr(tasks, "ROOT", checkout)
    runs = []
    monkeypatch.setattr(tasks.subprocess, "run",
                        lambda command, **kwargs: runs.append(command) or tasks.subprocess.CompletedProcess(command, 0))
    for _ in range(3):
        tasks.trust_shipped_notebooks(Path("python"), {})
    assert len(runs) == 1 and runs[0][1:4] == ["-m", "jupyter", "trust"] and len(runs[0]) == 6
    (checkout / "solutions/es/00.ipynb").write_text('{"changed": 1}')
    tasks.trust_shipped_notebooks(Path("python"), {})
    assert len(runs) == 2


# ── JupyterLab's interface language ────────────────────────────────────────────────────────────

def lab_locale(settings_dir):
    """The composite locale JupyterLab's server hands the interface, as it reads its settings now."""
    from jupyterlab.labapp import LabApp
    from jupyterlab_server.settings_utils import get_settings

    app = LabApp()
    paths = [app.app_settings_dir, app.schemas_dir, str(settings_dir)]
    settings, _ = get_settings(*paths, schema_name="@jupyterlab/translation-extension:plugin",
                               labextensions_path=app.labextensions_path)
    return settings["settings"].get("locale", settings["schema"]["properties"]["locale"]["default"])


def test_spanish_interface_is_a_default_for_the_session_and_a_learners_choice_wins(tasks, monkeypatch, tmp_path):
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    user_settings = tmp_path / "user-settings"
    english = lab_locale(user_settings)
    assert english != "es_ES"
    environment = {"JUPYTER_CONFIG_PATH": "/elsewhere"}
    tasks.interface_language("es", environment)
    assert environment["JUPYTER_CONFIG_PATH"].endswith(os.pathsep + "/elsewhere")
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", environment["JUPYTER_CONFIG_PATH"])
    assert lab_locale(user_settings) == "es_ES"
    # A language the learner chose in Settings → Language stays theirs.
    chosen = user_settings / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    chosen.parent.mkdir(parents=True)
    chosen.write_text('{"locale": "en"}')
    assert lab_locale(user_settings) == "en"
    # English asks for nothing: JupyterLab's own default.
    plain = {}
    tasks.interface_language("en", plain)
    assert plain == {}


def test_every_language_of_the_workbook_has_its_jupyterlab_language_pack(tasks):
    # A language added to minigrad/i18n.py's registry also needs JupyterLab's own language pack.
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    installed = {Requirement(line).name.lower() for line in project["dependencies"]}
    for code in tasks.LANGUAGES:
        if code == "en":
            continue                                  # JupyterLab's own language
        locale = tasks.JUPYTERLAB_LOCALES.get(code)
        assert locale, f"tasks.JUPYTERLAB_LOCALES has no JupyterLab locale for {code!r}"
        assert f"jupyterlab-language-pack-{locale.replace('_', '-')}".lower() in installed
