"""The Indicators screen's second part: what changed on the street, apart from the partnership's own indicators.

The figures, charts, definitions and the warning that figures show change, not cause, come from
``facilitator.street_report`` (the same as in the printed year in review); this part only shows them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from facilitator import i18n
from facilitator.i18n import _
from facilitator.indicators import Period
from facilitator.street_report import NOT_CAUSE, STREET_TITLE, SUMMARY_KEY, readings_section, street_sections
from facilitator.ui.context import AppContext
from facilitator.ui.palette import app_palette, mute, tint
from facilitator.year_review import Section

if TYPE_CHECKING:
    from facilitator.ui.indicators_screen import SectionView


def part_title(name: str) -> QLabel:
    """The title of one of the screen's two parts (process, street)."""
    label = QLabel()
    label.setObjectName(name)
    label.setStyleSheet("font-size: 15pt; font-weight: 600; padding-top: 10px;")
    label.setWordWrap(True)
    return label


class StreetPart(QWidget):
    """What changed on the street over the period: a summary against last year and targets, then each figure."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("streetPart")
        self.context = context
        self.sections: list[Section] = []
        self._period: Period | None = None
        self._forum_id: str | None = None
        self.title = part_title("streetTitle")
        self.warning = QLabel()
        self.warning.setObjectName("notCause")
        self.warning.setWordWrap(True)
        background, text = tint(app_palette(), "caution")  # a dark palette gets a dark band with pale text
        self.warning.setStyleSheet(
            f"background: {background.name()}; color: {text.name()}; padding: 6px 8px; "
            "border-left: 3px solid #8a7a3d;"
        )
        self.empty = QLabel()
        mute(self.empty)
        self.views: dict[str, SectionView] = {}
        self.body = QVBoxLayout()
        self.body.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.warning)
        layout.addWidget(self.empty)
        layout.addLayout(self.body)

    def show_period(self, period: Period, forum_id: str | None) -> None:
        """Count the figures of ``forum_id`` (None: every forum) over ``period`` again."""
        from facilitator.ui.indicators_screen import SectionView  # noqa: PLC0415 - that screen holds this part

        self._period, self._forum_id = period, forum_id
        self.sections = street_sections(self.context.store, period, i18n.active(), forum_id)
        shown = {section.key for section in self.sections}
        for key in [k for k in self.views if k not in shown]:
            self.views.pop(key).deleteLater()
        for (
            placed
        ) in self.views.values():  # taken out and put back in the figures' order (it may have changed)
            self.body.removeWidget(placed)
        for number, section in enumerate(self.sections):
            view = self.views.get(section.key)
            if view is None:
                view = self.views[section.key] = SectionView(section.key)
                # A figure's title is its name, which a forum may have typed itself: data, not the app's words.
                view.heading.setProperty("showsData", section.key != SUMMARY_KEY)
            self.body.insertWidget(number, view)
            view.show_section(section)
        self.retranslate()

    def csv_sections(self) -> list[Section]:
        """The part's tables for the CSV, with every report of the period as reported."""
        if self._period is None or not self.sections:
            return list(self.sections)
        return [
            *self.sections,
            readings_section(self.context.store, self._period, i18n.active(), self._forum_id),
        ]

    def retranslate(self) -> None:
        """Show the labels in the current language (the figures follow with the next ``show_period``)."""
        self.title.setText(_(STREET_TITLE))
        self.warning.setText(_(NOT_CAUSE))
        self.empty.setText(_("No figures about the street are tracked for this period."))
        self.empty.setVisible(not self.sections)
