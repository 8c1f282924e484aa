"""The timeline grid: days side by side, half-hour rows, overlapping sessions in lanes.

Built as plain table rows and cells (with rowspans), so the page needs neither inline styles
nor JavaScript. Positions are wall-clock times in the chosen zone; a session running past
midnight continues in the next day's column. The exact times are always written in the cell.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dialogues.sessions.models import DialogueSession

SLOT_MINUTES = 30
SLOTS_PER_DAY = 24 * 60 // SLOT_MINUTES


@dataclass(frozen=True)
class Segment:
    """The part of a session that falls on one local day, in slots."""

    dialogue_session: DialogueSession
    day: date
    first: int
    last: int  # exclusive
    continues: bool = False  # began on an earlier day


@dataclass
class Cell:
    segment: Segment | None = None
    rowspan: int = 1


@dataclass
class Row:
    label: str
    cells: list[Cell] = field(default_factory=list)


@dataclass
class Grid:
    days: list[tuple[date, int]]  # each day and how many lanes it needs
    rows: list[Row]


def build_grid(sessions: list[DialogueSession], zone: str) -> Grid:
    segments = [seg for s in sessions for seg in _segments(s, ZoneInfo(zone))]
    if not segments:
        return Grid([], [])
    lanes = _lanes(segments)
    days = sorted({seg.day for seg in segments})
    width = {day: 1 + max(lane for seg, lane in lanes.items() if seg.day == day) for day in days}
    first = min(seg.first for seg in segments)
    last = max(seg.last for seg in segments)
    starting = {(seg.day, lane, seg.first): seg for seg, lane in lanes.items()}
    covered = {(seg.day, lane, slot) for seg, lane in lanes.items() for slot in _inner(seg)}
    rows = []
    for slot in range(first, last):
        row = Row(_label(slot))
        for day in days:
            for lane in range(width[day]):
                if (day, lane, slot) in covered:
                    continue
                seg = starting.get((day, lane, slot))
                span = min(seg.last, last) - slot if seg else 1
                row.cells.append(Cell(seg, span))
        rows.append(row)
    return Grid([(day, width[day]) for day in days], rows)


def _segments(dialogue_session: DialogueSession, zone: ZoneInfo) -> list[Segment]:
    start = dialogue_session.starts_at.astimezone(zone)
    end = dialogue_session.ends_at.astimezone(zone)
    segments, day, continues = [], start.date(), False
    while True:
        first = _slot(start) if day == start.date() else 0
        ends_today = day == end.date()
        last = _slot(end, up=True) if ends_today else SLOTS_PER_DAY
        if last > first or not segments:
            segments.append(Segment(dialogue_session, day, first, max(last, first + 1), continues))
        if ends_today or day > end.date():
            return segments
        day, continues = day + timedelta(days=1), True


def _slot(moment: datetime, *, up: bool = False) -> int:
    minutes = moment.hour * 60 + moment.minute
    whole, rest = divmod(minutes, SLOT_MINUTES)
    return whole + (1 if up and (rest or moment.second) else 0)


def _lanes(segments: list[Segment]) -> dict[Segment, int]:
    """Greedy interval colouring per day: each segment takes the first free lane."""
    lanes: dict[Segment, int] = {}
    ends_by_day: dict[date, list[int]] = {}
    for seg in sorted(segments, key=lambda s: (s.day, s.first, -s.last)):
        ends = ends_by_day.setdefault(seg.day, [])
        lane = next((i for i, end in enumerate(ends) if end <= seg.first), len(ends))
        if lane == len(ends):
            ends.append(seg.last)
        else:
            ends[lane] = seg.last
        lanes[seg] = lane
    return lanes


def _inner(seg: Segment) -> range:
    return range(seg.first + 1, seg.last)


def _label(slot: int) -> str:
    return time(slot * SLOT_MINUTES // 60, slot * SLOT_MINUTES % 60).strftime("%H:%M")
