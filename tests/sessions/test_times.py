"""Times across zones and daylight-saving changes: stored in UTC, shown in two named zones."""

from datetime import UTC, datetime

import pytest

from dialogues.sessions.models import DialogueSession
from dialogues.sessions.times import NoSuchLocalTime, local_to_utc, parse_instant, zoned_range
from tests.conftest import post_form
from tests.sessions.conftest import count

# 2027-03-14: New York moves from EST (UTC−5) to EDT (UTC−4) at 02:00 local.
SWITCH_DAY = "2027-03-14"


@pytest.fixture
def new_york(make, world):
    """The world's programme, but at home in New York, spanning the switch."""
    from dialogues.extensions import db

    world.programme.timezone = "America/New_York"
    db.session.commit()
    return world


def schedule(client, world, starts, ends, title="Dialogue", zone="America/New_York"):
    url = f"/programmes/{world.programme.slug}/sessions/new"
    data = {
        "title": title,
        "format": "working_group",
        "timezone": zone,
        "starts_at": starts,
        "ends_at": ends,
        "confidentiality": "",
        "invite_all": "y",
    }
    return post_form(client, url, data)


def test_session_on_the_switch_day_seen_from_shanghai(client, new_york, login, login_as):
    login(new_york.coordinator)
    before = schedule(client, new_york, f"{SWITCH_DAY}T01:00", f"{SWITCH_DAY}T01:45", "Before")
    after = schedule(client, new_york, f"{SWITCH_DAY}T09:00", f"{SWITCH_DAY}T10:30", "After")
    across = schedule(client, new_york, f"{SWITCH_DAY}T01:45", f"{SWITCH_DAY}T03:45", "Across")
    assert [r.status_code for r in (before, after, across)] == [302, 302, 302]

    login_as(new_york.alice)  # Asia/Shanghai (UTC+8, no daylight saving)
    page = client.get(after.headers["Location"]).get_data(as_text=True)
    assert "2027-03-14 21:00–22:30 CST (Asia/Shanghai)" in page
    assert "2027-03-14 09:00–10:30 EDT (America/New_York)" in page
    assert 'datetime="2027-03-14T13:00:00+00:00"' in page

    page = client.get(before.headers["Location"]).get_data(as_text=True)
    assert "2027-03-14 14:00–14:45 CST (Asia/Shanghai)" in page  # 06:00 UTC
    assert "2027-03-14 01:00–01:45 EST (America/New_York)" in page

    # 01:45 EST to 03:45 EDT is one hour of real time, and says so in both zones.
    page = client.get(across.headers["Location"]).get_data(as_text=True)
    assert "2027-03-14 14:45–15:45 CST (Asia/Shanghai)" in page
    assert "2027-03-14 01:45 EST – 03:45 EDT (America/New_York)" in page


def test_the_hour_that_does_not_exist_is_refused(client, new_york, login):
    login(new_york.coordinator)
    response = schedule(client, new_york, f"{SWITCH_DAY}T02:30", f"{SWITCH_DAY}T04:00")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "2027-03-14 02:30 does not exist in America/New_York" in page
    assert 'id="starts_at-error"' in page
    assert count(DialogueSession) == 0


def test_times_entered_in_another_zone(client, new_york, login):
    """A coordinator in Shanghai may type Shanghai times; the instant is the same."""
    login(new_york.coordinator)
    response = schedule(
        client, new_york, f"{SWITCH_DAY}T21:00", f"{SWITCH_DAY}T22:30", zone="Asia/Shanghai"
    )
    assert response.status_code == 302
    from dialogues.extensions import db

    db.session.rollback()
    [dialogue_session] = db.session.query(DialogueSession).all()
    assert dialogue_session.starts_at == datetime(2027, 3, 14, 13, tzinfo=UTC)


def test_days_are_cut_in_the_viewers_zone(client, new_york, login, plan):
    # 23:00 EDT on the 14th is 11:00 on the 15th in Shanghai.
    plan(title="Late", starts_at=datetime(2027, 3, 15, 3, tzinfo=UTC))
    login(new_york.alice)
    url = f"/programmes/{new_york.programme.slug}/sessions"
    mine = client.get(url).get_data(as_text=True)
    assert 'id="day-2027-03-15"' in mine
    assert 'id="day-2027-03-14"' not in mine
    theirs = client.get(url + "?zone=programme").get_data(as_text=True)
    assert 'id="day-2027-03-14"' in theirs
    assert 'id="day-2027-03-15"' not in theirs


def test_api_takes_offsets_and_answers_in_utc(client, new_york, bearer):
    url = f"/api/v1/programmes/{new_york.programme.id}/sessions"
    body = {
        "title": "Plenary",
        "format": "plenary",
        "starts_at": f"{SWITCH_DAY}T09:00:00-04:00",
        "ends_at": f"{SWITCH_DAY}T21:30:00+08:00",
    }
    response = client.post(url, json=body, headers=bearer(new_york.coordinator))
    assert response.status_code == 201, response.json
    assert response.json["starts_at"] == "2027-03-14T13:00:00Z"
    assert response.json["ends_at"] == "2027-03-14T13:30:00Z"
    naive = {**body, "starts_at": f"{SWITCH_DAY}T09:00:00"}
    refused = client.post(url, json=naive, headers=bearer(new_york.coordinator))
    assert refused.status_code == 422
    assert "starts_at" in refused.json["error"]["fields"]


@pytest.mark.parametrize(
    ("wall", "zone", "expected"),
    [
        (datetime(2027, 3, 14, 1, 59), "America/New_York", datetime(2027, 3, 14, 6, 59)),
        (datetime(2027, 3, 14, 3, 0), "America/New_York", datetime(2027, 3, 14, 7, 0)),
        # 01:30 happens twice when the clocks go back: the first (EDT) is meant.
        (datetime(2027, 11, 7, 1, 30), "America/New_York", datetime(2027, 11, 7, 5, 30)),
        (datetime(2027, 3, 28, 0, 30), "Europe/London", datetime(2027, 3, 28, 0, 30)),
        (datetime(2027, 3, 28, 3, 30), "Europe/London", datetime(2027, 3, 28, 2, 30)),
        (datetime(2027, 3, 14, 9, 0), "Asia/Kathmandu", datetime(2027, 3, 14, 3, 15)),
    ],
)
def test_local_to_utc(wall, zone, expected):
    assert local_to_utc(wall, zone) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("wall", "zone"),
    [
        (datetime(2027, 3, 14, 2, 0), "America/New_York"),
        (datetime(2027, 3, 28, 1, 0), "Europe/London"),
    ],
)
def test_skipped_wall_times_are_refused(wall, zone):
    with pytest.raises(NoSuchLocalTime):
        local_to_utc(wall, zone)


def test_zoned_range_names_the_zone_and_each_abbreviation():
    fall_back = zoned_range(
        datetime(2027, 11, 7, 5, tzinfo=UTC),
        datetime(2027, 11, 7, 7, 30, tzinfo=UTC),
        "America/New_York",
    )
    assert str(fall_back) == "2027-11-07 01:00 EDT – 02:30 EST (America/New_York)"
    overnight = zoned_range(
        datetime(2027, 3, 2, 20, tzinfo=UTC), datetime(2027, 3, 3, 1, tzinfo=UTC), "Asia/Dubai"
    )
    assert str(overnight) == "2027-03-03 00:00–05:00 UTC+04:00 (Asia/Dubai)"
    assert str(zoned_range(overnight.starts, overnight.ends, "UTC")) == (
        "2027-03-02 20:00 – 2027-03-03 01:00 UTC"
    )


@pytest.mark.parametrize("text", ["2027-03-02T09:00", "soon", "", "2027-02-30T09:00Z"])
def test_parse_instant_refuses_what_is_not_an_instant(text):
    with pytest.raises(ValueError, match="offset|ISO 8601"):
        parse_instant(text)


def test_parse_instant_reads_offsets():
    assert parse_instant("2027-03-14T09:00:00-04:00") == datetime(2027, 3, 14, 13, tzinfo=UTC)
