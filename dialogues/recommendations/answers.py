"""The recommendations API's list, read as rows: a page of recommendations and all they carry.

``RecommendationSchema`` documents the answer and ``api.present`` builds one recommendation; a
page is read in three statements (its rows, its count, and every topic, side, session,
position, alternative and endorsement count of its items at once) and built here in the same
shape, without an ORM object per item or part or the schema's dispatch per field
(``tests/recommendations/test_api_answers.py`` holds the two to the same output).
"""

import sqlalchemy as sa

from dialogues.api.columns import instant
from dialogues.core.id_lists import among
from dialogues.core.markdown import render_markdown
from dialogues.core.statements import built_once, page_values, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations import queries
from dialogues.recommendations.endorsements import across_sides, counted_endorsements, counts_from
from dialogues.recommendations.models import (
    Alternative,
    Position,
    Recommendation,
    RecommendationTopic,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.registrations.balance import accepted_on_side

R = Recommendation.__table__.c
# Read as the answer writes them: enums as their values, instants as text.
COLUMNS = (
    R.id,
    R.programme_id,
    R.author_id,
    R.title,
    R.summary,
    R.body,
    sa.type_coerce(R.agreement, sa.String).label("agreement"),
    sa.type_coerce(R.status, sa.String).label("status"),
    R.version,
    instant(R.published_at),
    instant(R.created_at),
    instant(R.updated_at),
)
# What each row of the parts statement holds: (kind, recommendation id, number, number, text).
TOPIC, ADDRESSEE, SESSION, POSITION, ALTERNATIVE, ENDORSED, ACCEPTED = range(7)


def recommendation_page(programme: Programme, user, filters: queries.Filters, query: dict) -> dict:
    """One page of the recommendations ``user`` may see, filtered, as the API answers it."""
    paged, counted, params = queries.listed_page(programme, user, filters, COLUMNS)
    number, per_page = query["page"], query["per_page"]
    connection = db.session.connection()
    rows = connection.execute(paged, page_values(number, per_page, params)).all()
    page = {"items": [], "total": 0, "page": number, "per_page": per_page}
    if not rows:  # past the last page (or nothing listed): counted on its own
        return {**page, "total": connection.execute(counted, params).scalar_one()}
    parts, accepted = _parts_of(programme, [row[0] for row in rows])
    threshold, keys = programme.endorsement_threshold, [str(side) for side in accepted]
    items = [_item(row, parts[row[0]], accepted, threshold, keys) for row in rows]
    return {**page, "items": items, "total": rows[0][-1]}


class _Parts:
    """One recommendation's related rows, as plain values."""

    __slots__ = ("topics", "addressed_to", "session_ids", "positions", "alternatives", "counts")

    def __init__(self):
        self.topics, self.addressed_to, self.session_ids = [], [], []
        self.positions, self.alternatives = [], []
        self.counts: dict[int, int] = {}  # endorsements per side, every side, in side order


def _item(row, parts: _Parts, accepted: dict[int, int], threshold: float, keys: list) -> dict:
    """As ``RecommendationSchema`` dumps ``api.present``'s answer for it (``keys``: the side
    ids as text, in side order)."""
    (
        recommendation_id,
        programme_id,
        author_id,
        title,
        summary,
        body,
        agreement,
        status,
        version,
        published_at,
        created_at,
        updated_at,
        _total,
    ) = row
    counts = parts.counts
    return {
        "title": title,
        "summary": summary or "",
        "body": body or "",
        "agreement": agreement,
        "topics": sorted(parts.topics, key=str.casefold),
        "addressed_to": sorted(parts.addressed_to),
        "session_ids": sorted(parts.session_ids),
        "positions": [{"side_id": side, "text": text} for side, text in sorted(parts.positions)],
        "alternatives": [
            {"passage": passage, "side_id": side, "text": text}
            for passage, side, text in sorted(parts.alternatives)
        ],
        "id": recommendation_id,
        "programme_id": programme_id,
        "author_id": author_id,
        "body_html": str(render_markdown(body)),
        "status": status,
        "version": version,
        "endorsements": dict(zip(keys, counts.values(), strict=True)),
        "backed_across_sides": across_sides(counts, accepted, threshold),
        "created_at": created_at,
        "updated_at": updated_at,
        "published_at": published_at,
    }


def _parts_of(programme: Programme, ids: list[int]) -> tuple[dict[int, _Parts], dict[int, int]]:
    """``({id: its parts}, {side id: accepted participants})``, every side in side order."""
    rows = (
        db.session.connection()
        .execute(_parts_statement(), {"ids": ids, "programme_id": programme.id})
        .all()  # fetched at once: a fetch per row costs more than the loop below
    )
    parts = {i: _Parts() for i in ids}
    endorsed, accepted = [], []
    for kind, owner, first, second, text in rows:
        if kind == TOPIC:
            parts[owner].topics.append(text)
        elif kind == ADDRESSEE:
            parts[owner].addressed_to.append(first)
        elif kind == SESSION:
            parts[owner].session_ids.append(first)
        elif kind == POSITION:
            parts[owner].positions.append((first, text))
        elif kind == ALTERNATIVE:
            parts[owner].alternatives.append((second, first, text))
        elif kind == ENDORSED:
            endorsed.append((owner, first, second))
        else:
            accepted.append((first, second))
    per_side = dict(sorted(accepted))
    for owner, counts in counts_from(ids, list(per_side), endorsed).items():
        parts[owner].counts = counts
    return parts, per_side


@built_once
def _parts_statement() -> sa.CompoundSelect:
    """Every part of the recommendations ``:ids`` and the accepted participants per side of the
    programme ``:programme_id``, as ``(kind, recommendation id, number, number, text)`` rows.

    Built once (the same statement for every page, its values bound when run), of Core tables,
    as only values are read.
    """
    # The ids once, not in each part.
    page = sa.select(R.id).where(among(R.id)).cte("page")
    ids = sa.select(page.c.id)
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
        _endorsed(),
        _accepted_per_side(),
    )


NO_NUMBER, NO_TEXT = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.Text)


def _part(kind: int, owner, *values, ids) -> sa.Select:
    return sa.select(row_kind(kind), owner, *values).where(owner.in_(ids))


def _endorsed() -> sa.Select:
    """Endorsements by participants still accepted, per recommendation and side."""
    counted = counted_endorsements().subquery()
    return sa.select(row_kind(ENDORSED), *counted.c, NO_TEXT)


def _accepted_per_side() -> sa.Select:
    """Accepted participants per side, every side of the programme (zeros included)."""
    side = Side.__table__.c
    return sa.select(row_kind(ACCEPTED), NO_NUMBER, side.id, accepted_on_side(), NO_TEXT).where(
        side.programme_id == sa.bindparam("programme_id")
    )
