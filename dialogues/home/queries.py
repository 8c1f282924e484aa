"""The lists on the home page, each a single query."""

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.registrations.models import Registration


def programmes_for(user) -> list[Programme]:
    """Administrators see every programme; others those they staff or registered for."""
    query = (
        sa.select(Programme)
        .options(selectinload(Programme.sides))  # each card lists its sides
        .order_by(Programme.starts_on.desc(), Programme.id.desc())
    )
    if not user.is_admin:
        staffed = sa.select(Membership.programme_id).where(Membership.user_id == user.id)
        registered = sa.select(Registration.programme_id).where(Registration.user_id == user.id)
        query = query.where(Programme.id.in_(staffed.union(registered)))
    return list(db.session.scalars(query))


def programmes_with_digest() -> list[Programme]:
    published = sa.select(Recommendation.programme_id).where(
        Recommendation.status == RecommendationStatus.PUBLISHED
    )
    return list(
        db.session.scalars(
            sa.select(Programme)
            .where(Programme.id.in_(published))
            .order_by(Programme.ends_on.desc(), Programme.id.desc())
        )
    )
