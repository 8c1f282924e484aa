"""Dates, times, numbers and lists as the reader's language writes them (Babel, CLDR data).

English keeps ISO dates (``2027-03-02``): unambiguous for readers from every country. Times are
24-hour in every language, and an instant is never shown without its zone (see ``templating``).
"""

from datetime import date, datetime

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from dialogues.core.i18n import current_language


def date_text(day: date) -> str:
    language = current_language()
    return day.isoformat() if language == "en" else format_date(day, "medium", locale=language)


def long_date(day: date) -> str:
    """With the weekday: ``Tuesday, March 2, 2027``, ``2027年3月2日星期二``."""
    return format_date(day, "full", locale=current_language())


def time_text(local: datetime) -> str:
    return format_skeleton("Hm", local, locale=current_language())


def local_text(local: datetime) -> str:
    """A wall-clock date and time (the caller names the zone)."""
    return f"{date_text(local.date())} {time_text(local)}"


def number(value: int | float) -> str:
    return format_decimal(value, locale=current_language())


def list_text(items: list[str]) -> str:
    """``A, B and C`` / ``A、B和C`` / ``A, B и C``."""
    return format_list(list(items), locale=current_language())
