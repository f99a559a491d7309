"""Budgets of the storage layer that tests must not time: audited writes and edits that survive kill -9.

1. 600 audited writes (300 partners created, then each renamed), each its own transaction synced to disk, with
   the audit trail's row written beside each; budget under 3 s (median of several runs).
2. Crash safety at speed: a writer process making edits through the core while it is killed with SIGKILL at
   random moments, until 10 kills and 200 committed edits; budget under 25 s. (``tests/storage/
   test_crash_safety.py`` proves the same by counting kills and edits, never by the clock.)

Run: ``uv run python bench/storage.py [--runs 5]``. Files go to bench/out/ (not committed).
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import textwrap
import time
from dataclasses import replace

from common import OUT, emit, environment, remove_file_and_companions

AUDIT_BUDGET_S = 3.0
CRASH_BUDGET_S = 25.0

WRITER = textwrap.dedent(
    """
    import sys
    from facilitator.entities import Partner
    from facilitator.operations import save_partner
    from facilitator.storage import open_partnership

    store = open_partnership(sys.argv[1])
    print("ready", flush=True)
    for i in range(5000):
        save_partner(store, Partner(name=f"run {sys.argv[2]} edit {i}")).apply(store)
        print("edit", flush=True)
    """
)


def audited_writes(runs: int) -> float:
    """The median seconds of 600 audited writes on a fresh file."""
    from facilitator.entities import Partner
    from facilitator.storage import audit, open_partnership

    path = OUT / "audit-bench.sqlite"
    times = []
    for _run in range(runs):
        remove_file_and_companions(path)
        with open_partnership(path) as store:
            partners = [Partner(name=f"Partner {i}", contact="x" * 200) for i in range(300)]
            began = time.perf_counter()
            for partner in partners:
                store.put(partner)
            for partner in partners:
                store.put(replace(partner, name=partner.name + " renamed"))
            times.append(time.perf_counter() - began)
            assert audit.count(store.db) == 600
    return statistics.median(times)


def kills_and_edits() -> float:
    """Seconds until a killed-and-restarted writer has made 200 edits over at least 10 kills."""
    import random

    path = OUT / "crash-bench.sqlite"
    remove_file_and_companions(path)
    rng = random.Random(20250314)
    kills = edits = 0
    began = time.perf_counter()
    while kills < 10 or edits < 200:
        child = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(kills)], stdout=subprocess.PIPE, text=True
        )
        assert child.stdout is not None and child.stdout.readline() == "ready\n"
        time.sleep(rng.uniform(0.01, 0.35))
        child.send_signal(signal.SIGKILL)
        out, _err = child.communicate()
        kills += 1
        edits += out.count("edit\n")
    return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    print(environment())
    audit_s = audited_writes(options.runs)
    print(f"600 audited writes: median {audit_s:.2f} s (budget {AUDIT_BUDGET_S:.0f} s)")
    crash_s = kills_and_edits()
    print(f"10 kills and 200 edits: {crash_s:.1f} s (budget {CRASH_BUDGET_S:.0f} s)")
    emit("storage.audited", audit_s * 1000)
    emit("storage.kills", crash_s * 1000)
    within = audit_s < AUDIT_BUDGET_S and crash_s < CRASH_BUDGET_S
    print("within the budgets" if within else "OVER a budget")
    return 0 if within else 1


if __name__ == "__main__":
    raise SystemExit(main())
