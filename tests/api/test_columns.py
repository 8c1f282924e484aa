"""Instant columns read as the API writes them: the same text as ``instant_text``."""

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from dialogues.api import instant_text
from dialogues.api.columns import InstantText, instant
from dialogues.extensions import db
from dialogues.sessions.models import DialogueSession


@pytest.mark.parametrize(
    ("stored", "text"),
    [
        ("2027-03-02 09:00:30.123456", "2027-03-02T09:00:30Z"),
        ("2027-03-02 09:00:30", "2027-03-02T09:00:30Z"),
        ("2027-03-02T09:00:30", "2027-03-02T09:00:30Z"),
        ("2027-03-02 17:00:30+08:00", "2027-03-02T09:00:30Z"),
        ("2027-03-02 09:00", "2027-03-02T09:00:00Z"),
        (None, None),
    ],
)
def test_stored_text_is_cut_or_read_to_the_api_format(stored, text):
    dialect = sa.create_engine("sqlite://").dialect
    assert InstantText().process_result_value(stored, dialect) == text


def test_datetimes_from_other_databases_are_formatted():
    shanghai = datetime(2027, 3, 2, 17, 0, 30, 5, tzinfo=timezone(timedelta(hours=8)))
    assert InstantText().process_result_value(shanghai, None) == "2027-03-02T09:00:30Z"


def test_a_stored_instant_reads_as_instant_text(make):
    starts = datetime(2027, 3, 2, 9, 0, 30, 123456, tzinfo=UTC)
    dialogue_session = make.session(make.programme(), starts_at=starts)
    db.session.flush()
    statement = sa.select(instant(DialogueSession.starts_at), DialogueSession.starts_at).where(
        DialogueSession.id == dialogue_session.id
    )
    row = db.session.execute(statement).one()
    assert row.starts_at == instant_text(row[1]) == "2027-03-02T09:00:30Z"
