"""Template filters and globals: instants with their zone, country names."""

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

import pycountry
from babel import Locale
from flask_login import current_user

from dialogues.core import formats
from dialogues.core.i18n import current_language
from dialogues.core.options import option_list


def format_instant(instant: datetime | None, zone: str | None = None) -> str:
    """An instant in a zone, always with the zone named: ``2027-03-02 17:00 (Asia/Shanghai)``."""
    if instant is None:
        return ""
    return _instant_text(instant, zone or _viewer_zone(), current_language())


@functools.lru_cache(maxsize=8192)
def _instant_text(instant: datetime, zone: str, language: str) -> str:
    # A list page shows the same instants to every reader in a zone and language: made once.
    local = instant.astimezone(ZoneInfo(zone))
    return f"{formats.local_text(local, language)} {zone_label(local, zone)}"


def zone_label(local: datetime, zone: str) -> str:
    """``CST (Asia/Shanghai)``; ``UTC+04:00 (Asia/Muscat)`` where the zone has no letters."""
    abbreviation = local.tzname() or ""
    if abbreviation == zone:
        return zone
    if not abbreviation.isalpha():
        offset = local.strftime("%z")
        abbreviation = f"UTC{offset[:3]}:{offset[3:]}"
    return f"{abbreviation} ({zone})"


def country_name(code: str) -> str:
    """The country of an ISO 3166 code, named in the reader's language (English: pycountry's
    common name); an unknown code is shown as it is."""
    return _country_name(code, current_language())


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, reader: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    local = Locale.parse(reader).territories.get(code) if reader != "en" else None
    return local or getattr(country, "common_name", None) or country.name


def _viewer_zone() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.timezone
    return "UTC"


def init_app(app) -> None:
    app.add_template_filter(format_instant, "instant")
    app.add_template_filter(country_name, "country")
    app.add_template_filter(formats.date_text, "date")
    app.add_template_filter(formats.long_date, "long_date")
    app.add_template_filter(formats.number, "number")
    app.add_template_filter(formats.list_text, "list_text")  # not "list": Jinja has one
    app.add_template_filter(option_list, "options")
