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


def _first_waitlisted(programme: Programme, side_ids: list[int]) -> list[Registration]:
    # One "first by date" per side, each found by walking the (programme, status, created_at,
    # id) index: cheaper than numbering every waitlisted registration of the programme.
    firsts = [
        sa.select(Registration.id)
        .where(
            Registration.programme_id == programme.id,
            Registration.status == Status.WAITLISTED,
            Registration.side_id == side_id,
        )
        .order_by(Registration.created_at, Registration.id)
        .limit(1)
        .scalar_subquery()
        for side_id in side_ids
    ]
    return list(
        db.session.scalars(
            sa.select(Registration)
            .where(sa.or_(*(Registration.id == first for first in firsts)))
            .options(joinedload(Registration.user))
            .order_by(Registration.side_id)
        )
    )
