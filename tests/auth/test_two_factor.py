"""Two-factor sign-in: set-up, the code step, recovery codes, limits and the staff requirement."""

import re
import time

import pyotp
import pytest
import sqlalchemy as sa

from dialogues.auth import two_factor
from dialogues.auth.models import User
from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from tests.conftest import post_form, reload
from tests.factories import DEFAULT_PASSWORD


def _set_up(client) -> tuple[str, list[str]]:
    """Turn two-factor on through the pages; return the secret and the recovery codes."""
    page = post_form(
        client,
        "/account/two-factor/start",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    ).get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)
    response = post_form(
        client,
        "/account/two-factor/confirm",
        {"code": pyotp.TOTP(secret).now()},
        page="/account/two-factor",
    )
    codes = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    return secret, codes


def _sign_in(client, user):
    return post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})


def _code_step(client, code):
    return post_form(client, "/login/two-factor", {"code": code})


@pytest.fixture
def enrolled(client, make, login):
    user = make.user()
    login(user)
    secret, codes = _set_up(client)
    post_form(client, "/logout", {}, page="/")
    return user, secret, codes


@pytest.fixture
def signed_in(client, make, login):
    """Two-factor on, and still signed in: the user, the secret and the recovery codes."""
    user = make.user()
    login(user)
    return (user, *_set_up(client))


def _next_code(secret: str) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30)


def test_set_up_shows_ten_recovery_codes_and_seals_the_secret(enrolled):
    user, secret, codes = enrolled
    assert len(codes) == 10
    assert len(set(codes)) == 10
    stored = db.session.scalar(sa.select(User.totp_secret).where(User.id == user.id))
    assert secret.encode() not in stored


def test_set_up_needs_the_password(client, make, login):
    login(make.user())
    response = post_form(
        client, "/account/two-factor/start", {"password": "wrong!"}, page="/account/two-factor"
    )
    assert response.status_code == 422
    assert "The password is not correct." in response.get_data(as_text=True)


def test_wrong_first_code_does_not_turn_it_on(client, make, login):
    user = make.user()
    login(user)
    post_form(
        client,
        "/account/two-factor/start",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    response = post_form(
        client, "/account/two-factor/confirm", {"code": "000000"}, page="/account/two-factor"
    )
    assert response.status_code == 422
    assert reload(user).two_factor_enabled_at is None


def test_sign_in_asks_for_the_code(client, enrolled):
    user, secret, _ = enrolled
    response = _sign_in(client, user)
    assert response.headers["Location"] == "/login/two-factor"
    assert client.get("/account").status_code == 302  # not signed in yet
    assert _code_step(client, _next_code(secret)).status_code == 302
    assert client.get("/account").status_code == 200


def test_a_code_cannot_be_replayed(app, client, enrolled):
    user, secret, _ = enrolled
    code = _next_code(secret)
    _sign_in(client, user)
    _code_step(client, code)
    other = app.test_client()
    _sign_in(other, user)
    response = _code_step(other, code)
    assert "That code is not valid." in response.get_data(as_text=True)


def test_recovery_codes_work_once(app, client, enrolled):
    user, _, codes = enrolled
    _sign_in(client, user)
    assert _code_step(client, codes[0]).status_code == 302
    other = app.test_client()
    _sign_in(other, user)
    assert "not valid" in _code_step(other, codes[0]).get_data(as_text=True)


def test_code_entry_is_rate_limited(client, enrolled):
    user, secret, _ = enrolled
    _sign_in(client, user)
    for _ in range(5):
        _code_step(client, "123456")
    response = _code_step(client, _next_code(secret))
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_disable_needs_the_password(client, enrolled):
    user, secret, _ = enrolled
    _sign_in(client, user)
    _code_step(client, _next_code(secret))
    post_form(
        client, "/account/two-factor/disable", {"password": "wrong!"}, page="/account/two-factor"
    )
    assert reload(user).two_factor_enabled_at is not None
    post_form(
        client,
        "/account/two-factor/disable",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    assert reload(user).two_factor_enabled_at is None


@pytest.mark.parametrize("role", ["admin", "coordinator"])
def test_staff_must_set_it_up_first(app, client, make, login, role):
    app.config["TWO_FACTOR_REQUIRED"] = True
    user = make.user(is_admin=role == "admin")
    if role == "coordinator":
        make.member(make.programme(), user, "coordinator")
    login(user)
    response = client.get("/")
    assert response.headers["Location"] == "/account/two-factor"
    _set_up(client)
    assert client.get("/").status_code == 200
    refused = post_form(
        client,
        "/account/two-factor/disable",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    assert refused.status_code == 302
    assert reload(user).two_factor_enabled_at is not None


def test_participants_may_go_without(app, client, make, login):
    app.config["TWO_FACTOR_REQUIRED"] = True
    login(make.user())
    assert client.get("/").status_code == 200


def test_set_up_is_refused_while_it_is_on(client, signed_in):
    """Starting again would replace the secret in use before a new one is confirmed."""
    user, secret, _ = signed_in
    response = post_form(
        client,
        "/account/two-factor/start",
        {"password": DEFAULT_PASSWORD},
        page="/account/two-factor",
    )
    assert response.headers["Location"] == "/account/two-factor"
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "Two-factor sign-in is already on." in page
    confirmed = post_form(
        client,
        "/account/two-factor/confirm",
        {"code": _next_code(secret)},
        page="/account/two-factor",
    )
    assert confirmed.status_code == 302  # no new recovery codes from a code alone
    assert reload(user).two_factor_enabled_at is not None


def _new_codes(client, password, code):
    data = {"codes-password": password, "codes-code": code}
    return post_form(client, "/account/two-factor/recovery-codes", data, "/account/two-factor")


@pytest.mark.parametrize("required", [False, True])
def test_new_recovery_codes_replace_the_old_ones(app, client, make, login, required):
    app.config["TWO_FACTOR_REQUIRED"] = required
    user = make.user()
    make.member(make.programme(), user, "coordinator")
    login(user)
    secret, old = _set_up(client)
    response = _new_codes(client, DEFAULT_PASSWORD, _next_code(secret))
    assert response.status_code == 200
    new = re.findall(r"<code>([0-9a-f]{5}-[0-9a-f]{5})</code>", response.get_data(as_text=True))
    assert len(new) == 10
    assert not set(new) & set(old)
    post_form(client, "/logout", {}, page="/")
    _sign_in(client, user)
    assert "not valid" in _code_step(client, old[0]).get_data(as_text=True)
    assert _code_step(client, new[0]).status_code == 302


@pytest.mark.parametrize(
    ("password", "code", "message"),
    [
        ("wrong!", None, "The password is not correct."),
        (DEFAULT_PASSWORD, "000000", "That code is not valid."),
        (DEFAULT_PASSWORD, "", "This field is required."),
    ],
)
def test_new_recovery_codes_need_the_password_and_a_code(
    client, signed_in, password, code, message
):
    user, secret, old = signed_in
    response = _new_codes(client, password, _next_code(secret) if code is None else code)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert two_factor.remaining_recovery_codes(reload(user)) == len(old)


def test_turning_it_off_names_what_is_wrong(client, signed_in):
    user, _, _ = signed_in
    for password, message in [("", "This field is required."), ("wrong!", "not correct")]:
        response = post_form(
            client,
            "/account/two-factor/disable",
            {"password": password},
            page="/account/two-factor",
        )
        assert response.status_code == 422
        assert message in response.get_data(as_text=True)
    assert reload(user).two_factor_enabled_at is not None


def test_wrong_passwords_on_the_two_factor_page_count_towards_the_limit(client, make, login):
    login(make.user())
    for _ in range(10):
        post_form(
            client, "/account/two-factor/start", {"password": "wrong!"}, "/account/two-factor"
        )
    response = post_form(
        client, "/account/two-factor/start", {"password": DEFAULT_PASSWORD}, "/account/two-factor"
    )
    assert response.status_code == 429


def test_an_administrator_resets_a_lost_second_factor(app, client, runner, make, login):
    """A coordinator lost their phone and their recovery codes: before, no one could let them
    in again. ``dialogues users reset-two-factor`` turns it off and signs them out everywhere;
    their role then makes them set it up again at the next sign-in."""
    app.config["TWO_FACTOR_REQUIRED"] = True
    programme = make.programme()
    coordinator = make.user("Coordinator", email="chair@example.org")
    make.member(programme, coordinator, "coordinator")
    login(coordinator)
    _set_up(client)
    result = runner.invoke(args=["users", "reset-two-factor", "CHAIR@example.org"], input="y\n")
    assert result.exit_code == 0, result.output
    assert "Two-factor sign-in is off for chair@example.org" in result.output
    user = reload(coordinator)
    assert user.two_factor_enabled_at is None
    assert user.totp_secret is None
    assert two_factor.remaining_recovery_codes(user) == 0
    assert client.get("/account").status_code == 302  # this browser was signed out
    assert _sign_in(client, user).headers["Location"] != "/login/two-factor"
    assert client.get("/account").headers["Location"] == "/account/two-factor"  # set it up
    events = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.object_id == user.id))
    assert "user.two_factor_reset" in events.all()


@pytest.mark.parametrize(
    ("email", "message"),
    [("nobody@example.org", "no active account"), ("plain@example.org", "no two-factor")],
)
def test_resetting_two_factor_names_what_is_wrong(runner, make, email, message):
    make.user(email="plain@example.org")
    result = runner.invoke(args=["users", "reset-two-factor", email, "--yes"])
    assert result.exit_code == 1
    assert message in result.output
