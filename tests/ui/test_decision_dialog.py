"""The decision dialog: one position per partner, the outcome counted by the core, quorum warnings, undo."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from facilitator import operations
from facilitator.clock import FrozenClock
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Sector
from facilitator.meeting_ops import (
    agenda,
    decision_of,
    new_meeting,
    roll,
    set_attendance,
    start_item,
    start_meeting,
)
from facilitator.meetings import (
    AgendaItem,
    Attendance,
    AttendeeRole,
    Decision,
    DecisionMethod,
    Position,
    Presence,
    Stance,
)
from facilitator.storage import open_partnership
from facilitator.ui.context import AppContext
from facilitator.ui.decision_dialog import DecisionDialog
from facilitator.ui.main_window import MainWindow
from facilitator.ui.settings import Settings
from tests.ui.conftest import context_on, meeting_everyone_present

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
    yield from context_on(setting.path, settings)


@pytest.fixture
def dialog(qtbot, context: AppContext, setting: Setting) -> DecisionDialog:
    made = DecisionDialog(None, context, setting.item_id)
    qtbot.addWidget(made)
    return made


def set_stances(dialog: DecisionDialog, stances: list[Stance | None]) -> None:
    """Choose each row's position; None leaves it "not stated"."""
    for row, stance in zip(dialog.rows, stances, strict=True):
        row.stance.setCurrentIndex(row.stance.findData(stance.value if stance else ""))


PRESENT_SEVEN = 7  # the first seven partners are in the room; treatment is not


def test_every_position_starts_not_stated_and_an_absent_partner_holds_none(
    dialog: DecisionDialog, setting: Setting
) -> None:
    assert [row.partner.id for row in dialog.rows] == setting.partners  # police sent two people: one row
    assert dialog.stances() == {
        **dict.fromkeys(setting.partners[:PRESENT_SEVEN]),
        setting.partners[-1]: Stance.NOT_PRESENT,
    }
    assert [row.stance.currentText() for row in dialog.rows] == ["Not stated"] * PRESENT_SEVEN + [
        "Not present"
    ]
    absent = dialog.rows[-1]
    assert not absent.stance.isEnabled() and not absent.reason.isEnabled()
    assert absent.flag.text() == "nobody present"
    assert "holds no position" in absent.flag.toolTip()
    assert dialog.outcome.text() == "Consensus: 1 not present, 7 not stated"
    assert dialog.quorum_label.text().startswith("Quorate. Partners present: 7 of 4 needed.")
    assert dialog.rows[1].flag.text() == "may not decide today"
    assert "may not take decisions today" in dialog.rows[1].flag.toolTip()
    assert dialog.warnings.text() == ""  # outreach states nothing yet, so nothing to warn about
    set_stances(dialog, [Stance.AGREE] * PRESENT_SEVEN + [Stance.NOT_PRESENT])
    # Outreach agrees, but nobody present may decide for it: the chair is told.
    assert "nobody present may decide for it: B. Outreach." in dialog.warnings.text()


def test_carried_vote_is_counted_by_partner(dialog: DecisionDialog) -> None:
    dialog.method.setCurrentIndex(dialog.method.findData(DecisionMethod.VOTE))
    agree, abstain, disagree, away = Stance.AGREE, Stance.ABSTAIN, Stance.DISAGREE, Stance.NOT_PRESENT
    set_stances(dialog, [agree, abstain, agree, agree, disagree, agree, agree, away])
    assert dialog.outcome.text() == "Carried: 5 agree, 1 disagree, 1 abstain, 1 not present"
    assert "nobody present may decide for it: B. Outreach." in dialog.warnings.text()
    set_stances(dialog, [agree, None, disagree, disagree, agree, agree, agree, away])
    assert dialog.outcome.text() == "Carried: 4 agree, 2 disagree, 1 not present, 1 not stated"
    assert dialog.warnings.text() == ""
    set_stances(dialog, [disagree] * 4 + [agree] * 3 + [away])
    assert dialog.outcome.text().startswith("Not carried: 3 agree, 4 disagree")


def test_a_block_makes_the_consensus_blocked(dialog: DecisionDialog) -> None:
    set_stances(dialog, [Stance.AGREE] * 2 + [Stance.BLOCK] + [Stance.AGREE] * 4 + [Stance.NOT_PRESENT])
    name = dialog.rows[2].partner.display_name
    assert dialog.outcome.text() == f"Blocked by {name}: 6 agree, 1 block, 1 not present"
    set_stances(dialog, [Stance.AGREE] * 2 + [Stance.DISAGREE] + [Stance.AGREE] * 4 + [Stance.NOT_PRESENT])
    assert dialog.outcome.text().startswith("No consensus")
    set_stances(dialog, [Stance.ABSTAIN] * PRESENT_SEVEN + [Stance.NOT_PRESENT])
    assert dialog.outcome.text().startswith("No consensus")  # everyone abstains: nobody carries it


def test_ok_records_only_the_positions_stated(
    dialog: DecisionDialog, context: AppContext, setting: Setting
) -> None:
    dialog.text.setPlainText("  Open the night shelter from 1 April  ")
    set_stances(dialog, [Stance.AGREE] * 5 + [None, Stance.ABSTAIN, Stance.NOT_PRESENT])
    dialog.rows[6].reason.setText("Needs its board's approval")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = decision_of(context.store, setting.item_id)
    assert found is not None
    decision, positions = found
    assert decision.text == "Open the night shelter from 1 April"
    assert decision.method is DecisionMethod.CONSENSUS
    by_partner = {p.partner_id: p for p in positions}
    assert len(positions) == len(by_partner) == 7  # police: two people, one position; pharmacy: not stated
    assert setting.partners[5] not in by_partner
    assert by_partner[setting.partners[6]].stance is Stance.ABSTAIN
    assert by_partner[setting.partners[6]].reason == "Needs its board's approval"
    assert by_partner[setting.partners[7]].stance is Stance.NOT_PRESENT
    assert context.undo_stack.count() == 1

    again = DecisionDialog(None, context, setting.item_id)  # editing pre-fills what was recorded
    assert again.text.toPlainText() == "Open the night shelter from 1 April"
    assert again.stances()[setting.partners[6]] is Stance.ABSTAIN
    assert again.stances()[setting.partners[5]] is None
    assert again.rows[6].reason.text() == "Needs its board's approval"
    assert again.windowTitle().startswith("Change decision")
    again.deleteLater()


def test_a_position_held_by_a_partner_that_was_not_there_is_refused(
    qtbot, context: AppContext, setting: Setting
) -> None:
    """A decision recorded before the rule (or with the roll changed since) with a position from a partner that
    sent apologies: the dialog shows it so that it can be put right, and OK refuses it in plain words."""
    store = context.store
    item = store.get(AgendaItem, setting.item_id)
    line = next(r for r in roll(store, item.meeting_id) if r.partner_id == setting.partners[-1])
    context.run(set_attendance(store, replace(line, presence=Presence.APOLOGIES)))
    decision = Decision(item_id=item.id, text="Move the needle bin", method=DecisionMethod.CONSENSUS)
    store.put(decision)
    store.put(Position(decision_id=decision.id, partner_id=setting.partners[-1], stance=Stance.AGREE))
    dialog = DecisionDialog(None, context, setting.item_id)
    qtbot.addWidget(dialog)
    absent = dialog.rows[-1]
    assert absent.flag.text() == "sent apologies"
    assert absent.stance.isEnabled() and absent.stance.currentText() == "Agree"
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == (
        "Positions by partner: H. Drug Treatment sent apologies, so it holds no position on this decision."
    )
    absent.stance.setCurrentIndex(absent.stance.findData(Stance.NOT_PRESENT.value))
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = decision_of(store, setting.item_id)
    assert found is not None
    assert {p.partner_id: p.stance for p in found[1]} == {setting.partners[-1]: Stance.NOT_PRESENT}


def test_quorum_and_positions_are_judged_when_the_decision_is_taken(
    qtbot, context: AppContext, setting: Setting, clock: FrozenClock
) -> None:
    """In a running meeting: the police chief left at 15:10 and the youth service arrived at 15:30; the forum
    counts only partners able to decide. The decision taken at 15:20 sees exactly that."""
    store = context.store
    item = store.get(AgendaItem, setting.item_id)
    forum = store.all(Forum)[0]
    context.run(
        operations.save_forum(store, replace(forum, quorum=QuorumRule(6, frozenset({Sector.POLICE}), True)))
    )
    lines = {
        line.partner_id: line for line in roll(store, item.meeting_id) if line.role is AttendeeRole.MEMBER
    }
    youth = setting.partners[6]
    context.run(set_attendance(store, replace(lines[youth], arrived_at=dt.time(15, 30))))
    for line in roll(store, item.meeting_id):
        if line.partner_id == setting.partners[0]:  # both police officers left
            context.run(set_attendance(store, replace(line, left_at=dt.time(15, 10))))
    started = dt.datetime(2025, 3, 11, 13, 0, tzinfo=dt.UTC)  # 14:00 in Paris
    context.run(start_meeting(store, item.meeting_id, started))
    context.run(start_item(store, item.id, started + dt.timedelta(minutes=75)))
    clock.set(started + dt.timedelta(minutes=80))  # 15:20 in Paris
    dialog = DecisionDialog(None, context, setting.item_id)
    qtbot.addWidget(dialog)
    by_id = {row.partner.id: row for row in dialog.rows}
    assert by_id[setting.partners[0]].flag.text() == "left at 3:10\u00a0PM"
    assert not by_id[setting.partners[0]].stance.isEnabled()
    assert not by_id[youth].stance.isEnabled()  # not arrived yet
    assert dialog.quorum_label.text() == (
        "At 3:20\u00a0PM: Not quorate. Partners able to decide: 4 of 6 needed. 1 more partner is present, "
        "but nobody there may decide for it. No partner able to decide from: Police."
    )
    assert "not quorate" in dialog.warnings.text()
    dialog.text.setPlainText("Keep the drop-in open until 22:00")
    set_stances(
        dialog,
        [Stance.NOT_PRESENT, Stance.ABSTAIN, *[Stance.AGREE] * 4, Stance.NOT_PRESENT, Stance.NOT_PRESENT],
    )
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    found = decision_of(store, setting.item_id)
    assert found is not None
    assert found[0].taken_at == started + dt.timedelta(minutes=80)


def test_a_forum_without_a_quorum_rule_says_nothing_of_quorum(
    qtbot, context: AppContext, setting: Setting
) -> None:
    forum = context.store.all(Forum)[0]
    context.run(operations.save_forum(context.store, replace(forum, quorum=QuorumRule())))
    dialog = DecisionDialog(None, context, setting.item_id)
    qtbot.addWidget(dialog)
    assert dialog.quorum_label.text() == ""
    assert not dialog.form.isRowVisible(dialog.quorum_label)
    assert "quorate" not in dialog.warnings.text().casefold()


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
    meeting = meeting_everyone_present(window, dt.datetime(2025, 3, 12, 9, 30), "Europe/London")
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
