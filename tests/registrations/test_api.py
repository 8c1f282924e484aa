"""The registrations API: the contract of API.md, and the same rules as the pages."""

import pytest

from dialogues.extensions import db
from dialogues.registrations.models import Registration
from dialogues.registrations.schemas import RegistrationSchema
from tests.factories import DEFAULT_PASSWORD
from tests.registrations.conftest import NAMES, registration_data, reload


def _register(client, programme, headers=None, **overrides):
    body = registration_data(programme.sides[0], **overrides)
    body = {key: value for key, value in body.items() if value is not None}
    return client.post(
        f"/api/v1/programmes/{programme.id}/registrations", json=body, headers=headers or {}
    )


@pytest.mark.parametrize("name", NAMES)
def test_anyone_registers_and_any_script_survives(client, make, outbox, name):
    programme = make.programme()
    response = _register(client, programme, name=name, affiliation=f"{name} 研究所")
    assert response.status_code == 201, response.json
    body = response.json
    assert body["status"] == "pending"
    assert body["side_id"] == programme.sides[0].id
    assert body["name"] == name
    assert body["affiliation"] == f"{name} 研究所"
    assert body["languages"] == ["en", "zh"]
    assert body["created_at"].endswith("Z")
    assert "password" not in body
    assert len(outbox()) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"consent_data_processing": False}, "consent_data_processing"),
        ({"accepts_confidentiality_rule": False}, "accepts_confidentiality_rule"),
        ({"accepts_confidentiality_rule": None}, "accepts_confidentiality_rule"),
        ({"email": "nobody@@example.org"}, "email"),
        ({"nationality": "XX"}, "nationality"),
        ({"role": "spy"}, "role"),
        ({"languages": "en"}, "languages"),
        ({"side_id": 0}, "side_id"),
        ({"side_id": "one"}, "side_id"),
        ({"password": "short"}, "password"),
        ({"shoe_size": 42}, "shoe_size"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, make, overrides, field):
    programme = make.programme()
    response = _register(client, programme, **overrides)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert field in response.json["error"]["fields"]
    assert db.session.query(Registration).count() == 0


def test_a_side_of_another_programme_is_a_422(client, make):
    programme, other = make.programme(), make.programme()
    response = _register(client, programme, side_id=other.sides[0].id)
    assert response.status_code == 422
    assert "side_id" in response.json["error"]["fields"]


def test_one_registration_per_person(client, make):
    programme = make.programme()
    assert _register(client, programme).status_code == 201
    again = _register(client, programme, password="correct horse battery staple")
    assert again.status_code == 409
    assert again.json["error"]["code"] == "conflict"


def test_an_existing_account_joins_with_its_password(client, make):
    programme = make.programme()
    user = make.user("王小明", email="wang@example.org")
    response = _register(client, programme, email="wang@example.org", password=DEFAULT_PASSWORD)
    assert response.status_code == 201
    assert (response.json["user_id"], response.json["name"]) == (user.id, "王小明")


def test_an_existing_account_with_another_password_is_a_409(client, make):
    programme = make.programme()
    make.user(email="wang@example.org")
    response = _register(client, programme, email="wang@example.org", password="guess " * 3)
    assert response.status_code == 409
    assert "Sign in instead" in response.json["error"]["message"]


def test_a_token_holder_registers_their_own_account(client, make, bearer):
    programme = make.programme()
    user = make.user("فاطمة الزهراء")
    response = _register(client, programme, bearer(user), email=None, password=None, name=None)
    assert response.status_code == 201
    assert response.json["user_id"] == user.id


@pytest.mark.parametrize(
    "fields", [{"registration_open": False}, {"status": "concluded"}, {"status": "archived"}]
)
def test_closed_registration_is_403(client, make, fields):
    programme = make.programme(**fields)
    response = _register(client, programme)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


@pytest.mark.parametrize("programme_id", ["999999", "abc", str(2**64)])
def test_an_unknown_programme_is_404(client, make, programme_id):
    body = registration_data(make.programme().sides[0])
    response = client.post(f"/api/v1/programmes/{programme_id}/registrations", json=body)
    assert response.status_code == 404


@pytest.fixture
def coordinator_headers(make, bearer):
    def headers_for(programme):
        user = make.user()
        make.member(programme, user, "coordinator")
        return bearer(user)

    return headers_for


def test_the_list_filters_by_status_and_pages(client, make, coordinator_headers):
    programme = make.programme()
    us, cn = programme.sides
    for status in ("pending", "pending", "accepted", "waitlisted"):
        make.registration(programme, us, status=status)
    make.registration(programme, cn, make.user("王小明"))
    headers = coordinator_headers(programme)
    url = f"/api/v1/programmes/{programme.id}/registrations"
    everything = client.get(url, headers=headers).json
    assert everything["total"] == 5
    assert [item["status"] for item in everything["items"]][:4] == [
        "pending", "pending", "accepted", "waitlisted",
    ]  # fmt: skip
    pending = client.get(f"{url}?status=pending&per_page=2&page=2", headers=headers).json
    assert (pending["total"], pending["page"], pending["per_page"]) == (3, 2, 2)
    assert [item["name"] for item in pending["items"]] == ["王小明"]
    past = client.get(f"{url}?status=pending&per_page=2&page=3", headers=headers).json
    assert (past["items"], past["total"], past["page"]) == ([], 3, 3)
    side = client.get(f"{url}?side_id={cn.id}", headers=headers).json
    assert side["total"] == 1
    assert client.get(f"{url}?status=nonsense", headers=headers).status_code == 422


def test_the_list_items_are_what_the_schema_dumps(client, make, coordinator_headers):
    programme = make.programme()
    us, cn = programme.sides
    make.registration(programme, us, make.user("王小明"), languages=["zh", "en"], access_needs="x")
    make.registration(programme, cn, status="accepted")
    erased = make.registration(programme, cn)
    erased.user_id = None
    db.session.commit()
    url = f"/api/v1/programmes/{programme.id}/registrations"
    items = client.get(url, headers=coordinator_headers(programme)).json["items"]
    db.session.expire_all()
    registrations = [db.session.get(Registration, item["id"]) for item in items]
    assert items == RegistrationSchema(many=True).dump(registrations)
    assert items[-1]["name"] is None


@pytest.mark.parametrize(("start", "to"), [
    ("pending", "accepted"), ("pending", "waitlisted"), ("pending", "declined"),
    ("waitlisted", "accepted"), ("accepted", "declined"), ("declined", "waitlisted"),
])  # fmt: skip
def test_patch_decides(client, make, coordinator_headers, outbox, start, to):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status=start)
    response = client.patch(
        f"/api/v1/registrations/{registration.id}",
        json={"status": to},
        headers=coordinator_headers(programme),
    )
    assert response.status_code == 200
    assert response.json["status"] == to
    assert response.json["decided_at"].endswith("Z")
    assert [message["To"] for message in outbox()] == [registration.user.email]


@pytest.mark.parametrize("status", ["pending", "withdrawn", "nonsense"])
def test_patch_refuses_what_is_not_a_decision(client, make, coordinator_headers, status):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0])
    url = f"/api/v1/registrations/{registration.id}"
    response = client.patch(url, json={"status": status}, headers=coordinator_headers(programme))
    assert response.status_code == 422
    assert "status" in response.json["error"]["fields"]


def test_patch_of_a_withdrawn_registration_is_a_409(client, make, coordinator_headers):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="withdrawn")
    url = f"/api/v1/registrations/{registration.id}"
    response = client.patch(
        url, json={"status": "accepted"}, headers=coordinator_headers(programme)
    )
    assert response.status_code == 409


def test_accepting_past_capacity_is_a_409_and_changes_nothing(client, make, coordinator_headers):
    programme = make.programme()
    side = programme.sides[0]
    side.capacity = 1
    db.session.commit()
    make.registration(programme, side, status="accepted")
    waiting = make.registration(programme, side, status="waitlisted")
    url = f"/api/v1/registrations/{waiting.id}"
    response = client.patch(
        url, json={"status": "accepted"}, headers=coordinator_headers(programme)
    )
    assert response.status_code == 409
    assert "no place left" in response.json["error"]["message"]
    assert str(reload(Registration, waiting.id).status) == "waitlisted"


def test_withdrawing_twice_is_a_409(client, make, bearer):
    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="accepted")
    headers = bearer(registration.user)
    url = f"/api/v1/registrations/{registration.id}/withdraw"
    first = client.post(url, headers=headers)
    assert (first.status_code, first.json["status"]) == (200, "withdrawn")
    assert client.post(url, headers=headers).status_code == 409


def test_the_balance(client, make, coordinator_headers):
    programme = make.programme()
    us, cn = programme.sides
    for status in ("accepted", "accepted", "accepted", "accepted", "pending", "waitlisted"):
        make.registration(programme, us, status=status)
    for status in ("accepted", "accepted", "declined", "withdrawn"):
        make.registration(programme, cn, status=status)
    url = f"/api/v1/programmes/{programme.id}/balance"
    body = client.get(url, headers=coordinator_headers(programme)).json
    assert body["parity"] == 0.5
    assert body["parity_threshold"] == 0.8
    assert body["sides"] == [
        {"side_id": us.id, "name": "United States", "capacity": 10, "pending": 1,
         "accepted": 4, "waitlisted": 1, "declined": 0, "withdrawn": 0},
        {"side_id": cn.id, "name": "China", "capacity": 10, "pending": 0,
         "accepted": 2, "waitlisted": 0, "declined": 1, "withdrawn": 1},
    ]  # fmt: skip


def test_the_openapi_document_describes_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path in (
        "/api/v1/programmes/{programme_id}/registrations",
        "/api/v1/registrations/{registration_id}",
        "/api/v1/registrations/{registration_id}/withdraw",
        "/api/v1/programmes/{programme_id}/balance",
    ):
        assert path in paths
