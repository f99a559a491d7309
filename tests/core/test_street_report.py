"""What changed on the street, as documents print it: a part of its own after the process indicators, saying that
figures show change and not cause; each figure with its definition, source, chart and table, against last year
and its target; the minutes' table under the item; and what the public may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from facilitator.audience import Audience
from facilitator.docmodel import (
    Chart,
    DocumentModel,
    Heading,
    ImpossibleFigure,
    Measure,
    Paragraph,
    Table,
    Tone,
)
from facilitator.figure_ops import agree_target, readings_of, record_figure, record_past_figure
from facilitator.i18n import translator
from facilitator.indicators import DEFINITIONS, Period
from facilitator.meeting_ops import agenda, save_item
from facilitator.meetings import Confidentiality
from facilitator.minutes import build_minutes
from facilitator.profile import Profile, save_profile
from facilitator.street_report import (
    FIGURE_CHANGE,
    FIGURE_REPORTS,
    FIGURE_TARGET,
    FIGURE_VALUE,
    NOT_CAUSE,
    PROCESS_TITLE,
    STREET_TITLE,
    SUMMARY_KEY,
    readings_section,
    street_sections,
)
from facilitator.year_review import year_in_review
from tests.conftest import stand_on
from tests.core.fakes import MemoryStore
from tests.core.figure_world import SECRET, FigureWorld, build_figure_world

QUARTER = Period(dt.date(2025, 1, 1), dt.date(2025, 3, 31))


@pytest.fixture
def world() -> FigureWorld:
    """Ten weeks of the street round with needles (public) and incidents (partners only) entered, last year's
    quarter of needles from the records, and a target for needles."""
    world = build_figure_world(MemoryStore())
    store = world.store
    for number, meeting in enumerate(world.meetings):
        if number != 4:  # the fifth meeting's needles are missing
            record_figure(store, meeting.id, world.needles.id, 10 + number).apply(store)
        record_figure(store, meeting.id, world.incidents.id, 3).apply(store)
    record_past_figure(store, world.needles.id, (dt.date(2024, 1, 1), dt.date(2024, 3, 31)), 200).apply(store)
    agree_target(store, world.meetings[0].id, world.needles.id, (QUARTER.start, QUARTER.end), 90).apply(store)
    return world


def _headings(model: DocumentModel, level: int | None = None) -> list[str]:
    return [b.text for b in model.blocks if isinstance(b, Heading) and (level is None or b.level == level)]


def _part(model: DocumentModel, title: str) -> list[object]:
    """The blocks of one part: from its level-1 heading to the next."""
    blocks = list(model.blocks)
    start = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 1 and b.text == title
    )
    end = next(
        (i for i, b in enumerate(blocks[start + 1 :], start + 1) if isinstance(b, Heading) and b.level == 1),
        len(blocks),
    )
    return blocks[start:end]


def test_the_report_keeps_process_and_outcomes_in_two_named_parts(world: FigureWorld) -> None:
    model = year_in_review(world.store, QUARTER, "en")
    assert _headings(model, 1) == [PROCESS_TITLE, STREET_TITLE]
    process = " ".join(str(getattr(b, "text", "")) for b in _part(model, PROCESS_TITLE))
    street = _part(model, STREET_TITLE)
    street_text = " ".join(str(getattr(b, "text", "")) for b in street)
    for key in DEFINITIONS:  # every process definition in the first part, none in the second
        assert DEFINITIONS[key] in process and DEFINITIONS[key] not in street_text
    assert "Needles found" not in process and "Attendance by partner" not in street_text
    assert street[1] == Paragraph(NOT_CAUSE)  # said plainly, right under the part's title
    assert "not proof that an action worked" in street_text
    assert _headings(model, 2)[-4:] == [
        "Figures against last year and targets",
        "Needles found",
        f"Incidents {SECRET}",
        "People seen using in the cycle park",
    ]


def test_each_figure_has_its_definition_source_chart_and_table_against_its_target(world: FigureWorld) -> None:
    sections = {s.key: s for s in street_sections(world.store, QUARTER, translator("en"), world.forum.id)}
    needles = sections[f"figure-{world.needles.id}"]
    assert needles.definitions[0].startswith("What counts: Discarded needles and syringes")
    assert needles.definitions[1] == (
        "Reported at every meeting by Street Cleansing to Station Square weekly round. Lower is better. "
        "The reports of a longer period are added up."
    )
    assert (
        needles.definitions[2]
        == "Target agreed on January 6, 2025: 90 needles from Jan 1, 2025 to Mar 31, 2025."
    )
    # January: meetings of 6, 13, 20, 27 Jan (covering to 5, 12, 19, 26 Jan) -> 10+11+12+13; February: 3, 10,
    # 17, 24 Feb, the fifth (3 Feb) missing -> 15+16+17; March: 3, 10 Mar -> 18+19.
    assert needles.table.header == ("Period", "Figure", "Reports", "Target")
    assert needles.table.rows == (
        ("Jan 2025", "46", "4 of 4", "31 (not met)"),
        ("Feb 2025", "48", "3 of 4", "28 (not met)"),
        ("Mar 2025", "37", "2 of 2", "31 (not met)"),
    )
    chart = needles.chart
    assert isinstance(chart, Chart) and chart.kind == "line"
    assert chart.title == "Needles found (needles)"
    assert chart.categories == ("Jan 2025", "Feb 2025", "Mar 2025")
    assert [s.name for s in chart.series] == ["Reported", "Target"]
    assert chart.series[0].values == (46.0, 48.0, 37.0)
    summary = sections[SUMMARY_KEY]
    assert summary.table.rows[0] == (
        "Needles found",
        "131",
        "200",
        "-34%, better *",
        "90 (not met)",
        "9 of 10",
    )
    assert summary.table.rows[2] == ("People seen using in the cycle park", "—", "—", "—", "—", "0 of 2")


def test_a_figure_not_marked_public_never_reaches_a_public_document(world: FigureWorld) -> None:
    store = world.store
    public = year_in_review(store, QUARTER, "en", audience=Audience.public())
    partners = year_in_review(store, QUARTER, "en")
    assert SECRET in partners.text() and "People seen using in the cycle park" in partners.text()
    assert SECRET not in public.text() and "cycle park" not in public.text()
    assert "Needles found" in public.text()
    # The needles' target was agreed on a public item (as public as the figure), so the public sees it too.
    assert "90 (not met)" in public.text()
    sections = street_sections(store, QUARTER, translator("en"), audience=Audience.public())
    assert [s.title for s in sections] == ["Figures against last year and targets", "Needles found"]
    readings = readings_section(store, QUARTER, translator("en"), audience=Audience.public())
    assert {row[0] for row in readings.table.rows} == {"Needles found"}
    assert len(readings_section(store, QUARTER, translator("en")).table.rows) == 9 + 10  # last year's: not in


def test_a_public_figure_s_target_agreed_on_a_partners_item_stays_with_the_partners(
    world: FigureWorld,
) -> None:
    store = world.store
    (item,) = [i for i in agenda(store, world.meetings[0].id) if i.title == "Target for Needles found"]
    save_item(store, replace(item, confidentiality=Confidentiality.PARTNERS)).apply(store)
    public = year_in_review(store, QUARTER, "en", audience=Audience.public()).text()
    assert "Needles found" in public and "Target agreed" not in public and "90 (not met)" not in public
    assert "Target agreed" in year_in_review(store, QUARTER, "en").text()


def test_without_figures_the_part_says_so_for_the_partners_and_the_public() -> None:
    world = build_figure_world(MemoryStore(), weeks=2)
    for figure in (world.needles, world.incidents, world.cycle_park):
        world.store.discard(type(figure), figure.id)
    partners = year_in_review(world.store, QUARTER, "en")
    assert _part(partners, STREET_TITLE)[-1] == Paragraph(
        "No figures about the street are tracked for this period.", Tone.NOTE
    )
    public = year_in_review(world.store, QUARTER, "en", audience=Audience.public())
    assert "The partners have not published figures about the street for this period." in public.text()


def test_the_minutes_print_this_time_and_last_time_under_the_item(world: FigureWorld) -> None:
    store = world.store
    meeting = world.meetings[5]  # the one after the missing needles
    minutes = build_minutes(store, meeting.id, Audience.partners(), "en")
    blocks = list(minutes.blocks)
    where = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and "Needle finds" in b.text)
    table = blocks[where + 2]
    assert isinstance(table, Table)
    assert table.header == ("Figure", "This time", "Days covered", "Last time")
    assert table.rows == (("Needles found (needles)", "15", "Feb 3, 2025 – Feb 9, 2025", "missing"),)
    public = build_minutes(store, meeting.id, Audience.public(), "en").text()
    assert "Needles found (needles)" in public  # a public figure under a public item
    assert SECRET not in public  # the incidents are under "Street picture", a partners' item, and not public
    assert SECRET in minutes.text()


def test_the_part_is_in_the_document_s_language(world: FigureWorld) -> None:
    french = year_in_review(world.store, QUARTER, "fr")
    t = translator("fr")
    assert _headings(french, 1) == [t.gettext(PROCESS_TITLE), t.gettext(STREET_TITLE)]
    assert t.gettext("Needles found") in _headings(french, 2)
    assert t.gettext(NOT_CAUSE) in french.text()
    arabic = year_in_review(world.store, QUARTER, "ar")
    assert arabic.right_to_left
    assert translator("ar").gettext(STREET_TITLE) in _headings(arabic, 1)


def test_a_period_still_running_is_judged_on_the_share_of_its_target_due_so_far(world: FigureWorld) -> None:
    stand_on(dt.date(2025, 3, 11))
    sections = {s.key: s for s in street_sections(world.store, QUARTER, translator("en"), world.forum.id)}
    rows = sections[f"figure-{world.needles.id}"].table.rows
    assert rows[1][3] == "28 (not met)"  # February is over
    assert rows[2][3] == "31 (off track so far)"  # 37 needles by 11 March, when 11 were the share due
    stand_on(dt.date(2024, 12, 1))
    rows = street_sections(world.store, QUARTER, translator("en"), world.forum.id)[1].table.rows
    assert rows[0][3] == "31"  # not begun: no verdict


# --- every number declared, in the partnership's region ------------------------------------------------------------


def test_every_number_of_the_street_part_is_declared_and_a_chart_of_decimals_is_of_amounts(
    world: FigureWorld,
) -> None:
    """The street part declares what it prints (values, reports, targets, changes) with the year in review's
    own figures; a figure counted with a decimal is charted as an amount, a whole one as a count."""
    store = world.store
    for meeting, value in ((world.meetings[4], 4.5), (world.meetings[8], 2.5)):  # January's, February's
        record_figure(store, meeting.id, world.cycle_park.id, value).apply(store)
    model = year_in_review(store, QUARTER, "en")
    assert not model.impossible_figures()
    names = {figure.name for figure in model.figures}
    assert {FIGURE_VALUE, FIGURE_TARGET, FIGURE_REPORTS, FIGURE_CHANGE} <= names
    park = [f for f in model.figures if f.name == FIGURE_VALUE and "cycle park" in f.detail]
    assert {f.value for f in park} >= {4.5, 2.5, 3.5} and {f.measure for f in park} == {Measure.AMOUNT}
    charts = {b.title: b for b in model.blocks if isinstance(b, Chart)}
    assert charts["People seen using in the cycle park (people)"].value_format == "number"
    assert charts["Needles found (needles)"].value_format == "count"
    minutes = build_minutes(store, world.meetings[8].id, Audience.partners(), "en")  # this time, last time
    assert [f.value for f in minutes.figures if f.name == FIGURE_VALUE and "cycle park" in f.detail] == [
        2.5,
        4.5,
    ]


def test_a_figure_that_cannot_be_true_stops_the_document(world: FigureWorld) -> None:
    """A reading that slipped in below zero (never through the operations) is refused by the writers, in the
    year in review and in the minutes alike, instead of being printed."""
    store = world.store
    (reading,) = [r for r in readings_of(store, world.needles.id) if r.meeting_id == world.meetings[5].id]
    store.put(replace(reading, value=-500.0))  # so that February's total is below zero too
    for model in (
        year_in_review(store, QUARTER, "en"),
        build_minutes(store, world.meetings[5].id, Audience.partners(), "en"),
    ):
        with pytest.raises(ImpossibleFigure, match="a figure about the street"):
            model.check_figures()


def test_the_year_in_review_writes_numbers_as_people_do_in_the_partnership_s_region(
    world: FigureWorld,
) -> None:
    """An English report of a partnership in Germany writes 4,5 and 1.234; in Britain 4.5 and 1,234; a French
    one in Switzerland 1 234 without the French narrow space."""
    store = world.store
    record_figure(store, world.meetings[5].id, world.cycle_park.id, 4.5).apply(store)
    record_past_figure(store, world.needles.id, (dt.date(2024, 10, 1), dt.date(2024, 12, 29)), 1234).apply(
        store
    )
    year = Period(dt.date(2024, 4, 1), dt.date(2025, 3, 31))

    def park_and_needles(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The summary's lines of the cycle park and of the needles."""
        model = year_in_review(store, year, language)
        this_period = translator(language).gettext("This period")
        (summary,) = [b for b in model.blocks if isinstance(b, Table) and b.header[1:2] == (this_period,)]
        park = next(row for row in summary.rows if "cycle park" in row[0])
        needles = next(row for row in summary.rows if "cycle park" not in row[0] and SECRET not in row[0])
        return park, needles

    save_profile(store, Profile(region="DE")).apply(store)
    park, needles = park_and_needles("en")
    assert park[1] == "4,5" and needles[1].startswith("1.")
    save_profile(store, Profile(region="GB")).apply(store)
    park, needles = park_and_needles("en")
    assert park[1] == "4.5" and needles[1].startswith("1,")
