"""A programme's ``session_revision``: up with each session added, renamed or moved, in the
same transaction, and nothing else about the programme changes with it."""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.sessions.models import DialogueSession


def stored(programme: Programme) -> tuple[int, object]:
    """The revision and ``updated_at`` as the database holds them, not as this session does."""
    row = db.session.execute(
        sa.select(Programme.session_revision, Programme.updated_at).where(
            Programme.id == programme.id
        )
    ).one()
    return row.session_revision, row.updated_at


def test_adding_renaming_or_moving_a_session_raises_it(make):
    programme = make.programme()
    assert stored(programme)[0] == 0
    plenary = make.session(programme, title="Plenary")
    assert stored(programme)[0] == 1
    plenary.title = "Opening plenary"
    db.session.commit()
    assert stored(programme)[0] == 2
    plenary.starts_at += timedelta(days=1)
    plenary.ends_at += timedelta(days=1)
    db.session.commit()
    assert stored(programme)[0] == 3
    assert programme.session_revision == 3  # read again after the flush, not a stale 0


def test_other_changes_leave_it(make):
    programme = make.programme()
    plenary = make.session(programme, title="Plenary")
    before = stored(programme)
    plenary.agenda = "1. Welcome"
    plenary.venue = "Salle du Conseil"
    db.session.commit()
    assert stored(programme) == before
    programme.title = "Renamed programme"
    db.session.commit()
    assert stored(programme)[0] == before[0]


def test_the_programme_itself_does_not_count_as_updated(make):
    programme = make.programme()
    updated_at = stored(programme)[1]
    make.session(programme, title="Plenary")
    assert stored(programme) == (1, updated_at)


def test_a_change_rolled_back_leaves_it(make):
    programme = make.programme()
    plenary = make.session(programme, title="Plenary")
    plenary.title = "Renamed, then thought better of"
    db.session.flush()
    db.session.rollback()
    assert stored(programme)[0] == 1


def test_sessions_of_several_programmes_in_one_flush(make):
    first, second = make.programme(), make.programme()
    starts = datetime(2027, 3, 2, 9, tzinfo=UTC)
    for programme, title in ((first, "One"), (first, "Two"), (second, "Three")):
        db.session.add(
            DialogueSession(
                programme_id=programme.id,  # by id alone, as a bulk import might
                title=title,
                format="plenary",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
        )
    db.session.commit()
    assert stored(first)[0] == 1  # once per flush, however many of its sessions changed
    assert stored(second)[0] == 1
