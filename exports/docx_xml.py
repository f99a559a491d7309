"""What python-docx has no API for, shared by the Word writers (minutes and leaflets): WordprocessingML
elements added in the schema's order, and the language tag Word wants.
"""

from __future__ import annotations

from typing import cast

from babel.core import get_global
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

LANGUAGE_REGIONS = {"en": "en-GB"}  # British spelling in the app; other languages take their likely region

# Child order of the elements the writers add (ECMA-376 part 1, CT_PPrBase, CT_RPr and CT_SectPr).
P_ORDER = (  # noqa: SIM905 - forty names read better as words
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()
R_ORDER = (  # noqa: SIM905 - forty names read better as words
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
    "cs em lang eastAsianLayout specVanish oMath"
).split()
SECT_ORDER = (  # noqa: SIM905 - forty names read better as words
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders lnNumType "
    "pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid printerSettings "
    "sectPrChange"
).split()


def child(parent: BaseOxmlElement, name: str, order: list[str]) -> BaseOxmlElement:
    """The child ``w:name`` of ``parent``, created in its place in the schema's order if missing."""
    found = parent.find(qn(f"w:{name}"))
    if found is not None:
        return cast("BaseOxmlElement", found)  # lxml's find is untyped
    element = OxmlElement(f"w:{name}")
    later = order[order.index(name) + 1 :]
    parent.insert_element_before(element, *(f"w:{tag}" for tag in later))
    return element


def language_tag(language: str) -> str:
    """The tag Word wants for a language code: ``fr`` -> ``fr-FR``, ``ar`` -> ``ar-EG``."""
    code = language.replace("-", "_")
    if code in LANGUAGE_REGIONS:
        return LANGUAGE_REGIONS[code]
    if "_" in code:
        return code.replace("_", "-")
    likely = get_global("likely_subtags").get(code, "")
    parts = likely.split("_")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isupper()), "")
    return f"{code}-{region}" if region else code
