"""Issuing tokens: credentials, the shared sign-in limits, what is stored and audited."""

import hashlib
import re
import time
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa

from dialogues.api.models import ApiToken
from dialogues.auth import two_factor
from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from tests.api.conftest import TOKEN_URL
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD

INSTANT = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_issue_answers_201_with_token_and_expiry(client, make):
    user = make.user()
    response = client.post(TOKEN_URL, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 201
    assert set(response.json) == {"token", "expires_at"}
    assert response.json["token"].startswith("dlg_")
    assert INSTANT.match(response.json["expires_at"])
    expires = datetime.fromisoformat(response.json["expires_at"])
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)


def test_only_the_sha256_is_stored_and_creation_is_audited(issue, make):
    user = make.user()
    secret = issue(user, name="CRM sync")["token"]
    (api_token,) = db.session.scalars(sa.select(ApiToken)).all()
    assert api_token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert (api_token.user_id, api_token.name) == (user.id, "CRM sync")
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "api_token.create"))
    assert (event.actor_id, event.object_id) == (user.id, api_token.id)
    assert secret not in str(event.detail)


def test_email_is_matched_as_the_sign_in_form_does(client, make):
    make.user(email="mixed@example.org")
    response = client.post(
        TOKEN_URL, json={"email": " Mixed@Example.org ", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 201


def test_otp_is_accepted_by_the_schema(issue, make):
    assert issue(make.user(), otp="123456")["token"]


@pytest.mark.parametrize(
    ("email", "password"),
    [("person@example.org", "not the password"), ("nobody@example.org", DEFAULT_PASSWORD)],
    ids=["wrong password", "unknown email"],
)
def test_wrong_credentials_answer_401(client, make, email, password):
    make.user(email="person@example.org")
    response = client.post(TOKEN_URL, json={"email": email, "password": password})
    assert response.status_code == 401
    assert response.json == {
        "error": {"code": "unauthorized", "message": "Email or password is incorrect."}
    }
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_disabled_account_gets_no_token(client, make):
    user = make.user(is_disabled=True)
    response = client.post(TOKEN_URL, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 401


def test_blank_name_is_refused_naming_the_field(client, make):
    user = make.user()
    body = {"email": user.email, "password": DEFAULT_PASSWORD, "name": "   "}
    response = client.post(TOKEN_URL, json=body)
    assert response.status_code == 422
    assert list(response.json["error"]["fields"]) == ["name"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def _fail(client, email, times):
    for _ in range(times):
        response = client.post(TOKEN_URL, json={"email": email, "password": "not the password"})
        assert response.status_code == 401


def test_failures_are_limited_with_429_and_retry_after(client, make):
    user = make.user()
    _fail(client, user.email, 10)
    response = client.post(TOKEN_URL, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_the_limit_is_shared_with_the_sign_in_form(client, make):
    user = make.user()
    _fail(client, user.email, 5)
    for _ in range(5):
        form = {"email": user.email, "password": "not the password"}
        assert post_form(client, "/login", form).status_code == 200
    response = client.post(TOKEN_URL, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


def test_address_limit_spans_accounts(app, client, make):
    app.config["LOGIN_ADDRESS_LIMIT"] = 3
    for number in range(3):
        _fail(client, f"someone{number}@example.org", 1)
    user = make.user()
    response = client.post(TOKEN_URL, json={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


@pytest.fixture
def enrolled(make):
    """A person with two-factor on; their recovery codes."""
    user = make.user()
    secret = pyotp.parse_uri(two_factor.begin_setup(user, DEFAULT_PASSWORD)).secret
    codes = two_factor.confirm_setup(user, pyotp.TOTP(secret).now())
    db.session.commit()
    return user, secret, codes


def test_two_factor_accounts_need_their_code(client, enrolled):
    user, secret, codes = enrolled
    body = {"email": user.email, "password": DEFAULT_PASSWORD}
    missing = client.post(TOKEN_URL, json=body)
    assert missing.status_code == 401
    assert "otp" in missing.json["error"]["message"]
    assert client.post(TOKEN_URL, json={**body, "otp": "000000"}).status_code == 401
    next_code = pyotp.TOTP(secret).at(time.time() + 30)
    assert client.post(TOKEN_URL, json={**body, "otp": next_code}).status_code == 201
    assert client.post(TOKEN_URL, json={**body, "otp": codes[0]}).status_code == 201
    assert client.post(TOKEN_URL, json={**body, "otp": codes[0]}).status_code == 401  # used once


def test_wrong_codes_are_limited(client, enrolled):
    user, _secret, codes = enrolled
    body = {"email": user.email, "password": DEFAULT_PASSWORD}
    for _ in range(5):
        assert client.post(TOKEN_URL, json={**body, "otp": "000000"}).status_code == 401
    response = client.post(TOKEN_URL, json={**body, "otp": codes[1]})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_a_role_that_requires_two_factor_must_turn_it_on_first(app, client, make):
    app.config["TWO_FACTOR_REQUIRED"] = True
    admin = make.user(is_admin=True)
    response = client.post(TOKEN_URL, json={"email": admin.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert "two-factor" in response.json["error"]["message"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0
