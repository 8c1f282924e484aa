"""The account page: profile, password, email, signing out everywhere, password reset."""

import email
import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogues.auth.models import AuthSession
from dialogues.auth.passwords import verify_password
from dialogues.extensions import db
from tests.conftest import post_form, reload
from tests.factories import DEFAULT_PASSWORD
from tests.programmes.conftest import read_outbox

NEW_PASSWORD = "another long password"


@pytest.fixture
def user(make, login):
    user = make.user("Zhang Wei")
    login(user)
    return user


def _post(client, section, data):
    return post_form(client, f"/account/{section}", data, page="/account")


def test_account_page_requires_sign_in(client):
    assert client.get("/account").status_code == 302


def test_update_profile_in_any_script(client, user):
    response = _post(client, "profile", {"name": "张伟", "timezone": "Asia/Shanghai"})
    assert response.status_code == 302
    fresh = reload(user)
    assert (fresh.name, fresh.timezone) == ("张伟", "Asia/Shanghai")


def test_profile_bad_input_names_the_field_and_changes_nothing(client, user):
    response = _post(client, "profile", {"name": " ", "timezone": "Mars/Olympus"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Name: This field is required." in page
    assert "Time zone: Not a valid choice." in page
    assert reload(user).timezone == "UTC"


def test_change_password_needs_the_current_one(client, user):
    response = _post(
        client, "password", {"current_password": "wrong one!", "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 422
    assert "The current password is not correct." in response.get_data(as_text=True)
    assert verify_password(reload(user).password_hash, DEFAULT_PASSWORD)


def test_change_password_refuses_weak_ones(client, user):
    response = _post(
        client, "password", {"current_password": DEFAULT_PASSWORD, "new_password": "qwertyuiop"}
    )
    assert "too common" in response.get_data(as_text=True)


def test_change_password_signs_out_other_devices(app, client, user, login):
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert other_device.get("/account").status_code == 200
    response = _post(
        client, "password", {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert client.get("/account").status_code == 200  # this device stays signed in
    assert other_device.get("/account").status_code == 302
    assert verify_password(reload(user).password_hash, NEW_PASSWORD)


def test_change_email(client, user, make):
    make.user(email="taken@example.org")
    taken = _post(
        client, "email", {"email": "taken@example.org", "current_password": DEFAULT_PASSWORD}
    )
    assert "already exists" in taken.get_data(as_text=True)
    done = _post(
        client, "email", {"email": "New@Example.org", "current_password": DEFAULT_PASSWORD}
    )
    assert done.status_code == 302
    assert reload(user).email == "new@example.org"


def test_sign_out_everywhere(app, client, user):
    other_device = app.test_client()
    post_form(other_device, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    post_form(client, "/account/sign-out-everywhere", {}, page="/account")
    assert client.get("/account").status_code == 302
    assert other_device.get("/account").status_code == 302
    count = db.session.scalar(sa.select(sa.func.count()).select_from(AuthSession))
    assert count == 0


def _outbox(app) -> list[email.message.EmailMessage]:
    folder = Path(app.instance_path) / "outbox"
    return [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(folder.glob("*.eml"))
    ] if folder.exists() else []  # fmt: skip


def _reset_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"http://localhost(/password-reset/\S+)", body).group(1)


def test_password_reset_round_trip(app, client, make):
    user = make.user()
    response = post_form(client, "/password-reset", {"email": user.email})
    assert response.status_code == 302
    (message,) = _outbox(app)
    assert message["To"] == user.email
    link = _reset_link(message)
    assert post_form(client, link, {"password": NEW_PASSWORD}).status_code == 302
    assert verify_password(reload(user).password_hash, NEW_PASSWORD)
    assert client.get(link).status_code == 404  # single use


def test_password_reset_same_answer_for_unknown_email(app, client):
    response = post_form(client, "/password-reset", {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert _outbox(app) == []
    page = client.get("/login").get_data(as_text=True)
    assert "If an account uses that email" in page


def test_tampered_or_expired_reset_links_fail(app, client, make, monkeypatch):
    user = make.user()
    post_form(client, "/password-reset", {"email": user.email})
    link = _reset_link(_outbox(app)[0])
    assert client.get(link[:-3] + "abc").status_code == 404
    monkeypatch.setattr("dialogues.auth.reset.MAX_AGE", -1)
    assert client.get(link).status_code == 404


def test_password_reset_requests_are_limited(client):
    for _ in range(5):
        post_form(client, "/password-reset", {"email": "someone@example.org"})
    response = post_form(client, "/password-reset", {"email": "someone@example.org"})
    assert response.status_code == 429
    assert response.headers["Retry-After"]


@pytest.mark.parametrize("name", ["\u200b\u2060", "\u202e", "a\x07b"])
def test_a_name_must_show_something_and_hold_no_control_character(client, user, name):
    response = _post(client, "profile", {"name": name, "timezone": "UTC"})
    assert response.status_code == 422
    assert "Name: Enter a name with visible characters" in response.get_data(as_text=True)
    assert reload(user).name == "Zhang Wei"


@pytest.mark.parametrize("section", ["password", "email"])
def test_wrong_current_passwords_count_towards_the_sign_in_limit(client, user, section):
    data = {
        "current_password": "wrong one!",
        "new_password": NEW_PASSWORD,
        "email": "x@example.org",
    }
    for _ in range(10):
        assert _post(client, section, data).status_code == 422
    assert _post(client, section, {**data, "current_password": DEFAULT_PASSWORD}).status_code == 429


def test_a_reset_link_stops_working_when_the_email_changes(app, client, make):
    user = make.user()
    post_form(client, "/password-reset", {"email": user.email})
    link = _reset_link(_outbox(app)[0])
    user.email = "moved@example.org"
    db.session.commit()
    assert client.get(link).status_code == 404


@pytest.mark.parametrize("locale", ["en", "ru"])
def test_the_old_address_hears_of_an_email_change(app, client, user, locale):
    """Someone with the password moves the account to their own address: before, the owner
    heard nothing. The old address is told, in the account's language, without the new one."""
    reload(user).locale = locale
    db.session.commit()
    old = user.email
    _post(client, "email", {"email": "taker@example.org", "current_password": DEFAULT_PASSWORD})
    messages = read_outbox(app)
    assert [message["To"] for message in messages] == [old]
    text = messages[0].get_content()
    assert "taker" not in text
    assert "taker" not in messages[0]["Subject"]
    expected = "administrator" if locale == "en" else "администратор"
    assert expected in text


def test_the_same_address_again_sends_nothing(app, client, user):
    _post(client, "email", {"email": user.email, "current_password": DEFAULT_PASSWORD})
    assert read_outbox(app) == []
