"""Who may see and do what: every role against every registration page and API endpoint.

Pages answer 403 to a signed-in person without the right and send anonymous visitors to sign
in; the API answers 401 without a token and 403 without the right. A coordinator of another
programme has no right here, and neither has a liaison or a facilitator.
"""

import pytest

from tests.conftest import post_form
from tests.registrations.conftest import reload

ROLES = (
    "anonymous", "participant_us", "participant_cn", "liaison", "facilitator",
    "other_coordinator", "outsider", "coordinator", "admin",
)  # fmt: skip
COORDINATING = {"coordinator", "admin"}


def _as(cast, role, login):
    if role != "anonymous":
        login(getattr(cast, role))


DESK_PAGES = [
    ("GET", "/programmes/{slug}/registrations"),
    ("GET", "/programmes/{slug}/registrations/import"),
    ("POST", "/programmes/{slug}/registrations/export"),
    ("POST", "/programmes/{slug}/registrations/decide"),
    ("POST", "/programmes/{slug}/registrations/import/confirm"),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), DESK_PAGES)
def test_desk_pages(client, cast, login, role, method, path):
    _as(cast, role, login)
    url = path.format(slug=cast.programme.slug)
    if method == "GET":
        response = client.get(url)
    else:
        page = "/account/data" if role != "anonymous" else "/login"
        response = post_form(client, url, {"status": "accepted", "content": "x"}, page=page)
    if role == "anonymous":
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login")
    elif role in COORDINATING:
        assert response.status_code in (200, 302, 422)  # allowed in; 422: "x" is no CSV
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_a_decision_by_anyone_but_a_coordinator_changes_nothing(client, make, cast, login, role):
    registration = make.registration(cast.programme, cast.us)
    _as(cast, role, login)
    url = f"/programmes/{cast.programme.slug}/registrations/decide"
    page = "/account/data" if role != "anonymous" else "/login"
    post_form(client, url, {"registration_ids": [registration.id], "status": "declined"}, page)
    expected = "declined" if role in COORDINATING else "pending"
    assert str(reload(type(registration), registration.id).status) == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_own_page_is_only_for_registrants(client, cast, login, role):
    _as(cast, role, login)
    response = client.get(f"/programmes/{cast.programme.slug}/my-registration")
    if role == "anonymous":
        assert response.status_code == 302
    elif role in ("participant_us", "participant_cn"):
        assert response.status_code == 200
        assert getattr(cast, role).name in response.get_data(as_text=True)
    else:
        assert response.status_code == 404  # there is no registration of theirs to show


def test_withdrawing_is_only_ever_ones_own(client, cast, login):
    """The withdraw page acts on the signed-in person's registration; no id to tamper with."""
    login(cast.participant_us)
    url = f"/programmes/{cast.programme.slug}/my-registration"
    post_form(client, f"{url}/withdraw", {}, page=url)
    registrations = {r.user_id: r for r in cast_registrations(cast)}
    assert str(registrations[cast.participant_us.id].status) == "withdrawn"
    assert str(registrations[cast.participant_cn.id].status) == "accepted"


def cast_registrations(cast):
    import sqlalchemy as sa

    from dialogues.extensions import db
    from dialogues.registrations.models import Registration

    db.session.rollback()
    db.session.expire_all()
    return db.session.scalars(
        sa.select(Registration).where(Registration.programme_id == cast.programme.id)
    ).all()


API_CALLS = [
    ("GET", "/api/v1/programmes/{programme}/registrations", None),
    ("GET", "/api/v1/programmes/{programme}/balance", None),
    ("PATCH", "/api/v1/registrations/{registration}", {"status": "declined"}),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body"), API_CALLS)
def test_coordinator_api(client, make, cast, bearer, role, method, path, body):
    registration = make.registration(cast.programme, cast.cn)
    url = path.format(programme=cast.programme.id, registration=registration.id)
    headers = bearer(getattr(cast, role)) if role != "anonymous" else {}
    response = client.open(url, method=method, json=body, headers=headers)
    if role == "anonymous":
        assert response.status_code == 401
    elif role in COORDINATING:
        assert response.status_code == 200
    else:
        assert response.status_code == 403
        assert response.json["error"]["code"] == "forbidden"
    expected = "declined" if method == "PATCH" and role in COORDINATING else "pending"
    assert str(reload(type(registration), registration.id).status) == expected


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_and_read_through_the_api(client, cast, bearer, role):
    own = {r.user_id: r for r in cast_registrations(cast)}[cast.participant_us.id]
    headers = bearer(getattr(cast, role)) if role != "anonymous" else {}
    shown = client.get(f"/api/v1/registrations/{own.id}", headers=headers)
    response = client.post(f"/api/v1/registrations/{own.id}/withdraw", headers=headers)
    if role == "anonymous":
        assert (shown.status_code, response.status_code) == (401, 401)
    elif role == "participant_us":
        assert (shown.status_code, response.status_code) == (200, 200)
        assert response.json["status"] == "withdrawn"
    else:
        assert shown.status_code == (200 if role in COORDINATING else 403)
        assert response.status_code == 403  # not even a coordinator withdraws for someone
    expected = "withdrawn" if role == "participant_us" else "accepted"
    assert str(reload(type(own), own.id).status) == expected
