"""Versions: what a recommendation said at each version, kept at every edit.

A snapshot is plain data (JSON in ``RecommendationVersion``), so the history reads the same
whatever changes later to the recommendation itself.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa

from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.recommendations.models import (
    Alternative,
    Position,
    Recommendation,
    RecommendationTopic,
    RecommendationVersion,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.recommendations.validation import one_kind_of_line_break

# What a person endorses: changing any of these clears endorsements.
TEXT_KEYS = ("title", "summary", "body", "positions", "alternatives")


def snapshot(recommendation: Recommendation) -> dict:
    """Everything a version holds, in a stable order."""
    parts = Parts(
        topics=[t.topic for t in recommendation.topics],
        addressed_to=[side.id for side in recommendation.addressed_to],
        session_ids=[item.id for item in recommendation.sessions],
        positions=[(p.side_id, p.text) for p in recommendation.positions],
        alternatives=[(a.passage, a.side_id, a.text) for a in recommendation.alternatives],
    )
    return _assemble(recommendation, parts)


def snapshots(recommendations: list[Recommendation]) -> dict[int, dict]:
    """``snapshot`` of each, ``{id: snapshot}``, its parts read as narrow rows: five queries for
    a whole page, and no object per topic, side, session, position or alternative."""
    parts = _parts_of([r.id for r in recommendations])
    return {r.id: _assemble(r, parts[r.id]) for r in recommendations}


@dataclass
class Parts:
    """A recommendation's related rows, as plain values."""

    topics: list = field(default_factory=list)
    addressed_to: list = field(default_factory=list)
    session_ids: list = field(default_factory=list)
    positions: list = field(default_factory=list)  # (side id, text)
    alternatives: list = field(default_factory=list)  # (passage, side id, text)


def _assemble(recommendation: Recommendation, parts: Parts) -> dict:
    """Texts with one kind of line break: text saved from a browser before they were
    normalised on input holds CRLF, which must not read as a change of wording."""
    lf = one_kind_of_line_break
    return {
        "title": recommendation.title,
        "summary": lf(recommendation.summary or ""),
        "body": lf(recommendation.body or ""),
        "agreement": str(recommendation.agreement),
        "topics": sorted(parts.topics, key=str.casefold),
        "addressed_to": sorted(parts.addressed_to),
        "session_ids": sorted(parts.session_ids),
        "positions": [
            {"side_id": side_id, "text": lf(text)} for side_id, text in sorted(parts.positions)
        ],
        "alternatives": [
            {"passage": passage, "side_id": side_id, "text": lf(text)}
            for passage, side_id, text in sorted(parts.alternatives)
        ],
    }


def _parts_of(ids: list[int]) -> dict[int, Parts]:
    parts = {i: Parts() for i in ids}
    if not ids:
        return parts
    addressee, linked = recommendation_addressee.c, recommendation_session.c
    queries = {
        "topics": (RecommendationTopic.recommendation_id, RecommendationTopic.topic),
        "addressed_to": (addressee.recommendation_id, addressee.side_id),
        "session_ids": (linked.recommendation_id, linked.session_id),
        "positions": (Position.recommendation_id, Position.side_id, Position.text),
        "alternatives": (
            Alternative.recommendation_id,
            Alternative.passage,
            Alternative.side_id,
            Alternative.text,
        ),
    }
    for name, columns in queries.items():
        for owner, *values in db.session.execute(sa.select(*columns).where(columns[0].in_(ids))):
            getattr(parts[owner], name).append(values[0] if len(values) == 1 else tuple(values))
    return parts


def text_changed(before: dict, after: dict) -> bool:
    return any(before[key] != after[key] for key in TEXT_KEYS)


def changed_fields(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after[key]]


class ChangedSinceOpened(Conflict):
    """A save or an endorsement from a page that showed an older version: refused, since the
    person never read the text as it now stands (a save would undo the newer changes)."""


def changed_since(recommendation: Recommendation, opened_version: int | None) -> bool:
    """Whether the page was opened at another version than the current one; never when no
    page named one (``opened_version`` None: the API, scripts)."""
    return opened_version is not None and opened_version != recommendation.version


def keep_version(recommendation: Recommendation, editor) -> RecommendationVersion:
    """Store the recommendation as it now stands, under its current version number."""
    data = snapshot(recommendation)
    version = RecommendationVersion(
        recommendation_id=recommendation.id,
        version=recommendation.version,
        title=data.pop("title"),
        summary=data.pop("summary"),
        body=data.pop("body"),
        agreement=data.pop("agreement"),
        snapshot=data,
        editor_id=editor.id if editor is not None else None,
    )
    db.session.add(version)
    return version


def versions_of(recommendation: Recommendation) -> list[RecommendationVersion]:
    return list(
        db.session.scalars(
            sa.select(RecommendationVersion)
            .where(RecommendationVersion.recommendation_id == recommendation.id)
            .order_by(RecommendationVersion.version)
        )
    )


def as_snapshot(version: RecommendationVersion) -> dict:
    """A stored version in the shape of ``snapshot`` (older rows may lack some keys)."""
    stored = version.snapshot or {}
    return {
        "title": version.title,
        "summary": version.summary,
        "body": version.body,
        "agreement": str(version.agreement),
        "topics": stored.get("topics", []),
        "addressed_to": stored.get("addressed_to", []),
        "session_ids": stored.get("session_ids", []),
        "positions": stored.get("positions", []),
        "alternatives": stored.get("alternatives", []),
    }
