"""The command line reaches every partner and finds anything: ``circulate``, ``reminders`` and ``search``."""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from facilitator.actions import Action, save_action
from facilitator.circulation import CirculatedCopy, Circulation
from facilitator.profile import Profile, save_profile
from facilitator.storage import open_partnership
from facilitator.storage.search_index import is_current
from tests.cli_run import run_cli
from tests.conftest import stand_on
from tests.reach_world import build_reach


@pytest.fixture
def world(db_path: Path) -> dict[str, str]:
    with open_partnership(db_path) as store:
        reach = build_reach(store)
        r = reach.round
        action = Action(forum_id=r.forum.id, title="Send the counts", owner_partner_id=r.housing.id,
                        due=dt.date(2025, 5, 20))  # fmt: skip
        save_action(store, action).apply(store)
        return {"db": str(db_path), "meeting": r.following.id, "held": r.meeting.id, "forum": r.forum.id,
                "police": r.police.id}  # fmt: skip


def test_circulate_writes_one_draft_per_partner_and_records_it(
    world: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "drafts"
    code, printed, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                              "--what", "agenda", "--out", str(out))  # fmt: skip
    assert code == 0, err
    drafts = sorted(out.glob("*.eml"))
    assert len(drafts) == 4 and "Wrote 4 drafts" in printed
    assert "No e-mail address for: Residents Forum" in err
    police = next(p for p in drafts if "Police" in p.name)
    message = message_from_bytes(police.read_bytes(), policy=policy.default)
    assert message["X-Unsent"] == "1" and "ana.alvarez@police.example.org" in str(message["To"])
    with open_partnership(Path(world["db"]), read_only=True) as store:
        (circulation,) = store.all(Circulation)
        assert len(store.where(CirculatedCopy, {"circulation_id": circulation.id})) == 4
    # Again: the drafts exist, so only --force replaces them; then each says nothing changed.
    code, _printed, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                               "--what", "agenda", "--out", str(out))  # fmt: skip
    assert code != 0 and "--force" in err
    code, printed, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                              "--what", "agenda", "--out", str(out), "--force",
                              "--partner", world["police"])  # fmt: skip
    assert code == 0, err
    assert "unchanged since the last version sent" in printed and "Wrote 1 draft" in printed


def test_a_command_that_writes_says_when_it_builds_the_search_first(
    world: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file whose search index an earlier version built: the first command that writes to it builds the index
    again, and says so rather than staying silent for the seconds that takes; the next one says nothing."""
    connection = sqlite3.connect(world["db"])
    connection.execute("update search_state set value = '1' where key = 'version'")  # another version's index
    connection.commit()
    connection.close()
    code, _printed, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                               "--what", "agenda", "--out", str(tmp_path / "first"))  # fmt: skip
    assert code == 0 and "Preparing the search of this file first" in err
    with open_partnership(Path(world["db"]), read_only=True) as store:
        assert is_current(store.db)
    code, _printed, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                               "--what", "agenda", "--out", str(tmp_path / "again"))  # fmt: skip
    assert code == 0 and "Preparing the search" not in err


def test_circulate_refuses_what_cannot_be(
    world: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                           "--what", "leaflet", "--out", str(tmp_path))  # fmt: skip
    assert code != 0 and "cannot be circulated" in err
    code, _out, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", world["meeting"],
                           "--what", "minutes", "--out", str(tmp_path))  # fmt: skip
    assert code != 0 and "held" in err
    code, _out, err = run_cli(capsys, "circulate", "--db", world["db"], "--meeting", "nope",
                           "--what", "agenda", "--out", str(tmp_path))  # fmt: skip
    assert code != 0 and "no meeting" in err
    assert not list(tmp_path.glob("*.eml"))


def test_reminders_from_the_command_line(
    world: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stand_on(dt.date(2025, 6, 4))
    code, printed, err = run_cli(capsys, "reminders", "--db", world["db"], "--forum", world["forum"],
                              "--out", str(tmp_path / "r"))  # fmt: skip
    assert code == 0, err
    (draft,) = sorted((tmp_path / "r").glob("*.eml"))
    message = message_from_bytes(draft.read_bytes(), policy=policy.default)
    assert "Send the counts" in message.get_body(("plain",)).get_content()
    assert "Nothing to remind:" in printed and "Wrote 1 draft" in printed


def test_search_prints_the_same_results_as_text_and_json(
    world: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "NIGHTJAR")
    assert code == 0 and "Agenda items and notes" in printed and "«Nightjar»" in printed
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "nightj", "--json")
    found = json.loads(printed)
    items = next(g for g in found if g["kind"] == "agenda_items")
    assert items["results"] and all("Nightjar" in r["found"] for r in items["results"])
    assert items["results"][0]["opens"]["screen"] == "meetings"
    days = [r["day"] for r in items["results"]]
    assert days == sorted(days, reverse=True)
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "zzzqqq")
    assert code == 0 and "Nothing found" in printed


def test_search_writes_dates_as_the_partnership_region_does(
    world: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A British partnership reads "20 May 2025", as ``meetings`` and its documents write it, not the United
    States' "May 20, 2025" (the search printed English dates in American order)."""
    with open_partnership(Path(world["db"])) as store:
        save_profile(store, Profile(region="GB")).apply(store)
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "counts")
    assert code == 0 and "«counts»" in printed
    shown = next(line for line in printed.splitlines() if "Send the counts" in line)
    day = shown.split("Send the counts")[0].strip()
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}", day), shown
    code, listed, _err = run_cli(capsys, "meetings", "--db", world["db"])
    assert re.search(r"^\d{1,2} [A-Z][a-z]{2} \d{4} ", listed.splitlines()[2]), listed


def test_search_for_an_audience(world: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "nightjar", "--audience", "public")
    assert code == 0 and "Nothing found" in printed  # Nightjar is restricted to the police
    code, printed, _err = run_cli(capsys, "search", "--db", world["db"], "nightjar", "--audience", "partners",
                               "--for-partner", world["police"])  # fmt: skip
    assert code == 0 and "«Nightjar»" in printed
    code, _printed, err = run_cli(capsys, "search", "--db", world["db"], "x", "--audience", "everyone")
    assert code != 0 and "not an audience" in err
