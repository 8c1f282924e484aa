"""The sessions list, built from rows, answers exactly what ``SessionSchema`` dumps for one."""

import pytest

from dialogues.sessions.schemas import SessionSchema
from tests.sessions.conftest import at


@pytest.mark.parametrize("who", ["coordinator", "facilitator", "alice", "bo"])
def test_the_list_matches_the_answer_for_one_session(client, world, bearer, plan, who):
    plan(
        title="Диалог 对话 حوار",
        starts_at=at(2, 9),
        venue="Hall A",
        online_url="https://meet.example/a?b=1&c=2",
        agenda="1. Welcome",
        statuses={world.alice_reg.id: "confirmed", world.bo_reg.id: "declined"},
    )
    plan(title="Off the record", starts_at=at(3, 9), confidentiality_override="off_the_record")
    plan(title="Only Alice", starts_at=at(4, 9), invite=[world.alice_reg], facilitators=[])
    plan(title="Called off", starts_at=at(5, 9), cancelled_at=at(1, 9), invite=[])
    headers = bearer(getattr(world, who))
    answer = client.get(f"/api/v1/programmes/{world.programme.id}/sessions", headers=headers).json
    assert (answer["total"], answer["page"], answer["per_page"]) == (4, 1, 50)
    for item in answer["items"]:
        one = client.get(f"/api/v1/sessions/{item['id']}", headers=headers).json
        assert item == one
        assert set(item) <= set(SessionSchema().fields)
    staff = who in ("coordinator", "facilitator")
    assert ("attendance_by_side" in answer["items"][0]) is staff
    assert ("my_attendance" in answer["items"][0]) is (who in ("alice", "bo"))
    if staff:
        sides = answer["items"][2]["attendance_by_side"]
        assert sides == {
            str(world.us.id): {
                "invited": 1,
                "confirmed": 0,
                "declined": 0,
                "attended": 0,
                "absent": 0,
            },
            str(world.cn.id): {
                "invited": 0,
                "confirmed": 0,
                "declined": 0,
                "attended": 0,
                "absent": 0,
            },
        }
