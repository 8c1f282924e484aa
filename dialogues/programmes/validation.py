"""Checking a programme's fields and sides before anything is written.

The pages and the API hand in plain values (strings, numbers, dates, lists); every problem comes
back as a message under the field's name, sides as ``sides.0.countries``, so a form can show it
beside the field and the API can return it in ``error.fields``.
"""

import re
from collections.abc import Callable
from datetime import date
from functools import cache
from zoneinfo import available_timezones

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from dialogues.auth.operations import too_long
from dialogues.programmes.models import (
    Confidentiality,
    ProgrammeKind,
    ProgrammeStatus,
    is_country_code,
)

S = ProgrammeStatus
# Forward along the life of a programme, or one step back to undo a mistake.
STATUS_TRANSITIONS: dict[ProgrammeStatus, set[ProgrammeStatus]] = {
    S.DRAFT: {S.REGISTRATION_OPEN, S.RUNNING, S.ARCHIVED},
    S.REGISTRATION_OPEN: {S.DRAFT, S.RUNNING, S.CONCLUDED},
    S.RUNNING: {S.REGISTRATION_OPEN, S.CONCLUDED},
    S.CONCLUDED: {S.RUNNING, S.ARCHIVED},
    S.ARCHIVED: {S.CONCLUDED},
}
MAX_SIDES = 50
MAX_CAPACITY = 100_000  # the API's bound too; a side's places, far below an INTEGER's
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class Problem(ValueError):
    """One field's value cannot be used; the message says why."""


@cache
def time_zones() -> frozenset[str]:
    return frozenset(available_timezones() - _NOT_ZONES)


def text(max_length: int, *, required: str | None = None) -> Callable[[object], str]:
    def clean(value) -> str:
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise Problem(_("Enter text."))
        value = value.strip()
        if required and not value:
            raise Problem(required)
        if len(value) > max_length:
            raise Problem(too_long(max_length))
        return value

    return clean


def choice(enum_cls) -> Callable[[object], object]:
    def clean(value):
        try:
            return enum_cls(value)
        except ValueError:
            allowed = ", ".join(member.value for member in enum_cls)
            raise Problem(_("Choose one of: %(choices)s.", choices=allowed)) from None

    return clean


def a_date(value) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise Problem(_("Enter a date as YYYY-MM-DD."))


def time_zone(value) -> str:
    name = value.strip() if isinstance(value, str) else value
    if isinstance(name, str) and name in time_zones():
        return name
    raise Problem(
        _("Unknown time zone “%(zone)s”: use an IANA name such as Asia/Shanghai.", zone=value)
    )


def fraction(value) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise Problem(_("Enter a number from 0 to 1, such as 0.8."))
    return float(value)


def boolean(value) -> bool:
    if not isinstance(value, bool):
        raise Problem(_("Enter true or false."))
    return value


def capacity(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Problem(_("Enter a whole number of places, or leave it empty for no limit."))
    if value < 0:
        raise Problem(_("Capacity cannot be negative."))
    if value > MAX_CAPACITY:
        raise Problem(_("Capacity cannot be more than %(max)d places.", max=MAX_CAPACITY))
    return value


def countries(value) -> list[str]:
    if not isinstance(value, list | tuple) or not all(isinstance(code, str) for code in value):
        raise Problem(_("Give a list of ISO 3166-1 alpha-2 country codes, such as US or CN."))
    codes = list(dict.fromkeys(code.strip().upper() for code in value if code.strip()))
    if not codes:
        raise Problem(_("Choose at least one country."))
    unknown = [code for code in codes if not is_country_code(code)]
    if unknown:
        raise Problem(
            ngettext(
                "Unknown country code: %(codes)s (use ISO 3166-1 alpha-2).",
                "Unknown country codes: %(codes)s (use ISO 3166-1 alpha-2).",
                len(unknown),
                codes=", ".join(unknown),
            )
        )
    return codes


PROGRAMME_REQUIRED = {
    "title": _l("Enter a title."),
    "kind": _l("Choose the kind of programme."),
    "starts_on": _l("Enter the start date."),
    "ends_on": _l("Enter the end date."),
    "timezone": _l("Choose the home time zone."),
    "confidentiality": _l("Choose the confidentiality rule."),
}
PROGRAMME_FIELDS: dict[str, Callable] = {
    "title": text(200, required=PROGRAMME_REQUIRED["title"]),
    "kind": choice(ProgrammeKind),
    "description": text(20_000),
    "public_summary": text(20_000),
    "starts_on": a_date,
    "ends_on": a_date,
    "timezone": time_zone,
    "confidentiality": choice(Confidentiality),
    "parity_threshold": fraction,
    "registration_open": boolean,
    "status": choice(ProgrammeStatus),
}
SIDE_REQUIRED = {
    "name": _l("Enter the side's name."),
    "countries": _l("Choose at least one country."),
}
SIDE_FIELDS: dict[str, Callable] = {
    "name": text(120, required=SIDE_REQUIRED["name"]),
    "countries": countries,
    "capacity": capacity,
}


class Errors(dict):
    """Messages per field name, in the shape ``ValidationFailed`` takes."""

    def add(self, field: str, message: str) -> None:
        self.setdefault(field, []).append(message)


def clean_fields(
    data: dict,
    fields: dict[str, Callable],
    required: dict[str, str],
    errors: Errors,
    *,
    prefix: str = "",
    complete: bool,
) -> dict:
    """Each field cleaned; unknown fields, gaps and bad values noted in ``errors``.

    ``complete``: every required field must be given (creating), else only those present
    (updating); either way a required field cannot be emptied.
    """
    values = {}
    missing = [name for name in required if name not in data] if complete else []
    for name, value in [*data.items(), *((name, None) for name in missing)]:
        cleaner = fields.get(name)
        if cleaner is None:
            errors.add(prefix + name, _("Unknown field."))
        elif name in required and value in (None, "", [], ()):
            errors.add(prefix + name, str(required[name]))
        else:
            try:
                values[name] = cleaner(value)
            except Problem as problem:
                errors.add(prefix + name, str(problem))
    return values


def check_dates(starts_on, ends_on, errors: Errors) -> None:
    if isinstance(starts_on, date) and isinstance(ends_on, date) and ends_on < starts_on:
        errors.add("ends_on", _("The end date is before the start date."))


def check_status(current: ProgrammeStatus | None, new: ProgrammeStatus, errors: Errors) -> None:
    if current is None or current == new:
        return
    current = ProgrammeStatus(current)
    if new not in STATUS_TRANSITIONS[current]:
        allowed = ", ".join(sorted(status.value for status in STATUS_TRANSITIONS[current]))
        errors.add(
            "status",
            _(
                "A %(status)s programme can move only to: %(allowed)s.",
                status=current.value,
                allowed=allowed,
            ),
        )
