"""Record the decision on an agenda item: its text, how it was reached, and each partner's position.

One row per member partner of the forum, never per person: a partner that sent three people has one voice. Every
position starts as "not stated", so nothing is recorded that nobody said. A partner not in the room when the
decision is taken (apologies, absent, gone) holds no position: its row says why. Who is in the room, the quorum
and the outcome are the core's (``quorum.standings_at_decision``, ``decision_outcome``); the dialog shows them,
with a warning for partners that take a position but cannot decide today.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from facilitator import clock, i18n
from facilitator.entities import Partner
from facilitator.i18n import _, ngettext
from facilitator.meeting_ops import decision_of, record_decision
from facilitator.meetings import AgendaItem, DecisionMethod, Meeting, Stance
from facilitator.quorum import (
    Outcome,
    PartnerStanding,
    QuorumResult,
    Standing,
    VoteOutcome,
    decision_outcome,
    standings_at_decision,
    vote_outcome,
)
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import RecordDialog, enum_combo
from facilitator.ui.palette import warning_text_style

#: Partner rows shown without scrolling.
VISIBLE_ROWS = 9


@dataclass
class PositionRow:
    """The widgets of one partner's row."""

    partner: Partner
    standing: PartnerStanding
    name: QLabel
    flag: QLabel
    stance: QComboBox
    reason: QLineEdit


def stance_combo(stance: Stance | None, *, here: bool) -> QComboBox:
    """A partner's position: "not stated" first, then the stances. A partner not in the room can only be marked
    not present, so its box offers nothing else."""
    box = QComboBox()
    box.setProperty("enumChoice", True)
    if here:
        box.addItem(_("Not stated"), "")
        for member in Stance:
            box.addItem(member.label, member.value)
    else:
        box.addItem(Stance.NOT_PRESENT.label, Stance.NOT_PRESENT.value)
        if stance is not None and stance is not Stance.NOT_PRESENT:  # recorded before the rule: shown to fix
            box.addItem(stance.label, stance.value)
    index = box.findData(stance.value if stance is not None else ("" if here else Stance.NOT_PRESENT.value))
    box.setCurrentIndex(max(0, index))
    box.setEnabled(here or box.count() > 1)
    return box


def counts_text(outcome: VoteOutcome, unstated: int = 0) -> str:
    """The partners' positions counted, in words: ``5 agree, 1 disagree, 1 abstain``."""
    parts = []
    if outcome.agree:
        parts.append(ngettext("{n} agree", "{n} agree", outcome.agree).format(n=outcome.agree))
    if outcome.disagree:
        parts.append(ngettext("{n} disagree", "{n} disagree", outcome.disagree).format(n=outcome.disagree))
    if outcome.abstain:
        parts.append(ngettext("{n} abstain", "{n} abstain", outcome.abstain).format(n=outcome.abstain))
    if outcome.block:
        parts.append(ngettext("{n} block", "{n} block", outcome.block).format(n=outcome.block))
    if outcome.not_present:
        parts.append(
            ngettext("{n} not present", "{n} not present", outcome.not_present).format(n=outcome.not_present)
        )
    if unstated:
        parts.append(ngettext("{n} not stated", "{n} not stated", unstated).format(n=unstated))
    return ", ".join(parts) if parts else _("no positions")


def outcome_text(
    method: DecisionMethod, stances: list[Stance], blockers: list[str], unstated: int = 0
) -> str:
    """The outcome line for ``method``: the core's outcome (``decision_outcome``) and the positions counted."""
    counts = counts_text(vote_outcome(stances), unstated)
    outcome = decision_outcome(method, stances)
    if outcome is Outcome.DEFERRED:
        return _("Deferred: {counts}").format(counts=counts)
    if outcome is Outcome.NO_DECISION:
        return _("No decision: {counts}").format(counts=counts)
    if outcome is Outcome.CARRIED:
        return _("Carried: {counts}").format(counts=counts)
    if outcome is Outcome.NOT_CARRIED:
        return _("Not carried: {counts}").format(counts=counts)
    if outcome is Outcome.BLOCKED:
        return _("Blocked by {partners}: {counts}").format(partners=", ".join(blockers), counts=counts)
    if outcome is Outcome.REACHED:
        return _("Consensus: {counts}").format(counts=counts)
    return _("No consensus: {counts}").format(counts=counts)


class DecisionDialog(RecordDialog):
    """Record (or change) the decision on one agenda item; OK runs ``record_decision`` through the undo stack."""

    def __init__(self, parent: QWidget | None, context: AppContext, item_id: str) -> None:
        self.context = context
        store = context.store
        self.item = store.get(AgendaItem, item_id)
        self.meeting = store.get(Meeting, self.item.meeting_id)
        existing = decision_of(store, item_id)
        title = (_("Change decision on {title}") if existing else _("Record decision on {title}")).format(
            title=self.item.display_title
        )
        super().__init__(parent, title, self._submit_decision)
        self.setMinimumWidth(760)
        # Who was in the room when the decision was (or is being) taken, by the live clock.
        self.moment, standings, self.quorum = standings_at_decision(
            store, self.meeting, self.item, existing[0] if existing else None, clock.now()
        )
        positions = {p.partner_id: p for p in existing[1]} if existing else {}

        self.text = QPlainTextEdit(existing[0].text if existing else "")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(self.text.fontMetrics().lineSpacing() * 5 + 16)
        self.method = enum_combo(DecisionMethod, existing[0].method if existing else DecisionMethod.CONSENSUS)
        self.add_row("text", _("&Decision:"), self.text)
        self.add_row("method", _("&How it was reached:"), self.method)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setColumnStretch(3, 1)
        self.rows: list[PositionRow] = []
        for row, standing in enumerate(standings):
            partner = standing.partner
            name = QLabel(partner.display_name)
            name.setProperty("showsData", True)
            flag = QLabel()
            flag.setStyleSheet(warning_text_style())
            if standing.flagged:
                name.setToolTip(standing.explanation())
                flag.setToolTip(standing.explanation() if standing.here else standing.refusal())
            previous = positions.get(partner.id)
            combo = stance_combo(previous.stance if previous else None, here=standing.here)
            combo.setAccessibleName(partner.display_name)
            name.setBuddy(combo)
            reason = QLineEdit(previous.reason if previous else "")
            reason.setAccessibleName(partner.display_name)
            reason.setEnabled(combo.isEnabled())
            combo.currentIndexChanged.connect(self._update_outcome)
            grid.addWidget(name, row, 0)
            grid.addWidget(flag, row, 1)
            grid.addWidget(combo, row, 2)
            grid.addWidget(reason, row, 3)
            self.rows.append(PositionRow(partner, standing, name, flag, combo, reason))
        scroll = QScrollArea()
        scroll.setWidget(grid_host)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Room for a forum's usual membership without scrolling (on a 720-pixel projector); more partners scroll.
        per_row = (
            max(self.method.sizeHint().height(), QLineEdit().sizeHint().height()) + grid.verticalSpacing()
        )
        margins = grid.contentsMargins().top() + grid.contentsMargins().bottom()
        scroll.setMinimumHeight(min(len(self.rows), VISIBLE_ROWS) * per_row + margins)
        self.add_row("positions", _("Positions by partner:"), scroll)
        self.positions_hint = QLabel()
        self.form.addRow("", self.positions_hint)

        self.outcome = QLabel()
        self.outcome.setObjectName("decisionOutcome")
        self.outcome.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.outcome.setWordWrap(True)
        self.quorum_label = QLabel()
        self.quorum_label.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("decisionWarnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(warning_text_style())
        self.add_row("outcome", _("Outcome:"), self.outcome)
        self.add_row("quorum", _("Quorum:"), self.quorum_label)
        self.form.addRow("", self.warnings)
        self.method.currentIndexChanged.connect(self._update_outcome)
        labels = self.field_labels
        for field, label in list(labels.items()):  # an error names the field without its mnemonic
            labels[field] = label.replace("&", "")
        labels["reason"] = _("Reason")
        self.retranslate()

    @staticmethod
    def _flag_text(standing: PartnerStanding) -> str:
        if standing.standing is Standing.CANNOT_DECIDE:
            return _("may not decide today")
        if standing.standing is Standing.NOT_PRESENT:
            if standing.left_at is not None:
                return _("left at {time}").format(time=i18n.active().format_time(standing.left_at))
            return _("sent apologies") if standing.apologies else _("nobody present")
        return ""

    def retranslate(self) -> None:
        """The texts that are not fixed at construction."""
        self.positions_hint.setText(_("One position per partner, however many people it sent."))
        for row in self.rows:
            row.reason.setPlaceholderText(_("Reason (optional)"))
            row.flag.setText(self._flag_text(row.standing))
        self._update_outcome()

    def chosen_method(self) -> DecisionMethod:
        """How the decision was reached, as chosen now (Qt hands the enum back as its plain value)."""
        return DecisionMethod(self.method.currentData())

    def stances(self) -> dict[str, Stance | None]:
        """Each partner's stance as chosen now; None where nothing was stated."""
        return {
            row.partner.id: Stance(row.stance.currentData()) if row.stance.currentData() else None
            for row in self.rows
        }

    def _update_outcome(self) -> None:
        chosen = self.stances()
        stated = [s for s in chosen.values() if s is not None]
        unstated = sum(1 for s in chosen.values() if s is None)
        blockers = [row.partner.display_name for row in self.rows if chosen[row.partner.id] is Stance.BLOCK]
        self.outcome.setText(outcome_text(self.chosen_method(), stated, blockers, unstated))
        summary = self.quorum.summary()
        if summary and self.quorum.at is not None:
            summary = _("At {time}: {quorum}").format(
                time=i18n.active().format_time(self.quorum.at), quorum=summary
            )
        self.quorum_label.setText(summary)
        self.form.setRowVisible(self.quorum_label, bool(summary))  # a forum without a quorum rule: no word of it
        self.warnings.setText("\n".join(self.warning_lines()))
        self.warnings.setVisible(bool(self.warnings.text()))

    def warning_lines(self) -> list[str]:
        """What the chair should know before the decision stands: no quorum, or positions that cannot bind."""
        lines = []
        if self.quorum.applies and not self.quorum.quorate:
            lines.append(_("This meeting is not quorate: the decision may be challenged."))
        stances = self.stances()
        cannot = [
            r.partner.display_name
            for r in self.rows
            if r.standing.standing is Standing.CANNOT_DECIDE
            and stances[r.partner.id] not in (None, Stance.NOT_PRESENT)
        ]
        if cannot:
            lines.append(
                _("Taking a position, but nobody present may decide for it: {partners}.").format(
                    partners=", ".join(cannot)
                )
            )
        return lines

    def quorum_result(self) -> QuorumResult:
        """The meeting's quorum, as evaluated when the dialog opened."""
        return self.quorum

    def record(self) -> tuple[str, DecisionMethod, dict[str, tuple[Stance, str]]]:
        """The decision's text, method and the positions stated, with their reasons (none for "not stated")."""
        stances = self.stances()
        positions = {
            row.partner.id: (stance, row.reason.text())
            for row in self.rows
            if (stance := stances[row.partner.id]) is not None
        }
        return self.text.toPlainText(), self.chosen_method(), positions

    def _submit_decision(self, values: object) -> None:
        text, method, positions = cast("tuple[str, DecisionMethod, dict[str, tuple[Stance, str]]]", values)
        edit = record_decision(self.context.store, self.item.id, text, method, positions, now=clock.now())
        self.context.run(edit)
