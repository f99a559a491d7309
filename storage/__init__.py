"""Storage: partnership files on SQLite through sqlite-utils. Knows the core; never the window."""

from __future__ import annotations

from facilitator.storage.database import Partnership, open_partnership

__all__ = ["Partnership", "open_partnership"]
