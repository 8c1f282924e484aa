"""The public digest: a programme's published recommendations, for anyone to read.

Like a briefing it is built from an allow-list of fields: the programme's public facts and each
published recommendation's text, positions and endorsement counts per side. No person, no
endorser, no note, no session.
"""

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import abort
from flask_babel import gettext as _

from dialogues.core.id_lists import among
from dialogues.core.statements import built_once, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.endorsements import counted_endorsements, counts_from
from dialogues.recommendations.models import (
    Position,
    Recommendation,
    RecommendationStatus,
    RecommendationTopic,
    recommendation_addressee,
)


@dataclass(frozen=True)
class DigestSide:
    id: int
    name: str
    countries: tuple[str, ...]


@dataclass(frozen=True)
class DigestPosition:
    side_id: int
    side: str
    text: str


@dataclass(frozen=True)
class DigestRecommendation:
    id: int
    title: str
    summary: str
    body: str  # Markdown, rendered safely on the page
    agreement: str
    topics: tuple[str, ...]
    addressed_to: tuple[str, ...]
    positions: tuple[DigestPosition, ...]
    endorsements: dict[int, int]
    published_at: datetime


@dataclass(frozen=True)
class Digest:
    programme_id: int
    slug: str
    title: str
    description: str
    public_summary: str
    starts_on: date
    ends_on: date
    sides: tuple[DigestSide, ...]
    recommendations: tuple[DigestRecommendation, ...]

    @property
    def updated_at(self) -> datetime:
        return max(r.published_at for r in self.recommendations)


# What the digest reads of each published recommendation (as rows: no object per page item).
PUBLISHED_COLUMNS = (
    Recommendation.id,
    Recommendation.title,
    Recommendation.summary,
    Recommendation.body,
    Recommendation.agreement,
    Recommendation.published_at,
    Recommendation.updated_at,
)


def published_statement(programme: Programme, counted: bool = False) -> sa.Select:
    """The programme's published recommendations as rows of ``PUBLISHED_COLUMNS``, newest
    first (their parts are read as narrow rows by ``digest_or_404``); ``counted`` adds each
    row's ``total``, the number of published recommendations, so a page needs no count query.
    Built once: run it with ``published_params(programme)``."""
    return _published(counted)


def published_params(programme: Programme) -> dict:
    return {"programme_id": programme.id}


def public_programme(slug: str):
    """What the digest shows of the programme at ``slug`` (``DIGEST_PROGRAMME``'s columns, the
    attributes ``digest_or_404`` reads) as one row, or 404."""
    row = db.session.connection().execute(_programme_row(), {"slug": slug}).first()
    if row is None:
        abort(404)
    return row


DIGEST_PROGRAMME = (
    Programme.id,
    Programme.slug,
    Programme.title,
    Programme.description,
    Programme.public_summary,
    Programme.starts_on,
    Programme.ends_on,
)


@built_once
def _programme_row() -> sa.Select:
    return sa.select(*DIGEST_PROGRAMME).where(Programme.slug == sa.bindparam("slug"))


@built_once
def _published(counted: bool) -> sa.Select:
    conditions = (
        Recommendation.programme_id == sa.bindparam("programme_id"),
        Recommendation.status == RecommendationStatus.PUBLISHED,
    )
    columns = PUBLISHED_COLUMNS
    if counted:  # a subquery read once (a window count would read every row's text first)
        total = sa.select(sa.func.count()).select_from(Recommendation).where(*conditions)
        columns = (*columns, total.scalar_subquery().label("total"))
    return (
        sa.select(*columns)
        .where(*conditions)
        .order_by(Recommendation.published_at.desc(), Recommendation.id.desc())
    )


@built_once
def published_page() -> sa.Select:
    """``published_statement(counted=True)`` from the bound ``offset``, at most ``limit`` rows."""
    return _published(True).limit(sa.bindparam("limit")).offset(sa.bindparam("offset"))


def published(programme: Programme) -> list:
    return list(db.session.execute(_published(False), published_params(programme)))


def digest_or_404(programme: Programme, recommendations: list | None = None) -> Digest:
    """The digest (of ``recommendations``, else all published), or 404 while there is none."""
    if recommendations is None:
        recommendations = published(programme)
    if not recommendations:
        abort(404, _("This programme has not published anything yet."))
    ids = [r.id for r in recommendations]
    sides, parts, endorsed = _parts_of(db.session.connection(), programme, ids)
    names = {side.id: side.name for side in sides}
    counts = counts_from(ids, list(names), endorsed)
    return Digest(
        programme_id=programme.id,
        slug=programme.slug,
        title=programme.title,
        description=programme.description,
        public_summary=programme.public_summary,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        sides=sides,
        recommendations=tuple(
            _recommendation(r, parts[r.id], names, counts[r.id]) for r in recommendations
        ),
    )


# The programme's sides and each recommendation's topics, addressees, positions and
# endorsement counts, in one statement of rows ``(part, recommendation id, side id, text,
# countries, count)``; built once, only its parameters change. The sides come first: their
# ``countries`` column gives the JSON type.
_SIDE, _TOPIC, _ADDRESSEE, _POSITION, _ENDORSED = range(5)
_NO_TEXT, _NO_COUNT = sa.null().cast(sa.Text), sa.null().cast(sa.Integer)
_ENDORSEMENTS = counted_endorsements().subquery()
_PARTS = sa.union_all(
    sa.select(row_kind(_SIDE), sa.null(), Side.id, Side.name, Side.countries, _NO_COUNT).where(
        Side.programme_id == sa.bindparam("programme_id")
    ),
    sa.select(
        row_kind(_TOPIC),
        RecommendationTopic.recommendation_id,
        sa.null(),
        RecommendationTopic.topic,
        sa.null(),
        _NO_COUNT,
    ).where(among(RecommendationTopic.recommendation_id)),
    sa.select(
        row_kind(_ADDRESSEE),
        recommendation_addressee.c.recommendation_id,
        recommendation_addressee.c.side_id,
        _NO_TEXT,
        sa.null(),
        _NO_COUNT,
    ).where(among(recommendation_addressee.c.recommendation_id)),
    sa.select(
        row_kind(_POSITION),
        Position.recommendation_id,
        Position.side_id,
        Position.text,
        sa.null(),
        _NO_COUNT,
    ).where(among(Position.recommendation_id)),
    sa.select(row_kind(_ENDORSED), *_ENDORSEMENTS.c[:2], _NO_TEXT, sa.null(), _ENDORSEMENTS.c[2]),
)


def _parts_of(
    connection, programme: Programme, ids: list[int]
) -> tuple[tuple[DigestSide, ...], dict, list]:
    """The programme's sides (in id order), each recommendation's topics, addressees and
    positions, sorted as its version snapshot sorts them, and the rows of
    ``counted_endorsements``: read in one query."""
    rows = connection.execute(_PARTS, {"programme_id": programme.id, "ids": ids})
    sides, endorsed = [], []
    parts = {i: {"topics": [], "addressed_to": [], "positions": []} for i in ids}
    for part, owner, side_id, text, countries, count in rows:
        if part == _SIDE:
            sides.append(DigestSide(side_id, text, tuple(countries)))
        elif part == _TOPIC:
            parts[owner]["topics"].append(text)
        elif part == _ADDRESSEE:
            parts[owner]["addressed_to"].append(side_id)
        elif part == _POSITION:
            parts[owner]["positions"].append((side_id, text))
        else:
            endorsed.append((owner, side_id, count))
    for found in parts.values():
        found["topics"].sort(key=str.casefold)
        found["addressed_to"].sort()
        found["positions"] = [{"side_id": s, "text": t} for s, t in sorted(found["positions"])]
    sides.sort(key=lambda side: side.id)
    return tuple(sides), parts, endorsed


def _recommendation(r, parts: dict, names: dict[int, str], counts):
    """One published recommendation (a row of ``PUBLISHED_COLUMNS``); ``parts``: its topics,
    addressees and positions."""
    return DigestRecommendation(
        id=r.id,
        title=r.title,
        summary=r.summary,
        body=r.body,
        agreement=str(r.agreement),
        topics=tuple(parts["topics"]),
        addressed_to=tuple(names.get(side_id, "") for side_id in parts["addressed_to"]),
        positions=tuple(
            DigestPosition(p["side_id"], names.get(p["side_id"], ""), p["text"])
            for p in parts["positions"]
        ),
        endorsements=dict(counts),
        published_at=r.published_at or r.updated_at,
    )
