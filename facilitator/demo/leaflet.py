"""The demo's leaflet: a realistic leaflet for a public meeting, translated into Polish, Arabic and Turkish.

Called by ``facilitator.demo.build_demo``. Everything goes through the core's operations: the
leaflet, three public actions done since the previous public meeting (with their public wording), one
partners-only action that must never reach a leaflet, and the translations, as an organiser would enter them.
The phone number is in Ofcom's range for drama (020 7946 0xxx) and the address under ``example.org``.
"""

from __future__ import annotations

import datetime as dt
import struct
import zlib

from facilitator import clock
from facilitator.actions import Action, ActionStatus, save_action
from facilitator.content_translation import set_translation, translatable_texts
from facilitator.entities import Partner, Sector
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

LANGUAGES = ("pl", "ar", "tr")

LEAFLET: dict[str, str] = {
    "headline": "Residents' meeting: have your say",
    "venue_address": "4 Church Lane, Station Square",
    "accessibility_note": "Polish, Arabic and Turkish interpreters. Tea from 18:00.",
    "concern": (
        "Tell us about dealing or anything that worries you, without giving your name. We never say who told us."
    ),
    "contacts": (
        "Station Square office, 12 Station Road\n"
        "Monday to Friday, 9:00–17:00\n"
        "Phone: 020 7946 0150\n"
        "stationsquare@council.example.org"
    ),
    "data_protection": (
        "We do not write down the names of residents who speak. Details you give us are used only to follow up "
        "your concern."
    ),
}
#: Where the leaflet's QR code leads: the venue on a map (``example.org`` is reserved for examples).
QR_LINK = "https://maps.example.org/st-marks-community-centre"
#: Items of the usual agenda that a leaflet need not list (the meeting's running order, not its topics).
LEFT_OUT = (
    "Welcome and introductions",
    "What we did since the last meeting",
    "Next meeting and how to reach us",
)

#: (title, public wording, sector of the partner that did it), oldest first.
ACTIONS: tuple[tuple[str, str, Sector], ...] = (
    (
        "Early cleaning round and daily emptying of needle bins",
        "The square is now cleaned every morning at 6:30.",
        Sector.STREET_CLEANING,
    ),
    (
        "Brighter lighting in the underpass",
        "Brighter lights were fitted in the underpass.",
        Sector.PUBLIC_ORDER,
    ),
    (
        "Outreach visits to shop doorways before opening time",
        "Outreach workers visit shop doorways at 7:00 to offer help.",
        Sector.OUTREACH,
    ),
)
PARTNERS_ONLY_ACTION = (
    "Share the evening patrol rota with the outreach team",
    "The patrol rota is shared every Friday.",
    Sector.POLICE,
)

#: Every text of the demo's public meetings and leaflet, by language.
TRANSLATIONS: dict[str, dict[str, str]] = {
    LEAFLET["headline"]: {
        "pl": "Spotkanie mieszkańców: zabierz głos",
        "ar": "اجتماع السكان: شاركونا آراءكم",
        "tr": "Sakinler toplantısı: söz sizde",
    },
    LEAFLET["accessibility_note"]: {
        "pl": "Tłumacze języka polskiego, arabskiego i tureckiego. Herbata od 18:00.",
        "ar": "مترجمون للغات البولندية والعربية والتركية. الشاي من الساعة 18:00.",
        "tr": "Lehçe, Arapça ve Türkçe tercümanlar. Saat 18:00'den itibaren çay.",
    },
    LEAFLET["concern"]: {
        "pl": "Powiedz nam o handlu narkotykami lub o czymkolwiek, co Cię niepokoi, bez podawania "
        "nazwiska. Nigdy nie mówimy, kto nam o czymś powiedział.",
        "ar": "أخبرونا عن تجارة المخدرات أو عن أي أمر يقلقكم دون ذكر أسمائكم. لا نكشف أبداً من أخبرنا.",
        "tr": "Uyuşturucu satışını ya da sizi endişelendiren herhangi bir şeyi adınızı vermeden bize "
        "bildirin. Bilgiyi kimin verdiğini asla söylemeyiz.",
    },
    LEAFLET["contacts"]: {
        "pl": "Biuro Station Square, 12 Station Road\n"
        "Od poniedziałku do piątku, 9:00–17:00\n"
        "Telefon: 020 7946 0150\nstationsquare@council.example.org",
        "ar": "مكتب Station Square، 12 Station Road\n"
        "من الاثنين إلى الجمعة، 9:00–17:00\n"
        "الهاتف: 020 7946 0150\nstationsquare@council.example.org",
        "tr": "Station Square ofisi, 12 Station Road\n"
        "Pazartesi–Cuma, 9:00–17:00\nTelefon: 020 7946 0150\nstationsquare@council.example.org",
    },
    LEAFLET["data_protection"]: {
        "pl": "Nie zapisujemy nazwisk mieszkańców, którzy zabierają głos. Dane, które nam przekażesz, "
        "wykorzystujemy tylko do zajęcia się Twoją sprawą.",
        "ar": "لا نسجّل أسماء السكان الذين يتحدثون. نستخدم البيانات التي تعطوننا إياها لمتابعة ما يقلقكم فقط.",
        "tr": "Söz alan sakinlerin adlarını kaydetmiyoruz. Bize verdiğiniz bilgileri yalnızca endişenizi "
        "takip etmek için kullanırız.",
    },
    "St Mark's Community Centre, main hall (step-free access)": {
        "pl": "St Mark's Community Centre, sala główna (wejście bez schodów)",
        "ar": "St Mark's Community Centre، القاعة الرئيسية (مدخل بلا درج)",
        "tr": "St Mark's Community Centre, ana salon (basamaksız giriş)",
    },
    ACTIONS[0][1]: {
        "pl": "Plac jest teraz sprzątany każdego ranka o 6:30.",
        "ar": "تُنظَّف الساحة الآن كل صباح في الساعة 6:30.",
        "tr": "Meydan artık her sabah 6:30'da temizleniyor.",
    },
    ACTIONS[1][1]: {
        "pl": "W przejściu podziemnym zamontowano jaśniejsze oświetlenie.",
        "ar": "رُكّبت إنارة أقوى في النفق.",
        "tr": "Alt geçide daha parlak lambalar takıldı.",
    },
    ACTIONS[2][1]: {
        "pl": "Streetworkerzy odwiedzają o 7:00 wejścia do sklepów i oferują pomoc.",
        "ar": "يزور العاملون الميدانيون مداخل المحلات في الساعة 7:00 لتقديم المساعدة.",
        "tr": "Sokak çalışanları saat 7:00'de dükkân girişlerini ziyaret edip yardım öneriyor.",
    },
    # The public meeting's usual agenda and topics.
    "Welcome and introductions": {
        "pl": "Powitanie i przedstawienie się",
        "ar": "الترحيب والتعارف",
        "tr": "Hoş geldiniz ve tanışma",
    },
    "What we did since the last meeting": {
        "pl": "Co zrobiliśmy od ostatniego spotkania",
        "ar": "ما قمنا به منذ الاجتماع الماضي",
        "tr": "Son toplantıdan bu yana neler yaptık",
    },
    "Residents' questions": {"pl": "Pytania mieszkańców", "ar": "أسئلة السكان", "tr": "Sakinlerin soruları"},
    "Next meeting and how to reach us": {
        "pl": "Następne spotkanie i jak się z nami skontaktować",
        "ar": "الاجتماع القادم وكيفية التواصل معنا",
        "tr": "Bir sonraki toplantı ve bize nasıl ulaşabilirsiniz",
    },
    "Cleanliness of Station Square": {
        "pl": "Czystość na Station Square",
        "ar": "نظافة Station Square",
        "tr": "Station Square'in temizliği",
    },
    "Safety in the underpass in the evening": {
        "pl": "Bezpieczeństwo w przejściu podziemnym wieczorem",
        "ar": "الأمان في النفق مساءً",
        "tr": "Akşamları alt geçitte güvenlik",
    },
    "Where people can get help: treatment and outreach": {
        "pl": "Gdzie można uzyskać pomoc: leczenie i streetworking",
        "ar": "أين يمكن الحصول على المساعدة: العلاج والعمل الميداني",
        "tr": "Nereden yardım alınabilir: tedavi ve sokak çalışması",
    },
    "Needle bins and what to do if you find a needle": {
        "pl": "Pojemniki na igły i co zrobić, gdy znajdziesz igłę",
        "ar": "حاويات الإبر وماذا تفعلون إذا وجدتم إبرة",
        "tr": "Şırınga kutuları ve yerde şırınga bulursanız ne yapmalısınız",
    },
    "Shopkeepers' concerns: doorways and deliveries": {
        "pl": "Sprawy sklepikarzy: wejścia do sklepów i dostawy",
        "ar": "مخاوف أصحاب المحلات: المداخل وعمليات التوصيل",
        "tr": "Esnafın kaygıları: dükkân girişleri ve teslimatlar",
    },
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
        Leaflet(
            id=leaflet.id,
            meeting_id=meeting.id,
            step_free_access=True,
            hearing_loop=True,
            childcare=True,
            interpreters=True,
            left_out_item_ids=tuple(i.id for i in agenda(store, meeting.id) if i.title in LEFT_OUT),
            headline=LEAFLET["headline"],
            venue_address=LEAFLET["venue_address"],
            accessibility_note=LEAFLET["accessibility_note"],
            concern=LEAFLET["concern"],
            contacts=LEAFLET["contacts"],
            data_protection=LEAFLET["data_protection"],
            qr_link=QR_LINK,
        ),
    )
    edit.apply(store)
    written = leaflet_for(store, meeting.id)
    if not written.logo_ids:
        add_logo(store, written, "station-square-partnership.png", demo_logo()).apply(store)
    days = _done_on(store, meeting, today)
    previous = previous_public_meeting(store, meeting)
    reported = {a.public_text for a in actions_to_report(store, meeting)}
    for (title, wording, sector), day in zip(ACTIONS, days, strict=True):
        if wording in reported:
            continue
        action = Action(
            forum_id=meeting.forum_id,
            title=title,
            owner_partner_id=_partner(store, sector).id,
            due=day,
            status=ActionStatus.DONE,
            completed_on=day,
            confidentiality=Confidentiality.PUBLIC,
            public_text=wording,
            origin_meeting_id=previous.id if previous else None,
        )
        save_action(store, action).apply(store)
    title, wording, sector = PARTNERS_ONLY_ACTION
    hidden = [a for a in store.where(Action, {"forum_id": meeting.forum_id}) if a.title == title]
    if not hidden:
        action = Action(
            forum_id=meeting.forum_id,
            title=title,
            owner_partner_id=_partner(store, sector).id,
            status=ActionStatus.DONE,
            completed_on=days[1],
            confidentiality=Confidentiality.PARTNERS,
            public_text=wording,  # worded for the public, but partners-only: it must stay off the leaflet
        )
        save_action(store, action).apply(store)
    for text in translatable_texts(store, meeting.id):
        versions = TRANSLATIONS.get(text.source)
        if versions is None:
            continue
        for language in LANGUAGES:
            set_translation(store, text, language, versions[language], reviewed=True).apply(store)
