"""Fixtures for the API: tokens issued through the real endpoint, and bearer headers."""

import pytest

from tests.factories import DEFAULT_PASSWORD

TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture
def issue(client):
    """``issue(user)`` → the token answer's JSON, obtained through ``POST /api/v1/auth/token``."""

    def issue_for(user, password=DEFAULT_PASSWORD, **extra):
        response = client.post(TOKEN_URL, json={"email": user.email, "password": password, **extra})
        assert response.status_code == 201, response.get_data(as_text=True)
        return response.json

    return issue_for


@pytest.fixture
def bearer(issue):
    """``bearer(user)`` → headers that authenticate API requests as ``user``."""

    def headers_for(user):
        return {"Authorization": f"Bearer {issue(user)['token']}"}

    return headers_for
