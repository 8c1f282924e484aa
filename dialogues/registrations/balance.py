"""Balance (parity): accepted participants per side, read from the registration tally.

Track II only works when no side dominates the room; every page that shows a programme's
registrations shows this. The counts come from ``registration_tally``, which the database's
triggers keep in step with the registrations (``registrations/tally.py``).
"""

from dataclasses import dataclass

import sqlalchemy as sa

from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.models import RegistrationStatus
from dialogues.registrations.models import RegistrationTally as Tally


@dataclass(frozen=True)
class SideCount:
    side_id: int
    name: str
    capacity: int | None
    pending: int = 0
    accepted: int = 0
    waitlisted: int = 0
    declined: int = 0
    withdrawn: int = 0

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.accepted, 0)


@dataclass(frozen=True)
class Balance:
    sides: list[SideCount]

    @property
    def parity(self) -> float:
        """Fewest accepted on a side ÷ most: 1.0 balanced, 0 when a side has none."""
        return parity([side.accepted for side in self.sides])

    def side(self, side_id: int) -> SideCount:
        return next(side for side in self.sides if side.side_id == side_id)


def parity(accepted_counts: list[int]) -> float:
    if not accepted_counts or min(accepted_counts) == 0:
        return 0.0
    return min(accepted_counts) / max(accepted_counts)


def programme_balance(programme: Programme) -> Balance:
    """Counts per side and status for one programme."""
    rows = db.session.execute(per_side_and_status(), {"programme_id": programme.id}).all()
    return balance_of(programme, rows)


def balance_of(programme: Programme, rows) -> Balance:
    """The balance from ``(side id, status, count)`` rows, every side of the programme in its
    order (a side without registrations counts zeros)."""
    counts: dict[int, dict[str, int]] = {}
    for side_id, status, count in rows:
        counts.setdefault(side_id, {})[RegistrationStatus(status).value] = count
    return Balance(
        sides=[
            SideCount(side.id, side.name, side.capacity, **counts.get(side.id, {}))
            for side in programme.sides
        ]
    )


def accepted_per_side(programme: Programme, side_ids) -> dict[int, int]:
    """``{side id: accepted participants}`` for ``side_ids`` of the programme (a side that has
    never had one is left out): what capacity checks compare with, read from the tally like
    every count of the balance. Read after the sides are locked (``decide_many``), it counts
    every decision committed before."""
    rows = db.session.execute(
        sa.select(Tally.side_id, Tally.total).where(
            Tally.programme_id == programme.id,
            Tally.status == RegistrationStatus.ACCEPTED,
            Tally.side_id.in_(list(side_ids)),
        )
    )
    return dict(rows.all())


@built_once
def per_side_and_status() -> sa.Select:
    """``(side id, status, count)`` of the programme ``:programme_id``'s registrations."""
    return sa.select(Tally.side_id, Tally.status, Tally.total).where(
        Tally.programme_id == sa.bindparam("programme_id")
    )


def on_side(status: RegistrationStatus) -> sa.ColumnElement:
    """The registrations in ``status`` of the side in ``Side.id`` (the outer statement's): a
    row of the tally, 0 for a side that has never had one."""
    counted = sa.select(Tally.total).where(
        Tally.programme_id == Side.programme_id,
        Tally.side_id == Side.id,
        Tally.status == status,
    )
    return sa.func.coalesce(counted.scalar_subquery(), 0)


def accepted_on_side() -> sa.ColumnElement:
    return on_side(RegistrationStatus.ACCEPTED)
