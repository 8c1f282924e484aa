"""Registration, password reset, exports and calendar feeds are limited per client address:
429 with Retry-After.

The page and the API share one count, so switching between them does not buy more attempts;
refused requests (4xx) count too, since the count is kept apart from the request's own changes.
The limits are lowered through ``REQUEST_LIMIT_<NAME>`` to keep tests short.
"""

import pytest

from dialogues.api.tokens import create_token
from dialogues.extensions import db
from tests.conftest import post_form


@pytest.fixture
def limited(app):
    app.config["REQUEST_LIMIT_REGISTRATION"] = (2, 3600)
    return app


def register_by_api(client, programme, number: int):
    return client.post(
        f"/api/v1/programmes/{programme.id}/registrations",
        json={
            "name": f"Registrant {number}",
            "email": f"registrant{number}@example.org",
            "password": "a long enough password",
            "side_id": programme.sides[0].id,
            "affiliation": "University",
            "role": "academic",
            "nationality": "US",
            "consent_data_processing": True,
            "accepts_confidentiality_rule": True,
        },
    )


def assert_limited(response):
    assert response.status_code == 429, response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def test_registration_api_answers_429_past_the_limit(limited, client, make):
    programme = make.programme(status="registration_open")
    assert [register_by_api(client, programme, n).status_code for n in (1, 2)] == [201, 201]
    response = register_by_api(client, programme, 3)
    assert_limited(response)
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_registration_page_shares_the_count_with_the_api(limited, client, app, make):
    programme = make.programme(status="registration_open")
    for number in (1, 2):
        assert register_by_api(app.test_client(), programme, number).status_code == 201
    page = f"/p/{programme.slug}/register"
    assert client.get(page).status_code == 200  # reading the form is never counted
    assert_limited(post_form(client, page, {"name": "Registrant 3"}))


def test_failing_registrations_still_reach_the_limit(limited, client, make):
    """A refused request (422) rolls back its changes, never its count."""
    programme = make.programme(status="registration_open")
    url = f"/api/v1/programmes/{programme.id}/registrations"
    assert [client.post(url, json={"name": ""}).status_code for _ in (1, 2)] == [422, 422]
    assert_limited(register_by_api(client, programme, 3))


def test_failing_registration_forms_still_reach_the_limit(limited, client, make):
    programme = make.programme(status="registration_open")
    page = f"/p/{programme.slug}/register"
    assert [post_form(client, page, {"name": ""}).status_code for _ in (1, 2)] == [422, 422]
    assert_limited(post_form(client, page, {"name": ""}))


def test_password_reset_requests_are_limited(app, client, make):
    app.config["REQUEST_LIMIT_PASSWORD_RESET"] = (2, 3600)
    user = make.user()
    page = "/password-reset"
    assert post_form(client, page, {"email": "not an email"}).status_code in {200, 422}
    assert post_form(client, page, {"email": user.email}).status_code == 302
    response = post_form(client, page, {"email": user.email})
    assert_limited(response)
    assert "Too many" in response.get_data(as_text=True)
    assert client.get(page).status_code == 200  # the form itself stays readable


@pytest.fixture
def exporter(app, make, login, client):
    """A coordinator signed in on ``client``, a bearer token, and every export's address."""
    app.config["REQUEST_LIMIT_EXPORT"] = (2, 3600)
    programme = make.programme(status="running")
    coordinator = make.user("Coordinator")
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    token = create_token(coordinator)[0]
    db.session.commit()
    side = programme.sides[0]
    return {
        "headers": {"Authorization": f"Bearer {token}"},
        "account": ("/account/data/export", "/account/data"),
        "registrations": (
            f"/programmes/{programme.slug}/registrations/export",
            f"/programmes/{programme.slug}/registrations",
        ),
        "briefing": (
            f"/programmes/{programme.slug}/briefings/{side.id}/export",
            f"/programmes/{programme.slug}/briefings/{side.id}",
        ),
        "api": f"/api/v1/programmes/{programme.id}/briefings/{side.id}?format=json",
    }


def _export(client, exporter, kind: str):
    if kind == "api":
        return client.get(exporter["api"], headers=exporter["headers"])
    url, page = exporter[kind]
    return post_form(client, url, {"format": "md", "recipient": "Team"}, page=page)


@pytest.mark.parametrize("kind", ["account", "registrations", "briefing", "api"])
def test_every_export_is_limited(client, exporter, kind):
    statuses = [_export(client, exporter, kind).status_code for _ in (1, 2)]
    assert 429 not in statuses
    assert all(status < 500 for status in statuses)
    response = _export(client, exporter, kind)
    assert_limited(response)
    if kind == "api":
        assert response.get_json()["error"]["code"] == "rate_limited"


def test_exports_share_one_count(client, exporter):
    assert _export(client, exporter, "account").status_code == 200
    assert _export(client, exporter, "api").status_code == 200
    for kind in ("account", "registrations", "briefing", "api"):
        assert_limited(_export(client, exporter, kind))


def test_calendar_feeds_are_limited_even_for_unknown_tokens(app, client):
    """Guessing feed addresses costs requests: each answer counts, 404 or not."""
    app.config["REQUEST_LIMIT_CALENDAR"] = (2, 3600)
    url = "/schedule/calendar.ics?token=guess"
    assert [client.get(url).status_code for _ in (1, 2)] == [404, 404]
    assert_limited(client.get(url))
