"""The whole journey of API.md, through the API only: from a token to a side's briefing."""

from tests.factories import DEFAULT_PASSWORD

API = "/api/v1"


def token(client, email, password=DEFAULT_PASSWORD):
    response = client.post(f"{API}/auth/token", json={"email": email, "password": password})
    assert response.status_code == 201, response.json
    return {"Authorization": f"Bearer {response.json['token']}"}


def registration(side_id, number):
    return {
        "name": f"Participant {number}",
        "email": f"participant{number}@example.org",
        "password": "a long participant password",
        "side_id": side_id,
        "affiliation": "University",
        "role": "academic",
        "nationality": "US" if number == 1 else "CN",
        "consent_data_processing": True,
        "accepts_confidentiality_rule": True,
    }


def test_journey_from_token_to_briefing(client, make):
    admin = make.user(is_admin=True)
    coordinator = token(client, admin.email)
    created = client.post(
        f"{API}/programmes",
        headers=coordinator,
        json={
            "title": "Maritime dialogue",
            "kind": "track_1_5",
            "description": "Hotlines at sea.",
            "starts_on": "2027-03-01",
            "ends_on": "2027-03-31",
            "timezone": "Asia/Shanghai",
            "confidentiality": "chatham_house",
            "sides": [
                {"name": "United States", "countries": ["US"], "capacity": 5},
                {"name": "China", "countries": ["CN"], "capacity": 5},
            ],
        },
    )
    assert created.status_code == 201, created.json
    programme = created.json
    base = f"{API}/programmes/{programme['id']}"
    us, cn = (side["id"] for side in programme["sides"])

    liaisons = {us: make.user().email, cn: make.user().email}
    for side_id, email in liaisons.items():
        member = client.post(
            f"{base}/members",
            headers=coordinator,
            json={"email": email, "role": "liaison", "side_id": side_id},
        )
        assert member.status_code == 201, member.json
        assert member.json["side_id"] == side_id
    facilitator = make.user()
    member = client.post(
        f"{base}/members",
        headers=coordinator,
        json={"email": facilitator.email, "role": "facilitator"},
    )
    assert member.status_code == 201, member.json

    opened = client.patch(base, headers=coordinator, json={"registration_open": True})
    assert opened.json["registration_open"] is True

    registered = [
        client.post(f"{base}/registrations", json=registration(side_id, number))
        for number, side_id in ((1, us), (2, cn))
    ]
    assert [r.status_code for r in registered] == [201, 201], [r.json for r in registered]
    assert {r.json["status"] for r in registered} == {"pending"}
    for answer in registered:
        decided = client.patch(
            f"{API}/registrations/{answer.json['id']}",
            headers=coordinator,
            json={"status": "accepted"},
        )
        assert decided.json["status"] == "accepted"

    balance = client.get(f"{base}/balance", headers=coordinator).json
    assert [side["accepted"] for side in balance["sides"]] == [1, 1]
    assert balance["parity"] == 1.0

    session_body = {
        "title": "Plenary",
        "format": "plenary",
        "starts_at": "2027-03-02T09:00:00+08:00",
        "ends_at": "2027-03-02T11:00:00+08:00",
        "venue": "Hall A",
        "facilitator_ids": [facilitator.id],
    }
    session = client.post(f"{base}/sessions", headers=coordinator, json=session_body)
    assert session.status_code == 201, session.json
    assert session.json["starts_at"] == "2027-03-02T01:00:00Z"
    clash = client.post(
        f"{base}/sessions", headers=coordinator, json={**session_body, "venue": " hall a "}
    )
    assert clash.status_code == 409
    reasons = {c["reason"] for c in clash.json["error"]["conflicts"]}
    assert {c["session_id"] for c in clash.json["error"]["conflicts"]} == {session.json["id"]}
    assert {"facilitator", "venue"} <= reasons

    attended = client.put(
        f"{API}/sessions/{session.json['id']}/attendance/{registered[0].json['id']}",
        headers=coordinator,
        json={"status": "confirmed"},
    )
    assert attended.status_code == 200, attended.json
    assert attended.json["status"] == "confirmed"

    draft = client.post(
        f"{base}/recommendations",
        headers=coordinator,
        json={
            "title": "Open a maritime hotline",
            "summary": "Both navies keep a hotline.",
            "body": "A **staffed** line.",
            "session_ids": [session.json["id"]],
            "addressed_to": [us, cn],
            "agreement": "consensus",
            "positions": [{"side_id": us, "text": "Supports."}, {"side_id": cn, "text": "支持"}],
        },
    )
    assert draft.status_code == 201, draft.json
    assert (draft.json["status"], draft.json["version"]) == ("draft", 1)
    recommendation = f"{API}/recommendations/{draft.json['id']}"
    for to in ("submitted", "adopted"):
        moved = client.post(f"{recommendation}/transition", headers=coordinator, json={"to": to})
        assert moved.json["status"] == to, moved.json

    for number in (1, 2):
        participant = token(
            client, f"participant{number}@example.org", "a long participant password"
        )
        endorsed = client.post(f"{recommendation}/endorsements", headers=participant)
        assert endorsed.status_code == 201, endorsed.json
    counts = client.get(recommendation, headers=participant).json["endorsements"]
    assert counts == {str(us): 1, str(cn): 1}
    assert "Participant 1" not in client.get(recommendation, headers=participant).get_data(
        as_text=True
    )

    assert client.get(f"{base}/digest").status_code == 404
    published = client.post(
        f"{recommendation}/transition", headers=coordinator, json={"to": "published"}
    )
    assert published.json["status"] == "published"
    digest = client.get(f"{base}/digest")
    assert digest.status_code == 200
    assert [r["title"] for r in digest.json["recommendations"]] == ["Open a maritime hotline"]
    assert "Participant" not in digest.get_data(as_text=True)

    briefing = f"{base}/briefings/{us}?format=json"
    as_coordinator = client.get(briefing, headers=coordinator)
    assert as_coordinator.status_code == 200
    document = as_coordinator.get_json(force=True)
    assert [r["title"] for r in document["recommendations"]] == ["Open a maritime hotline"]
    assert document["recommendations"][0]["endorsements"] == {str(us): 1, str(cn): 1}
    assert document["sessions"]["held"] + document["sessions"]["scheduled"] == 1

    as_liaison = client.get(briefing, headers=token(client, liaisons[us]))
    assert as_liaison.status_code == 200
    assert as_liaison.get_json(force=True)["recommendations"] == document["recommendations"]
    refused = client.get(briefing, headers=token(client, liaisons[cn]))
    assert refused.status_code == 403
    assert refused.json["error"]["code"] == "forbidden"
