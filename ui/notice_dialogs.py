"""Dialogs of the notices register: give notice (told when it comes at short notice), move a notice on, record
an affected partner's answer. Each hands what was entered to a ``submit`` callback that runs the core operation;
a refusal is shown in the dialog, which stays open. Whether a notice comes at short notice is the core's
``notice_checks``; the dialogs only put its findings into words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

from facilitator import i18n
from facilitator.entities import Forum, Partner
from facilitator.frozen import frozen
from facilitator.i18n import _, ngettext
from facilitator.meetings import Confidentiality
from facilitator.notices import Notice, NoticeCheck, NoticeResponse, NoticeStatus, ResponseKind
from facilitator.ui.dialogs import (
    RecordDialog,
    Submit,
    checked_data,
    checklist,
    chosen,
    enum_combo,
    restricted_to,
)
from facilitator.ui.meeting_dialogs import date_edit, date_of
from facilitator.ui.palette import app_palette, fine_colour, warning_colour
from facilitator.ui.register_widgets import (
    confidentiality_combo,
    fit_height,
    partner_combo,
    scroll_form,
    text_box,
)


def short_notice_reasons(checks: Sequence[NoticeCheck]) -> list[str]:
    """Why a notice is short, forum by forum, in words (empty when every affected forum had enough notice)."""
    reasons = []
    for check in checks:
        if check.below_minimum:
            days = check.forum.min_notice_days
            reasons.append(
                ngettext(
                    "below the {days}-day minimum for {forum}",
                    "below the {days}-day minimum for {forum}",
                    days,
                ).format(days=days, forum=check.forum.name)
            )
        if check.no_meeting_between:
            reasons.append(_("no meeting of {forum} before it takes effect").format(forum=check.forum.name))
    return reasons


def short_notice_text(checks: Sequence[NoticeCheck]) -> str:
    """``Short notice: …`` with every reason, or an empty string."""
    reasons = short_notice_reasons(checks)
    return _("Short notice: {reasons}").format(reasons="; ".join(reasons)) if reasons else ""


class NoticeDialog(RecordDialog):
    """Give notice of an intended change, or edit one. Short notice is warned as the dates and forums change,
    and must be confirmed before it is saved."""

    def __init__(
        self,
        parent: QWidget | None,
        notice: Notice | None,
        forums: Sequence[Forum],
        partners: Sequence[Partner],
        submit: Submit,
        *,
        checks: Callable[[Notice], list[NoticeCheck]],
        today: dt.date,
    ) -> None:
        super().__init__(
            parent, _("Edit notice") if notice else _("Give notice of an intended change"), submit
        )
        self._checks = checks
        self._original = notice or Notice(
            partner_id=partners[0].id if partners else "",
            title="",
            given_on=today,
            takes_effect_on=today + dt.timedelta(days=28),
        )
        n = self._original
        self.partner = partner_combo(partners, n.partner_id)
        self.title_edit = QLineEdit(n.title)
        self.title_edit.setPlaceholderText(_("For example: the drug service moves to Church Street"))
        self.description = text_box(n.description, 110)
        self.reason = text_box(n.reason)
        self.given_on = date_edit(n.given_on)
        self.takes_effect_on = date_edit(n.takes_effect_on)
        self.forums = checklist([(f.name, f.id) for f in forums], set(n.affected_forums))
        self.partners_affected = checklist([(p.name, p.id) for p in partners], set(n.affected_partners))
        self.confidentiality = confidentiality_combo(n.confidentiality)
        self.restricted = checklist([(p.name, p.id) for p in partners], set(n.restricted_to))
        fit_height(self.forums)
        self.partners_affected.setMinimumHeight(170)
        self.restricted.setMinimumHeight(150)
        self.warning = QLabel()
        self.warning.setObjectName("shortNoticeWarning")
        self.warning.setWordWrap(True)
        self.add_row("partner_id", _("Partner giving notice:"), self.partner)
        self.add_row("title", _("Intended change:"), self.title_edit)
        self.add_row("description", _("What will change:"), self.description)
        self.add_row("reason", _("Why:"), self.reason)
        self.add_row("given_on", _("Notice given on:"), self.given_on)
        self.add_row("takes_effect_on", _("Takes effect on:"), self.takes_effect_on)
        self.add_row("affected_forums", _("Forums affected:"), self.forums)
        self.add_row("notice_period", _("Notice period:"), self.warning)
        self.add_row("affected_partners", _("Partners affected:"), self.partners_affected)
        self.add_row("confidentiality", _("Who may see it:"), self.confidentiality)
        self.add_row("restricted_to", _("Only these partners:"), self.restricted)
        self.given_on.dateChanged.connect(lambda _d: self.update_warning())
        self.takes_effect_on.dateChanged.connect(lambda _d: self.update_warning())
        self.forums.itemChanged.connect(lambda _item: self.update_warning())
        self.show_restricted_row(self.confidentiality, self.restricted)
        self.update_warning()
        scroll_form(self)

    def record(self) -> Notice:
        return replace(
            self._original,
            partner_id=self.partner.currentData(),
            title=self.title_edit.text().strip(),
            description=self.description.toPlainText().strip(),
            reason=self.reason.toPlainText().strip(),
            given_on=date_of(self.given_on),
            takes_effect_on=date_of(self.takes_effect_on),
            affected_forums=tuple(str(f) for f in checked_data(self.forums)),
            affected_partners=tuple(str(p) for p in checked_data(self.partners_affected)),
            confidentiality=chosen(self.confidentiality, Confidentiality),
            restricted_to=restricted_to(self.confidentiality, self.restricted),
        )

    def short_notice(self) -> str:
        """Why the notice as entered is short, or an empty string."""
        draft = self.record()
        if draft.takes_effect_on < draft.given_on:
            return ""  # the core refuses it with its own message
        return short_notice_text(self._checks(draft))

    def update_warning(self) -> None:
        """Say, as the dates and forums change, whether this is short notice and why."""
        draft = self.record()
        if not draft.affected_forums:
            text, colour = _("Tick the forums this change affects to check the notice period."), ""
        elif draft.takes_effect_on < draft.given_on:
            text = _("The change cannot take effect before notice of it is given.")
            colour = warning_colour(app_palette()).name()
        else:
            text = self.short_notice()
            colour = (warning_colour if text else fine_colour)(app_palette()).name()
            text = text or _("Enough notice for every forum affected.")
        self.warning.setText(text)
        self.warning.setStyleSheet(f"color: {colour}; font-weight: 600;" if colour else "")

    def accept(self) -> None:
        short = self.short_notice()
        if short and not self._confirmed(short):
            return
        super().accept()

    def _confirmed(self, short: str) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Short notice"))
        box.setText(short)
        box.setInformativeText(
            _(
                "Partners should hear of a change before it takes effect. Save it anyway, and make sure they "
                "are told at once?"
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Save


class NoticeStatusDialog(RecordDialog):
    """Move a notice on (discussed, agreed, objected to, withdrawn, implemented…), with the outcome."""

    def __init__(self, parent: QWidget | None, notice: Notice, submit: Submit) -> None:
        super().__init__(parent, _("Status of {title}").format(title=notice.title), submit)
        self.status = enum_combo(NoticeStatus, notice.status)
        self.outcome = text_box(notice.outcome, 120)
        self.outcome.setPlaceholderText(_("What was agreed, on what conditions, or why it was withdrawn"))
        self.add_row("status", _("Status:"), self.status)
        self.add_row("outcome", _("Outcome:"), self.outcome)

    def record(self) -> tuple[NoticeStatus, str]:
        """The status and the outcome text."""
        return chosen(self.status, NoticeStatus), self.outcome.toPlainText().strip()


@frozen
class Answer:
    """What ``ResponseDialog`` gathers for ``conflicts.respond``."""

    partner_id: str
    kind: ResponseKind
    text: str
    on: dt.date


class ResponseDialog(RecordDialog):
    """Record an affected partner's answer to a notice (a second answer replaces the first)."""

    def __init__(
        self,
        parent: QWidget | None,
        notice: Notice,
        partners: Sequence[Partner],
        answers: Sequence[NoticeResponse],
        submit: Submit,
        *,
        today: dt.date,
        partner_id: str | None = None,
    ) -> None:
        super().__init__(parent, _("Answer to {title}").format(title=notice.title), submit)
        self._answers = {a.partner_id: a for a in answers}
        self._today = today
        waiting = [p.id for p in partners if p.id not in self._answers]
        self.partner = partner_combo(partners, partner_id or (waiting[0] if waiting else None))
        self.kind = enum_combo(ResponseKind, ResponseKind.ACKNOWLEDGED)
        self.text = text_box("", 120)
        self.on = date_edit(today)
        self.replaces = QLabel()
        self.replaces.setWordWrap(True)
        self.add_row("partner_id", _("Partner answering:"), self.partner)
        self.add_row("kind", _("Answer:"), self.kind)
        self.add_row("text", _("Comment:"), self.text)
        self.add_row("on", _("Date:"), self.on)
        self.add_row("replaces", "", self.replaces)
        self.partner.currentIndexChanged.connect(lambda _i: self._show_earlier())
        self._show_earlier()

    def _show_earlier(self) -> None:
        earlier = self._answers.get(self.partner.currentData() or "")
        self.form.setRowVisible(self.replaces, earlier is not None)
        if earlier is None:
            self.kind.setCurrentIndex(0)
            self.text.setPlainText("")
            self.on.setDate(QDate(self._today.year, self._today.month, self._today.day))
            return
        self.replaces.setText(
            _("This partner answered on {date}; saving replaces that answer.").format(
                date=i18n.active().format_date(earlier.on)
            )
        )
        self.kind.setCurrentIndex(list(ResponseKind).index(earlier.kind))
        self.text.setPlainText(earlier.text)

    def record(self) -> Answer:
        return Answer(
            partner_id=self.partner.currentData() or "",
            kind=chosen(self.kind, ResponseKind),
            text=self.text.toPlainText().strip(),
            on=date_of(self.on),
        )
