"""Security headers on every kind of response."""

import pytest
from flask import Response

from dialogues.core.headers import add_security_headers, csp_nonce


@pytest.mark.parametrize(
    "path",
    ["/", "/login", "/healthz", "/no/such/page", "/api/v1/no-such", "/static/css/dialogues.css"],
)
def test_headers_on_every_response(client, path):
    with client.get(path) as response:
        headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_pages_are_not_cached_but_static_files_may_be(client):
    assert client.get("/login").headers["Cache-Control"] == "no-store"
    with client.get("/static/css/dialogues.css") as response:
        assert response.headers.get("Cache-Control") != "no-store"


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    secure = client.get("https://localhost/login").headers
    assert secure["Strict-Transport-Security"].startswith("max-age=")


def test_a_response_without_inline_script_allows_none(client):
    csp = client.get("/login").headers["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "nonce-" not in csp


def _policy_after_asking_for_a_nonce(app):
    with app.test_request_context("/"):
        nonce = csp_nonce()
        policy = add_security_headers(Response()).headers["Content-Security-Policy"]
    return nonce, policy


def test_a_nonce_asked_for_is_in_the_policy_and_differs_per_response(app):
    first_nonce, first = _policy_after_asking_for_a_nonce(app)
    second_nonce, second = _policy_after_asking_for_a_nonce(app)
    assert f"script-src 'self' 'nonce-{first_nonce}';" in first
    assert f"'nonce-{second_nonce}'" in second
    assert first_nonce != second_nonce
