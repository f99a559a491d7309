"""Fixtures of the exchange tests: the demo set up for exchange once per module, and laptops holding copies of it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator.records import KIND_NAMES
from facilitator.storage import Partnership, open_partnership
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


@pytest.fixture
def store(db_path: Path) -> Iterator[Partnership]:
    """A new partnership file, open (a test module may ask for another ``store``)."""
    with open_partnership(db_path) as db:
        yield db


def clear(store: Partnership) -> None:
    """Empty every table, children first, so that examples cannot collide on ids or unique seats."""
    with store.atomic():
        store.db.execute("delete from membership_substitutes")
        for table in reversed(list(KIND_NAMES.values())):
            store.db.execute(f"delete from [{table}]")
