"""Building one side's briefing from the database: the only place a briefing reads rows.

It copies named, non-personal attributes into ``document`` dataclasses. It never reads notes,
registrations' people, endorsers or staff: participation and endorsements arrive as counts
(``registrations.balance``, ``recommendations.endorsements``).
"""

from collections import defaultdict
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from dialogues.briefings.document import (
    SECTIONS,
    Briefing,
    Participation,
    PositionFacts,
    ProgrammeFacts,
    RecommendationFacts,
    SessionFacts,
    SideFacts,
)
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.endorsements import Backing, backing_for
from dialogues.recommendations.models import (
    Position,
    Recommendation,
    RecommendationStatus,
    RecommendationTopic,
    recommendation_addressee,
)
from dialogues.registrations.balance import programme_balance
from dialogues.sessions.models import DialogueSession
from dialogues.sessions.times import local_date

IN_BRIEFINGS = (RecommendationStatus.ADOPTED, RecommendationStatus.PUBLISHED)


def default_recipient(side: Side) -> str:
    """Who a briefing is for when nobody says: the side's government, never a person."""
    return _("Government liaison of the %(side)s side", side=side.name)


def organisation_name() -> str:
    """Named as the author in files' metadata: the NGO (``ORGANISATION_NAME``), never a person."""
    return current_app.config.get("ORGANISATION_NAME") or "Dialogues"


def build_briefing(
    programme: Programme,
    side: Side,
    *,
    recipient: str | None = None,
    sections=SECTIONS,
    now: datetime | None = None,
) -> Briefing:
    now = now or utcnow()
    balance = programme_balance(programme)
    sessions = _live_sessions(programme)
    held = [s for s in sessions if s.ends_at <= now]
    return Briefing(
        programme=_programme_facts(programme),
        side=_side_facts(side),
        sides=tuple(_side_facts(s) for s in programme.sides),
        organisation=organisation_name(),
        recipient=recipient or default_recipient(side),
        generated_at=now,
        participation=tuple(Participation(s.side_id, s.name, s.accepted) for s in balance.sides),
        parity=round(balance.parity, 2),
        sessions_held=len(held),
        sessions_scheduled=len(sessions) - len(held),
        held_sessions=tuple(
            _session_facts(s, programme.timezone) for s in held if not s.is_off_the_record
        ),
        off_record_sessions_held=sum(1 for s in held if s.is_off_the_record),
        recommendations=_recommendations(programme, side),
        sections=frozenset(sections),
    )


def _programme_facts(programme: Programme) -> ProgrammeFacts:
    return ProgrammeFacts(
        id=programme.id,
        slug=programme.slug,
        title=programme.title,
        kind=str(programme.kind),
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        timezone=programme.timezone,
        confidentiality=str(programme.confidentiality),
    )


def _side_facts(side: Side) -> SideFacts:
    return SideFacts(id=side.id, slug=side.slug, name=side.name, countries=tuple(side.countries))


def _live_sessions(programme: Programme) -> list[DialogueSession]:
    """Sessions not cancelled, in order."""
    return list(
        db.session.scalars(
            sa.select(DialogueSession)
            .where(
                DialogueSession.programme_id == programme.id,
                DialogueSession.cancelled_at.is_(None),
            )
            .order_by(DialogueSession.starts_at, DialogueSession.id)
        )
    )


def _session_facts(dialogue_session: DialogueSession, zone: str) -> SessionFacts:
    return SessionFacts(
        title=dialogue_session.title,
        held_on=local_date(dialogue_session.starts_at, zone),
        format=str(dialogue_session.format),
    )


def addressed_recommendations(programme: Programme, side: Side) -> list[sa.Row]:
    """Adopted and published recommendations addressed to ``side``, in filing order, as
    ``(id, title, summary, status, agreement)`` rows: read narrow, as a briefing may hold
    thousands and never shows a body (a third of the time of whole objects)."""
    return list(
        db.session.execute(
            sa.select(
                Recommendation.id,
                Recommendation.title,
                Recommendation.summary,
                Recommendation.status,
                Recommendation.agreement,
            )
            .where(
                Recommendation.programme_id == programme.id,
                Recommendation.status.in_(IN_BRIEFINGS),
                Recommendation.id.in_(_addressed_to(side)),
            )
            .order_by(Recommendation.id)
        )
    )


def _addressed_to(side: Side) -> sa.Select:
    return sa.select(recommendation_addressee.c.recommendation_id).where(
        recommendation_addressee.c.side_id == side.id
    )


def _recommendations(programme: Programme, side: Side) -> tuple[RecommendationFacts, ...]:
    found = addressed_recommendations(programme, side)
    backing = backing_for(programme, found)
    topics, texts = _topics_and_positions(side)
    return tuple(
        _recommendation_facts(r, topics, texts, programme.sides, backing[r.id]) for r in found
    )


def _topics_and_positions(side: Side) -> tuple[dict, dict]:
    """``({id: [topic, …]}, {id: {side id: position}})`` of the recommendations addressed to
    ``side``, topics in order (as ``Recommendation.topics``), in two narrow queries."""
    topics, texts = defaultdict(list), defaultdict(dict)
    addressed = _addressed_to(side)
    for owner, topic in db.session.execute(
        sa.select(RecommendationTopic.recommendation_id, RecommendationTopic.topic)
        .where(RecommendationTopic.recommendation_id.in_(addressed))
        .order_by(RecommendationTopic.recommendation_id, RecommendationTopic.topic)
    ):
        topics[owner].append(topic)
    for owner, side_id, text in db.session.execute(
        sa.select(Position.recommendation_id, Position.side_id, Position.text).where(
            Position.recommendation_id.in_(addressed)
        )
    ):
        texts[owner][side_id] = text
    return topics, texts


def _recommendation_facts(
    recommendation: sa.Row, topics: dict, texts: dict, sides: list[Side], backing: Backing
) -> RecommendationFacts:
    said = texts.get(recommendation.id, {})
    return RecommendationFacts(
        id=recommendation.id,
        title=recommendation.title,
        summary=recommendation.summary,
        status=str(recommendation.status),
        agreement=str(recommendation.agreement),
        topics=tuple(topics.get(recommendation.id, ())),
        positions=tuple(
            PositionFacts(s.id, s.name, said.get(s.id), backing.counts.get(s.id, 0)) for s in sides
        ),
        backed_across_sides=backing.is_across_sides,
    )
