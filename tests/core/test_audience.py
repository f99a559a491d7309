"""The confidentiality rule: what each audience gets of each kind of content, written out in full."""

from __future__ import annotations

import itertools

import pytest

from facilitator.audience import Audience, AudienceKind, Visibility, visibility
from facilitator.meetings import Confidentiality

A, B, C = "partner-a", "partner-b", "partner-c"
SHOW, PLACEHOLDER, OMIT = Visibility.SHOW, Visibility.PLACEHOLDER, Visibility.OMIT
PUBLIC, PARTNERS, RESTRICTED = Confidentiality.PUBLIC, Confidentiality.PARTNERS, Confidentiality.RESTRICTED

AUDIENCES = {
    "public": Audience.public(),
    "partners": Audience.partners(),
    "full": Audience.full(),
    "for A": Audience.for_partner(A),
    "for B": Audience.for_partner(B),
}
RESTRICTIONS: dict[str, tuple[str, ...]] = {"nobody": (), "A": (A,), "B": (B,), "A and C": (A, C)}

# The rule written out by hand, one line per audience: (confidentiality, restricted to) -> what it gets.
# Public and partners-only content carries no named partners in real records, but a stray list must not
# change what anyone sees, so those lines are the same whatever the restriction.
EXPECTED: dict[str, dict[tuple[Confidentiality, str], Visibility]] = {
    "public": {
        **{(PUBLIC, r): SHOW for r in RESTRICTIONS},
        **{(PARTNERS, r): OMIT for r in RESTRICTIONS},
        **{(RESTRICTED, r): OMIT for r in RESTRICTIONS},
    },
    "partners": {
        **{(PUBLIC, r): SHOW for r in RESTRICTIONS},
        **{(PARTNERS, r): SHOW for r in RESTRICTIONS},
        **{(RESTRICTED, r): PLACEHOLDER for r in RESTRICTIONS},
    },
    "full": {(c, r): SHOW for c in Confidentiality for r in RESTRICTIONS},
    "for A": {
        **{(PUBLIC, r): SHOW for r in RESTRICTIONS},
        **{(PARTNERS, r): SHOW for r in RESTRICTIONS},
        (RESTRICTED, "nobody"): PLACEHOLDER,
        (RESTRICTED, "A"): SHOW,
        (RESTRICTED, "B"): PLACEHOLDER,
        (RESTRICTED, "A and C"): SHOW,
    },
    "for B": {
        **{(PUBLIC, r): SHOW for r in RESTRICTIONS},
        **{(PARTNERS, r): SHOW for r in RESTRICTIONS},
        (RESTRICTED, "nobody"): PLACEHOLDER,
        (RESTRICTED, "A"): PLACEHOLDER,
        (RESTRICTED, "B"): SHOW,
        (RESTRICTED, "A and C"): PLACEHOLDER,
    },
}


def test_the_expected_table_covers_every_case() -> None:
    for audience in AUDIENCES:
        assert set(EXPECTED[audience]) == set(itertools.product(Confidentiality, RESTRICTIONS))


@pytest.mark.parametrize("audience", list(AUDIENCES))
@pytest.mark.parametrize("confidentiality", list(Confidentiality))
@pytest.mark.parametrize("restriction", list(RESTRICTIONS))
def test_visibility_truth_table(audience: str, confidentiality: Confidentiality, restriction: str) -> None:
    got = visibility(AUDIENCES[audience], confidentiality, RESTRICTIONS[restriction])
    assert got is EXPECTED[audience][(confidentiality, restriction)]


def test_restricted_to_may_be_any_iterable_read_once() -> None:
    assert visibility(Audience.for_partner(A), RESTRICTED, iter([C, A])) is SHOW
    assert visibility(Audience.for_partner(B), RESTRICTED, (p for p in [C, A])) is PLACEHOLDER


def test_only_the_partners_audience_is_made_for_one_partner() -> None:
    with pytest.raises(ValueError, match="partners"):
        Audience(AudienceKind.FULL, A)
    with pytest.raises(ValueError, match="partners"):
        Audience(AudienceKind.PUBLIC, A)
    assert Audience.for_partner(A) == Audience(AudienceKind.PARTNERS, A)
    assert Audience.for_partner(A) != Audience.partners()


def test_what_the_public_is_spared() -> None:
    public = Audience.public()
    assert public.is_public
    assert not public.names_people and not public.sees_positions and not public.sees_conflicts
    for audience in (Audience.partners(), Audience.full(), Audience.for_partner(A)):
        assert not audience.is_public
        assert audience.names_people and audience.sees_positions and audience.sees_conflicts


def test_audience_labels_are_translatable() -> None:
    assert [kind.label for kind in AudienceKind] == ["Public", "Partners", "Full record"]
