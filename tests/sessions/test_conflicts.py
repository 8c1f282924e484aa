"""Clashes: a facilitator, a venue or a participant in two overlapping sessions."""

import pytest

from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from dialogues.registrations.models import RegistrationStatus
from dialogues.sessions.conflicts import Slot, find_clashes
from tests.conftest import post_form
from tests.sessions.conftest import at


@pytest.fixture
def booked(plan, world):
    """09:00–11:00 UTC on 2 March: the facilitator, Salle Étoile, Alice and Bo."""
    return plan(title="Booked", venue="Salle Étoile", starts_at=at(2, 9), ends_at=at(2, 11))


def body(world, **fields) -> dict:
    """A session that clashes with nothing unless the fields say so."""
    data = {
        "title": "New",
        "format": "working_group",
        "starts_at": "2027-03-02T10:00:00Z",
        "ends_at": "2027-03-02T12:00:00Z",
        "venue": "Room 2",
        "facilitator_ids": [world.other_facilitator.id],
        "participant_ids": [],
    }
    data.update(fields)
    return data


def post(client, world, bearer, **fields):
    url = f"/api/v1/programmes/{world.programme.id}/sessions"
    return client.post(url, json=body(world, **fields), headers=bearer(world.coordinator))


def matrix(world):
    return {
        "facilitator": {"facilitator_ids": [world.facilitator.id]},
        "venue": {"venue": "  salle  ÉTOILE "},
        "participant": {"participant_ids": [world.alice_reg.id]},
    }


@pytest.mark.parametrize("reason", ["facilitator", "venue", "participant"])
def test_each_clash_is_refused_with_the_session_named(client, world, bearer, booked, reason):
    response = post(client, world, bearer, **matrix(world)[reason])
    assert response.status_code == 409
    error = response.json["error"]
    assert error["code"] == "conflict"
    assert error["conflicts"] == [{"session_id": booked.id, "reason": reason}]


@pytest.mark.parametrize("reason", ["facilitator", "venue", "participant"])
def test_allowed_clash_is_scheduled_and_recorded(client, world, bearer, booked, reason):
    response = post(client, world, bearer, allow_conflicts=True, **matrix(world)[reason])
    assert response.status_code == 201
    db.session.rollback()
    event = db.session.query(AuditEvent).filter_by(action="session.create").one()
    assert event.detail == {"allowed_conflicts": [[booked.id, reason]]}


def test_every_clash_at_once(client, world, bearer, booked):
    fields = {k: v for case in matrix(world).values() for k, v in case.items()}
    response = post(client, world, bearer, **fields)
    assert response.status_code == 409
    reasons = {c["reason"] for c in response.json["error"]["conflicts"]}
    assert reasons == {"facilitator", "venue", "participant"}


def test_no_clash_without_overlap_or_sharing(client, world, bearer, booked):
    everything = {k: v for case in matrix(world).values() for k, v in case.items()}
    back_to_back = post(client, world, bearer, starts_at="2027-03-02T11:00:00Z", **everything)
    assert back_to_back.status_code == 201
    nothing_shared = post(client, world, bearer, title="Parallel")
    assert nothing_shared.status_code == 201


def test_cancelled_sessions_and_declined_invitations_do_not_clash(client, world, bearer, plan):
    plan(venue="Salle Étoile", cancelled_at=at(1, 9))
    plan(invite=[world.alice_reg], statuses={world.alice_reg.id: "declined"}, facilitators=[])
    fields = {k: v for case in matrix(world).values() for k, v in case.items()}
    assert post(client, world, bearer, **fields).status_code == 201


def test_facilitators_clash_across_programmes_participants_and_venues_do_not(
    client, world, bearer, make, plan
):
    """A coordinator learns nothing of a participant's sessions in another programme: not its
    session, nor by its absence that they are free (API.md names facilitators only)."""
    elsewhere = make.programme(timezone="Asia/Shanghai")
    make.member(elsewhere, world.facilitator, "facilitator")
    alice_there = make.registration(elsewhere, elsewhere.sides[0], world.alice, status="accepted")
    other = plan(programme=elsewhere, invite=[alice_there], venue="Salle Étoile")
    venue_only = post(client, world, bearer, venue="Salle Étoile")
    assert venue_only.status_code == 201
    person = post(
        client, world, bearer, **matrix(world)["facilitator"], participant_ids=[world.alice_reg.id]
    )
    assert person.status_code == 409
    assert person.json["error"]["conflicts"] == [{"session_id": other.id, "reason": "facilitator"}]
    alice_only = post(
        client, world, bearer, facilitator_ids=[], participant_ids=[world.alice_reg.id]
    )
    assert alice_only.status_code == 201


def test_invitations_of_registrations_no_longer_accepted_do_not_clash(
    client, world, bearer, booked
):
    """Alice, invited to the booked session, withdrew: were she accepted again (a new
    registration), her old invitation would not stand in the way."""
    alice = post(client, world, bearer, participant_ids=[world.alice_reg.id])
    assert alice.json["error"]["conflicts"] == [{"session_id": booked.id, "reason": "participant"}]
    db.session.rollback()  # after the request, as the request left it
    world.alice_reg.status = RegistrationStatus.WITHDRAWN
    db.session.commit()
    slot = Slot(
        programme_id=world.programme.id,
        starts_at=booked.starts_at,
        ends_at=booked.ends_at,
        venue="",
        facilitator_ids=frozenset(),
        participant_user_ids=frozenset({world.alice.id}),
    )
    assert find_clashes(slot) == []


def test_moving_into_a_clash_is_refused_but_unrelated_edits_are_not(client, world, bearer, plan):
    first = plan(title="First", starts_at=at(2, 9), ends_at=at(2, 11))
    second = plan(title="Second", starts_at=at(2, 13), ends_at=at(2, 14))
    headers = bearer(world.coordinator)
    url = f"/api/v1/sessions/{second.id}"
    moved = client.patch(url, json={"starts_at": "2027-03-02T10:00:00Z"}, headers=headers)
    assert moved.status_code == 409
    assert {c["session_id"] for c in moved.json["error"]["conflicts"]} == {first.id}
    allowed = {"starts_at": "2027-03-02T10:00:00Z", "allow_conflicts": True}
    assert client.patch(url, json=allowed, headers=headers).status_code == 200
    # The clash was allowed once; renaming the session does not ask again.
    assert client.patch(url, json={"title": "Second (renamed)"}, headers=headers).status_code == 200


def test_the_page_names_the_clashing_sessions(client, world, login, booked, make, plan):
    elsewhere = make.programme(timezone="Asia/Shanghai")
    make.member(elsewhere, world.other_facilitator, "facilitator")
    plan(
        programme=elsewhere,
        title="Secret bilateral",
        facilitators=[world.other_facilitator],
        invite=[],
    )
    login(world.coordinator)
    url = f"/programmes/{world.programme.slug}/sessions/new"
    data = {
        "title": "Working group",
        "format": "working_group",
        "timezone": "Europe/Zurich",
        "starts_at": "2027-03-02T11:00",
        "ends_at": "2027-03-02T12:30",
        "venue": "salle étoile",
        "confidentiality": "",
        "facilitator_ids": [world.other_facilitator.id],
        "participant_ids": [world.bo_reg.id],
    }
    response = post_form(client, url, data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert f'<a href="/sessions/{booked.id}"><bdi>Booked</bdi></a>' in page
    assert "the same venue" in page
    assert "<bdi>王小明</bdi> is invited to it" in page
    assert "<bdi>Olga Otherfacilitator</bdi> facilitates it" in page
    assert "a session of another programme" in page
    assert "Secret bilateral" not in page  # the coordinator cannot see that programme
    response = post_form(client, url, {**data, "allow_conflicts": "y"})
    assert response.status_code == 302
