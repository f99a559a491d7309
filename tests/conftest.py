"""Test set-up shared by every test: headless Qt, a clean language, real SQLite files in tmp folders."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: the tests run without a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")
# The PDF writer builds static bold fonts once (seconds); tests share one cache beside the checkout, never the
# user's own cache folder.
os.environ.setdefault("FACILITATOR_CACHE_DIR", str(Path(__file__).resolve().parent.parent / ".cache"))

import pytest

from facilitator import i18n


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Every test starts in English and leaves English behind."""
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where a test's partnership file goes (a real SQLite file)."""
    return tmp_path / "partnership.sqlite"
