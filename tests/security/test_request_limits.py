"""Registration is limited per client address: 429 with Retry-After.

The page and the API share one count, so switching between them does not
buy more attempts. The limits are lowered through ``REQUEST_LIMIT_<NAME>`` to keep tests short.
"""

import pytest

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
