"""What the window loads before its first paint, in a process of its own: Qt and the window's own modules, not
sqlite-utils, not the core's records and not the exchange engine (the file opens, and they load, once the window
is on screen). No stopwatch here (``bench/open_and_filter.py`` measures the paint): this keeps what was gained."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

PROGRAM = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from facilitator.ui.app import build_main_window, create_application
    from facilitator.ui.settings import Settings

    app = create_application()
    window = build_main_window(Settings(Path(sys.argv[1])), Path(sys.argv[2]), "en", open_now=False)
    window.show()
    before = sorted(sys.modules)
    while window.context is None:  # the file opens once the event loop runs
        app.processEvents()
    after = sorted(sys.modules)
    window.close()
    print(json.dumps([before, after]))
    """
)

NOT_BEFORE_PAINT = (
    "sqlite_utils",
    "click",
    "pluggy",
    "pycrdt",
    "facilitator.records",
    "facilitator.entities",
    "facilitator.profile",
    "facilitator.storage.database",
    "facilitator.storage.exchange",
)


def _offending(modules: list[str], forbidden: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


def test_the_window_paints_before_storage_and_the_core_load(tmp_path: Path) -> None:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, str(tmp_path / "settings"), str(tmp_path / "partnership.sqlite")],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert done.returncode == 0, done.stderr
    before, after = json.loads(done.stdout.strip().splitlines()[-1])
    assert _offending(before, NOT_BEFORE_PAINT) == []
    # The check can fail: once the file is open, storage and the core are there.
    assert {"sqlite_utils", "facilitator.storage.database", "facilitator.entities"} <= set(after)
