"""The briefing as JSON, in the shape the API contract fixes (plus a few documented extras)."""

import json

from dialogues.briefings.document import Briefing, RecommendationFacts
from dialogues.sessions.times import iso_utc


def as_dict(briefing: Briefing) -> dict:
    programme = briefing.programme
    return {
        "programme": {
            "id": programme.id,
            "slug": programme.slug,
            "title": programme.title,
            "starts_on": programme.starts_on.isoformat(),
            "ends_on": programme.ends_on.isoformat(),
            "timezone": programme.timezone,
            "confidentiality": programme.confidentiality,
        },
        "side": {
            "id": briefing.side.id,
            "slug": briefing.side.slug,
            "name": briefing.side.name,
            "countries": list(briefing.side.countries),
        },
        "generated_at": iso_utc(briefing.generated_at),
        "marking": briefing.marking,
        "recipient": briefing.recipient,
        "participation": [
            {"side_id": row.side_id, "name": row.name, "accepted": row.accepted}
            for row in briefing.participation
        ],
        "parity": briefing.parity,
        "sessions": {"held": briefing.sessions_held, "scheduled": briefing.sessions_scheduled},
        "recommendations": [_recommendation(r) for r in briefing.recommendations],
    }


def _recommendation(recommendation: RecommendationFacts) -> dict:
    return {
        "id": recommendation.id,
        "title": recommendation.title,
        "summary": recommendation.summary,
        "status": recommendation.status,
        "agreement": recommendation.agreement,
        "topics": list(recommendation.topics),
        "positions": [
            {"side_id": p.side_id, "side": p.side, "text": p.text}
            for p in recommendation.positions
            if p.text is not None
        ],
        "endorsements": {str(side): count for side, count in recommendation.endorsements.items()},
        "backed_across_sides": recommendation.backed_across_sides,
    }


def render(briefing: Briefing) -> bytes:
    return json.dumps(as_dict(briefing), ensure_ascii=False, indent=2).encode("utf-8")
