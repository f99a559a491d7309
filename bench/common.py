"""What the benchmarks share: where their files go, and the demo partnership they measure on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# As on a user's machine, where Python keeps compiled modules after the first run: a shell with
# PYTHONDONTWRITEBYTECODE set would otherwise have every measured process compile every module again (this
# project's sandbox sets it; it made imports look seconds slower under load).
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False

OUT = Path(__file__).resolve().parent / "out"
DEMO_10_YEARS = OUT / "demo-10-years.sqlite"


def environment() -> str:
    """The interpreter and machine the figures were taken on."""
    return f"Python {sys.version.split()[0]}, {os.cpu_count()} cores"


def remove_file_and_companions(path: Path) -> None:
    """Remove a partnership file with its -wal, -shm and lock companions (and any migration backups)."""
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()


def build_demo_file(path: Path, years: int) -> float:
    """A demo partnership of ``years`` years at ``path`` (made fresh); returns the seconds it took."""
    import time

    from facilitator import demo
    from facilitator.demo import build_demo
    from facilitator.storage import open_partnership

    # The growth bench asks for 30 years: the same generator, its limit for users (20 years) lifted here only.
    demo.MAX_YEARS = max(demo.MAX_YEARS, years)

    remove_file_and_companions(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open_partnership(path) as store:
        build_demo(store, years=years)
    return time.perf_counter() - started


def median_ms(work: object, runs: int) -> float:
    """Median milliseconds ``work()`` takes over ``runs`` calls."""
    import statistics
    import time

    assert callable(work)
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def emit(key: str, value: float) -> None:
    """Report one measurement to ``bench/run_all.py`` (a line it reads; the key is one of ``budgets.BUDGETS``
    or ``budgets.GROWTH``). Milliseconds for times, megabytes for memory, a plain number for ratios."""
    import json

    print("BENCH " + json.dumps({"key": key, "value": value}), flush=True)


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``argv`` as a whole process: (seconds from launch to exit, its peak resident memory in MB, stdout).

    The memory is the child's own high-water mark (``wait4``'s rusage; Linux and macOS). Output goes through
    temporary files, so a long one cannot block the child."""
    import subprocess
    import tempfile
    import time

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env)
        _pid, status, usage = os.wait4(child.pid, 0)
        took = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode != 0:
            said = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{argv} failed ({child.returncode}): {said}")
        kilobytes = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
        return took, kilobytes / 1024, out.read().decode(errors="replace")
