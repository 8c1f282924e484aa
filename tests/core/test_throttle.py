"""Request limits per client address, shared by every worker (database or Redis)."""

import fakeredis
import pytest
from flask import Blueprint

from dialogues.core import throttle


@pytest.fixture
def limited_app(app):
    blueprint = Blueprint("limited", __name__)

    @blueprint.route("/limited", methods=["GET", "POST"])
    @throttle.limit_requests("test", count=3, window=60)
    def limited():
        return "ok"

    app.register_blueprint(blueprint)
    app.config["WTF_CSRF_ENABLED"] = False
    return app


@pytest.mark.parametrize("store", ["database", "redis"])
def test_posts_beyond_the_limit_get_429(limited_app, store):
    if store == "redis":
        limited_app.extensions["dialogues.counter"] = throttle.RedisCounter(fakeredis.FakeRedis())
    client = limited_app.test_client()
    assert [client.post("/limited").status_code for _ in range(3)] == [200, 200, 200]
    response = client.post("/limited")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert client.get("/limited").status_code == 200  # reads are not counted


def test_addresses_are_counted_apart(limited_app):
    client = limited_app.test_client()
    for _ in range(3):
        client.post("/limited", environ_base={"REMOTE_ADDR": "10.0.0.1"})
    assert client.post("/limited", environ_base={"REMOTE_ADDR": "10.0.0.2"}).status_code == 200
