"""What an audience may see is decided in ``facilitator/audience.py`` only: no writer and no document builder
compares a confidentiality itself (that is how an escalated restricted conflict once leaked)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Modules that build or write what an audience reads.
DOCUMENT_MODULES = sorted(
    [
        *(ROOT / "exports").glob("*.py"),
        *(
            path
            for path in (ROOT / "facilitator").glob("*.py")
            if path.stem.endswith(("minutes", "_docs", "review", "log"))
            or path.stem in {"leaflets", "indicators", "docmodel", "document_sections"}
        ),
    ]
)
#: A confidentiality judged on the spot: ``x.confidentiality is Confidentiality.PUBLIC``, ``== ...``, ``in (...)``.
JUDGED_HERE = re.compile(r"\.confidentiality\s+(is|==|!=|in|not in)\s|Confidentiality\.\w+\s+(is|==|in)\s")


def test_the_rule_is_looked_for_in_the_document_modules() -> None:
    names = {path.stem for path in DOCUMENT_MODULES}
    assert {"minutes", "action_minutes", "register_docs", "year_review", "leaflets", "ics"} <= names


def test_no_document_module_decides_confidentiality_itself() -> None:
    judged = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in DOCUMENT_MODULES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if JUDGED_HERE.search(line)
    ]
    assert judged == [], "ask facilitator.audience (seen_by / visibility) instead"
