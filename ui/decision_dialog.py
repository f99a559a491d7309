"""Record the decision on an agenda item: its text, how it was reached, and each partner's position.

One row per member partner of the forum, never per person: a partner that sent three people has one voice. The
outcome line is counted by the core (``vote_outcome``); the dialog only shows it, with the meeting's quorum and a
warning for partners that take a position but cannot decide today.
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

from facilitator.entities import Partner
from facilitator.i18n import _, ngettext
from facilitator.live import meeting_standings
from facilitator.meeting_ops import decision_of, record_decision
from facilitator.meetings import AgendaItem, DecisionMethod, Meeting, Stance
from facilitator.quorum import PartnerStanding, QuorumResult, Standing, VoteOutcome, vote_outcome
from facilitator.ui.context import AppContext
from facilitator.ui.dialogs import RecordDialog, enum_combo

WARNING_COLOUR = "#a40000"
#: Partner rows shown without scrolling.
VISIBLE_ROWS = 9


@dataclass
class PositionRow:
    """The widgets of one partner's row."""

    partner: Partner
    standing: PartnerStanding | None
    name: QLabel
    flag: QLabel
    stance: QComboBox
    reason: QLineEdit


def counts_text(outcome: VoteOutcome) -> str:
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
    return ", ".join(parts) if parts else _("no positions")


def outcome_text(method: DecisionMethod, outcome: VoteOutcome, blockers: list[str]) -> str:
    """The outcome line for ``method``, from the outcome the core counted."""
    counts = counts_text(outcome)
    if method is DecisionMethod.DEFERRED:
        return _("Deferred: {counts}").format(counts=counts)
    if method is DecisionMethod.NO_DECISION:
        return _("No decision: {counts}").format(counts=counts)
    if method is DecisionMethod.VOTE:
        if outcome.carried:
            return _("Carried: {counts}").format(counts=counts)
        return _("Not carried: {counts}").format(counts=counts)
    if blockers:
        return _("Blocked by {partners}: {counts}").format(partners=", ".join(blockers), counts=counts)
    if outcome.consensus:
        return _("Consensus: {counts}").format(counts=counts)
    return _("No consensus: {counts}").format(counts=counts)


class DecisionDialog(RecordDialog):  # type: ignore[misc,unused-ignore]  # mypy may see ui.* as Any
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
        standings, self.quorum = meeting_standings(store, self.meeting)
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
        partners: list[tuple[Partner, PartnerStanding | None]] = [(s.partner, s) for s in standings]
        known = {p.id for p, _s in partners}
        for partner_id in positions:  # a partner that has left the forum keeps the position it took
            if partner_id not in known:
                gone = store.find(Partner, partner_id)
                if gone is not None:
                    partners.append((gone, None))
        for row, (partner, standing) in enumerate(partners):
            name = QLabel(partner.display_name)
            name.setProperty("showsData", True)
            flag = QLabel()
            flag.setStyleSheet(f"color: {WARNING_COLOUR};")
            if standing is not None and standing.flagged:
                name.setToolTip(standing.explanation())
                flag.setToolTip(standing.explanation())
            previous = positions.get(partner.id)
            if previous is not None:
                stance = previous.stance
            elif standing is None or standing.standing is Standing.NOT_PRESENT:
                stance = Stance.NOT_PRESENT
            else:
                stance = Stance.AGREE
            combo = enum_combo(Stance, stance)
            combo.setAccessibleName(partner.display_name)
            name.setBuddy(combo)
            reason = QLineEdit(previous.reason if previous else "")
            reason.setAccessibleName(partner.display_name)
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
        self.warnings.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.add_row("outcome", _("Outcome:"), self.outcome)
        self.add_row("quorum", _("Quorum:"), self.quorum_label)
        self.form.addRow("", self.warnings)
        self.method.currentIndexChanged.connect(self._update_outcome)
        labels = cast("dict[str, str]", self.field_labels)
        for field, label in list(labels.items()):  # an error names the field without its mnemonic
            labels[field] = label.replace("&", "")
        labels["reason"] = _("Reason")
        self.retranslate()

    @staticmethod
    def _flag_text(standing: PartnerStanding | None) -> str:
        if standing is None:
            return _("no longer a member")
        if standing.standing is Standing.CANNOT_DECIDE:
            return _("may not decide today")
        if standing.standing is Standing.NOT_PRESENT:
            return _("nobody present")
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

    def stances(self) -> dict[str, Stance]:
        """Each partner's stance as chosen now."""
        return {row.partner.id: Stance(row.stance.currentData()) for row in self.rows}

    def _update_outcome(self) -> None:
        stances = self.stances()
        outcome = vote_outcome(stances.values())
        blockers = [row.partner.display_name for row in self.rows if stances[row.partner.id] is Stance.BLOCK]
        self.outcome.setText(outcome_text(self.chosen_method(), outcome, blockers))
        self.quorum_label.setText(self.quorum.summary())
        self.warnings.setText("\n".join(self.warning_lines()))
        self.warnings.setVisible(bool(self.warnings.text()))

    def warning_lines(self) -> list[str]:
        """What the chair should know before the decision stands: no quorum, or positions that cannot bind."""
        lines = []
        if not self.quorum.quorate:
            lines.append(_("This meeting is not quorate: the decision may be challenged."))
        stances = self.stances()
        taking = [
            r for r in self.rows if r.standing is not None and stances[r.partner.id] is not Stance.NOT_PRESENT
        ]
        cannot = [
            r.partner.display_name
            for r in taking
            if r.standing and r.standing.standing is Standing.CANNOT_DECIDE
        ]
        away = [
            r.partner.display_name
            for r in taking
            if r.standing and r.standing.standing is Standing.NOT_PRESENT
        ]
        if cannot:
            lines.append(
                _("Taking a position, but nobody present may decide for it: {partners}.").format(
                    partners=", ".join(cannot)
                )
            )
        if away:
            lines.append(
                _("Taking a position, but nobody is here for it: {partners}.").format(
                    partners=", ".join(away)
                )
            )
        return lines

    def quorum_result(self) -> QuorumResult:
        """The meeting's quorum, as evaluated when the dialog opened."""
        return self.quorum

    def record(self) -> tuple[str, DecisionMethod, dict[str, tuple[Stance, str]]]:
        """The decision's text, method and every partner's position with its reason."""
        stances = self.stances()
        positions = {row.partner.id: (stances[row.partner.id], row.reason.text()) for row in self.rows}
        return self.text.toPlainText(), self.chosen_method(), positions

    def _submit_decision(self, values: object) -> None:
        text, method, positions = cast("tuple[str, DecisionMethod, dict[str, tuple[Stance, str]]]", values)
        self.context.run(record_decision(self.context.store, self.item.id, text, method, positions))
