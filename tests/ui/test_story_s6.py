"""S6, the week between meetings, with a user's hands. The partnership as it stands on Monday 7 December (a street
round seating police, outreach and housing, and the mayor's round above it) is written with the core; everything
the week brings is done through the window: the quarter planned on the Meetings screen, on Tuesday housing's
promise typed on the Actions screen, on Wednesday the police's notice on the Notices screen, on Thursday a problem
escalated to the mayor's round. Nobody touches next Monday's agenda: its export carries all three, and the mayor's
round's agenda carries the escalation."""

from __future__ import annotations

import datetime as dt
import email
import email.message
import email.policy
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from facilitator import operations
from facilitator.entities import Forum, Partner, Representative, Sector, Seniority, Tier
from facilitator.meetings import Meeting
from facilitator.storage import open_partnership
from facilitator.ui.main_window import MainWindow
from tests.conftest import stand_on
from tests.ui.conftest import ModalAnswers
from tests.ui.hands import choose, click_row, go_to, press, type_into
from tests.ui.test_documents_tab import docx_text

MONDAY = dt.date(2026, 12, 7)
TUESDAY, WEDNESDAY, THURSDAY = (MONDAY + dt.timedelta(days=n) for n in (1, 2, 3))
NEXT_MONDAY = MONDAY + dt.timedelta(days=7)
STREET, MAYOR = "Station Square weekly round", "Mayor's weekly round"


@pytest.fixture
def seeded_db(seeded_db: Path) -> Path:
    """The seeded partnership with housing seated on the street round, and the mayor's round above it."""
    with open_partnership(seeded_db) as store:
        mayor = Forum(name=MAYOR, tier=Tier.STRATEGIC, usual_weekday=3, usual_time=dt.time(8, 30))
        operations.save_forum(store, mayor).apply(store)
        street = next(f for f in store.all(Forum) if f.name == STREET)
        street = Forum(
            **{**street.__dict__, "usual_weekday": 0, "usual_time": dt.time(10), "escalates_to_id": mayor.id}
        )
        operations.save_forum(store, street).apply(store)
        partners = {p.name: p for p in store.all(Partner)}
        housing = Partner(name="Housing Department", short_name="Housing", sector=Sector.HOUSING)
        operations.save_partner(store, housing).apply(store)
        officer = Representative(
            name="Marta Nowak",
            partner_id=housing.id,
            role="Head of allocations",
            seniority=Seniority.MANAGER,
            may_decide=True,
        )
        operations.save_representative(store, officer).apply(store)
        operations.set_membership(store, street.id, housing.id, officer.id).apply(store)
        yusuf = next(r for r in store.all(Representative) if r.name == "Yusuf Demir")
        operations.set_membership(store, street.id, partners["Outreach North"].id, yusuf.id).apply(store)
        operations.set_membership(store, mayor.id, partners["City Police"].id).apply(store)
        for person in store.all(Representative):
            address = EMAILS[store.get(Partner, person.partner_id).name]
            operations.save_representative(
                store, Representative(**{**person.__dict__, "email": address})
            ).apply(store)
    return seeded_db


def plan_quarter(qtbot, window: MainWindow, modals: ModalAnswers, forum: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Meetings screen: choose the forum, Plan next meetings…, 13 meetings (a quarter), OK."""
    screen = go_to(window, "Meetings")
    choose(screen.forum, forum)  # type: ignore[attr-defined]
    said: list[str] = []

    def fill(dialog: QWidget) -> None:
        type_into(qtbot, dialog.count, "13")  # type: ignore[attr-defined]
        said.append(dialog.outcome.text())  # type: ignore[attr-defined]
        press(qtbot, dialog, "OK")

    modals.fill["PlanDialog"] = fill
    press(qtbot, screen, "Plan next meetings")
    model = screen.table.model()  # type: ignore[attr-defined]
    return said + [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def open_meeting(window: MainWindow, forum: str, day: dt.date) -> QWidget:
    """Meetings screen: the forum chosen, its meeting on ``day`` clicked in the list."""
    screen = go_to(window, "Meetings")
    choose(screen.forum, forum)  # type: ignore[attr-defined]
    meeting = next(
        m
        for m in screen.meetings.records()
        if m.starts_at.date() == day  # type: ignore[attr-defined]
    )
    screen.show_meeting(meeting.id)  # type: ignore[attr-defined]
    QApplication.processEvents()
    return screen


def export_agenda(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, monkeypatch, forum: str, day: dt.date, *, target: Path, partner: str
) -> Path:
    """The meeting's Documents tab: its agenda as one partner may see it, as Word, Export…"""
    screen = open_meeting(window, forum, day)
    tab = screen.documents  # type: ignore[attr-defined]
    screen.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    QApplication.processEvents()
    choose(tab.document, "Agenda")
    choose(tab.audience_choice, "Partners, for one partner")
    choose(tab.partner, partner)
    choose(tab.format, "Word")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    with qtbot.waitSignal(tab.exported, timeout=120_000) as done:
        press(qtbot, tab, "Export")
    return Path(done.args[0])


def drafts_into(qtbot, folder: Path, shown: list[str], forum: str | None = None):  # type: ignore[no-untyped-def]
    """A filler for an e-mail drafts dialog: note the partners it lists, type the folder, Prepare the drafts,
    wait for them to be written, Close."""

    def fill(dialog: QWidget) -> None:
        if forum is not None:
            choose(dialog.forum, forum)  # type: ignore[attr-defined]
        model = dialog.table.model()  # type: ignore[attr-defined]
        shown.extend(str(model.index(row, 0).data()) for row in range(model.rowCount()))
        type_into(qtbot, dialog.panel.folder, str(folder))  # type: ignore[attr-defined]
        press(qtbot, dialog, "Prepare the drafts")
        qtbot.waitUntil(lambda: not dialog.panel.is_busy(), timeout=120_000)  # type: ignore[attr-defined]
        press(qtbot, dialog, "Close")

    return fill


def test_s6_the_week_between_meetings_fills_next_monday_s_agenda(
    qtbot, window: MainWindow, modals: ModalAnswers, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    store = window.context.store  # type: ignore[union-attr]
    # Monday: the quarter planned for both rounds.
    shown = plan_quarter(qtbot, window, modals, STREET)
    assert "13 meetings" in shown[0], shown
    assert len([m for m in store.all(Meeting) if store.get(Forum, m.forum_id).name == STREET]) == 13
    plan_quarter(qtbot, window, modals, MAYOR)

    # Tuesday: housing agrees to find beds (Actions screen, typed).
    stand_on(TUESDAY)
    actions = go_to(window, "Actions")
    choose(actions.forum, STREET)  # type: ignore[attr-defined]

    def beds(dialog: QWidget) -> None:
        type_into(qtbot, dialog.title_edit, "Find twelve emergency beds before the cold snap")  # type: ignore[attr-defined]
        choose(dialog.partner, "Housing Department")  # type: ignore[attr-defined]
        dialog.due.enabled.setChecked(True)  # type: ignore[attr-defined]
        dialog.due.edit.setDate(NEXT_MONDAY + dt.timedelta(days=7))  # type: ignore[attr-defined]
        press(qtbot, dialog, "OK")

    modals.fill["ActionDialog"] = beds
    press(qtbot, actions, "New action")
    assert "Find twelve emergency beds" in " ".join(
        str(actions.table.model().index(r, c).data())  # type: ignore[attr-defined]
        for r in range(actions.table.model().rowCount())  # type: ignore[attr-defined]
        for c in range(actions.table.model().columnCount())  # type: ignore[attr-defined]
    )

    # Wednesday: the police give notice of an operation (Notices screen).
    stand_on(WEDNESDAY)
    notices = go_to(window, "Notices of change")

    def operation(dialog: QWidget) -> None:
        choose(dialog.partner, "City Police")  # type: ignore[attr-defined]
        type_into(qtbot, dialog.title_edit, "Operation Lantern around the station")  # type: ignore[attr-defined]
        type_into(qtbot, dialog.description, "Daily patrols at the station entrances")  # type: ignore[attr-defined]
        dialog.takes_effect_on.setDate(WEDNESDAY + dt.timedelta(days=28))  # type: ignore[attr-defined]
        choose(dialog.confidentiality, "Restricted to named partners")  # type: ignore[attr-defined]
        for row in range(dialog.restricted.count()):  # type: ignore[attr-defined]
            item = dialog.restricted.item(row)  # type: ignore[attr-defined]
            if item.text() in ("City Police", "Housing Department"):
                item.setCheckState(Qt.CheckState.Checked)
        forums = dialog.forums  # type: ignore[attr-defined]
        for row in range(forums.count()):
            if forums.item(row).text() == STREET:
                forums.item(row).setCheckState(Qt.CheckState.Checked)
        press(qtbot, dialog, "OK")

    modals.fill["NoticeDialog"] = operation
    press(qtbot, notices, "Give notice")

    # Thursday: a problem the street round cannot solve goes to the mayor's round.
    stand_on(THURSDAY)
    actions = go_to(window, "Actions")

    def park(dialog: QWidget) -> None:
        type_into(qtbot, dialog.title_edit, "Reopen the night shelter in the park")  # type: ignore[attr-defined]
        choose(dialog.partner, "Outreach North")  # type: ignore[attr-defined]
        press(qtbot, dialog, "OK")

    modals.fill["ActionDialog"] = park
    press(qtbot, actions, "New action")

    def escalate(dialog: QWidget) -> None:
        choose(dialog.target, MAYOR)  # type: ignore[attr-defined]
        type_into(qtbot, dialog.reason, "The shelter's budget is the mayor's to decide")  # type: ignore[attr-defined]
        press(qtbot, dialog, "OK")

    modals.fill["EscalateDialog"] = escalate
    click_row(qtbot, actions.table, "Reopen the night shelter", column=column_of(actions.table, "Reopen"))  # type: ignore[attr-defined]
    press(qtbot, actions, "Escalate")

    # Next Monday: nobody touched the agendas; they carry the week.
    stand_on(NEXT_MONDAY, dt.time(8))
    street_agenda = docx_text(
        export_agenda(
            qtbot,
            window,
            monkeypatch,
            STREET,
            NEXT_MONDAY,
            target=tmp_path / "street",
            partner="Housing Department",
        )
    )
    for said in (
        "Find twelve emergency beds before the cold snap",
        "Operation Lantern around the station",
        "Reopen the night shelter in the park",
    ):
        assert said in street_agenda, (said, street_agenda)
    thursday = NEXT_MONDAY + dt.timedelta(days=3)
    mayor_agenda = docx_text(
        export_agenda(
            qtbot, window, monkeypatch, MAYOR, thursday, target=tmp_path / "mayor", partner="City Police"
        )
    )
    assert "Reopen the night shelter in the park" in mayor_agenda, mayor_agenda
    assert "The shelter's budget is the mayor's to decide" in mayor_agenda

    # Monday's meeting is held (Start, End in the chair's live view); the minutes go out as e-mail drafts.
    stand_on(NEXT_MONDAY, dt.time(10))
    screen = open_meeting(window, STREET, NEXT_MONDAY)
    roll = screen.attendance  # type: ignore[attr-defined]
    screen.tabs.setCurrentWidget(roll)  # type: ignore[attr-defined]
    QApplication.processEvents()
    click_row(qtbot, roll.roll_table, "Anna Kowalska", column=column_of(roll.roll_table, "Anna Kowalska"))
    qtbot.keyClick(roll.roll_table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)  # everyone on the roll
    press(qtbot, roll, "Present")
    screen.tabs.setCurrentWidget(screen.live)  # type: ignore[attr-defined]
    QApplication.processEvents()
    press(qtbot, screen.live, "Start meeting")  # type: ignore[attr-defined]
    stand_on(NEXT_MONDAY, dt.time(11, 15))
    press(qtbot, screen.live, "End meeting")  # type: ignore[attr-defined]
    tab = screen.documents  # type: ignore[attr-defined]
    screen.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    QApplication.processEvents()
    choose(tab.document, "Minutes")
    drafts = tmp_path / "minutes drafts"
    shown: list[str] = []
    modals.fill["CirculationDialog"] = drafts_into(qtbot, drafts, shown)
    press(qtbot, tab, "Circulate by e-mail")
    assert sorted(shown) == ["City Police", "Housing Department", "Outreach North"], shown
    mails = {mail["To"].addresses[0].addr_spec: mail for mail in map(read_mail, sorted(drafts.glob("*.eml")))}
    assert set(mails) == set(EMAILS.values()), sorted(mails)
    restricted = "Operation Lantern around the station"
    for partner, address in EMAILS.items():
        attachment = " ".join(attached_text(mails[address]).split())  # words, whatever the lines they wrap on
        assert f"Version for: Partners, for {partner}" in attachment, (partner, attachment[:400])
        assert "Find twelve emergency beds before the cold snap" in attachment
        assert "not quorate" not in attachment and "Marta Nowak" in attachment  # the roll taken above
        assert (restricted in attachment) == (partner in ("City Police", "Housing Department")), partner

    # Friday: each agency gets its reminder of what it promised.
    stand_on(NEXT_MONDAY + dt.timedelta(days=4))
    home = go_to(window, "Home")
    reminders = tmp_path / "reminders"
    said: list[str] = []
    modals.fill["RemindersDialog"] = drafts_into(qtbot, reminders, said, forum=STREET)
    press(qtbot, home, "Remind partners before the meeting")
    assert {"Housing Department", "Outreach North"} <= set(said), said
    sent = {
        mail["To"].addresses[0].addr_spec: mail_text(mail)
        for mail in map(read_mail, sorted(reminders.glob("*.eml")))
    }
    assert "Find twelve emergency beds before the cold snap" in sent[EMAILS["Housing Department"]]
    assert "Reopen the night shelter in the park" in sent[EMAILS["Outreach North"]]
    assert "Find twelve emergency beds" not in sent[EMAILS["Outreach North"]]
    QThreadPool.globalInstance().waitForDone(120_000)


EMAILS = {
    "City Police": "anna.kowalska@police.example",
    "Outreach North": "yusuf.demir@outreach.example",
    "Housing Department": "marta.nowak@housing.example",
}


def read_mail(path: Path) -> email.message.EmailMessage:
    with path.open("rb") as handle:
        message = email.message_from_binary_file(handle, policy=email.policy.default)
    assert isinstance(message, email.message.EmailMessage)
    return message


def mail_text(message: email.message.EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    return body.get_content() if body is not None else ""


def attached_text(message: email.message.EmailMessage) -> str:
    """The words of the document attached to a draft (Word or PDF), read back."""
    import io

    (part,) = [p for p in message.iter_attachments() if (p.get_filename() or "").endswith((".docx", ".pdf"))]
    data = part.get_content()
    if part.get_filename().endswith(".pdf"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def column_of(view, words: str) -> int:  # type: ignore[no-untyped-def]
    model = view.model()
    for column in range(model.columnCount()):
        if any(words in str(model.index(row, column).data() or "") for row in range(model.rowCount())):
            return column
    raise AssertionError(f"{words!r} in no column")
