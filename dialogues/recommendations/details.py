"""What a recommendation's page shows besides the recommendation itself, as plain values.

The programme's sides with their accepted participants, and the recommendation's addressees,
topics, positions, disputed wording, sessions, endorsement counts, author and the reader's own
endorsement are read in one narrow statement (each was a query, most of them of whole
objects); the status history with its actors' names in one more.
"""

from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.core.statements import built_once, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Side
from dialogues.recommendations.endorsements import Backing, counted_endorsements_of
from dialogues.recommendations.models import (
    Alternative,
    ClearedEndorsement,
    Endorsement,
    Position,
    Recommendation,
    RecommendationTopic,
    RecommendationTransition,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.registrations.balance import accepted_on_side
from dialogues.sessions.models import DialogueSession

# The kinds of rows of ``_statement``, in the order the page reads them (the sides first).
SIDE, ADDRESSEE, TOPIC, POSITION, ALTERNATIVE, SESSION = range(6)
ENDORSEMENTS, AUTHOR, OWN, CLEARED = range(6, 10)


@dataclass
class Details:
    # {side id: (name, accepted participants)}, every side of the programme in side order
    sides: dict[int, tuple[str, int]] = field(default_factory=dict)
    addressed: list[str] = field(default_factory=list)  # names of the sides addressed
    topics: list[str] = field(default_factory=list)
    positions: dict[int, str] = field(default_factory=dict)  # {side id: text}
    passages: dict[int, dict[int, str]] = field(default_factory=dict)  # {passage: {side: text}}
    sessions: list[tuple[int, str, datetime]] = field(default_factory=list)
    counts: dict[int, int] = field(default_factory=dict)  # {side id: endorsements}
    author: str | None = None
    own: int | None = None  # the version the reader endorses
    cleared: int | None = None  # the version of the reader's cleared endorsement


def details(recommendation: Recommendation, registration_id: int | None) -> Details:
    """``registration_id``: the reader's, if any."""
    found = Details()
    statement = _statement(recommendation.author_id is not None, registration_id is not None)
    values = {
        "recommendation_id": recommendation.id,
        "programme_id": recommendation.programme_id,
        "author_id": recommendation.author_id,
        "registration_id": registration_id,
    }
    sides = found.sides
    for kind, side, number, at, text in db.session.connection().execute(statement, values):
        if kind == SIDE:
            sides[side] = (text, number)
            found.counts[side] = 0
        elif kind == ADDRESSEE:
            found.addressed.append(sides[side][0] if side in sides else _side_name(side))
        elif kind == TOPIC:
            found.topics.append(text)
        elif kind == POSITION:
            found.positions[side] = text
        elif kind == ALTERNATIVE:
            found.passages.setdefault(number, {})[side] = text
        elif kind == SESSION:
            found.sessions.append((number, text, at))
        elif kind == ENDORSEMENTS:
            if side in found.counts:
                found.counts[side] = number
        elif kind == AUTHOR:
            found.author = text
        elif kind == OWN:
            found.own = number
        else:
            found.cleared = number
    # In side order (the rows came by accepted participants).
    found.sides = dict(sorted(sides.items()))
    found.counts = {side: found.counts[side] for side in found.sides}
    return found


def backing(details: Details, threshold: float) -> Backing:
    accepted = {side: n for side, (_name, n) in details.sides.items()}
    return Backing(details.counts, accepted, threshold)


@built_once
def _statement(with_author: bool, with_own: bool) -> sa.CompoundSelect:
    """Built once per shape (values are parameters): with the author's name, with the reader's
    own endorsement and cleared notice."""
    rid = sa.bindparam("recommendation_id")
    no_side = no_number = sa.cast(sa.null(), sa.Integer)
    no_text, no_at = sa.cast(sa.null(), sa.Text), sa.cast(sa.null(), DialogueSession.starts_at.type)

    def kind(value: int, side, number, at, text) -> sa.Select:
        return sa.select(
            row_kind(value).label("kind"),
            side.label("side"),
            number.label("number"),
            at.label("at"),
            text.label("text"),
        )

    addressee = recommendation_addressee.c
    session = recommendation_session.c
    endorsed = counted_endorsements_of(Endorsement.recommendation_id == rid).subquery()
    parts = [
        kind(SIDE, Side.id, accepted_on_side(), no_at, Side.name).where(
            Side.programme_id == sa.bindparam("programme_id")
        ),
        kind(ADDRESSEE, addressee.side_id, no_number, no_at, no_text).where(
            addressee.recommendation_id == rid
        ),
        kind(TOPIC, no_side, no_number, no_at, RecommendationTopic.topic).where(
            RecommendationTopic.recommendation_id == rid
        ),
        kind(POSITION, Position.side_id, no_number, no_at, Position.text).where(
            Position.recommendation_id == rid
        ),
        kind(ALTERNATIVE, Alternative.side_id, Alternative.passage, no_at, Alternative.text).where(
            Alternative.recommendation_id == rid
        ),
        kind(SESSION, no_side, DialogueSession.id, DialogueSession.starts_at, DialogueSession.title)
        .join(recommendation_session, session.session_id == DialogueSession.id)
        .where(session.recommendation_id == rid),
        kind(ENDORSEMENTS, endorsed.c[1], endorsed.c[2], no_at, no_text),
    ]
    if with_author:
        parts.append(
            kind(AUTHOR, no_side, no_number, no_at, User.name).where(
                User.id == sa.bindparam("author_id")
            )
        )
    if with_own:
        for which, table in ((OWN, Endorsement), (CLEARED, ClearedEndorsement)):
            parts.append(
                kind(which, no_side, table.version, no_at, no_text).where(
                    table.recommendation_id == rid,
                    table.registration_id == sa.bindparam("registration_id"),
                )
            )
    order = ("kind", "at", "number", "side", "text")
    return sa.union_all(*parts).order_by(*(sa.literal_column(name) for name in order))


def _side_name(side_id: int) -> str:
    """A side of another programme (addressing is checked on filing; never expected)."""
    return db.session.scalar(sa.select(Side.name).where(Side.id == side_id))


def history(recommendation: Recommendation) -> list[sa.Row]:
    """The status history as ``(created_at, from_status, to_status, comment, actor)`` rows,
    ``actor`` being the name (``None`` when the account is gone)."""
    step = RecommendationTransition
    return (
        db.session.connection()
        .execute(
            sa.select(
                step.created_at,
                step.from_status,
                step.to_status,
                step.comment,
                User.name.label("actor"),
            )
            .outerjoin(User, User.id == step.actor_id)
            .where(step.recommendation_id == recommendation.id)
            .order_by(step.created_at, step.id)
        )
        .all()
    )
