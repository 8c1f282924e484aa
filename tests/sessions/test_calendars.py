"""Calendar files read back with icalendar: programme feed, personal feed, one session, tokens."""

import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from dialogues.extensions import db
from dialogues.sessions.models import CalendarToken
from tests.conftest import post_form
from tests.sessions.conftest import at, fresh


def events(response) -> dict[str, object]:
    """The VEVENTs of an iCalendar answer, by SUMMARY."""
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    calendar = Calendar.from_ical(response.get_data())
    assert str(calendar["VERSION"]) == "2.0"
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def utc(event, name) -> datetime:
    value = event.decoded(name)
    assert value.utcoffset().total_seconds() == 0  # written in UTC (…Z)
    return value


@pytest.fixture
def sessions(plan, world):
    plenary = plan(title="Plenary 全体会议", starts_at=at(2, 9), ends_at=at(2, 11), venue="Hall")
    dinner = plan(title="Dinner", starts_at=at(2, 18), ends_at=at(2, 20), agenda="Bring *gifts*")
    dropped = plan(title="Dropped", starts_at=at(3, 9), cancelled_at=at(1, 9), sequence=1)
    return plenary, dinner, dropped


def test_programme_feed_event_by_event(client, world, login, sessions):
    plenary, dinner, dropped = sessions
    login(world.bo)
    url = f"/programmes/{world.programme.slug}/sessions.ics"
    found = events(client.get(url))
    assert set(found) == {"Plenary 全体会议", "Dinner", "Dropped"}
    for dialogue_session in sessions:
        event = found[dialogue_session.title]
        assert str(event["UID"]).startswith(f"session-{dialogue_session.id}-")
        assert utc(event, "DTSTART") == dialogue_session.starts_at
        assert utc(event, "DTEND") == dialogue_session.ends_at
        assert int(event["SEQUENCE"]) == dialogue_session.sequence
    assert str(found["Plenary 全体会议"]["STATUS"]) == "CONFIRMED"
    assert str(found["Plenary 全体会议"]["LOCATION"]) == "Hall"
    assert str(found["Dinner"]["DESCRIPTION"]) == "Bring *gifts*"
    assert str(found["Dropped"]["STATUS"]) == "CANCELLED"
    assert world.alice.name not in client.get(url).get_data(as_text=True)


def test_uids_stay_and_sequence_grows_when_a_session_moves(client, world, bearer, sessions):
    plenary = sessions[0]
    headers = bearer(world.coordinator)
    url = f"/api/v1/programmes/{world.programme.id}/sessions.ics"
    before = events(client.get(url, headers=headers))["Plenary 全体会议"]
    moved = {"starts_at": "2027-03-04T09:00:00Z", "ends_at": "2027-03-04T10:00:00Z"}
    assert (
        client.patch(f"/api/v1/sessions/{plenary.id}", json=moved, headers=headers).status_code
        == 200
    )
    after = events(client.get(url, headers=headers))["Plenary 全体会议"]
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert utc(after, "DTSTART") == datetime(2027, 3, 4, 9, tzinfo=UTC)
    assert client.delete(f"/api/v1/sessions/{plenary.id}", headers=headers).status_code == 200
    cancelled = events(client.get(url, headers=headers))["Plenary 全体会议"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) == int(before["SEQUENCE"]) + 2


def test_add_to_calendar_download(client, world, login, sessions):
    login(world.alice)
    response = client.get(f"/sessions/{sessions[1].id}.ics")
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="session-{sessions[1].id}.ics"'
    )
    [event] = events(response).values()
    assert utc(event, "DTSTART") == at(2, 18)
    assert str(event["URL"]).endswith(f"/sessions/{sessions[1].id}")


def issue(client, url) -> str:
    """Make a secret feed address on the page at ``url``; returns the address shown once."""
    response = post_form(client, url, {"action": "issue"})
    assert response.status_code == 200
    found = re.search(
        r'id="feed-url" type="text" readonly value="([^"]+)"', response.get_data(as_text=True)
    )
    assert found
    return found.group(1).replace("&amp;", "&")


def test_programme_feed_by_secret_address(client, app, world, login, login_as, sessions):
    login(world.alice)
    page = f"/programmes/{world.programme.slug}/calendar"
    address = issue(client, page)
    token = address.split("token=")[1]
    db.session.rollback()
    [row] = db.session.query(CalendarToken).all()
    assert row.token_hash != token  # only a digest is stored
    assert token not in row.token_hash
    login_as(world.outsider)  # the address works for whoever holds it, signed in or not
    assert len(events(client.get(address))) == 3
    api = f"/api/v1/programmes/{world.programme.id}/sessions.ics?token={token}"
    assert len(events(client.get(api))) == 3
    login_as(world.alice)
    assert "You have a secret address" in client.get(page).get_data(as_text=True)
    new_address = issue(client, page)
    assert client.get(address).status_code == 404  # the old one stopped working
    assert client.get(new_address).status_code == 200
    assert post_form(client, page, {"action": "revoke"}).status_code == 200
    assert client.get(new_address).status_code == 404


def test_a_feed_token_opens_only_its_own_feed(client, world, login, make, sessions):
    other = make.programme()
    make.registration(other, other.sides[0], world.alice, status="accepted")
    login(world.alice)
    token = issue(client, f"/programmes/{world.programme.slug}/calendar").split("token=")[1]
    assert client.get(f"/programmes/{other.slug}/sessions.ics?token={token}").status_code == 404
    assert client.get(f"/schedule/calendar.ics?token={token}").status_code == 404
    assert (
        client.get(f"/programmes/{world.programme.slug}/sessions.ics?token=guess").status_code
        == 404
    )


def test_a_feed_stops_when_its_holder_loses_access(client, world, login, sessions):
    login(world.alice)
    address = issue(client, f"/programmes/{world.programme.slug}/calendar")
    fresh(world.alice_reg).status = "withdrawn"
    db.session.commit()
    assert client.get(address).status_code == 404


def test_personal_feed(client, world, login, plan, make):
    invited = plan(title="Invited", starts_at=at(2, 9))
    declined = plan(title="Declined", starts_at=at(3, 9), statuses={world.alice_reg.id: "declined"})
    plan(title="Not mine", starts_at=at(4, 9), invite=[world.bo_reg])
    elsewhere = make.programme()
    reg = make.registration(elsewhere, elsewhere.sides[0], world.alice, status="accepted")
    plan(programme=elsewhere, title="Elsewhere", invite=[reg], starts_at=at(5, 9))
    login(world.alice)
    address = issue(client, "/schedule/calendar")
    found = events(client.get(address))
    assert set(found) == {"Invited", "Elsewhere"}
    assert str(found["Invited"]["UID"]).startswith(f"session-{invited.id}-")
    assert declined.title not in found


def test_personal_feed_of_a_facilitator(client, world, login, plan):
    plan(title="Facilitated", facilitators=[world.other_facilitator], invite=[])
    plan(title="Someone else's", starts_at=at(3, 9))
    login(world.other_facilitator)
    assert set(events(client.get(issue(client, "/schedule/calendar")))) == {"Facilitated"}


def test_feeds_need_a_member_or_a_token(client, world, login, sessions, bearer):
    url = f"/programmes/{world.programme.slug}/sessions.ics"
    assert client.get(url).status_code == 302  # to the sign-in page
    api = f"/api/v1/programmes/{world.programme.id}/sessions.ics"
    assert client.get(api).status_code == 401
    assert client.get(api, headers=bearer(world.liaison)).status_code == 403
    assert client.get(api, headers=bearer(world.pending)).status_code == 403
    login(world.liaison)
    assert client.get(url).status_code == 403
    assert client.get(f"/programmes/{world.programme.slug}/calendar").status_code == 403
