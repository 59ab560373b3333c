"""How big the workbook's JupyterLite site is, and how long a learner waits for the first notebook.

Run from the repository root (it builds the site first, with tools/build_site.py):

    python benchmarks/bench_site.py [--loads 3] [--site DIR]

- Site size: every file of the built folder, on disk, and what it weighs gzip-compressed (what a
  web server that compresses sends; the browser fetches most files only when they are used).
- Cold load: a fresh browser profile (empty cache and storage, as on a learner's first visit)
  opens the English index notebook from the site served on 127.0.0.1, in headless Chromium with
  every request off this machine blocked; the time runs from navigation until the notebook's
  Pyodide kernel is ready, that is, until a cell can run. Median and minimum over ``--loads``
  visits, each in a new profile.

Aims (issue 14): cold load within 15 s on this machine, site within 40 MB. Prints PASS or MISS for
each; exits with status 1 when one is missed.
"""

import argparse
import gzip
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "site"))
sys.path.insert(0, str(ROOT / "tests"))
from chromium import launched_chromium  # noqa: E402  (the tests' one way to start Chromium)

COLD_LOAD_AIM_S = 15.0
SIZE_AIM_MB = 40.0


def load_site_test():
    """The browser test's helpers: one definition of a blocked-network visit."""
    spec = importlib.util.spec_from_file_location(
        "site_test", ROOT / "tests" / "site" / "test_jupyterlite_site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def site_size(folder):
    """(bytes on disk, bytes gzip-compressed) of every file in ``folder``."""
    raw = packed = 0
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            raw += len(data)
            packed += len(gzip.compress(data, compresslevel=6))
    return raw, packed


def cold_load_seconds(site_test, browser, url, path):
    visit = site_test.Visit(browser, url, "en-US")
    try:
        start = time.perf_counter()
        visit.open(path)
        seconds = time.perf_counter() - start
        assert visit.outside == [], visit.outside
        return seconds
    finally:
        visit.close()


def verdict(ok):
    return "PASS" if ok else "MISS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loads", type=int, default=3, help="cold loads to time (default 3)")
    parser.add_argument("--site", type=Path, help="an already built site (default: build one)")
    args = parser.parse_args()

    site_test = load_site_test()
    with tempfile.TemporaryDirectory(prefix="minigrad-bench-site-") as work:
        site = args.site
        if site is None:
            site = Path(work) / "site"
            subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), "--out",
                            str(site)], check=True, stdout=subprocess.DEVNULL)
        raw, packed = site_size(site)

        with site_test.build_site.serving(site) as url, \
                launched_chromium([site_test.ONLY_LOOPBACK]) as browser:
            loads = [cold_load_seconds(site_test, browser, url, site_test.build_site.INDEX["en"])
                     for _ in range(args.loads)]

    median = statistics.median(loads)
    size_mb = raw / 1e6
    print(f"site size:  {size_mb:.1f} MB on disk, {packed / 1e6:.1f} MB gzip-compressed"
          f"   (aim ≤ {SIZE_AIM_MB:.0f} MB)  {verdict(size_mb <= SIZE_AIM_MB)}")
    print(f"cold load to first notebook ready: median {median:.1f} s, min {min(loads):.1f} s "
          f"over {len(loads)} fresh profiles ({', '.join(f'{s:.1f}' for s in loads)})"
          f"   (aim ≤ {COLD_LOAD_AIM_S:.0f} s)  {verdict(median <= COLD_LOAD_AIM_S)}")
    print(f"machine load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return 0 if size_mb <= SIZE_AIM_MB and median <= COLD_LOAD_AIM_S else 1


if __name__ == "__main__":
    sys.exit(main())
