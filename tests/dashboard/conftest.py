"""Fixtures for the dashboard: counting the SQL statements a request runs."""

import pytest
import sqlalchemy as sa

from dialogues.extensions import db
from tests.programmes.conftest import cast, sign_in  # noqa: F401  (shared fixtures)


@pytest.fixture
def statements(app):
    """The SQL statements the app runs, as a list that grows (clear it to start counting)."""
    seen: list[str] = []

    def note(_connection, _cursor, statement, *_args):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    sa.event.listen(engine, "before_cursor_execute", note)
    yield seen
    sa.event.remove(engine, "before_cursor_execute", note)
