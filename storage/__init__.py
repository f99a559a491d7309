"""Storage: partnership files on SQLite through sqlite-utils. Knows the core; never the window.

``Partnership`` and ``open_partnership`` (``storage/database.py``) are imported when first asked for: a read-only
command opens its file with ``storage/reading.py``. Neither opening a file nor reading it loads sqlite-utils: a
``Partnership`` loads it at its first write (``Partnership.db``).
"""

from __future__ import annotations

import importlib.util
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from facilitator.storage.database import Partnership, open_partnership

__all__ = ["Partnership", "open_partnership"]


def _load_when_used(name: str) -> None:
    """Import ``name`` lazily: its code runs at the first use of one of its attributes, not at ``import``.

    sqlite-utils imports dateutil's parser at import time for its command line's date conversions, which this
    app never calls; deferring it saves every command that opens a file about 50 ms."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _dot, child = name.rpartition(".")
    if parent:  # ``from parent import child`` then finds it without asking the import system (which would load it)
        setattr(sys.modules[parent], child, module)


_load_when_used("dateutil.parser")


def __getattr__(name: str) -> Any:
    if name in __all__:
        from facilitator.storage import database  # noqa: PLC0415 - loads the core's records

        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
