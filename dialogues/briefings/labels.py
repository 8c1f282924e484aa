"""Words a reader of a briefing or the digest sees for stored values, and text direction."""

import unicodedata

from dialogues.core.templating import country_name
from dialogues.programmes.labels import label
from dialogues.recommendations.labels import AGREEMENT

SESSION_FORMATS = {
    "plenary": "Plenary",
    "working_group": "Working group",
    "bilateral": "Bilateral",
    "site_visit": "Site visit",
    "social": "Social",
}
FILE_FORMATS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "html": "Printable web page (HTML)",
    "md": "Markdown",
    "json": "JSON",
}
RIGHT_TO_LEFT = frozenset({"R", "AL"})
LEFT_TO_RIGHT = frozenset({"L"})


def agreement_label(value: str) -> str:
    return AGREEMENT.get(value, value.replace("_", " "))


def session_format_label(value: str) -> str:
    return SESSION_FORMATS.get(value, value.replace("_", " "))


def kind_label(value: str) -> str:
    return label(value, "kind")


def countries_label(codes) -> str:
    return ", ".join(country_name(code) for code in codes)


def text_direction(text: str | None) -> str:
    """``rtl`` when the first letter with a direction is Arabic, Hebrew, …; else ``ltr``.

    Set as ``dir`` on user text: WeasyPrint ignores ``dir="auto"``, so the direction is decided
    here for every format alike.
    """
    for character in text or "":
        kind = unicodedata.bidirectional(character)
        if kind in RIGHT_TO_LEFT:
            return "rtl"
        if kind in LEFT_TO_RIGHT:
            return "ltr"
    return "ltr"


def percent(value: float) -> str:
    return f"{round(value * 100)} %"
