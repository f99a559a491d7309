"""A merge is all or nothing: a process killed with SIGKILL at random moments while it merges an exchange file
leaves the partnership file exactly as it was before, or exactly as after the whole merge; never in between."""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from dataclasses import replace
from pathlib import Path

from facilitator.actions import Action, save_action
from facilitator.entities import Partner
from facilitator.operations import save_partner
from facilitator.storage import open_partnership
from facilitator.storage.exchange import exchange
from facilitator.storage.exchange_sync import export_file, import_files
from tests.platform_sim import spawn_ready
from tests.storage.exchange_helpers import snapshot

#: The child merges the exchange file into its copy; it says when it starts and when it is done.
MERGER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from facilitator.storage import open_partnership
    from facilitator.storage.exchange_sync import import_files

    store = open_partnership(sys.argv[1])
    print("ready", flush=True)
    import_files(store, [Path(sys.argv[2])])
    print("done", flush=True)
    store.close()
    """
)


def _busy_week(path: Path) -> None:
    """About five hundred edits on one laptop: partners renamed, actions retitled, new partners."""
    with open_partnership(path) as store:
        for i, partner in enumerate(store.all(Partner) * 12):
            save_partner(store, replace(partner, contact=f"Contact {i}")).apply(store)
        for i, action in enumerate(store.all(Action) * 8):
            save_action(store, replace(action, details=f"Progress note {i}")).apply(store)
        for i in range(150):
            save_partner(store, Partner(name=f"New partner {i}")).apply(store)


def test_a_merge_killed_at_random_moments_leaves_the_file_as_before_or_as_after(tmp_path: Path) -> None:
    from facilitator.demo import build_demo

    template = tmp_path / "template.sqlite"
    with open_partnership(template) as store:
        build_demo(store)
        exchange(store)
    sender = tmp_path / "sender.sqlite"
    shutil.copy(template, sender)
    _busy_week(sender)
    changes = tmp_path / "week.pfexchange"
    with open_partnership(sender) as store:
        export_file(store, changes)
    with open_partnership(template) as store:
        before = snapshot(store)
    expected = tmp_path / "expected.sqlite"
    shutil.copy(template, expected)
    with open_partnership(expected) as store:
        import_files(store, [changes])
        after = snapshot(store)
    assert before != after

    script = tmp_path / "merger.py"
    script.write_text(MERGER, encoding="utf-8")
    # How long a whole merge takes here, from "ready" to "done", so that the kills cover all of it.
    timed = tmp_path / "timed.sqlite"
    shutil.copy(template, timed)
    child = subprocess.Popen(
        [sys.executable, str(script), str(timed), str(changes)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "ready\n"
    began = time.monotonic()
    assert child.stdout.readline() == "done\n"
    took = time.monotonic() - began
    child.communicate()
    rng = random.Random(20261207)
    seen = {"before": 0, "after": 0}
    started = time.monotonic()
    kills = 0
    while kills < 10 and time.monotonic() - started < 120:
        victim = tmp_path / f"victim{kills}.sqlite"
        shutil.copy(template, victim)
        child = spawn_ready(script, victim, changes)
        time.sleep(rng.uniform(0.0, took * 1.3))
        child.send_signal(signal.SIGKILL)
        child.communicate()
        kills += 1
        with open_partnership(victim) as store:
            assert store.integrity() == "ok"
            now = snapshot(store)
        assert now in (before, after), f"kill {kills} left a half-merged file"
        seen["before" if now == before else "after"] += 1
        # And the merge completes when run again.
        with open_partnership(victim) as store:
            import_files(store, [changes])
            assert snapshot(store) == after
    assert kills >= 8
    # Kills landed both before the merge committed and after: the moments covered the whole merge.
    assert seen["before"] >= 1 and seen["after"] >= 1, seen
