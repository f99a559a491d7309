"""Chairing live: the current item, its timer, the speakers' queue and the quorum, readable from the back of a room.

The view counts nothing itself. Once a second it asks the core for ``live_state`` at the application clock's moment;
every timer is derived from the moments stored on the meeting and its items, so closing the app (or a crash) in
the middle of a meeting resumes exactly where it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Forum, Partner, Representative
from facilitator.errors import KnownError, ValidationError
from facilitator.i18n import _
from facilitator.live import LiveState, live_state
from facilitator.meeting_ops import (
    ask_to_speak,
    end_meeting,
    give_floor,
    save_notes,
    start_item,
    start_meeting,
    withdraw_turn,
)
from facilitator.meetings import AgendaItem, Meeting, MeetingStatus
from facilitator.operations import Changes, Edit
from facilitator.quorum import Standing
from facilitator.ui.action_review import TabledPanel, new_action_at
from facilitator.ui.context import AppContext
from facilitator.ui.decision_dialog import DecisionDialog
from facilitator.ui.dialogs import RecordDialog, Submit
from facilitator.ui.figures_panel import FiguresPanel
from facilitator.ui.icons import icon
from facilitator.ui.palette import attention_colours, muted_colour, warning_colour
from facilitator.ui.shortcuts import keys_text, make_action, retitle

__all__ = ["PRIMARY_STYLE", "AskToSpeakDialog", "LiveView", "clock_text"]

#: Notes are kept this long after the last keystroke.
AUTOSAVE_MS = 5000
PARTNER_ROLE = Qt.ItemDataRole.UserRole + 10
TURN_ROLE = Qt.ItemDataRole.UserRole + 11
NOT_HEARD_ROLE = Qt.ItemDataRole.UserRole + 12

STYLE = """
QLabel#liveMeeting { font-size: 15pt; font-weight: 600; }
QLabel#liveMeetingClock { font-size: 17pt; }
QLabel#liveQuorum { font-size: 14pt; }
QLabel#liveItemNumber { font-size: 16pt; }
QLabel#liveItemTitle { font-size: 24pt; font-weight: 700; }
QLabel#livePresenter { font-size: 15pt; }
QLabel#liveTimer { font-size: 48pt; font-weight: 700; }
QLabel#liveOver { font-size: 20pt; font-weight: 700; }
QLabel#liveNext { font-size: 15pt; }
QLabel#liveHeading { font-size: 14pt; font-weight: 600; }
QLabel#liveLegend { font-size: 11pt; }
QListWidget#liveQueue, QListWidget#livePartners { font-size: 15pt; }
QPlainTextEdit#liveNotes { font-size: 13pt; }
"""
#: Inside the Meetings screen, beside the meetings list: smaller, so that nothing overlaps at 1366 x 768 (chair
#: mode has the whole window for the large view).
COMPACT_STYLE = """
QLabel#liveMeeting { font-size: 12pt; font-weight: 600; }
QLabel#liveMeetingClock, QLabel#liveQuorum, QLabel#liveItemNumber { font-size: 11pt; }
QLabel#liveItemTitle { font-size: 16pt; font-weight: 700; }
QLabel#livePresenter, QLabel#liveNext { font-size: 11pt; }
QLabel#liveTimer { font-size: 30pt; font-weight: 700; }
QLabel#liveOver { font-size: 14pt; font-weight: 700; }
QLabel#liveHeading { font-size: 11pt; font-weight: 600; }
QLabel#liveLegend { font-size: 10pt; }
QListWidget#liveQueue, QListWidget#livePartners { font-size: 12pt; }
QPlainTextEdit#liveNotes { font-size: 11pt; }
"""
#: The chair's big buttons: hit on a laptop on the table without looking twice.
PRIMARY_STYLE = "QPushButton { font-size: 11pt; font-weight: 600; padding: 8px 10px; }"


def clock_text(span: dt.timedelta) -> str:
    """A span as minutes and seconds (``75:03``); minutes run on past the hour so an item reads the same."""
    seconds = int(abs(span.total_seconds()))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _data_label(name: str, *, wrap: bool = False) -> QLabel:
    """A label that shows records or figures (not the app's own words)."""
    label = QLabel()
    label.setObjectName(name)
    label.setProperty("showsData", True)
    label.setWordWrap(wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return label


def _label(name: str, *, wrap: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(wrap)
    return label


class AskToSpeakDialog(RecordDialog):
    """Choose a partner present (or type its short name) to put it in the speakers' queue."""

    def __init__(self, parent: QWidget | None, partners: list[Partner], submit: Submit) -> None:
        super().__init__(parent, _("Asks to speak"), submit)
        self.setMinimumWidth(480)
        self._partners = partners
        self.partner = QComboBox()
        self.partner.setEditable(True)
        self.partner.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for partner in partners:
            self.partner.addItem(partner.display_name, partner.id)
        completer = self.partner.completer()
        if completer is not None:
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        line = self.partner.lineEdit()
        if line is not None:
            line.setPlaceholderText(_("Partner's short name"))
        self.add_row("partner_id", _("Partner:"), self.partner)

    def record(self) -> str:
        """The id of the partner chosen or typed."""
        typed = self.partner.currentText().strip().casefold()
        for partner in self._partners:
            if typed in (
                partner.display_name.casefold(),
                partner.name.casefold(),
                partner.short_name.casefold(),
            ):
                return partner.id
        matches = [p for p in self._partners if p.display_name.casefold().startswith(typed)] if typed else []
        if len(matches) == 1:
            return matches[0].id
        raise ValidationError(
            "partner_id", _("no partner present is called '{name}'").format(name=self.partner.currentText())
        )


class LiveView(QWidget):
    """The chair's view of a running meeting: big enough to be read on a projector from the back of the room."""

    def __init__(self, context: AppContext, parent: QWidget | None = None, *, compact: bool = False) -> None:
        super().__init__(parent)
        self.context = context
        #: Compact: a tab of the Meetings screen (icon buttons, smaller type); otherwise chair mode's whole window.
        self.compact = compact
        self._meeting_id: str | None = None
        self.state: LiveState | None = None
        self._notes_item_id: str | None = None
        self._notes_saved = ""
        self._shown_lists: tuple[object, ...] = ()
        self.setStyleSheet(COMPACT_STYLE if compact else STYLE)
        self._build()
        self._build_actions()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        context.changed.connect(self._on_changed)
        context.closing.connect(self.save_notes)  # notes typed since the last save survive closing the file
        self.retranslate()

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.meeting_label = _data_label("liveMeeting", wrap=True)
        self.meeting_clock = _label("liveMeetingClock")
        self.meeting_clock.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.quorum_label = _data_label("liveQuorum", wrap=True)

        self.item_number = _label("liveItemNumber")
        self.item_title = _data_label("liveItemTitle", wrap=True)
        self.presenter = _label("livePresenter", wrap=True)
        self.timer_label = _data_label("liveTimer")
        self.over_label = _label("liveOver")
        self.next_label = _label("liveNext", wrap=True)

        self.queue_heading = _label("liveHeading", wrap=True)
        self.queue = QListWidget()
        self.queue.setObjectName("liveQueue")
        self.partners_heading = _label("liveHeading", wrap=True)
        self.partners_legend = _label("liveLegend", wrap=True)
        self.partners = QListWidget()
        self.partners.setObjectName("livePartners")
        self.partners.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # shows who spoke; nothing to choose there
        for listing in (self.queue, self.partners):
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            listing.setTextElideMode(Qt.TextElideMode.ElideRight)

        self.notes_label = _label("liveHeading")
        self.notes = QPlainTextEdit()
        self.notes.setObjectName("liveNotes")
        self.notes.setTabChangesFocus(True)
        self.notes_label.setBuddy(self.notes)
        self.notes_state = _label("liveNotesState")
        # Typing is kept after a pause, so a crash loses seconds, not the item; one undo step per pause.
        self.notes_autosave = QTimer(self)
        self.notes_autosave.setSingleShot(True)
        self.notes_autosave.setInterval(AUTOSAVE_MS)
        self.notes_autosave.timeout.connect(self.save_notes)

        def push(slot: Callable[[], None], name: str) -> QPushButton:
            button = QPushButton()
            button.setObjectName(name)
            button.setAutoDefault(False)
            button.setIcon(icon(name))
            button.clicked.connect(slot)
            return button

        self.start_button = push(self.start_meeting, "start_meeting")
        self.previous_button = push(self.previous_item, "previous_item")
        self.next_button = push(self.next_item, "next_item")
        self.end_button = push(self.end_meeting, "end_meeting")
        self.decision_button = push(self.record_decision, "record_decision")
        self.new_action_button = push(self.new_action, "new_action")
        self.tabled = TabledPanel(self.context)  # the actions under review, escalations under report back
        # Street figures, under the item they belong to.
        self.figures = FiguresPanel(self.context, large=not self.compact)
        self.ask_button = push(self.ask_to_speak, "ask_to_speak")
        self.spoken_button = push(self.has_spoken, "has_spoken")
        self.withdraw_button = push(self.withdraw, "withdraw")
        self.save_notes_button = push(self.save_notes, "save_notes")

        top = QHBoxLayout()
        top.addWidget(self.meeting_label, 1)
        top.addWidget(self.meeting_clock)
        self.header = top  # chair mode adds its own buttons here, on the line the meeting's name leaves free

        item = QVBoxLayout()
        item.addWidget(self.item_number)
        item.addWidget(self.item_title)
        item.addWidget(self.presenter)
        item.addWidget(self.timer_label)
        item.addWidget(self.over_label)
        item.addWidget(self.next_label)
        item.addWidget(self.tabled, 8)
        item.addStretch(1)

        speakers = QGridLayout()
        speakers.addWidget(self.queue_heading, 0, 0)
        speakers.addWidget(self.partners_heading, 0, 1)
        speakers.addWidget(self.partners_legend, 1, 1)
        speakers.addWidget(self.queue, 1, 0, 2, 1)
        speakers.addWidget(self.partners, 2, 1, 2, 1)
        # Stacked under the queue they act on: a longer language makes them taller, never the view wider.
        speaker_buttons = QVBoxLayout()
        for button in (self.ask_button, self.spoken_button, self.withdraw_button):
            speaker_buttons.addWidget(button)
        speakers.addLayout(speaker_buttons, 3, 0)
        speakers.setRowStretch(2, 1)  # the lists take the height, not the headings

        middle = QHBoxLayout()
        middle.addLayout(item, 3)
        middle.addLayout(speakers, 2)

        notes_head = QHBoxLayout()
        notes_head.addWidget(self.notes_label)
        notes_head.addWidget(self.notes_state, 1)
        notes_head.addWidget(self.save_notes_button)

        # The chair's primary buttons come first, always in sight: nothing to scroll to in the middle of a meeting.
        self.primary = QWidget()
        self.primary.setObjectName("livePrimary")
        self.primary.setStyleSheet(PRIMARY_STYLE)
        chair = QHBoxLayout(self.primary)
        chair.setContentsMargins(0, 0, 0, 0)
        for button in self.primary_buttons():
            button.setIconSize(QSize(22, 22))
            button.setMinimumHeight(36 if self.compact else 44)
            button.setMinimumWidth(48)  # a narrow window shows the icon; the name is in the tooltip
            # Each as wide as its words when there is room (French names are long); squeezed evenly when not.
            button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            chair.addWidget(button)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        # No scroll area: the lists, the tabled panel and the notes scroll by themselves, never the page.
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.quorum_label)
        layout.addWidget(self.primary)
        layout.addWidget(rule)
        layout.addLayout(middle, 1)
        layout.addWidget(self.figures)
        layout.addLayout(notes_head)
        layout.addWidget(self.notes)
        self.notes.setMaximumHeight(self.notes.fontMetrics().lineSpacing() * 5 + 16)
        self.notes.setMinimumHeight(self.notes.fontMetrics().lineSpacing() * 2 + 12)

    def primary_buttons(self) -> tuple[QPushButton, ...]:
        """The chair's big buttons, in the order of a meeting."""
        return (
            self.start_button,
            self.previous_button,
            self.next_button,
            self.decision_button,
            self.new_action_button,
            self.end_button,
        )

    def _build_actions(self) -> None:
        # Keys from the one list (ui/shortcuts.py): none of them is something a text box does, so they work while
        # the chair types notes; they act on this view and its children only.
        def action(name: str, slot: Callable[[], None]) -> QAction:
            made: QAction = make_action(self, name, slot, Qt.ShortcutContext.WidgetWithChildrenShortcut)
            return made

        self.start_action = action("start_meeting", self.start_meeting)
        self.next_action = action("next_item", self.next_item)
        self.previous_action = action("previous_item", self.previous_item)
        self.decision_action = action("record_decision", self.record_decision)
        self.new_action_action = action("new_action", self.new_action)
        self.ask_action = action("ask_to_speak", self.ask_to_speak)
        self.spoken_action = action("has_spoken", self.has_spoken)
        self.withdraw_action = action("withdraw", self.withdraw)
        self.save_notes_action = action("save_notes", self.save_notes)
        self.end_action = action("end_meeting", self.end_meeting)

    # -- the public face ---------------------------------------------------------------------------------------
    def set_meeting(self, meeting_id: str | None) -> None:
        """Chair ``meeting_id`` (or show nothing); unsaved notes of the meeting shown before are kept first."""
        if meeting_id == self._meeting_id:
            return
        self._save_notes_if_changed()
        self._meeting_id = meeting_id
        self._notes_item_id = None
        self.refresh()

    def meeting_id(self) -> str | None:
        """The meeting shown."""
        return self._meeting_id

    def retranslate(self) -> None:
        """Set every visible string again in the current language."""
        self.queue_heading.setText(_("Waiting to speak"))
        self.queue.setAccessibleName(_("Waiting to speak"))
        self.partners.setAccessibleName(_("Partners present"))
        self.partners_heading.setText(_("Partners present"))
        self.partners_legend.setText(_("● not yet heard on this item") + "\n" + _("✓ has spoken"))
        self.notes_label.setText(_("&Notes on this item"))
        self.notes.setPlaceholderText(_("What was said on this item"))
        labelled = (
            (self.start_button, self.start_action, _("Start meeting")),
            (self.previous_button, self.previous_action, _("Previous item")),
            (self.next_button, self.next_action, _("Next item")),
            (self.decision_button, self.decision_action, _("Record decision…")),
            (self.new_action_button, self.new_action_action, _("New action…")),
            (self.end_button, self.end_action, _("End meeting")),
            (self.ask_button, self.ask_action, _("Asks to speak…")),
            (self.spoken_button, self.spoken_action, _("Has spoken")),
            (self.withdraw_button, self.withdraw_action, _("Withdraw")),
            (self.save_notes_button, self.save_notes_action, _("Save notes")),
        )
        for button, act, text in labelled:
            retitle(act)
            keys = keys_text(act.objectName())
            # In a tab beside the meetings list the primary buttons show their icons only (six French names do not
            # fit there); their names are in the tooltip and read aloud. Chair mode shows the names.
            button.setText("" if self.compact and button in self.primary_buttons() else text)
            button.setAccessibleName(text)
            # The keys are in the tooltip and read aloud, not on the button: a French label and its keys would
            # not fit six buttons in a row at 1280 pixels.
            button.setToolTip(f"{text} ({keys})")
            button.setAccessibleDescription(_("Keyboard shortcut: {keys}").format(keys=keys))
        self.tabled.retranslate()
        self.figures.retranslate()
        self._shown_lists = ()
        self.refresh()

    def tick(self) -> None:
        """Re-derive the clocks from what is stored (called every second while the meeting runs)."""
        self.refresh()

    def refresh(self) -> None:
        """Show the meeting as it is stored, at the clock's moment."""
        meeting_id = self._meeting_id
        state = None
        if meeting_id is not None:
            try:
                state = live_state(self.context.store, meeting_id, clock.now())
            except KnownError:  # the meeting was removed (an undo of its creation): show nothing
                state = None
        self.state = state
        if state is None:
            self._show_nothing()
        else:
            self._show(state)
        self._update_actions()
        # Only a shown view ticks: a hidden tab costs nothing, and nothing reads a file being closed.
        running = state is not None and state.meeting.status is MeetingStatus.IN_PROGRESS and self.isVisible()
        if running and not self.timer.isActive():
            self.timer.start()
        elif not running and self.timer.isActive():
            self.timer.stop()

    # -- showing -----------------------------------------------------------------------------------------------
    def _show_nothing(self) -> None:
        self.meeting_label.setText("")
        self.meeting_clock.setText("")
        self.quorum_label.setText("")
        self.item_number.setText("")
        self.item_title.setText(_("Choose a meeting to chair it."))
        self.item_title.setProperty("showsData", False)
        self.presenter.setText("")
        self.timer_label.setText("")
        self.over_label.setText("")
        self.next_label.setText("")
        self.queue.clear()
        self.partners.clear()
        self._shown_lists = ()
        self._load_notes(None)
        self.tabled.show_item(None, None)
        self.figures.show_item(None, None)

    def _show(self, state: LiveState) -> None:
        meeting = state.meeting
        self.meeting_label.setText(self._meeting_name(meeting))
        self.meeting_clock.setText(self._meeting_clock(state))
        # The core's judgement of who is in the room now; nothing at all for a forum without a quorum rule.
        self.quorum_label.setText(state.quorum.summary())
        self.quorum_label.setVisible(state.quorum.applies)
        self.quorum_label.setStyleSheet(
            "" if state.quorum.quorate else f"color: {warning_colour(self.palette()).name()};"
        )
        current = state.current
        self.item_title.setProperty("showsData", current is not None)
        if current is not None:
            self.item_number.setText(
                _("Item {number} of {count}").format(
                    number=state.items.index(current) + 1, count=len(state.items)
                )
            )
            self.item_title.setText(current.display_title)
            self.presenter.setText(self._presenter(current))
            self.timer_label.setText(f"{clock_text(state.item_elapsed)} / {clock_text(state.item_allowed)}")
        else:
            self.item_number.setText("")
            self.item_title.setText(self._status_text(meeting))
            self.presenter.setText("")
            self.timer_label.setText("")
        over = state.item_over
        self.timer_label.setProperty("over", over)
        over_colour = warning_colour(self.palette()).name()
        self.timer_label.setStyleSheet(f"color: {over_colour};" if over else "")
        self.over_label.setStyleSheet(f"color: {over_colour};" if over else "")
        self.over_label.setText(
            _("+{time} over").format(time=clock_text(state.item_elapsed - state.item_allowed)) if over else ""
        )
        following = state.following
        self.next_label.setText(
            _("Next: {title}").format(title=following.display_title) if following is not None else ""
        )
        # An empty line takes no room: what is left goes to the tabled actions, not to blank space.
        for label in (self.item_number, self.presenter, self.over_label, self.next_label):
            label.setVisible(bool(label.text()))
        self._show_speakers(state)
        self.tabled.show_item(meeting, current)
        self.figures.show_item(meeting, current)
        self._load_notes(current)

    def _meeting_name(self, meeting: Meeting) -> str:
        forum = self.context.store.find(Forum, meeting.forum_id)
        name = meeting.title or (forum.name if forum else "")
        words = i18n.active()
        when = f"{words.format_date(meeting.starts_at.date())} {words.format_time(meeting.starts_at.time())}"
        return f"{name} · {when}"

    @staticmethod
    def _status_text(meeting: Meeting) -> str:
        if meeting.status is MeetingStatus.PLANNED:
            return _("The meeting has not started.")
        if meeting.status is MeetingStatus.HELD:
            return _("The meeting has ended.")
        if meeting.status is MeetingStatus.CANCELLED:
            return _("The meeting was cancelled.")
        return _("No item is under way.")

    @staticmethod
    def _meeting_clock(state: LiveState) -> str:
        if state.meeting.started_at is None:
            return _("Planned length {length}").format(
                length=clock_text(dt.timedelta(minutes=state.meeting.duration_minutes))
            )
        remaining = state.meeting_remaining
        if remaining < dt.timedelta(0):
            return _("Meeting {elapsed} · {over} over").format(
                elapsed=clock_text(state.meeting_elapsed), over=clock_text(remaining)
            )
        return _("Meeting {elapsed} · {remaining} left").format(
            elapsed=clock_text(state.meeting_elapsed), remaining=clock_text(remaining)
        )

    def _presenter(self, item: AgendaItem) -> str:
        store = self.context.store
        names = []
        if item.presenter_partner_id:
            partner = store.find(Partner, item.presenter_partner_id)
            if partner is not None:
                names.append(partner.display_name)
        if item.presenter_id:
            person = store.find(Representative, item.presenter_id)
            if person is not None:
                names.append(person.name)
        if not names:
            return ""
        return _("Presented by {names}").format(names=" · ".join(names))

    def _show_speakers(self, state: LiveState) -> None:
        present = [s for s in state.standings if s.standing is not Standing.NOT_PRESENT]
        shown = (
            state.current.id if state.current else None,
            tuple(t.id for t in state.waiting),
            state.spoken,
            tuple((s.partner.id, s.partner.display_name) for s in present),
        )
        if shown == self._shown_lists:  # the clock ticked; nobody moved
            return
        self._shown_lists = shown
        names = {s.partner.id: s.partner.display_name for s in state.standings}
        chosen = self.queue.currentItem().data(TURN_ROLE) if self.queue.currentItem() else None
        self.queue.clear()
        for number, turn in enumerate(state.waiting, start=1):
            entry = QListWidgetItem(f"{number}. {names.get(turn.partner_id, '?')}")
            entry.setData(TURN_ROLE, turn.id)
            entry.setData(PARTNER_ROLE, turn.partner_id)
            self.queue.addItem(entry)
            if turn.id == chosen:
                self.queue.setCurrentItem(entry)
        self.partners.clear()
        if state.current is None:
            return
        not_heard = {p.id for p in state.not_yet_spoken}
        bold = QFont(self.partners.font())
        bold.setBold(True)
        # Those not yet heard first, so the chair's eye falls on them; a mark, not only a colour, says so.
        for standing in sorted(present, key=lambda s: s.partner.id not in not_heard):
            partner = standing.partner
            mark = "●" if partner.id in not_heard else "✓"
            entry = QListWidgetItem(f"{mark} {partner.display_name}")
            entry.setToolTip(
                _("{partner} has not yet spoken on this item").format(partner=partner.display_name)
                if partner.id in not_heard
                else _("{partner} has spoken on this item").format(partner=partner.display_name)
            )
            entry.setData(PARTNER_ROLE, partner.id)
            entry.setData(NOT_HEARD_ROLE, partner.id in not_heard)
            if partner.id in not_heard:
                background, foreground = attention_colours(self.partners.palette())
                entry.setFont(bold)
                entry.setBackground(QBrush(background))
                entry.setForeground(QBrush(foreground))
            else:
                entry.setForeground(QBrush(muted_colour(self.partners.palette())))
            self.partners.addItem(entry)

    def not_heard_partner_ids(self) -> list[str]:
        """The partners highlighted as present and not yet heard on the item, in the order shown."""
        return [
            str(self.partners.item(row).data(PARTNER_ROLE))
            for row in range(self.partners.count())
            if self.partners.item(row).data(NOT_HEARD_ROLE)
        ]

    def waiting_partner_ids(self) -> list[str]:
        """The partners in the speakers' queue, in turn."""
        return [str(self.queue.item(row).data(PARTNER_ROLE)) for row in range(self.queue.count())]

    # -- notes ---------------------------------------------------------------------------------------------------
    def _load_notes(self, item: AgendaItem | None) -> None:
        item_id = item.id if item else None
        stored = item.notes if item else ""
        if item_id != self._notes_item_id:
            self._save_notes_if_changed()
            self._notes_item_id = item_id
            self._set_notes(stored)
        elif stored != self._notes_saved and not self._notes_dirty():
            self._set_notes(stored)  # changed elsewhere (an undo); nothing typed here is lost
        self.notes.setEnabled(item is not None and not self.context.read_only)
        self._show_notes_state()

    def _set_notes(self, text: str) -> None:
        self._notes_saved = text
        self.notes.blockSignals(True)
        self.notes.setPlainText(text)
        self.notes.blockSignals(False)
        self.notes.textChanged.connect(self._show_notes_state, Qt.ConnectionType.UniqueConnection)

    def _notes_dirty(self) -> bool:
        return self.notes.toPlainText() != self._notes_saved

    def _show_notes_state(self) -> None:
        dirty = self._notes_dirty()
        self.notes_state.setText(_("not saved yet") if dirty else "")
        if dirty:
            self.notes_autosave.start()
        else:
            self.notes_autosave.stop()

    def _save_notes_if_changed(self) -> None:
        item_id = self._notes_item_id
        if item_id is None or not self._notes_dirty():
            return
        text = self.notes.toPlainText()
        self._notes_saved = text  # before running: the refresh it causes must not reload the old notes
        if not self._run(lambda: save_notes(self.context.store, item_id, text)):
            self._notes_saved = ""  # keep the typing marked unsaved

    def save_notes(self) -> None:
        """Keep the notes typed on the current item (one undo step per save, not per keystroke)."""
        self._save_notes_if_changed()
        self._show_notes_state()

    # -- chairing ----------------------------------------------------------------------------------------------
    def _run(self, make: Callable[[], Edit]) -> bool:
        if self.context.read_only:
            return False
        return bool(self.context.apply(self, make))  # mypy sees facilitator.ui.* as Any

    def _on_changed(self, _changes: Changes) -> None:
        self.refresh()

    def _update_actions(self) -> None:
        state = self.state
        writable = not self.context.read_only
        status = state.meeting.status if state else None
        running = status is MeetingStatus.IN_PROGRESS
        current = state.current if state else None
        can_start = writable and status in (MeetingStatus.PLANNED, MeetingStatus.HELD)
        self.start_button.setEnabled(can_start)
        self.start_action.setEnabled(can_start)  # a key never does what the greyed button would not
        start = _("Resume meeting") if status is MeetingStatus.HELD else _("Start meeting")
        self.start_button.setText("" if self.compact else start)
        self.start_button.setAccessibleName(start)
        self.start_button.setToolTip(f"{start} ({keys_text('start_meeting')})")
        self.end_button.setEnabled(writable and running)
        self.end_action.setEnabled(writable and running)
        can_next = writable and running and self._next_item() is not None
        can_previous = writable and running and self._previous_item() is not None
        self.next_button.setEnabled(can_next)
        self.next_action.setEnabled(can_next)
        self.previous_button.setEnabled(can_previous)
        self.previous_action.setEnabled(can_previous)
        on_item = writable and current is not None
        for widget in (
            self.decision_button,
            self.decision_action,
            self.ask_button,
            self.ask_action,
            self.new_action_button,
            self.new_action_action,
        ):
            widget.setEnabled(on_item)
        has_queue = on_item and bool(state and state.waiting)
        for widget in (self.spoken_button, self.spoken_action, self.withdraw_button, self.withdraw_action):
            widget.setEnabled(has_queue)
        self.save_notes_button.setEnabled(on_item)
        self.save_notes_action.setEnabled(on_item)

    def _next_item(self) -> AgendaItem | None:
        state = self.state
        if state is None:
            return None
        if state.following is not None:
            return state.following
        if state.current is not None:
            index = state.items.index(state.current)
            return state.items[index + 1] if index + 1 < len(state.items) else None
        return None

    def _previous_item(self) -> AgendaItem | None:
        state = self.state
        if state is None or not state.items:
            return None
        if state.current is None:
            started = [i for i in state.items if i.started_at is not None]
            return started[-1] if started else None
        index = state.items.index(state.current)
        return state.items[index - 1] if index > 0 else None

    def _take(self, item: AgendaItem | None) -> None:
        if item is None or self.state is None:
            return
        self._save_notes_if_changed()
        self._run(lambda: start_item(self.context.store, item.id, clock.now()))

    def start_meeting(self) -> None:
        """Open the meeting: its clock and its first item's start now."""
        if self._meeting_id is None:
            return
        meeting_id = self._meeting_id
        self._run(lambda: start_meeting(self.context.store, meeting_id, clock.now()))
        self.setFocus()

    def next_item(self) -> None:
        """Move on to the next item (the notes typed on this one are kept first)."""
        self._take(self._next_item())

    def previous_item(self) -> None:
        """Go back to the item before (its time counts on from where it stopped)."""
        self._take(self._previous_item())

    def end_meeting(self) -> None:
        """Close the meeting: the item under way ends and the meeting is held."""
        if self._meeting_id is None:
            return
        meeting_id = self._meeting_id
        self._save_notes_if_changed()
        self._run(lambda: end_meeting(self.context.store, meeting_id, clock.now()))

    def record_decision(self) -> None:
        """Record (or change) the decision on the current item."""
        current = self.state.current if self.state else None
        if current is None or self.context.read_only:
            return
        self._save_notes_if_changed()
        DecisionDialog(self, self.context, current.id).exec()

    def new_action(self) -> None:
        """Record an action agreed on the current item, owned by one of the forum's partners."""
        state = self.state
        current = state.current if state else None
        if state is None or current is None or self.context.read_only:
            return
        self._save_notes_if_changed()
        new_action_at(self, self.context, state.meeting, current)

    def ask_to_speak(self) -> None:
        """Put a partner present in the speakers' queue: chosen from a list or typed by its short name."""
        state = self.state
        current = state.current if state else None
        if state is None or current is None or self.context.read_only:
            return
        present = [s.partner for s in state.standings if s.standing is not Standing.NOT_PRESENT]

        def submit(partner_id: object) -> None:
            self.context.run(ask_to_speak(self.context.store, current.id, str(partner_id), clock.now()))

        AskToSpeakDialog(self, present, submit).exec()

    def has_spoken(self) -> None:
        """The first partner waiting has had the floor."""
        state = self.state
        if state is None or not state.waiting:
            return
        turn_id = state.waiting[0].id
        self._run(lambda: give_floor(self.context.store, turn_id, clock.now()))

    def withdraw(self) -> None:
        """Take the partner chosen in the queue (or the first) out of it without speaking."""
        state = self.state
        if state is None or not state.waiting:
            return
        chosen = self.queue.currentItem()
        turn_id = str(chosen.data(TURN_ROLE)) if chosen is not None else state.waiting[0].id
        self._run(lambda: withdraw_turn(self.context.store, turn_id))

    # -- lifecycle ---------------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)
