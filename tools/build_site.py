#!/usr/bin/env python3
"""Build the workbook as a static JupyterLite site: JupyterLab and Python in the browser.

    python3 tasks.py site                     build into build/site (git ignores it)
    python3 tasks.py site --out DIR           build into DIR
    python3 tasks.py site --serve [--port N]  build, then serve it on http://127.0.0.1:N/

The folder is static files only: any web server publishes it (see the README). It holds:

- JupyterLab (JupyterLite) with the Pyodide kernel, the widgets' front end and the Spanish
  interface language;
- every lesson, lab exercise and index notebook in every language, at the same relative paths as
  in the repository (`notebooks/en`, `exercises/es`, ...), so that their links work, with their
  stored outputs cleared (learners run the cells);
- `static/pyodide/`: Pyodide's core from npm, and a `pyodide-lock.json` in which the kernel's
  pure-Python packages are local wheels (from PyPI, pinned, hashes checked), with the minigrad
  wheel built from this checkout and `minigrad-site`, the site's own wheel (Graphviz compiled to
  WebAssembly, from npm, and the kernel's start-up script, see minigrad/browser.py). Every other
  Pyodide package (numpy, matplotlib, ...) keeps its address on Pyodide's CDN: the one request
  the site makes outside itself, only when a notebook imports one of them;
- `index.html`: the landing page, in both languages.

The build tools go into build/site-tools/ (a virtual environment and a download cache). This
script needs Python 3.10+, pip and npm; it starts with the standard library only, then runs
itself again inside that virtual environment.
"""

import argparse
import base64
import contextlib
import csv
import functools
import hashlib
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_TOOLS = ROOT / "tools" / "site"
CACHE = ROOT / "build" / "site-tools"
VENV = CACHE / "venv"
DEFAULT_OUT = ROOT / "build" / "site"
MARKER = ".minigrad-site"          # marks a folder this script built (and may empty again)

sys.path.insert(0, str(ROOT))
from tasks import LANGUAGES  # noqa: E402  (the registry in minigrad/i18n.py, standard library only)

# Notebooks on the site: lessons and lab exercises in every language (solutions stay out).
NOTEBOOK_FOLDERS = [f"{kind}/{code}" for kind in ("notebooks", "exercises") for code in LANGUAGES]
INDEX = {code: language.index_notebook for code, language in LANGUAGES.items()}

# npm packages: exact version and the registry's integrity hash.
PYODIDE_VERSION = "314.0.6"        # the version jupyterlite-pyodide-kernel 0.8.6 was built for
NPM_PACKAGES = {
    "pyodide": (PYODIDE_VERSION,
                "sha512-BKDTJyIqFxC4BExLqeRS3f5xvXZIjOt8C3zGLN/Cc7tFxSwvKVhVkchQQ2AGLOtR4YrVOIFxbV8poyDOOmWwxQ=="),
    "@hpcc-js/wasm-graphviz": ("1.29.2",
                               "sha512-AkArBAZERT5OxH52/+kvCHB07cZ6ZNd9GnOvjw+S880bR88D6i27XfK6xj4dBhUDxNA2QPPMdgEcky3x4TJ3KA=="),
}
PYODIDE_CORE = ["pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"]
PYODIDE_CDN = f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/"
KERNEL_PYTHON = "3.14"             # Pyodide 314's Python

# The kernel's pure-Python packages, from PyPI: (version, sha256 of the wheel). Versions are
# Pyodide's own choice (its pyodide-lock.json) where it has the package.
KERNEL_WHEELS = {
    "asttokens": ("3.0.1", "15a3ebc0f43c2d0a50eeafea25e19046c68398e487b9f1f5b517f7c0f40f976a"),
    "comm": ("0.2.3", "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
    "decorator": ("5.2.1", "d316bb415a2d9e2d2b3abcc4084c6502fc09240e292cd76a76afc106a1c8e04a"),
    "executing": ("2.2.1", "760643d3452b4d777d295bb167ccc74c64a81df23fb5e08eff250c425a4b2017"),
    "graphviz": ("0.21", "54f33de9f4f911d7e84e4191749cac8cc5653f815b06738c54db9a15ab8b1e42"),
    "ipython": ("9.12.0", "0f2701e8ee86e117e37f50563205d36feaa259d2e08d4a6bc6b6d74b18ce128d"),
    "ipywidgets": ("8.1.9", "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    "jedi": ("0.19.2", "a8ef22bde8490f57fe5c7681a3c83cb58874daf72b4784de3cce5b6ef6edb5b9"),
    "matplotlib-inline": ("0.2.1", "d56ce5156ba6085e00a9d54fead6ed29a9c47e215cd1bba2e976ef39f5710a76"),
    "micropip": ("0.11.1", "768de165adb8e66906039d8fec4127a57f522dfdf8e6fbff877a4616941ecfd3"),
    "parso": ("0.8.6", "2c549f800b70a5c4952197248825584cb00f033b29c692671d3bf08bf380baff"),
    "prompt-toolkit": ("3.0.52", "9aac639a3bbd33284347de5ad8d68ecc044b91a762dc39b7c21095fcd6a19955"),
    "pure-eval": ("0.2.3", "1db8e35b67b3d218d818ae653e27f06c3aa420901fa7b081ca98cbedc874e0d0"),
    "pygments": ("2.20.0", "81a9e26dd42fd28a23a2d169d86d7ac03b46e2f8b59ed4698fb4785f946d0176"),
    "six": ("1.17.0", "4721f391ed90541fddacab5acf947aa0d3dc7d27b2e1e8eda2be8970586c3274"),
    "stack-data": ("0.6.3", "d5558e0c25a4cb0853cddad3d77da9891a08cb85dd9f9f91b9f8cd66e511e695"),
    "traitlets": ("5.14.3", "b74e89e397b1ed28cc831db7aea759ba6640cb3de13090ca145426688ff1ac4f"),
    "wcwidth": ("0.6.0", "1a3a1e510b553315f8e146c54764f4fb6264ffad731b3d78088cdb1478ffbdad"),
}
# The kernel's own shims, shipped inside jupyterlite-pyodide-kernel (its labextension's pypi/).
KERNEL_SHIMS = {"piplite", "pyodide-kernel", "ipykernel", "widgetsnbextension"}
SHIM_VERSIONS = {"widgetsnbextension": "4.0.999"}      # the shim for ipywidgets 8

# Loaded while the kernel starts, before the first cell: what every notebook needs.
PRELOAD = ["micropip", "piplite", "pyodide-kernel", "ipykernel", "comm", "ipython", "jedi",
           "ipywidgets", "graphviz", "minigrad-workbook", "minigrad-site"]

# minigrad's declared dependencies that the kernel does without: the desktop's JupyterLab,
# nbval and language pack make no sense in a browser, numpy and matplotlib are fetched from
# Pyodide's CDN only when a notebook imports them.
NOT_IN_KERNEL = {"jupyterlab", "nbval", "jupyterlab-language-pack-es-es", "jupyterlab-widgets",
                 "numpy", "matplotlib",
                 # the desktop's Graphviz program (compiled): the kernel has the WebAssembly one
                 "graphviz-pure"}

SITE_WHEEL = "minigrad-site"
SITE_WHEEL_VERSION = "1.0"

SETTINGS = {
    # No requests for news or updates: the site makes none but the CDN's.
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false",
                                                    "checkForUpdates": False},
}

MIME_TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
              ".json": "application/json", ".ipynb": "application/json", ".whl": "application/zip",
              ".svg": "image/svg+xml", ".css": "text/css", ".html": "text/html"}


def progress(message):
    print(message, flush=True)


def stop(message):
    print(f"\n{message}", file=sys.stderr, flush=True)
    sys.exit(1)


def run(command, **kwargs):
    """Run a command; stop with its name when it fails."""
    result = subprocess.run([str(part) for part in command], **kwargs)
    if result.returncode != 0:
        stop(f"this command failed (exit code {result.returncode}):\n    "
             + " ".join(str(part) for part in command))
    return result


def sha256(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# ── The build tools' virtual environment ──────────────────────────────────────────────────────

def venv_python():
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def tools_record():
    """What the tools venv was installed from (its requirements and constraints files)."""
    digest = hashlib.sha256()
    for name in ("requirements.txt", "constraints.txt"):
        digest.update((SITE_TOOLS / name).read_bytes())
    return digest.hexdigest()


def ensure_tools():
    """The Python of build/site-tools/venv, with the pinned build tools installed."""
    stamp = VENV / "minigrad-site-tools.txt"
    record = tools_record()
    if venv_python().exists() and stamp.exists() and stamp.read_text() == record:
        return venv_python()
    progress("installing the site's build tools into build/site-tools/venv ...")
    shutil.rmtree(VENV, ignore_errors=True)
    run([sys.executable, "-m", "venv", VENV])
    run([venv_python(), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", SITE_TOOLS / "requirements.txt", "-c", SITE_TOOLS / "constraints.txt"])
    stamp.write_text(record)
    return venv_python()


# ── Downloads: npm packages and kernel wheels, cached and checked ─────────────────────────────

def npm_package(name, work):
    """The unpacked folder of npm package ``name`` at its pinned version, integrity checked."""
    version, integrity = NPM_PACKAGES[name]
    folder = CACHE / "npm" / f"{name.replace('/', '+')}-{version}"
    if (folder / "package.json").exists():
        return folder
    npm = shutil.which("npm")
    if npm is None:
        stop("npm (Node.js's package manager) is needed to fetch Pyodide and Graphviz for the "
             "site from the npm registry, and it is not installed:\n"
             "    Debian, Ubuntu:  sudo apt-get install npm\n"
             "    elsewhere:       install Node.js from your system's packages")
    progress(f"fetching {name}@{version} from npm ...")
    packed = run([npm, "pack", f"{name}@{version}", "--json", "--pack-destination", work],
                 capture_output=True, text=True, cwd=work)
    info = json.loads(packed.stdout)[0]
    if info["integrity"] != integrity:
        stop(f"{name}@{version} from npm has integrity {info['integrity']}, not the pinned "
             f"{integrity}: refusing to use it.")
    unpacked = Path(tempfile.mkdtemp(dir=work))
    with tarfile.open(Path(work) / info["filename"]) as archive:
        if hasattr(tarfile, "data_filter"):       # Python 3.12, and recent 3.10 and 3.11
            archive.extractall(unpacked, filter="data")
        else:
            archive.extractall(unpacked)
    folder.parent.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.move(str(unpacked / "package"), str(folder))
    return folder


def kernel_wheels(python):
    """The pinned kernel wheels from PyPI, downloaded once into the cache: {name: path}."""
    folder = CACHE / "wheels"
    folder.mkdir(parents=True, exist_ok=True)
    wanted = {name: f"{name}=={version}" for name, (version, _) in KERNEL_WHEELS.items()}
    found = {}
    for name, (version, digest) in KERNEL_WHEELS.items():
        for wheel in folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"):
            if sha256(wheel) == digest:
                found[name] = wheel
    missing = [spec for name, spec in wanted.items() if name not in found]
    if missing:
        progress(f"downloading {len(missing)} kernel wheels from PyPI ...")
        # Pure-Python wheels for the kernel's Python, whatever Python runs this build.
        run([python, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-deps", "--only-binary=:all:", "--implementation", "py", "--platform", "any",
             "--python-version", KERNEL_PYTHON, "-d", folder, *missing])
    for name, (version, digest) in KERNEL_WHEELS.items():
        matches = list(folder.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
        if len(matches) != 1 or sha256(matches[0]) != digest:
            stop(f"the wheel of {name} {version} in {folder} is missing or does not have the "
                 f"pinned sha256 {digest}; delete the folder and build again.")
        found[name] = matches[0]
    return found


def kernel_shims(python):
    """The kernel's shim wheels shipped by jupyterlite-pyodide-kernel: {name: path}."""
    prefix = Path(run([python, "-c", "import sys; print(sys.prefix)"],
                      capture_output=True, text=True).stdout.strip())
    pypi = prefix / "share/jupyter/labextensions/@jupyterlite/pyodide-kernel-extension/static/pypi"
    shims = {}
    for wheel in sorted(pypi.glob("*.whl")):
        name = wheel.name.split("-")[0].replace("_", "-").lower()
        version = wheel.name.split("-")[1]
        if name in KERNEL_SHIMS and SHIM_VERSIONS.get(name, version) == version:
            shims[name] = wheel
    if set(shims) != KERNEL_SHIMS:
        stop(f"jupyterlite-pyodide-kernel did not ship the kernel wheels {sorted(KERNEL_SHIMS)} "
             f"in {pypi}")
    return shims


# ── Wheels built here: minigrad itself, and the site's own kernel package ─────────────────────

def build_minigrad_wheel(python, work):
    """The minigrad wheel, built from a copy of this checkout's package sources."""
    source = Path(work) / "minigrad-source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "minigrad", source / "minigrad",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = Path(work) / "minigrad-wheel"
    run([python, "-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps",
         "-w", out, source])
    (wheel,) = out.glob("*.whl")
    return wheel


def write_wheel(path, name, version, files, requires=()):
    """Write a pure-Python wheel holding ``files`` ({path in the wheel: bytes})."""
    dist = f"{name.replace('-', '_')}-{version}.dist-info"
    metadata = [f"Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}",
                *(f"Requires-Dist: {requirement}" for requirement in requires)]
    files = dict(files)
    files[f"{dist}/METADATA"] = ("\n".join(metadata) + "\n").encode()
    files[f"{dist}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: minigrad build_site\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for member, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([member, f"sha256={digest}", len(data)])
    writer.writerow([f"{dist}/RECORD", "", ""])
    files[f"{dist}/RECORD"] = record.getvalue().encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)


def build_site_wheel(graphviz_npm, work):
    """minigrad-site: the kernel's start-up package, with Graphviz's ES module and licence."""
    package = SITE_TOOLS / "kernel" / "minigrad_site"
    files = {f"minigrad_site/{path.name}": path.read_bytes()
             for path in sorted(package.glob("*.py"))}
    files["minigrad_site/graphviz.mjs"] = (graphviz_npm / "dist" / "index.js").read_bytes()
    files["minigrad_site/LICENSE-wasm-graphviz"] = (graphviz_npm / "LICENSE").read_bytes()
    wheel = Path(work) / f"{SITE_WHEEL.replace('-', '_')}-{SITE_WHEEL_VERSION}-py3-none-any.whl"
    write_wheel(wheel, SITE_WHEEL, SITE_WHEEL_VERSION, files, requires=["minigrad-workbook"])
    return wheel


# ── The kernel's package lock ─────────────────────────────────────────────────────────────────

def canonical(name):
    from packaging.utils import canonicalize_name

    return str(canonicalize_name(name))


def wheel_metadata(wheel):
    """(name, version, requirements, top-level import names) of a wheel."""
    from email.parser import Parser

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        (metadata_path,) = [n for n in names if n.endswith(".dist-info/METADATA")]
        metadata = Parser().parsestr(archive.read(metadata_path).decode("utf-8"))
    tops = set()
    for member in names:
        top = member.split("/")[0]
        if top.endswith((".dist-info", ".data")):
            continue
        tops.add(top[:-3] if top.endswith(".py") and "/" not in member else top)
    return (metadata["Name"], metadata["Version"], metadata.get_all("Requires-Dist") or [],
            sorted(tops))


def kernel_depends(requirements):
    """The names a wheel needs in the kernel: its requirements without extras, for Pyodide."""
    from packaging.requirements import Requirement

    environment = {"sys_platform": "emscripten", "platform_system": "Emscripten",
                   "platform_machine": "wasm32", "os_name": "posix",
                   "implementation_name": "cpython", "platform_python_implementation": "CPython",
                   "python_version": KERNEL_PYTHON, "python_full_version": KERNEL_PYTHON + ".0",
                   "extra": ""}
    depends = []
    for text in requirements:
        requirement = Requirement(text)
        if requirement.marker is not None and not requirement.marker.evaluate(environment):
            continue
        name = canonical(requirement.name)
        if name not in NOT_IN_KERNEL:
            depends.append(name)
    return sorted(set(depends))


def kernel_lock(pyodide_lock, local_wheels):
    """Pyodide's lock with ``local_wheels`` ({name: path}) served by the site, the rest by the CDN.

    Packages Pyodide already lists keep its dependencies and import names (their wheels from
    PyPI differ from Pyodide's copies, so the hashes are the new ones); others get theirs from
    their wheel's metadata.
    """
    lock = json.loads(json.dumps(pyodide_lock))
    packages = lock["packages"]
    for name, package in packages.items():
        if name not in local_wheels:
            package["file_name"] = PYODIDE_CDN + package["file_name"]
    for name, wheel in local_wheels.items():
        _, version, requirements, tops = wheel_metadata(wheel)
        known = packages.get(name)
        packages[name] = {
            "name": known["name"] if known else name,
            "version": version,
            "file_name": wheel.name,
            "install_dir": "site",
            "sha256": sha256(wheel),
            "package_type": "package",
            "imports": known["imports"] if known else tops,
            "depends": known["depends"] if known else kernel_depends(requirements),
            "unvendored_tests": False,
            "shared_library": False,
        }
    missing = sorted({(name, dep) for name in local_wheels for dep in packages[name]["depends"]
                      if canonical(dep) not in packages})
    if missing:
        stop("the kernel lock names dependencies it does not hold: "
             + ", ".join(f"{name} needs {dep}" for name, dep in missing))
    return lock


# ── The site ──────────────────────────────────────────────────────────────────────────────────

def prepare_output(out):
    """Empty ``out`` for a new build; refuse to touch a folder this script did not make."""
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            stop(f"{out} is not empty and was not built by this script: choose another --out, "
                 "or empty it yourself.")
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)


def without_outputs(notebook):
    """The notebook's JSON with its code cells' outputs cleared.

    JupyterLite opens the notebooks untrusted, so stored graphs and widgets would show only as
    their text stand-ins ("<BackwardStepper: step 0 of 7>"); learners run the cells anyway.
    """
    content = json.loads(notebook.read_text(encoding="utf-8"))
    for cell in content["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    content["metadata"].pop("widgets", None)
    return json.dumps(content, ensure_ascii=False, indent=1) + "\n"


def stage(lite, pyodide_npm, lock, local_wheels):
    """The JupyterLite project folder that `jupyter lite build` turns into the site."""
    files = lite / "files"
    for folder in NOTEBOOK_FOLDERS:
        notebooks = sorted((ROOT / folder).glob("*.ipynb"))
        if not notebooks:
            stop(f"no notebooks in {folder}: run python3 tasks.py build first.")
        (files / folder).mkdir(parents=True)
        for notebook in notebooks:
            (files / folder / notebook.name).write_text(without_outputs(notebook),
                                                        encoding="utf-8")
    pyodide = lite / "static" / "pyodide"
    pyodide.mkdir(parents=True)
    for name in PYODIDE_CORE:
        shutil.copy2(pyodide_npm / name, pyodide / name)
    for wheel in local_wheels.values():
        shutil.copy2(wheel, pyodide / wheel.name)
    (pyodide / "pyodide-lock.json").write_text(json.dumps(lock, indent=1, sort_keys=True))
    startup = f"/lib/python{KERNEL_PYTHON}/site-packages/minigrad_site/startup.py"
    config = {
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "minigrad",
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {
                    "pyodideUrl": "./static/pyodide/pyodide.mjs",
                    "disablePyPIFallback": True,
                    "loadPyodideOptions": {"packages": PRELOAD,
                                           "env": {"PYTHONSTARTUP": startup}},
                },
            },
        },
    }
    (lite / "jupyter-lite.json").write_text(json.dumps(config, indent=2))
    (lite / "overrides.json").write_text(json.dumps(SETTINGS, indent=2))


def build(out):
    """Build the whole site into ``out``; returns nothing, stops with a message on failure."""
    python = ensure_tools()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="minigrad-site-") as work:
        work = Path(work)
        pyodide_npm = npm_package("pyodide", work)
        graphviz_npm = npm_package("@hpcc-js/wasm-graphviz", work)
        local = {**kernel_wheels(python), **kernel_shims(python)}
        progress("building the minigrad wheel ...")
        local["minigrad-workbook"] = build_minigrad_wheel(python, work)
        local[SITE_WHEEL] = build_site_wheel(graphviz_npm, work)
        lock = kernel_lock(json.loads((pyodide_npm / "pyodide-lock.json").read_text()), local)
        lite = work / "lite"
        stage(lite, pyodide_npm, lock, local)
        prepare_output(out)
        progress(f"building the site into {out} ...")
        run([python, "-m", "jupyterlite_core", "build", "--lite-dir", lite, "--output-dir", out,
             "--apps", "lab", "--no-sourcemaps", "--no-unused-shared-packages"], cwd=lite)
    drop_legacy_fonts(out)
    landing = (SITE_TOOLS / "index.html").read_text(encoding="utf-8")
    (out / "index.html").write_text(landing, encoding="utf-8")
    (out / MARKER).write_text("built by tools/build_site.py\n")
    (out / ".nojekyll").write_text("")     # GitHub Pages: serve the files as they are
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    progress(f"site built: {out} ({size / 1e6:.1f} MB)")


def drop_legacy_fonts(out):
    """Delete fonts in formats only old browsers need, where the same font is there as .woff2.

    JupyterLab's icon font comes in five formats (2.7 MB); a browser that runs WebAssembly
    Python reads the first one its CSS offers that it supports, the .woff2.
    """
    for woff2 in (out / "build").rglob("*.woff2"):
        for legacy in (".eot", ".ttf", ".svg", ".woff"):
            woff2.with_suffix(legacy).unlink(missing_ok=True)


# ── Serving ───────────────────────────────────────────────────────────────────────────────────

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the types browsers insist on (WebAssembly, ES modules); no log lines."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}

    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serving(folder, port=0):
    """Serve ``folder`` on 127.0.0.1 in a background thread; yields the site's URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def serve(folder, port):
    """Serve the site until Ctrl+C."""
    with serving(folder, port) as url:
        progress(f"serving the site at {url}  (stop with Ctrl+C)")
        for code, path in INDEX.items():
            progress(f"  {LANGUAGES[code].name}: {url}lab/index.html?path={path}")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            progress("stopped")


def parse(argv):
    parser = argparse.ArgumentParser(
        prog="python3 tasks.py site",
        description="Build the workbook as a static JupyterLite site (Python runs in the browser).")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="the folder to build into (default: build/site)")
    parser.add_argument("--serve", action="store_true",
                        help="then serve it on 127.0.0.1 until Ctrl+C")
    parser.add_argument("--port", type=int, default=8000,
                        help="the port for --serve (default 8000; 0 picks a free one)")
    parser.add_argument("--no-build", action="store_true",
                        help="serve an existing build without building it again")
    return parser.parse_args(argv)


def in_tools_venv():
    return Path(sys.prefix).resolve() == VENV.resolve()


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    args = parse(argv)
    if not in_tools_venv() and not args.no_build:
        # The build reads wheel metadata with `packaging`: run again with the tools' Python.
        python = ensure_tools()
        try:
            return subprocess.run([str(python), str(Path(__file__).resolve()), *argv]).returncode
        except KeyboardInterrupt:           # Ctrl+C while serving: the child has said "stopped"
            return 130
    out = args.out.resolve()
    if not args.no_build:
        build(out)
    elif not (out / MARKER).exists():
        stop(f"{out} holds no site: build it first (python3 tasks.py site --out {out}).")
    if args.serve:
        serve(out, args.port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
