"""The recommendations API's list, read as rows: a page of recommendations and all they carry.

``RecommendationSchema`` documents the answer and ``api.present`` builds one recommendation; a
page is read in three statements (its rows, its count, and every topic, side, session,
position, alternative and endorsement count of its items at once) and built here in the same
shape, without an ORM object per item or part or the schema's dispatch per field
(``tests/recommendations/test_api_answers.py`` holds the two to the same output).
"""

from collections import defaultdict
from functools import cache

import sqlalchemy as sa

from dialogues.api import instant_text, paginate_rows
from dialogues.core.markdown import render_markdown
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.endorsements import Backing
from dialogues.recommendations.models import (
    Alternative,
    Endorsement,
    Position,
    Recommendation,
    RecommendationTopic,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.registrations.models import Registration, RegistrationStatus

COLUMNS = (
    Recommendation.id,
    Recommendation.programme_id,
    Recommendation.author_id,
    Recommendation.title,
    Recommendation.summary,
    Recommendation.body,
    Recommendation.agreement,
    Recommendation.status,
    Recommendation.version,
    Recommendation.published_at,
    Recommendation.created_at,
    Recommendation.updated_at,
)
# What each row of the parts statement holds: (kind, recommendation id, number, number, text).
TOPIC, ADDRESSEE, SESSION, POSITION, ALTERNATIVE, ENDORSED, ACCEPTED = range(7)


def recommendation_page(programme: Programme, statement: sa.Select, query: dict) -> dict:
    """One page of ``statement`` (``queries.listing`` of the programme) as the API answers it."""
    page = paginate_rows(statement.with_only_columns(*COLUMNS), query)
    rows = page["items"]
    if not rows:
        return page
    parts, accepted = _parts_of(programme, [row.id for row in rows])
    threshold = programme.endorsement_threshold
    return {**page, "items": [_item(row, parts[row.id], accepted, threshold) for row in rows]}


class _Parts:
    """One recommendation's related rows, as plain values."""

    __slots__ = ("topics", "addressed_to", "session_ids", "positions", "alternatives", "counts")

    def __init__(self, side_ids: list[int]):
        self.topics, self.addressed_to, self.session_ids = [], [], []
        self.positions, self.alternatives = [], []
        self.counts = dict.fromkeys(side_ids, 0)


def _item(row, parts: _Parts, accepted: dict[int, int], threshold: float) -> dict:
    """As ``RecommendationSchema`` dumps ``api.present``'s answer for it."""
    backing = Backing(parts.counts, accepted, threshold)
    return {
        "title": row.title,
        "summary": row.summary or "",
        "body": row.body or "",
        "agreement": row.agreement.value,
        "topics": sorted(parts.topics, key=str.casefold),
        "addressed_to": sorted(parts.addressed_to),
        "session_ids": sorted(parts.session_ids),
        "positions": [{"side_id": side, "text": text} for side, text in sorted(parts.positions)],
        "alternatives": [
            {"passage": passage, "side_id": side, "text": text}
            for passage, side, text in sorted(parts.alternatives)
        ],
        "id": row.id,
        "programme_id": row.programme_id,
        "author_id": row.author_id,
        "body_html": str(render_markdown(row.body)),
        "status": row.status.value,
        "version": row.version,
        "endorsements": {str(side): count for side, count in parts.counts.items()},
        "backed_across_sides": backing.is_across_sides,
        "created_at": instant_text(row.created_at),
        "updated_at": instant_text(row.updated_at),
        "published_at": instant_text(row.published_at),
    }


def _parts_of(programme: Programme, ids: list[int]) -> tuple[dict[int, _Parts], dict[int, int]]:
    """``({id: its parts}, {side id: accepted participants})``, every side in side order."""
    rows = db.session.connection().execute(
        _parts_statement(), {"ids": ids, "programme_id": programme.id}
    )
    found = defaultdict(list)
    for kind, owner, first, second, text in rows:
        found[kind].append((owner, first, second, text))
    accepted = {side: count for _, side, count, _ in sorted(found[ACCEPTED], key=_side_of)}
    parts = {i: _Parts(list(accepted)) for i in ids}
    for owner, _, _, topic in found[TOPIC]:
        parts[owner].topics.append(topic)
    for owner, side, _, _ in found[ADDRESSEE]:
        parts[owner].addressed_to.append(side)
    for owner, session, _, _ in found[SESSION]:
        parts[owner].session_ids.append(session)
    for owner, side, _, text in found[POSITION]:
        parts[owner].positions.append((side, text))
    for owner, side, passage, text in found[ALTERNATIVE]:
        parts[owner].alternatives.append((passage, side, text))
    for owner, side, count, _ in found[ENDORSED]:
        if side in accepted:  # as ``endorsements.counts_per_side``: the programme's sides only
            parts[owner].counts[side] = count
    return parts, accepted


def _side_of(part: tuple) -> int:
    return part[1]


@cache
def _parts_statement() -> sa.CompoundSelect:
    """Every part of the recommendations ``:ids`` and the accepted participants per side of the
    programme ``:programme_id``, as ``(kind, recommendation id, number, number, text)`` rows.

    Built once (the same statement for every page, its values bound when run), of Core tables,
    as only values are read.
    """
    ids = sa.bindparam("ids", expanding=True)
    topic, position = RecommendationTopic.__table__.c, Position.__table__.c
    addressee, linked, alternative = (
        recommendation_addressee.c,
        recommendation_session.c,
        Alternative.__table__.c,
    )
    return sa.union_all(
        _part(TOPIC, topic.recommendation_id, NO_NUMBER, NO_NUMBER, topic.topic, ids=ids),
        _part(
            ADDRESSEE, addressee.recommendation_id, addressee.side_id, NO_NUMBER, NO_TEXT, ids=ids
        ),
        _part(SESSION, linked.recommendation_id, linked.session_id, NO_NUMBER, NO_TEXT, ids=ids),
        _part(
            POSITION,
            position.recommendation_id,
            position.side_id,
            NO_NUMBER,
            position.text,
            ids=ids,
        ),
        _part(
            ALTERNATIVE,
            alternative.recommendation_id,
            alternative.side_id,
            alternative.passage,
            alternative.text,
            ids=ids,
        ),
        _endorsed(ids),
        _accepted_per_side(),
    )


NO_NUMBER, NO_TEXT = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.Text)


def _kind(value: int):
    return sa.literal_column(str(value), sa.Integer)


def _part(kind: int, owner, *values, ids) -> sa.Select:
    return sa.select(_kind(kind), owner, *values).where(owner.in_(ids))


def _endorsed(ids) -> sa.Select:
    """Endorsements by participants still accepted, per recommendation and side."""
    endorsement, registration = Endorsement.__table__, Registration.__table__
    return (
        sa.select(
            _kind(ENDORSED),
            endorsement.c.recommendation_id,
            registration.c.side_id,
            sa.func.count(),
            NO_TEXT,
        )
        .select_from(endorsement)
        .join(registration, registration.c.id == endorsement.c.registration_id)
        .where(
            endorsement.c.recommendation_id.in_(ids),
            registration.c.status == RegistrationStatus.ACCEPTED,
        )
        .group_by(endorsement.c.recommendation_id, registration.c.side_id)
    )


def _accepted_per_side() -> sa.Select:
    """Accepted participants per side, every side of the programme (zeros included)."""
    side, registration = Side.__table__, Registration.__table__
    accepted = sa.and_(
        registration.c.side_id == side.c.id,
        registration.c.programme_id == side.c.programme_id,
        registration.c.status == RegistrationStatus.ACCEPTED,
    )
    return (
        sa.select(_kind(ACCEPTED), NO_NUMBER, side.c.id, sa.func.count(registration.c.id), NO_TEXT)
        .select_from(side)
        .outerjoin(registration, accepted)
        .where(side.c.programme_id == sa.bindparam("programme_id"))
        .group_by(side.c.id)
    )
