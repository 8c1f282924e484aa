"""What the desk tells a coordinator: a parity warning before a decision, promotion offers after.

Neither changes anything. The warning asks for a confirmation; an offer is one click away from
an ordinary decision, which checks capacity again.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.balance import Balance, parity, programme_balance
from dialogues.registrations.models import Registration, RegistrationStatus

Status = RegistrationStatus


@dataclass(frozen=True)
class ParityWarning:
    before: float
    after: float
    threshold: float


@dataclass(frozen=True)
class PromotionOffer:
    side: Side
    registration: Registration
    places_left: int | None  # None: the side has no capacity limit


def parity_warning(
    programme: Programme, registrations: list[Registration], status
) -> ParityWarning | None:
    """A warning when this decision would bring parity below the programme's threshold.

    Only a decision that lowers parity warns: accepting the first people of a side while
    another side still has none keeps parity at 0 and would otherwise warn at every click.
    """
    balance = programme_balance(programme)
    accepted = {side.side_id: side.accepted for side in balance.sides}
    for registration in registrations:
        if registration.status == status:
            continue
        if registration.status == Status.ACCEPTED:
            accepted[registration.side_id] -= 1
        if status == Status.ACCEPTED:
            accepted[registration.side_id] += 1
    before, after = balance.parity, parity(list(accepted.values()))
    if after < programme.parity_threshold and after < before:
        return ParityWarning(before, after, programme.parity_threshold)
    return None


def promotion_offers(programme: Programme, balance: Balance | None = None) -> list[PromotionOffer]:
    """For each side with a free place, the person who has waited longest on its waitlist."""
    balance = balance or programme_balance(programme)
    free = {
        side.side_id: side.places_left
        for side in balance.sides
        if side.waitlisted and (side.places_left is None or side.places_left > 0)
    }
    if not free:
        return []
    sides = {side.id: side for side in programme.sides}
    return [
        PromotionOffer(sides[registration.side_id], registration, free[registration.side_id])
        for registration in _first_waitlisted(programme, list(free))
    ]


# The first waitlisted registration of each asked-for side: one ordered LIMIT 1 per side, each
# walking the (programme, status, created_at, id) index (cheaper than numbering every
# waitlisted registration of the programme). Built once: only its parameters change.
_FIRST_OF_SIDE = (
    sa.select(Registration.id)
    .where(
        Registration.programme_id == sa.bindparam("programme_id"),
        Registration.status == Status.WAITLISTED,
        Registration.side_id == Side.id,
        Registration.user_id.is_not(None),  # an erased account is offered no place
    )
    .order_by(Registration.created_at, Registration.id)
    .limit(1)
    .correlate(Side)
    .scalar_subquery()
)
_FIRST_WAITLISTED = (
    sa.select(Registration)
    .where(
        Registration.id.in_(
            sa.select(_FIRST_OF_SIDE).where(Side.id.in_(sa.bindparam("side_ids", expanding=True)))
        )
    )
    .options(joinedload(Registration.user))
    .order_by(Registration.side_id)
)


def _first_waitlisted(programme: Programme, side_ids: list[int]) -> list[Registration]:
    parameters = {"programme_id": programme.id, "side_ids": side_ids}
    return list(db.session.scalars(_FIRST_WAITLISTED, parameters))
