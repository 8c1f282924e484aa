"""A page's ids bound as one parameter: the rows ``IN`` selects, one statement for any count."""

import pytest
import sqlalchemy as sa
from sqlalchemy.dialects import mysql
from sqlalchemy.exc import CompileError, StatementError

from dialogues.auth.models import User
from dialogues.core.id_lists import among
from dialogues.extensions import db


@pytest.fixture
def user_ids(make):
    return [make.user().id for _ in range(60)]


def _selected(ids) -> list[int]:
    statement = sa.select(User.id).where(among(User.id)).order_by(User.id)
    return list(db.session.scalars(statement, {"ids": ids}))


def test_selects_the_rows_an_in_list_selects(user_ids):
    chosen = user_ids[::3] + [user_ids[4], 10**6]  # a repeat and an id that matches nothing
    expected = db.session.scalars(
        sa.select(User.id).where(User.id.in_(chosen)).order_by(User.id)
    ).all()

    assert _selected(chosen) == expected == sorted(set(user_ids[::3] + [user_ids[4]]))
    assert _selected(reversed(chosen)) == expected
    assert _selected([]) == []
    assert _selected(user_ids) == user_ids


def test_one_statement_text_and_parameter_whatever_the_count(app, user_ids):
    seen = []

    def note(_connection, _cursor, statement, parameters, _context, _many):
        seen.append((statement, parameters))

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        for count in (1, 50, 60):
            _selected(user_ids[:count])
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)

    selects = [(text, parameters) for text, parameters in seen if text.startswith("SELECT")]
    assert len(selects) == 3
    assert len({text for text, _ in selects}) == 1
    assert all(len(parameters) == 1 for _, parameters in selects)


def test_postgresql_prepares_one_statement_for_every_count(app, user_ids):
    """psycopg prepares a statement once it has run often enough: one for pages of any length,
    where an ``IN`` list would make one per length, each parsed anew until it is prepared."""
    if db.engine.dialect.name != "postgresql":
        assert "json_each" in str(sa.select(User.id).where(among(User.id)).compile(db.engine))
        return
    connection = db.session.connection()
    for count in (1, 2, 50, 60):
        for _ in range(3):
            assert _selected(user_ids[:count]) == user_ids[:count]
    prepared = connection.exec_driver_sql("SELECT statement FROM pg_prepared_statements").scalars()

    assert [text for text in prepared if text.startswith('SELECT "user".id')] == [
        'SELECT "user".id \nFROM "user" \nWHERE "user".id = ANY ($1::INTEGER[]) ORDER BY "user".id'
    ]


def test_ids_must_be_whole_numbers(user_ids):
    with pytest.raises(StatementError):
        _selected([user_ids[0], "1 OR 1=1"])
    db.session.rollback()

    assert _selected([str(user_ids[0])]) == [user_ids[0]]  # digits, as a form would give them


def test_each_use_names_its_own_parameter(user_ids):
    statement = sa.select(User.id).where(among(User.id), among(User.id, "other")).order_by(User.id)
    rows = db.session.scalars(statement, {"ids": user_ids[:10], "other": user_ids[5:20]})

    assert set(statement.compile().params) == {"ids", "other"}
    assert list(rows) == user_ids[5:10]


def test_other_databases_are_refused():
    with pytest.raises(CompileError, match="SQLite and PostgreSQL"):
        sa.select(User.id).where(among(User.id)).compile(dialect=mysql.dialect())
