"""Audit of calendar files, feeds and session notices, read back as a participant's mail client
and calendar app would read them (``email`` and ``icalendar``).

Failing tests are defects; each docstring says what the person would see. The passing ones pin
behaviour that must stay (no names in feeds, revocation, zones, escaping, bad input, queries).
"""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from dialogues.extensions import db
from dialogues.programmes.models import Membership
from dialogues.sessions.models import DialogueSession, SessionChange
from tests.conftest import post_form
from tests.sessions.conftest import at, fresh
from tests.sessions.test_calendars import issue

# -- helpers ------------------------------------------------------------------------------------


def attachment_of(message):
    [part] = [a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"]
    return part


def event_of(message):
    """The one VEVENT of a notice's .ics, parsed from the raw bytes (whatever the charset)."""
    calendar = Calendar.from_ical(attachment_of(message).get_payload(decode=True))
    [event] = calendar.walk("VEVENT")
    return event


def mails_to(outbox, user, subject_start=""):
    return [m for m in outbox() if m["To"] == user.email and m["Subject"].startswith(subject_start)]


def body_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def api_session(client, world, headers, **fields) -> int:
    body = {
        "title": "Plenary",
        "format": "plenary",
        "starts_at": "2027-03-02T09:00:00Z",
        "ends_at": "2027-03-02T11:00:00Z",
        **fields,
    }
    url = f"/api/v1/programmes/{world.programme.id}/sessions"
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json["id"]


def patch(client, session_id, headers, **changes):
    response = client.patch(f"/api/v1/sessions/{session_id}", json=changes, headers=headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


SKIPPED = ("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA", "SAVEPOINT", "RELEASE")


def statement_count(client, statements, url) -> int:
    client.get(url)  # warm-up
    statements.clear()
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)
    return len([s for s in statements if not s.startswith(SKIPPED)])


# -- defects: notices ---------------------------------------------------------------------------


def test_no_longer_invited_mail_does_not_carry_the_new_online_link(
    client, world, bearer, plan, outbox
):
    """A coordinator removes Alice from a session and, in the same edit, gives it a new video
    link (so that she cannot join). Alice's "No longer invited" mail shows "Online: <new link>"
    in its text and in the attached .ics (LOCATION and DESCRIPTION): the one person who must
    not have the new link is sent it. (Bo, who stays invited, was sent nothing at all.)"""
    dialogue_session = plan(online_url="https://meet.example.org/old")
    headers = bearer(world.coordinator)
    new_link = "https://meet.example.org/new-room"
    patch(
        client, dialogue_session.id, headers, participant_ids=[world.bo_reg.id], online_url=new_link
    )
    [mail] = mails_to(outbox, world.alice, "No longer invited")
    assert new_link not in body_of(mail)
    assert new_link not in event_of(mail).to_ical().decode()
    [told] = mails_to(outbox, world.bo, "Moved")  # who stays is sent the new link
    assert new_link in body_of(told)


def test_cancellation_mail_carries_neither_the_online_link_nor_the_agenda(
    client, world, bearer, plan, outbox
):
    link, agenda = "https://meet.example.org/room", "1. Fishing rights"
    dialogue_session = plan(online_url=link, venue="Hall", agenda=agenda)
    headers = bearer(world.coordinator)
    response = client.delete(f"/api/v1/sessions/{dialogue_session.id}", headers=headers)
    assert response.status_code == 200
    [mail] = mails_to(outbox, world.alice, "Cancelled")
    event = event_of(mail)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["LOCATION"]) == "Hall"
    for text in (body_of(mail), event.to_ical().decode()):
        assert link not in text
        assert "Fishing" not in text


def test_no_longer_invited_calendar_file_is_a_newer_revision(client, world, bearer, outbox):
    """Alice is invited (.ics SEQUENCE n, CONFIRMED), removed (.ics STATUS:CANCELLED), then
    invited again (.ics CONFIRMED). Removing and re-adding change nothing RFC 5545 lists, so
    SEQUENCE stays n throughout, although RFC 5546 §2.1.4 says a change of STATUS MUST raise it:
    her calendar app may keep the event as it was (still there after the removal, or still
    cancelled after the new invitation)."""
    headers = bearer(world.coordinator)
    session_id = api_session(client, world, headers)
    [invited] = mails_to(outbox, world.alice, "Invitation")
    patch(client, session_id, headers, participant_ids=[world.bo_reg.id])
    [removed] = mails_to(outbox, world.alice, "No longer invited")
    assert str(event_of(removed)["STATUS"]) == "CANCELLED"
    assert int(event_of(removed)["SEQUENCE"]) > int(event_of(invited)["SEQUENCE"])
    patch(client, session_id, headers, participant_ids=[world.bo_reg.id, world.alice_reg.id])
    again = mails_to(outbox, world.alice, "Invitation")[-1]
    assert str(event_of(again)["STATUS"]) == "CONFIRMED"
    assert int(event_of(again)["SEQUENCE"]) > int(event_of(removed)["SEQUENCE"])


def test_calendar_attachment_declares_utf8(client, world, bearer, outbox):
    """The .ics attached to every notice is sent as ``Content-Type: text/calendar`` with no
    charset, which MIME reads as US-ASCII (RFC 2046; RFC 5545 §8.1 leaves the charset to it).
    A mail client that follows MIME shows an Arabic, Chinese or Russian title as "������"
    (Python's email package does exactly that); the feed over HTTP says charset=utf-8."""
    headers = bearer(world.coordinator)
    title = "حوار 对话 Диалог"
    api_session(client, world, headers, title=title, venue="Зал, корпус Б")
    [mail] = mails_to(outbox, world.alice, "Invitation")
    part = attachment_of(mail)
    assert part.get_content_charset() == "utf-8"
    assert part.get_param("method") == "PUBLISH"  # as the file's METHOD (iMIP, RFC 6047)
    assert title in part.get_content()


def test_a_title_with_a_line_break_never_gives_500(client, world, bearer, outbox):
    """A title with a line break (pasted from a document, or sent by a script through the
    API) is accepted by the checks, then the invitation mail's Subject header refuses it:
    the coordinator gets 500 instead of the session or a message naming the title."""
    headers = bearer(world.coordinator)
    body = {
        "title": "Opening\nplenary",
        "format": "plenary",
        "starts_at": "2027-03-02T09:00:00Z",
        "ends_at": "2027-03-02T11:00:00Z",
    }
    url = f"/api/v1/programmes/{world.programme.id}/sessions"
    response = client.post(url, json=body, headers=headers)
    assert response.status_code in (201, 422), response.status_code
    if response.status_code == 422:
        assert "title" in response.json["error"]["fields"]
    else:
        assert all("\n" not in m["Subject"] for m in outbox())


def test_a_title_with_a_line_break_is_refused_on_rename(client, world, bearer, plan, outbox):
    dialogue_session = plan()
    headers = bearer(world.coordinator)
    url = f"/api/v1/sessions/{dialogue_session.id}"
    for title in ("Opening\nplenary", "Opening\r\nplenary", "Opening\tplenary", "Open\x00ing"):
        response = client.patch(url, json={"title": title}, headers=headers)
        assert response.status_code == 422, response.status_code
        assert "title" in response.json["error"]["fields"]
    assert fresh(dialogue_session).title == dialogue_session.title
    assert outbox() == []


def test_a_session_titled_with_a_line_break_can_still_be_moved_and_cancelled(
    client, world, bearer, plan, outbox
):
    """A title saved with a line break before they were refused: every move and the
    cancellation answered 500 (the notice's Subject header refused the title) and changed
    nothing. Now it is kept as it is until renamed, and the subject shows it on one line."""
    dialogue_session = plan(title="Opening\nplenary")
    headers = bearer(world.coordinator)
    patch(client, dialogue_session.id, headers, venue="Salle B")
    [moved] = mails_to(outbox, world.alice, "Moved")
    assert moved["Subject"] == "Moved: Opening plenary"
    assert str(event_of(moved)["SUMMARY"]) == "Opening\nplenary"
    response = client.delete(f"/api/v1/sessions/{dialogue_session.id}", headers=headers)
    assert response.status_code == 200, response.status_code
    assert fresh(dialogue_session).is_cancelled
    [cancelled] = mails_to(outbox, world.alice, "Cancelled")
    assert cancelled["Subject"] == "Cancelled: Opening plenary"


def test_moved_mail_shows_the_online_link_with_the_new_time_not_under_before(
    client, world, bearer, plan, outbox
):
    """A moved online session's mail lists the new time and place, then "Before the change:"
    with the old ones, and only then "Online: <link>": the current link reads as part of the
    old arrangement, so a participant may think the link is gone or changed."""
    dialogue_session = plan(online_url="https://meet.example.org/room", venue="Hall")
    headers = bearer(world.coordinator)
    patch(client, dialogue_session.id, headers, venue="Salle B")
    [mail] = mails_to(outbox, world.alice, "Moved")
    lines = body_of(mail).splitlines()
    online = next(i for i, line in enumerate(lines) if "https://meet.example.org/room" in line)
    assert online < lines.index("Before the change:")


def test_a_new_online_link_is_sent_to_the_invited(client, world, bearer, plan, outbox):
    """The coordinator replaces the video link of an online session. SEQUENCE grows, but no
    mail goes out: participants whose calendar holds the emailed .ics keep the old link and
    join an empty call (only a feed subscriber sees the new one). For an online session the
    link is its place; a new place is a move everywhere else."""
    dialogue_session = plan(online_url="https://meet.example.org/old")
    headers = bearer(world.coordinator)
    patch(client, dialogue_session.id, headers, online_url="https://meet.example.org/new")
    mails = mails_to(outbox, world.alice)
    assert mails, "no mail told Alice of the new link"
    assert "https://meet.example.org/new" in body_of(mails[-1])
    assert int(event_of(mails[-1])["SEQUENCE"]) == fresh(dialogue_session).sequence


def test_a_new_online_link_mail_says_what_changed(client, world, bearer, plan, outbox):
    """The new link with the time and place, the old one under "Before the change:"; the
    history keeps it an update (it records times and venues, not links)."""
    dialogue_session = plan(online_url="https://meet.example.org/old", venue="Hall")
    headers = bearer(world.coordinator)
    patch(client, dialogue_session.id, headers, online_url="https://meet.example.org/new")
    [mail] = mails_to(outbox, world.alice, "Moved")
    lines = body_of(mail).splitlines()
    before = lines.index("Before the change:")
    assert lines.index("Online: https://meet.example.org/new") < before
    assert lines.index("Online: https://meet.example.org/old") > before
    assert str(event_of(mail)["LOCATION"]) == "Hall"
    assert "https://meet.example.org/new" in str(event_of(mail)["DESCRIPTION"])
    db.session.rollback()
    kinds = db.session.scalars(
        sa.select(SessionChange.kind)
        .where(SessionChange.session_id == dialogue_session.id)
        .order_by(SessionChange.id)
    )
    assert [kind.value for kind in kinds] == ["updated"]


# -- defects: queries ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["feed", "/schedule"])
def test_personal_feed_statements_do_not_grow_with_programmes(
    client, world, login, plan, make, statements, page
):
    """The personal feed (and /schedule, which shares ``own_schedule``) checks access with one
    statement per programme the person takes part in: 13 statements for one programme, 23 for
    eleven. A calendar app polling the feed of someone in many programmes costs one query per
    programme on every fetch."""
    login(world.alice)
    address = issue(client, "/schedule/calendar") if page == "feed" else page
    plan(title="Here")
    one = statement_count(client, statements, address)
    for number in range(10):
        db.session.rollback()
        other = make.programme()
        registration = make.registration(other, other.sides[0], world.alice, status="accepted")
        plan(programme=other, title=f"Elsewhere {number}", invite=[registration])
    assert statement_count(client, statements, address) == one


# -- pinned: feeds ------------------------------------------------------------------------------


def test_programme_feed_statements_do_not_grow_with_sessions(
    client, world, login, plan, statements
):
    login(world.alice)
    address = issue(client, f"/programmes/{world.programme.slug}/calendar")
    plan(title="One")
    one = statement_count(client, statements, address)
    for number in range(25):
        plan(
            title=f"Session {number}",
            starts_at=at(3 + number % 20, 9 + number % 5),
            facilitators=[world.facilitator, world.other_facilitator],
        )
    assert statement_count(client, statements, address) == one


def test_feeds_name_nobody(client, world, login, plan):
    """No ATTENDEE, ORGANIZER, participant, facilitator, affiliation or side in any feed."""
    plan(title="Bilateral", venue="Room 2", agenda="Topics; fishing, shipping")
    plan(title="Closed door", confidentiality_override="off_the_record", starts_at=at(3, 9))
    login(world.alice)
    addresses = [
        issue(client, f"/programmes/{world.programme.slug}/calendar"),
        issue(client, "/schedule/calendar"),
    ]
    for address in addresses:
        text = client.get(address).get_data(as_text=True)
        assert "ATTENDEE" not in text
        assert "ORGANIZER" not in text
        for word in (
            world.alice.name,
            world.bo.name,
            world.facilitator.name,
            world.coordinator.name,
            "Harbour Institute",
            world.alice.email,
            world.bo.email,
        ):
            assert word not in text, word


@pytest.mark.parametrize("how", ["staff_removed", "declined", "disabled", "erased"])
def test_a_feed_address_dies_with_the_holders_access(client, world, login, plan, how):
    plan()
    holder = world.facilitator if how == "staff_removed" else world.alice
    login(holder)
    programme_feed = issue(client, f"/programmes/{world.programme.slug}/calendar")
    personal_feed = issue(client, "/schedule/calendar")
    assert client.get(programme_feed).status_code == 200
    if how == "erased":
        page = "/account/data/erase"
        response = post_form(client, page, {"password": "a long test password", "understood": "y"})
        assert response.status_code == 302, response.get_data(as_text=True)
    else:
        db.session.rollback()
        if how == "staff_removed":
            db.session.execute(sa.delete(Membership).where(Membership.user_id == holder.id))
        elif how == "declined":
            fresh(world.alice_reg).status = "declined"
        else:
            fresh(holder).is_disabled = True
        db.session.commit()
    assert client.get(programme_feed).status_code == 404
    personal = client.get(personal_feed)
    assert personal.status_code == 404 or not Calendar.from_ical(personal.get_data()).walk("VEVENT")


@pytest.mark.parametrize(
    "url",
    [
        "/schedule/calendar.ics?token=%00",
        "/schedule/calendar.ics?token=%ff%fe",
        "/schedule/calendar.ics?token=%ED%A0%80",
        "/schedule/calendar.ics?token=" + "a" * 5000,
        "/schedule/calendar.ics?token=a&token=b",
        "/programmes/{slug}/sessions.ics?token=%00",
        "/programmes/{slug}/sessions.ics?token=",
        "/programmes/%00/sessions.ics?token=x",
        "/programmes/" + "x" * 3000 + "/sessions.ics?token=x",
        "/sessions/99999999999999999999999.ics",
        "/sessions/-1.ics",
        "/api/v1/programmes/99999999999999999999999/sessions.ics?token=x",
        "/api/v1/programmes/{id}/sessions.ics?token=%00",
        "/api/v1/programmes/{id}/sessions.ics?token=" + "a" * 500,
        "/api/v1/programmes/{id}/sessions.ics?token=%ED%A0%80",
    ],
)
def test_odd_calendar_addresses_never_give_500(client, world, url):
    url = url.format(slug=world.programme.slug, id=world.programme.id)
    assert client.get(url).status_code in (404, 422)


def test_feed_text_survives_any_script_and_punctuation(client, world, login, plan):
    """Commas, semicolons, backslashes and line breaks are escaped, long lines folded at 75
    octets, and Arabic, Chinese and Russian read back unchanged."""
    title = "الجلسة العامة; 全体会议, Пленарное заседание \\ " + "долгое название " * 5
    agenda = "1. Fishing, shipping; ports\n2. 第二项：海上事件\n3. البند الثالث"
    plan(title=title.strip(), venue="Зал; корпус Б, 2", agenda=agenda)
    login(world.alice)
    response = client.get(f"/programmes/{world.programme.slug}/sessions.ics")
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    raw = response.get_data()
    assert max(len(line) for line in raw.split(b"\r\n")) <= 75
    [event] = Calendar.from_ical(raw).walk("VEVENT")
    assert str(event["SUMMARY"]) == title.strip()
    assert str(event["LOCATION"]) == "Зал; корпус Б, 2"
    assert str(event["DESCRIPTION"]) == agenda


def test_a_move_across_midnight_and_a_clock_change_reads_right_in_the_mail(
    client, world, bearer, plan, outbox
):
    """Alice (Asia/Shanghai) and the programme's zone (Europe/Zurich, leaving summer time on
    2027-10-31): both ends show their date and abbreviation; the .ics is in UTC."""
    dialogue_session = plan(starts_at=at(2, 9), ends_at=at(2, 11))
    headers = bearer(world.coordinator)
    patch(
        client,
        dialogue_session.id,
        headers,
        starts_at="2027-10-30T15:30:00Z",
        ends_at="2027-10-31T02:30:00Z",
    )
    [mail] = mails_to(outbox, world.alice, "Moved")
    body = body_of(mail)
    assert "2027-10-30 23:30 – 2027-10-31 10:30 CST (Asia/Shanghai)" in body
    assert "2027-10-30 17:30 CEST – 2027-10-31 03:30 CET (Europe/Zurich)" in body
    event = event_of(mail)
    assert event.decoded("DTSTART") == datetime(2027, 10, 30, 15, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2027, 10, 31, 2, 30, tzinfo=UTC)
    assert int(event["SEQUENCE"]) == 1


def test_cancellation_file_is_cancelled_and_newer(client, world, bearer, outbox):
    headers = bearer(world.coordinator)
    session_id = api_session(client, world, headers)
    [invited] = mails_to(outbox, world.bo, "Invitation")
    assert client.delete(f"/api/v1/sessions/{session_id}", headers=headers).status_code == 200
    [cancelled] = mails_to(outbox, world.bo, "Cancelled")
    before, after = event_of(invited), event_of(cancelled)
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["STATUS"]) == "CANCELLED"
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert db.session.get(DialogueSession, session_id) is not None
