"""Named operations on the partnership's standing records.

Each operation validates, then returns an ``Edit``: a change that can be applied and reverted as a whole,
in one transaction. The window pushes edits onto its undo stack; the command line applies them directly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace

from facilitator.entities import (
    AnyRecord,
    Forum,
    Membership,
    Partner,
    Representative,
    Tier,
    by_name,
    touched,
    validate_forum,
    validate_membership,
    validate_partner,
    validate_representative,
)
from facilitator.errors import NotFound, ValidationError
from facilitator.frozen import frozen
from facilitator.i18n import N_, _
from facilitator.meetings import standard_usual_agenda
from facilitator.store import Store


@frozen
class Changes:
    """What an edit changed, so that views refresh only what they show."""

    kinds: frozenset[type[AnyRecord]]
    ids: frozenset[str]

    def touches(self, kind: type[AnyRecord]) -> bool:
        """Whether records of ``kind`` changed."""
        return kind in self.kinds


#: A check every edit passes before it is written or undone (for example: approved minutes are locked); it raises a
#: ``KnownError`` to refuse. Every guard is listed once, in ``facilitator.rules.EDIT_GUARDS``.
EditGuard = Callable[[Store, "Edit"], None]


def check_guards(store: Store, edit: Edit) -> None:
    """Run every guard of ``facilitator.rules`` on ``edit``; the first that refuses raises its ``KnownError``."""
    from facilitator.rules import EDIT_GUARDS  # noqa: PLC0415 - the rules build on the operations

    for guard in EDIT_GUARDS:
        guard(store, edit)


@frozen
class Edit:
    """One user action: records before and after. ``before`` None means created; ``after`` None means discarded."""

    text: str
    steps: tuple[tuple[AnyRecord | None, AnyRecord | None], ...]

    def apply(self, store: Store) -> Changes:
        """Write the ``after`` side of every step in one transaction."""
        check_guards(store, self)
        with store.atomic():
            for before, after in self.steps:
                _write(store, before, after)
        return self._changes()

    def revert(self, store: Store) -> Changes:
        """Put back the ``before`` side of every step, last step first, in one transaction."""
        check_guards(store, self)
        with store.atomic():
            for before, after in reversed(self.steps):
                _write(store, after, before)
        return self._changes()

    def _changes(self) -> Changes:
        records = [r for step in self.steps for r in step if r is not None]
        return Changes(frozenset(type(r) for r in records), frozenset(r.id for r in records))


def _write(store: Store, old: AnyRecord | None, new: AnyRecord | None) -> None:
    if new is not None:
        if new.revised_on_write:  # a meeting's calendar revision follows what is stored, undo included
            stored = store.find(type(new), new.id)
            if stored is not None:
                new = new.revised_over(stored)
        store.put(new)
    elif old is not None:
        store.discard(type(old), old.id)


def _save(store: Store, record: AnyRecord, created: str, changed: str) -> Edit:
    before = store.find(type(record), record.id)
    after = touched(record)
    if before is not None:
        after = replace(after, created=before.created)
    text = (_(changed) if before else _(created)).format(name=_name_of(record))
    return Edit(text, ((before, after),))


def _name_of(record: AnyRecord) -> str:
    return record.name if hasattr(record, "name") else ""


def _set_archived(store: Store, kind: type[AnyRecord], record_id: str, archived: bool) -> Edit:
    before = store.get(kind, record_id)
    after = touched(replace(before, archived=archived))
    message = N_("Archive {name}") if archived else N_("Restore {name}")
    return Edit(_(message).format(name=_name_of(before)), ((before, after),))


def save_forum(store: Store, forum: Forum) -> Edit:
    """Create or change a forum. The forum it escalates to, if it names one, exists and is not a public meeting.
    A new forum's usual agenda starts with the standard standing items for its tier (a public forum gets none of
    the partners' registers); the forum then edits its own."""
    validate_forum(forum)
    if forum.escalates_to_id is not None:
        target = store.find(Forum, forum.escalates_to_id)
        if target is None:
            raise ValidationError("escalates_to_id", _("names a forum that does not exist"))
        if target.tier is Tier.PUBLIC:
            raise ValidationError("escalates_to_id", _("a forum does not escalate to a public meeting"))
    edit = _save(store, forum, N_("Create forum {name}"), N_("Edit forum {name}"))
    if store.find(Forum, forum.id) is not None:
        return edit
    standing = standard_usual_agenda(forum.id, public=forum.tier is Tier.PUBLIC)
    return Edit(edit.text, (*edit.steps, *((None, item) for item in standing)))


def save_partner(store: Store, partner: Partner) -> Edit:
    """Create or change a partner."""
    validate_partner(partner)
    return _save(store, partner, N_("Create partner {name}"), N_("Edit partner {name}"))


def save_representative(store: Store, representative: Representative) -> Edit:
    """Create or change a representative; the partner must exist."""
    validate_representative(representative)
    if store.find(Partner, representative.partner_id) is None:
        raise ValidationError("partner_id", _("the partner does not exist"))
    return _save(store, representative, N_("Add representative {name}"), N_("Edit representative {name}"))


def archive_forum(store: Store, forum_id: str, archived: bool = True) -> Edit:
    """Archive a forum (or bring it back). Forums are never deleted: minutes refer to them."""
    return _set_archived(store, Forum, forum_id, archived)


def archive_partner(store: Store, partner_id: str, archived: bool = True) -> Edit:
    """Archive a partner (or bring it back), keeping every record that names it."""
    return _set_archived(store, Partner, partner_id, archived)


def archive_representative(store: Store, representative_id: str, archived: bool = True) -> Edit:
    """Archive a representative (or bring them back); they are also taken off forums as main or substitute."""
    edit = _set_archived(store, Representative, representative_id, archived)
    if not archived:
        return edit
    steps = list(edit.steps)
    for membership in store.all(Membership):
        people = (membership.main_representative_id, *membership.substitute_ids)
        if representative_id in people:
            after = touched(
                replace(
                    membership,
                    main_representative_id=None
                    if membership.main_representative_id == representative_id
                    else membership.main_representative_id,
                    substitute_ids=tuple(s for s in membership.substitute_ids if s != representative_id),
                )
            )
            steps.append((membership, after))
    return Edit(edit.text, tuple(steps))


def membership_of(store: Store, forum_id: str, partner_id: str) -> Membership | None:
    """The live membership of ``partner_id`` on ``forum_id``, if any."""
    for membership in store.all(Membership):
        if membership.forum_id == forum_id and membership.partner_id == partner_id:
            return membership
    return None


def set_membership(
    store: Store,
    forum_id: str,
    partner_id: str,
    main_representative_id: str | None = None,
    substitute_ids: Sequence[str] = (),
) -> Edit:
    """Seat a partner on a forum, or change who represents it there."""
    forum = store.get(Forum, forum_id)
    partner = store.get(Partner, partner_id)
    if partner.archived:
        raise ValidationError("partner_id", _("{name} is archived").format(name=partner.name))
    existing = membership_of(store, forum_id, partner_id)
    if existing is None:
        archived = [
            m
            for m in store.all(Membership, include_archived=True)
            if m.forum_id == forum_id and m.partner_id == partner_id
        ]
        existing = archived[0] if archived else None
    candidate = Membership(
        forum_id=forum_id,
        partner_id=partner_id,
        main_representative_id=main_representative_id,
        substitute_ids=tuple(substitute_ids),
    )
    if existing is not None:
        candidate = replace(candidate, id=existing.id, created=existing.created)
    people = {r.id: r for r in store.all(Representative, include_archived=True)}
    validate_membership(candidate, people)
    text = _("Seat {partner} on {forum}").format(partner=partner.display_name, forum=forum.name)
    return Edit(text, ((existing, touched(candidate)),))


def remove_membership(store: Store, forum_id: str, partner_id: str) -> Edit:
    """Take a partner off a forum. The seat is archived, so past attendance still names it."""
    existing = membership_of(store, forum_id, partner_id)
    if existing is None:
        raise NotFound(_("That partner does not sit on this forum."))
    partner = store.get(Partner, partner_id)
    forum = store.get(Forum, forum_id)
    text = _("Take {partner} off {forum}").format(partner=partner.display_name, forum=forum.name)
    return Edit(text, ((existing, touched(replace(existing, archived=True))),))


def members(store: Store, forum_id: str) -> list[tuple[Partner, Membership]]:
    """The partners seated on a forum, by name."""
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}
    seated = [
        (partners[m.partner_id], m)
        for m in store.all(Membership)
        if m.forum_id == forum_id and m.partner_id in partners
    ]
    return sorted(seated, key=lambda pm: pm[0].name.casefold())


def members_on(store: Store, forum_id: str, since: dt.datetime) -> list[Partner]:
    """The partners seated on a forum at the UTC instant ``since`` (a meeting's start) and still part of the
    partnership then, by name. A seat or a partner archived after that moment still counts: it had not left yet
    (its archiving is its last change, ``updated``)."""
    partners = {p.id: p for p in store.all(Partner, include_archived=True)}

    def there(record: Membership | Partner) -> bool:
        return not record.archived or record.updated > since

    seated = [
        partners[m.partner_id]
        for m in store.all(Membership, include_archived=True)
        if m.forum_id == forum_id and m.partner_id in partners and there(m) and there(partners[m.partner_id])
    ]
    unique = {p.id: p for p in seated}
    return by_name(unique.values())
