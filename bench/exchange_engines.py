"""The two candidate engines for merging copies of a partnership, tried on our own records (docs/exchange.md).

1. SQLite's session extension through APSW: record a changeset of each laptop's edits, apply it to the other copies
   with a conflict handler.
2. pycrdt (Yjs' model in Rust): the same edits as writes to a replicated document, merged in any order.

For each: the size of a week's changes (about 500 field edits of the demo), the time to apply them to another
copy, and whether three laptops that edited the same field end with the same value whatever the order of their
exchanges. Also: whether a session sees changes made through Python's sqlite3 (which sqlite-utils uses).

APSW is not a dependency of the app. Run: ``uv run --with apsw python bench/exchange_engines.py``.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import sqlite3
import time
import zlib
from pathlib import Path

from common import OUT, build_demo_file, environment

EDITS = 500


def _edits(path: Path, seed: int) -> list[tuple[str, str, str, str]]:
    """(table, id, column, new value): a busy week's field edits on text columns of the demo."""
    rng = random.Random(seed)
    conn = sqlite3.connect(path)
    rows = [("partners", r[0], "contact") for r in conn.execute("select id from partners")]
    rows += [("actions", r[0], "details") for r in conn.execute("select id from actions")]
    rows += [("agenda_items", r[0], "notes") for r in conn.execute("select id from agenda_items")]
    conn.close()
    return [(*rng.choice(rows), f"edit {seed}-{n}: " + "words " * rng.randint(1, 12)) for n in range(EDITS)]


def try_sessions(template: Path, folder: Path) -> None:
    import apsw

    copies = {}
    for name in "ABC":
        copies[name] = folder / f"session-{name}.sqlite"
        shutil.copy(template, copies[name])
    edits = _edits(template, 1)
    conn = apsw.Connection(str(copies["A"]))
    session = apsw.Session(conn, "main")
    session.attach()
    for table, record_id, column, value in edits:
        conn.execute(f"update [{table}] set [{column}] = ? where id = ?", (value, record_id))
    changeset = session.changeset()
    conn.close()
    target = apsw.Connection(str(copies["C"]))
    started = time.perf_counter()
    apsw.Changeset.apply(changeset, target, conflict=lambda *_a: apsw.SQLITE_CHANGESET_REPLACE)
    applied = time.perf_counter() - started
    target.close()
    print(
        f"  sessions: changeset of {EDITS} edits {len(changeset):,} bytes ({len(zlib.compress(changeset)):,} zlib)"
    )
    print(f"  sessions: applied to another copy in {applied * 1000:.0f} ms")

    # sqlite-utils writes through Python's sqlite3: a session on an APSW connection does not see those writes.
    watcher = apsw.Connection(str(copies["B"]))
    watching = apsw.Session(watcher, "main")
    watching.attach()
    other = sqlite3.connect(copies["B"])
    other.execute("update partners set contact = 'through sqlite3'")
    other.commit()
    other.close()
    print(f"  sessions: changes made through sqlite3 recorded: {len(watching.changeset())} bytes (none)")
    watcher.close()

    # Three laptops set the same field; each applies the others' changesets in its own order. With a handler that
    # takes the incoming value (REPLACE) the last applied wins, so the order decides; with OMIT each keeps its own.
    table, record_id, column = "partners", edits[0][1] if edits[0][0] == "partners" else None, "contact"
    record_id = record_id or sqlite3.connect(template).execute("select id from partners").fetchone()[0]
    sets = {}
    for name in "ABC":
        shutil.copy(template, copies[name])
        conn = apsw.Connection(str(copies[name]))
        s = apsw.Session(conn, "main")
        s.attach()
        conn.execute(f"update [{table}] set [{column}] = ? where id = ?", (f"set on {name}", record_id))
        sets[name] = s.changeset()
        conn.close()
    for policy, code in (("REPLACE", apsw.SQLITE_CHANGESET_REPLACE), ("OMIT", apsw.SQLITE_CHANGESET_OMIT)):
        finals = set()
        for order in itertools.permutations("ABC"):
            path = folder / "order.sqlite"
            shutil.copy(template, path)
            conn = apsw.Connection(str(path))
            for name in order:
                apsw.Changeset.apply(sets[name], conn, conflict=lambda *_a, c=code: c)
            finals.add(
                conn.execute(f"select [{column}] from [{table}] where id = ?", (record_id,)).fetchone()[0]
            )
            conn.close()
        print(
            f"  sessions, {policy}: same field on three laptops, six orders give {len(finals)} different results"
        )


def try_pycrdt() -> None:
    from pycrdt import Doc, Map

    base = Doc()
    base_map = base.get("partners", type=Map)
    base_map["p1/contact/0"] = json.dumps({"v": "base"})
    edits = _edits(OUT / "exchange-engines" / "template.sqlite", 2)
    a = Doc()
    a.apply_update(base.get_update())
    before = a.get_state()
    with a.transaction():
        for n, (table, record_id, column, value) in enumerate(edits):
            a.get(table, type=Map)[f"{record_id}/{column}/a.{n}"] = json.dumps(
                {"v": value, "t": "2026-12-07"}
            )
    update = a.get_update(before)
    c = Doc()
    c.apply_update(base.get_update())
    started = time.perf_counter()
    c.apply_update(update)
    applied = time.perf_counter() - started
    print(f"  pycrdt: update of {EDITS} edits {len(update):,} bytes ({len(zlib.compress(update)):,} zlib)")
    print(f"  pycrdt: merged into another copy in {applied * 1000:.0f} ms")
    updates = {}
    for name in "ABC":
        d = Doc()
        d.apply_update(base.get_update())
        sv = d.get_state()
        d.get("partners", type=Map)["p1/contact/0"] = json.dumps({"v": f"set on {name}"})
        updates[name] = d.get_update(sv)
    finals = set()
    for order in itertools.permutations("ABC"):
        d = Doc()
        d.apply_update(base.get_update())
        for name in order + order:  # and each twice
            d.apply_update(updates[name])
        finals.add(str(d.get("partners", type=Map)["p1/contact/0"]))
    print(
        f"  pycrdt: same field on three laptops, six orders (each update twice) give {len(finals)} result(s)"
    )


def main() -> None:
    folder = OUT / "exchange-engines"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    template = folder / "template.sqlite"
    build_demo_file(template, 1)
    print(f"engines: {environment()}, 1-year demo")
    try:
        try_sessions(template, folder)
    except ImportError:
        print("  sessions: APSW is not installed (uv run --with apsw python bench/exchange_engines.py)")
    try_pycrdt()


if __name__ == "__main__":
    main()
