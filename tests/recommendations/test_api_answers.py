"""The recommendations list, built from rows, answers exactly what the one-item answer holds."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations import endorsements, queries
from dialogues.recommendations.models import recommendation_session
from dialogues.recommendations.schemas import RecommendationSchema

API = "/api/v1"
API_NAMES = {"side": "side_id", "session": "session_id"}


@pytest.fixture
def filed(world, make, file):
    """Recommendations in every state, with every part, endorsed across the divide or not."""
    plenary, working_group = make.session(world.programme), make.session(world.programme)
    full = file(
        "published",
        title="Maritime incident hotline / 海上事故热线",
        summary="خط ساخن بين البحريتين",
        body="Both sides **should** [1] a hotline.",
        topics=["maritime", "Crisis", "arms control"],
        session_ids=[working_group.id, plenary.id],
        alternatives=[
            {"passage": 1, "side_id": world.cn.id, "text": "study"},
            {"passage": 1, "side_id": world.us.id, "text": "establish"},
        ],
    )
    full.published_at = datetime(2027, 3, 20, 12, tzinfo=UTC)
    bare = file("submitted", title="Россия: обмен студентами", summary="", body="", topics=[],
                addressed_to=[world.cn.id], positions=[])  # fmt: skip
    file("adopted", agreement="divided")
    file("draft", title="A draft of the author's")
    file("draft", author=world["coordinator"], title="A coordinator's draft")
    file("withdrawn", title="Withdrawn")
    leaver = make.user("Leaving Person")
    leaving = make.registration(world.programme, world.us, leaver, status="accepted")
    for person in (world["participant"], world["participant_cn"], leaver):
        endorsements.endorse(full, person)
    endorsements.endorse(bare, world["participant"])
    endorsements.endorse(bare, leaver)
    db.session.commit()
    leaving.status = "withdrawn"  # no longer accepted: the endorsement no longer counts
    db.session.commit()
    return world


@pytest.mark.parametrize("role", ["coordinator", "author", "facilitator", "participant_cn"])
@pytest.mark.parametrize(
    "query",
    [{}, {"per_page": 2, "page": 2}, {"q": "hotline"}, {"status": "draft"}, {"topic": "crisis"}],
)
def test_the_list_matches_the_answer_for_each_recommendation(filed, client, bearer, role, query):
    headers = bearer(filed[role])
    url = f"{API}/programmes/{filed.programme.id}/recommendations"
    answer = client.get(url, query_string=query, headers=headers)
    assert answer.status_code == 200, answer.json
    for item in answer.json["items"]:
        one = client.get(f"{API}/recommendations/{item['id']}", headers=headers).json
        assert item == one
        assert set(item) == set(RecommendationSchema().fields)


def test_the_list_shows_what_each_role_may_see(filed, client, bearer):
    url = f"{API}/programmes/{filed.programme.id}/recommendations"

    def titles(role, **query):
        answer = client.get(url, query_string=query, headers=bearer(filed[role])).json
        return {item["title"] for item in answer["items"]}

    everything = titles("coordinator")
    assert len(everything) == 6
    assert titles("author") == everything - {"A coordinator's draft"}
    assert titles("facilitator") == titles("participant_cn")
    assert titles("facilitator") == everything - {
        "A coordinator's draft",
        "A draft of the author's",
    }
    denied = client.get(url, headers=bearer(filed["liaison"]))
    assert denied.status_code == 403


def test_the_list_carries_every_part(filed, client, bearer):
    url = f"{API}/programmes/{filed.programme.id}/recommendations"
    headers = bearer(filed["coordinator"])
    items = client.get(url, query_string={"status": "published"}, headers=headers).json["items"]
    [full] = items
    us, cn = str(filed.us.id), str(filed.cn.id)
    assert (full["endorsements"], full["backed_across_sides"]) == ({us: 1, cn: 1}, True)
    [bare] = client.get(url, query_string={"status": "submitted"}, headers=headers).json["items"]
    assert (bare["endorsements"], bare["backed_across_sides"]) == ({us: 1, cn: 0}, False)
    assert (bare["summary"], bare["body"], bare["topics"], bare["positions"]) == ("", "", [], [])
    assert full["topics"] == ["arms control", "Crisis", "maritime"]
    assert full["alternatives"] == [
        {"passage": 1, "side_id": filed.us.id, "text": "establish"},
        {"passage": 1, "side_id": filed.cn.id, "text": "study"},
    ]
    assert len(full["session_ids"]) == 2
    assert full["published_at"] == "2027-03-20T12:00:00Z"
    assert "<strong>should</strong>" in full["body_html"]


def test_an_empty_page(filed, client, bearer):
    url = f"{API}/programmes/{filed.programme.id}/recommendations"
    answer = client.get(url, query_string={"page": 9}, headers=bearer(filed["coordinator"])).json
    assert answer == {"items": [], "total": 6, "page": 9, "per_page": 50}


@pytest.mark.parametrize("role", ["coordinator", "author", "facilitator", "participant_cn"])
def test_the_list_holds_what_the_pages_list_holds(filed, make, client, bearer, role):
    """The API's statement built once (no search) against ``queries.listing``, filter by filter."""
    programme, person = filed.programme, filed[role]
    session_id = db.session.scalar(
        sa.select(recommendation_session.c.session_id).order_by(recommendation_session.c.session_id)
    )
    cases = [
        {},
        {"status": "draft"},
        {"status": "submitted", "agreement": "broad_support"},
        {"agreement": "divided"},
        {"side": filed.cn.id},
        {"side": filed.us.id, "topic": "CRISIS"},
        {"topic": "arms control"},
        {"session": session_id},
        {"session": session_id, "side": filed.cn.id, "status": "published"},
    ]
    url = f"{API}/programmes/{programme.id}/recommendations"
    for case in cases:
        expected = db.session.scalars(
            queries.listing(programme, person, queries.Filters(**case), rows_loaded=False)
        ).all()
        args = {API_NAMES.get(name, name): value for name, value in case.items()}
        answer = client.get(url, query_string=args, headers=bearer(person)).json
        assert [item["id"] for item in answer["items"]] == [r.id for r in expected], case
        assert answer["total"] == len(expected), case
