"""What a meeting tabled: the conflicts and notices under its items, fixed as ``Tabling`` records when it starts
(until then they are derived from the registers by ``conflicts.derive_tablings``)."""

from __future__ import annotations

from facilitator.entities import Record
from facilitator.frozen import frozen
from facilitator.store import Store


@frozen(kw_only=True)
class Tabling(Record):
    """A conflict or notice tabled at a meeting, as it stood when the meeting started (derived, unsaved, before)."""

    meeting_id: str
    item_id: str
    subject_kind: str  # "conflicts" or "notices"
    subject_id: str
    state_then: str  # the stage or status code when tabled
    position: int = 0


def tablings_at(store: Store, meeting_id: str, subject_kind: str) -> list[Tabling]:
    """Conflicts or notices tabled at a meeting when it started."""
    return [t for t in store.where(Tabling, {"meeting_id": meeting_id}) if t.subject_kind == subject_kind]
