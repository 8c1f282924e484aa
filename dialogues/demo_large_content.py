"""The rows of one generated programme: registrations, sessions, recommendations, endorsements.

Every table is written with one bulk insert; ids come back in row order (``insert_returning``)
so the next table can refer to them without reading anything back.
"""

from datetime import UTC, datetime, time, timedelta

import sqlalchemy as sa

from dialogues import demo_names as names
from dialogues.demo_large import (
    REGISTRATION_MIX,
    STATUS_MIX,
    deal,
    endorsable,
    insert_returning,
    transitions,
)
from dialogues.extensions import db
from dialogues.recommendations.models import (
    Endorsement,
    Position,
    Recommendation,
    RecommendationTopic,
    RecommendationTransition,
    RecommendationVersion,
    recommendation_addressee,
    recommendation_session,
)
from dialogues.registrations.models import Registration
from dialogues.sessions.models import Attendance, DialogueSession, session_facilitator

NATIONALITY = {pool[0]: pool[2] for pool in names.PEOPLE}
ATTENDEES_PER_SESSION = 10


def fill_programme(programme: dict, pools: list[list[int]], scale, rng, staff: dict) -> dict:
    """Generate ``scale``'s rows for ``programme`` (``{"id", "sides"}``) from the people pools."""
    accepted = _registrations(programme, pools, scale.registrations)
    sessions = _sessions(programme["id"], scale.sessions, accepted, staff)
    recommendations = _recommendations(programme, scale.recommendations, sessions, staff, rng)
    endorsements = _endorsements(recommendations, accepted, scale.endorsements)
    return {
        "registrations": min(scale.registrations, sum(len(pool) for pool in pools)),
        "sessions": len(sessions),
        "recommendations": len(recommendations),
        "endorsements": endorsements,
    }


def _registrations(programme: dict, pools: list[list[int]], count: int) -> list[int]:
    """Register people side by side; the ids of the accepted registrations."""
    sides = programme["sides"]
    count = min(count, sum(len(pool) for pool in pools))
    rows, now = [], datetime.now(UTC)
    for number in range(count):
        side_id, side_name = sides[number % len(sides)]
        pool = pools[number % len(sides)]
        status = deal(REGISTRATION_MIX, number)
        rows.append(
            {
                "programme_id": programme["id"],
                "side_id": side_id,
                "user_id": pool[(number // len(sides)) % len(pool)],
                "status": status,
                "affiliation": names.AFFILIATIONS[number % len(names.AFFILIATIONS)],
                "role": ("academic", "former_official", "civil_society", "journalist")[number % 4],
                "nationality": NATIONALITY[side_name],
                "languages": ["en"],
                "consented_data_processing_at": now,
                "consented_rule_at": now,
                "consent_version": "1",
                "decided_at": None if status == "pending" else now,
            }
        )
    ids = insert_returning(Registration, rows)
    return [id_ for id_, row in zip(ids, rows, strict=True) if row["status"] == "accepted"]


def _sessions(programme_id: int, count: int, accepted: list[int], staff: dict) -> list[int]:
    """Sessions spread over two years, four a day at most, each with ten invited people."""
    first = datetime.combine(datetime(2026, 1, 12).date(), time(7), UTC)
    now, rows = datetime.now(UTC), []
    for number in range(count):
        starts = first + timedelta(days=number * 700 // max(count, 1), hours=2 * (number % 4))
        rows.append(
            {
                "programme_id": programme_id,
                "title": f"Session {number + 1}: {names.SUBJECTS[number % 6][number % 4]}",
                "format": ("plenary", "working_group", "bilateral", "social")[number % 4],
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1, minutes=45),
                "venue": names.VENUES[number % len(names.VENUES)],
                "agenda": "1. Welcome\n2. Discussion\n3. Next steps",
            }
        )
    ids = insert_returning(DialogueSession, rows)
    db.session.execute(
        sa.insert(session_facilitator),
        [{"session_id": id_, "user_id": staff["facilitator"]} for id_ in ids],
    )
    attendance = []
    for index, (id_, row) in enumerate(zip(ids, rows, strict=True)):
        status = "attended" if row["starts_at"] < now else "invited"
        people = {accepted[(index * 7 + k) % len(accepted)] for k in range(ATTENDEES_PER_SESSION)}
        attendance += [
            {"session_id": id_, "registration_id": person, "status": status} for person in people
        ]
    if attendance and accepted:
        db.session.execute(sa.insert(Attendance), attendance)
    return ids


def _recommendations(programme: dict, count: int, sessions: list[int], staff: dict, rng):
    """Recommendations in every state, with topics, positions, history and addressees."""
    now = datetime.now(UTC)
    statuses = [deal(STATUS_MIX, number) for number in range(count)]
    rows = [
        {
            "programme_id": programme["id"],
            "author_id": staff["facilitator"],
            "title": names.recommendation_title(number),
            "summary": "Participants from every side discussed how to reduce the risk of "
            "escalation.",
            "body": names.recommendation_body(number),
            "agreement": ("consensus", "broad_support", "divided")[number % 3],
            "status": status,
            "published_at": now - timedelta(hours=number) if status == "published" else None,
        }
        for number, status in enumerate(statuses)
    ]
    ids = insert_returning(Recommendation, rows)
    _parts(programme, ids, rows, sessions, rng)
    _history(ids, statuses, rows, staff)
    return list(zip(ids, statuses, strict=True))


def _parts(programme: dict, ids: list[int], rows: list[dict], sessions: list[int], rng) -> None:
    topics, positions, addressees, links = [], [], [], []
    for number, id_ in enumerate(ids):
        for topic in rng.sample(names.TOPICS, 2):
            topics.append(
                {"recommendation_id": id_, "programme_id": programme["id"], "topic": topic}
            )
        for side_id, side_name in programme["sides"]:
            text = names.position_text(side_name, number)
            positions.append({"recommendation_id": id_, "side_id": side_id, "text": text})
            addressees.append({"recommendation_id": id_, "side_id": side_id})
        if sessions:
            links.append({"recommendation_id": id_, "session_id": sessions[number % len(sessions)]})
    for table, parts in (
        (RecommendationTopic, topics),
        (Position, positions),
        (recommendation_addressee, addressees),
        (recommendation_session, links),
    ):
        if parts:
            db.session.execute(sa.insert(table), parts)


def _history(ids: list[int], statuses: list, rows: list[dict], staff: dict) -> None:
    versions = [
        {
            "recommendation_id": id_,
            "version": 1,
            "title": row["title"],
            "summary": row["summary"],
            "body": row["body"],
            "agreement": row["agreement"],
            "snapshot": {"topics": []},
            "editor_id": staff["facilitator"],
        }
        for id_, row in zip(ids, rows, strict=True)
    ]
    steps = [
        row
        for id_, status in zip(ids, statuses, strict=True)
        for row in transitions(id_, status, staff)
    ]
    for model, parts in ((RecommendationVersion, versions), (RecommendationTransition, steps)):
        if parts:
            db.session.execute(sa.insert(model), parts)


def _endorsements(recommendations: list[tuple], accepted: list[int], target: int) -> int:
    """Spread ``target`` endorsements evenly over the endorsable recommendations."""
    open_ids = [id_ for id_, status in recommendations if endorsable(status)]
    if not open_ids or not accepted:
        return 0
    rows = []
    for index, id_ in enumerate(open_ids):
        share = target // len(open_ids) + (index < target % len(open_ids))
        people = {accepted[(index * 7 + k) % len(accepted)] for k in range(share)}
        rows += [
            {"recommendation_id": id_, "registration_id": person, "version": 1} for person in people
        ]
    db.session.execute(sa.insert(Endorsement), rows)
    return len(rows)
