"""Who may open what: every page and API endpoint of sessions, per role (403 tables)."""

import pytest

from tests.conftest import post_form
from tests.sessions.conftest import at

ROLES = [
    "coordinator",
    "facilitator",
    "other_facilitator",
    "alice",
    "liaison",
    "pending",
    "outsider",
    "admin",
]
MEMBERS = {"coordinator", "facilitator", "other_facilitator", "alice", "admin"}
MANAGERS = {"coordinator", "admin"}
NOTE_WRITERS = {"coordinator", "facilitator", "admin"}  # the session's own facilitator


@pytest.fixture
def session_(plan):
    return plan(starts_at=at(2, 9))


def page_cases(slug, sid):
    return [
        (f"/programmes/{slug}/sessions", MEMBERS),
        (f"/programmes/{slug}/sessions/timeline", MEMBERS),
        (f"/programmes/{slug}/sessions.ics", MEMBERS),
        (f"/programmes/{slug}/calendar", MEMBERS),
        (f"/programmes/{slug}/sessions/new", MANAGERS),
        (f"/sessions/{sid}", MEMBERS),
        (f"/sessions/{sid}.ics", MEMBERS),
        (f"/sessions/{sid}/edit", MANAGERS),
        (f"/sessions/{sid}/notes/new", NOTE_WRITERS),
        ("/schedule", set(ROLES)),
        ("/schedule/calendar", set(ROLES)),
    ]


@pytest.mark.parametrize("who", ROLES)
def test_pages_per_role(client, world, login, session_, who):
    login(getattr(world, who))
    for url, allowed in page_cases(world.programme.slug, session_.id):
        expected = 200 if who in allowed else 403
        assert client.get(url).status_code == expected, (url, who)


@pytest.mark.parametrize("who", ROLES)
def test_writing_pages_per_role(client, world, login, session_, who):
    login(getattr(world, who))
    url = f"/sessions/{session_.id}"
    page = "/schedule"  # a page every signed-in person can open, for the CSRF token
    cancel = post_form(client, f"{url}/cancel", {}, page=page)
    assert cancel.status_code == (302 if who in MANAGERS else 403), who
    answer = post_form(client, f"{url}/answer", {"status": "confirmed"}, page=page)
    assert answer.status_code == (302 if who == "alice" else 403), who  # only the invited


def test_signed_out_visitors_are_sent_to_sign_in(client, world, session_):
    for url, _allowed in page_cases(world.programme.slug, session_.id):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login" in response.headers["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/sessions/999999",
        "/sessions/0",
        "/sessions/abc",
        "/sessions/99999999999999999999",
        "/programmes/no-such-programme/sessions",
        "/sessions/999999.ics",
    ],
)
def test_unknown_things_are_not_found(client, world, login, url):
    login(world.coordinator)
    assert client.get(url).status_code == 404


def api_cases(pid, sid, rid):
    create = {
        "title": "New",
        "format": "social",
        "starts_at": "2027-03-09T09:00:00Z",
        "ends_at": "2027-03-09T10:00:00Z",
        "participant_ids": [],
    }
    return [
        ("get", f"/api/v1/programmes/{pid}/sessions", None, MEMBERS, 200),
        ("get", f"/api/v1/sessions/{sid}", None, MEMBERS, 200),
        ("get", f"/api/v1/programmes/{pid}/sessions.ics", None, MEMBERS, 200),
        ("post", f"/api/v1/programmes/{pid}/sessions", create, MANAGERS, 201),
        ("patch", f"/api/v1/sessions/{sid}", {"title": "Renamed"}, MANAGERS, 200),
        (
            "put",
            f"/api/v1/sessions/{sid}/attendance/{rid}",
            {"status": "confirmed"},
            MANAGERS | {"facilitator", "alice"},
            200,
        ),
        ("delete", f"/api/v1/sessions/{sid}", None, MANAGERS, 200),
    ]


@pytest.mark.parametrize("who", ROLES)
def test_api_per_role(client, world, bearer, plan, who):
    headers = bearer(getattr(world, who))
    for method, url, body, allowed, success in api_cases(
        world.programme.id, plan(starts_at=at(2, 9)).id, world.alice_reg.id
    ):
        response = getattr(client, method)(url, json=body, headers=headers)
        expected = success if who in allowed else 403
        assert response.status_code == expected, (method, url, who, response.get_data(as_text=True))


def test_api_needs_a_token(client, world, session_):
    pid, sid, rid = world.programme.id, session_.id, world.alice_reg.id
    for method, url, body, _allowed, _success in api_cases(pid, sid, rid):
        response = getattr(client, method)(url, json=body)
        assert response.status_code == 401, (method, url)
        assert response.json["error"]["code"] == "unauthorized"


def test_api_unknown_ids(client, world, bearer, session_):
    headers = bearer(world.coordinator)
    assert client.get("/api/v1/sessions/424242", headers=headers).status_code == 404
    assert client.get("/api/v1/sessions/1x", headers=headers).status_code == 404
    url = f"/api/v1/sessions/{session_.id}/attendance/424242"
    assert client.put(url, json={"status": "confirmed"}, headers=headers).status_code == 404


def test_participants_never_see_who_else_is_invited(client, world, bearer, session_):
    answer = client.get(f"/api/v1/sessions/{session_.id}", headers=bearer(world.alice)).json
    assert "invited_registration_ids" not in answer
    assert "attendance_by_side" not in answer
    assert answer["my_attendance"]["registration_id"] == world.alice_reg.id
    staff = client.get(f"/api/v1/sessions/{session_.id}", headers=bearer(world.facilitator)).json
    assert staff["invited_registration_ids"] == sorted([world.alice_reg.id, world.bo_reg.id])
    assert "my_attendance" not in staff
