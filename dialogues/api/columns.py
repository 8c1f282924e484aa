"""Columns read straight in the API's formats, for lists built from rows.

``instant(column)`` reads an instant column as ``instant_text`` writes it. SQLite keeps an
instant as naive UTC text (``UTCDateTime``), which is cut to shape rather than parsed into a
datetime and formatted again; other databases give a datetime, which is formatted.
"""

from datetime import UTC, datetime

import sqlalchemy as sa

from dialogues.api.fields import instant_text


class InstantText(sa.types.TypeDecorator):
    """An instant, read as ``2027-03-02T09:00:00Z`` (read-only: never bound)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def load_dialect_impl(self, dialect):
        if dialect.name == "sqlite":
            return dialect.type_descriptor(sa.String())
        return dialect.type_descriptor(self.impl)

    def process_result_value(self, value, dialect):
        if value is None or not isinstance(value, str):
            return instant_text(value)
        if len(value) == 19 or (len(value) > 19 and value[19] == "."):
            return f"{value[:10]}T{value[11:19]}Z"  # "YYYY-MM-DD HH:MM:SS[.ffffff]", in UTC
        return instant_text(_parsed(value))


def _parsed(text: str) -> datetime:
    """Any other ISO 8601 text, as an aware instant (naive means UTC, as stored)."""
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def instant(column) -> sa.Label:
    """``column`` (an instant) read as the API writes it, under its own name."""
    return sa.type_coerce(column, InstantText()).label(column.key)
