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

from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations.endorsements import backing_for
from dialogues.recommendations.models import Recommendation, RecommendationStatus
from dialogues.recommendations.versions import snapshots


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


def published_statement(programme: Programme) -> sa.Select:
    """The programme's published recommendations, newest first (their parts are read as narrow
    rows by ``digest_or_404``)."""
    return (
        sa.select(Recommendation)
        .where(
            Recommendation.programme_id == programme.id,
            Recommendation.status == RecommendationStatus.PUBLISHED,
        )
        .order_by(Recommendation.published_at.desc(), Recommendation.id.desc())
    )


def published(programme: Programme) -> list[Recommendation]:
    return list(db.session.scalars(published_statement(programme)))


def digest_or_404(programme: Programme, recommendations: list | None = None) -> Digest:
    """The digest (of ``recommendations``, else all published), or 404 while there is none."""
    if recommendations is None:
        recommendations = published(programme)
    if not recommendations:
        abort(404, _("This programme has not published anything yet."))
    backing = backing_for(programme, recommendations)
    parts = snapshots(recommendations)
    names = {side.id: side.name for side in programme.sides}
    return Digest(
        programme_id=programme.id,
        slug=programme.slug,
        title=programme.title,
        description=programme.description,
        public_summary=programme.public_summary,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        sides=tuple(DigestSide(s.id, s.name, tuple(s.countries)) for s in programme.sides),
        recommendations=tuple(
            _recommendation(r, parts[r.id], names, backing[r.id].counts) for r in recommendations
        ),
    )


def _recommendation(r: Recommendation, parts: dict, names: dict[int, str], counts):
    """One published recommendation; ``parts`` is its snapshot (topics, sides, positions)."""
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
