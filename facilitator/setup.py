"""The first steps of a new partnership file, and how far it has got: derived from the file itself.

Nothing records the progress apart from the records the steps create, so a coordinator can stop at any step,
close the file and find the guide where they left it, on this laptop or another. The guide is done when every
step is; Home shows it until then (and a file with meetings planned is past it, whatever else it lacks).
"""

from __future__ import annotations

from facilitator.entities import Forum, Membership, Partner
from facilitator.frozen import frozen
from facilitator.i18n import N_
from facilitator.meetings import Meeting, MeetingStatus
from facilitator.profile import partnership_profile
from facilitator.store import Store

#: The steps in order: (key, untranslated title, untranslated explanation).
STEPS = (
    (
        "profile",
        N_("The partnership's name and where it works"),
        N_("The name heads its minutes and agendas; they write dates and times as people there do."),
    ),
    ("partners", N_("The partners"), N_("The organisations around the table: police, outreach, residents…")),
    ("forums", N_("The forums"), N_("The groups that meet: a weekly round, a residents' meeting…")),
    (
        "seats",
        N_("Who sits on each forum"),
        N_("Seat the partners on each forum, with their representative."),
    ),
    (
        "meetings",
        N_("The first meetings"),
        N_("Plan each forum's next meetings; Home then shows them by date."),
    ),
)


@frozen
class SetupStep:
    """One step of the guide and whether the file shows it done."""

    key: str
    done: bool


def setup_steps(store: Store) -> list[SetupStep]:
    """Every step, in order, with whether the file shows it done."""
    forums = store.all(Forum)
    profile = partnership_profile(store)
    # Counted from the columns, not from whole records: the window asks on opening, and ten years hold hundreds
    # of meetings.
    seated = {forum for (forum,) in store.values(Membership, ("forum_id",))}
    cancelled = MeetingStatus.CANCELLED.value
    planned = any(status != cancelled for (status,) in store.values(Meeting, ("status",)))
    done = {
        "profile": bool(profile.name and profile.region),
        "partners": bool(store.values(Partner, ("id",))),
        "forums": bool(forums),
        "seats": bool(forums) and all(f.id in seated for f in forums),
        "meetings": planned,
    }
    return [SetupStep(key, done[key]) for key, _title, _why in STEPS]


def setup_finished(store: Store) -> bool:
    """Whether the guide has nothing left to offer: every step done, or meetings already planned."""
    steps = setup_steps(store)
    return all(s.done for s in steps) or steps[-1].done


def next_step(store: Store) -> str | None:
    """The key of the first step not done, or None."""
    return next((s.key for s in setup_steps(store) if not s.done), None)
