"""The workflow: every move of the table, for every role; and every move it does not have."""

import pytest
import sqlalchemy as sa

from dialogues.core.audit import AuditEvent
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.extensions import db
from dialogues.recommendations.models import (
    TRANSITIONS,
    RecommendationStatus,
    RecommendationTransition,
)
from dialogues.recommendations.operations import transition
from tests.conftest import post_form
from tests.recommendations.conftest import ROLES

S = RecommendationStatus
# Who may make each move, as API.md states it (the model's TRANSITIONS table must agree).
EXPECTED = {
    (S.DRAFT, S.SUBMITTED): {"admin", "coordinator", "author"},
    (S.RETURNED, S.SUBMITTED): {"admin", "coordinator", "author"},
    (S.SUBMITTED, S.ADOPTED): {"admin", "coordinator"},
    (S.SUBMITTED, S.RETURNED): {"admin", "coordinator"},
    (S.ADOPTED, S.PUBLISHED): {"admin", "coordinator"},
    **{(s, S.WITHDRAWN): {"admin", "coordinator", "author"} for s in S if s != S.WITHDRAWN},
}
MOVES = sorted(EXPECTED)
NOT_MOVES = sorted((a, b) for a in S for b in S if (a, b) not in EXPECTED)


def test_table_matches_the_contract():
    assert set(TRANSITIONS) == set(EXPECTED)


def _history(recommendation):
    return db.session.scalars(
        sa.select(RecommendationTransition).filter_by(recommendation_id=recommendation.id)
    ).all()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("origin", "target"), MOVES)
def test_moves_by_role(world, file, role, origin, target):
    recommendation = file(status=origin)
    user = world[role]
    if role in EXPECTED[(origin, target)]:
        transition(recommendation, user, target.value, "Because.")
        db.session.commit()
        assert recommendation.status == target
        (step,) = _history(recommendation)
        assert (step.from_status, step.to_status, step.actor_id, step.comment) == (
            origin,
            target,
            user.id,
            "Because.",
        )
        event = db.session.scalars(
            sa.select(AuditEvent).filter_by(action="recommendation.transition")
        ).one()
        assert event.object_id == recommendation.id
        assert event.detail == {"from_status": origin.value, "to_status": target.value}
    else:
        with pytest.raises(Forbidden):
            transition(recommendation, user, target.value)
        db.session.rollback()
        db.session.refresh(recommendation)
        assert recommendation.status == origin
        assert _history(recommendation) == []


@pytest.mark.parametrize(("origin", "target"), NOT_MOVES)
def test_moves_the_workflow_lacks_are_refused_even_to_coordinators(world, file, origin, target):
    recommendation = file(status=origin)
    with pytest.raises(Conflict, match=f"{origin.value} cannot become {target.value}"):
        transition(recommendation, world["coordinator"], target.value)
    db.session.rollback()
    assert _history(recommendation) == []


def test_unknown_target_is_a_validation_error(world, file):
    recommendation = file()
    with pytest.raises(ValidationFailed) as error:
        transition(recommendation, world["coordinator"], "approved")
    assert "to" in error.value.fields


def test_publishing_sets_the_date(world, file):
    recommendation = file(status="adopted")
    transition(recommendation, world["coordinator"], "published")
    assert recommendation.published_at is not None


def test_moves_through_the_page_with_a_comment_in_the_history(world, file, client_for):
    recommendation = file(status="submitted")
    url = f"/recommendations/{recommendation.id}"
    coordinator = client_for(world["coordinator"])
    page = coordinator.get(url).get_data(as_text=True)
    assert 'value="adopted"' in page
    assert 'value="returned"' in page
    assert 'value="published"' not in page
    response = post_form(
        coordinator,
        f"{url}/transition",
        {"to": "returned", "comment": "Add China's position on [1]."},
        page=url,
    )
    assert response.status_code == 302
    page = client_for(world["author"]).get(url).get_data(as_text=True)
    assert "Add China&#39;s position on [1]." in page
    assert "Submitted → <strong>Returned</strong>" in page
    participant = client_for(world["participant"])
    refused = post_form(participant, f"{url}/transition", {"to": "withdrawn"}, page=url)
    assert refused.status_code == 403
    late = post_form(coordinator, f"{url}/transition", {"to": "published"}, page=url)
    assert late.status_code == 409
    assert "returned cannot become published" in late.get_data(as_text=True)
