"""Listing and revoking one's tokens: pagination, a filter, the owner's rule."""

import pytest
import sqlalchemy as sa

from dialogues.api.models import ApiToken
from dialogues.core.audit import AuditEvent
from dialogues.core.models import utcnow
from dialogues.extensions import db

TOKENS = "/api/v1/auth/tokens"


@pytest.fixture
def owner(make):
    return make.user()


@pytest.fixture
def headers(owner, issue):
    """The owner holds three tokens; these headers carry the newest."""
    for name in ("first", "second"):
        issue(owner, name=name)
    return {"Authorization": f"Bearer {issue(owner, name='third')['token']}"}


def test_list_is_newest_first_and_never_shows_the_secret(client, headers):
    response = client.get(TOKENS, headers=headers)
    assert response.status_code == 200
    assert [item["name"] for item in response.json["items"]] == ["third", "second", "first"]
    assert (response.json["total"], response.json["page"], response.json["per_page"]) == (3, 1, 50)
    assert set(response.json["items"][0]) == {
        "id",
        "name",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    }
    assert response.json["items"][0]["created_at"].endswith("Z")


def test_pages(client, headers):
    response = client.get(f"{TOKENS}?page=2&per_page=2", headers=headers)
    assert [item["name"] for item in response.json["items"]] == ["first"]
    assert (response.json["total"], response.json["page"], response.json["per_page"]) == (3, 2, 2)
    beyond = client.get(f"{TOKENS}?page=9", headers=headers)
    assert (beyond.json["items"], beyond.json["total"]) == ([], 3)


def test_per_page_above_200_is_clamped(client, headers):
    response = client.get(f"{TOKENS}?per_page=500", headers=headers)
    assert response.status_code == 200
    assert response.json["per_page"] == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=1.5", "page"),
        ("per_page=0", "per_page"),
        ("per_page=-3", "per_page"),
        ("per_page=many", "per_page"),
        ("page=99999999999999999999999", "page"),
        ("state=nonsense", "state"),
    ],
)
def test_bad_list_parameters_answer_422_naming_them(client, headers, query, field):
    response = client.get(f"{TOKENS}?{query}", headers=headers)
    assert response.status_code == 422
    assert response.json["error"]["code"] == "validation_error"
    assert list(response.json["error"]["fields"]) == [field]


def test_state_filter(client, headers):
    db.session.execute(
        sa.update(ApiToken).where(ApiToken.name == "first").values(revoked_at=utcnow())
    )
    db.session.commit()
    revoked = client.get(f"{TOKENS}?state=revoked", headers=headers).json
    active = client.get(f"{TOKENS}?state=active", headers=headers).json
    assert [item["name"] for item in revoked["items"]] == ["first"]
    assert [item["name"] for item in active["items"]] == ["third", "second"]
    assert client.get(f"{TOKENS}?state=expired", headers=headers).json["total"] == 0


def test_list_needs_a_token(client):
    assert client.get(TOKENS).status_code == 401


def _token_id(name):
    token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.name == name))
    db.session.rollback()  # end the read, so later reads see what requests committed
    return token_id


def test_owner_revokes_a_token_and_it_stops_working(client, owner, issue, headers):
    other = issue(owner, name="script")
    response = client.delete(f"{TOKENS}/{_token_id('script')}", headers=headers)
    assert response.status_code == 204
    assert (
        client.get("/api/v1/me", headers={"Authorization": f"Bearer {other['token']}"}).status_code
        == 401
    )
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "api_token.revoke"))
    assert event.object_id == _token_id("script")


def test_someone_else_cannot_revoke_it(client, make, bearer, headers):
    response = client.delete(f"{TOKENS}/{_token_id('first')}", headers=bearer(make.user()))
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"
    assert db.session.scalar(sa.select(ApiToken.revoked_at).where(ApiToken.name == "first")) is None


def test_an_administrator_can_revoke_it(client, make, bearer, headers):
    response = client.delete(
        f"{TOKENS}/{_token_id('first')}", headers=bearer(make.user(is_admin=True))
    )
    assert response.status_code == 204


@pytest.mark.parametrize("token_id", ["424242", "abc", "0", "-1", "99999999999999999999"])
def test_unknown_or_impossible_ids_answer_404(client, headers, token_id):
    response = client.delete(f"{TOKENS}/{token_id}", headers=headers)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"
