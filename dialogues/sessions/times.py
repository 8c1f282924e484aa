"""Wall-clock times and instants: parsing local times in a zone, showing instants in zones.

Sessions are stored as UTC instants. People type wall-clock times in a zone (the programme's, by
default) and read them in their own zone and the programme's, always with the zone named.
"""

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, available_timezones

from flask_babel import gettext as _

from dialogues.core import formats
from dialogues.core.i18n import current_language


@functools.cache
def known_zones() -> tuple[str, ...]:
    """Every IANA zone this installation knows, sorted; "UTC" first."""
    zones = sorted(available_timezones() - {"UTC", "localtime", "Factory"})
    return ("UTC", *zones)


def is_known_zone(name: str | None) -> bool:
    return bool(name) and name in _known_zone_set()


@functools.cache
def _known_zone_set() -> frozenset[str]:
    return frozenset(known_zones())


def zone_problem(name: str | None) -> str | None:
    """Why a zone name cannot be used, or None."""
    if not name:
        return _("Choose a time zone.")
    if not is_known_zone(name):
        return _(
            "“%(name)s” is not a known time zone; use an IANA name such as Asia/Shanghai.",
            name=name,
        )
    return None


# Sessions fall between these instants: any zone can show them, which year 1 or 9999 cannot.
EARLIEST, LATEST = datetime(1900, 1, 1, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)


def out_of_range(instant: datetime) -> bool:
    return not EARLIEST <= instant < LATEST


def range_problem() -> str:
    return _("Give a time between the years 1900 and 2199.")


class NoSuchLocalTime(ValueError):
    """A wall-clock time that stands for no instant: the zone skips it (clocks go forward), or
    it lies past the ends of the calendar (year 1 or 9999 with the zone's offset)."""


def local_to_utc(wall: datetime, zone: str) -> datetime:
    """The instant a naive wall-clock time stands for in ``zone``.

    A time that happens twice (clocks go back) is read as the first; a time that never happens
    (clocks go forward) is refused rather than silently shifted.
    """
    local = wall.replace(tzinfo=ZoneInfo(zone), fold=0)
    try:
        instant = local.astimezone(UTC)
        back = instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    except OverflowError as error:
        raise NoSuchLocalTime(range_problem()) from error
    if back != wall.replace(fold=0):
        raise NoSuchLocalTime(
            _(
                "%(time)s does not exist in %(zone)s: the clocks change then.",
                time=f"{wall:%Y-%m-%d %H:%M}",
                zone=zone,
            )
        )
    return instant


def utc_to_local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


def local_date(instant: datetime, zone: str) -> date:
    return utc_to_local(instant, zone).date()


@dataclass(frozen=True)
class ZonedRange:
    """A start and an end as read in one zone, shown with the zone named.

    ``2027-03-14 21:00–23:00 CST (Asia/Shanghai)``; across a clock change each end shows its own
    abbreviation: ``2027-11-07 01:00 EDT – 02:30 EST (America/New_York)``.
    """

    zone: str
    starts: datetime
    ends: datetime

    @property
    def same_day(self) -> bool:
        return self.starts.date() == self.ends.date()

    def __str__(self) -> str:
        return self.text(formats.date_text, formats.time_text)

    def text(self, date_text, time_text) -> str:
        """The range, with dates and times as ``date_text`` and ``time_text`` write them."""
        return range_text(self.zone, self.starts, self.ends, date_text, time_text)


def range_text(zone: str, starts: datetime, ends: datetime, date_text, time_text) -> str:
    """``ZonedRange(zone, starts, ends).text(date_text, time_text)``."""
    first, last = abbreviation(starts, zone), abbreviation(ends, zone)
    start_day = starts.date()
    start_text = f"{date_text(start_day)} {time_text(starts)}"
    end_day = ends.date()
    same_day = start_day == end_day
    end_text = time_text(ends) if same_day else f"{date_text(end_day)} {time_text(ends)}"
    if first != last:
        span = f"{start_text} {first} – {end_text} {last}".replace("  ", " ")
    elif same_day:
        span = f"{start_text}–{end_text} {first}".rstrip()
    else:
        span = f"{start_text} – {end_text} {first}".rstrip()
    return f"{span} ({zone})" if zone != first and zone != last else span


class PageTexts:
    """``formats.date_text`` and ``time_text`` for one page, each text made once.

    Fifty sessions share a handful of days and hours; the language is read once, not per call.
    """

    def __init__(self) -> None:
        self.language = current_language()
        self._dates: dict[date, str] = {}
        self._times: dict[tuple[int, int], str] = {}

    def date_text(self, day: date) -> str:
        if (text := self._dates.get(day)) is None:
            text = self._dates[day] = formats.date_text(day, self.language)
        return text

    def long_date(self, day: date) -> str:
        return formats.long_date(day, self.language)

    def time_text(self, local: datetime) -> str:
        key = (local.hour, local.minute)
        if (text := self._times.get(key)) is None:
            text = self._times[key] = formats.time_text(local, self.language)
        return text


class RangeTexts(PageTexts):
    """``str(zoned_range(starts_at, ends_at, zone))`` for the sessions of a page: each zone is
    looked up once, each date and time of day written once."""

    def __init__(self) -> None:
        super().__init__()
        self._zones: dict[str, ZoneInfo] = {}

    def _zone(self, zone: str) -> ZoneInfo:
        if (found := self._zones.get(zone)) is None:
            found = self._zones[zone] = ZoneInfo(zone)
        return found

    def text(self, starts_at: datetime, ends_at: datetime, zone: str) -> str:
        info = self._zone(zone)
        starts, ends = starts_at.astimezone(info), ends_at.astimezone(info)
        return range_text(zone, starts, ends, self.date_text, self.time_text)

    def local_date(self, instant: datetime, zone: str) -> date:
        return instant.astimezone(self._zone(zone)).date()


def abbreviation(local: datetime, zone: str) -> str:
    """``CST``; ``UTC+04:00`` where the zone has no letters; the zone itself for UTC."""
    name = local.tzname() or ""
    if name == zone or name.isalpha():
        return name
    offset = local.strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


def zoned_range(starts_at: datetime, ends_at: datetime, zone: str) -> ZonedRange:
    return ZonedRange(zone, utc_to_local(starts_at, zone), utc_to_local(ends_at, zone))


def iso_utc(instant: datetime | None) -> str | None:
    """``2027-03-02T09:00:00Z``: the API's form of an instant."""
    if instant is None:
        return None
    return instant.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def parse_instant(text) -> datetime:
    """An ISO 8601 instant that carries an offset (``Z`` included); raises ValueError otherwise."""
    if not isinstance(text, str):
        raise ValueError("Give an ISO 8601 date and time with an offset, as a string.")
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            "Give an ISO 8601 date and time with an offset, e.g. 2027-03-02T09:00:00Z."
        ) from None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("Add an offset (e.g. Z or +08:00): a time without one is ambiguous.")
    return value.astimezone(UTC)
