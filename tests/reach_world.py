"""The weekly round of story S1 (``tests.core.test_minutes.build_round``), made ready to reach every partner:
representatives with e-mail addresses (the housing association's main representative and a substitute; the
residents' representative has none), and papers on the next meeting's items of every confidentiality."""

from __future__ import annotations

from dataclasses import dataclass, replace

from facilitator.meeting_ops import save_item
from facilitator.meetings import AgendaItem, Confidentiality
from facilitator.operations import save_representative, set_membership
from facilitator.papers import Paper, attach_paper
from facilitator.store import Store
from tests.core.test_minutes import Round, build_round

PUBLIC_PDF_WORDS = "Needle bin map PUBLICPAPERTEXT"
PARTNERS_PDF_WORDS = "Shelter figures PARTNERSPAPERTEXT"
POLICE_PDF_WORDS = "Nightjar plan RESTRICTEDPAPERTEXT"


def pdf_paper(words: str) -> bytes:
    """A small real PDF (reportlab is not needed: the demo's own maker)."""
    from facilitator.demo.papers import tiny_pdf

    return tiny_pdf([words])


@dataclass
class Reach:
    """The round, with what the circulation tests look at."""

    round: Round
    needles_next: AgendaItem  # public, on the next meeting
    shelter_next: AgendaItem  # partners only
    nightjar_next: AgendaItem  # restricted to the police
    papers: dict[str, Paper]


def _next_item(store: Store, r: Round, title: str, **fields: object) -> AgendaItem:
    item = AgendaItem(meeting_id=r.following.id, position=0, title=title, **fields)  # type: ignore[arg-type]
    save_item(store, item).apply(store)
    return store.get(AgendaItem, item.id)


def build_reach(store: Store) -> Reach:
    """The round with addresses and papers."""
    r = build_round(store)
    addresses = {
        r.ana.id: "ana.alvarez@police.example.org",
        r.dora.id: "dora.dee@housing.example.org",
        r.hugo.id: "hugo.hill@housing.example.org",
        r.eli.id: "eli.evans@outreach.example.org",
    }
    for person in (r.ana, r.dora, r.hugo, r.eli):
        save_representative(store, replace(person, email=addresses[person.id])).apply(store)
    set_membership(store, r.forum.id, r.housing.id, r.dora.id, [r.hugo.id]).apply(store)
    needles = _next_item(store, r, "Needle bins, a month on", confidentiality=Confidentiality.PUBLIC)
    shelter = _next_item(store, r, "Shelter places over winter")
    nightjar = _next_item(
        store,
        r,
        "Nightjar: the second week",
        confidentiality=Confidentiality.RESTRICTED,
        restricted_to=(r.police.id,),
    )
    papers: dict[str, Paper] = {}
    for key, item, name, content in (
        ("public", needles, "needle-bins.pdf", pdf_paper(PUBLIC_PDF_WORDS)),
        ("public-csv", needles, "bins by week.csv", b"week,bins\n1,12\n2,9\n"),
        ("partners", shelter, "shelter-figures.pdf", pdf_paper(PARTNERS_PDF_WORDS)),
        ("police", nightjar, "nightjar-plan.pdf", pdf_paper(POLICE_PDF_WORDS)),
        ("police-note", nightjar, "nightjar note RESTRICTEDPAPERNAME.txt", b"RESTRICTEDPAPERNOTE only for police"),
    ):
        edit = attach_paper(store, item.id, name, content, "Secretariat")
        edit.apply(store)
        papers[key] = next(rec for _b, rec in edit.steps if isinstance(rec, Paper))
    return Reach(
        replace(r, ana=store.get(type(r.ana), r.ana.id)), needles, shelter, nightjar, papers
    )
