"""The coordinator's decisions: accept, waitlist or decline, within each side's capacity.

Two coordinators may accept the last place at the same moment. Each decision therefore locks
the rows of the sides it touches (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's write
transactions already run one at a time) and counts the accepted places again inside the same
transaction before changing anything. All of a bulk decision happens, or none of it.

A withdrawal can be undone: the person asks (their mail tells them to) and a coordinator reopens
the registration, which is pending again and decided on as any other. A registration whose
person erased their account can only be declined: no place, and no second chance, goes to nobody.
"""

from collections import Counter
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext, ngettext

from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations import notify
from dialogues.registrations.balance import accepted_per_side
from dialogues.registrations.labels import status_label
from dialogues.registrations.models import Registration, RegistrationStatus

Status = RegistrationStatus
# Pending last: it only reopens a withdrawn registration.
DECISIONS = (Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.PENDING)
# What the API's PATCH takes (API.md): reopening is the desk's.
API_DECISIONS = DECISIONS[:3]
UNKNOWN_REGISTRATION = lazy_gettext("Unknown registration for this programme.")
TRANSITIONS = {
    Status.PENDING: {Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED},
    Status.WAITLISTED: {Status.ACCEPTED, Status.DECLINED},
    Status.ACCEPTED: {Status.WAITLISTED, Status.DECLINED},
    Status.DECLINED: {Status.ACCEPTED, Status.WAITLISTED},  # a coordinator may reconsider
    Status.WITHDRAWN: {Status.PENDING},  # reopened, at the person's request
}


@dataclass(frozen=True)
class Outcome:
    changed: list[Registration]
    unchanged: int  # already in the status asked for


def decision_status(value) -> RegistrationStatus:
    """The status a coordinator may set, or a ValidationFailed naming ``status``."""
    try:
        status = Status(value)
    except ValueError:
        status = None
    if status not in DECISIONS:
        choices = ", ".join(choice.value for choice in DECISIONS)
        raise ValidationFailed({"status": [_("Choose one of: %(choices)s.", choices=choices)]})
    return status


def decide(registration: Registration, status, actor) -> Registration:
    """Accept, waitlist or decline one registration (the same status again changes nothing)."""
    decide_many(registration.programme, [registration.id], status, actor)
    return registration


def decide_many(programme: Programme, registration_ids, status, actor) -> Outcome:
    """Decide on several registrations of one programme at once: all of them, or none."""
    status = decision_status(status)
    if not programme.can_manage(actor):
        raise Forbidden()
    registrations = _locked(programme, registration_ids)
    changing = [registration for registration in registrations if registration.status != status]
    for registration in changing:
        _check_transition(registration, status)
    if status == Status.ACCEPTED:
        _check_capacity(programme, changing)
    for registration in changing:
        _apply(registration, status, actor)
    return Outcome(changed=changing, unchanged=len(registrations) - len(changing))


def _locked(programme: Programme, registration_ids) -> list[Registration]:
    """The registrations, re-read under lock, after locking their sides (always in that order)."""
    ids = sorted(set(registration_ids))
    if not ids:
        raise ValidationFailed({"registration_ids": [_("Select at least one registration.")]})
    side_ids = db.session.scalars(
        sa.select(Registration.side_id)
        .where(Registration.id.in_(ids), Registration.programme_id == programme.id)
        .distinct()
    ).all()
    lock_sides(side_ids)
    registrations = db.session.scalars(
        sa.select(Registration)
        .where(Registration.id.in_(ids), Registration.programme_id == programme.id)
        .order_by(Registration.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if len(registrations) != len(ids):
        raise ValidationFailed({"registration_ids": [str(UNKNOWN_REGISTRATION)]})
    return list(registrations)


def lock_sides(side_ids) -> list[Side]:
    """Lock the sides' rows until the transaction ends, and read their capacity afresh."""
    return list(
        db.session.scalars(
            sa.select(Side)
            .where(Side.id.in_(sorted(side_ids)))
            .order_by(Side.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    )


def _check_transition(registration: Registration, status: RegistrationStatus) -> None:
    if registration.user_id is None and status != Status.DECLINED:
        raise Conflict(
            _(
                "This person erased their account: the registration can only be declined. "
                "Nothing was changed."
            )
        )
    if status == Status.PENDING and registration.status != Status.WITHDRAWN:
        raise Conflict(_("Only a withdrawn registration can be reopened. Nothing was changed."))
    if status not in TRANSITIONS[registration.status]:
        raise Conflict(
            _(
                "A %(current)s registration cannot be %(wanted)s. Nothing was changed.",
                current=status_label(registration.status),
                wanted=status_label(status),
            )
        )


def _check_capacity(programme: Programme, accepting: list[Registration]) -> None:
    problem = capacity_problem(programme, accepting, Status.ACCEPTED)
    if problem is not None:
        raise Conflict(problem)


def capacity_problem(programme: Programme, registrations, status) -> str | None:
    """Why this decision would put a side past its capacity, or None.

    Read without locks it is advice (the desk asks before warning about parity); inside
    ``decide_many`` it is the rule.
    """
    if status != Status.ACCEPTED:
        return None
    wanted = Counter(r.side_id for r in registrations if r.status != Status.ACCEPTED)
    accepted = accepted_per_side(programme, wanted)
    for side in programme.sides:
        if side.id not in wanted or side.capacity is None:
            continue
        left = max(side.capacity - accepted.get(side.id, 0), 0)
        if wanted[side.id] > left:
            return capacity_message(side, wanted[side.id], left)
    return None


def capacity_message(side: Side, wanted: int, left: int) -> str:
    values = {"side": side.name, "capacity": side.capacity, "wanted": wanted}
    if left == 0:
        return _(
            "“%(side)s” has no place left (capacity %(capacity)d). "
            "Nothing was changed: waitlist instead, or raise the side's capacity.",
            **values,
        )
    if wanted == 1:
        return ngettext(
            "“%(side)s” has only %(num)d place left (capacity %(capacity)d). "
            "Nothing was changed: waitlist instead, or raise the side's capacity.",
            "“%(side)s” has only %(num)d places left (capacity %(capacity)d). "
            "Nothing was changed: waitlist instead, or raise the side's capacity.",
            left,
            **values,
        )
    return ngettext(
        "“%(side)s” has only %(num)d place left for the %(wanted)d selected "
        "(capacity %(capacity)d). "
        "Nothing was changed: waitlist instead, or raise the side's capacity.",
        "“%(side)s” has only %(num)d places left for the %(wanted)d selected "
        "(capacity %(capacity)d). "
        "Nothing was changed: waitlist instead, or raise the side's capacity.",
        left,
        **values,
    )


def _apply(registration: Registration, status: RegistrationStatus, actor) -> None:
    previous = registration.status
    registration.status = status
    registration.decided_at = utcnow()
    db.session.flush()
    audit.record(
        "registration.decide",
        registration,
        actor=actor,
        status_from=str(previous),
        status_to=str(status),
        side_id=registration.side_id,
    )
    notify.decided(registration)
