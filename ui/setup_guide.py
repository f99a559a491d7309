"""The guide a new partnership file opens with, on Home: five steps, each with the button that does it.

Which steps are done is read from the file (``facilitator.setup``), so the guide resumes where the coordinator
left it; every edit goes through the screens' own dialogs and so through the core's operations.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from facilitator.entities import Forum, Membership
from facilitator.i18n import N_, _
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.setup import STEPS, setup_finished, setup_steps
from facilitator.ui.context import AppContext
from facilitator.ui.palette import panel_style

#: The button of each step (untranslated).
BUTTONS = {
    "profile": N_("Name the partnership…"),
    "partners": N_("Add a partner…"),
    "forums": N_("New forum…"),
    "seats": N_("Seat partners…"),
    "meetings": N_("Plan meetings…"),
}


class SetupGuide(QFrame):
    """The steps of setting up a partnership, shown until they are done."""

    def __init__(self, context: AppContext, open_screen: Callable[[str], QWidget | None]) -> None:
        super().__init__()
        self.setObjectName("setupGuide")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(panel_style("QFrame#setupGuide"))  # a dark palette gets a dark panel
        self.context = context
        self._open_screen = open_screen
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self.marks: dict[str, QLabel] = {}
        self.labels: dict[str, QLabel] = {}
        self.buttons: dict[str, QPushButton] = {}
        for row, (key, _title, _why) in enumerate(STEPS):
            mark, label, push = QLabel(), QLabel(), QPushButton()
            mark.setProperty("showsData", True)  # a tick or a bullet, not words
            label.setWordWrap(True)
            push.setAutoDefault(False)
            push.setObjectName(f"setup-{key}")
            push.clicked.connect(lambda _c=False, step=key: self.do(step))
            grid.addWidget(mark, row, 0)
            grid.addWidget(label, row, 1)
            grid.addWidget(push, row, 2)
            self.marks[key], self.labels[key], self.buttons[key] = mark, label, push
        grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(grid)
        self.refresh()

    def refresh(self) -> None:
        """Show the steps as the file has them now; hide the guide once it is done."""
        store = self.context.store
        if setup_finished(store):
            self.hide()
            return
        steps = setup_steps(store)
        first = next((s.key for s in steps if not s.done), None)
        done = sum(1 for s in steps if s.done)
        self.title.setText(
            _("Getting started: {done} of {count} steps done").format(done=done, count=len(steps))
        )
        self.intro.setText(
            _(
                "Set up the partnership in a few steps. You can stop at any time: the guide resumes where you left it."
            )
        )
        titles = {key: (title, why) for key, title, why in STEPS}
        for step in steps:
            title, why = titles[step.key]
            self.marks[step.key].setText("✓" if step.done else "•")
            self.labels[step.key].setText(f"<b>{_(title)}</b> — {_(why)}")
            push = self.buttons[step.key]
            push.setText(_(BUTTONS[step.key]))
            push.setEnabled(not self.context.read_only)
            push.setVisible(not step.done or step.key in ("partners", "forums"))  # more can always be added
            font = push.font()
            font.setBold(step.key == first)
            push.setFont(font)
        self.show()

    def do(self, step: str) -> None:
        """Open what does ``step``: the Settings dialog, or the screen and its dialog."""
        store = self.context.store
        if step == "profile":
            from facilitator.ui.settings_dialog import open_settings  # noqa: PLC0415

            open_settings(self, self.context.settings, self.context)
            return
        if step == "partners":
            self._call("partners", "create_partner")
        elif step == "forums":
            self._call("forums", "create_forum")
        elif step == "seats":
            seated = {m.forum_id for m in store.all(Membership)}
            empty = next((f for f in store.all(Forum) if f.id not in seated), None)
            screen = self._open_screen("forums")
            show = getattr(screen, "show_record", None)
            if empty is not None and callable(show):
                show(empty.id)
            self._call("forums", "seat_partner")
        elif step == "meetings":
            planned = {m.forum_id for m in store.all(Meeting) if m.status is not MeetingStatus.CANCELLED}
            waiting = next((f for f in store.all(Forum) if f.id not in planned), None)
            screen = self._open_screen("meetings")
            choose = getattr(screen, "choose_forum", None)
            if waiting is not None and callable(choose):
                choose(waiting.id)
            self._call("meetings", "plan_meetings")
        self.refresh()

    def _call(self, screen_name: str, method: str) -> None:
        screen = self._open_screen(screen_name)
        found = getattr(screen, method, None)
        if callable(found):
            found()
