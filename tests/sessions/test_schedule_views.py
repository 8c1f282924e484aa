"""The agenda, the timeline grid, a person's own schedule, room balance, and query counts."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.sessions.models import DialogueSession
from dialogues.sessions.timeline import build_grid
from tests.sessions.conftest import at


def test_agenda_day_by_day(client, world, login, plan):
    plan(title="Opening", starts_at=at(2, 9), venue="Hall A")
    plan(title="Working group", starts_at=at(3, 13), invite=[world.alice_reg])
    plan(title="Called off", starts_at=at(4, 9), cancelled_at=at(1, 9))
    login(world.alice)  # Asia/Shanghai
    page = client.get(f"/programmes/{world.programme.slug}/sessions").get_data(as_text=True)
    days = [page.index(f'id="day-2027-03-0{day}"') for day in (2, 3, 4)]
    assert days == sorted(days)
    assert "2027-03-02 17:00–19:00 CST (Asia/Shanghai)" in page
    assert "2027-03-02 10:00–12:00 CET (Europe/Zurich)" in page
    assert "Facilitated by <bdi>Farid Facilitator</bdi>" in page
    assert '<span class="badge badge-cancelled">Cancelled</span>' in page
    assert "Invitations per side" not in page  # counts are for the staff


def test_lopsided_sessions_are_flagged_for_the_staff(client, world, login, plan):
    plan(title="Balanced", starts_at=at(2, 9))
    plan(title="One-sided", starts_at=at(3, 9), invite=[world.alice_reg])
    login(world.coordinator)
    page = client.get(f"/programmes/{world.programme.slug}/sessions").get_data(as_text=True)
    balanced, lopsided = page.split("One-sided")
    assert "Lopsided room" not in balanced
    assert "Lopsided room" in lopsided
    assert "parity 0.00 invited" in lopsided


def test_timeline_grid(client, world, login, plan):
    plan(title="Morning", starts_at=at(2, 8), ends_at=at(2, 10))
    plan(title="Parallel", starts_at=at(2, 9), ends_at=at(2, 11), invite=[], facilitators=[])
    plan(title="Next day", starts_at=at(3, 8), ends_at=at(3, 9), invite=[], facilitators=[])
    login(world.coordinator)  # UTC
    page = client.get(f"/programmes/{world.programme.slug}/sessions/timeline")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'colspan="2"' in html  # two lanes on the 2nd
    assert 'rowspan="4"' in html  # Morning and Parallel: two hours in half hours
    assert '<th scope="row" class="timeline-time">08:00</th>' in html
    assert '<th scope="row" class="timeline-time">10:30</th>' in html


def test_grid_lanes_and_midnight(app_context, world, plan):
    late = plan(title="Late", starts_at=at(2, 22), ends_at=at(3, 1, 30), invite=[])
    early = plan(title="Early", starts_at=at(3, 0, 30), ends_at=at(3, 1), invite=[])
    grid = build_grid([late, early], "UTC")
    assert [(day.isoformat(), lanes) for day, lanes in grid.days] == [
        ("2027-03-02", 1),
        ("2027-03-03", 2),
    ]
    placed = [
        (c.segment.dialogue_session.title, c.segment.day.day, c.rowspan, c.segment.continues)
        for row in grid.rows
        for c in row.cells
        if c.segment
    ]
    assert sorted(placed) == [("Early", 3, 1, False), ("Late", 2, 4, False), ("Late", 3, 3, True)]
    # Every row has one cell per lane and day, counting the cells a rowspan covers.
    widths = [sum(lanes for _day, lanes in grid.days)] * len(grid.rows)
    covered = [0] * len(grid.rows)
    for index, row in enumerate(grid.rows):
        for cell in row.cells:
            for below in range(index, index + cell.rowspan):
                covered[below] += 1
    assert covered == widths


def test_my_schedule(client, world, login, plan, make):
    elsewhere = make.programme(title="Student exchange", timezone="America/New_York")
    reg = make.registration(elsewhere, elsewhere.sides[0], world.alice, status="accepted")
    plan(title="Mine", starts_at=at(2, 9))
    plan(title="Not mine", starts_at=at(2, 13), invite=[world.bo_reg])
    plan(programme=elsewhere, title="Also mine", invite=[reg], starts_at=at(4, 14))
    plan(
        title="Long ago",
        starts_at=datetime(2020, 1, 1, 9, tzinfo=UTC),
        ends_at=datetime(2020, 1, 1, 10, tzinfo=UTC),
    )
    login(world.alice)
    page = client.get("/schedule").get_data(as_text=True)
    assert "Mine" in page
    assert "Not mine" not in page
    assert "2027-03-04 22:00–2027-03-05 00:00" not in page
    assert "2027-03-04 22:00 – 2027-03-05 00:00 CST (Asia/Shanghai)" in page
    assert "2027-03-04 09:00–11:00 EST (America/New_York)" in page
    assert "<bdi>Student exchange</bdi>" in page
    assert "Long ago" not in page
    assert "Long ago" in client.get("/schedule?when=past").get_data(as_text=True)


def test_my_schedule_drops_programmes_left(client, world, login, plan):
    plan(title="Mine", starts_at=at(2, 9))
    world_reg = db.session.get(type(world.alice_reg), world.alice_reg.id)
    world_reg.status = "withdrawn"
    db.session.commit()
    login(world.alice)
    assert "Mine" not in client.get("/schedule").get_data(as_text=True)


def statements(app, client, url, headers=None) -> int:
    """How many SQL statements one request runs (transaction control left out)."""
    seen = []

    def note(_conn, _cursor, statement, *_rest):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    client.get(url, headers=headers)  # warm-up: sign-in bookkeeping, caches
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        response = client.get(url, headers=headers)
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    assert response.status_code == 200
    return len([s for s in seen if not s.startswith(("BEGIN", "COMMIT", "ROLLBACK", "PRAGMA"))])


@pytest.mark.parametrize("who", ["coordinator", "alice"])
def test_schedule_pages_run_a_fixed_number_of_queries(
    app, client, world, login, bearer, plan, make, who
):
    person = getattr(world, who)
    login(person)
    headers = bearer(person)
    slug, pid = world.programme.slug, world.programme.id
    urls = [
        (f"/programmes/{slug}/sessions", None),
        (f"/programmes/{slug}/sessions/timeline", None),
        ("/schedule", None),
        (f"/programmes/{slug}/sessions.ics", None),
        (f"/api/v1/programmes/{pid}/sessions", headers),
    ]
    plan(title="One", starts_at=at(2, 9))
    few = [statements(app, client, url, h) for url, h in urls]
    db.session.rollback()  # the requests above wrote (sign-in): start from what they left
    for day in range(3, 9):
        extra = make.user(f"Extra {day}")
        make.member(world.programme, extra, "facilitator")
        plan(title=f"Day {day}", starts_at=at(day, 9), facilitators=[extra, world.facilitator])
    assert db.session.query(DialogueSession).count() == 7
    many = [statements(app, client, url, h) for url, h in urls]
    assert many == few
