"""One world for the security tests: a programme with two sides and a person in every role.

``world.args`` fills every path argument a route can have; ``world.headers(role)`` gives the
bearer token for API calls and ``world.sign_in(role)`` signs the page client in.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from dialogues.api.tokens import create_token
from dialogues.extensions import db
from dialogues.sessions.notes import NoteInput, create_note

ROLES = (
    "anonymous",
    "participant_a",
    "participant_b",
    "facilitator",
    "liaison_a",
    "other_coordinator",
    "coordinator",
    "administrator",
)


@dataclass
class World:
    programme: object
    people: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    args: dict = field(default_factory=dict)
    variants: dict = field(default_factory=dict)
    recommendations: dict = field(default_factory=dict)

    def headers(self, role: str) -> dict:
        token = self.tokens.get(role)
        return {"Authorization": f"Bearer {token}"} if token else {}


@pytest.fixture
def world(make):
    """The programme, its people (one per role), sessions, a note and recommendations."""
    programme = make.programme(slug="matrix", status="running", registration_open=True)
    side_a, side_b = programme.sides
    other = make.programme(slug="elsewhere")
    people = {
        "participant_a": make.user("Participant A"),
        "participant_b": make.user("Participant B"),
        "facilitator": make.user("Facilitator"),
        "liaison_a": make.user("Liaison A"),
        "other_coordinator": make.user("Other Coordinator"),
        "coordinator": make.user("Coordinator"),
        "administrator": make.user("Administrator", is_admin=True),
    }
    registration = make.registration(programme, side_a, people["participant_a"], status="accepted")
    make.registration(programme, side_b, people["participant_b"], status="accepted")
    facilitation = make.member(programme, people["facilitator"], "facilitator")
    make.member(programme, people["liaison_a"], "liaison", side_a)
    make.member(programme, people["coordinator"], "coordinator")
    make.member(other, people["other_coordinator"], "coordinator")
    dialogue_session = make.session(programme, [people["facilitator"]], title="Plenary")
    off_record = make.session(
        programme,
        [people["facilitator"]],
        title="Off the record",
        confidentiality_override="off_the_record",
        starts_at=datetime(2027, 3, 3, 9, tzinfo=UTC),
    )
    note = create_note(dialogue_session, people["facilitator"], NoteInput("Water was discussed."))
    db.session.commit()
    recommendations = _recommendations(make, programme, people["facilitator"])
    world = World(programme=programme, people=people)
    world.tokens = {role: create_token(user)[0] for role, user in people.items()}
    db.session.commit()
    world.args = {
        "slug": programme.slug,
        "programme_id": programme.id,
        "side_id": side_a.id,
        "session_id": dialogue_session.id,
        "note_id": note.id,
        "registration_id": registration.id,
        "recommendation_id": recommendations["submitted"].id,
        "membership_id": facilitation.id,
        "member_id": facilitation.id,
        "token_id": _token_id(people["participant_a"]),
        "token": "no-such-token",
        "section": "profile",
    }
    world.recommendations = recommendations
    world.variants = {
        "side_b": {"side_id": side_b.id},
        "draft": {"recommendation_id": recommendations["draft"].id},
        "off_record": {"session_id": off_record.id},
    }
    return world


def _recommendations(make, programme, author) -> dict:
    now = datetime.now(UTC)
    return {
        status: make.recommendation(
            programme,
            author,
            title=f"A {status} recommendation",
            status=status,
            published_at=now if status == "published" else None,
        )
        for status in ("draft", "submitted", "returned", "adopted", "published", "withdrawn")
    }


def _token_id(user) -> int:
    from dialogues.api.models import ApiToken

    return db.session.scalars(db.select(ApiToken.id).where(ApiToken.user_id == user.id)).one()


@pytest.fixture
def as_role(client, login, world):
    """Sign the page client in as ``role`` (nobody for anonymous)."""

    def sign_in(role: str):
        if role != "anonymous":
            login(world.people[role])
        return client

    return sign_in
