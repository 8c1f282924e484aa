"""The desk's side panel in one query: each side's counts (the balance) and the person who has
waited longest on its waitlist (the promotion offers), with no object per side or registration.

Counts as ``programme_balance`` counts (from the registration tally) and offers as
``promotion_offers`` offers.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from dialogues.auth.models import User
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.balance import Balance, SideCount, on_side
from dialogues.registrations.models import Registration, RegistrationStatus

Status = RegistrationStatus


@dataclass(frozen=True, slots=True)
class DeskOffer:
    """A side with a free place and the first on its waitlist; ``name`` None once erased."""

    side: str
    places_left: int | None  # None: the side has no capacity limit
    registration_id: int
    name: str | None
    waiting_since: object  # the registration's created_at


_FIRST_WAITLISTED = (
    sa.select(Registration.id)
    .where(
        Registration.programme_id == Side.programme_id,
        Registration.status == Status.WAITLISTED,
        Registration.side_id == Side.id,
        Registration.user_id.is_not(None),  # an erased account is offered no place
    )
    .order_by(Registration.created_at, Registration.id)
    .limit(1)
    .scalar_subquery()
)
_PER_SIDE = (
    sa.select(
        Side.id,
        Side.name,
        Side.capacity,
        *(on_side(status).label(status.value) for status in Status),
        _FIRST_WAITLISTED.label("first_waitlisted"),
    )
    .where(Side.programme_id == sa.bindparam("programme_id"))
    .subquery()
)
_WAITING = aliased(Registration)
# Built once: only the programme changes.
_PANEL = (
    sa.select(_PER_SIDE, _WAITING.created_at, _WAITING.user_id, User.name.label("person"))
    .outerjoin(_WAITING, _WAITING.id == _PER_SIDE.c.first_waitlisted)
    .outerjoin(User, User.id == _WAITING.user_id)
    .order_by(_PER_SIDE.c.id)
)


def desk_panel(connection, programme: Programme) -> tuple[Balance, list[DeskOffer]]:
    """The balance and, for each side with a free place and a waitlist, its first in line."""
    sides, offers = [], []
    for row in connection.execute(_PANEL, {"programme_id": programme.id}):
        counts = {status.value: row._mapping[status.value] for status in Status}
        side = SideCount(row.id, row.name, row.capacity, **counts)
        sides.append(side)
        free = side.places_left is None or side.places_left > 0
        if side.waitlisted and free and row.first_waitlisted is not None:
            person = row.person if row.user_id is not None else None
            offers.append(
                DeskOffer(side.name, side.places_left, row.first_waitlisted, person, row.created_at)
            )
    return Balance(sides=sides), offers
