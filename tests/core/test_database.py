"""The embedded SQLite set-up, migrations from empty, and integrity enforced by the database."""

import sqlalchemy as sa
from flask_migrate import upgrade
from sqlalchemy.exc import IntegrityError, StatementError

from dialogues import create_app
from dialogues.core.database import UNMANAGED_TABLES, include_object
from dialogues.extensions import db
from tests.conftest import post_form


def test_sqlite_pragmas(app_context):
    if db.engine.dialect.name != "sqlite":
        return
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_commands_begin_immediate(app):
    """Outside a request (commands) every transaction takes the write lock at BEGIN."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        seen = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
        db.session.execute(sa.text("SELECT 1"))
        db.session.rollback()
    assert "BEGIN IMMEDIATE" in seen


def test_writing_requests_begin_immediate(app, client):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        seen = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    post_form(client, "/login", {"email": "someone@example.org", "password": "x" * 12})
    assert "BEGIN IMMEDIATE" in seen


def test_reads_in_get_requests_do_not_take_the_write_lock(app, client):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            return
        seen = []
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    client.get("/healthz")
    assert "BEGIN" in seen
    assert "BEGIN IMMEDIATE" not in seen


def test_migrations_from_empty_reach_the_models(tmp_path):
    """Upgrading an empty SQLite file creates exactly the tables the models declare."""
    app = create_app({"INSTANCE_PATH": str(tmp_path), "PRODUCTION": False, "SECRET_KEY": "x"})
    with app.app_context():
        upgrade()
        upgrade()  # twice is harmless
        tables = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert set(db.metadata.tables) <= tables
        # Beyond the models: only the full-text search index, made by hand in its migration.
        assert all(name.startswith(UNMANAGED_TABLES) for name in tables - set(db.metadata.tables))
        db.engine.dispose()


def test_migrated_schema_matches_models(app_context):
    """The database under test (SQLite or PostgreSQL) was built by the migrations."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_unique_registration_per_person_and_programme(make):
    programme = make.programme()
    user = make.user()
    make.registration(programme, programme.sides[0], user)
    try:
        make.registration(programme, programme.sides[1], user)
    except IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a second registration was accepted")


def test_unique_endorsement(make):
    from dialogues.recommendations.models import Endorsement

    programme = make.programme()
    registration = make.registration(programme, programme.sides[0], status="accepted")
    recommendation = make.recommendation(programme, make.user())
    for _ in range(2):
        db.session.add(
            Endorsement(
                recommendation_id=recommendation.id, registration_id=registration.id, version=1
            )
        )
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
    else:
        raise AssertionError("a duplicate endorsement was accepted")


def _rejected(statement) -> bool:
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    except (IntegrityError, StatementError):
        return True
    return False


def test_database_rejects_bad_enum_values(make):
    programme = make.programme()
    assert _rejected(sa.text(f"UPDATE programme SET status = 'nonsense' WHERE id = {programme.id}"))
    assert _rejected(sa.text(f"UPDATE programme SET kind = 'party' WHERE id = {programme.id}"))
    assert _rejected(
        sa.text(f"UPDATE programme SET confidentiality = 'loud' WHERE id = {programme.id}")
    )


def test_database_rejects_bad_values(make):
    programme = make.programme()
    side = programme.sides[0]
    assert _rejected(sa.text(f"UPDATE side SET capacity = -1 WHERE id = {side.id}"))
    assert _rejected(
        sa.text(f"UPDATE programme SET ends_on = '2000-01-01' WHERE id = {programme.id}")
    )
    dialogue_session = make.session(programme)
    assert _rejected(
        sa.text(f"UPDATE dialogue_session SET ends_at = starts_at WHERE id = {dialogue_session.id}")
    )


def test_registration_side_must_belong_to_its_programme(make):
    """A composite foreign key ties a registration's side to the same programme."""
    one, other = make.programme(), make.programme()
    registration = make.registration(one, one.sides[0])
    assert _rejected(
        sa.text(
            f"UPDATE registration SET side_id = {other.sides[0].id} WHERE id = {registration.id}"
        )
    )


def test_liaison_needs_a_side(make):
    programme = make.programme()
    user = make.user()
    assert _rejected(
        sa.text(
            "INSERT INTO membership (programme_id, user_id, role, created_at) "
            f"VALUES ({programme.id}, {user.id}, 'liaison', CURRENT_TIMESTAMP)"
        )
    )
