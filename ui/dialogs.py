"""Dialogs to create and edit forums, partners, representatives and seats.

A dialog gathers values and hands a record to a ``submit`` callback that runs the core operation. When the core
refuses (``ValidationError``), the dialog stays open, names the field in words and keeps what was typed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QSize, Qt, QTime
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import (
    Cadence,
    Forum,
    LabelledEnum,
    Partner,
    QuorumRule,
    Representative,
    Sector,
    Seniority,
    Tier,
    by_name,
)
from facilitator.errors import KnownError, ValidationError
from facilitator.i18n import _
from facilitator.meetings import Confidentiality
from facilitator.ui.combos import languages_by_name
from facilitator.ui.context import AppContext
from facilitator.ui.palette import warning_text_style
from facilitator.ui.region import follow_region

#: What a dialog calls with the record it built; what the call returns (the edit's changes) is not the dialog's
#: business, so any return is accepted.
Submit = Callable[[Any], object]


def enum_combo(kind: type[LabelledEnum], current: LabelledEnum) -> QComboBox:
    """A combo box of an enum's translated labels, with the member as item data."""
    box = QComboBox()
    box.setProperty("enumChoice", True)  # the pseudo-language test checks these labels are translated
    for member in kind:
        box.addItem(member.label, member.value)
    box.setCurrentIndex(list(kind).index(current))
    return box


E = TypeVar("E", bound=LabelledEnum)


def chosen(box: QComboBox, kind: type[E]) -> E:
    """The enum member chosen in an ``enum_combo`` (Qt hands string enums back as plain strings)."""
    return kind(box.currentData())


def language_combo(current: str) -> QComboBox:
    """A combo box of language names in the window's language, with the code as item data."""
    box = QComboBox()
    codes = list(i18n.COMMON_LANGUAGES)
    if current and current not in codes:
        codes.append(current)
    for name, code in languages_by_name(codes):
        box.addItem(f"{name} ({code})", code)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def checklist(items: Sequence[tuple[str, object]], checked: set[object]) -> QListWidget:
    """A short list of check boxes (item widgets are fine for a small fixed list in a dialog)."""
    widget = QListWidget()
    # Several columns of check boxes rather than one long list with a sideways scroll bar.
    widget.setFlow(QListView.Flow.LeftToRight)
    widget.setWrapping(True)
    widget.setResizeMode(QListView.ResizeMode.Adjust)
    widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    metrics = widget.fontMetrics()
    widest = max((metrics.horizontalAdvance(text) for text, _data in items), default=80)
    widget.setGridSize(QSize(widest + 36, metrics.height() + 8))  # equal columns, no label cut short
    for text, data in items:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, data)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if data in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    widget.setMinimumHeight(120)
    return widget


def is_restricted(confidentiality: QComboBox) -> bool:
    """Whether a combo box of confidentiality levels is set to "restricted to some partners"."""
    return chosen(confidentiality, Confidentiality) is Confidentiality.RESTRICTED


def restricted_to(confidentiality: QComboBox, partners: QListWidget) -> tuple[str, ...]:
    """The partners ticked in ``partners`` when ``confidentiality`` is set to restricted; none otherwise."""
    return tuple(str(p) for p in checked_data(partners)) if is_restricted(confidentiality) else ()


def checked_data(widget: QListWidget) -> list[object]:
    """The data of the checked items of a ``checklist``, in order."""
    found = []
    for row in range(widget.count()):
        item = widget.item(row)
        if item.checkState() == Qt.CheckState.Checked:
            found.append(item.data(Qt.ItemDataRole.UserRole))
    return found


class OptionalDate(QWidget):
    """A date that may be left empty: a check box turns the date on."""

    def __init__(self, value: dt.date | None, label: str) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.enabled = QCheckBox(label)
        self.edit = QDateEdit()
        self.edit.setCalendarPopup(True)
        follow_region(self.edit)
        self.edit.setDate(
            QDate(value.year, value.month, value.day) if value else QDate(*clock.today().timetuple()[:3])
        )
        self.enabled.setChecked(value is not None)
        self.edit.setEnabled(value is not None)
        self.enabled.toggled.connect(self.edit.setEnabled)
        layout.addWidget(self.enabled)
        layout.addWidget(self.edit, 1)

    def value(self) -> dt.date | None:
        """The date, or None when unticked."""
        if not self.enabled.isChecked():
            return None
        day = self.edit.date()
        return dt.date(day.year(), day.month(), day.day())


def name_fields_after(label: str, holder: QWidget) -> None:
    """Give the fields inside ``holder`` (a date beside a time, a number beside a check box) the row's label as
    their spoken name: a form's label is the buddy of the row, not of each field in it, so a screen reader would
    otherwise announce a bare "spin box"."""
    words = label.replace("&", "").rstrip(" :")
    fields = [
        f
        for f in holder.findChildren(QWidget)
        if f.focusPolicy() != Qt.FocusPolicy.NoFocus
        and not f.accessibleName()
        and not f.objectName().startswith("qt_")
        and isinstance(f, QDateEdit | QTimeEdit | QSpinBox | QLineEdit | QComboBox | QPlainTextEdit)
    ]
    # QDateEdit and QTimeEdit are both QDateTimeEdit: tell them apart by their exact type.
    both = {type(f) for f in fields} >= {QDateEdit, QTimeEdit}
    for field in fields:
        if both and type(field) is QDateEdit:
            field.setAccessibleName(_("{field}: date").format(field=words))
        elif both and type(field) is QTimeEdit:
            field.setAccessibleName(_("{field}: time").format(field=words))
        else:
            field.setAccessibleName(words)


def buttons_last(dialog: QWidget, buttons: QDialogButtonBox) -> None:
    """Put OK and Cancel after the fields in the Tab order, so the dialog opens on its first field.

    A widget joins the Tab order when it is put in the window: a button box put in the layout before the fields
    (as a base class does) came first, so the dialog opened on OK and Tab went through OK and Cancel before the
    first field. ``QWidget.setTabOrder`` cannot move them behind a combo box that ends the order (its pop-up
    is a child of its own); put back in the layout, the box joins the order again, at its end.
    """
    layout = dialog.layout()
    if layout is None or layout.indexOf(buttons) < 0:
        return
    index = layout.indexOf(buttons)
    hidden = buttons.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide) and buttons.isHidden()
    layout.removeWidget(buttons)
    buttons.setParent(None)
    assert isinstance(layout, QVBoxLayout)
    layout.insertWidget(index, buttons)
    buttons.setHidden(hidden)  # shown with the dialog, not a moment later


class ForumListDialog(QDialog):
    """A dialog that edits one of a forum's lists in place (every change is saved and undoable at once). ``words``:
    its title (with ``{forum}``) and what the list is (``explanation``, wrapped, to show above it), untranslated."""

    def __init__(
        self,
        context: AppContext,
        forum: Forum,
        words: tuple[str, str],
        *,
        size: tuple[int, int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.forum = forum
        self.setWindowTitle(_(words[0]).format(forum=forum.name))
        self.resize(*size)
        self.explanation = QLabel(_(words[1]))
        self.explanation.setWordWrap(True)


class RecordDialog(QDialog):
    """A form whose OK runs ``submit(record)``; a refusal is shown in the dialog, which stays open."""

    def __init__(self, parent: QWidget | None, title: str, submit: Submit) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(680)
        self._submit = submit
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.field_labels: dict[str, str] = {}
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(warning_text_style())
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._buttons_ordered = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._buttons_ordered:  # before Qt chooses where the focus starts
            self._buttons_ordered = True
            buttons_last(self, self.buttons)
        super().showEvent(event)

    def add_row(self, field: str, label: str, widget: QWidget) -> QWidget:
        """Add a labelled field; ``field`` is the record field it edits, for naming it in errors."""
        self.field_labels[field] = label
        self.form.addRow(label, widget)
        name_fields_after(label, widget)
        return widget

    def show_restricted_row(self, confidentiality: QComboBox, partners: QWidget) -> None:
        """Show the row of ``partners`` (whom a record is restricted to) only while ``confidentiality`` is set to
        restricted, from now on: a long list of partners only when it matters."""

        def follow() -> None:
            self.form.setRowVisible(partners, is_restricted(confidentiality))

        confidentiality.currentIndexChanged.connect(lambda _i: follow())
        follow()

    def record(self) -> object:
        """The record built from the form."""
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self._submit(self.record())
        except ValidationError as error:
            label = self.field_labels.get(error.field.split(".")[0], error.field)
            self.show_error(f"{label.rstrip(':')}: {error.problem}")
            return
        except KnownError as error:
            self.show_error(str(error))
            return
        super().accept()

    def show_error(self, text: str) -> None:
        """Show why the record was refused."""
        self.error.setText(text)
        self.error.show()


class ForumDialog(RecordDialog):
    """Create or edit a forum."""

    def __init__(
        self,
        parent: QWidget | None,
        forum: Forum | None,
        submit: Submit,
        *,
        forums: Sequence[Forum] = (),
    ) -> None:
        super().__init__(parent, _("Edit forum") if forum else _("New forum"), submit)
        self._original = forum or Forum(name="")
        f = self._original
        self.name = QLineEdit(f.name)
        self.tier = enum_combo(Tier, f.tier)
        # Where what it cannot solve goes: by default up the tiers; a forum may name another (never a public one).
        self.escalates_to = QComboBox()
        self.escalates_to.addItem(_("The forum above"), None)
        self.escalates_to.setToolTip(
            _(
                "Where what this forum cannot solve goes: by default the forums of the tier above it (a strategic "
                "forum has none), or the forum named here."
            )
        )
        for other in by_name(forums):
            if other.id != f.id and other.tier is not Tier.PUBLIC and not other.archived:
                self.escalates_to.addItem(other.name, other.id)
        if f.escalates_to_id and self.escalates_to.findData(f.escalates_to_id) < 0:
            named = next((o for o in forums if o.id == f.escalates_to_id), None)
            self.escalates_to.addItem(named.name if named else f.escalates_to_id, f.escalates_to_id)
        self.escalates_to.setCurrentIndex(max(0, self.escalates_to.findData(f.escalates_to_id)))
        self.cadence = enum_combo(Cadence, f.cadence)
        self.weekday = QComboBox()
        self.weekday.addItem(_("No usual day"), None)
        for day in range(7):
            self.weekday.addItem(i18n.active().weekday_name(day), day)
        self.weekday.setCurrentIndex(0 if f.usual_weekday is None else f.usual_weekday + 1)
        usual = f.usual_time or dt.time(10, 0)
        self.time = QTimeEdit(QTime(usual.hour, usual.minute))
        follow_region(self.time)
        self.duration = QSpinBox()
        self.duration.setRange(5, 24 * 60)
        self.duration.setSingleStep(15)
        self.duration.setSuffix(" " + _("min"))
        self.duration.setValue(f.usual_duration_minutes)
        self.venue = QLineEdit(f.usual_venue)
        self.min_partners = QSpinBox()
        self.min_partners.setRange(0, 200)
        self.min_partners.setValue(f.quorum.min_partners)
        self.deciders_only = QCheckBox(_("Count only partners able to decide"))
        self.deciders_only.setToolTip(
            _("A partner counts for the quorum only when someone present for it may take decisions for it.")
        )
        self.deciders_only.setChecked(f.quorum.deciders_only)
        quorum_row = QWidget()
        quorum_layout = QHBoxLayout(quorum_row)
        quorum_layout.setContentsMargins(0, 0, 0, 0)
        quorum_layout.addWidget(self.min_partners)
        quorum_layout.addWidget(self.deciders_only, 1)
        self.sectors = checklist([(s.label, s) for s in Sector], set(f.quorum.required_sectors))
        self.notice = QSpinBox()
        self.notice.setRange(0, 365)
        self.notice.setSuffix(" " + _("days"))
        self.notice.setValue(f.min_notice_days)
        self.language = language_combo(f.working_language)
        self.other_languages = checklist(
            languages_by_name(i18n.COMMON_LANGUAGES),
            set(f.other_languages),
        )
        self.conflict_procedure = QPlainTextEdit(f.conflict_procedure)
        self.conflict_procedure.setTabChangesFocus(True)
        self.conflict_procedure.setMinimumHeight(90)
        self.conflict_procedure.setMaximumHeight(130)
        self.conflict_procedure.setPlaceholderText(
            _("How this forum works through a conflict: who is told, who mediates, when it goes up.")
        )
        self.add_row("name", _("Name:"), self.name)
        # The tier and where the forum escalates share a row: the dialog must fit a 768-pixel-high screen.
        tier_row = QWidget()
        tier_layout = QHBoxLayout(tier_row)
        tier_layout.setContentsMargins(0, 0, 0, 0)
        self.escalates_label = QLabel(_("Escalates to:"))
        self.escalates_label.setBuddy(self.escalates_to)
        tier_layout.addWidget(self.tier)
        tier_layout.addWidget(self.escalates_label)
        tier_layout.addWidget(self.escalates_to, 1)
        self.add_row("tier", _("Tier:"), tier_row)
        self.field_labels["escalates_to_id"] = _("Escalates to:")
        self.add_row("cadence", _("How often:"), self.cadence)
        self.add_row("usual_weekday", _("Usual day:"), self.weekday)
        self.add_row("usual_time", _("Usual time:"), self.time)
        self.add_row("usual_duration_minutes", _("Usual length:"), self.duration)
        self.add_row("usual_venue", _("Usual venue:"), self.venue)
        self.add_row("quorum", _("Quorum, partners present:"), quorum_row)
        self.add_row("quorum.required_sectors", _("Sectors that must be present:"), self.sectors)
        self.add_row("min_notice_days", _("Notice of intended change:"), self.notice)
        self.add_row("working_language", _("Working language:"), self.language)
        self.add_row("other_languages", _("Other languages:"), self.other_languages)
        self.add_row("conflict_procedure", _("Conflict procedure:"), self.conflict_procedure)

    def record(self) -> Forum:
        return replace(
            self._original,
            name=self.name.text().strip(),
            tier=chosen(self.tier, Tier),
            cadence=chosen(self.cadence, Cadence),
            usual_weekday=self.weekday.currentData(),
            usual_time=dt.time(self.time.time().hour(), self.time.time().minute()),
            usual_duration_minutes=self.duration.value(),
            usual_venue=self.venue.text().strip(),
            quorum=QuorumRule(
                self.min_partners.value(),
                frozenset(
                    Sector(str(s)) for s in checked_data(self.sectors)
                ),  # Qt hands enum members back as text
                self.deciders_only.isChecked(),
            ),
            escalates_to_id=self.escalates_to.currentData() or None,
            min_notice_days=self.notice.value(),
            working_language=self.language.currentData(),
            other_languages=tuple(str(c) for c in checked_data(self.other_languages)),
            conflict_procedure=self.conflict_procedure.toPlainText().strip(),
        )


class PartnerDialog(RecordDialog):
    """Create or edit a partner organisation."""

    def __init__(self, parent: QWidget | None, partner: Partner | None, submit: Submit) -> None:
        super().__init__(parent, _("Edit partner") if partner else _("New partner"), submit)
        self._original = partner or Partner(name="")
        p = self._original
        self.name = QLineEdit(p.name)
        self.short_name = QLineEdit(p.short_name)
        self.sector = enum_combo(Sector, p.sector)
        self.language = language_combo(p.language)
        self.contact = QPlainTextEdit(p.contact)
        self.contact.setTabChangesFocus(True)
        self.contact.setMaximumHeight(90)
        self.add_row("name", _("Name:"), self.name)
        self.add_row("short_name", _("Short name:"), self.short_name)
        self.add_row("sector", _("Sector:"), self.sector)
        self.add_row("language", _("Language:"), self.language)
        self.add_row("contact", _("Contact:"), self.contact)

    def record(self) -> Partner:
        return replace(
            self._original,
            name=self.name.text().strip(),
            short_name=self.short_name.text().strip(),
            sector=chosen(self.sector, Sector),
            language=self.language.currentData(),
            contact=self.contact.toPlainText().strip(),
        )


class RepresentativeDialog(RecordDialog):
    """Create or edit a person who attends for a partner."""

    def __init__(
        self,
        parent: QWidget | None,
        representative: Representative | None,
        partner: Partner,
        submit: Submit,
    ) -> None:
        title = _("Edit representative") if representative else _("New representative for {partner}")
        super().__init__(parent, title.format(partner=partner.display_name), submit)
        self._original = representative or Representative(
            name="", partner_id=partner.id, preferred_language=partner.language
        )
        r = self._original
        self.name = QLineEdit(r.name)
        self.role = QLineEdit(r.role)
        self.seniority = enum_combo(Seniority, r.seniority)
        self.may_decide = QCheckBox(
            _("May take decisions for {partner}").format(partner=partner.display_name)
        )
        self.may_decide.setChecked(r.may_decide)
        self.email = QLineEdit(r.email)
        self.phone = QLineEdit(r.phone)
        self.language = language_combo(r.preferred_language)
        self.active_from = OptionalDate(r.active_from, _("Known"))
        self.active_to = OptionalDate(r.active_to, _("Known"))
        self.add_row("name", _("Name:"), self.name)
        self.add_row("role", _("Role or title:"), self.role)
        self.add_row("seniority", _("Seniority:"), self.seniority)
        self.add_row("may_decide", _("Decisions:"), self.may_decide)
        self.add_row("email", _("E-mail:"), self.email)
        self.add_row("phone", _("Phone:"), self.phone)
        self.add_row("preferred_language", _("Preferred language:"), self.language)
        self.add_row("active_from", _("Active from:"), self.active_from)
        self.add_row("active_to", _("Active until:"), self.active_to)

    def record(self) -> Representative:
        return replace(
            self._original,
            name=self.name.text().strip(),
            role=self.role.text().strip(),
            seniority=chosen(self.seniority, Seniority),
            may_decide=self.may_decide.isChecked(),
            email=self.email.text().strip(),
            phone=self.phone.text().strip(),
            preferred_language=self.language.currentData(),
            active_from=self.active_from.value(),
            active_to=self.active_to.value(),
        )


class SeatDialog(RecordDialog):
    """Seat a partner on a forum, with its main representative and substitutes."""

    def __init__(
        self,
        parent: QWidget | None,
        forum: Forum,
        partners: Sequence[Partner],
        people: Sequence[Representative],
        submit: Submit,
        *,
        current: tuple[str, str | None, Sequence[str]] | None = None,
    ) -> None:
        super().__init__(parent, _("Seat on {forum}").format(forum=forum.name), submit)
        self._people = list(people)
        self.partner = QComboBox()
        for partner in partners:
            self.partner.addItem(partner.name, partner.id)
        self.main = QComboBox()
        self.substitutes = QListWidget()
        self.substitutes.setMaximumHeight(140)
        self.add_row("partner_id", _("Partner:"), self.partner)
        self.add_row("main_representative_id", _("Main representative:"), self.main)
        self.add_row("substitute_ids", _("Substitutes:"), self.substitutes)
        partner_id, main_id, substitute_ids = current or (None, None, ())
        if partner_id:
            self.partner.setCurrentIndex(max(0, self.partner.findData(partner_id)))
            self.partner.setEnabled(False)
        self.partner.currentIndexChanged.connect(lambda _i: self._fill_people(None, ()))
        self._fill_people(main_id, substitute_ids)

    def _fill_people(self, main_id: str | None, substitute_ids: Sequence[str]) -> None:
        partner_id = self.partner.currentData()
        mine = [p for p in self._people if p.partner_id == partner_id and not p.archived]
        self.main.clear()
        self.main.addItem(_("Nobody named yet"), None)
        for person in mine:
            self.main.addItem(person.name, person.id)
        self.main.setCurrentIndex(max(0, self.main.findData(main_id)) if main_id else 0)
        self.substitutes.clear()
        for person in mine:
            item = QListWidgetItem(person.name)
            item.setData(Qt.ItemDataRole.UserRole, person.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if person.id in substitute_ids else Qt.CheckState.Unchecked
            )
            self.substitutes.addItem(item)

    def record(self) -> tuple[str, str | None, list[str]]:
        """The partner id, main representative id and substitute ids chosen."""
        return (
            self.partner.currentData(),
            self.main.currentData(),
            [str(s) for s in checked_data(self.substitutes)],
        )
