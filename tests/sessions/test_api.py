"""The sessions API beyond access: bodies, bad input, partial updates, filters, cancelling."""

import pytest

from dialogues.sessions.models import DialogueSession
from tests.sessions.conftest import at, count


def create(client, world, bearer, **fields):
    body = {
        "title": "Plenary 全体会议",
        "format": "plenary",
        "starts_at": "2027-03-02T09:00:00Z",
        "ends_at": "2027-03-02T11:00:00Z",
    }
    body.update(fields)
    url = f"/api/v1/programmes/{world.programme.id}/sessions"
    return client.post(url, json=body, headers=bearer(world.coordinator))


def test_create_with_every_field(client, world, bearer, outbox):
    response = create(
        client,
        world,
        bearer,
        venue="  Salle du Conseil ",
        online_url="https://meet.example.org/abc",
        confidentiality="on_record",
        facilitator_ids=[world.facilitator.id, world.coordinator.id],
        agenda="1. Welcome",
        participant_ids=[world.bo_reg.id],
    )
    assert response.status_code == 201, response.json
    answer = response.json
    assert answer["programme_id"] == world.programme.id
    assert answer["title"] == "Plenary 全体会议"
    assert answer["venue"] == "Salle du Conseil"
    assert answer["confidentiality"] == "on_record"
    assert answer["confidentiality_override"] == "on_record"
    assert sorted(answer["facilitator_ids"]) == sorted([world.facilitator.id, world.coordinator.id])
    assert answer["invited_registration_ids"] == [world.bo_reg.id]
    assert answer["attendance_by_side"][str(world.cn.id)]["invited"] == 1
    assert answer["status"] == "scheduled"
    assert answer["warnings"] == []
    assert [m["To"] for m in outbox()] == [world.bo.email]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"ends_at": "2027-03-02T09:00:00Z"}, "ends_at", "The end must be after the start."),
        ({"starts_at": "2027-03-02T09:00:00"}, "starts_at", "offset"),
        ({"format": "party"}, "format", "Must be one of"),
        ({"title": ""}, "title", "Length must be between"),
        ({"online_url": "ftp://x.example"}, "online_url", "http:// or https://"),
        ({"facilitator_ids": ["x"]}, "facilitator_ids.0", "Not a valid integer"),
        ({"nonsense": 1}, "nonsense", "Unknown field"),
    ],
)
def test_bad_bodies(client, world, bearer, fields, field, message):
    response = create(client, world, bearer, **fields)
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "validation_error"
    assert any(message in text for text in error["fields"][field]), error
    assert count(DialogueSession) == 0


def test_people_must_belong_to_the_programme(client, world, bearer):
    liaison = create(client, world, bearer, facilitator_ids=[world.liaison.id])
    assert liaison.status_code == 422
    assert liaison.json["error"]["fields"]["facilitator_ids"] == [
        f"Not a facilitator or coordinator of this programme: user {world.liaison.id}."
    ]
    pending = create(client, world, bearer, participant_ids=[world.pending_reg.id])
    assert pending.status_code == 422
    assert "participant_ids" in pending.json["error"]["fields"]
    assert count(DialogueSession) == 0


def test_outside_the_dates_is_a_warning(client, world, bearer):
    response = create(
        client, world, bearer, starts_at="2027-04-02T09:00:00Z", ends_at="2027-04-02T10:00:00Z"
    )
    assert response.status_code == 201
    assert "outside the programme's dates" in response.json["warnings"][0]


def test_partial_updates(client, world, bearer, plan):
    dialogue_session = plan(confidentiality_override="off_the_record")
    headers = bearer(world.coordinator)
    url = f"/api/v1/sessions/{dialogue_session.id}"
    renamed = client.patch(url, json={"title": "Renamed"}, headers=headers)
    assert renamed.status_code == 200
    assert renamed.json["starts_at"] == "2027-03-02T09:00:00Z"  # untouched
    assert renamed.json["confidentiality"] == "off_the_record"
    restored = client.patch(url, json={"confidentiality": None}, headers=headers)
    assert restored.json["confidentiality"] == "chatham_house"  # the programme's again
    assert restored.json["confidentiality_override"] is None
    narrowed = client.patch(url, json={"participant_ids": [world.alice_reg.id]}, headers=headers)
    assert narrowed.json["invited_registration_ids"] == [world.alice_reg.id]
    assert (
        client.patch(url, json={"ends_at": "2027-03-01T09:00:00Z"}, headers=headers).status_code
        == 422
    )


def test_list_filters(client, world, bearer, plan):
    plan(title="Early", starts_at=at(2, 9))
    plan(title="Late", starts_at=at(9, 9), invite=[])
    plan(title="Off", starts_at=at(5, 9), cancelled_at=at(1, 9), invite=[])
    headers = bearer(world.alice)
    url = f"/api/v1/programmes/{world.programme.id}/sessions"

    def titles(query: str) -> list[str]:
        answer = client.get(url + query, headers=headers).json
        return [item["title"] for item in answer["items"]]

    assert titles("") == ["Early", "Off", "Late"]
    assert titles("?starts_after=2027-03-04T00:00:00Z") == ["Off", "Late"]
    assert titles("?starts_before=2027-03-04T00:00:00%2B08:00") == ["Early"]
    assert titles("?cancelled=false") == ["Early", "Late"]
    assert titles("?cancelled=true") == ["Off"]
    assert titles("?per_page=1&page=2") == ["Off"]
    assert client.get(url + "?starts_after=soon", headers=headers).status_code == 422


def test_cancelling_twice(client, world, bearer, plan):
    dialogue_session = plan()
    headers = bearer(world.coordinator)
    url = f"/api/v1/sessions/{dialogue_session.id}"
    first = client.delete(url, headers=headers)
    assert first.status_code == 200
    assert first.json["status"] == "cancelled"
    assert client.delete(url, headers=headers).status_code == 409
    assert client.patch(url, json={"title": "Back"}, headers=headers).status_code == 409
    assert client.get(url, headers=headers).json["status"] == "cancelled"
