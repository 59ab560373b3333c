"""The benchmark scripts still start: what each loads from the project is there (they run only
with `python3 tasks.py bench`, so a rename elsewhere would otherwise go unnoticed)."""

from pathlib import Path

import pytest
from tasks_module import load_script

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def load(name):
    return load_script(BENCHMARKS / f"{name}.py")


@pytest.mark.parametrize("name", sorted(path.stem for path in BENCHMARKS.glob("bench_*.py")))
def test_every_benchmark_imports(name, monkeypatch):
    monkeypatch.syspath_prepend(str(BENCHMARKS))        # as when run as a script: its siblings
    assert callable(load(name).main)


def test_the_site_benchmark_loads_the_site_tests_helpers():
    site_test = load("bench_site").load_site_test()
    assert site_test.ONLY_LOOPBACK.startswith("--host-resolver-rules=")
    assert callable(site_test.build_site.serving)
