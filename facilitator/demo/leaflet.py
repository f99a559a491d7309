"""The demo's leaflet: a realistic leaflet for a public meeting, translated into Polish, Arabic and Turkish.

Called by ``facilitator.demo.build_demo``; what it says is in ``stories/leaflet.toml``. Everything goes through
the core's operations: the leaflet, three public actions done since the previous public meeting (with their
public wording), one partners-only action that must never reach a leaflet, and the translations, as an
organiser would enter them.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

from facilitator import clock
from facilitator.actions import Action, ActionStatus, save_action
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.demo import stories
from facilitator.entities import Partner, Sector
from facilitator.frozen import frozen
from facilitator.leaflets import (
    Leaflet,
    actions_to_report,
    add_logo,
    leaflet_for,
    previous_public_meeting,
    save_leaflet,
)
from facilitator.meeting_ops import agenda
from facilitator.meetings import Confidentiality, Meeting
from facilitator.store import Store

#: A text in each language, by code ("en", the source, and the leaflet's other languages).
Text = dict[str, str]


@frozen
class _Done:
    """An action whose public wording a leaflet may report."""

    title: str
    sector: Sector  # of the partner that did it
    public: Text


@frozen
class _LeafletStory:
    """Everything ``stories/leaflet.toml`` holds."""

    languages: tuple[str, ...]
    logo: str  # the logo's file name
    leaflet: dict[str, Any]  # the core's Leaflet's settings
    left_out: tuple[str, ...]  # usual items a leaflet need not list
    texts: dict[str, Text]  # the leaflet's own texts, by its field
    done: tuple[_Done, ...]  # public actions done since the previous public meeting, oldest first
    partners_only: _Done  # worded for the public, but partners-only: it must never reach a leaflet
    translations: tuple[Text, ...]  # the public meeting's other texts


STORY = stories.load("leaflet", _LeafletStory)
#: Every text of the demo's public meetings and leaflet, by its English source.
TRANSLATIONS: dict[str, Text] = {
    text["en"]: text
    for text in (*STORY.texts.values(), *(done.public for done in STORY.done), *STORY.translations)
}


def _partner(store: Store, sector: Sector) -> Partner:
    partners = store.all(Partner)
    return next((p for p in partners if p.sector is sector), partners[0])


def _done_on(store: Store, meeting: Meeting, today: dt.date) -> list[dt.date]:
    """Three days after the previous public meeting and before this one (and not after today)."""
    previous = previous_public_meeting(store, meeting)
    last = min(meeting.starts_at.date(), max(today, meeting.starts_at.date() - dt.timedelta(days=60)))
    first = previous.starts_at.date() if previous else last - dt.timedelta(days=90)
    span = max((last - first).days, 4)
    return [first + dt.timedelta(days=max(1, span * share // 10)) for share in (2, 5, 8)]


def demo_logo(width: int = 240, height: int = 80) -> bytes:
    """A small PNG for the demo leaflet's logo (a teal band with a light stripe), made without any image library:
    the demo's partnership then keeps a file inside it, as a real one does."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    rows = bytearray()
    for y in range(height):
        rows.append(0)  # no filter
        light = height // 3 <= y < height // 3 + 8
        rows.extend((bytes((235, 244, 245)) if light else bytes((11, 93, 107))) * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows)))
        + chunk(b"IEND", b"")
    )


def add_demo_leaflet(store: Store, meeting_id: str, *, today: dt.date | None = None) -> None:
    """Write a realistic leaflet for the demo's public meeting ``meeting_id``, with the public actions it
    reports, and translations of all its texts into Polish, Arabic and Turkish (the source is English)."""
    with store.atomic():
        _add(store, store.get(Meeting, meeting_id), today or clock.today())


def _add(store: Store, meeting: Meeting, today: dt.date) -> None:
    leaflet = leaflet_for(store, meeting.id)
    edit = save_leaflet(
        store,
        stories.entry(
            Leaflet,
            {
                "id": leaflet.id,
                "meeting_id": meeting.id,
                "left_out_item_ids": [i.id for i in agenda(store, meeting.id) if i.title in STORY.left_out],
                **STORY.leaflet,
                **{field: text["en"] for field, text in STORY.texts.items()},
            },
        ),
    )
    edit.apply(store)
    written = leaflet_for(store, meeting.id)
    if not written.logo_ids:
        add_logo(store, written, STORY.logo, demo_logo()).apply(store)
    days = _done_on(store, meeting, today)
    previous = previous_public_meeting(store, meeting)
    reported = {a.public_text for a in actions_to_report(store, meeting)}
    for done, day in zip(STORY.done, days, strict=True):
        wording = done.public["en"]
        if wording in reported:
            continue
        action = Action(
            forum_id=meeting.forum_id,
            title=done.title,
            owner_partner_id=_partner(store, done.sector).id,
            due=day,
            status=ActionStatus.DONE,
            completed_on=day,
            confidentiality=Confidentiality.PUBLIC,
            public_text=wording,
            origin_meeting_id=previous.id if previous else None,
        )
        save_action(store, action).apply(store)
    hidden = STORY.partners_only
    if not [a for a in store.where(Action, {"forum_id": meeting.forum_id}) if a.title == hidden.title]:
        action = Action(
            forum_id=meeting.forum_id,
            title=hidden.title,
            owner_partner_id=_partner(store, hidden.sector).id,
            status=ActionStatus.DONE,
            completed_on=days[1],
            confidentiality=Confidentiality.PARTNERS,
            public_text=hidden.public[
                "en"
            ],  # worded for the public, but partners-only: it must stay off the leaflet
        )
        save_action(store, action).apply(store)
    for text in translatable_texts(store, meeting.id):
        versions = TRANSLATIONS.get(text.source)
        if versions is None:
            continue
        for language in STORY.languages:
            if language in versions:
                set_translation(store, text, language, versions[language], reviewed=True).apply(store)
