"""Marshmallow fields with the API's formats: instants in UTC with ``Z``, ids, zones, countries.

Use these next to ``marshmallow.fields`` in every feature's ``schemas.py``.
"""

import zoneinfo
from datetime import UTC, datetime
from functools import cache

import pycountry
from marshmallow import ValidationError, fields, validate

from dialogues.core.urls import MAX_ID


class Instant(fields.AwareDateTime):
    """An instant: ISO 8601 with an offset in (``Z`` or ``+08:00``); UTC with ``Z`` out."""

    default_error_messages = {
        "invalid": "Give an instant in ISO 8601 with its offset, e.g. 2027-03-02T09:00:00Z.",
        "invalid_awareness": "Give the instant's offset too, e.g. 2027-03-02T09:00:00Z.",
        "format": '"{input}" cannot be formatted as an instant.',
    }

    def __init__(self, **kwargs):
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        instant = super()._deserialize(value, attr, data, **kwargs)
        try:
            return instant.astimezone(UTC)
        except OverflowError as error:  # e.g. 0001-01-01T00:00:00+01:00
            raise self.make_error("invalid") from error

    def _serialize(self, value, attr, obj, **kwargs):
        return instant_text(value)


def instant_text(value: datetime | None) -> str | None:
    """An instant as the API writes it: UTC, to the second, with ``Z``."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat(timespec="seconds")
    return text.removesuffix("+00:00") + "Z"


class Id(fields.Integer):
    """A row id: 1 … 2⁶³−1, so a huge number is a clear 422 rather than a database error.

    Digits in a string are read (query strings are text); a fraction such as 1.5 is refused.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, float):
            raise self.make_error("invalid")
        return super()._deserialize(value, attr, data, **kwargs)


class TimeZone(fields.String):
    """An IANA time zone name such as ``Asia/Shanghai``."""

    def _deserialize(self, value, attr, data, **kwargs):
        name = super()._deserialize(value, attr, data, **kwargs)
        if name not in _zone_names():
            raise ValidationError("Give an IANA time zone name, e.g. Asia/Shanghai.")
        return name


class CountryCode(fields.String):
    """An ISO 3166-1 alpha-2 code in capitals, such as ``CN``."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs)
        if len(code) != 2 or not code.isupper() or pycountry.countries.get(alpha_2=code) is None:
            raise ValidationError(f'"{code}" is not an ISO 3166-1 alpha-2 country code.')
        return code


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())
