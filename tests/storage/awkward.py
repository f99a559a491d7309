"""Free text for the property tests of the stores: pieces that have broken writers and stores before (markup,
right-to-left and mixed scripts, emoji sequences, combining marks, invisible direction marks, format strings,
SQL, JSON), mixed with any other text the core accepts."""

from __future__ import annotations

from hypothesis import strategies as st

from facilitator.entities import MAX_NAME

AWKWARD = [
    "<b>&amp;</b>",
    "<b>&",
    "x<y",
    "Q&A",
    "<script>x</script>",
    '<img src="/etc/passwd">',
    "'; drop table partners; --",
    "'; drop table meetings; --",
    '"quoted"',
    "مجلس الشراكة المحلي",
    "אגודת הדיור",
    "ضابط شرطة Police 112",
    "اردو زبان",
    "👩🏽‍⚕️🏳️‍🌈🇳🇱",
    "e\u0301\u0302",
    "Z̤̈ǎ̤",
    "\u200f\u200e\u2066x\u2069",
    "\ufeff",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "Ǆ ﬁ ß İ",
    "\x7f\x85\xa0",
    "  padded  ",
    "tab\there",
    "line\nbreak\n",
    "%s {name} {0} %(x)s",
    "\\N{NULL}",
    "null",
    "[]",
]
_CONTROL = [chr(i) for i in range(32) if chr(i) not in "\n\t"]
_FREE = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters=_CONTROL),
    max_size=40,
)


def texts(limit: int) -> st.SearchStrategy[str]:
    """Free text the core accepts, up to ``limit`` characters, often with awkward pieces."""
    return st.lists(st.one_of(st.sampled_from(AWKWARD), _FREE), max_size=6).map(
        lambda parts: "".join(parts)[:limit]
    )


def names(limit: int = MAX_NAME) -> st.SearchStrategy[str]:
    """A name: free text that is not blank."""
    return texts(limit).filter(lambda s: bool(s.strip()))
