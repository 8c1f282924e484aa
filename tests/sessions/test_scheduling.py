"""Scheduling, moving and cancelling through the pages: invitations, history, notices, bad input."""

import pytest

from dialogues.extensions import db
from dialogues.registrations.models import RegistrationStatus
from dialogues.sessions.models import Attendance, DialogueSession, SessionChange
from tests.conftest import post_form
from tests.sessions.conftest import count, fresh


def new_url(world) -> str:
    return f"/programmes/{world.programme.slug}/sessions/new"


def form(world, **overrides) -> dict:
    data = {
        "title": "Opening plenary",
        "format": "plenary",
        "timezone": "Europe/Zurich",
        "starts_at": "2027-03-02T10:00",
        "ends_at": "2027-03-02T12:00",
        "venue": "Salle du Conseil",
        "online_url": "",
        "confidentiality": "",
        "facilitator_ids": [world.facilitator.id],
        "invite_all": "y",
        "agenda": "1. Welcome\n2. **Incidents at sea**",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_scheduling_invites_every_accepted_participant(client, world, login, outbox):
    login(world.coordinator)
    response = post_form(client, new_url(world), form(world))
    assert response.status_code == 302
    dialogue_session = fresh_only_session()
    assert dialogue_session.starts_at.isoformat() == "2027-03-02T09:00:00+00:00"  # 10:00 CET
    assert dialogue_session.confidentiality_override is None
    assert [user.id for user in dialogue_session.facilitators] == [world.facilitator.id]
    invited = {a.registration_id for a in dialogue_session.attendances}
    assert invited == {world.alice_reg.id, world.bo_reg.id}  # not the pending registration
    assert {a.status.value for a in dialogue_session.attendances} == {"invited"}
    changes = dialogue_session_changes(dialogue_session)
    assert [change.kind.value for change in changes] == ["created"]
    messages = outbox()
    assert sorted(m["To"] for m in messages) == sorted([world.alice.email, world.bo.email])
    to_alice = next(m for m in messages if m["To"] == world.alice.email)
    assert to_alice["Subject"] == "Invitation: Opening plenary"
    body = to_alice.get_body(("plain",)).get_content()
    assert "2027-03-02 17:00–19:00 CST (Asia/Shanghai)" in body  # Alice's own zone
    assert "2027-03-02 10:00–12:00 CET (Europe/Zurich)" in body  # and the programme's
    assert world.bo.name not in body  # never another participant's name
    attachment = next(to_alice.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"


def test_chosen_participants_only(client, world, login):
    login(world.coordinator)
    data = form(world, invite_all=None, participant_ids=[world.bo_reg.id])
    assert post_form(client, new_url(world), data).status_code == 302
    dialogue_session = fresh_only_session()
    assert [a.registration_id for a in dialogue_session.attendances] == [world.bo_reg.id]


def test_confidentiality_override_and_online_link(client, world, login):
    login(world.coordinator)
    data = form(world, confidentiality="off_the_record", online_url="https://meet.example.org/x")
    assert post_form(client, new_url(world), data).status_code == 302
    dialogue_session = fresh_only_session()
    assert dialogue_session.confidentiality.value == "off_the_record"
    assert dialogue_session.online_url == "https://meet.example.org/x"


def bad_inputs(world):
    return [
        ({"ends_at": "2027-03-02T09:00"}, "ends_at", "The end must be after the start."),
        ({"ends_at": "2027-03-02T10:00"}, "ends_at", "The end must be after the start."),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "is not a known time zone"),
        ({"starts_at": "next tuesday"}, "starts_at", "Not a valid datetime value"),
        ({"title": "   "}, "title", "Enter a title."),
        ({"online_url": "javascript:alert(1)"}, "online_url", "http:// or https://"),
        ({"venue": "x" * 201}, "venue", "at most 200 characters"),
        ({"format": "party"}, "format", "Not a valid choice"),
        ({"title": "Opening\nplenary"}, "title", "Remove the control characters."),
        ({"title": "Opening\tplenary"}, "title", "Remove the control characters."),
    ]


@pytest.mark.parametrize("case", range(10))
def test_bad_input_names_the_field_and_writes_nothing(client, world, login, outbox, case):
    overrides, field, message = bad_inputs(world)[case]
    login(world.coordinator)
    response = post_form(client, new_url(world), form(world, **overrides))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in page
    assert f'id="{field}-error"' in page
    assert count(DialogueSession) == 0
    assert count(Attendance) == 0
    assert outbox() == []


def test_facilitator_who_is_not_staff_is_refused(client, world, login):
    login(world.coordinator)
    # A liaison is staff of a kind, but not one who can facilitate.
    data = form(world, facilitator_ids=[world.facilitator.id, world.liaison.id])
    response = post_form(client, new_url(world), data)
    assert response.status_code == 422
    assert 'id="facilitator_ids-error"' in response.get_data(as_text=True)
    assert count(DialogueSession) == 0


def test_participant_who_is_not_accepted_is_refused(app, world, make):
    from dialogues.core.errors import ValidationFailed
    from dialogues.sessions.inputs import SessionInput
    from dialogues.sessions.operations import create_session
    from tests.sessions.conftest import at

    data = SessionInput(
        title="Side meeting",
        format="bilateral",
        starts_at=at(2, 9),
        ends_at=at(2, 10),
        participant_ids=(world.alice_reg.id, world.pending_reg.id),
    )
    with pytest.raises(ValidationFailed) as refused:
        create_session(world.programme, data)
    assert refused.value.fields == {
        "participant_ids": [
            f"Not an accepted participant of this programme: registration {world.pending_reg.id}."
        ]
    }


def test_outside_the_programme_dates_warns_but_schedules(client, world, login):
    login(world.coordinator)
    data = form(world, starts_at="2027-04-02T10:00", ends_at="2027-04-02T12:00")
    response = post_form(client, new_url(world), data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "falls outside the programme&#39;s dates (2027-03-01 to 2027-03-31" in page
    assert count(DialogueSession) == 1


def test_moving_keeps_history_bumps_sequence_and_tells_the_invited(
    client, world, login, plan, outbox
):
    dialogue_session = plan(venue="Room A")
    login(world.coordinator)
    url = f"/sessions/{dialogue_session.id}/edit"
    page = client.get(url).get_data(as_text=True)
    assert 'value="2027-03-02T10:00"' in page  # 09:00 UTC shown in the programme's zone
    data = form(
        world,
        title="Plenary",
        starts_at="2027-03-03T14:00",
        ends_at="2027-03-03T15:30",
        venue="Room B",
        invite_all=None,
        participant_ids=[world.alice_reg.id, world.bo_reg.id],
        agenda="",
    )
    assert post_form(client, url, data).status_code == 302
    moved = fresh(dialogue_session)
    assert moved.starts_at.isoformat() == "2027-03-03T13:00:00+00:00"
    assert moved.venue == "Room B"
    assert moved.sequence == 1
    [change] = dialogue_session_changes(moved)
    assert change.kind.value == "moved"
    assert change.previous_starts_at.isoformat() == "2027-03-02T09:00:00+00:00"
    assert change.previous_venue == "Room A"
    assert change.actor_id == world.coordinator.id
    messages = outbox()
    assert sorted(m["Subject"] for m in messages) == ["Moved: Plenary", "Moved: Plenary"]
    to_alice = next(m for m in messages if m["To"] == world.alice.email)
    body = to_alice.get_body(("plain",)).get_content()
    now, before = body.split("Before the change:")
    assert "2027-03-03 21:00–22:30 CST (Asia/Shanghai)" in now
    assert "Where: Room B" in now
    assert "2027-03-02 17:00–19:00 CST (Asia/Shanghai)" in before
    assert "2027-03-02 10:00–12:00 CET (Europe/Zurich)" in before
    assert "Where: Room A" in before
    shown = client.get(f"/sessions/{dialogue_session.id}").get_data(as_text=True)
    assert "was 2027-03-02 10:00–12:00 CET (Europe/Zurich), <bdi>Room A</bdi>" in shown


def test_changing_invitations_tells_those_added_and_removed(client, world, login, plan, outbox):
    dialogue_session = plan(invite=[world.alice_reg])
    login(world.coordinator)
    url = f"/sessions/{dialogue_session.id}/edit"
    data = form(
        world,
        title="Plenary",
        starts_at="2027-03-02T10:00",
        ends_at="2027-03-02T12:00",
        venue="",
        agenda="",
        invite_all=None,
        participant_ids=[world.bo_reg.id],
    )
    assert post_form(client, url, data, page=url).status_code == 302
    assert [a.registration_id for a in fresh(dialogue_session).attendances] == [world.bo_reg.id]
    subjects = {m["To"]: m["Subject"] for m in outbox()}
    assert subjects == {
        world.alice.email: "No longer invited: Plenary",
        world.bo.email: "Invitation: Plenary",
    }


def test_cancelling_keeps_the_session_and_tells_the_invited(client, world, login, plan, outbox):
    dialogue_session = plan()
    login(world.coordinator)
    url = f"/sessions/{dialogue_session.id}"
    response = post_form(client, f"{url}/cancel", {}, page=url)
    assert response.status_code == 302
    cancelled = fresh(dialogue_session)
    assert cancelled.is_cancelled
    assert cancelled.sequence == 1
    assert [c.kind.value for c in dialogue_session_changes(cancelled)] == ["cancelled"]
    assert sorted(m["Subject"] for m in outbox()) == ["Cancelled: Plenary"] * 2
    assert "This session was cancelled" in client.get(url).get_data(as_text=True)
    assert client.get(f"{url}/edit").status_code == 409
    again = post_form(
        client, f"{url}/cancel", {}, page=f"/programmes/{world.programme.slug}/sessions"
    )
    assert again.status_code == 409


def fresh_only_session() -> DialogueSession:
    from dialogues.extensions import db

    db.session.rollback()
    [dialogue_session] = db.session.query(DialogueSession).all()
    return dialogue_session


def dialogue_session_changes(dialogue_session) -> list[SessionChange]:
    from dialogues.extensions import db

    return (
        db.session.query(SessionChange)
        .filter_by(session_id=dialogue_session.id)
        .order_by(SessionChange.id)
        .all()
    )


def test_participants_no_longer_accepted_hear_nothing_more(client, world, bearer, plan, outbox):
    """Bo withdrew after he was invited: neither the session's new time, place and link nor
    its cancellation reach him; Alice, still accepted, hears of both."""
    dialogue_session = plan(title="Closed bilateral")
    world.bo_reg.status = RegistrationStatus.WITHDRAWN
    db.session.commit()
    url, headers = f"/api/v1/sessions/{dialogue_session.id}", bearer(world.coordinator)
    moved = {
        "starts_at": "2027-03-03T09:00:00Z",
        "ends_at": "2027-03-03T10:00:00Z",
        "venue": "Room 7, annex",
        "online_url": "https://meet.example.org/room-7",
    }
    assert client.patch(url, json=moved, headers=headers).status_code == 200
    assert client.delete(url, headers=headers).status_code in {200, 204}
    messages = outbox()
    assert {m["To"] for m in messages} == {world.alice.email}
    assert sorted(m["Subject"] for m in messages) == [
        "Cancelled: Closed bilateral",
        "Moved: Closed bilateral",
    ]
    assert not any("Room 7" in m.as_string() and m["To"] == world.bo.email for m in messages)
