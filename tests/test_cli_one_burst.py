"""A document command pauses Python's cycle collector for its one burst of work
(``facilitator.collector.collector_paused``) and switches it back on however it ends; a caller that had switched it
off finds it off still."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from facilitator import minutes
from facilitator.cli import main
from tests.core.test_minutes import Round

pytestmark = pytest.mark.usefixtures("font_cache")


@pytest.fixture
def collector_on() -> Iterator[None]:
    """The cycle collector on, as Python starts (and as it was left after the test)."""
    was = gc.isenabled()
    gc.enable()
    try:
        yield
    finally:
        (gc.enable if was else gc.disable)()


def _argv(db: Path, meeting: str, out: Path) -> list[str]:
    options = ["--db", str(db), "--meeting", meeting, "--audience", "partners", "--lang", "en"]
    return ["minutes", *options, "--format", "docx", "--out", str(out)]


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_paused_for_the_document_and_on_again_after(
    round_file: tuple[Path, Round], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, r = round_file
    seen: list[bool] = []
    real = minutes.build_minutes

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(minutes, "build_minutes", watched)
    assert main(_argv(db, r.meeting.id, tmp_path / "m.docx")) == 0
    assert seen == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_on_again_after_a_refusal(
    round_file: tuple[Path, Round], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _r = round_file
    assert main(_argv(db, "no-such-meeting", tmp_path / "m.docx")) == 1
    assert "no-such-meeting" in capsys.readouterr().err
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(round_file: tuple[Path, Round], tmp_path: Path) -> None:
    db, r = round_file
    was = gc.isenabled()
    gc.disable()
    try:
        assert main(_argv(db, r.meeting.id, tmp_path / "m.docx")) == 0
        assert not gc.isenabled()
    finally:
        if was:
            gc.enable()
