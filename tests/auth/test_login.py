"""Signing in and out through the real form."""

import pytest
import sqlalchemy as sa

from dialogues.auth.models import AuthSession
from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from tests.conftest import post_form
from tests.factories import DEFAULT_PASSWORD


def test_login_page_has_labelled_fields(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label for="email">Email</label>' in page
    assert '<label for="password">Password</label>' in page
    assert ">Sign in</button>" in page


def test_sign_in_and_see_home(client, make, login):
    user = make.user("Ана Петрова")
    response = login(user)
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Ана Петрова" in page


def test_email_is_case_insensitive(client, make):
    user = make.user(email="mixed@example.org")
    response = post_form(
        client, "/login", {"email": "MIXED@Example.org", "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 302
    assert user.id


@pytest.mark.parametrize(
    ("email", "password"),
    [("person@example.org", "wrong password!"), ("nobody@example.org", DEFAULT_PASSWORD)],
)
def test_wrong_credentials_are_refused_alike(client, make, email, password):
    make.user(email="person@example.org")
    response = post_form(client, "/login", {"email": email, "password": password})
    assert response.status_code == 200
    assert "Email or password is incorrect." in response.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_empty_fields_are_named(client):
    response = post_form(client, "/login", {"email": "", "password": ""})
    page = response.get_data(as_text=True)
    assert "Email: This field is required." in page
    assert "Password: This field is required." in page


def test_disabled_account_cannot_sign_in(client, make):
    user = make.user(is_disabled=True)
    response = post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
    assert "incorrect" in response.get_data(as_text=True)


def test_redirects_only_within_the_site(client, make):
    user = make.user()
    token_page = "/login?next=https://evil.example/"
    data = {"email": user.email, "password": DEFAULT_PASSWORD}
    response = post_form(client, token_page, data, page="/login")
    assert response.headers["Location"] == "/"


def test_redirects_to_next_page(client, make):
    user = make.user(is_admin=True)
    response = post_form(
        client, "/login?next=/admin/audit", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.headers["Location"] == "/admin/audit"


def test_login_without_csrf_token_is_refused(client, make):
    user = make.user()
    response = client.post("/login", data={"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)


def test_logout_requires_post(client, make, login):
    login(make.user())
    assert client.get("/logout").status_code == 405


def test_logout_ends_the_session_and_a_replayed_cookie_fails(app, client, make, login):
    user = make.user(is_admin=True)
    login(user)
    stolen = client.get_cookie("dialogues_session").value
    assert client.get("/admin/audit").status_code == 200
    post_form(client, "/logout", {}, page="/")
    assert client.get("/admin/audit").status_code == 302  # back to sign-in

    replay = app.test_client()
    replay.set_cookie("dialogues_session", stolen)
    response = replay.get("/admin/audit")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_disabling_an_account_ends_its_sessions(app, client, make, login):
    user = make.user(is_admin=True)
    login(user)
    user.is_disabled = True
    db.session.commit()
    assert client.get("/admin/audit").status_code == 302


def test_end_all_sessions(client, make, login):
    user = make.user(is_admin=True)
    login(user)
    user.end_all_sessions()
    db.session.commit()
    assert client.get("/admin/audit").status_code == 302
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuthSession)) == 0


def test_sign_in_gives_a_new_session(client, make, login):
    client.get("/login")
    before = client.get_cookie("dialogues_session").value
    login(make.user())
    assert client.get_cookie("dialogues_session").value != before


def test_session_cookie_flags(client, make, login):
    response = login(make.user())
    header = response.headers["Set-Cookie"]
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header


def test_session_cookie_secure_over_https(app, make):
    user = make.user()
    client = app.test_client()
    base = "https://localhost"
    client.get(f"{base}/login")
    response = post_form(
        client, f"{base}/login", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert "Secure" in response.headers["Set-Cookie"]


def test_idle_session_expires(app, client, make, login):
    app.config["SESSION_IDLE_TIMEOUT"] = 0
    login(make.user(is_admin=True))
    assert client.get("/admin/audit").status_code == 302


def test_login_and_logout_are_audited(client, make, login):
    user = make.user()
    login(user)
    post_form(client, "/logout", {}, page="/")
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.actor_id == user.id).order_by(AuditEvent.id)
    ).all()
    assert actions == ["login", "logout"]
