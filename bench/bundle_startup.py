"""Start-up of the bundle against `uv run facilitator`: wall time from starting the process to the window's first
paint, whole process (interpreter or bootloader, imports, Qt, the window).

Each round starts every variant once, in a shuffled order (paired runs: whatever else loads the machine at that
moment loads them alike); one unmeasured round first warms the disk cache. The first paint is when Qt puts the
main window on screen: Qt's own log says it ("qt.widgets.painting: Flushing ... of MainWindow"), so the app is
measured unchanged, the bundle included. Offscreen, like the other benches; each run with fresh settings and the
same small partnership file.

Run: ``uv run python bench/bundle_startup.py [--runs 9] [--program PATH]`` (default: the bundle in dist/)
(make the bundle first: ``uv run python packaging/build.py``).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLE = ROOT / "dist" / "partnership-facilitator" / "partnership-facilitator"
PAINTED = "qt.widgets.painting|Flushing"


def first_paint(command: list[str], db: Path, scratch: Path) -> float:
    """Seconds from starting ``command`` to the first paint of its window; the process is then ended."""
    config = Path(tempfile.mkdtemp(dir=scratch))
    environment = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "QT_LOGGING_RULES": "qt.widgets.painting.debug=true",
        "QT_MESSAGE_PATTERN": "%{category}|%{message}",
        "FACILITATOR_CONFIG_DIR": str(config),
        "FACILITATOR_LOG_DIR": str(config / "log"),
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [*command, "--db", str(db), "--lang", "en"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=environment,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if line.startswith(PAINTED):
                return time.perf_counter() - started
        raise RuntimeError(f"{command[0]} ended before painting its window")
    finally:
        process.kill()
        process.wait()


def machine() -> str:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:  # noqa: PTH123 - Linux only, like the bundle measured
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return f"{cpu}, {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--program", type=Path, default=BUNDLE, help="the bundle's executable")
    options = parser.parse_args()
    if not options.program.is_file():
        print("No bundle: make one with `uv run python packaging/build.py`.", file=sys.stderr)
        return 2
    uv = os.environ.get("UV") or shutil.which("uv") or "uv"
    variants = {
        "bundle": [str(options.program)],
        "uv run facilitator": [uv, "run", "facilitator"],
        ".venv/bin/facilitator": [str(Path(sys.executable).with_name("facilitator"))],
    }
    with tempfile.TemporaryDirectory(prefix="pf-startup-") as folder:
        scratch = Path(folder)
        db = scratch / "partnership.sqlite"
        subprocess.run(
            [*variants[".venv/bin/facilitator"], "demo", "--db", str(db)], check=True, capture_output=True
        )
        times: dict[str, list[float]] = {name: [] for name in variants}
        for round_number in range(options.runs + 1):
            order = list(variants)
            random.shuffle(order)
            for name in order:
                took = first_paint(variants[name], db, scratch)
                if round_number:  # the first round only warms the disk cache
                    times[name].append(took)
    print(f"machine: {machine()}")
    print(
        f"{options.runs} paired runs, offscreen, first paint of the window, whole process (warm disk cache)"
    )
    bundle = statistics.median(times["bundle"])
    for name, runs in times.items():
        median = statistics.median(runs)
        ratio = statistics.median(b / r for b, r in zip(times["bundle"], runs, strict=True))
        print(
            f"  {name:24} median {median * 1000:6.0f} ms  (min {min(runs) * 1000:.0f}, max {max(runs) * 1000:.0f})"
            + ("" if name == "bundle" else f"  bundle/this per round: {ratio:.2f}")
        )
    print(f"  bundle median: {bundle * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
