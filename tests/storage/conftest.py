"""Fixtures of the exchange tests: the demo set up for exchange once per module, and laptops holding copies of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.storage import Partnership
from tests.storage.exchange_helpers import copies, set_up_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, set up for exchange once (as a coordinator would before handing out copies)."""
    return set_up_template(tmp_path_factory.mktemp("template"))


@pytest.fixture
def laptops(template: Path, tmp_path: Path) -> Iterator[dict[str, Partnership]]:
    """Three laptops, a, b and c, each with its own copy of the template."""
    opened = copies(template, tmp_path, "abc")
    yield opened
    for partnership in opened.values():
        partnership.close()
