"""Attendance: mark the roll, stand-ins and guests; the quorum banner and partners' standings follow the core."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt

from facilitator import meeting_ops, operations
from facilitator.entities import Forum, Partner, QuorumRule, Representative, Seniority
from facilitator.meetings import Attendance, AttendeeRole, Meeting, Presence
from facilitator.quorum import PartnerStanding, Standing, meeting_standings
from facilitator.ui.attendance_view import AttendanceView, RollLine, RollModel, StandingsModel
from facilitator.ui.main_window import MainWindow
from facilitator.ui.meeting_dialogs import AddRepresentativeDialog, GuestDialog, SubstituteDialog, TimeDialog
from tests.builders import substitute_line


def _people(window: MainWindow) -> dict[str, Any]:
    """The seeded partners and people, with the outreach worker seated and a junior police officer added."""
    assert window.context is not None
    store = window.context.store
    forum = store.all(Forum)[0]
    police = next(p for p in store.all(Partner) if p.short_name == "Police")
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
    anna = next(r for r in store.all(Representative) if r.name == "Anna Kowalska")
    yusuf = next(r for r in store.all(Representative) if r.name == "Yusuf Demir")
    junior = Representative(
        name="Tom Baker", partner_id=police.id, role="Constable", seniority=Seniority.FRONT_LINE
    )
    window.context.run(operations.save_representative(store, junior))
    window.context.run(operations.set_membership(store, forum.id, outreach.id, yusuf.id))
    return {"store": store, "forum": forum, "police": police, "anna": anna, "yusuf": yusuf, "junior": junior}


@pytest.fixture
def setting(window: MainWindow) -> dict[str, Any]:
    found = _people(window)
    store = found["store"]
    edit, meeting = meeting_ops.new_meeting(
        store, found["forum"].id, dt.datetime(2031, 3, 3, 10, 0), timezone="Europe/Brussels"
    )
    window.context.run(edit)  # type: ignore[union-attr]
    screen = window.screens["meetings"]
    screen.show_meeting(meeting.id)
    screen.tabs.setCurrentWidget(screen.attendance)
    found["meeting"] = meeting
    found["view"] = screen.attendance
    return found


def _summary(store: Any, meeting: Meeting) -> str:
    """What the core says of the quorum now: the banner shows exactly that."""
    return meeting_standings(store, meeting)[1].summary()


def _line(store: Any, meeting: Meeting, person: Representative) -> Attendance:
    return next(line for line in meeting_ops.roll(store, meeting.id) if line.representative_id == person.id)


def test_roll_presence_substitute_guest_and_the_quorum_banner(
    window: MainWindow, setting: dict[str, Any], modals: Any
) -> None:
    view: AttendanceView = setting["view"]
    store, meeting = setting["store"], setting["meeting"]
    anna, yusuf, junior = setting["anna"], setting["yusuf"], setting["junior"]
    assert [line.person for line in view.roll.records()] == ["Yusuf Demir", "Anna Kowalska"]
    # Before anyone is marked, no red alarm: there is nothing to act on yet.
    assert view.banner.text() == "Roll not taken yet: the quorum needs 2 partners present."
    assert "#b3261e" not in view.banner.styleSheet()
    assert view.standings_title.text() == "Partners: mark who came when the meeting starts"
    assert {s.partner.display_name: s.standing for s in view.standings.records()} == {
        "Police": Standing.NOT_PRESENT,
        "Outreach North": Standing.NOT_PRESENT,
    }
    assert not view.present_button.isEnabled()

    # Anna sends apologies; the outreach worker is present.
    view.select_person("Anna Kowalska")
    view.apologies_button.click()
    assert _line(store, meeting, anna).presence is Presence.APOLOGIES
    view.select_person("Yusuf Demir")
    view.present_button.click()
    assert _line(store, meeting, yusuf).presence is Presence.PRESENT
    assert view.banner.text().startswith("Not quorate. Partners present: 1 of 2 needed.")
    explanations = [s.explanation() for s in view.standings.records()]
    assert "Police sent apologies: nobody is here for it." in explanations

    # A junior constable stands in for her: the meeting is quorate, but the police cannot decide today.
    def add(dialog: AddRepresentativeDialog) -> None:
        dialog.partner.setCurrentIndex(dialog.partner.findData(setting["police"].id))
        assert [dialog.person.itemText(i) for i in range(dialog.person.count())] == ["Tom Baker — Constable"]
        dialog.substitute_for.setCurrentIndex(dialog.substitute_for.findData(anna.id))
        dialog.accept()

    modals.fill["AddRepresentativeDialog"] = add
    view.add_person_button.click()
    line = _line(store, meeting, junior)
    assert (line.presence, line.substitute_for_id) == (Presence.SUBSTITUTE, anna.id)
    assert view.banner.text() == "Quorate. Partners present: 2 of 2 needed."
    assert "#1e6b34" in view.banner.styleSheet()
    explained = {s.partner.display_name: s.explanation() for s in view.standings.records() if s.flagged}
    assert explained == {
        "Police": "Police is represented only by Tom Baker, who may not take decisions today.",
        "Outreach North": "Outreach North is represented only by Yusuf Demir, who may not take decisions today.",
    }
    # Said in the Standing column, but not an alarm: this forum's quorum counts partners present, and it is met.
    assert view.flagged == set()
    assert view.standings.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert view.standings_title.text() == "Partners: 2 of 2 here"
    row = view.roll.row_of(line.id)
    assert view.roll.index(row, 5).data() == "Anna Kowalska"
    assert view.roll.index(row, 4).data() == "No"

    # A guest is on the roll but does not count towards the quorum.
    def guest(dialog: GuestDialog) -> None:
        dialog.name.setText("Dr. Leila Haddad")
        dialog.organisation.setText("University of Ghent")
        dialog.role.setCurrentIndex(dialog.role.findData(AttendeeRole.OBSERVER))
        dialog.accept()

    modals.fill["GuestDialog"] = guest
    view.add_guest_button.click()
    last = view.roll.records()[-1]
    assert (last.person, last.partner, last.line.role) == (
        "Dr. Leila Haddad",
        "University of Ghent",
        AttendeeRole.OBSERVER,
    )
    assert view.roll.index(view.roll.rowCount() - 1, 2).data() == "Observer"
    assert view.banner.text() == "Quorate. Partners present: 2 of 2 needed."

    # Undo goes back step by step: the guest, then the stand-in (no longer quorate).
    window.undo_action.trigger()
    assert view.roll.rowCount() == 3
    window.undo_action.trigger()
    assert view.banner.text().startswith("Not quorate")
    window.redo_action.trigger()
    assert view.banner.text().startswith("Quorate")

    # Once the inspector is here after all, the police can decide; only the outreach partner stays flagged, first.
    view.select_person("Anna Kowalska")
    view.present_button.click()
    police_row = [s.partner.display_name for s in view.standings.records()].index("Police")
    assert view.standings.index(police_row, 2).data() == "Police can take decisions."
    assert view.standings.index(police_row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert view.standings_title.text() == "Partners: 2 of 2 here"


def test_substitute_for_a_colleague_and_late_arrival(
    window: MainWindow, setting: dict[str, Any], modals: Any
) -> None:
    view: AttendanceView = setting["view"]
    store, meeting = setting["store"], setting["meeting"]
    anna, junior = setting["anna"], setting["junior"]
    window.context.run(  # type: ignore[union-attr]
        meeting_ops.set_attendance(
            store,
            Attendance(meeting_id=meeting.id, partner_id=junior.partner_id, representative_id=junior.id),
        )
    )
    view.select_person("Tom Baker")
    assert view.substitute_button.isEnabled()

    def substitute(dialog: SubstituteDialog) -> None:
        assert [dialog.colleague.itemText(i) for i in range(dialog.colleague.count())] == [
            "Anna Kowalska — Inspector"
        ]
        dialog.accept()

    modals.fill["SubstituteDialog"] = substitute
    view.substitute_button.click()
    assert _line(store, meeting, junior).substitute_for_id == anna.id
    assert view.roll.index(view.roll.row_of(_line(store, meeting, junior).id), 3).data() == "Substitute"

    view.select_person("Anna Kowalska")

    def late(dialog: TimeDialog) -> None:
        dialog.time.setTime(dialog.time.time().fromString("10:25", "HH:mm"))
        dialog.accept()

    modals.fill["TimeDialog"] = late
    view.arrived_button.click()
    line = _line(store, meeting, anna)
    assert (line.arrived_at, line.presence) == (
        dt.time(10, 25),
        Presence.PRESENT,
    )  # arriving late is being there
    assert view.roll.index(view.roll.row_of(line.id), 6).data() == "10:25\u00a0AM"

    def early(dialog: TimeDialog) -> None:
        dialog.time.setTime(dialog.time.time().fromString("10:05", "HH:mm"))
        dialog.accept()
        assert dialog.error.text() == "Time: is before the arrival"  # refused by the core; the dialog stays
        dialog.time.setTime(dialog.time.time().fromString("11:05", "HH:mm"))
        dialog.accept()

    modals.fill["TimeDialog"] = early
    view.left_button.click()
    assert _line(store, meeting, anna).left_at == dt.time(11, 5)


def test_mark_several_at_once_is_one_undo_step(window: MainWindow, setting: dict[str, Any]) -> None:
    view: AttendanceView = setting["view"]
    store, meeting = setting["store"], setting["meeting"]
    view.roll_table.selectAll()
    assert len(view.selected_ids()) == 2
    assert not view.substitute_button.isEnabled()  # one person at a time
    view.present_button.click()
    assert {line.presence for line in meeting_ops.roll(store, meeting.id)} == {Presence.PRESENT}
    assert window.undo_action.text() == "&Undo Mark 2 people as Present"
    assert view.selected_ids()  # the selection survives the reload
    window.undo_action.trigger()
    assert {line.presence for line in meeting_ops.roll(store, meeting.id)} == {Presence.EXPECTED}
    view.roll_table.selectAll()
    view.remove_button.click()
    assert meeting_ops.roll(store, meeting.id) == []
    window.undo_action.trigger()
    assert len(meeting_ops.roll(store, meeting.id)) == 2


def test_no_meeting_shows_an_invitation(window: MainWindow) -> None:
    assert window.context is not None
    view = AttendanceView(window.context)
    view.set_meeting(None)
    assert view.banner.text() == "Choose a meeting to take attendance."
    assert not view.add_guest_button.isEnabled()
    view.deleteLater()


POLICE = Partner(name="City Police", short_name="Police")
ANNA = Representative(name="Anna Kowalska", partner_id=POLICE.id, may_decide=True)
TOM = Representative(name="Tom <b>Baker</b>", partner_id=POLICE.id)


@pytest.fixture
def roll_model(qapp) -> RollModel:
    model = RollModel()
    model.reset_records(
        [
            RollLine(
                Attendance(
                    meeting_id="m",
                    partner_id=POLICE.id,
                    representative_id=ANNA.id,
                    presence=Presence.APOLOGIES,
                ),
                "Police",
                ANNA.name,
                True,
                "",
            ),
            RollLine(
                replace(substitute_line("m", POLICE.id, TOM.id, ANNA.id), arrived_at=dt.time(10, 20)),
                "Police",
                TOM.name,
                False,
                ANNA.name,
            ),
            RollLine(
                Attendance(
                    meeting_id="m", guest_name="Visitor", role=AttendeeRole.GUEST, presence=Presence.PRESENT
                ),
                "",
                "Visitor",
                None,
                "",
            ),
        ]
    )
    return model


@pytest.fixture
def standings_model(qapp) -> StandingsModel:
    model = StandingsModel()
    model.flagged = {POLICE.id}  # as the core decides it for a forum counting only partners able to decide
    model.reset_records(
        [
            PartnerStanding(POLICE, (TOM,), Standing.CANNOT_DECIDE, False),
            PartnerStanding(Partner(name="Outreach"), (), Standing.NOT_PRESENT, True),
            PartnerStanding(Partner(name="Housing"), (ANNA,), Standing.CAN_DECIDE, False),
        ]
    )
    return model


def test_roll_model_passes_qt_model_tester(roll_model: RollModel, qtmodeltester) -> None:
    qtmodeltester.check(roll_model, force_py=True)
    assert roll_model.index(1, 1).data() == "Tom <b>Baker</b>"
    assert roll_model.index(2, 4).data() == ""


def test_standings_model_passes_qt_model_tester(standings_model: StandingsModel, qtmodeltester) -> None:
    qtmodeltester.check(standings_model, force_py=True)
    assert standings_model.index(0, 2).data() == (
        "Police is represented only by Tom <b>Baker</b>, who may not take decisions today."
    )
    assert standings_model.index(0, 2).data(Qt.ItemDataRole.FontRole).bold()
    assert standings_model.index(2, 0).data(Qt.ItemDataRole.BackgroundRole) is None


def test_a_forum_that_counts_only_partners_able_to_decide(
    window: MainWindow, setting: dict[str, Any]
) -> None:
    """Two partners present, but only one of them with someone who may decide: with the forum's setting on, the
    banner counts one, and says why."""
    view: AttendanceView = setting["view"]
    store, meeting, forum = setting["store"], setting["meeting"], setting["forum"]
    for person in (setting["anna"], setting["yusuf"]):
        window.context.run(
            meeting_ops.set_attendance(
                store, replace(_line(store, meeting, person), presence=Presence.PRESENT)
            )
        )
    assert view.banner.text() == "Quorate. Partners present: 2 of 2 needed."
    rule = replace(forum.quorum, deciders_only=True)
    window.context.run(operations.save_forum(store, replace(store.get(Forum, forum.id), quorum=rule)))
    assert view.banner.text() == (
        "Not quorate. Partners able to decide: 1 of 2 needed. "
        "1 more partner is present, but nobody there may decide for it."
    )
    assert view.banner.text() == _summary(store, meeting)
    # Here a partner nobody may commit costs the quorum: that, and only that, is a warning to act on.
    assert view.standings_title.text() == "Partners: 1 needs attention (the quorum needs it)"
    flagged_row = view.standings.records().index(
        next(s for s in view.standings.records() if s.partner.id in view.flagged)
    )
    assert flagged_row == 0
    assert view.standings.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_a_forum_without_a_quorum_rule_shows_who_came_and_no_quorum(
    window: MainWindow, setting: dict[str, Any]
) -> None:
    view: AttendanceView = setting["view"]
    store, meeting, forum = setting["store"], setting["meeting"], setting["forum"]
    window.context.run(operations.save_forum(store, replace(store.get(Forum, forum.id), quorum=QuorumRule())))
    window.context.run(
        meeting_ops.set_attendance(
            store, replace(_line(store, meeting, setting["anna"]), presence=Presence.PRESENT)
        )
    )
    assert view.banner.text() == "1 partner present"
    assert "quorate" not in view.banner.text().casefold()
    assert "#b3261e" not in view.banner.styleSheet() and "#1e6b34" not in view.banner.styleSheet()


def test_a_partner_that_left_the_forum_is_not_counted(window: MainWindow, setting: dict[str, Any]) -> None:
    """Outreach is taken off the forum before the meeting: its line stays on the roll as it was made, but it
    is neither a partner to flag nor a voice in the quorum; an archived partner neither."""
    view: AttendanceView = setting["view"]
    store, meeting, forum = setting["store"], setting["meeting"], setting["forum"]
    window.context.run(
        meeting_ops.set_attendance(
            store, replace(_line(store, meeting, setting["yusuf"]), presence=Presence.PRESENT)
        )
    )
    assert {s.partner.display_name for s in view.standings.records()} == {"Police", "Outreach North"}
    outreach = next(p for p in store.all(Partner) if p.name == "Outreach North")
    window.context.run(operations.remove_membership(store, forum.id, outreach.id))
    assert {s.partner.display_name for s in view.standings.records()} == {"Police"}
    assert view.banner.text().startswith("Not quorate. Partners present: 0 of 2 needed.")
    window.context.undo_stack.undo()
    assert view.banner.text().startswith("Not quorate. Partners present: 1 of 2 needed.")
    window.context.run(operations.archive_partner(store, outreach.id))
    assert {s.partner.display_name for s in view.standings.records()} == {"Police"}
