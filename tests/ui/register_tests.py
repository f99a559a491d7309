"""What the register screens' tests (conflicts, notices) set up alike: the screen shown on a frozen day, records
found by their names, list items ticked (other dialogs' tests tick partners with ``check`` too), columns found
by their headings and the print dialog both registers share answered."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QWidget

from facilitator.entities import Forum, Partner
from facilitator.notices import NoticeStatus
from facilitator.ui.conflict_dialogs import PrintDialog
from facilitator.ui.context import AppContext
from facilitator.ui.notice_dialogs import NoticeStatusDialog
from tests.conftest import stand_on

View = TypeVar("View", bound=QWidget)


def shown(qtbot: Any, view: View, today: dt.date) -> View:
    """``view`` shown at 1200×800 with the clock standing on ``today``."""
    stand_on(today)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    return view


def partner(context: AppContext, name: str) -> Partner:
    """The partner called ``name``."""
    return next(p for p in context.store.all(Partner) if p.name == name)


def forum(context: AppContext, start: str) -> Forum:
    """The forum whose name starts with ``start``."""
    return next(f for f in context.store.all(Forum) if f.name.startswith(start))


def check(widget: Any, *data: str) -> None:
    """Tick the items of a list widget whose data is one of ``data``."""
    for row in range(widget.count()):
        item = widget.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in data:
            item.setCheckState(Qt.CheckState.Checked)


def set_notice_status(screen: Any, modals: Any, status: NoticeStatus, outcome: str | None = None) -> None:
    """Set the shown notice's ``status`` (with ``outcome``, when given) through the notices screen's dialog."""

    def fill(dialog: NoticeStatusDialog) -> None:
        dialog.status.setCurrentIndex(dialog.status.findData(status))
        if outcome is not None:
            dialog.outcome.setPlainText(outcome)
        dialog.accept()

    modals.fill["NoticeStatusDialog"] = fill
    screen.set_status()


def pick_print(modals: Any, audience: str, file_format: str, partner_id: str | None = None) -> None:
    """Answer the print dialog of the conflict log or the notices register: ``audience`` (``"for_partner"``:
    the partner ``partner_id``, whose row the dialog shows only then) and ``file_format``, then OK."""

    def fill(dialog: PrintDialog) -> None:
        dialog.audience.setCurrentIndex(dialog.audience.findData(audience))
        assert dialog.form.isRowVisible(dialog.partner) == (audience == "for_partner")
        if partner_id:
            dialog.partner.setCurrentIndex(dialog.partner.findData(partner_id))
        dialog.file_format.setCurrentIndex(dialog.file_format.findData(file_format))
        dialog.accept()

    modals.fill["PrintDialog"] = fill


def column(model: QAbstractItemModel, heading: str) -> int:
    """The column of ``model`` headed ``heading``."""
    headings = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    return headings.index(heading)
