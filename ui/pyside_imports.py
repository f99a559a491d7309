"""Spare every import after PySide6's the source read PySide6 makes of it (about a fifth of a millisecond each).

Once ``PySide6.QtCore`` is loaded, PySide6 looks at every module imported after it, for its ``__feature__``
switches (``snake_case``, ``true_property``): it records whether the module's source names PySide6, found with
``inspect.getsource``, which goes through ``linecache`` and ``tokenize`` for each module (PySide's
``shibokensupport/feature.py``, ``_mod_uses_pyside``). The window imports some two hundred modules after PySide6
before Home shows, so that bookkeeping alone cost 20–25 ms of the path to Home on the bench's machine.

``answer_from_bytes`` puts in its place a check that gives the same answer from the file's bytes: ``"PySide6"`` is
ASCII, so it is in the source exactly when its bytes are in the file (the tests compare the two answers over every
module the window loads). The app uses no ``__feature__`` switch, so even a different answer would change nothing
but that bookkeeping; PySide6 releases without the private function are left as they are.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

_MARK = b"PySide6"
#: PySide6's own check, once ``answer_from_bytes`` has put ``names_pyside`` in its place (the tests compare them).
pyside_own_check: Callable[[ModuleType], bool] | None = None


def names_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source names PySide6, as PySide6's own check answers it: False for a module whose
    source cannot be read (built in, compiled, frozen, in an archive without sources)."""
    filename = getattr(module, "__file__", None)
    if not isinstance(filename, str):
        return False
    if filename.endswith((".pyc", ".pyo")):
        try:
            filename = importlib.util.source_from_cache(filename)
        except ValueError:
            filename = filename[:-1]  # a legacy .pyc beside its source, as inspect.getsourcefile looks for it
    if not filename.endswith(".py"):
        return False
    try:
        return _MARK in Path(filename).read_bytes()
    except OSError:
        return False


def answer_from_bytes() -> bool:
    """Have PySide6 ask ``names_pyside`` instead of reading each module's source through ``inspect``; True when
    done (False: this PySide6 has no such check, nothing changed). Call it right after PySide6 is imported."""
    try:
        feature = importlib.import_module("PySide6.support.feature")  # PySide6's own, put there by shiboken6
    except ImportError:
        return False
    global pyside_own_check
    own = getattr(feature, "_mod_uses_pyside", None)
    if not callable(own):
        return False
    if own is not names_pyside:
        pyside_own_check = own
    setattr(feature, "_mod_uses_pyside", names_pyside)  # noqa: B010 - a private name of PySide6's: see above
    return True
