"""Fixtures for recommendations: a programme with people in every role, clients signed in as
any of them (pages and API), and a recommendation filed through the real operation."""

from dataclasses import dataclass, field

import pytest

from dialogues.extensions import db
from dialogues.recommendations import operations

ROLES = ("admin", "coordinator", "author", "facilitator", "participant", "pending", "liaison",
         "stranger")  # fmt: skip


@dataclass
class World:
    programme: object
    people: dict = field(default_factory=dict)
    registrations: dict = field(default_factory=dict)

    @property
    def us(self):
        return self.programme.sides[0]

    @property
    def cn(self):
        return self.programme.sides[1]

    def __getitem__(self, role):
        return self.people[role]


@pytest.fixture
def world(make) -> World:
    """Sides "United States" and "China"; one person per role; a participant on each side."""
    programme = make.programme()
    world = World(programme)
    people = world.people
    people["admin"] = make.user("Ada Admin", is_admin=True)
    for role, membership in (("coordinator", "coordinator"), ("author", "facilitator"),
                             ("facilitator", "facilitator")):  # fmt: skip
        people[role] = make.user(f"{role.title()} Person")
        make.member(programme, people[role], membership)
    people["liaison"] = make.user("Liaison Person")
    make.member(programme, people["liaison"], "liaison", world.us)
    people["stranger"] = make.user("Stranger Person")
    for role, side, status in (("participant", world.us, "accepted"),
                               ("participant_cn", world.cn, "accepted"),
                               ("pending", world.us, "pending")):  # fmt: skip
        people[role] = make.user(f"Endorser {role}")
        world.registrations[role] = make.registration(programme, side, people[role], status=status)
    return world


def filing(world: World, **overrides) -> dict:
    data = {
        "title": "Establish a maritime incident hotline",
        "summary": "Both navies should be able to call each other at once.",
        "body": "## Proposal\n\nA line staffed day and night.",
        "agreement": "broad_support",
        "addressed_to": [world.us.id, world.cn.id],
        "topics": ["maritime", "crisis"],
        "positions": [
            {"side_id": world.us.id, "text": "The United States supports the proposal."},
            {"side_id": world.cn.id, "text": "China supports it, under conditions."},
        ],
    }
    return {**data, **overrides}


@pytest.fixture
def file(world):
    """``file(status="submitted", **fields)``: a recommendation by the author, committed."""

    def file_one(status: str = "draft", author=None, **fields):
        recommendation = operations.create_recommendation(
            world.programme, author or world["author"], filing(world, **fields)
        )
        recommendation.status = status
        db.session.commit()
        return recommendation

    return file_one
