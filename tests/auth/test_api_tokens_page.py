"""Personal API tokens on the account: listed, created once-visible, revoked; CSRF on each form."""

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from dialogues.api.models import ApiToken
from dialogues.api.tokens import create_token
from dialogues.auth import two_factor
from dialogues.extensions import db
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD

PAGE = "/account/tokens"
SECRET = re.compile(r"dlg_[A-Za-z0-9_-]{20,}")


def _create(client, name="Calendar sync", password=DEFAULT_PASSWORD, **extra):
    return post_form(client, PAGE, {"name": name, "password": password, **extra})


def _tokens() -> list[ApiToken]:
    db.session.rollback()
    return db.session.scalars(sa.select(ApiToken).order_by(ApiToken.id)).all()


def test_the_account_page_links_to_the_tokens_and_the_reference(client, make, login):
    login(make.user())
    page = client.get("/account").get_data(as_text=True)
    assert 'href="/account/tokens"' in page
    assert 'href="/api/v1/docs"' in page


def test_empty_state_then_a_listed_token_with_its_times(client, make, login):
    user = make.user(timezone="Asia/Shanghai")
    login(user)
    assert "No API tokens yet" in client.get(PAGE).get_data(as_text=True)
    create_token(user, "Nightly export")
    db.session.commit()
    page = client.get(PAGE).get_data(as_text=True)
    assert "No API tokens yet" not in page
    assert "<bdi>Nightly export</bdi>" in page
    assert "(Asia/Shanghai)" in page  # created and expiry shown with their zone
    assert "Never" in page  # not used yet


def test_creating_shows_the_token_once_and_it_works(client, make, login):
    user = make.user()
    login(user)
    response = _create(client)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = SECRET.search(page).group(0)
    assert "will not be shown again" in page
    (api_token,) = _tokens()
    assert (api_token.user_id, api_token.name) == (user.id, "Calendar sync")
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.json["id"] == user.id
    later = client.get(PAGE).get_data(as_text=True)
    assert secret not in later
    assert "Calendar sync" in later
    assert SECRET.search(client.get("/account").get_data(as_text=True)) is None


@pytest.mark.parametrize(
    ("fields", "field_message"),
    [
        ({"name": ""}, "Token name"),
        ({"name": "x" * 101}, "Token name"),
        ({"password": "not my password"}, "The password is not correct."),
    ],
)
def test_bad_input_creates_nothing_and_names_the_field(client, make, login, fields, field_message):
    login(make.user())
    response = _create(client, **fields)
    assert response.status_code == 422
    assert field_message in response.get_data(as_text=True)
    assert SECRET.search(response.get_data(as_text=True)) is None
    assert _tokens() == []


def test_forms_need_their_csrf_token(client, make, login):
    user = make.user()
    login(user)
    _, api_token = create_token(user, "Kept")
    db.session.commit()
    create = client.post(PAGE, data={"name": "x", "password": DEFAULT_PASSWORD})
    revoke = client.post(f"{PAGE}/{api_token.id}/revoke", data={})
    assert (create.status_code, revoke.status_code) == (400, 400)
    assert [token.revoked_at for token in _tokens()] == [None]


def test_revoking_asks_first_and_stops_the_token(client, make, login):
    user = make.user()
    secret, api_token = create_token(user, "Old script")
    db.session.commit()
    login(user)
    page = client.get(PAGE).get_data(as_text=True)
    assert 'data-confirm="Revoke the token “Old script”?' in page
    response = post_form(client, f"{PAGE}/{api_token.id}/revoke", {}, page=PAGE)
    assert response.status_code == 302
    assert _tokens()[0].revoked_at is not None
    refused = client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert refused.status_code == 401
    assert "Revoke</button>" not in client.get(PAGE).get_data(as_text=True)


def test_another_persons_token_cannot_be_revoked_or_seen(client, make, login):
    owner, intruder = make.user(), make.user(is_admin=True)
    _, api_token = create_token(owner, "Owner's CRM")
    db.session.commit()
    login(intruder)
    assert "Owner&#39;s CRM" not in client.get(PAGE).get_data(as_text=True)
    response = post_form(client, f"{PAGE}/{api_token.id}/revoke", {}, page=PAGE)
    assert response.status_code == 404
    assert _tokens()[0].revoked_at is None


@pytest.fixture
def enrolled(make):
    user = make.user()
    secret = pyotp.parse_uri(two_factor.begin_setup(user, DEFAULT_PASSWORD)).secret
    codes = two_factor.confirm_setup(user, pyotp.TOTP(secret).now())
    db.session.commit()
    return user, secret, codes


def test_two_factor_accounts_give_their_code_as_the_api_asks(client, enrolled, login):
    user, secret, recovery_codes = enrolled
    login(user)
    post_form(client, "/login/two-factor", {"code": pyotp.TOTP(secret).at(time.time() + 30)})
    page = client.get(PAGE).get_data(as_text=True)
    assert "Two-factor code" in page
    missing = _create(client)
    assert missing.status_code == 422
    assert "two-factor code is not correct" in missing.get_data(as_text=True)
    assert _create(client, otp="000000").status_code == 422
    assert _tokens() == []
    created = _create(client, otp=recovery_codes[0])  # the next TOTP step went to sign-in
    assert created.status_code == 200
    assert SECRET.search(created.get_data(as_text=True))
    assert len(_tokens()) == 1
