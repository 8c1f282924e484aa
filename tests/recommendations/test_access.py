"""Who may open what: a table per page and per API endpoint, for every role."""

import pytest

from tests.recommendations.conftest import ROLES, filing

MEMBERS = {"admin", "coordinator", "author", "facilitator", "participant"}
STAFF = {"admin", "coordinator", "author", "facilitator"}
OWNERS = {"admin", "coordinator", "author"}
MANAGERS = {"admin", "coordinator"}

PAGES = [
    # (url template, status of the recommendation, roles allowed)
    ("/programmes/{slug}/recommendations", "submitted", MEMBERS),
    ("/programmes/{slug}/recommendations/new", "submitted", STAFF),
    ("/recommendations/{id}", "draft", OWNERS),
    ("/recommendations/{id}", "submitted", MEMBERS),
    ("/recommendations/{id}/history", "draft", OWNERS),
    ("/recommendations/{id}/history", "published", MEMBERS),
    ("/recommendations/{id}/edit", "draft", OWNERS),
    ("/recommendations/{id}/edit", "returned", OWNERS),
    ("/recommendations/{id}/edit", "submitted", MANAGERS),
    ("/recommendations/{id}/edit", "withdrawn", set()),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("template", "status", "allowed"), PAGES)
def test_pages(world, file, client_for, role, template, status, allowed):
    recommendation = file(status=status)
    url = template.format(slug=world.programme.slug, id=recommendation.id)
    response = client_for(world[role]).get(url)
    assert response.status_code == (200 if role in allowed else 403)


@pytest.mark.parametrize("url", ["/programmes/{slug}/recommendations", "/recommendations/{id}"])
def test_signed_out_visitors_are_sent_to_sign_in(world, file, client_for, url):
    recommendation = file(status="published")
    response = client_for(None).get(url.format(slug=world.programme.slug, id=recommendation.id))
    assert response.status_code == 302
    assert "/login" in response.location


@pytest.mark.parametrize(
    "url", ["/recommendations/9223372036854775808", "/recommendations/abc", "/recommendations/0"]
)
def test_impossible_ids_are_not_found(world, client_for, url):
    assert client_for(world["coordinator"]).get(url).status_code == 404


API = [
    # (method, url template, status of the recommendation, body, roles allowed, success code)
    ("GET", "/programmes/{pid}/recommendations", "submitted", None, MEMBERS, 200),
    ("POST", "/programmes/{pid}/recommendations", "submitted", "filing", STAFF, 201),
    ("GET", "/recommendations/{id}", "draft", None, OWNERS, 200),
    ("GET", "/recommendations/{id}", "adopted", None, MEMBERS, 200),
    ("PATCH", "/recommendations/{id}", "draft", {"summary": "New."}, OWNERS, 200),
    ("PATCH", "/recommendations/{id}", "adopted", {"summary": "New."}, MANAGERS, 200),
    ("POST", "/recommendations/{id}/endorsements", "adopted", None, {"participant"}, 201),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "template", "status", "body", "allowed", "code"), API)
def test_api(world, file, client, bearer, role, method, template, status, body, allowed, code):
    recommendation = file(status=status)
    url = "/api/v1" + template.format(pid=world.programme.id, id=recommendation.id)
    json = filing(world) if body == "filing" else body
    response = client.open(url, method=method, json=json, headers=bearer(world[role]))
    assert response.status_code == (code if role in allowed else 403), response.json
    if response.status_code == 403:
        assert response.json["error"]["code"] == "forbidden"


def test_api_without_a_token_is_unauthorized(world, file, client):
    recommendation = file(status="published")
    assert client.get(f"/api/v1/recommendations/{recommendation.id}").status_code == 401
