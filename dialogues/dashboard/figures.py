"""The dashboard's key figures, each one query however large the programme grows."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.sessions.models import DialogueSession


@dataclass(frozen=True)
class SessionCounts:
    scheduled: int  # not cancelled, not over yet
    held: int  # not cancelled, over


def session_counts(programme: Programme, now: datetime | None = None) -> SessionCounts:
    now = now or utcnow()
    live = DialogueSession.cancelled_at.is_(None)
    over = DialogueSession.ends_at <= now
    scheduled, held = db.session.execute(
        sa.select(
            sa.func.count().filter(live, sa.not_(over)),
            sa.func.count().filter(live, over),
        ).where(DialogueSession.programme_id == programme.id)
    ).one()
    return SessionCounts(scheduled=scheduled, held=held)


def recommendation_counts(programme: Programme) -> dict[str, int]:
    """Recommendations per status, in workflow order, zeros included."""
    rows = db.session.execute(
        sa.select(Recommendation.status, sa.func.count())
        .where(Recommendation.programme_id == programme.id)
        .group_by(Recommendation.status)
    ).all()
    found = {RecommendationStatus(status).value: count for status, count in rows}
    return {status.value: found.get(status.value, 0) for status in RecommendationStatus}
