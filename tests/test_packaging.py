"""The project's set-up files agree with each other, and the task runner does what the README says.

- pyproject.toml (the pip route) and environment.yml (the conda route, and Binder) list the same
  packages with the same version bounds, apart from the name differences spelled out below;
- CI (.ci/run) runs exactly the README's test command;
- tasks.py uses only the standard library, and its test command runs the three pytest steps the
  README promises, skipping a step only while its folders hold no notebooks.
"""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.utils import canonicalize_name
from tasks_module import load_tasks

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent

# Where PyPI and conda-forge spell one package differently: PyPI name -> conda-forge name.
PYPI_TO_CONDA = {
    # conda-forge's "graphviz" is the Graphviz C programs; its Python bindings are "python-graphviz".
    "graphviz": "python-graphviz",
}

# conda entries that have no counterpart among pyproject.toml's requirements, and why.
CONDA_ONLY = {
    "python": "pyproject.toml states it as requires-python (compared on its own below)",
    "pip": "conda needs it to install the pip: subsection",
}

# The pip: subsection line that installs the project itself.
PROJECT_ITSELF = "-e ."

CONDA_NAME = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$")


def load_pyproject():
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def load_environment():
    return yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))


def pyproject_packages(pyproject):
    """{PyPI name: version bounds} over the dependencies and every extra.

    Environment markers are left out: conda has none, and environment.yml lists such packages
    (tomli, needed on Python 3.10 only) without one.
    """
    project = pyproject["project"]
    lines = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        lines.extend(extra)
    packages = {}
    for line in lines:
        requirement = Requirement(line)
        packages[canonicalize_name(requirement.name)] = requirement.specifier
    return packages


def conda_packages(environment):
    """({PyPI name: version bounds}, [pip: lines that are not packages]) from environment.yml.

    conda names are turned into PyPI names through PYPI_TO_CONDA, and the CONDA_ONLY entries
    (and python) are left out. Version bounds must be written the PEP 440 way (`numpy>=1.24`,
    not conda's `numpy=1.24`) so that they can be compared.
    """
    conda_to_pypi = {conda: pypi for pypi, conda in PYPI_TO_CONDA.items()}
    packages, others = {}, []
    for entry in environment["dependencies"]:
        if isinstance(entry, dict):
            for line in entry["pip"]:
                if line.startswith("-"):
                    others.append(line)
                    continue
                requirement = Requirement(line)
                packages[canonicalize_name(requirement.name)] = requirement.specifier
            continue
        name, bounds = CONDA_NAME.match(entry.strip()).groups()
        if name in CONDA_ONLY:
            continue
        try:
            specifier = SpecifierSet(bounds.replace(" ", ""))
        except InvalidSpecifier:
            pytest.fail(f"environment.yml: write {entry!r} with PEP 440 bounds, e.g. 'name>=1.2'")
        packages[canonicalize_name(conda_to_pypi.get(name, name))] = specifier
    return packages, others


def differences(pip_side, conda_side):
    """Every way in which the two {name: bounds} tables disagree, in words."""
    problems = []
    for name in sorted(pip_side.keys() - conda_side.keys()):
        conda_name = PYPI_TO_CONDA.get(name, name)
        problems.append(f"{name} is in pyproject.toml but not in environment.yml (as {conda_name})")
    for name in sorted(conda_side.keys() - pip_side.keys()):
        problems.append(f"{name} is in environment.yml but not in pyproject.toml")
    for name in sorted(pip_side.keys() & conda_side.keys()):
        if pip_side[name] != conda_side[name]:
            problems.append(
                f"{name}: pyproject.toml says {str(pip_side[name]) or 'any version'}, "
                f"environment.yml says {str(conda_side[name]) or 'any version'}"
            )
    return problems


def conda_entry_names(environment):
    return {CONDA_NAME.match(entry).group(1) for entry in environment["dependencies"] if isinstance(entry, str)}


# ---------------------------------------------------------------------------------------------
# pyproject.toml <-> environment.yml


def test_pyproject_and_environment_list_the_same_packages():
    conda_side, _ = conda_packages(load_environment())
    assert differences(pyproject_packages(load_pyproject()), conda_side) == []


def test_a_package_added_to_one_file_only_is_caught():
    pip_side = pyproject_packages(load_pyproject())
    conda_side, _ = conda_packages(load_environment())

    pip_side_plus = dict(pip_side, sympy=SpecifierSet())
    assert differences(pip_side_plus, conda_side) == [
        "sympy is in pyproject.toml but not in environment.yml (as sympy)"
    ]
    conda_side_plus = dict(conda_side, scipy=SpecifierSet(">=1.10"))
    assert differences(pip_side, conda_side_plus) == [
        "scipy is in environment.yml but not in pyproject.toml"
    ]
    # The Python bindings under their PyPI name, missing from the conda side.
    conda_side_minus = {name: spec for name, spec in conda_side.items() if name != "graphviz"}
    assert differences(pip_side, conda_side_minus) == [
        "graphviz is in pyproject.toml but not in environment.yml (as python-graphviz)"
    ]
    conda_side_bumped = dict(conda_side, jupyterlab=SpecifierSet(">=3"))
    assert differences(pip_side, conda_side_bumped) == [
        "jupyterlab: pyproject.toml says >=4, environment.yml says >=3"
    ]


def test_conda_only_entries_and_name_mapping_are_all_in_use():
    # A stale exception would hide a package that one file dropped.
    names = conda_entry_names(load_environment())
    assert set(CONDA_ONLY) <= names
    assert set(PYPI_TO_CONDA.values()) <= names


def test_both_files_ask_for_the_same_python():
    requires = SpecifierSet(load_pyproject()["project"]["requires-python"])
    python_entries = [entry for entry in load_environment()["dependencies"]
                      if isinstance(entry, str) and CONDA_NAME.match(entry).group(1) == "python"]
    assert len(python_entries) == 1
    assert SpecifierSet(CONDA_NAME.match(python_entries[0]).group(2).replace(" ", "")) == requires


def test_environment_installs_the_project_itself_from_conda_forge():
    environment = load_environment()
    _, others = conda_packages(environment)
    assert others == [PROJECT_ITSELF]
    assert environment["channels"][0] == "conda-forge"


# ---------------------------------------------------------------------------------------------
# README <-> .ci/run


def fenced_lines(markdown):
    """Every non-blank line inside the ``` fenced blocks of a Markdown text."""
    blocks = re.findall(r"^```[^\n]*\n(.*?)^```", markdown, flags=re.S | re.M)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def readme_parts():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    english, spanish = readme.split("\n## En español\n")
    return readme, english, spanish


def readme_test_command():
    _, english, _ = readme_parts()
    commands = [line for line in fenced_lines(english) if line.startswith("python3 tasks.py test")]
    assert len(commands) == 1, commands
    return commands[0]


def test_readme_gives_the_same_two_commands_in_both_languages():
    _, english, spanish = readme_parts()
    expected = ["python3 tasks.py start", "python3 tasks.py test"]
    for part in (english, spanish):
        assert [line for line in fenced_lines(part) if line.startswith("python3 ")] == expected
    # And the same conda route, naming the environment that environment.yml creates.
    conda_route = ["conda env create -f environment.yml",
                   f"conda activate {load_environment()['name']}", "jupyter lab"]
    for part in (english, spanish):
        lines = fenced_lines(part)
        assert lines[lines.index(conda_route[0]):][:3] == conda_route


def test_ci_runs_the_readme_test_commands_and_nothing_else():
    # The README's test command, then the site's step, which the README names in both languages.
    readme, english, spanish = readme_parts()
    site_step = "python3 tasks.py test --only site"
    assert f"`{site_step}`" in english and f"`{site_step}`" in spanish
    script = ROOT / ".ci" / "run"
    lines = script.read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith("bash")
    commands = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    assert commands == [
        "set -uo pipefail",
        'cd "$(dirname "$0")/.."',
        "status=0",
        f"{readme_test_command()} || status=1",
        f"{site_step} || status=1",
        'exit "$status"',
    ]
    assert os.access(script, os.X_OK)


def run_ci_script(tmp_path, exit_codes):
    """Run .ci/run with a python3 that answers each test command with the given exit code."""
    checkout = tmp_path / "checkout"
    (checkout / ".ci").mkdir(parents=True)
    (checkout / ".ci" / "run").write_bytes((ROOT / ".ci" / "run").read_bytes())
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    fake = bin_dir / "python3"
    fake.write_text("#!/bin/sh\necho \"$*\" >> \"$CALLS\"\n"
                    + "".join(f'[ "$*" = "{command}" ] && exit {code}\n' for command, code in exit_codes.items())
                    + "exit 0\n")
    fake.chmod(0o755)
    calls = tmp_path / "calls"
    environment = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ['PATH']}", CALLS=str(calls))
    done = subprocess.run(["bash", str(checkout / ".ci" / "run")], env=environment)
    return done.returncode, calls.read_text().splitlines()


def test_ci_runs_both_steps_and_fails_when_either_failed(tmp_path):
    both = ["tasks.py test", "tasks.py test --only site"]
    assert run_ci_script(tmp_path / "a", {}) == (0, both)
    assert run_ci_script(tmp_path / "b", {"tasks.py test": 1}) == (1, both)
    assert run_ci_script(tmp_path / "c", {"tasks.py test --only site": 1}) == (1, both)


def test_readme_has_the_index_markers_the_build_fills():
    readme, _, _ = readme_parts()
    start, end = "<!-- workbook-index:start -->", "<!-- workbook-index:end -->"
    assert readme.count(start) == 1 and readme.count(end) == 1
    assert readme.index(start) < readme.index(end)


# ---------------------------------------------------------------------------------------------
# tasks.py


@pytest.fixture
def tasks():
    return load_tasks()


def test_tasks_uses_only_the_standard_library():
    tree = ast.parse((ROOT / "tasks.py").read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module.split(".")[0])
    assert imported and imported <= sys.stdlib_module_names


def test_tasks_refuses_old_pythons_with_a_clear_message():
    # The file must parse on old Pythons for them to reach the version check...
    source = (ROOT / "tasks.py").read_text(encoding="utf-8")
    ast.parse(source, feature_version=(3, 6))
    # ...which then stops with a message instead of going on.
    pretend_old = (
        "import sys; sys.version_info = (3, 9, 18, 'final', 0); sys.argv = ['tasks.py', 'test'];"
        f"exec(compile(open({str(ROOT / 'tasks.py')!r}).read(), 'tasks.py', 'exec'), {{'__name__': '__main__'}})"
    )
    result = subprocess.run([sys.executable, "-c", pretend_old], capture_output=True, text=True)
    assert result.returncode == 1
    assert "needs Python 3.10 or newer; this is Python 3.9" in result.stderr


def test_tasks_help_lists_the_four_commands():
    result = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "--help"],
                            capture_output=True, text=True, check=True)
    for command in ("start", "test", "build", "bench"):
        assert re.search(rf"^\s+{command}\s", result.stdout, flags=re.M), command


def test_extra_arguments_go_to_the_tool_the_command_runs(tasks):
    args, extra = tasks.parse(["test", "-x", "--only", "unit", "-k", "backward"])
    assert args.only == ["unit"] and extra == ["-x", "-k", "backward"]
    args, extra = tasks.parse(["start", "--lang", "es", "--no-browser"])
    assert args.lang == "es" and extra == ["--no-browser"]
    with pytest.raises(SystemExit):
        tasks.parse(["bench", "--fast"])


def test_install_stamp_is_current_only_for_the_same_pyproject_and_enough_extras(tasks):
    stamp = '{"pyproject_sha256": "abc", "extras": ["bench", "test"]}'
    assert tasks.install_is_current({"pyproject_sha256": "abc", "extras": ["test"]}, stamp)
    assert tasks.install_is_current({"pyproject_sha256": "abc", "extras": ["bench", "test"]}, stamp)
    assert not tasks.install_is_current({"pyproject_sha256": "abd", "extras": ["test"]}, stamp)
    only_test = '{"pyproject_sha256": "abc", "extras": ["test"]}'
    assert not tasks.install_is_current({"pyproject_sha256": "abc", "extras": ["bench", "test"]}, only_test)
    assert not tasks.install_is_current({"pyproject_sha256": "abc", "extras": []}, "")
    assert not tasks.install_is_current({"pyproject_sha256": "abc", "extras": []}, "{not json")


def test_install_record_follows_pyproject(tasks, tmp_path, monkeypatch):
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'a'\n")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    before = tasks.install_record(["test", "test"])
    assert before["extras"] == ["test"]
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'b'\n")
    assert tasks.install_record(["test"])["pyproject_sha256"] != before["pyproject_sha256"]


def test_the_pytest_steps_are_the_documented_commands(tasks):
    python = Path("/venv/bin/python")
    commands = {step.key: tasks.pytest_command(python, step, step.folders, [])[1:] for step in tasks.TEST_STEPS}
    # Every step on every core, each module (and so each notebook) kept on one worker.
    common = ["-m", "pytest", "-p", "no:cacheprovider", "-n", "auto", "--dist", "loadscope"]
    assert commands == {
        # The browser tests, one scope, start first: the modules in collection order.
        "unit": common + ["--no-loadscope-reorder", "--ignore=tests/site", "tests"],
        "notebooks": common + ["--nbval", "--nbval-current-env",
                               "--nbval-sanitize-with", "tests/nbval_sanitize.cfg",
                               "notebooks/en", "notebooks/es", "solutions/en", "solutions/es"],
        "exercises": common + ["--nbval-lax", "--nbval-current-env", "exercises/en", "exercises/es"],
        # The site's test: one module in one process, only when asked for (--only site).
        "site": ["-m", "pytest", "-p", "no:cacheprovider", "tests/site"],
    }
    assert [step.key for step in tasks.TEST_STEPS if not step.by_default] == ["site"]


def make_checkout(root, notebooks=(), sanitize=True):
    (root / "tests").mkdir(parents=True)
    if sanitize:
        (root / "tests" / "nbval_sanitize.cfg").write_text("")
    for notebook in notebooks:
        (root / notebook).parent.mkdir(parents=True, exist_ok=True)
        (root / notebook).write_text("{}")


def test_notebook_folders_ignore_empty_folders_and_checkpoints(tasks, tmp_path):
    make_checkout(tmp_path, ["notebooks/es/01.ipynb", "solutions/en/.ipynb_checkpoints/01-checkpoint.ipynb"])
    (tmp_path / "notebooks" / "en").mkdir()
    lessons = next(step for step in tasks.TEST_STEPS if step.key == "notebooks")
    assert tasks.notebook_folders(lessons, tmp_path) == ["notebooks/es"]


class FakePytest:
    """Stands in for subprocess.run: records each pytest run and answers with a chosen exit code."""

    def __init__(self, codes):
        self.codes = codes  # {step folder that identifies the run: exit code}
        self.runs = []

    def __call__(self, command, **kwargs):
        self.runs.append(command)
        code = next((code for folder, code in self.codes.items() if folder in command), 0)
        return subprocess.CompletedProcess(command, code)


def run_test_command(tasks, monkeypatch, root, argv, codes):
    monkeypatch.setattr(tasks, "ROOT", root)
    monkeypatch.setattr(tasks, "setup", lambda **_: (Path(sys.executable), dict(os.environ)))
    fake = FakePytest(codes)
    monkeypatch.setattr(tasks.subprocess, "run", fake)
    args, extra = tasks.parse(argv)
    return args.run(args, extra), fake.runs


EVERY_NOTEBOOK_FOLDER = ["notebooks/en/01.ipynb", "notebooks/es/01.ipynb", "solutions/en/01.ipynb",
                         "solutions/es/01.ipynb", "exercises/en/01.ipynb", "exercises/es/01.ipynb"]


def test_test_command_runs_every_step_and_fails_when_one_fails(tasks, tmp_path, monkeypatch, capsys):
    make_checkout(tmp_path, EVERY_NOTEBOOK_FOLDER)
    status, runs = run_test_command(tasks, monkeypatch, tmp_path, ["test"], {"notebooks/en": 1})
    assert status == 1
    assert [run[-1] for run in runs] == ["tests", "solutions/es", "exercises/es"]
    assert "failed steps: notebooks" in capsys.readouterr().out


def test_a_folder_without_notebooks_fails_its_step(tasks, tmp_path, monkeypatch, capsys):
    # A checkout that lost its notebooks is broken: the step fails instead of passing silently.
    make_checkout(tmp_path, [p for p in EVERY_NOTEBOOK_FOLDER if not p.startswith("exercises/en")])
    status, runs = run_test_command(tasks, monkeypatch, tmp_path, ["test"], {})
    assert status == 1
    assert [run[-1] for run in runs] == ["tests", "solutions/es"]
    out = capsys.readouterr().out
    assert "FAILED: no notebooks in exercises/en" in out and "failed steps: exercises" in out


def test_test_command_fails_when_unit_tests_collect_nothing(tasks, tmp_path, monkeypatch):
    make_checkout(tmp_path, EVERY_NOTEBOOK_FOLDER)
    status, _ = run_test_command(tasks, monkeypatch, tmp_path, ["test"], {"tests": 5})
    assert status == 1
    # With a filter of the caller's own, selecting nothing in one step is no failure.
    status, runs = run_test_command(tasks, monkeypatch, tmp_path, ["test", "-k", "nothing"], {"tests": 5})
    assert status == 0 and runs[0][-3:] == ["-k", "nothing", "tests"]


def test_test_command_fails_without_the_sanitize_file(tasks, tmp_path, monkeypatch, capsys):
    make_checkout(tmp_path, EVERY_NOTEBOOK_FOLDER, sanitize=False)
    status, runs = run_test_command(tasks, monkeypatch, tmp_path, ["test", "--only", "notebooks"], {})
    assert status == 1 and runs == []
    assert "tests/nbval_sanitize.cfg is missing" in capsys.readouterr().out
