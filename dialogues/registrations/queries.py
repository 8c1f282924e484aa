"""Loading registrations for pages: by slug, the person's own, and the desk's filtered list."""

import sqlalchemy as sa
from sqlalchemy.orm import contains_eager, joinedload

from dialogues.auth.models import User
from dialogues.extensions import db
from dialogues.programmes import queries as programmes_queries
from dialogues.programmes.models import Programme
from dialogues.registrations.models import Registration

DESK_FILTERS = ("status", "side", "role", "nationality", "q")


def programme_by_slug(slug: str) -> Programme:
    """The programme, or 404 (its statement is built once, in ``programmes.queries``)."""
    return programmes_queries.programme_by_slug(slug)


def own_registration(programme: Programme, user) -> Registration | None:
    if user is None or not user.is_authenticated:
        return None
    return db.session.scalar(
        sa.select(Registration).where(
            Registration.programme_id == programme.id, Registration.user_id == user.id
        )
    )


def registrations_of(user) -> list[tuple[Registration, Programme]]:
    return db.session.execute(
        sa.select(Registration, Programme)
        .join(Programme, Registration.programme_id == Programme.id)
        .where(Registration.user_id == user.id)
        .order_by(Programme.starts_on.desc(), Programme.id.desc())
    ).all()


def desk_query(programme: Programme, filters: dict):
    """The desk's list, oldest first (first come, first considered), with each person's account."""
    return (
        sa.select(Registration)
        .outerjoin(User, Registration.user_id == User.id)
        .options(contains_eager(Registration.user))
        .where(*desk_conditions(programme, filters))
        .order_by(Registration.created_at, Registration.id)
    )


def desk_conditions(programme: Programme, filters: dict) -> list:
    """The desk's filters as conditions (the text search needs ``User`` joined)."""
    conditions = [Registration.programme_id == programme.id]
    if filters.get("status"):
        conditions.append(Registration.status == filters["status"])
    if filters.get("side"):
        conditions.append(Registration.side_id == int(filters["side"]))
    if filters.get("role"):
        conditions.append(Registration.role == filters["role"])
    if filters.get("nationality"):
        conditions.append(Registration.nationality == filters["nationality"])
    if filters.get("q"):
        text = filters["q"]
        conditions.append(
            sa.or_(
                User.name.icontains(text, autoescape=True),
                User.email.icontains(text, autoescape=True),
            )
        )
    return conditions


def registrations_by_ids(programme: Programme, ids) -> list[Registration]:
    return list(
        db.session.scalars(
            sa.select(Registration)
            .options(joinedload(Registration.user))
            .where(Registration.programme_id == programme.id, Registration.id.in_(list(ids)))
            .order_by(Registration.id)
        )
    )
