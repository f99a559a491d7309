"""The ids of what a meeting carries (``agenda_routing.derived_id``): stable name-based UUIDs, as files hold them."""

from __future__ import annotations

import uuid

from hypothesis import given
from hypothesis import strategies as st

from facilitator import agenda_routing


@given(st.text(), st.sampled_from(["review", "tabling", "escalation-review"]), st.text())
def test_derived_ids_are_the_uuid5s_of_their_meeting_and_subject(
    meeting_id: str, what: str, subject_id: str
) -> None:
    """Computed with the interpreter's own SHA-1 rather than hashlib's (Home's reading does not load OpenSSL): the
    same ids as ``uuid.uuid5``, which files written by earlier versions hold."""
    expected = uuid.uuid5(agenda_routing._NAMESPACE, f"{meeting_id}/{what}/{subject_id}")
    assert agenda_routing.derived_id(meeting_id, what, subject_id) == str(expected)


def test_a_derived_id_written_by_an_earlier_version() -> None:
    assert agenda_routing.derived_id("m-1", "review", "a-1") == "e496acae-1ad4-597d-9954-87993e2f2ba4"
