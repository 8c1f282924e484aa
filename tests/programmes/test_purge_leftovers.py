"""The purge leaves no application open for nobody and no email address in the failure counts;
failure counts older than their window are dropped when a key is counted again."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from dialogues.core import throttle
from dialogues.core.throttle import FailureRecord
from dialogues.extensions import db
from tests.conftest import reload


def test_the_purge_withdraws_open_applications_and_forgets_failures(make, runner):
    programme = make.programme(slug="ended", status="concluded")
    statuses = ("pending", "waitlisted", "accepted")
    people = [make.user(email=f"{status}@example.org") for status in statuses]
    registrations = [
        make.registration(programme, programme.sides[0], person, status=status)
        for person, status in zip(people, statuses, strict=True)
    ]
    throttle.counter().add(*(f"login:account:{person.email}" for person in people))
    db.session.commit()
    result = runner.invoke(args=["purge-programme", "ended", "--yes"])
    assert result.exit_code == 0, result.output
    assert "3 accounts erased" in result.output
    assert [str(reload(r).status) for r in registrations] == ["withdrawn", "withdrawn", "accepted"]
    assert list(db.session.scalars(sa.select(FailureRecord.key))) == []


def test_failures_older_than_their_window_are_dropped_when_counted(make):
    now = datetime.now(UTC)
    key, other = "login:account:a@example.org", "login:account:b@example.org"
    for record_key, age in ((key, 2 * 60 * 60), (key, 60), (other, 2 * 60 * 60)):
        db.session.add(FailureRecord(key=record_key, created_at=now - timedelta(seconds=age)))
    db.session.commit()
    assert throttle.counter().retry_after(throttle.Limit(key, 1, 15 * 60)) > 0
    db.session.rollback()
    kept = db.session.scalars(sa.select(FailureRecord.key).order_by(FailureRecord.id))
    assert list(kept) == [key, other]
