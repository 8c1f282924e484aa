"""Reading what the briefings pages show: the export log and each side's release state."""

from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dialogues.briefings.builder import build_briefing
from dialogues.briefings.models import BriefingExport, BriefingRelease, latest_release
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations.models import Recommendation, RecommendationStatus

EXPORTS_PER_PAGE = 25


def exports_page(programme: Programme, page: int):
    """The programme's exports, newest first, with who made them and for which side."""
    query = (
        sa.select(BriefingExport)
        .where(BriefingExport.programme_id == programme.id)
        .options(selectinload(BriefingExport.actor), selectinload(BriefingExport.side))
        .order_by(BriefingExport.created_at.desc(), BriefingExport.id.desc())
    )
    return db.paginate(
        query, page=page, per_page=EXPORTS_PER_PAGE, max_per_page=EXPORTS_PER_PAGE, error_out=False
    )


@dataclass(frozen=True)
class ReleaseState:
    side: Side
    release: BriefingRelease | None
    is_current: bool  # the approval covers the briefing as it reads now

    @property
    def is_released(self) -> bool:
        return self.release is not None and self.is_current


def release_state(side: Side) -> ReleaseState:
    release = latest_release(side)
    if release is None:
        return ReleaseState(side, None, False)
    digest = build_briefing(side.programme, side).content_digest()
    return ReleaseState(side, release, release.covers(digest))


class ToPublish(NamedTuple):
    """The first adopted recommendations not yet public (``(id, title)`` rows), of ``total``."""

    rows: list[sa.Row]
    total: int


TO_PUBLISH_SHOWN = 20


def adopted_not_published(programme: Programme, shown: int = TO_PUBLISH_SHOWN) -> ToPublish:
    """What a coordinator may publish to the digest next: the ``shown`` adopted longest ago,
    and how many there are (the recommendation list, filtered, pages through them all)."""
    rows = db.session.execute(
        sa.select(Recommendation.id, Recommendation.title, sa.func.count().over())
        .where(
            Recommendation.programme_id == programme.id,
            Recommendation.status == RecommendationStatus.ADOPTED,
        )
        .order_by(Recommendation.id)
        .limit(shown)
    ).all()
    return ToPublish(rows, rows[0][-1] if rows else 0)


def published_count(programme: Programme) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(
            Recommendation.programme_id == programme.id,
            Recommendation.status == RecommendationStatus.PUBLISHED,
        )
    )
