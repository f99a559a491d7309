"""Fixtures the core tests share."""

from __future__ import annotations

import pytest

from tests.core.fakes import MemoryStore


@pytest.fixture
def store() -> MemoryStore:
    """An empty in-memory store; a test file that needs one filled in defines its own ``store``."""
    return MemoryStore()
