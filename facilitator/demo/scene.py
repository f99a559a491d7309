"""What the demonstration partnership's meetings talk about: usual agendas, topics, notes and reasons.

Made up, in the words such partnerships use: needles near the station, dealing in the underpass, shelter beds,
outreach hours, CCTV, residents' complaints, cleaning, and a police operation that only the police and the
municipality's public order service may see. Plain data; ``facilitator.demo.meetings`` puts it on meetings.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.meetings import AttendeeRole, Confidentiality, ItemKind

PUBLIC = Confidentiality.PUBLIC
PARTNERS = Confidentiality.PARTNERS
RESTRICTED = Confidentiality.RESTRICTED
INFO, DISCUSS, DECIDE = ItemKind.INFORMATION, ItemKind.DISCUSSION, ItemKind.DECISION


@dataclass(frozen=True)
class Topic:
    """An agenda item the demo puts on a meeting: what it is called, who presents it, what was said and decided.

    ``notes`` and ``decision`` may hold ``{n}`` and ``{m}``, filled with small numbers.
    """

    title: str
    kind: ItemKind
    minutes: int
    presenter: str  # partner key
    notes: tuple[str, ...]
    decision: str = ""
    confidentiality: Confidentiality = PARTNERS
    restricted_to: tuple[str, ...] = ()


def _usual(
    title: str, kind: ItemKind, minutes: int, presenter: str, confidentiality: Confidentiality
) -> Topic:
    return Topic(title, kind, minutes, presenter, (), confidentiality=confidentiality)


#: Each forum's standing items with their minutes, before and after its usual items: the forums' settings, as
#: their coordinators set them so that every meeting fits its length with room for the week's topics. The
#: residents' meeting has none of the partners' registers (it opens with a welcome instead of a roll call).
STANDING: dict[str, tuple[tuple[tuple[ItemKind, int], ...], tuple[tuple[ItemKind, int], ...]]] = {
    "operational": (
        (
            (ItemKind.ATTENDANCE, 2),
            (ItemKind.MINUTES, 3),
            (ItemKind.REVIEW_OF_ACTIONS, 15),
            (ItemKind.NOTICE, 5),
            (ItemKind.CONFLICT, 5),
            (ItemKind.REPORT_BACK, 5),
        ),
        ((ItemKind.OTHER_BUSINESS, 5),),
    ),
    "strategic": (
        (
            (ItemKind.ATTENDANCE, 2),
            (ItemKind.MINUTES, 3),
            (ItemKind.REVIEW_OF_ACTIONS, 10),
            (ItemKind.NOTICE, 5),
            (ItemKind.CONFLICT, 5),
            (ItemKind.REPORT_BACK, 10),
        ),
        ((ItemKind.OTHER_BUSINESS, 5),),
    ),
    "public": ((), ((ItemKind.OTHER_BUSINESS, 5),)),
}

USUAL: dict[str, tuple[Topic, ...]] = {
    "operational": (
        _usual(
            "Street picture: the week at the station, the square and the underpass",
            DISCUSS,
            10,
            "police",
            PARTNERS,
        ),
        _usual("Outreach and shelter: contacts, beds and referrals", INFO, 10, "outreach", PARTNERS),
        _usual("Needle finds and cleaning", INFO, 5, "cleansing", PARTNERS),
    ),
    "strategic": (
        _usual("Report from the Station Square weekly round", DISCUSS, 15, "public_order", PARTNERS),
        _usual("Treatment and shelter capacity", INFO, 10, "health", PARTNERS),
        _usual("Communication with residents and the press", DISCUSS, 10, "councillors", PARTNERS),
    ),
    "public": (
        _usual("Welcome and introductions", INFO, 5, "councillors", PUBLIC),
        _usual("What we did since the last meeting", INFO, 20, "public_order", PUBLIC),
        _usual("Residents' questions", DISCUSS, 30, "residents", PUBLIC),
        _usual("Next meeting and how to reach us", INFO, 5, "councillors", PUBLIC),
    ),
}

#: Notes on the usual items of held meetings, by forum and position in the usual agenda.
USUAL_NOTES: dict[str, tuple[tuple[str, ...], ...]] = {
    "operational": (
        (
            "A quieter week: {n} people around the station most evenings, fewer in the underpass since the "
            "lights were fixed.",
            "Busy week at the east entrance; {n} people seen using in the cycle park on Thursday morning.",
            "Groups moved from the square to the alley behind the shops after Tuesday's patrols.",
        ),
        (
            "Outreach made {n} contacts, {m} new faces; three referrals to Harbour Lane.",
            "{n} people bedded down around the station on the count night; the night shelter had {m} free "
            "beds.",
            "Two people accepted a shelter bed after several weeks of refusing; one went back to the street.",
        ),
        (
            "{n} needles found, most in the cycle park and by the steps of the underpass.",
            "Needle finds down to {n} since the sharps bin by the taxi rank was installed.",
            "{n} needles found; the bin behind the bus shelter was damaged again and has been replaced.",
        ),
    ),
    "strategic": (
        (
            "The street round met {n} times this month; the underpass and the shelter beds were the main "
            "issues.",
            "The street round escalated the question of evening outreach hours, which it cannot fund itself.",
        ),
        (
            "Waiting time at Harbour Lane is {n} days; {m} people from the station area started treatment.",
            "The night shelter was full on {n} nights this month.",
        ),
        (
            "The local paper ran a story on the underpass; the councillors answered for the partnership.",
            "Residents' newsletter goes out next week with the dates of the public meeting.",
        ),
    ),
    "public": (
        ("About {n} residents and shopkeepers came; interpreters for Polish and Arabic were there.",),
        (
            "The partners reported on the cleaning of the square, the new lights in the underpass and the "
            "evening outreach.",
            "The partners reported on the extra patrols and the shelter beds opened for the winter.",
        ),
        (
            "Residents asked about needles in the play area, noise at night and whether the underpass is "
            "safe after dark.",
            "Shopkeepers asked about people sleeping in doorways and about deliveries blocked in the morning.",
            "Residents asked why people are not simply moved on; outreach and the police explained what "
            "happens instead.",
        ),
        ("Next meeting announced; the partners' contact numbers are on the leaflet.",),
    ),
}

TOPICS: dict[str, tuple[Topic, ...]] = {
    "operational": (
        Topic(
            "Needle finds near the station entrance",
            DISCUSS,
            10,
            "station",
            (
                "Station staff found {n} needles in the cycle park and by the east entrance this week, most "
                "of them before 08:00.",
                "Commuters reported needles on the steps twice; the sharps bin by the taxi rank was full by "
                "Thursday.",
            ),
            "Street Cleansing adds an early sweep of the cycle park at 07:00 for four weeks; outreach checks "
            "whether the sharps bin by the taxi rank is being used.",
        ),
        Topic(
            "Dealing in the Station Road underpass",
            DISCUSS,
            15,
            "police",
            (
                "Two or three sellers in the underpass between 16:00 and 19:00 most days; buyers wait by the "
                "steps on the square side. Residents avoid the underpass after dark.",
                "Dealing moved into the underpass after the patrols in the square; {n} stop-and-searches this "
                "week.",
            ),
            "Police increase visible patrols in the underpass from 16:00 to 19:00 for three weeks; the wardens "
            "report the broken lights to highways.",
        ),
        Topic(
            "Shelter beds this week",
            INFO,
            10,
            "housing",
            (
                "{n} people known to sleep rough around the station; the night shelter had {m} free beds on "
                "Friday. Two people refused a bed because their partners could not come with them.",
                "The night shelter is full; {n} people on the waiting list.",
            ),
            "Housing asks the night shelter to take couples over the winter; outreach offers the beds on its "
            "Tuesday and Thursday evening rounds.",
        ),
        Topic(
            "Outreach hours in the evening",
            DISCUSS,
            10,
            "outreach",
            (
                "Most contacts happen after 18:00, when the outreach team has gone home.",
                "The Friday late shift made {n} contacts, twice as many as a day shift.",
            ),
            "Outreach moves one shift to 18:00-22:00 on Fridays and Saturdays for a two-month trial.",
        ),
        Topic(
            "CCTV coverage of the underpass",
            DISCUSS,
            10,
            "public_order",
            (
                "CCTV camera 14 does not see the underpass steps; the control room cannot follow groups into "
                "the underpass.",
            ),
            "Public Order asks the CCTV control room to turn camera 14 to the underpass steps from 15:00 to "
            "20:00.",
        ),
        Topic(
            "Residents' complaints",
            INFO,
            5,
            "public_order",
            (
                "{n} complaints this week through the council's website: noise at night in the square, litter "
                "and human waste by the bins behind the shops.",
                "{n} complaints, mostly about people sleeping in the doorways of Station Parade.",
            ),
        ),
        Topic(
            "Cleaning schedule for the square and the underpass",
            DECIDE,
            10,
            "cleansing",
            (
                "The square is cleaned at 09:00, after the commuters have walked through the litter.",
                "The underpass has been washed once a week; it smells by Wednesday.",
            ),
            "Street Cleansing moves the square's daily clean to 06:30 and washes the underpass on Mondays and "
            "Thursdays.",
        ),
        Topic(
            "Needle exchange at Station Road Pharmacy",
            INFO,
            5,
            "pharmacists",
            ("Station Road Pharmacy gave out {n} packs this month; returns are up to {m} in a hundred.",),
        ),
        Topic(
            "Naloxone in the outreach bags",
            INFO,
            5,
            "treatment",
            (
                "Harbour Lane trained {n} people to use naloxone this month; two kits were used by peers and "
                "both people recovered.",
            ),
            "Every outreach worker carries naloxone on the evening rounds from next week.",
        ),
    ),
    "strategic": (
        Topic(
            "Treatment places for people from the station",
            DISCUSS,
            20,
            "health",
            (
                "Waiting time at Harbour Lane is {n} days; people from the street drop out before their first "
                "appointment.",
            ),
            "Public Health funds ten extra treatment places at Harbour Lane until the end of March, with "
            "same-week starts for people referred by outreach.",
        ),
        Topic(
            "Winter shelter capacity",
            DECIDE,
            15,
            "housing",
            ("The night shelter was full on {n} nights last month; the winter beds open in December.",),
            "Housing opens the winter shelter's twenty extra beds from 1 December, including two rooms for "
            "couples.",
        ),
        Topic(
            "Extending CCTV to the underpass",
            DECIDE,
            15,
            "public_order",
            ("The street round asks for two cameras in the underpass; residents are divided.",),
            "The partnership supports a bid for two cameras in the underpass; residents are consulted at the "
            "next public meeting first.",
        ),
        Topic(
            "Lighting and layout of the underpass",
            DISCUSS,
            10,
            "councillors",
            ("Half the lights in the underpass are broken; the alcoves by the steps hide dealing.",),
            "The councillors ask highways to replace the underpass lights and to close the alcoves by the "
            "steps.",
        ),
        Topic(
            "Evening outreach: funding the late shifts",
            DECIDE,
            15,
            "outreach",
            ("Escalated by the street round: the evening trial works but is not funded after two months.",),
            "Public Health and Housing share the cost of the evening outreach shifts until the end of the "
            "financial year.",
        ),
        Topic(
            "Follow-up of the underpass operation: outreach, leaflet and public meeting",
            DECIDE,
            15,
            "public_order",
            (
                "After the operation the underpass must not simply fill up again; residents need to hear what "
                "happened and why.",
            ),
            "Outreach is in the underpass on the morning after the operation; the residents' meeting is "
            "brought forward; a leaflet goes out in English, Polish, Arabic and Turkish.",
        ),
        Topic(
            "Crime and nuisance figures for the month",
            INFO,
            10,
            "police",
            ("{n} drug offences and {m} reports of anti-social behaviour around the station this month.",),
        ),
    ),
    "public": (
        Topic(
            "Cleanliness of Station Square",
            INFO,
            10,
            "public_order",
            ("The square is now cleaned at 06:30; residents said it is better in the mornings.",),
            confidentiality=PUBLIC,
        ),
        Topic(
            "Safety in the underpass in the evening",
            DISCUSS,
            15,
            "police",
            ("Residents asked for patrols after 19:00; the police explained the evening patrols.",),
            confidentiality=PUBLIC,
        ),
        Topic(
            "Where people can get help: treatment and outreach",
            INFO,
            10,
            "treatment",
            ("Harbour Lane and the outreach team explained how to refer someone and what happens next.",),
            confidentiality=PUBLIC,
        ),
        Topic(
            "Needle bins and what to do if you find a needle",
            INFO,
            10,
            "outreach",
            ("Outreach showed how to report a needle; the council collects within four hours.",),
            confidentiality=PUBLIC,
        ),
        Topic(
            "Shopkeepers' concerns: doorways and deliveries",
            DISCUSS,
            10,
            "traders",
            ("The traders asked for help with people sleeping in doorways; outreach will visit early.",),
            confidentiality=PUBLIC,
        ),
    ),
}

#: The police operation: only the police and the municipality's public order service may see it.
OPERATION = Topic(
    "Planned police operation against dealing in the underpass",
    DISCUSS,
    10,
    "police",
    (
        "Warrants at two addresses off Station Road at 06:00. Public Order closes the underpass for two "
        "hours; no other partner is told before the day. Follow-up goes to the strategic round.",
    ),
    confidentiality=RESTRICTED,
    restricted_to=("police", "public_order"),
)

CANCELLED_REASONS: dict[str, tuple[str, ...]] = {
    "operational": (
        "Meeting room not available: the station is closed for maintenance.",
        "Most partners are at the city-wide drugs conference.",
        "Fire alarm test at the police station; urgent matters go to the duty inspector.",
    ),
}
CHRISTMAS = "Christmas week: the round does not meet; urgent matters go to the duty inspector."
RECESS = "Summer recess: the mayor's round does not meet in August; urgent matters go to the chair."

DISAGREE_REASONS = (
    "We cannot find the staff for this without dropping something else.",
    "This moves the problem two streets further, it does not solve it.",
    "Our board has not agreed the money yet.",
)
BLOCK_REASONS = (
    "We cannot agree before our clients have been asked; this must come back next month.",
    "This would break our agreement with the residents; we cannot support it as it stands.",
)
CANNOT_DECIDE = "Our representative today may not commit the service; we will confirm by e-mail."

GUESTS = (
    ("Nadia Rahman", "Regional public health team", AttendeeRole.GUEST),
    ("Chris Adeyemi", "Highways, City Council", AttendeeRole.GUEST),
    ("Paul Jennings", "University of the City, student social worker", AttendeeRole.OBSERVER),
)
