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


#: Starts the measured command and reports its time and peak memory. Linux counts the memory of the process that
#: started a command in the command's own high-water mark (exec keeps the largest the process ever was, and
#: Python's subprocess starts children by vfork, sharing the caller's memory): measured straight from a bench that
#: holds a large partnership, `python -c pass` showed 312 MB. This small process forks (its child's record starts
#: at zero and holds at most this process's few MB), runs the command and reports what it measured.
STARTER = """
import os, sys, time
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(sys.argv[2], sys.argv[2:])
    finally:
        os._exit(127)
_pid, status, usage = os.wait4(pid, 0)
took = time.perf_counter() - started
kilobytes = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
with open(sys.argv[1], "w") as report:
    report.write(f"{took} {kilobytes}")
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run ``argv`` as a whole process: (seconds from launch to exit, its peak resident memory in MB, stdout).

    Time and memory are the command's own, measured by a small starter process (``STARTER``; Linux and macOS).
    Output goes through temporary files, so a long one cannot block the child."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        report = Path(folder) / "measured"
        starter = [sys.executable, "-c", STARTER, str(report), *argv]
        code = subprocess.run(starter, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, check=False)
        out.seek(0)
        err.seek(0)
        if code.returncode != 0:
            said = err.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"{argv} failed ({code.returncode}): {said}")
        took, kilobytes = (float(part) for part in report.read_text().split())
        return took, kilobytes / 1024, out.read().decode(errors="replace")
