"""The command line, run in-process: commands, help, and errors told plainly without a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.entities import Partner
from facilitator.storage import open_partnership


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--version")
    assert (code, out.strip()) == (0, "Partnership Facilitator 0.1.0")


def test_demo_export_and_import_into_a_new_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "demo.sqlite", tmp_path / "copy.sqlite"
    code, out, err = _run(capsys, "demo", "--db", str(first), "--years", "2")
    assert (code, err) == (0, "")
    assert str(first) in out and first.exists()

    code, out, err = _run(capsys, "export-json", "--db", str(first), "--out", str(tmp_path / "demo.json"))
    assert (code, err) == (0, "")
    exported = json.loads((tmp_path / "demo.json").read_text(encoding="utf-8"))
    assert len(exported["partners"]) >= 12

    code, out, err = _run(capsys, "import-json", "--db", str(second), str(tmp_path / "demo.json"))
    assert (code, err) == (0, "")
    count = sum(len(v) for v in exported.values() if isinstance(v, list))
    assert f"Imported {count} records" in out

    # --db may also come before the command.
    code, _out, _err = _run(capsys, "--db", str(second), "export-json", "--out", str(tmp_path / "copy.json"))
    assert code == 0
    again = json.loads((tmp_path / "copy.json").read_text(encoding="utf-8"))
    exported.pop("exported_at")
    again.pop("exported_at")
    assert again == exported


def test_demo_refuses_a_database_with_records(db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "demo", "--db", str(db_path))[0] == 0
    code, out, err = _run(capsys, "demo", "--db", str(db_path))
    assert (code, out) == (1, "")
    assert "already holds records" in err and "Traceback" not in err


def _bad_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    source = tmp_path / "source.sqlite"
    assert _run(capsys, "demo", "--db", str(source))[0] == 0
    assert _run(capsys, "export-json", "--db", str(source), "--out", str(tmp_path / "good.json"))[0] == 0
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
    code, out, err = _run(capsys, "import-json", "--db", str(target), str(bad))
    assert (code, out) == (1, "")
    assert "partners[3]" in err and "sector" in err and "bakery" in err
    assert "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new")) == []


def test_bad_import_into_an_empty_existing_file_leaves_it_empty(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = _bad_document(tmp_path, capsys)
    open_partnership(db_path).close()
    code, _out, err = _run(capsys, "import-json", "--db", str(db_path), str(bad))
    assert code == 1 and "partners[3]" in err
    with open_partnership(db_path) as partnership:
        assert partnership.is_empty()


def test_import_refuses_a_file_with_records(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source.sqlite"
    assert _run(capsys, "demo", "--db", str(source))[0] == 0
    assert _run(capsys, "export-json", "--db", str(source), "--out", str(tmp_path / "good.json"))[0] == 0
    with open_partnership(db_path) as partnership:
        partnership.put(Partner(name="Already here"))
    code, _out, err = _run(capsys, "import-json", "--db", str(db_path), str(tmp_path / "good.json"))
    assert code == 1 and "already holds records" in err
    assert db_path.exists()
    with open_partnership(db_path) as partnership:
        assert [p.name for p in partnership.all(Partner)] == ["Already here"]


def test_import_of_a_file_that_is_not_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text("partners:\n  - Police\n", encoding="utf-8")
    code, _out, err = _run(capsys, "import-json", "--db", str(tmp_path / "new.sqlite"), str(bad))
    assert code == 1 and "line 1, column 1" in err and "Traceback" not in err
    assert not (tmp_path / "new.sqlite").exists()


def test_export_of_a_missing_database_does_not_create_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.sqlite"
    code, _out, err = _run(capsys, "export-json", "--db", str(missing), "--out", str(tmp_path / "x.json"))
    assert code == 1 and str(missing) in err
    assert not missing.exists() and not (tmp_path / "x.json").exists()


@pytest.mark.parametrize("command", [[], ["demo"], ["export-json"], ["import-json"]])
def test_help_of_every_command(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, *command, "--help")
    assert code == 0
    assert out.startswith("usage: facilitator")
    assert "--db" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["demo"],  # no --db
        ["export-json", "--db", "x.sqlite"],  # no --out
        ["import-json", "--db", "x.sqlite"],  # no file
        ["demo", "--db", "x.sqlite", "--years", "many"],
        ["frobnicate"],
        ["--lang", "not-a-language", "--version"],  # refused before --version is acted on
    ],
)
def test_usage_errors_exit_2(
    argv: list[str], capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _out, err = _run(capsys, *argv)
    assert code == 2
    assert "usage:" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_help_texts_go_through_translation(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--lang", "x-pseudo", "demo", "--help")
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
