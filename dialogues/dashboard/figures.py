"""The dashboard's key figures, each one query however large the programme grows."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from dialogues.core.models import utcnow
from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.sessions.models import DialogueSession


@dataclass(frozen=True)
class SessionCounts:
    scheduled: int  # not cancelled, not over yet
    held: int  # not cancelled, over


def session_counts(programme: Programme, now: datetime | None = None) -> SessionCounts:
    values = {"programme_id": programme.id, "now": now or utcnow()}
    scheduled, held = db.session.execute(_session_counts(), values).one()
    return SessionCounts(scheduled=scheduled, held=held)


def recommendation_counts(programme: Programme) -> dict[str, int]:
    """Recommendations per status, in workflow order, zeros included."""
    rows = db.session.execute(_recommendation_counts(), {"programme_id": programme.id}).all()
    found = {RecommendationStatus(status).value: count for status, count in rows}
    return {status.value: found.get(status.value, 0) for status in RecommendationStatus}


@built_once
def _session_counts() -> sa.Select:
    live = DialogueSession.cancelled_at.is_(None)
    over = DialogueSession.ends_at <= sa.bindparam("now", type_=DialogueSession.ends_at.type)
    return sa.select(
        sa.func.count().filter(live, sa.not_(over)),
        sa.func.count().filter(live, over),
    ).where(DialogueSession.programme_id == sa.bindparam("programme_id"))


@built_once
def _recommendation_counts() -> sa.Select:
    return (
        sa.select(Recommendation.status, sa.func.count())
        .where(Recommendation.programme_id == sa.bindparam("programme_id"))
        .group_by(Recommendation.status)
    )
