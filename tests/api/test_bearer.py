"""Bearer tokens authenticate API requests; cookies never do; expired or revoked tokens fail."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import request

from dialogues.api.auth import load_bearer_user
from dialogues.api.models import ApiToken
from dialogues.core.models import utcnow
from dialogues.extensions import db

ME = "/api/v1/me"


def test_me_answers_for_the_token_owner(client, make, bearer):
    user = make.user("Ли Вэй", email="li@example.org", timezone="Asia/Shanghai")
    response = client.get(ME, headers=bearer(user))
    assert response.status_code == 200
    assert response.json == {
        "id": user.id,
        "email": "li@example.org",
        "name": "Ли Вэй",
        "is_admin": False,
        "timezone": "Asia/Shanghai",
    }


def test_use_is_recorded(client, make, issue):
    user = make.user()
    secret = issue(user)["token"]
    client.get(ME, headers={"Authorization": f"Bearer {secret}"})
    assert db.session.scalar(sa.select(ApiToken.last_used_at)) is not None


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Bearer dlg_not-a-real-token", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_invalid_token_answers_401(client, make, header):
    headers = {"Authorization": header} if header is not None else {}
    response = client.get(ME, headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def _set(**values):
    db.session.execute(sa.update(ApiToken).values(**values))
    db.session.commit()


@pytest.mark.parametrize(
    "change",
    [
        {"expires_at": utcnow() - timedelta(seconds=1)},
        {"revoked_at": utcnow()},
    ],
    ids=["expired", "revoked"],
)
def test_expired_or_revoked_token_answers_401(client, make, bearer, change):
    headers = bearer(make.user())
    assert client.get(ME, headers=headers).status_code == 200
    _set(**change)
    assert client.get(ME, headers=headers).status_code == 401


def test_token_of_a_disabled_account_answers_401(client, make, bearer):
    user = make.user()
    headers = bearer(user)
    user.is_disabled = True
    db.session.commit()
    assert client.get(ME, headers=headers).status_code == 401


def test_the_sign_in_cookie_does_not_authenticate_the_api(client, make, login):
    login(make.user())
    assert client.get("/").status_code == 200
    response = client.get(ME)
    assert response.status_code == 401
    assert "Set-Cookie" not in response.headers


def test_api_answers_set_no_cookie(client, make, bearer):
    response = client.get(ME, headers=bearer(make.user()))
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.parametrize(("path", "signed_in"), [("/api/v1/me", True), ("/", False)])
def test_the_token_signs_in_api_requests_only(app_context, make, issue, path, signed_in):
    """A page is never signed in by a token: pages have CSRF protection for cookies only."""
    headers = {"Authorization": f"Bearer {issue(make.user())['token']}"}
    with app_context.test_request_context(path, headers=headers):
        assert (load_bearer_user(request) is not None) is signed_in
