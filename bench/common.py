"""What the benchmarks share: where their files go, and the demo partnership they measure on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

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

    from facilitator.demo import build_demo
    from facilitator.storage import open_partnership

    remove_file_and_companions(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open_partnership(path) as store:
        build_demo(store, years=years)
    return time.perf_counter() - started
