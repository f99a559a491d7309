"""Partnership Facilitator: the core (entities, rules and operations; no Qt, no SQL, no files)."""

from __future__ import annotations

__version__ = "0.1.0"
APP_NAME = "Partnership Facilitator"
