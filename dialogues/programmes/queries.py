"""Loading programmes and their staff for pages and the API."""

import sqlalchemy as sa
from flask import abort
from flask_login import current_user
from sqlalchemy.orm import contains_eager

from dialogues.api.loading import not_found
from dialogues.auth.models import User
from dialogues.core.access import require
from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side, StaffInvitation


def programme_by_slug(slug: str) -> Programme:
    """The programme at ``/programmes/<slug>``, or 404; with the signed-in person's access to
    it, read in the same statement."""
    programme = Programme.with_access("slug", slug, current_user)
    if programme is None:
        abort(404)
    return programme


def programme_or_404(programme_id: int) -> Programme:
    """The programme an API path names, or the API's 404; with the caller's access to it."""
    programme = Programme.with_access("id", programme_id, current_user)
    if programme is None:
        not_found(Programme, programme_id)
    return programme


def side_of(programme: Programme, side_id: int) -> Side:
    """One of the programme's sides, or 404 (a side of another programme is not found here)."""
    side = next((side for side in programme.sides if side.id == side_id), None)
    if side is None:
        abort(404)
    return side


def membership_of(programme: Programme, membership_id: int) -> Membership:
    membership = db.session.scalar(
        sa.select(Membership).where(
            Membership.id == membership_id, Membership.programme_id == programme.id
        )
    )
    if membership is None:
        abort(404)
    return membership


def staff_of(programme: Programme) -> list[tuple[Membership, User]]:
    """Every staff role with its person, coordinators first, then by name."""
    order = sa.case({"coordinator": 0, "facilitator": 1, "liaison": 2}, value=Membership.role)
    rows = db.session.execute(
        sa.select(Membership, User)
        .join(User, Membership.user_id == User.id)
        .where(Membership.programme_id == programme.id)
        .order_by(order, User.name, Membership.id)
    )
    return [(membership, user) for membership, user in rows]


def memberships_of(programme: Programme) -> list[Membership]:
    """Every staff role, in the order they were given, with the people loaded."""
    return list(db.session.scalars(_memberships(), {"programme_id": programme.id}))


@built_once
def _memberships() -> sa.Select:
    return (
        sa.select(Membership)
        .join(Membership.user)
        .where(Membership.programme_id == sa.bindparam("programme_id"))
        .options(contains_eager(Membership.user))
        .order_by(Membership.id)
    )


def open_invitations(programme: Programme) -> dict[int, StaffInvitation]:
    """The newest unused invitation per membership, for people without a password yet."""
    rows = db.session.scalars(
        sa.select(StaffInvitation)
        .join(Membership, StaffInvitation.membership_id == Membership.id)
        .join(User, Membership.user_id == User.id)
        .where(
            Membership.programme_id == programme.id,
            StaffInvitation.used_at.is_(None),
            User.password_hash.is_(None),
        )
        .order_by(StaffInvitation.id)
    )
    return {invitation.membership_id: invitation for invitation in rows}


def managed_programme(slug: str, user) -> Programme:
    """The programme, when ``user`` may manage it: 404 if there is none, else 403 if not."""
    programme = programme_by_slug(slug)
    require(programme.can_manage(user))
    return programme


def visible_programmes(user, status=None) -> tuple[sa.Select, dict]:
    """Programmes ``user`` may see, newest first, and the values of the statement's parameters.

    Every one for administrators; else those they staff or registered for. ``status`` narrows.
    """
    params = {} if user.is_admin else {"user_id": user.id}
    if status is not None:
        params["status"] = status
    return _visible_programmes(user.is_admin, status is not None), params


@built_once
def _visible_programmes(admin: bool, filtered: bool) -> sa.Select:
    statement = sa.select(Programme)
    if not admin:
        user_id = sa.bindparam("user_id")
        staffed = sa.select(Membership.programme_id).where(Membership.user_id == user_id)
        statement = statement.where(
            sa.or_(Programme.id.in_(staffed), Programme.registrations.any(user_id=user_id))
        )
    if filtered:
        statement = statement.where(Programme.status == sa.bindparam("status"))
    return statement.order_by(Programme.starts_on.desc(), Programme.id.desc())
