"""Notes: encrypted at rest, Chatham House warnings, speakers only on the record, and
off-the-record notes that reach no one but the session's facilitators and the coordinators."""

import os
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag

from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from dialogues.sessions.crypto import NoteKeyError, decode_key, decrypt_text, encrypt_text
from dialogues.sessions.models import SessionNote
from dialogues.sessions.notes import identities_in
from tests.conftest import post_form
from tests.sessions.conftest import at, count, fresh

SECRET = "The hotline proposal came from the navy: SECRET-7Q"


def write_note(client, dialogue_session, text, **extra):
    url = f"/sessions/{dialogue_session.id}/notes/new"
    return post_form(client, url, {"text": text, **extra})


def raw_ciphertexts() -> list[bytes]:
    db.session.rollback()
    rows = db.session.execute(sa.text("SELECT id, ciphertext FROM session_note ORDER BY id"))
    return [(row_id, bytes(blob)) for row_id, blob in rows]


def test_the_column_holds_ciphertext(client, world, login, plan, app):
    dialogue_session = plan(confidentiality_override="off_the_record")
    login(world.facilitator)
    text = "Both navies agreed 同意 on a hotline; 合意 — آراء"
    assert write_note(client, dialogue_session, text).status_code == 302
    [(note_id, blob)] = raw_ciphertexts()
    assert text.encode() not in blob
    assert b"hotline" not in blob
    assert "同意".encode() not in blob
    assert blob[:1] == b"\x01"
    assert len(blob) == 1 + 12 + len(text.encode()) + 16  # version, nonce, text, tag
    assert decrypt_text(note_id, blob) == text
    with pytest.raises(InvalidTag):  # the id is bound in: a ciphertext cannot be moved
        decrypt_text(note_id + 1, blob)
    key_file = Path(app.instance_path) / "note_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = key_file.read_text().strip()
    details = db.session.execute(sa.text("SELECT detail FROM audit_event")).scalars().all()
    dump = "\n".join(map(str, details))
    assert key not in dump
    assert "hotline" not in dump


def test_key_from_the_environment(app_context, monkeypatch):
    monkeypatch.setenv("NOTE_KEY", "ab" * 32)
    blob = encrypt_text(7, "noted")
    assert decrypt_text(7, blob) == "noted"
    monkeypatch.setenv("NOTE_KEY", "cd" * 32)
    with pytest.raises(InvalidTag):
        decrypt_text(7, blob)


@pytest.mark.parametrize("bad", ["short", "zz" * 32, "YWJj"])
def test_a_bad_key_stops_rather_than_writes(bad):
    with pytest.raises(NoteKeyError):
        decode_key(bad)


def test_chatham_house_warns_about_names_and_affiliations(client, world, login, plan):
    dialogue_session = plan()  # the programme's rule: Chatham House
    login(world.facilitator)
    page = client.get(f"/sessions/{dialogue_session.id}/notes/new").get_data(as_text=True)
    assert 'name="speaker_id"' not in page  # no speaker under Chatham House
    for text, found in [
        ("Ms Hernández proposed a hotline.", "Alice Hernández"),
        ("王小明认为热线很重要。", "王小明"),
        ("A researcher from the harbour institute disagreed.", "Harbour Institute"),
    ]:
        response = write_note(client, dialogue_session, text)
        assert response.status_code == 422
        assert f"<bdi>{found}</bdi>" in response.get_data(as_text=True)
        assert count(SessionNote) == 0
    confirmed = write_note(client, dialogue_session, "王小明认为…", confirm_identities="y")
    assert confirmed.status_code == 302
    assert count(SessionNote) == 1
    fine = write_note(client, dialogue_session, "One participant proposed a hotline.")
    assert fine.status_code == 302


def test_identities_in_any_script():
    people = [("Alice Hernández", "Harbour Institute"), ("王小明", ""), ("Will Li", "")]
    assert identities_in("ALICE HERNÁNDEZ spoke", people) == ["Alice Hernández"]
    assert identities_in("as Hernández said", people) == ["Alice Hernández"]
    assert identities_in("we will meet", people) == []  # "will" is not "Will"
    assert identities_in("小明说", people) == []  # only the whole name in unspaced scripts
    assert identities_in("harbour  institute", people) == ["Harbour Institute"]


def test_speakers_only_on_the_record_with_consent(client, world, login, plan):
    alice = fresh(world.alice_reg)
    alice.consents_to_attribution = True
    db.session.commit()
    dialogue_session = plan(confidentiality_override="on_record")
    login(world.facilitator)
    page = client.get(f"/sessions/{dialogue_session.id}/notes/new").get_data(as_text=True)
    assert f'<option value="{world.alice_reg.id}">Alice Hernández</option>' in page
    assert "王小明" not in page  # Bo did not consent
    refused = write_note(client, dialogue_session, "Said it.", speaker_id=world.bo_reg.id)
    assert refused.status_code == 422
    assert count(SessionNote) == 0
    assert (
        write_note(client, dialogue_session, "Said it.", speaker_id=world.alice_reg.id).status_code
        == 302
    )
    shown = client.get(f"/sessions/{dialogue_session.id}").get_data(as_text=True)
    assert "Speaker: <bdi>Alice Hernández</bdi>" in shown


def test_audit_never_holds_the_text(client, world, login, plan):
    dialogue_session = plan()
    login(world.facilitator)
    write_note(client, dialogue_session, "A quiet proposal.")
    db.session.rollback()
    event = db.session.query(AuditEvent).filter_by(action="note.create").one()
    assert "quiet" not in str(event.detail)


def test_only_the_author_and_coordinators_edit(client, world, login, login_as, plan):
    dialogue_session = plan(facilitators=[world.facilitator, world.other_facilitator])
    login(world.facilitator)
    write_note(client, dialogue_session, "First draft.")
    [(note_id, _blob)] = raw_ciphertexts()
    url = f"/sessions/{dialogue_session.id}/notes/{note_id}/edit"
    assert "First draft." in client.get(url).get_data(as_text=True)
    assert post_form(client, url, {"text": "Second draft."}).status_code == 302
    login_as(world.other_facilitator)
    assert client.get(url).status_code == 403
    login_as(world.coordinator)
    assert client.get(url).status_code == 200
    assert (
        client.get(f"/sessions/{dialogue_session.id}/notes/{note_id + 1}/edit").status_code == 404
    )


@pytest.fixture
def off_the_record(client, world, login, login_as, plan, make, outbox):
    """An off-the-record session with a note, then moved and cancelled (so emails went out)."""
    dialogue_session = plan(
        title="Closed bilateral", confidentiality_override="off_the_record", starts_at=at(2, 9)
    )
    login(world.facilitator)
    assert write_note(client, dialogue_session, SECRET).status_code == 302
    login_as(world.coordinator)
    edit = f"/sessions/{dialogue_session.id}/edit"
    moved = {
        "title": "Closed bilateral",
        "format": "bilateral",
        "timezone": "UTC",
        "starts_at": "2027-03-03T09:00",
        "ends_at": "2027-03-03T10:00",
        "confidentiality": "off_the_record",
        "facilitator_ids": [world.facilitator.id],
        "participant_ids": [world.alice_reg.id, world.bo_reg.id],
    }
    assert post_form(client, edit, moved).status_code == 302
    other = plan(title="Another one", starts_at=at(5, 9))
    url = f"/sessions/{other.id}"
    assert post_form(client, f"{url}/cancel", {}, page=url).status_code == 302
    return dialogue_session


def everything_reachable(client, world, dialogue_session, headers) -> list[str]:
    """Every page, file and API answer about the programme a person can ask for."""
    slug, pid, sid = world.programme.slug, world.programme.id, dialogue_session.id
    urls = [
        f"/sessions/{sid}",
        f"/sessions/{sid}.ics",
        f"/sessions/{sid}/notes/new",
        f"/programmes/{slug}/sessions",
        f"/programmes/{slug}/sessions?zone=programme",
        f"/programmes/{slug}/sessions/timeline",
        f"/programmes/{slug}/sessions.ics",
        "/schedule",
        "/schedule?when=past",
        "/",
    ]
    bodies = [client.get(url).get_data(as_text=True) for url in urls]
    bodies += [
        client.get(f"/sessions/{sid}/notes/{note.id}/edit").get_data(as_text=True)
        for note in db.session.query(SessionNote).all()
    ]
    api = [
        f"/api/v1/sessions/{sid}",
        f"/api/v1/programmes/{pid}/sessions",
        f"/api/v1/programmes/{pid}/sessions.ics",
        f"/api/v1/programmes/{pid}",
    ]
    bodies += [client.get(url, headers=headers).get_data(as_text=True) for url in api]
    feed = post_form(client, "/schedule/calendar", {"action": "issue"}).get_data(as_text=True)
    address = feed.split('readonly value="')[1].split('"')[0].replace("&amp;", "&")
    bodies.append(client.get(address).get_data(as_text=True))
    return bodies


@pytest.mark.parametrize(
    "who", ["alice", "bo", "liaison", "other_facilitator", "pending", "outsider"]
)
def test_off_the_record_notes_reach_no_one_else(
    client, world, login_as, bearer, outbox, off_the_record, who
):
    person = getattr(world, who)
    headers = bearer(person)
    login_as(person)
    bodies = everything_reachable(client, world, off_the_record, headers)
    for body in bodies:
        assert "SECRET-7Q" not in body
    members = {"alice", "bo", "other_facilitator"}
    assert any("Closed bilateral" in body for body in bodies) == (who in members)
    messages = outbox()
    assert {m["Subject"] for m in messages} >= {"Moved: Closed bilateral", "Cancelled: Another one"}
    for message in messages:
        assert "SECRET-7Q" not in message.as_string()


@pytest.mark.parametrize("who", ["facilitator", "coordinator", "admin"])
def test_off_the_record_notes_reach_those_who_may_read_them(
    client, world, login_as, off_the_record, who
):
    login_as(getattr(world, who))
    assert "SECRET-7Q" in client.get(f"/sessions/{off_the_record.id}").get_data(as_text=True)


def test_relaxing_the_rule_later_does_not_open_old_notes(
    client, world, login_as, bearer, off_the_record
):
    headers = bearer(world.coordinator)
    url = f"/api/v1/sessions/{off_the_record.id}"
    assert (
        client.patch(url, json={"confidentiality": "on_record"}, headers=headers).status_code == 200
    )
    login_as(world.other_facilitator)
    page = client.get(f"/sessions/{off_the_record.id}").get_data(as_text=True)
    assert "Notes</h2>" in page  # on the record now: other facilitators read new notes …
    assert "SECRET-7Q" not in page  # … but not the one written off the record


def test_other_facilitators_read_chatham_house_notes(client, world, login, login_as, plan):
    dialogue_session = plan()
    login(world.facilitator)
    write_note(client, dialogue_session, "A participant proposed a hotline.")
    login_as(world.other_facilitator)
    assert "proposed a hotline" in client.get(f"/sessions/{dialogue_session.id}").get_data(
        as_text=True
    )
    assert client.get(f"/sessions/{dialogue_session.id}/notes/new").status_code == 403
    login_as(world.alice)
    assert "proposed a hotline" not in client.get(f"/sessions/{dialogue_session.id}").get_data(
        as_text=True
    )


def test_markdown_is_sanitised(client, world, login, plan):
    dialogue_session = plan()
    login(world.facilitator)
    write_note(
        client, dialogue_session, "<script>alert(1)</script> [x](javascript:alert(1)) **ok**"
    )
    page = client.get(f"/sessions/{dialogue_session.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page
    assert 'href="javascript:' not in page  # left as inert text, never a link
    assert "<strong>ok</strong>" in page


def test_notes_need_a_key_file_only_once(app_context):
    path = Path(app_context.instance_path) / "note_key"
    first = encrypt_text(1, "a")
    key = path.read_text()
    encrypt_text(2, "b")
    assert path.read_text() == key
    assert decrypt_text(1, first) == "a"
    assert not os.environ.get("NOTE_KEY")
