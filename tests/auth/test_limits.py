"""Failed sign-ins are limited per account and per address, across workers."""

import fakeredis
import pytest

from dialogues import create_app
from dialogues.core import throttle
from dialogues.extensions import db
from tests.conftest import _test_config, post_form
from tests.factories import DEFAULT_PASSWORD


def _fail(client, email, times):
    for _ in range(times):
        response = post_form(client, "/login", {"email": email, "password": "not the password"})
        assert response.status_code == 200


def test_account_limit_gives_429_with_retry_after(client, make):
    user = make.user()
    _fail(client, user.email, 10)
    response = post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60
    assert "Too many" in response.get_data(as_text=True)


def test_limit_counts_in_the_database_for_every_worker(app, make):
    """Two separate apps (two workers) on one database share the count."""
    user = make.user()
    second = create_app(_test_config(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path))
    _fail(app.test_client(), user.email, 5)
    _fail(second.test_client(), user.email, 5)
    response = post_form(
        second.test_client(), "/login", {"email": user.email, "password": DEFAULT_PASSWORD}
    )
    assert response.status_code == 429
    with second.app_context():
        db.engine.dispose()


def test_success_clears_the_account_count(client, make):
    user = make.user()
    _fail(client, user.email, 9)
    assert (
        post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )
    post_form(client, "/logout", {}, page="/")
    _fail(client, user.email, 9)
    assert (
        post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD}).status_code
        == 302
    )


def test_address_limit_spans_accounts(app, client, make):
    app.config["LOGIN_ADDRESS_LIMIT"] = 5
    for number in range(5):
        _fail(client, f"someone{number}@example.org", 1)
    user = make.user()
    response = post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429


@pytest.fixture
def redis_counter(app):
    server = fakeredis.FakeServer()
    app.extensions["dialogues.counter"] = throttle.RedisCounter(fakeredis.FakeRedis(server=server))
    return server


def test_redis_counter_enforces_the_same_limit(app, client, make, redis_counter):
    user = make.user()
    _fail(client, user.email, 10)
    response = post_form(client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


def test_redis_is_used_when_configured(tmp_path):
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path), "PRODUCTION": False, "REDIS_URL": "redis://127.0.0.1:1/0"}
    )
    assert isinstance(app.extensions["dialogues.counter"], throttle.RedisCounter)
