"""Laptops for the exchange tests: copies of one partnership file, edited through the core's operations."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

from facilitator.approval import MinutesStatus, minutes_status, verify_minutes
from facilitator.document import build_document
from facilitator.meetings import Meeting
from facilitator.merging import rivals_of
from facilitator.records import KINDS, record_from_dict, record_to_dict
from facilitator.rules import ONE_PER_PARTNERSHIP, RECORD_RULES
from facilitator.storage import Partnership, open_partnership
from facilitator.storage.exchange import exchange


def set_up_template(folder: Path) -> Path:
    """The demo, set up for exchange once (as a coordinator would before handing out copies), on the frozen
    clock of the tests (module fixtures run outside the per-test clock)."""
    import datetime as dt

    from facilitator.clock import FrozenClock, use
    from facilitator.demo import build_demo

    previous = use(FrozenClock(dt.datetime(2026, 12, 7, 9, 30), "Europe/London"))
    try:
        path = folder / "demo.sqlite"
        store = open_partnership(path)
        build_demo(store)
        exchange(store)
        store.close()
    finally:
        use(previous)
    return path


def copies(template: Path, folder: Path, names: str) -> dict[str, Partnership]:
    """One open copy of ``template`` per laptop name, each naming its laptop in the audit trail."""
    laptops = {}
    for name in names:
        path = folder / f"{name}.sqlite"
        shutil.copy(template, path)
        opened = open_partnership(path)
        opened.author = dataclasses.replace(
            opened.author, laptop=f"laptop {name}", coordinator=f"Person {name}"
        )
        laptops[name] = opened
    return laptops


def send(source: Partnership, target: Partnership) -> None:
    """``target`` merges what ``source`` has (its changes and all it heard from others)."""
    exchange(target, [exchange(source).state])


def settle(laptops: dict[str, Partnership], rounds: int = 6) -> int:
    """Everyone exchanges with everyone until all agree; returns the rounds it took."""
    for done in range(1, rounds + 1):
        states = {name: exchange(p).state for name, p in laptops.items()}
        for name, partnership in laptops.items():
            exchange(partnership, [s for other, s in states.items() if other != name])
        if len({snapshot(p) for p in laptops.values()}) == 1:
            return done
    return rounds + 1


def snapshot(store: Partnership) -> str:
    """The whole partnership as ``export-json`` writes it, without the moment of the export."""
    document = build_document(store)
    document.pop("exported_at")
    return json.dumps(document, sort_keys=True, ensure_ascii=False)


def broken_rules(store: Partnership, *, every_field: bool = True) -> list[str]:
    """Every rule of the core a record breaks in ``store`` (empty when the partnership is sound); without
    ``every_field``, only the rules between records (the validators of single records take longest). Each
    record is checked as it stands (rules of a change, such as an escalation going up, are judged when the
    change is made, so they are not judged again here)."""
    found: list[str] = []
    for name, kind in KINDS.items():
        if not every_field and kind not in RECORD_RULES and kind not in ONE_PER_PARTNERSHIP:
            continue
        for record in store.all(kind, include_archived=True):
            try:
                if every_field:
                    record_from_dict(kind, record_to_dict(record))
                for rule in RECORD_RULES.get(kind, ()):
                    rule(store, record, record)
            except Exception as error:
                found.append(f"{name} {record.id}: {error}")
            if rivals_of(store, record):
                found.append(f"{name} {record.id}: a second record where the partnership holds one")
    for meeting in store.all(Meeting, include_archived=True):
        if minutes_status(store, meeting.id) is MinutesStatus.APPROVED and not verify_minutes(
            store, meeting.id
        ):
            found.append(f"approved minutes of {meeting.id} changed")
    found.extend(str(row) for row in store.db.execute("PRAGMA foreign_key_check").fetchall())
    return found


def plain(record: Any) -> dict[str, Any]:
    """A record as plain data."""
    return record_to_dict(record)
