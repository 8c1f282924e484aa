"""Every error under /api/ is {"error": {"code", "message", "fields"?}}, and bad input is no 500."""

import pytest
import sqlalchemy as sa

from dialogues.api.models import ApiToken
from dialogues.core.errors import flatten_messages
from dialogues.extensions import db
from tests.api.conftest import TOKEN_URL
from tests.factories import DEFAULT_PASSWORD


def _error(response, status, code):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]
    return response.json["error"]


def test_malformed_json_answers_400(client):
    response = client.post(TOKEN_URL, data='{"email": ', content_type="application/json")
    assert "not valid JSON" in _error(response, 400, "bad_request")["message"]


def test_a_body_that_is_not_json_answers_400(client):
    response = client.post(TOKEN_URL, data={"email": "a@example.org", "password": "x"})
    assert "Content-Type: application/json" in _error(response, 400, "bad_request")["message"]


def test_deeply_nested_json_answers_400(client):
    body = "[" * 100_000 + "]" * 100_000
    response = client.post(TOKEN_URL, data=body, content_type="application/json")
    assert "nested too deeply" in _error(response, 400, "bad_request")["message"]


def test_bytes_that_are_not_utf8_answer_400(client):
    response = client.post(TOKEN_URL, data=b'{"email": "\xff"}', content_type="application/json")
    _error(response, 400, "bad_request")


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"email": "a@example.org", "password": "x", "role": "admin"}, {"role"}),
        ({"email": 42, "password": ["x"]}, {"email", "password"}),
        ({"email": "a@example.org"}, {"password"}),
        ({}, {"email", "password"}),
        ([1, 2], {"_schema"}),
        ("text", {"_schema"}),
        ({"email": "a\x00b@example.org", "password": "x"}, {"email"}),
    ],
    ids=["unknown field", "wrong types", "missing field", "empty", "array", "string", "NUL"],
)
def test_invalid_bodies_answer_422_naming_the_fields(client, make, body, fields):
    error = _error(client.post(TOKEN_URL, json=body), 422, "validation_error")
    assert set(error["fields"]) == fields
    assert all(isinstance(m, str) for messages in error["fields"].values() for m in messages)


def test_a_lone_surrogate_answers_422_not_500(client):
    body = b'{"email": "a@example.org", "password": "\\ud800"}'
    response = client.post(TOKEN_URL, data=body, content_type="application/json")
    assert set(_error(response, 422, "validation_error")["fields"]) == {"password"}


def test_nul_in_a_query_string_answers_422(client, make, bearer):
    response = client.get("/api/v1/auth/tokens?state=%00", headers=bearer(make.user()))
    assert set(_error(response, 422, "validation_error")["fields"]) == {"state"}


def test_bad_input_changes_nothing(client, make):
    user = make.user()
    body = {"email": user.email, "password": DEFAULT_PASSWORD, "unexpected": 1}
    client.post(TOKEN_URL, json=body)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken)) == 0


def test_wrong_method_answers_405_with_allow(client):
    response = client.get(TOKEN_URL)
    _error(response, 405, "method_not_allowed")
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/auth/tokens/abc",
        "/api/v1/auth/tokens/99999999999999999999",
        "/api/v2/me",
    ],
)
def test_unknown_paths_answer_404_in_json(client, path):
    _error(client.delete(path), 404, "not_found")


@pytest.mark.parametrize("number", [2**31, 4499290618, 0, "007"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/api/v1/programmes/{}/members"),  # the path also has a POST
        ("DELETE", "/api/v1/sessions/{}"),  # the path also has GET and PATCH
        ("POST", "/api/v1/programmes/{}/recommendations"),
    ],
)
def test_ids_that_cannot_exist_answer_404_not_405(client, method, path, number):
    """Found by the fuzz test: the router answered 405 when a method's rule refused the id."""
    _error(client.open(path.format(number), method=method), 404, "not_found")


def test_body_above_the_limit_answers_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    body = '{"email": "' + "a" * 2048 + '", "password": "x"}'
    response = client.post(TOKEN_URL, data=body, content_type="application/json")
    _error(response, 413, "payload_too_large")


def test_pages_keep_their_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_nested_messages_become_dotted_field_names():
    messages = {
        "title": ["Missing data for required field."],
        "sides": {
            0: {"countries": {1: ["Not a valid country."]}},
            2: {"_schema": ["Invalid input type."]},
        },
        "_schema": ["Ends before it starts."],
    }
    assert flatten_messages(messages) == {
        "title": ["Missing data for required field."],
        "sides.0.countries.1": ["Not a valid country."],
        "sides.2": ["Invalid input type."],
        "_schema": ["Ends before it starts."],
    }
