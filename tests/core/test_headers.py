"""Security headers on every kind of response."""

import pytest


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


def test_nonce_differs_per_response(client):
    first = client.get("/login").headers["Content-Security-Policy"]
    second = client.get("/login").headers["Content-Security-Policy"]
    assert first != second
