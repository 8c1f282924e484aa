"""The release gate: where a programme requires it, liaisons read a side's briefing only as a
coordinator approved it; every step is audited."""

import sqlalchemy as sa

from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from dialogues.recommendations import operations as recommendations
from tests.briefings.conftest import exports
from tests.conftest import post_form


def briefings_page(world):
    return f"/programmes/{world.programme.slug}/briefings"


def api(world, side):
    return f"/api/v1/programmes/{world.programme.id}/briefings/{side.id}?format=md"


def audit_actions() -> list[str]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def turn_gate_on(world, client_for):
    browser = client_for(world["coordinator"])
    response = post_form(
        browser, f"{briefings_page(world)}/release-gate", {"required": "y"}, briefings_page(world)
    )
    assert response.status_code == 302
    return browser


def test_liaisons_wait_for_a_release_then_read_what_was_approved(world, client_for, client, bearer):
    coordinator = turn_gate_on(world, client_for)
    liaison_headers = bearer(world["us_liaison"])
    refused = client.get(api(world, world.us), headers=liaison_headers)
    assert refused.status_code == 403
    assert "not been released" in refused.json["error"]["message"]
    liaison = client_for(world["us_liaison"])
    assert liaison.get(f"{briefings_page(world)}/{world.us.id}").status_code == 403
    assert "Not released" in liaison.get(briefings_page(world)).get_data(as_text=True)
    # Coordinators export whatever the gate says.
    assert client.get(api(world, world.us), headers=bearer(world["coordinator"])).status_code == 200

    response = post_form(
        coordinator, f"{briefings_page(world)}/{world.us.id}/release", {}, briefings_page(world)
    )
    assert response.status_code == 302
    assert client.get(api(world, world.us), headers=liaison_headers).status_code == 200
    # Another side's release is its own.
    assert client.get(api(world, world.cn), headers=bearer(world["cn_liaison"])).status_code == 403
    assert {"programme.briefing_release_gate", "briefing.released"} <= set(audit_actions())


def test_a_briefing_that_changed_since_its_release_waits_for_a_new_approval(
    world, client_for, client, bearer
):
    coordinator = turn_gate_on(world, client_for)
    post_form(coordinator, f"{briefings_page(world)}/{world.us.id}/release", {},
              briefings_page(world))  # fmt: skip
    headers = bearer(world["us_liaison"])
    assert client.get(api(world, world.us), headers=headers).status_code == 200
    db.session.rollback()
    hotline = db.session.get(
        type(world.recommendations["hotline"]), world.recommendations["hotline"].id
    )
    recommendations.transition(hotline, world["coordinator"], "withdrawn")
    db.session.commit()
    assert client.get(api(world, world.us), headers=headers).status_code == 403
    listing = coordinator.get(briefings_page(world)).get_data(as_text=True)
    assert "Changed since it was released" in listing
    post_form(coordinator, f"{briefings_page(world)}/{world.us.id}/release", {},
              briefings_page(world))  # fmt: skip
    answer = client.get(api(world, world.us), headers=headers)
    assert answer.status_code == 200
    assert "Alphacrest" not in answer.get_data(as_text=True)


def test_a_release_can_be_withdrawn(world, client_for, client, bearer):
    coordinator = turn_gate_on(world, client_for)
    release = f"{briefings_page(world)}/{world.us.id}/release"
    post_form(coordinator, release, {}, briefings_page(world))
    response = post_form(coordinator, f"{release}/withdraw", {}, briefings_page(world))
    assert response.status_code == 302
    assert client.get(api(world, world.us), headers=bearer(world["us_liaison"])).status_code == 403
    again = post_form(coordinator, f"{release}/withdraw", {}, briefings_page(world))
    assert again.status_code == 409
    assert "briefing.release_withdrawn" in audit_actions()
    assert {e.actor_id for e in exports()} == set()


def test_only_coordinators_release_or_change_the_gate(world, client_for):
    liaison = client_for(world["us_liaison"])
    page = briefings_page(world)
    for url in (f"{page}/{world.us.id}/release", f"{page}/release-gate"):
        response = post_form(liaison, url, {"required": "y"}, page)
        assert response.status_code == 403
    db.session.rollback()
    assert (
        db.session.get(type(world.programme), world.programme.id).requires_briefing_release is False
    )
