"""The command line, run in-process: commands, help, and errors told plainly without a traceback."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

from facilitator.demo import build_demo
from facilitator.entities import Forum, Partner, Tier
from facilitator.i18n import translator
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.storage import open_partnership
from tests.cli_run import run_cli


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "--version")
    assert (code, out.strip()) == (0, "Partnership Facilitator 0.1.0")


def test_demo_export_and_import_into_a_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "demo.sqlite", tmp_path / "copy.sqlite"
    code, out, err = run_cli(capsys, "demo", "--db", str(first), "--years", "2")
    assert (code, err) == (0, "")
    assert str(first) in out and first.exists()

    code, out, err = run_cli(capsys, "export-json", "--db", str(first), "--out", str(tmp_path / "demo.json"))
    assert (code, err) == (0, "")
    exported = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert len(exported["partners"]) >= 12

    code, out, err = run_cli(capsys, "import-json", "--db", str(second), str(tmp_path / "demo.json"))
    assert (code, err) == (0, "")
    count = sum(len(v) for v in exported.values() if isinstance(v, list))
    assert f"Imported {count} records" in out

    # --db may also come before the command.
    code, _out, _err = run_cli(capsys, "--db", str(second), "export-json", "--out", str(tmp_path / "copy.json"))
    assert code == 0
    again = json.loads((tmp_path / "copy.json").read_text(encoding="utf-8"))
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported


def test_demo_refuses_a_database_with_records(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "demo", "--db", str(db_path))[0] == 0
    code, out, err = run_cli(capsys, "demo", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert "already holds records" in err and "Traceback" not in err


def _bad_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    source = tmp_path / "source.sqlite"
    assert run_cli(capsys, "demo", "--db", str(source))[0] == 0
    assert run_cli(capsys, "export-json", "--db", str(source), "--out", str(tmp_path / "good.json"))[0] == 0
    document = json.loads((tmp_path / "good.json").read_text(encoding="utf-8"))
    document["partners"][3]["sector"] = "bakery"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    return bad


def test_bad_import_names_record_and_field_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_document(tmp_path, capsys)
    target = tmp_path / "new.sqlite"
    code, out, err = run_cli(capsys, "import-json", "--db", str(target), str(bad))
    assert (code, out) == (1, "")
    assert "partners[3]" in err and "sector" in err and "bakery" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == []


def test_bad_import_into_an_empty_existing_file_leaves_it_empty(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_document(tmp_path, capsys)
    open_partnership(db_path).close()
    code, _out, err = run_cli(capsys, "import-json", "--db", str(db_path), str(bad))
    assert code == 1 and "partners[3]" in err
    with open_partnership(db_path) as partnership:
        assert partnership.is_empty()


def test_import_refuses_a_file_with_records(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source.sqlite"
    assert run_cli(capsys, "demo", "--db", str(source))[0] == 0
    assert run_cli(capsys, "export-json", "--db", str(source), "--out", str(tmp_path / "good.json"))[0] == 0
    with open_partnership(db_path) as partnership:
        partnership.put(Partner(name="Already here"))
    code, _out, err = run_cli(capsys, "import-json", "--db", str(db_path), str(tmp_path / "good.json"))
    assert code == 1 and "already holds records" in err
    assert db_path.exists()
    with open_partnership(db_path) as partnership:
        assert [p.name for p in partnership.all(Partner)] == ["Already here"]


def test_import_of_a_file_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("partners:\n  - Police\n", encoding="utf-8")
    code, _out, err = run_cli(capsys, "import-json", "--db", str(tmp_path / "new.sqlite"), str(bad))
    assert code == 1 and "line 1, column 1" in err and "Traceback" not in err
    assert not (tmp_path / "new.sqlite").exists()


def test_export_of_a_missing_database_does_not_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite"
    code, _out, err = run_cli(capsys, "export-json", "--db", str(missing), "--out", str(tmp_path / "x.json"))
    assert code == 1 and str(missing) in err
    assert not missing.exists() and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize(
    "command", [[], ["demo"], ["export-json"], ["import-json"], ["meetings"], ["calendar"]]
)
def test_help_of_every_command(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: facilitator")
    assert "--db" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],  # no --db
        ["export-json", "--db", "x.sqlite"],  # no --out
        ["import-json", "--db", "x.sqlite"],  # no file
        ["calendar", "--db", "x.sqlite", "--out", "x.ics"],  # neither --meeting nor --forum
        ["calendar", "--db", "x.sqlite", "--meeting", "a", "--forum", "b", "--out", "x.ics"],  # both
        ["calendar", "--db", "x.sqlite", "--meeting", "a"],  # no --out
        ["demo", "--db", "x.sqlite", "--years", "many"],
        ["frobnicate"],
        ["--lang", "not-a-language", "--version"],  # refused before --version is acted on
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = run_cli(capsys, *argv)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_help_texts_go_through_translation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "--lang", "x-pseudo", "demo", "--help")
    assert code == 0
    assert "⟦the partnership file to create (it must be new or empty)⟧" in out


def test_a_real_process(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "facilitator", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout.strip()) == (0, "Partnership Facilitator 0.1.0")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "facilitator",
            "export-json",
            "--db",
            str(tmp_path / "no.sqlite"),
            "--out",
            "x",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "no.sqlite" in result.stderr and "Traceback" not in result.stderr


# --- meetings and calendars -------------------------------------------------------------------------------------

TODAY = dt.date(2025, 6, 4)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-year demo partnership with its meetings, made once for the tests that only read it."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    with open_partnership(path) as partnership:
        build_demo(partnership, today=TODAY)
    return path


def _stored(db: Path) -> tuple[list[Meeting], dict[str, Forum]]:
    with open_partnership(db, read_only=True) as partnership:
        return partnership.all(Meeting), {f.id: f for f in partnership.all(Forum)}


def test_meetings_table_lists_every_meeting_in_the_language_s_format(
    demo_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_cli(capsys, "meetings", "--db", str(demo_db))
    assert (code, err) == (0, "")
    meetings, forums = _stored(demo_db)
    lines = out.splitlines()
    assert lines[0].split() == ["Date", "Time", "Forum", "Kind", "Status", "Id"]
    assert set(lines[1]) <= {"-", " "}
    assert len(lines) == 2 + len(meetings)
    first = min(meetings, key=lambda m: m.starts_at)
    # In the partnership's region (the demo's is Great Britain): "8 Dec 2025  10:00", not "Dec 8, 2025  10:00 AM".
    british = translator("en", "GB")
    assert lines[2].startswith(british.format_date(first.starts_at.date()))
    assert british.format_time(first.starts_at.time()) in lines[2] and first.id in lines[2]
    assert "AM" not in out and "PM" not in out
    assert forums[first.forum_id].name in lines[2]
    for word in ("Held", "Planned", "Cancelled", "Regular"):
        assert word in out


def test_meetings_table_in_another_language(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "--lang", "fr", "meetings", "--db", str(demo_db))
    assert code == 0
    meetings, _forums = _stored(demo_db)
    first = min(meetings, key=lambda m: m.starts_at)

    assert translator("fr").format_date(first.starts_at.date()) in out


def test_meetings_as_json(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(capsys, "meetings", "--db", str(demo_db), "--json")
    assert (code, err) == (0, "")
    rows = json.loads(out)
    meetings, forums = _stored(demo_db)
    assert len(rows) == len(meetings)
    by_id = {m.id: m for m in meetings}
    for row in rows:
        meeting = by_id[row["id"]]
        assert row["forum"] == meeting.forum_id
        assert row["forum_name"] == forums[meeting.forum_id].name
        assert dt.datetime.fromisoformat(row["starts_at"]) == meeting.starts_at
        assert dt.datetime.fromisoformat(row["starts_at"]).tzinfo is None  # local wall time
        assert row["timezone"] == "Europe/London"
        assert (row["kind"], row["status"], row["venue"]) == (
            meeting.kind.value,
            meeting.status.value,
            meeting.venue,
        )
    assert [r["starts_at"] for r in rows] == sorted(r["starts_at"] for r in rows)
    assert {r["status"] for r in rows} >= {"held", "planned", "cancelled"}


def test_meetings_of_one_forum(demo_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meetings, forums = _stored(demo_db)
    public = next(f for f in forums.values() if f.tier is Tier.PUBLIC)
    code, out, _err = run_cli(capsys, "meetings", "--db", str(demo_db), "--forum", public.id, "--json")
    assert code == 0
    rows = json.loads(out)
    assert {r["forum"] for r in rows} == {public.id}
    assert len(rows) == len([m for m in meetings if m.forum_id == public.id]) >= 4
    assert {r["kind"] for r in rows} == {"public"}


def test_calendar_of_a_forum_holds_all_its_meetings(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings, forums = _stored(demo_db)
    weekly = next(f for f in forums.values() if f.tier is Tier.OPERATIONAL)
    out_file = tmp_path / "weekly.ics"
    code, out, err = run_cli(
        capsys, "calendar", "--db", str(demo_db), "--forum", weekly.id, "--out", str(out_file)
    )
    assert (code, err) == (0, "")
    own = [m for m in meetings if m.forum_id == weekly.id]
    assert f"Wrote {len(own)} meetings" in out
    calendar = icalendar.Calendar.from_ical(out_file.read_bytes())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{m.id}@partnership-facilitator" for m in own}
    assert [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    for meeting in own:
        event = events[f"{meeting.id}@partnership-facilitator"]
        assert event.decoded("DTSTART").replace(tzinfo=None) == meeting.starts_at
        assert str(event["SUMMARY"]) == weekly.name
        cancelled = meeting.status is MeetingStatus.CANCELLED
        assert str(event["STATUS"]) == ("CANCELLED" if cancelled else "CONFIRMED")
    # The street round's restricted police item never reaches a calendar.
    assert b"police operation" not in out_file.read_bytes().replace(b"\r\n ", b"").lower()


def test_calendar_of_one_meeting_lists_its_public_items(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    meetings, forums = _stored(demo_db)
    public = next(f for f in forums.values() if f.tier is Tier.PUBLIC)
    meeting = next(m for m in meetings if m.forum_id == public.id and m.status is MeetingStatus.PLANNED)
    out_file = tmp_path / "one.ics"
    code, out, _err = run_cli(
        capsys, "calendar", "--db", str(demo_db), "--meeting", meeting.id, "--out", str(out_file)
    )
    assert code == 0 and "Wrote 1 meeting " in out
    (event,) = icalendar.Calendar.from_ical(out_file.read_bytes()).walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.id}@partnership-facilitator"
    assert str(event["LOCATION"]) == meeting.venue
    assert "Residents' questions" in str(event["DESCRIPTION"])


@pytest.mark.parametrize(
    "argv",
    [
        ["meetings", "--forum", "no-such-forum"],
        ["calendar", "--meeting", "no-such-meeting", "--out", "{out}"],
        ["calendar", "--forum", "no-such-forum", "--out", "{out}"],
    ],
)
def test_unknown_ids_are_told_plainly_with_exit_1(
    argv: list[str], demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_file = tmp_path / "x.ics"
    code, out, err = run_cli(capsys, *[a.format(out=out_file) for a in argv], "--db", str(demo_db))
    assert (code, out) == (1, "")
    assert "There is no" in err and "no-such-" in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_meetings_and_calendar_read_a_file_that_is_open_for_writing(
    demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = tmp_path / "open.sqlite"
    copy.write_bytes(demo_db.read_bytes())
    with open_partnership(copy):  # the window has it open and holds the writer lock
        assert run_cli(capsys, "meetings", "--db", str(copy))[0] == 0
        meetings, _forums = _stored(copy)
        code, _out, err = run_cli(
            capsys,
            "calendar",
            "--db",
            str(copy),
            "--meeting",
            meetings[0].id,
            "--out",
            str(tmp_path / "a.ics"),
        )
        assert (code, err) == (0, "")


def test_meetings_of_a_partnership_without_meetings(
    db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    open_partnership(db_path).close()
    code, out, _err = run_cli(capsys, "meetings", "--db", str(db_path))
    assert (code, out.strip()) == (0, "There are no meetings.")
    code, out, _err = run_cli(capsys, "meetings", "--db", str(db_path), "--json")
    assert (code, json.loads(out)) == (0, [])
