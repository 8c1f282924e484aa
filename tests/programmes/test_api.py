"""The programmes API: happy paths and every refusal (401, 403, 404, 409, 422)."""

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, Side, StaffInvitation
from tests.programmes.conftest import ROLES, audit_actions, programme_data, read_outbox

API = "/api/v1"
MANAGERS = {"coordinator", "administrator"}


def count(model) -> int:
    db.session.rollback()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_create_a_programme(client, make, bearer):
    admin = make.user(is_admin=True)
    response = client.post(
        f"{API}/programmes",
        json=programme_data(title="مستقبل القطب الشمالي"),
        headers=bearer(admin),
    )
    assert response.status_code == 201, response.json
    body = response.json
    assert body["title"] == "مستقبل القطب الشمالي"
    assert body["slug"] == "mstqbl-lqtb-lshmly"
    assert (body["kind"], body["status"], body["confidentiality"]) == (
        "dialogue_series", "draft", "chatham_house"
    )  # fmt: skip
    assert (body["starts_on"], body["ends_on"], body["timezone"]) == (
        "2027-05-01", "2027-05-20", "Europe/Oslo"
    )  # fmt: skip
    assert body["registration_open"] is False
    assert [(s["name"], s["countries"], s["capacity"]) for s in body["sides"]] == [
        ("Russia", ["RU"], 8),
        ("Nordic states", ["NO", "SE", "FI", "DK", "IS"], 8),
    ]
    assert all(isinstance(side["id"], int) for side in body["sides"])
    membership = db.session.scalar(sa.select(Membership))
    assert (membership.user_id, membership.role) == (admin.id, "coordinator")
    assert audit_actions(body["id"]) == ["programme.create"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "Enter a title."),
        ({"title": None}, "title", "Field may not be null."),
        ({"ends_on": "2027-04-01"}, "ends_on", "The end date is before the start date."),
        ({"starts_on": "next week"}, "starts_on", "Not a valid date."),
        ({"timezone": "Moon/Base"}, "timezone", "Give an IANA time zone name, e.g. Asia/Shanghai."),
        ({"kind": "summit"}, "kind", None),
        (
            {"sides": [{"name": "Only", "countries": ["US"]}]},
            "sides",
            "A programme needs at least two sides.",
        ),
        (
            {"sides": [{"name": "A", "countries": ["XX"]}, {"name": "B", "countries": ["CN"]}]},
            "sides.0.countries.0",
            '"XX" is not an ISO 3166-1 alpha-2 country code.',
        ),
        (
            {
                "sides": [
                    {"name": "A", "countries": ["US"], "capacity": -1},
                    {"name": "B", "countries": ["CN"]},
                ]
            },
            "sides.0.capacity",
            "Give a number of places from 0 to 100000.",
        ),
        (
            {
                "sides": [
                    {"name": "A", "countries": ["US"]},
                    {"name": "B", "countries": ["CN"], "capacity": 2**31},
                ]
            },
            "sides.1.capacity",
            "Give a number of places from 0 to 100000.",
        ),
        (
            {"sides": [{"name": "A", "countries": []}, {"name": "B", "countries": ["CN"]}]},
            "sides.0.countries",
            "Choose at least one country.",
        ),
        (
            {"sides": [{"name": "A", "countries": ["US"]}, {"name": "a", "countries": ["CN"]}]},
            "sides.1.name",
            "Another side already has this name.",
        ),
        ({"colour": "red"}, "colour", "Unknown field."),
    ],
)
def test_create_refuses_bad_input_with_named_fields(client, make, bearer, changes, field, message):
    data = programme_data(**changes)
    response = client.post(f"{API}/programmes", json=data, headers=bearer(make.user(is_admin=True)))
    assert response.status_code == 422, response.json
    assert response.json["error"]["code"] == "validation_error"
    fields = response.json["error"]["fields"]
    assert field in fields, fields
    if message:
        assert message in fields[field]
    assert count(Programme) == 0


def test_a_missing_field_is_named(client, make, bearer):
    data = programme_data()
    del data["timezone"], data["sides"]
    response = client.post(f"{API}/programmes", json=data, headers=bearer(make.user(is_admin=True)))
    assert response.status_code == 422
    assert response.json["error"]["fields"] == {
        "timezone": ["Choose the home time zone."],
        "sides": ["A programme needs at least two sides."],
    }


@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_create_programmes(client, cast, bearer, role):
    response = client.post(
        f"{API}/programmes", json=programme_data(), headers=bearer(cast.people[role])
    )
    assert response.status_code == {"anonymous": 401, "administrator": 201}.get(role, 403)


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_the_programme(client, cast, bearer, role):
    programme = cast.programme
    headers = bearer(cast.people[role])
    response = client.get(f"{API}/programmes/{programme.id}", headers=headers)
    listed = client.get(f"{API}/programmes", headers=headers)
    if role == "anonymous":
        assert (response.status_code, listed.status_code) == (401, 401)
        return
    visible = role != "other_coordinator"
    assert response.status_code == (200 if visible else 403)  # as the pages answer outsiders
    ids = [item["id"] for item in listed.json["items"]]
    assert (programme.id in ids) == visible
    if role == "administrator":
        assert listed.json["total"] == 2
    if visible:
        assert response.json["sides"][0] == {
            "id": programme.sides[0].id,
            "name": "United States",
            "slug": "united-states",
            "countries": ["US"],
            "capacity": 10,
        }


def test_list_filters_by_status_and_pages(client, make, bearer):
    for status in ("draft", "running", "running"):
        make.programme(status=status)
    headers = bearer(make.user(is_admin=True))
    response = client.get(f"{API}/programmes?status=running&per_page=1", headers=headers)
    assert (response.json["total"], len(response.json["items"]), response.json["per_page"]) == (
        2,
        1,
        1,
    )
    past = client.get(f"{API}/programmes?status=running&per_page=1&page=3", headers=headers).json
    assert (past["items"], past["total"], past["page"]) == ([], 2, 3)
    assert client.get(f"{API}/programmes?status=nonsense", headers=headers).status_code == 422


def test_update_fields_status_and_sides(client, make, bearer):
    programme = make.programme(status="draft", registration_open=False)
    us, cn = programme.sides
    admin = make.user(is_admin=True)
    body = {
        "title": "Renamed",
        "status": "registration_open",
        "sides": [{"id": us.id, "capacity": 15}, {"name": "Japan", "countries": ["JP"]}],
    }
    response = client.patch(f"{API}/programmes/{programme.id}", json=body, headers=bearer(admin))
    assert response.status_code == 200, response.json
    assert (response.json["title"], response.json["status"]) == ("Renamed", "registration_open")
    assert response.json["registration_open"] is True
    assert [(s["name"], s["capacity"]) for s in response.json["sides"]] == [
        ("United States", 15), ("China", 10), ("Japan", None)
    ]  # fmt: skip
    assert audit_actions(programme.id) == ["side.update", "side.create", "programme.update"]


def test_update_refuses_bad_input(client, make, bearer):
    programme = make.programme(status="draft")
    headers = bearer(make.user(is_admin=True))
    for body, field in [
        ({"status": "archived", "ends_on": "2020-01-01"}, "ends_on"),
        ({"status": "concluded"}, "status"),
        ({"sides": [{"id": 999999, "name": "X"}]}, "sides.0.id"),
        ({"sides": [{"name": "No countries"}]}, "sides.0.countries"),
        ({"parity_threshold": 3}, "parity_threshold"),
    ]:
        response = client.patch(f"{API}/programmes/{programme.id}", json=body, headers=headers)
        assert response.status_code == 422, body
        assert field in response.json["error"]["fields"], response.json
    db.session.rollback()
    db.session.refresh(programme)
    assert (programme.status, len(programme.sides)) == ("draft", 2)


def test_lowering_capacity_below_accepted_is_a_conflict(client, make, bearer):
    programme = make.programme()
    us = programme.sides[0]
    for _ in range(3):
        make.registration(programme, us, status="accepted")
    body = {"title": "Also not saved", "sides": [{"id": us.id, "capacity": 2}]}
    response = client.patch(
        f"{API}/programmes/{programme.id}", json=body, headers=bearer(make.user(is_admin=True))
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"
    assert "3 accepted participants" in response.json["error"]["message"]
    db.session.rollback()
    db.session.refresh(programme)
    assert (programme.title, programme.sides[0].capacity) != ("Also not saved", 2)
    assert programme.sides[0].capacity == 10


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_a_programme(client, cast, bearer, role):
    programme = cast.programme
    response = client.patch(
        f"{API}/programmes/{programme.id}",
        json={"title": "Changed"},
        headers=bearer(cast.people[role]),
    )
    expected = {
        "anonymous": 401,
        "other_coordinator": 403,
        "coordinator": 200,
        "administrator": 200,
    }
    assert response.status_code == expected.get(role, 403)


def test_delete_a_side(client, make, bearer):
    programme = make.programme(sides=(("A", ["US"]), ("B", ["CN"]), ("C", ["JP"])))
    other = make.programme()
    a, _b, c = programme.sides
    make.registration(programme, a, status="withdrawn")
    headers = bearer(make.user(is_admin=True))
    response = client.delete(f"{API}/programmes/{programme.id}/sides/{a.id}", headers=headers)
    assert response.status_code == 409
    assert "registrations (1)" in response.json["error"]["message"]
    response = client.delete(f"{API}/programmes/{programme.id}/sides/{c.id}", headers=headers)
    assert response.status_code == 204
    assert count(Side) == 4  # two left here, two in the other programme
    response = client.delete(f"{API}/programmes/{programme.id}/sides/{c.id}", headers=headers)
    assert response.status_code == 404
    response = client.delete(
        f"{API}/programmes/{programme.id}/sides/{other.sides[0].id}", headers=headers
    )
    assert response.status_code == 404
    assert (
        client.delete(
            f"{API}/programmes/{programme.id}/sides/99999999999999999999", headers=headers
        ).status_code
        == 404
    )


@pytest.mark.parametrize("role", ROLES)
def test_who_may_delete_a_side(client, cast, bearer, role):
    programme = cast.programme
    side = Side(name="Japan", slug="japan", countries=["JP"])
    programme.sides.append(side)
    db.session.commit()
    response = client.delete(
        f"{API}/programmes/{programme.id}/sides/{side.id}", headers=bearer(cast.people[role])
    )
    expected = {
        "anonymous": 401,
        "other_coordinator": 403,
        "coordinator": 204,
        "administrator": 204,
    }
    assert response.status_code == expected.get(role, 403)


def test_add_members(client, app, make, bearer):
    programme = make.programme(title="Maritime dialogue")
    known = make.user(email="known@example.org")
    headers = bearer(make.user(is_admin=True))
    url = f"{API}/programmes/{programme.id}/members"
    response = client.post(
        url, json={"email": "known@example.org", "role": "facilitator"}, headers=headers
    )
    assert response.status_code == 201, response.json
    assert response.json == {
        "id": response.json["id"], "user_id": known.id, "email": "known@example.org",
        "name": known.name, "role": "facilitator", "side_id": None, "invited": False,
    }  # fmt: skip
    cn = programme.sides[1]
    body = {"email": "New@Example.org", "name": "王芳", "role": "liaison", "side_id": cn.id}
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.json
    assert (response.json["email"], response.json["name"], response.json["side_id"]) == (
        "new@example.org",
        "王芳",
        cn.id,
    )
    assert response.json["invited"] is True
    assert count(StaffInvitation) == 1
    assert "/invitations/" in read_outbox(app)[-1].get_content()
    listed = client.get(url, headers=headers).json
    assert [member["email"] for member in listed] == ["known@example.org", "new@example.org"]


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"email": "x@example.org", "role": "liaison"}, 422, "side_id"),
        ({"email": "x@example.org", "role": "observer"}, 422, "role"),
        ({"email": "not an email", "role": "facilitator"}, 422, "email"),
        ({"role": "facilitator"}, 422, "email"),
        ({"email": "x@example.org", "role": "facilitator", "side_id": 0}, 422, "side_id"),
        ({"email": "dup@example.org", "role": "facilitator"}, 409, None),
    ],
)
def test_add_member_refusals(client, make, bearer, body, status, field):
    programme = make.programme()
    make.member(programme, make.user(email="dup@example.org"), "facilitator")
    url = f"{API}/programmes/{programme.id}/members"
    response = client.post(url, json=body, headers=bearer(make.user(is_admin=True)))
    assert response.status_code == status, response.json
    if field:
        assert field in response.json["error"]["fields"]
    assert count(Membership) == 1


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_members(client, cast, bearer, role):
    url = f"{API}/programmes/{cast.programme.id}/members"
    body = {"email": "newcomer@example.org", "role": "facilitator"}
    response = client.post(url, json=body, headers=bearer(cast.people[role]))
    expected = {
        "anonymous": 401,
        "other_coordinator": 403,
        "coordinator": 201,
        "administrator": 201,
    }
    assert response.status_code == expected.get(role, 403)


def test_remove_a_member(client, make, bearer):
    programme = make.programme()
    only = make.member(programme, make.user(), "coordinator")
    facilitator = make.member(programme, make.user(), "facilitator")
    headers = bearer(make.user(is_admin=True))
    url = f"{API}/programmes/{programme.id}/members"
    assert client.delete(f"{url}/{facilitator.id}", headers=headers).status_code == 204
    response = client.delete(f"{url}/{only.id}", headers=headers)
    assert response.status_code == 409
    assert client.delete(f"{url}/{facilitator.id}", headers=headers).status_code == 404


def test_malformed_requests(client, make, bearer):
    programme = make.programme()
    headers = bearer(make.user(is_admin=True))
    url = f"{API}/programmes/{programme.id}"
    response = client.patch(
        url, data="{not json", headers={**headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert client.get(f"{API}/programmes/abc", headers=headers).status_code == 404
    assert client.get(f"{API}/programmes/{2**64}", headers=headers).status_code == 404
    assert client.get(f"{API}/programmes/424242", headers=headers).status_code == 404
    assert client.put(url, json={}, headers=headers).status_code == 405
