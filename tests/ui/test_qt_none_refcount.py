"""Regression: PySide6 6.12 on Python 3.11 loses a reference to ``None`` for every invalid ``QVariant``.

Enough of them and the interpreter dies with ``Fatal Python error: none_dealloc`` (see field-notes.md).
The dependency pins keep that Qt away from Python 3.11; this test catches it if it ever comes back. On
Python 3.12+ ``None`` is immortal and its count never falls, so the test passes there as it should.
"""

from __future__ import annotations

import sys

import PySide6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

CALLS = 100_000


class _Blank(QAbstractTableModel):
    """A model whose ``data`` answers None, as ours do for cells without a value."""

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        return None


def _lost(before: int, after: int) -> str:
    return f"None lost {before - after} references in {CALLS} calls (PySide6 {PySide6.__version__})"


def test_invalid_index_data_keeps_none_alive(qapp: QApplication) -> None:
    assert QApplication.instance() is qapp
    assert QModelIndex().data() is None
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        QModelIndex().data()
    after = sys.getrefcount(None)
    assert after >= before, (
        f"None lost {before - after} references in {CALLS} calls (PySide6 {PySide6.__version__})"
    )


def test_model_data_returning_none_keeps_none_alive(qapp: QApplication) -> None:
    model = _Blank()
    index = model.index(1, 1)
    assert index.isValid()
    assert index.data() is None
    before = sys.getrefcount(None)
    for _ in range(CALLS):
        index.data()
        model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    after = sys.getrefcount(None)
    assert after >= before, (
        f"None lost {before - after} references in {CALLS} calls (PySide6 {PySide6.__version__})"
    )


def test_qt_pin_matches_python() -> None:
    """The pin in pyproject.toml: no PySide6 6.12 or later on Python 3.11."""
    version = tuple(int(part) for part in PySide6.__version__.split(".")[:2])
    assert version >= (6, 11)
    if sys.version_info < (3, 12):
        assert version < (6, 12), f"PySide6 {PySide6.__version__} on Python 3.11 corrupts None's refcount"
