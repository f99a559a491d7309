"""Who is in the room, partner by partner: quorum, the right to decide, and the outcome of a vote.

Parity of esteem: every count here is by partner, never by head. A partner that sent three people has one
voice; a partner represented only by someone who may not decide is present but cannot commit its agency.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from facilitator.entities import Forum, Partner, Representative, Sector
from facilitator.i18n import _
from facilitator.meetings import Attendance, AttendeeRole, Presence, Stance

PRESENT = frozenset({Presence.PRESENT, Presence.SUBSTITUTE})


class Standing(Enum):
    """How a member partner stands at a meeting."""

    CAN_DECIDE = "can_decide"  # someone present may take decisions for it
    CANNOT_DECIDE = "cannot_decide"  # present, but nobody present may decide
    NOT_PRESENT = "not_present"  # nobody present (apologies, absent or not yet marked)


@dataclass(frozen=True)
class PartnerStanding:
    """One member partner at one meeting: who came and whether they can commit the partner."""

    partner: Partner
    present: tuple[Representative, ...]
    standing: Standing
    apologies: bool

    @property
    def flagged(self) -> bool:
        """Whether the chair should see a warning for this partner."""
        return self.standing is not Standing.CAN_DECIDE

    def explanation(self) -> str:
        """Why the partner is flagged, in the window's language."""
        if self.standing is Standing.NOT_PRESENT:
            if self.apologies:
                return _("{partner} sent apologies: nobody is here for it.").format(
                    partner=self.partner.display_name
                )
            return _("Nobody is here for {partner}.").format(partner=self.partner.display_name)
        if self.standing is Standing.CANNOT_DECIDE:
            names = ", ".join(p.name for p in self.present)
            return _("{partner} is represented only by {names}, who may not take decisions today.").format(
                partner=self.partner.display_name, names=names
            )
        return _("{partner} can take decisions.").format(partner=self.partner.display_name)


@dataclass(frozen=True)
class QuorumResult:
    """Whether a meeting may decide, and why."""

    quorate: bool
    partners_present: int
    partners_needed: int
    missing_sectors: frozenset[Sector]

    def reasons(self) -> list[str]:
        """Plain sentences for the chair: what is met and what is missing."""
        said = [
            _("Partners present: {present} of {needed} needed.").format(
                present=self.partners_present, needed=self.partners_needed
            )
        ]
        if self.missing_sectors:
            sectors = ", ".join(sorted(s.label for s in self.missing_sectors))
            said.append(_("No partner present from: {sectors}.").format(sectors=sectors))
        return said

    def summary(self) -> str:
        """One line: quorate or not, and why."""
        head = _("Quorate") if self.quorate else _("Not quorate")
        return f"{head}. {' '.join(self.reasons())}"


def partner_standings(
    member_partners: Sequence[Partner],
    roll: Iterable[Attendance],
    people: Mapping[str, Representative],
) -> list[PartnerStanding]:
    """For every member partner: who is present for it and whether any of them may decide."""
    present: dict[str, list[Representative]] = {}
    apologies: set[str] = set()
    for line in roll:
        if line.role is not AttendeeRole.MEMBER or not line.partner_id or not line.representative_id:
            continue
        person = people.get(line.representative_id)
        if person is None:
            continue
        if line.presence in PRESENT:
            present.setdefault(line.partner_id, []).append(person)
        elif line.presence is Presence.APOLOGIES:
            apologies.add(line.partner_id)
    standings = []
    for partner in member_partners:
        here = tuple(present.get(partner.id, ()))
        if not here:
            standing = Standing.NOT_PRESENT
        elif any(p.may_decide for p in here):
            standing = Standing.CAN_DECIDE
        else:
            standing = Standing.CANNOT_DECIDE
        standings.append(PartnerStanding(partner, here, standing, partner.id in apologies))
    return standings


def evaluate_quorum(forum: Forum, standings: Sequence[PartnerStanding]) -> QuorumResult:
    """The forum's quorum rule applied by partner: enough partners present, and every required sector."""
    here = [s.partner for s in standings if s.standing is not Standing.NOT_PRESENT]
    sectors_here = {p.sector for p in here}
    missing = frozenset(forum.quorum.required_sectors - sectors_here)
    needed = forum.quorum.min_partners
    return QuorumResult(len(here) >= needed and not missing, len(here), needed, missing)


@dataclass(frozen=True)
class VoteOutcome:
    """A vote counted by partner."""

    agree: int
    disagree: int
    abstain: int
    block: int
    not_present: int

    @property
    def carried(self) -> bool:
        """Carried when more partners agree than disagree and none blocks: in a partnership of equals a block
        is a veto, not one more vote against. Abstentions and absences do not count."""
        return self.block == 0 and self.agree > self.disagree

    @property
    def consensus(self) -> bool:
        """Consensus: at least one partner agrees and none disagrees or blocks."""
        return self.agree > 0 and self.disagree == 0 and self.block == 0


def vote_outcome(stances: Iterable[Stance]) -> VoteOutcome:
    """Count partners' positions (one per partner) into an outcome."""
    counted = list(stances)
    return VoteOutcome(
        agree=counted.count(Stance.AGREE),
        disagree=counted.count(Stance.DISAGREE),
        abstain=counted.count(Stance.ABSTAIN),
        block=counted.count(Stance.BLOCK),
        not_present=counted.count(Stance.NOT_PRESENT),
    )
