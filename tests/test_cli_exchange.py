"""Two laptops, one partnership, through the command line only: copies of one file edited with ``apply``,
exchanged with ``exchange``, compared with ``export-json``. Every step is a separate process, as a user runs it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

PASSPHRASE = "four words on a stick"


def _run(*argv: str | Path, ok: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "FACILITATOR_PASSPHRASE": PASSPHRASE}
    done = subprocess.run(
        [sys.executable, "-m", "facilitator", *map(str, argv)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
        check=False,
    )
    if ok:
        assert done.returncode == 0, done.stderr
    return done


def _export(db: Path, out: Path) -> dict[str, object]:
    _run("export-json", "--db", db, "--out", out)
    document: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    document.pop("exported_at")
    return document


def _changes(tmp_path: Path, name: str, **lists: list[dict[str, object]]) -> Path:
    path = tmp_path / f"{name}.json"
    path.write_text(
        json.dumps({"format": "partnership-facilitator", "version": 2, **lists}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def test_three_copies_edited_with_apply_and_exchanged_end_the_same(tmp_path: Path) -> None:
    a, b, c = (tmp_path / f"{n}.sqlite" for n in "abc")
    _run("demo", "--db", a)
    _run("exchange", "export", "--db", a, "--out", tmp_path / "setup.pfexchange", "--laptop", "Coordinator")
    shutil.copy(a, b)
    shutil.copy(a, c)
    start = _export(a, tmp_path / "start.json")
    police = next(p for p in start["partners"] if p["sector"] == "police")  # type: ignore[attr-defined]

    applied = _run(
        "apply",
        "--db",
        a,
        "--laptop",
        "Coordinator",
        "--person",
        "Sam",
        _changes(
            tmp_path,
            "on-a",
            partners=[
                {"id": police["id"], "name": "Station Ward Police", "short_name": "Police A"},
                {"name": "Night shelter", "sector": "housing", "language": "pl"},
            ],
        ),
    )
    assert "1 record created" in applied.stdout and "short_name" in applied.stdout
    _run(
        "apply",
        "--db",
        b,
        "--laptop",
        "Deputy",
        "--person",
        "Noor",
        _changes(
            tmp_path, "on-b", partners=[{"id": police["id"], "contact": "101", "short_name": "Police B"}]
        ),
    )
    _run(
        "apply",
        "--db",
        c,
        "--laptop",
        "Secretariat",
        "--person",
        "Ana",
        _changes(
            tmp_path,
            "on-c",
            representatives=[
                {
                    "name": "Insp. Kowalska",
                    "partner_id": police["id"],
                    "role": "Inspector",
                    "preferred_language": "pl",
                }
            ],
        ),
    )
    # A refused record changes nothing and says why, in words.
    refused = _run(
        "apply",
        "--db",
        c,
        _changes(tmp_path, "bad", representatives=[{"name": "No partner", "partner_id": "nope"}]),
        ok=False,
    )
    assert (
        refused.returncode == 1
        and "representatives[0]" in refused.stderr
        and "Traceback" not in refused.stderr
    )

    files = {name: tmp_path / f"{name}.pfexchange" for name in "abc"}
    laptops = {"a": (a, "Coordinator"), "b": (b, "Deputy"), "c": (c, "Secretariat")}
    for _round in range(2):
        for name, (db, laptop) in laptops.items():
            _run("exchange", "export", "--db", db, "--out", files[name], "--laptop", laptop)
        for name, (db, laptop) in laptops.items():
            others = [files[o] for o in "abc" if o != name]
            _run("exchange", "import", "--db", db, *others, "--laptop", laptop)

    documents = [_export(db, tmp_path / f"end-{n}.json") for n, (db, _l) in laptops.items()]
    assert documents[0] == documents[1] == documents[2]
    merged = next(p for p in documents[0]["partners"] if p["id"] == police["id"])  # type: ignore[attr-defined]
    assert (merged["name"], merged["contact"]) == ("Station Ward Police", "101")
    assert merged["short_name"] in ("Police A", "Police B")
    names = {p["name"] for p in documents[0]["partners"]} | {
        r["name"] for r in documents[0]["representatives"]
    }  # type: ignore[attr-defined]
    assert {"Night shelter", "Insp. Kowalska"} <= names

    listed = _run("exchange", "conflicts", "--db", b, "--json")
    (conflict,) = json.loads(listed.stdout)
    assert conflict["field"] == "short_name"
    assert {conflict["kept"]["value"], conflict["others"][0]["value"]} == {"Police A", "Police B"}

    # The audit trail names the laptop and the person of a merged change.
    _run("audit", "--db", c, "--out", tmp_path / "audit.csv")
    audit = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig")
    assert any(
        "Sam" in line and "Coordinator" in line and "Night shelter" in line for line in audit.splitlines()
    )

    # The same exchange again changes nothing; a wrong passphrase is refused in words.
    again = _run("exchange", "import", "--db", a, files["b"], "--laptop", "Coordinator")
    assert "0 records were changed" in again.stdout
    _run("exchange", "export", "--db", b, "--out", files["b"], "--laptop", "Deputy")
    wrong = subprocess.run(
        [sys.executable, "-m", "facilitator", "exchange", "import", "--db", str(a), str(files["b"])],
        capture_output=True,
        text=True,
        env={**os.environ, "FACILITATOR_PASSPHRASE": "wrong"},
        timeout=300,
        check=False,
    )
    assert wrong.returncode == 1 and "passphrase is wrong" in wrong.stderr and "Traceback" not in wrong.stderr
    assert _export(a, tmp_path / "still.json") == documents[0]
