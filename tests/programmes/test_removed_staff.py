"""Someone removed from a programme's staff keeps no right over its sessions or what they filed.

Their name stays on the sessions they ran (the record of who ran them) and leaves those still to
come; the rights that came with running them and with authorship last only while they are on the
staff.
"""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.programmes.operations import remove_member
from dialogues.sessions.models import Attendance, DialogueSession, SessionNote
from tests.conftest import post_form


@pytest.fixture
def scene(make):
    programme = make.programme(confidentiality="off_the_record")
    coordinator, facilitator = make.user("Cora Coordinator"), make.user("Farid Facilitator")
    make.member(programme, coordinator, "coordinator")
    membership = make.member(programme, facilitator, "facilitator")
    alice = make.user("Alice Hernández")
    registration = make.registration(programme, programme.sides[0], alice, status="accepted")
    dialogue_session = make.session(programme, facilitators=[facilitator], title="Closed talk")
    db.session.add(Attendance(session_id=dialogue_session.id, registration_id=registration.id))
    draft = make.recommendation(programme, facilitator, status="draft", title="Draft one")
    returned = make.recommendation(programme, facilitator, status="returned", title="Returned")
    db.session.commit()
    return type("Scene", (), locals())


def _remove(scene, app) -> None:
    with app.test_request_context("/"):
        remove_member(db.session.get(Membership, scene.membership.id))
        db.session.commit()


def _notes() -> list[SessionNote]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(SessionNote)))


def test_the_pages_refuse_a_removed_facilitator(scene, client_for, app):
    browser = client_for(scene.facilitator)
    session_url = f"/sessions/{scene.dialogue_session.id}"
    new_note = f"{session_url}/notes/new"
    assert post_form(browser, new_note, {"text": "Written while on the staff"}).status_code == 302
    [note] = _notes()
    note_url = f"{session_url}/notes/{note.id}/edit"
    edit_url = f"/recommendations/{scene.returned.id}/edit"
    assert browser.get(note_url).status_code == 200
    assert browser.get(edit_url).status_code == 200
    token_page = browser.get(new_note).get_data(as_text=True)

    _remove(scene, app)

    assert browser.get(session_url).status_code == 403
    assert browser.get(new_note).status_code == 403
    assert browser.get(note_url).status_code == 403
    assert browser.get(edit_url).status_code == 403
    token = token_page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    headers = {"Referer": f"http://localhost{new_note}"}
    written = browser.post(new_note, data={"text": "After", "csrf_token": token}, headers=headers)
    assert written.status_code == 403
    attendance = {f"status-{scene.registration.id}": "absent", "csrf_token": token}
    marked = browser.post(f"{session_url}/attendance", data=attendance, headers=headers)
    assert marked.status_code == 403
    assert [n.id for n in _notes()] == [note.id]
    status = db.session.scalar(
        sa.select(Attendance.status).where(Attendance.registration_id == scene.registration.id)
    )
    assert status.value == "invited"


def test_the_api_refuses_a_removed_author(scene, client, bearer, app):
    headers = bearer(scene.facilitator)
    url = f"/api/v1/recommendations/{scene.draft.id}"
    assert client.get(url, headers=headers).status_code == 200

    _remove(scene, app)

    assert client.get(url, headers=headers).status_code == 403
    assert client.patch(url, json={"title": "Changed"}, headers=headers).status_code == 403
    moved = client.post(f"{url}/transition", json={"to": "submitted"}, headers=headers)
    assert moved.status_code == 403
    db.session.rollback()
    assert db.session.get(type(scene.draft), scene.draft.id).title == "Draft one"
    coordinator = bearer(scene.coordinator)
    assert client.patch(url, json={"title": "Taken on"}, headers=coordinator).status_code == 200


def test_they_leave_the_sessions_to_come_and_stay_on_those_held(scene, make, app):
    """The held session keeps who ran it; the one to come is left for the coordinators to give
    to someone else. A colleague who is also a coordinator keeps every session they run."""
    programme, facilitator = scene.programme, scene.facilitator
    colleague = make.user("Cleo Colleague")
    make.member(programme, colleague, "coordinator")
    also_facilitating = make.member(programme, colleague, "facilitator")
    now = datetime.now(UTC)
    held = make.session(
        programme, facilitators=[facilitator, colleague], starts_at=now - timedelta(days=2)
    )
    to_come = make.session(
        programme, facilitators=[facilitator, colleague], starts_at=now + timedelta(days=2)
    )

    _remove(scene, app)
    with app.test_request_context("/"):
        remove_member(db.session.get(Membership, also_facilitating.id))
        db.session.commit()

    assert _facilitators(held) == {facilitator.id, colleague.id}
    assert _facilitators(to_come) == {colleague.id}
    assert _facilitators(scene.dialogue_session) == set()  # 2027: still to come


def _facilitators(dialogue_session) -> set[int]:
    db.session.expire_all()
    return {user.id for user in db.session.get(DialogueSession, dialogue_session.id).facilitators}
