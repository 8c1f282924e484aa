"""The dashboard's key figures, in one statement however large the programme grows."""

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from dialogues.core.models import utcnow
from dialogues.core.statements import built_once, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.recommendations.queries import drafts_rule
from dialogues.registrations.balance import Balance, balance_of, per_side_and_status
from dialogues.sessions.models import DialogueSession


@dataclass(frozen=True)
class SessionCounts:
    scheduled: int  # not cancelled, not over yet
    held: int  # not cancelled, over


def session_counts(programme: Programme, now: datetime | None = None) -> SessionCounts:
    scheduled, held = db.session.execute(_session_counts(), _values(programme, now)).one()
    return SessionCounts(scheduled=scheduled, held=held)


def staff_figures(
    programme: Programme, user, now: datetime | None = None
) -> tuple[Balance, SessionCounts, dict[str, int]]:
    """The balance, the session counts, and the recommendations ``user`` sees per status in
    workflow order (zeros included; a facilitator's drafts are their own), read together: one
    statement where three cost two more round trips."""
    registrations, recommendations, sessions = [], {}, SessionCounts(0, 0)
    values = {**_values(programme, now), "user_id": user.id}
    for kind, side_id, status, count, held in db.session.execute(
        _staff_figures(programme.can_manage(user)), values
    ):
        if kind == REGISTRATIONS:
            registrations.append((side_id, status, count))
        elif kind == SESSIONS:
            sessions = SessionCounts(scheduled=count, held=held)
        else:
            recommendations[RecommendationStatus(status).value] = count
    per_status = {
        status.value: recommendations.get(status.value, 0) for status in RecommendationStatus
    }
    return balance_of(programme, registrations), sessions, per_status


def _values(programme: Programme, now: datetime | None) -> dict:
    return {"programme_id": programme.id, "now": now or utcnow()}


# What each row of ``_staff_figures`` counts: (kind, side id, status, count, second count).
REGISTRATIONS, SESSIONS, RECOMMENDATIONS = range(3)


@built_once
def _session_counts() -> sa.Select:
    live = DialogueSession.cancelled_at.is_(None)
    over = DialogueSession.ends_at <= sa.bindparam("now", type_=DialogueSession.ends_at.type)
    return sa.select(
        sa.func.count().filter(live, sa.not_(over)),
        sa.func.count().filter(live, over),
    ).where(DialogueSession.programme_id == sa.bindparam("programme_id"))


@built_once
def _staff_figures(manages: bool) -> sa.CompoundSelect:
    no_id, no_status = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)
    registrations = per_side_and_status().subquery()
    recommendations = (
        sa.select(Recommendation.status, sa.func.count().label("n"))
        .where(
            Recommendation.programme_id == sa.bindparam("programme_id"),
            *drafts_rule(manages, sa.bindparam("user_id")),
        )
        .group_by(Recommendation.status)
        .subquery()
    )
    scheduled, held = _session_counts().subquery().c
    return sa.union_all(
        sa.select(row_kind(REGISTRATIONS), *_as_text(registrations.c, 1), no_id),
        sa.select(row_kind(SESSIONS), no_id, no_status, scheduled, held),
        sa.select(row_kind(RECOMMENDATIONS), no_id, *_as_text(recommendations.c, 0), no_id),
    )


def _as_text(columns, status: int) -> list:
    """``columns`` with the one at ``status`` read as its text (each table has its own enum)."""
    found = list(columns)
    found[status] = sa.cast(found[status], sa.String)
    return found
