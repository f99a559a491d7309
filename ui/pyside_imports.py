"""Spare every import after PySide6's the look PySide6 takes at its source, and keep PySide6's names as documented.

Once ``PySide6.QtCore`` is loaded, PySide6 looks at every module imported after it, for its ``__feature__``
switches (``snake_case``, ``true_property``): its ``shibokensupport/feature.py`` (``_mod_uses_pyside``) reads the
module's source through ``inspect.getsource`` and records the module as one with PySide6's default names when
"PySide6" stands in it, or as one to ignore otherwise. The window imports some two hundred modules after PySide6
before Home shows: through ``inspect`` that cost 20–25 ms of the path to Home on the bench's machine, and reading
each file's bytes instead still cost 2–4 ms before the first paint (about 40 µs a module).

``every_module_plain`` has PySide6 record every module as one with the default names without reading anything.
That is what each of the app's modules is (none uses a ``__feature__`` switch; the tests check it), and it is
safer than PySide6's own answer: an "ignored" module borrows the switches of whichever module last touched PySide6,
so a helper that never names PySide6 but calls ``setWindowTitle`` on a widget it is given breaks as soon as any
module with ``snake_case`` has run (``tests/ui/test_pyside_imports.py`` shows both). A module that does switch a
feature on still gets it: PySide6 records that switch when the module imports ``__feature__``, before this answer
is asked for, and keeps it.
"""

from __future__ import annotations

import importlib
from types import ModuleType


def plain_names(module: ModuleType) -> bool:
    """PySide6's question for each newly imported module, answered without reading it: yes, ``module`` is one
    that uses PySide6's default names (no ``__feature__`` switch) — see this module's docstring."""
    return True


def every_module_plain() -> bool:
    """Have PySide6 take every module imported from now on as one with its default names, without reading its
    source; True when done (False: this PySide6 has no such check, nothing changed). Call it right after PySide6
    is imported."""
    try:
        feature = importlib.import_module("PySide6.support.feature")  # PySide6's own, put there by shiboken6
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", plain_names)  # noqa: B010 - a private name of PySide6's: see above
    return True
