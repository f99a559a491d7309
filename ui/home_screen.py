"""Home: the screen the app opens on, with what needs the coordinator's attention today.

What is listed, and when an agenda counts as ready, is decided by ``facilitator.home``; this screen shows it in
sections and opens the thing an entry names (double-click or Enter) on its own screen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.approval import MinutesStatus
from facilitator.home import Attention, attention
from facilitator.i18n import N_, _
from facilitator.operations import Changes
from facilitator.store import Store
from facilitator.ui.carried_text import carried_texts
from facilitator.ui.context import AppContext
from facilitator.ui.models import ID_ROLE, AnyIndex
from facilitator.ui.widgets import button

KIND_ROLE = Qt.ItemDataRole.UserRole + 10

#: The sections, in reading order: (key, untranslated title).
SECTIONS = (
    ("meetings", N_("Next meetings")),
    ("actions", N_("Actions to chase")),
    ("notices", N_("Notices of change to follow up")),
    ("conflicts", N_("Conflict reviews due")),
    ("escalations", N_("Escalations waiting for an answer")),
    ("minutes", N_("Minutes to circulate or approve")),
)


@dataclass(frozen=True)
class Line:
    """One entry as the list shows it, and what it opens."""

    text: str
    kind: str
    record_id: str | None
    tooltip: str = ""
    alarm: bool = False  # shown in red: something will go wrong unless the coordinator acts


class AttentionModel(QAbstractListModel):
    """The lines of one section."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._lines: list[Line] = []

    def reset_lines(self, lines: Sequence[Line]) -> None:
        """Show ``lines`` instead."""
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> Line:
        """The line in ``row``."""
        return self._lines[row]

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._lines)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._lines) or index.column() != 0:
            return None
        line = self._lines[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return line.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return line.tooltip or line.text
        if role == Qt.ItemDataRole.ForegroundRole and line.alarm:
            return QColor("#a40000")
        if role == ID_ROLE:
            return line.record_id
        if role == KIND_ROLE:
            return line.kind
        return None


def _date(day: dt.date) -> str:
    return i18n.active().format_date(day, "medium")


def _lines(store: Store, found: Attention) -> dict[str, list[Line]]:
    """Every section's lines, in the window's language."""
    t = i18n.active()
    meetings = []
    for entry in found.next_meetings:
        if entry.meeting is None:
            meetings.append(
                Line(_("{forum}: no meeting planned").format(forum=entry.forum.name), "meetings", None)
            )
            continue
        start = entry.meeting.starts_at
        when = f"{t.format_date(start.date(), 'medium')} {t.format_time(start.time())}"
        state = _("agenda ready") if entry.agenda_ready else _("agenda not ready yet")
        text = _("{forum}: {when} · {state}").format(forum=entry.forum.name, when=when, state=state)
        counted, named = carried_texts(store, entry.carried) if entry.carried else ("", "")
        if counted:
            text += " · " + _("carries {what}").format(what=counted)
        meetings.append(Line(text, "meetings", entry.meeting.id, f"{text}\n{named}" if named else ""))
    actions = []
    for partner in found.actions:
        for item in partner.entries:
            due = _date(item.action.due) if item.action.due else ""
            text = (
                _("{partner}: {title} · overdue since {date}")
                if item.overdue
                else _("{partner}: {title} · due {date}")
            )
            actions.append(
                Line(
                    text.format(partner=partner.partner.display_name, title=item.action.title, date=due),
                    "actions",
                    item.action.id,
                )
            )
    notices = []
    for notice in found.notices:
        reasons = []
        if notice.waiting_for:
            reasons.append(
                i18n.ngettext(
                    "waiting for {count} answer ({names})",
                    "waiting for {count} answers ({names})",
                    len(notice.waiting_for),
                ).format(
                    count=len(notice.waiting_for), names=", ".join(p.display_name for p in notice.waiting_for)
                )
            )
        if notice.short_notice:
            reasons.append(_("short notice"))
        for forum in notice.unheard_in:
            reasons.append(_("no meeting of {forum} before it takes effect").format(forum=forum.name))
        notices.append(
            Line(
                _("{title} · takes effect {date} · {reasons}").format(
                    title=notice.notice.title,
                    date=_date(notice.notice.takes_effect_on),
                    reasons="; ".join(reasons),
                ),
                "notices",
                notice.notice.id,
                alarm=bool(notice.unheard_in),
            )
        )
    conflicts = [
        Line(
            (
                _("{title} · review was due {date}") if review.overdue else _("{title} · review due {date}")
            ).format(title=review.conflict.title, date=_date(review.conflict.review_on or found.today)),
            "conflicts",
            review.conflict.id,
        )
        for review in found.conflicts
    ]
    escalations = [
        Line(
            i18n.ngettext(
                "{title} · waiting for {days} day", "{title} · waiting for {days} days", waiting.days_waiting
            ).format(title=waiting.escalation.subject_title, days=waiting.days_waiting),
            "escalations",
            waiting.escalation.id,
        )
        for waiting in found.escalations
    ]
    minutes = [
        Line(
            (
                _("{forum}, {date}: to circulate")
                if waiting.status is MinutesStatus.DRAFT
                else _("{forum}, {date}: to approve")
            ).format(
                forum=waiting.forum.name if waiting.forum else "",
                date=_date(waiting.meeting.starts_at.date()),
            ),
            "meetings",
            waiting.meeting.id,
        )
        for waiting in found.minutes
    ]
    return {
        "meetings": meetings,
        "actions": actions,
        "notices": notices,
        "conflicts": conflicts,
        "escalations": escalations,
        "minutes": minutes,
    }


EMPTY = {
    "meetings": N_("There are no forums yet."),
    "actions": N_("No action is overdue or due this week."),
    "notices": N_("Every open notice has its answers, and none came at short notice."),
    "conflicts": N_("No conflict review is due this week."),
    "escalations": N_("No escalation is waiting for an answer."),
    "minutes": N_("No minutes are waiting to be circulated or approved."),
}


class HomeSection(QWidget):
    """A heading with a count, a list of entries, and a sentence when there is nothing to list."""

    def __init__(self, key: str, open_line: Callable[[Line], object]) -> None:
        super().__init__()
        self.key = key
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        self.model = AttentionModel(self)
        self.view = QListView()
        self.view.setObjectName(f"home-{key}")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setMinimumHeight(90)
        self.view.setWordWrap(True)  # a long entry wraps rather than hiding its end behind a scroll bar
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        # Enter, and a double click (a single click where the platform activates on one), open the entry.
        self.view.activated.connect(lambda index: open_line(self.model.line(index.row())))
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #444; padding: 4px 0;")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #444;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.note)
        layout.addStretch(0)

    def show_lines(self, title: str, lines: list[Line], note: str = "") -> None:
        """Fill the section; an empty one says so in words."""
        self.model.reset_lines(lines)
        self.heading.setText(_("{title} ({count})").format(title=title, count=len(lines)))
        self.view.setVisible(bool(lines))
        self.empty.setVisible(not lines)
        self.empty.setText(_(EMPTY[self.key]))
        self.note.setText(note)
        self.note.setVisible(bool(note))


class HomeScreen(QWidget):
    """What needs attention today, in six sections; each entry opens the thing it names."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.setObjectName("homeScreen")
        self.context = context
        self.found: Attention | None = None
        self._stale = False
        self._closed = False
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.subtitle = QLabel()
        self.subtitle.setProperty("showsData", True)  # a date
        # Changes made on two laptops wait for the coordinator (File → Exchange…): told here, opened from here.
        self.exchange_conflicts = QPushButton()
        self.exchange_conflicts.setObjectName("homeExchangeConflicts")
        self.exchange_conflicts.setStyleSheet("text-align: left; padding: 6px; font-weight: bold;")
        self.exchange_conflicts.clicked.connect(self.open_exchange_conflicts)
        self.exchange_conflicts.hide()
        self.sections = {key: HomeSection(key, self.open_line) for key, _title in SECTIONS}
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(18)
        for number, (key, _title) in enumerate(SECTIONS):
            grid.addWidget(self.sections[key], number // 2, number % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_host)
        self.reminders_button = button("")
        self.reminders_button.setObjectName("remindersButton")
        self.reminders_button.clicked.connect(lambda _c=False: self.prepare_reminders())
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addStretch(1)
        heading.addWidget(self.reminders_button)
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.exchange_conflicts)
        layout.addWidget(scroll, 1)
        context.changed.connect(self._on_changed)
        context.closing.connect(self._file_closing)
        self.retranslate()

    # -- reading -------------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Ask the core again what needs attention today."""
        self.found = attention(self.context.store, clock.today())
        self._stale = False
        self._show()

    def _show(self) -> None:
        if self.found is None or self._closed:
            return
        self.subtitle.setText(i18n.active().format_date(self.found.today, "full"))
        lines = _lines(self.context.store, self.found)
        titles = dict(SECTIONS)
        for key, section in self.sections.items():
            note = ""
            if key == "minutes" and self.found.older_minutes:
                note = i18n.ngettext(
                    "Minutes of {count} older meeting are still not approved.",
                    "Minutes of {count} older meetings are still not approved.",
                    self.found.older_minutes,
                ).format(count=self.found.older_minutes)
            section.show_lines(_(titles[key]), lines[key], note)
        self._show_exchange_conflicts()

    def _show_exchange_conflicts(self) -> None:
        from facilitator.storage.exchange import conflicts  # noqa: PLC0415 - storage is loaded with the file

        count = len(conflicts(self.context.store.db))
        self.exchange_conflicts.setText(
            i18n.ngettext(
                "{count} change made on two laptops needs your decision: review it…",
                "{count} changes made on two laptops need your decision: review them…",
                count,
            ).format(count=count)
        )
        self.exchange_conflicts.setVisible(count > 0)

    def open_exchange_conflicts(self) -> QWidget | None:
        """Open File → Exchange…, where the changes made on two laptops are decided."""
        control = getattr(self.window(), "exchange", None)
        return control.show_dialog() if control is not None else None

    def _on_changed(self, _changes: Changes) -> None:
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def _file_closing(self) -> None:
        self._closed = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and not self._closed:
            self.reload()

    # -- opening what an entry names --------------------------------------------------------------------------------
    def open_line(self, line: Line) -> QWidget | None:
        """Switch the window to the screen of ``line``'s record and select it there; returns that screen."""
        open_record = getattr(self.window(), "open_record", None)
        return open_record(line.kind, line.record_id) if callable(open_record) else None

    def prepare_reminders(self) -> QWidget:
        """Reminders for every partner before the next meeting (of the forum that meets first), as e-mail
        drafts (``ui.reminders_dialog``)."""
        from facilitator.ui.reminders_dialog import RemindersDialog  # noqa: PLC0415 - opened on demand

        dialog: QWidget = RemindersDialog(self.context, parent=self)
        dialog.exec()  # type: ignore[attr-defined]
        return dialog

    # -- language ----------------------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        """Show every label in the current language."""
        self.title.setText(_("Home"))
        self.reminders_button.setText(_("Remind partners before the meeting…"))
        self.reminders_button.setToolTip(
            _("One e-mail draft per partner: its open actions, overdue first, and what it has not answered")
        )
        if self.found is None:
            self.reload()
        else:
            self._show()
