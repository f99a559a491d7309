"""ReadOnce: a page that asks the same question many times reads the file once, and writes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from facilitator import clock, operations
from facilitator.entities import Forum, Partner
from facilitator.errors import MinutesLocked
from facilitator.home import attention
from facilitator.meeting_ops import timeline_of
from facilitator.meetings import Meeting
from facilitator.snapshot import ReadOnce
from facilitator.storage.database import open_partnership


class Counting:
    """A real store that counts the questions put to it."""

    def __init__(self, store: object) -> None:
        self.store = store
        self.asked: list[tuple[str, str]] = []
        self.questions: list[tuple[object, ...]] = []

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)

    def where(self, kind: type, equals: dict[str, str], **options: bool) -> list[object]:
        self.asked.append(("where", kind.__name__))
        self.questions.append(("where", kind.__name__, tuple(sorted(equals.items())), tuple(options.items())))
        return self.store.where(kind, equals, **options)  # type: ignore[attr-defined]

    def all(self, kind: type, **options: bool) -> list[object]:
        self.asked.append(("all", kind.__name__))
        self.questions.append(("all", kind.__name__, tuple(options.items())))
        return self.store.all(kind, **options)  # type: ignore[attr-defined]

    def values(self, kind: type, fields: tuple[str, ...], equals: dict[str, str] | None = None) -> object:
        self.asked.append(("values", kind.__name__))
        self.questions.append(("values", kind.__name__, fields, tuple(sorted((equals or {}).items()))))
        return self.store.values(kind, fields, equals)  # type: ignore[attr-defined]

    def find(self, kind: type, record_id: str) -> object:
        self.asked.append(("find", kind.__name__))
        self.questions.append(("find", kind.__name__, record_id))
        return self.store.find(kind, record_id)  # type: ignore[attr-defined]


def test_each_question_goes_to_the_file_once_and_answers_stay_apart(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        forum = Forum(name="Station Square weekly")
        operations.save_forum(store, forum).apply(store)
        store.put(Partner(name="Police"))
        counting = Counting(store)
        view = ReadOnce(counting)  # type: ignore[arg-type]
        first = view.where(Forum, {"name": forum.name})
        first.append(forum)  # a caller sorting or growing its answer changes nothing for the next
        assert view.where(Forum, {"name": forum.name}) == [forum]
        assert view.find(Forum, forum.id) == view.find(Forum, forum.id) == forum
        assert [p.name for p in view.all(Partner)] == ["Police"]
        view.all(Partner)
        # (every record of a kind is asked as "where nothing in particular")
        assert counting.asked == [("where", "Forum"), ("find", "Forum"), ("where", "Partner")]
        # Archived records are another question, asked on its own.
        view.all(Partner, include_archived=True)
        assert counting.asked[-1] == ("where", "Partner") and len(counting.asked) == 4
        # Columns without records too (a new list each time).
        names = view.values(Partner, ("name",), {"sector": "other"})
        names.append(("Housing",))
        assert view.values(Partner, ("name",), {"sector": "other"}) == [("Police",)]
        assert view.values(Partner, ("name",)) == [("Police",)]
        assert counting.asked[4:] == [("values", "Partner"), ("values", "Partner")]
        with pytest.raises(MinutesLocked):
            view.put(Partner(name="Housing"))
        assert [p.name for p in store.all(Partner)] == ["Police"]


def test_home_asks_the_file_each_question_once(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        for name in ("Station Square weekly", "Strategic group"):
            operations.save_forum(store, Forum(name=name)).apply(store)
        counting = Counting(store)
        attention(counting, clock.today())  # type: ignore[arg-type]
    # It read each forum's meetings (their starts and states: only those it lists are read whole).
    assert sum(q[1] == "Meeting" for q in counting.questions) >= 2
    repeated = {q for q in counting.questions if counting.questions.count(q) > 1}
    assert not repeated


def test_work_asked_many_times_is_worked_out_once(db_path: Path) -> None:
    with open_partnership(db_path) as store:
        forum = Forum(name="Station Square weekly")
        operations.save_forum(store, forum).apply(store)
        for day in (9, 2, 16):  # planned out of order: the timeline is by start
            meeting = Meeting(
                forum_id=forum.id, title="Weekly round", starts_at=dt.datetime(2026, 12, day, 10)
            )
            store.put(meeting)
        view = ReadOnce(store)
        worked: list[str] = []

        def work() -> list[str]:
            worked.append("once")
            return ["answer"]

        assert view.once(("work", "a"), work) == view.once(("work", "a"), work) == ["answer"]
        assert view.once(("work", "b"), work) == ["answer"]  # another question is worked out on its own
        assert worked == ["once", "once"]
        # A forum's timeline over ReadOnce: the same as over the store, worked out once, a new list each time.
        timeline = timeline_of(view, forum.id)
        assert timeline == timeline_of(store, forum.id)
        assert [slot.starts_at.day for slot in timeline] == [2, 9, 16]
        timeline.pop()
        assert len(timeline_of(view, forum.id)) == 3
        assert list(view._worked_out) == [("work", "a"), ("work", "b"), ("timeline_of", forum.id)]
