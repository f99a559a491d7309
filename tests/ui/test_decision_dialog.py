"""The decision dialog: one position per partner, the outcome counted by the core, quorum warnings, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from facilitator import operations
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
from facilitator.meeting_ops import agenda, decision_of, new_meeting, roll, set_attendance
from facilitator.meetings import Attendance, DecisionMethod, Presence, Stance
from facilitator.storage import open_partnership
from facilitator.ui.context import AppContext
from facilitator.ui.decision_dialog import DecisionDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings

SECTORS = (
    Sector.POLICE,
    Sector.OUTREACH,
    Sector.COMMUNITY,
    Sector.HOUSING,
    Sector.BUSINESS,
    Sector.PHARMACY,
    Sector.YOUTH,
    Sector.DRUG_TREATMENT,
)


@dataclass
class Setting:
    path: Path
    item_id: str
    partners: list[str]  # ids, in the order of SECTORS


def build(path: Path) -> Setting:
    """Eight member partners: the first seven present (police with two people), outreach may not decide,
    treatment absent."""
    with open_partnership(path) as store:
        forum = Forum(name="Mayor's round", quorum=QuorumRule(4, frozenset({Sector.POLICE})))
        operations.save_forum(store, forum).apply(store)
        ids = []
        for letter, sector in zip("ABCDEFGH", SECTORS, strict=True):  # members are listed by name
            partner = Partner(name=f"{letter}. {sector.value.replace('_', ' ').title()}", sector=sector)
            operations.save_partner(store, partner).apply(store)
            person = Representative(
                name=f"Head of {sector.value}",
                partner_id=partner.id,
                may_decide=sector is not Sector.OUTREACH,
            )
            operations.save_representative(store, person).apply(store)
            operations.set_membership(store, forum.id, partner.id, person.id).apply(store)
            ids.append(partner.id)
        second = Representative(name="Second officer", partner_id=ids[0], may_decide=True)
        operations.save_representative(store, second).apply(store)
        edit, meeting = new_meeting(store, forum.id, dt.datetime(2025, 3, 11, 14, 0), timezone="Europe/Paris")
        edit.apply(store)
        for line in roll(store, meeting.id):
            absent = line.partner_id == ids[-1]
            set_attendance(
                store, replace(line, presence=Presence.ABSENT if absent else Presence.PRESENT)
            ).apply(store)
        extra = Attendance(
            meeting_id=meeting.id, partner_id=ids[0], representative_id=second.id, presence=Presence.PRESENT
        )
        set_attendance(store, extra).apply(store)
        item = agenda(store, meeting.id)[2]
    return Setting(path, item.id, ids)


@pytest.fixture
def setting(tmp_path: Path) -> Setting:
    return build(tmp_path / "decide.sqlite")


@pytest.fixture
def context(setting: Setting, settings: Settings) -> Iterator[AppContext]:
    ctx = AppContext(open_partnership(setting.path), settings)
    yield ctx
    ctx.close()


@pytest.fixture
def dialog(qtbot, context: AppContext, setting: Setting) -> DecisionDialog:
    made = DecisionDialog(None, context, setting.item_id)
    qtbot.addWidget(made)
    return made


def set_stances(dialog: DecisionDialog, stances: list[Stance]) -> None:
    for row, stance in zip(dialog.rows, stances, strict=True):
        row.stance.setCurrentIndex(row.stance.findData(stance))


def test_one_row_per_partner_with_defaults_from_the_roll(dialog: DecisionDialog, setting: Setting) -> None:
    assert [row.partner.id for row in dialog.rows] == setting.partners  # police sent two people: one row
    stances = dialog.stances()
    assert stances[setting.partners[0]] is Stance.AGREE
    assert stances[setting.partners[-1]] is Stance.NOT_PRESENT  # nobody came for it
    assert dialog.outcome.text() == "Consensus: 7 agree, 1 not present"
    assert dialog.quorum_label.text().startswith("Quorate")
    assert dialog.rows[1].flag.text() == "may not decide today"
    assert "may not take decisions today" in dialog.rows[1].flag.toolTip()
    # Outreach agrees by default but nobody present may decide for it: the chair is told.
    assert "nobody present may decide for it: B. Outreach." in dialog.warnings.text()


def test_carried_vote_is_counted_by_partner(dialog: DecisionDialog) -> None:
    dialog.method.setCurrentIndex(dialog.method.findData(DecisionMethod.VOTE))
    agree, abstain, disagree, away = Stance.AGREE, Stance.ABSTAIN, Stance.DISAGREE, Stance.NOT_PRESENT
    set_stances(dialog, [agree, abstain, agree, agree, disagree, agree, agree, away])
    assert dialog.outcome.text() == "Carried: 5 agree, 1 disagree, 1 abstain, 1 not present"
    # Outreach abstains: it still takes a position it cannot commit to, so the warning stays.
    assert "nobody present may decide for it: B. Outreach." in dialog.warnings.text()
    set_stances(
        dialog,
        [Stance.AGREE, Stance.NOT_PRESENT]
        + [Stance.DISAGREE] * 2
        + [Stance.AGREE] * 3
        + [Stance.NOT_PRESENT],
    )
    assert dialog.outcome.text().startswith("Carried: 4 agree, 2 disagree")
    assert dialog.warnings.text() == ""
    set_stances(dialog, [Stance.DISAGREE] * 4 + [Stance.AGREE] * 3 + [Stance.NOT_PRESENT])
    assert dialog.outcome.text().startswith("Not carried: 3 agree, 4 disagree")


def test_a_block_names_the_partner(dialog: DecisionDialog) -> None:
    set_stances(dialog, [Stance.AGREE] * 2 + [Stance.BLOCK] + [Stance.AGREE] * 4 + [Stance.NOT_PRESENT])
    name = dialog.rows[2].partner.display_name
    assert dialog.outcome.text() == f"Blocked by {name}: 6 agree, 1 block, 1 not present"
    set_stances(dialog, [Stance.AGREE] * 2 + [Stance.DISAGREE] + [Stance.AGREE] * 4 + [Stance.NOT_PRESENT])
    assert dialog.outcome.text().startswith("No consensus")


def test_a_position_from_an_absent_partner_is_warned(dialog: DecisionDialog, setting: Setting) -> None:
    set_stances(dialog, [Stance.AGREE] + [Stance.NOT_PRESENT] * 6 + [Stance.DISAGREE])
    assert "nobody is here for it: H. Drug Treatment." in dialog.warnings.text()


def test_ok_records_one_position_per_partner(
    dialog: DecisionDialog, context: AppContext, setting: Setting
) -> None:
    dialog.text.setPlainText("  Open the night shelter from 1 April  ")
    set_stances(dialog, [Stance.AGREE] * 6 + [Stance.ABSTAIN, Stance.NOT_PRESENT])
    dialog.rows[6].reason.setText("Needs its board's approval")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = decision_of(context.store, setting.item_id)
    assert found is not None
    decision, positions = found
    assert decision.text == "Open the night shelter from 1 April"
    assert decision.method is DecisionMethod.CONSENSUS
    by_partner = {p.partner_id: p for p in positions}
    assert len(positions) == len(by_partner) == 8  # police: two people, one position
    assert by_partner[setting.partners[6]].stance is Stance.ABSTAIN
    assert by_partner[setting.partners[6]].reason == "Needs its board's approval"
    assert context.undo_stack.count() == 1

    again = DecisionDialog(None, context, setting.item_id)  # editing pre-fills what was recorded
    assert again.text.toPlainText() == "Open the night shelter from 1 April"
    assert again.stances()[setting.partners[6]] is Stance.ABSTAIN
    assert again.rows[6].reason.text() == "Needs its board's approval"
    assert again.windowTitle().startswith("Change decision")
    again.deleteLater()


def test_a_refused_decision_keeps_the_dialog_open(dialog: DecisionDialog, context: AppContext) -> None:
    dialog.accept()  # no text for a consensus
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text().startswith("Decision: ")
    assert context.undo_stack.count() == 0
    dialog.method.setCurrentIndex(dialog.method.findData(DecisionMethod.NO_DECISION))
    assert dialog.outcome.text().startswith("No decision")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_undo_a_decision_from_the_edit_menu(window: MainWindow, modals) -> None:
    context = window.context
    assert context is not None
    store = context.store
    forum = store.all(Forum)[0]
    edit, meeting = new_meeting(store, forum.id, dt.datetime(2025, 3, 12, 9, 30), timezone="Europe/London")
    context.run(edit)
    for line in roll(store, meeting.id):
        context.run(set_attendance(store, replace(line, presence=Presence.PRESENT)))
    item = agenda(store, meeting.id)[1]

    def decide(dialog: QDialog) -> None:
        assert isinstance(dialog, DecisionDialog)
        dialog.text.setPlainText("Minutes of 5 March approved")
        dialog.accept()

    modals.fill["DecisionDialog"] = decide
    DecisionDialog(window, context, item.id).exec()
    assert decision_of(store, item.id) is not None
    assert window.undo_action.text() == "&Undo Record decision on Minutes of the last meeting"
    window.undo_action.trigger()
    assert decision_of(store, item.id) is None
    window.redo_action.trigger()
    found = decision_of(store, item.id)
    assert found is not None and found[0].text == "Minutes of 5 March approved"
