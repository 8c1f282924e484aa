"""The recommendations API, as API.md fixes it."""

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.recommendations.models import Recommendation


def _body(world, **overrides):
    data = {
        "title": "Maritime incident hotline / 海上事故热线",
        "summary": "خط ساخن بين البحريتين",
        "body": "Both sides **should** [1] a hotline.",
        "agreement": "consensus",
        "addressed_to": [world.us.id],
        "topics": ["maritime"],
        "positions": [{"side_id": world.cn.id, "text": "中方支持。"}],
        "alternatives": [
            {"passage": 1, "side_id": world.us.id, "text": "establish"},
            {"passage": 1, "side_id": world.cn.id, "text": "study"},
        ],
    }
    return {**data, **overrides}


def test_file_read_edit_and_move(world, client, bearer):
    author, coordinator = bearer(world["author"]), bearer(world["coordinator"])
    url = f"/api/v1/programmes/{world.programme.id}/recommendations"
    created = client.post(url, json=_body(world), headers=author)
    assert created.status_code == 201, created.json
    answer = created.json
    assert (answer["status"], answer["version"], answer["title"]) == (
        "draft",
        1,
        "Maritime incident hotline / 海上事故热线",
    )
    assert answer["endorsements"] == {str(world.us.id): 0, str(world.cn.id): 0}
    assert answer["alternatives"][1] == {"passage": 1, "side_id": world.cn.id, "text": "study"}
    assert "<strong>should</strong>" in answer["body_html"]
    rid = answer["id"]
    patched = client.patch(f"/api/v1/recommendations/{rid}", json={"summary": "x"}, headers=author)
    assert (patched.status_code, patched.json["version"]) == (200, 2)
    moved = client.post(
        f"/api/v1/recommendations/{rid}/transition", json={"to": "submitted"}, headers=author
    )
    assert (moved.status_code, moved.json["status"]) == (200, "submitted")
    again = client.post(
        f"/api/v1/recommendations/{rid}/transition", json={"to": "published"}, headers=coordinator
    )
    assert again.status_code == 409
    assert again.json["error"]["code"] == "conflict"
    refused = client.post(
        f"/api/v1/recommendations/{rid}/transition", json={"to": "adopted"}, headers=author
    )
    assert refused.status_code == 403
    listed = client.get(url, query_string={"q": "海上事故"}, headers=coordinator)
    assert listed.status_code == 200
    assert [item["id"] for item in listed.json["items"]] == [rid]
    assert listed.json["total"] == 1


def test_bad_input_names_the_field_and_writes_nothing(world, make, client, bearer):
    headers = bearer(world["author"])
    url = f"/api/v1/programmes/{world.programme.id}/recommendations"
    other = make.programme(slug="elsewhere")
    cases = [
        (_body(world, title="  "), "title"),
        (_body(world, addressed_to=[other.sides[0].id]), "addressed_to"),
        (_body(world, session_ids=[123456]), "session_ids"),
        (_body(world, agreement="maybe"), "agreement"),
        (_body(world, positions=[{"side_id": 999, "text": "x"}]), "positions"),
        ({"title": "No sides"}, "addressed_to"),
    ]
    for body, field in cases:
        response = client.post(url, json=body, headers=headers)
        assert response.status_code == 422, (field, response.json)
        assert field in response.json["error"]["fields"], response.json
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 0


def test_unknown_filter_values_are_refused(world, client, bearer):
    headers = bearer(world["participant"])
    url = f"/api/v1/programmes/{world.programme.id}/recommendations"
    for query, field in (({"status": "nonsense"}, "status"), ({"side_id": 999999}, "side_id"),
                         ({"session_id": 999999}, "session_id")):  # fmt: skip
        response = client.get(url, query_string=query, headers=headers)
        assert response.status_code == 422, response.json
        assert field in response.json["error"]["fields"]


def test_endorsement_answers_hold_counts_only(world, file, client, bearer):
    recommendation = file(status="submitted")
    url = f"/api/v1/recommendations/{recommendation.id}/endorsements"
    first = client.post(url, headers=bearer(world["participant"]))
    assert first.status_code == 201
    assert first.json["endorsements"] == {str(world.us.id): 1, str(world.cn.id): 0}
    assert client.post(url, headers=bearer(world["participant"])).status_code == 409
    assert client.post(url, headers=bearer(world["pending"])).status_code == 403
    assert client.post(url, headers=bearer(world["facilitator"])).status_code == 403
    withdrawn = client.delete(url, headers=bearer(world["participant"]))
    assert withdrawn.json["endorsements"][str(world.us.id)] == 0
