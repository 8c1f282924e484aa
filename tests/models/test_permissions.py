"""The permission methods on the models, for every role, as tables."""

import pytest

from dialogues.recommendations.models import RecommendationStatus

ROLES = [
    "anonymous",
    "stranger",
    "pending_a",
    "participant_a",
    "participant_b",
    "facilitator",
    "liaison_a",
    "other_coordinator",
    "coordinator",
    "admin",
]


class AnonymousUser:
    is_authenticated = False
    is_admin = False
    id = None


@pytest.fixture
def world(make):
    """One programme with every role, plus a coordinator of another programme."""
    programme = make.programme()
    side_a, side_b = programme.sides
    other = make.programme()
    people = {"anonymous": AnonymousUser(), "admin": make.user(is_admin=True)}
    for role in ROLES[1:-1]:
        people[role] = make.user()
    make.member(programme, people["coordinator"], "coordinator")
    make.member(programme, people["facilitator"], "facilitator")
    make.member(programme, people["liaison_a"], "liaison", side_a)
    make.member(other, people["other_coordinator"], "coordinator")
    make.registration(programme, side_a, people["pending_a"])
    make.registration(programme, side_a, people["participant_a"], status="accepted")
    make.registration(programme, side_b, people["participant_b"], status="accepted")
    return programme, people


def _allowed(check, people):
    return {role for role in ROLES if check(people[role])}


STAFF = {"facilitator", "coordinator", "admin"}
MEMBERS = STAFF | {"participant_a", "participant_b"}


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        ("can_view", MEMBERS | {"pending_a", "liaison_a"}),
        ("can_read_content", MEMBERS),
        ("can_manage", {"coordinator", "admin"}),
        ("can_facilitate", STAFF),
    ],
)
def test_programme_permissions(world, method, expected):
    programme, people = world
    assert _allowed(getattr(programme, method), people) == expected


def test_briefing_read_per_side(world):
    programme, people = world
    side_a, side_b = programme.sides
    assert _allowed(side_a.can_read_briefing, people) == {"coordinator", "admin", "liaison_a"}
    assert _allowed(side_b.can_read_briefing, people) == {"coordinator", "admin"}


def test_registration_permissions(world, make):
    programme, people = world
    registration = next(
        r for r in _registrations(programme) if r.user_id == people["participant_a"].id
    )
    assert _allowed(registration.can_view, people) == {"participant_a", "coordinator", "admin"}
    assert _allowed(registration.can_withdraw, people) == {"participant_a"}
    assert _allowed(registration.can_decide, people) == {"coordinator", "admin"}


def _registrations(programme):
    from dialogues.extensions import db

    return db.session.scalars(programme.registrations.select()).all()


@pytest.mark.parametrize(
    ("rule", "readers"),
    [
        ("chatham_house", {"session_facilitator", "facilitator", "coordinator", "admin"}),
        ("off_the_record", {"session_facilitator", "coordinator", "admin"}),
    ],
)
def test_session_notes(world, make, rule, readers):
    programme, people = world
    people["session_facilitator"] = make.user()
    make.member(programme, people["session_facilitator"], "facilitator")
    dialogue_session = make.session(
        programme, [people["session_facilitator"]], confidentiality_override=rule
    )
    roles = [*ROLES, "session_facilitator"]
    allowed = {role for role in roles if dialogue_session.can_read_notes(people[role])}
    assert allowed == readers
    writers = {role for role in roles if dialogue_session.can_write_notes(people[role])}
    assert writers == {"session_facilitator", "coordinator", "admin"}


def test_session_rule_falls_back_to_the_programme(world, make):
    programme, _ = world
    assert make.session(programme).confidentiality == programme.confidentiality


@pytest.mark.parametrize(
    ("status", "viewers", "editors"),
    [
        ("draft", {"facilitator", "coordinator", "admin"}, {"facilitator", "coordinator", "admin"}),
        ("submitted", MEMBERS, {"coordinator", "admin"}),
        ("returned", MEMBERS, {"facilitator", "coordinator", "admin"}),
        ("withdrawn", MEMBERS, set()),
    ],
)
def test_recommendation_view_and_edit(world, make, status, viewers, editors):
    programme, people = world
    recommendation = make.recommendation(programme, people["facilitator"], status=status)
    assert _allowed(recommendation.can_view, people) == viewers
    assert _allowed(recommendation.can_edit, people) == editors


S = RecommendationStatus


@pytest.mark.parametrize(
    ("start", "to", "movers"),
    [
        (S.DRAFT, S.SUBMITTED, {"facilitator", "coordinator", "admin"}),
        (S.SUBMITTED, S.ADOPTED, {"coordinator", "admin"}),
        (S.SUBMITTED, S.RETURNED, {"coordinator", "admin"}),
        (S.RETURNED, S.SUBMITTED, {"facilitator", "coordinator", "admin"}),
        (S.ADOPTED, S.PUBLISHED, {"coordinator", "admin"}),
        (S.ADOPTED, S.WITHDRAWN, {"facilitator", "coordinator", "admin"}),
        (S.DRAFT, S.ADOPTED, set()),
        (S.PUBLISHED, S.DRAFT, set()),
        (S.WITHDRAWN, S.SUBMITTED, set()),
    ],
)
def test_recommendation_transitions(world, make, start, to, movers):
    programme, people = world
    recommendation = make.recommendation(programme, people["facilitator"], status=start)
    assert _allowed(lambda user: recommendation.can_transition(user, to), people) == movers


@pytest.mark.parametrize(
    ("status", "endorsers"),
    [
        ("draft", set()),
        ("submitted", {"participant_a", "participant_b"}),
        ("published", {"participant_a", "participant_b"}),
        ("withdrawn", set()),
    ],
)
def test_endorsement(world, make, status, endorsers):
    programme, people = world
    recommendation = make.recommendation(programme, people["facilitator"], status=status)
    assert _allowed(recommendation.can_endorse, people) == endorsers
