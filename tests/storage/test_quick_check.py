"""The quick check made apart (``storage/quick_check.py``): the window runs it on a worker while it starts and
hands the answer to ``open_partnership``. Only a sound answer spares the check on the opening's connection;
any other answer, or none, leaves every refusal exactly as it is without it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from facilitator.entities import Partner
from facilitator.errors import DatabaseCorrupt, NotADatabase
from facilitator.storage.database import Partnership, open_partnership
from facilitator.storage.quick_check import SOUND, quick_check_apart


def _fill(path: Path, partners: int = 400) -> None:
    with open_partnership(path) as store, store.atomic():
        for i in range(partners):
            store.put(Partner(name=f"Partner {i}", contact=f"Desk {i} " + "x" * 200))


def _spoil_the_middle(path: Path) -> str:
    """Overwrite pages in the middle of the file (records, not the schema): what SQLite's quick check finds."""
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek((size // 4096 // 2) * 4096)
        file.write(bytes((i * 37 + 11) % 256 for i in range(3 * 4096)))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_sound_file_is_sound_and_what_cannot_be_checked_apart_is_left_to_the_opening(
    tmp_path: Path,
) -> None:
    sound = tmp_path / "sound.sqlite"
    _fill(sound)
    assert quick_check_apart(sound) == SOUND
    empty = tmp_path / "empty.sqlite"
    empty.touch()
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all, but long enough to have a header " * 20, encoding="utf-8")
    assert quick_check_apart(tmp_path / "missing.sqlite") is None
    assert quick_check_apart(empty) is None
    assert quick_check_apart(text) is None
    assert quick_check_apart(tmp_path) is None  # a folder


def test_a_damaged_file_is_not_called_sound_and_is_refused_as_without_the_check_apart(tmp_path: Path) -> None:
    path = tmp_path / "damaged.sqlite"
    _fill(path)
    digest = _spoil_the_middle(path)
    assert quick_check_apart(path) != SOUND
    refusals = []
    for checked in (None, lambda: quick_check_apart(path), lambda: None, lambda: "*** in database main ***"):
        with pytest.raises((DatabaseCorrupt, NotADatabase)) as caught:
            open_partnership(path, daily_backup=True, contents_checked=checked)
        refusals.append((type(caught.value), caught.value.message, caught.value.hint))
    assert len(set(refusals)) == 1  # told the same way whatever the worker found
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    assert not path.with_name(path.name + ".lock").exists()


def test_a_sound_answer_spares_the_check_and_any_other_is_checked_again(tmp_path: Path) -> None:
    path = tmp_path / "partnership.sqlite"
    _fill(path)
    # A false alarm from the worker does not refuse a sound file: the opening checks it on its own connection.
    for answer in (None, "*** in database main ***"):
        with open_partnership(path, contents_checked=lambda answer=answer: answer) as store:
            assert len(store.all(Partner)) == 400
    # A sound answer is taken as it is (the file is not read through twice): damage that only the quick check
    # would find passes when the worker said the file was sound (it read the file just before).
    _spoil_the_middle(path)
    asked = []

    def sound() -> str:
        asked.append(True)
        return SOUND

    store = open_partnership(path, contents_checked=sound)
    assert isinstance(store, Partnership) and asked == [True]
    store.close()


def test_the_answer_is_asked_for_only_once_the_file_passed_the_checks_before_it(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all, but long enough to have a header " * 20, encoding="utf-8")
    asked = []
    with pytest.raises(NotADatabase):
        open_partnership(text, contents_checked=lambda: asked.append(True) or SOUND)
    assert asked == []
