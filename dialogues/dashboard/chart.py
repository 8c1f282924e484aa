"""The balance chart's geometry: one bar per side, accepted, pending and waitlisted stacked
against the side's capacity. The template draws it as SVG, with every number also in text."""

from dataclasses import dataclass

from dialogues.registrations.balance import Balance, SideCount

WIDTH = 640
BAR_WIDTH = 600  # the longest bar; the rest of the width keeps the capacity mark inside
ROW_HEIGHT = 72
BAR_OFFSET = 24  # from the row's top: the side's name sits above its bar
BAR_HEIGHT = 22
MIN_LABEL_WIDTH = 22  # a segment narrower than this shows its count only in the summary line
PARTS = ("accepted", "pending", "waitlisted")


@dataclass(frozen=True)
class Segment:
    part: str
    count: int
    x: float
    width: float

    @property
    def labelled(self) -> bool:
        return self.width >= MIN_LABEL_WIDTH


@dataclass(frozen=True)
class Bar:
    side: SideCount
    top: float
    segments: list[Segment]
    capacity_x: float | None

    @property
    def bar_top(self) -> float:
        return self.top + BAR_OFFSET


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return len(self.bars) * ROW_HEIGHT


def balance_chart(balance: Balance) -> Chart:
    scale = BAR_WIDTH / _largest(balance.sides)
    return Chart(
        bars=[_bar(side, index * ROW_HEIGHT, scale) for index, side in enumerate(balance.sides)]
    )


def _largest(sides: list[SideCount]) -> int:
    """The number the longest bar stands for: the largest capacity or total, at least 1."""
    totals = [max(side.capacity or 0, sum(getattr(side, part) for part in PARTS)) for side in sides]
    return max([1, *totals])


def _bar(side: SideCount, top: float, scale: float) -> Bar:
    segments, x = [], 0.0
    for part in PARTS:
        count = getattr(side, part)
        if count:
            segments.append(Segment(part, count, round(x, 1), round(count * scale, 1)))
            x += count * scale
    capacity_x = round(side.capacity * scale, 1) if side.capacity is not None else None
    return Bar(side=side, top=top, segments=segments, capacity_x=capacity_x)
