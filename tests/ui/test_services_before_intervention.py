"""Services before intervention, through the window and read back from the documents: an action that waits for
services not in place cannot start or close without the coordinator's reason; the reason is kept in the action's
history and printed, with what it waits for, in the minutes and in "what your agency promised"."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from facilitator.actions import Action, ActionStatus, overrides_of, save_action
from facilitator.audience import Audience
from facilitator.entities import Forum, Partner
from facilitator.meeting_ops import new_meeting, roll, set_attendance
from facilitator.meetings import Confidentiality, ItemKind, Presence
from facilitator.minutes import build_minutes
from facilitator.register_docs import partner_promises
from facilitator.ui.action_dialogs import ActionDialog, UpdateDialog
from facilitator.ui.main_window import MainWindow
from tests.conftest import FROZEN_AT
from tests.exports.test_decision_documents import read_back
from tests.ui.conftest import seat_outreach, show_screen

TODAY = FROZEN_AT.date()
REASON = "The dealers moved to the school gate this week; the beds follow on Monday."


def test_an_intervention_goes_ahead_at_a_meeting_only_with_a_reason_printed_everywhere(
    window: MainWindow, modals, tmp_path: Path
) -> None:
    context = window.context
    store = context.store
    street, partners, _yusuf = seat_outreach(context)
    police, outreach = partners["City Police"], partners["Outreach North"]
    beds = Action(forum_id=street.id, title="Find six shelter beds", owner_partner_id=outreach.id)
    secret = Action(
        forum_id=street.id,
        title="Informant briefing",
        owner_partner_id=police.id,
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(police.id,),
    )
    raid = Action(
        forum_id=street.id,
        title="Clear the underpass",
        owner_partner_id=police.id,
        due=TODAY + dt.timedelta(days=10),
        waits_for=(beds.id, secret.id),
    )
    for action in (beds, secret, raid):
        context.run(save_action(store, action))

    edit, meeting = new_meeting(
        store, street.id, dt.datetime.combine(TODAY, dt.time(10)), timezone="Europe/Brussels"
    )
    context.run(edit)
    for line in roll(store, meeting.id):
        context.run(set_attendance(store, replace(line, presence=Presence.PRESENT)))
    meetings = show_screen(window, "meetings")
    meetings.show_meeting(meeting.id)
    meetings.tabs.setCurrentWidget(meetings.live)
    live = meetings.live
    live.start_meeting()
    for _ in range(20):
        if live.state.current is not None and live.state.current.kind is ItemKind.REVIEW_OF_ACTIONS:
            break
        live.next_item()
    panel = live.tabled
    seen: list[UpdateDialog] = []

    def start_it(dialog: UpdateDialog) -> None:
        seen.append(dialog)
        assert not dialog.form.isRowVisible(dialog.override_reason)  # nothing asked until a status needs it
        dialog.new_status.setCurrentIndex(dialog.new_status.findData(ActionStatus.IN_PROGRESS))
        assert dialog.form.isRowVisible(dialog.override_reason)
        assert dialog.waiting.text() == ("Waits for: Find six shelter beds (Open); Informant briefing (Open)")
        dialog.note.setPlainText("The operation starts tomorrow.")
        dialog.accept()  # no reason: refused in plain words, nothing written
        assert dialog.error.text().startswith("Reason to go ahead: “Clear the underpass” waits for")
        assert store.get(Action, raid.id).status is ActionStatus.OPEN
        dialog.override_reason.setPlainText(REASON)
        dialog.accept()

    modals.fill["UpdateDialog"] = start_it
    panel.select_action(raid.id)
    panel.update_button.click()
    assert seen and store.get(Action, raid.id).status is ActionStatus.IN_PROGRESS
    (kept,) = overrides_of(store, raid.id)
    assert (kept.meeting_id, kept.reason, kept.status) == (meeting.id, REASON, ActionStatus.IN_PROGRESS)
    assert set(kept.waiting_for) == {beds.id, secret.id}
    live.end_meeting()

    # The partners' minutes: the review shows what it waits for and the override with its reason; the
    # restricted prerequisite is counted, never named.
    partners_model = build_minutes(store, meeting.id, Audience.partners(), "en")
    text = partners_model.text()
    assert "Clear the underpass\nWaits for: Find six shelter beds (Open); 1 confidential action" in text
    assert "Went ahead before what they wait for was done:" in text
    assert f"Reason: {REASON}" in text
    assert "Informant briefing" not in text
    docx_flat, pdf_flat = read_back(partners_model, tmp_path, "minutes")
    for flat in (docx_flat, pdf_flat):
        assert "Waits for: Find six shelter beds (Open); 1 confidential action" in flat
        assert "Marked In progress on" in flat and "The dealers moved to the school gate" in flat
        assert "Informant briefing" not in flat
    # The police's own version names its restricted prerequisite.
    police_model = build_minutes(store, meeting.id, Audience.for_partner(police.id), "en")
    assert "Informant briefing (Open)" in police_model.text()
    # The public never follows actions; and in French the same words come from the catalog.
    french = build_minutes(store, meeting.id, Audience.partners(), "fr").text()
    assert "Clear the underpass\nAttend : Find six shelter beds (Ouverte); 1 action confidentielle" in french
    assert "Marquée « En cours » le" in french and f"Motif : {REASON}" in french

    # What the police promised: the action, what it waits for and the override, in DOCX and PDF.
    promises = partner_promises(store, police.id, TODAY, "en")
    docx_flat, pdf_flat = read_back(promises, tmp_path, "promises")
    for flat in (docx_flat, pdf_flat):
        assert "Clear the underpass" in flat
        assert "Waits for: Find six shelter beds (Open); Informant briefing (Open)" in flat
        assert "The dealers moved to the school gate" in flat


def test_a_new_action_cannot_be_made_in_progress_over_open_prerequisites_without_a_reason(
    window: MainWindow, modals
) -> None:
    context = window.context
    store = context.store
    street = store.all(Forum)[0]
    police = next(p for p in store.all(Partner) if p.name == "City Police")
    beds = Action(forum_id=street.id, title="Find six shelter beds", owner_partner_id=police.id)
    context.run(save_action(store, beds))
    screen = show_screen(window, "actions")
    seen: list[ActionDialog] = []

    def fill(dialog: ActionDialog) -> None:
        seen.append(dialog)
        dialog.title_edit.setText("Move the drug service")
        dialog.partner.setCurrentIndex(dialog.partner.findData(police.id))
        assert not dialog.form.isRowVisible(dialog.override_reason)
        dialog.tick_prerequisite(beds.id)
        dialog.status.setCurrentIndex(dialog.status.findData(ActionStatus.IN_PROGRESS))
        assert dialog.form.isRowVisible(dialog.override_reason)
        dialog.accept()
        assert dialog.error.text().startswith("Reason to go ahead:")
        dialog.override_reason.setPlainText("The lease ends on Friday.")
        dialog.accept()

    modals.fill["ActionDialog"] = fill
    screen.new_action()
    made = next(a for a in store.all(Action) if a.title == "Move the drug service")
    assert made.status is ActionStatus.IN_PROGRESS
    (kept,) = overrides_of(store, made.id)
    assert kept.reason == "The lease ends on Friday." and kept.meeting_id is None
    # One undo takes back the action and its override together.
    context.undo_stack.undo()
    assert store.find(Action, made.id) is None and overrides_of(store, made.id) == []
