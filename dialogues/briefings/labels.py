"""Words a reader of a briefing or the digest sees for stored values, and text direction."""

import unicodedata

from babel.numbers import format_decimal
from flask_babel import lazy_gettext, ngettext

from dialogues.core.i18n import current_language
from dialogues.core.templating import country_name
from dialogues.programmes.labels import label
from dialogues.recommendations.labels import AGREEMENT

SESSION_FORMATS = {
    "plenary": lazy_gettext("Plenary"),
    "working_group": lazy_gettext("Working group"),
    "bilateral": lazy_gettext("Bilateral"),
    "site_visit": lazy_gettext("Site visit"),
    "social": lazy_gettext("Social"),
}
FILE_FORMATS = {
    "pdf": "PDF",
    "docx": lazy_gettext("Word (DOCX)"),
    "html": lazy_gettext("Printable web page (HTML)"),
    "md": "Markdown",
    "json": "JSON",
}
RIGHT_TO_LEFT = frozenset({"R", "AL"})
LEFT_TO_RIGHT = frozenset({"L"})


def agreement_label(value: str) -> str:
    return str(AGREEMENT.get(value, value.replace("_", " ")))


def session_format_label(value: str) -> str:
    return str(SESSION_FORMATS.get(value, value.replace("_", " ")))


def kind_label(value: str) -> str:
    return str(label(value, "kind"))


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


def parity_text(value: float) -> str:
    """The parity figure, two decimals, as the language writes numbers (``0,75`` in Russian)."""
    return format_decimal(value, format="0.00", locale=current_language())


def off_record_sentence(briefing) -> str:
    """The annex's count of off-the-record sessions, which it never describes."""
    count = briefing.off_record_sessions_held
    if briefing.held_sessions:
        return ngettext(
            "And %(num)d off-the-record session: never described outside the room.",
            "And %(num)d off-the-record sessions: never described outside the room.",
            count,
        )
    return ngettext(
        "%(num)d off-the-record session was held: never described outside the room.",
        "%(num)d off-the-record sessions were held: never described outside the room.",
        count,
    )
