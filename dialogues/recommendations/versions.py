"""Versions: what a recommendation said at each version, kept at every edit.

A snapshot is plain data (JSON in ``RecommendationVersion``), so the history reads the same
whatever changes later to the recommendation itself.
"""

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation, RecommendationVersion

# What a person endorses: changing any of these clears endorsements.
TEXT_KEYS = ("title", "summary", "body", "positions", "alternatives")


def snapshot(recommendation: Recommendation) -> dict:
    """Everything a version holds, in a stable order."""
    return {
        "title": recommendation.title,
        "summary": recommendation.summary or "",
        "body": recommendation.body or "",
        "agreement": str(recommendation.agreement),
        "topics": sorted((t.topic for t in recommendation.topics), key=str.casefold),
        "addressed_to": sorted(side.id for side in recommendation.addressed_to),
        "session_ids": sorted(item.id for item in recommendation.sessions),
        "positions": [
            {"side_id": p.side_id, "text": p.text}
            for p in sorted(recommendation.positions, key=lambda p: p.side_id)
        ],
        "alternatives": [
            {"passage": a.passage, "side_id": a.side_id, "text": a.text}
            for a in sorted(recommendation.alternatives, key=lambda a: (a.passage, a.side_id))
        ],
    }


def text_changed(before: dict, after: dict) -> bool:
    return any(before[key] != after[key] for key in TEXT_KEYS)


def changed_fields(before: dict, after: dict) -> list[str]:
    return [key for key in before if before[key] != after[key]]


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
