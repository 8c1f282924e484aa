"""Attendance: who may set what, when; totals per side for the session and the programme."""

import re

import pytest

from dialogues.sessions.attendance import programme_attendance
from tests.conftest import post_form
from tests.sessions.conftest import at, fresh, past

FUTURE = {"starts_at": at(2, 9), "ends_at": at(2, 11)}


def started():
    return {"starts_at": past(1), "ends_at": past(-1)}


def put(client, bearer, user, dialogue_session, registration, status):
    url = f"/api/v1/sessions/{dialogue_session.id}/attendance/{registration.id}"
    return client.put(url, json={"status": status}, headers=bearer(user))


# (who, whose registration, status, expected) for a session that has not started yet.
BEFORE = [
    ("alice", "alice_reg", "confirmed", 200),
    ("alice", "alice_reg", "declined", 200),
    ("alice", "alice_reg", "attended", 403),
    ("alice", "alice_reg", "invited", 403),
    ("alice", "bo_reg", "confirmed", 403),
    ("bo", "alice_reg", "declined", 403),
    ("liaison", "alice_reg", "confirmed", 403),
    ("pending", "alice_reg", "confirmed", 403),
    ("outsider", "alice_reg", "confirmed", 403),
    ("other_facilitator", "alice_reg", "confirmed", 403),
    ("facilitator", "alice_reg", "confirmed", 200),
    ("facilitator", "alice_reg", "attended", 422),  # not started yet
    ("coordinator", "bo_reg", "declined", 200),
    ("admin", "bo_reg", "confirmed", 200),
]
# ... and for a session under way.
DURING = [
    ("facilitator", "alice_reg", "attended", 200),
    ("facilitator", "bo_reg", "absent", 200),
    ("coordinator", "alice_reg", "absent", 200),
    ("other_facilitator", "alice_reg", "attended", 403),
    ("alice", "alice_reg", "attended", 403),
    ("alice", "alice_reg", "confirmed", 200),
]


@pytest.mark.parametrize(("who", "whose", "status", "expected"), BEFORE)
def test_before_the_session(client, world, bearer, plan, who, whose, status, expected):
    dialogue_session = plan(**FUTURE)
    registration = getattr(world, whose)
    response = put(client, bearer, getattr(world, who), dialogue_session, registration, status)
    assert response.status_code == expected, response.json
    stored = {a.registration_id: a.status.value for a in fresh(dialogue_session).attendances}
    assert stored[registration.id] == (status if expected == 200 else "invited")
    if expected == 200:
        assert response.json == {
            "session_id": dialogue_session.id,
            "registration_id": registration.id,
            "side_id": registration.side_id,
            "status": status,
        }


@pytest.mark.parametrize(("who", "whose", "status", "expected"), DURING)
def test_during_the_session(client, world, bearer, plan, who, whose, status, expected):
    dialogue_session = plan(**started())
    registration = getattr(world, whose)
    response = put(client, bearer, getattr(world, who), dialogue_session, registration, status)
    assert response.status_code == expected, response.json


def test_a_participant_cannot_change_what_was_recorded(client, world, bearer, plan):
    dialogue_session = plan(**started(), statuses={world.alice_reg.id: "attended"})
    response = put(client, bearer, world.alice, dialogue_session, world.alice_reg, "declined")
    assert response.status_code == 409
    assert "already recorded" in response.json["error"]["message"]


def test_nor_answer_once_the_session_is_over(client, world, bearer, plan):
    dialogue_session = plan(starts_at=past(5), ends_at=past(3))
    response = put(client, bearer, world.alice, dialogue_session, world.alice_reg, "confirmed")
    assert response.status_code == 409


def test_cancelled_sessions_take_no_attendance(client, world, bearer, plan):
    dialogue_session = plan(**FUTURE, cancelled_at=at(1, 9))
    response = put(
        client, bearer, world.coordinator, dialogue_session, world.alice_reg, "confirmed"
    )
    assert response.status_code == 409


def test_walk_ins_and_strangers(client, world, bearer, plan, make):
    other = make.programme()
    stranger = make.registration(other, other.sides[0], status="accepted")
    dialogue_session = plan(**started(), invite=[world.alice_reg])
    # Bo was not invited but came: staff may record it; Bo may not invite himself.
    assert (
        put(client, bearer, world.bo, dialogue_session, world.bo_reg, "confirmed").status_code
        == 403
    )
    response = put(client, bearer, world.facilitator, dialogue_session, world.bo_reg, "attended")
    assert response.status_code == 200
    refused = put(
        client, bearer, world.facilitator, dialogue_session, world.pending_reg, "attended"
    )
    assert refused.status_code == 422
    assert "registration_id" in refused.json["error"]["fields"]
    assert (
        put(client, bearer, world.coordinator, dialogue_session, stranger, "attended").status_code
        == 404
    )
    wrong = put(client, bearer, world.coordinator, dialogue_session, world.alice_reg, "asleep")
    assert wrong.status_code == 422


def test_participant_answers_on_the_page(client, world, login, plan):
    dialogue_session = plan(**FUTURE)
    login(world.alice)
    url = f"/sessions/{dialogue_session.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Your invitation" in page
    assert "Attendance</h2>" not in page  # the staff table is not for participants
    response = post_form(client, f"{url}/answer", {"status": "declined"}, page=url)
    assert response.status_code == 302
    attendance = fresh(dialogue_session).attendances
    assert {a.registration_id: a.status.value for a in attendance}[world.alice_reg.id] == "declined"
    schedule = post_form(
        client, f"{url}/answer", {"status": "confirmed", "back": "schedule"}, page="/schedule"
    )
    assert schedule.headers["Location"] == "/schedule"


def test_facilitator_records_everyone_on_the_page(client, world, login, plan):
    dialogue_session = plan(**started())
    login(world.facilitator)
    url = f"/sessions/{dialogue_session.id}"
    data = {f"status-{world.alice_reg.id}": "attended", f"status-{world.bo_reg.id}": "absent"}
    assert post_form(client, f"{url}/attendance", data, page=url).status_code == 302
    compact = re.sub(r"\s+", "", client.get(url).get_data(as_text=True))
    # Side, invited, confirmed (or attended), declined, attended, absent.
    assert (
        "<bdi>UnitedStates</bdi></th><td>1</td><td>1</td><td>0</td><td>1</td><td>0</td>" in compact
    )
    assert "<bdi>China</bdi></th><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>" in compact


def test_other_facilitators_cannot_record_on_the_page(client, world, login, plan):
    dialogue_session = plan(**started())
    login(world.other_facilitator)
    url = f"/sessions/{dialogue_session.id}"
    data = {f"status-{world.alice_reg.id}": "attended"}
    assert post_form(client, f"{url}/attendance", data, page=url).status_code == 403


def test_programme_totals_per_side(app_context, world, plan):
    plan(**started(), statuses={world.alice_reg.id: "attended", world.bo_reg.id: "absent"})
    plan(**FUTURE, statuses={world.alice_reg.id: "confirmed"})
    plan(starts_at=at(3, 9), cancelled_at=at(1, 9))  # cancelled: not counted
    totals = programme_attendance(world.programme)
    us, cn = totals.sides
    assert (us.name, us.invited, us.confirmed, us.count("attended")) == ("United States", 2, 2, 1)
    assert (cn.name, cn.invited, cn.confirmed, cn.count("absent")) == ("China", 2, 0, 1)
    assert totals.confirmed_parity == 0.0
    assert totals.is_lopsided
