"""Dates, times, numbers and lists as the reader's language writes them (Babel, CLDR data).

English keeps ISO dates (``2027-03-02``): unambiguous for readers from every country. Times are
24-hour in every language, and an instant is never shown without its zone (see ``templating``).

Dates and times repeat on every list page (fifty sessions share a handful of days and hours), and
Babel looks its patterns up anew on each call, so each text is kept once it has been made.
"""

import functools
from datetime import date, datetime

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal

from dialogues.core.i18n import current_language


def date_text(day: date, language: str | None = None) -> str:
    language = language or current_language()
    return day.isoformat() if language == "en" else _date(day, "medium", language)


def long_date(day: date, language: str | None = None) -> str:
    """With the weekday: ``Tuesday, March 2, 2027``, ``2027年3月2日星期二``."""
    return _date(day, "full", language or current_language())


def time_text(local: datetime, language: str | None = None) -> str:
    return _time(local.hour, local.minute, language or current_language())


@functools.lru_cache(maxsize=8192)
def _date(day: date, length: str, language: str) -> str:
    return format_date(day, length, locale=language)


@functools.lru_cache(maxsize=8192)
def _time(hour: int, minute: int, language: str) -> str:
    # "Hm" shows only the hour and minute, so those two (and the language) decide the text.
    return format_skeleton("Hm", datetime(2000, 1, 1, hour, minute), locale=language)


def local_text(local: datetime, language: str | None = None) -> str:
    """A wall-clock date and time (the caller names the zone)."""
    language = language or current_language()
    return f"{date_text(local.date(), language)} {time_text(local, language)}"


def number(value: int | float) -> str:
    return format_decimal(value, locale=current_language())


def list_text(items: list[str]) -> str:
    """``A, B and C`` / ``A、B和C`` / ``A, B и C``."""
    return format_list(list(items), locale=current_language())
