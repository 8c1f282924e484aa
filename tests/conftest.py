"""Fixtures: a migrated database per test run, a clean one per test, clients and sign-ins.

Set ``TEST_DATABASE_URL`` to run the suite against PostgreSQL; the default is SQLite.
"""

import os
import re

import pytest
import sqlalchemy as sa
from flask import g
from flask_migrate import upgrade

from dialogues import create_app
from dialogues.core import audit_guard, i18n
from dialogues.extensions import db
from tests.factories import DEFAULT_PASSWORD, Factories


def pytest_sessionstart(session):
    """Compile the translation catalogues once (the controller does it, not each xdist worker)."""
    if not hasattr(session.config, "workerinput"):
        i18n.compile_catalogues()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        url = worker_database(url)
        _empty_postgres(url)
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def migrated(database_url, tmp_path_factory):
    """Build the schema once, through the migrations, from an empty database."""
    app = create_app(_test_config(database_url, tmp_path_factory.mktemp("instance")))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return database_url


@pytest.fixture
def app(migrated, tmp_path):
    """The app the test client talks to."""
    app = create_app(_test_config(migrated, tmp_path / "instance"))
    yield app
    with app.app_context():
        db.session.remove()
        _clean(db.engine)
        db.engine.dispose()


@pytest.fixture
def app_context(app):
    """The test's own view of the database, as a separate process would have it.

    A twin app, so the client's requests get their own app context, session and transaction;
    its transactions begin deferred so the test never holds the lock a request needs.
    """
    twin = create_app(_test_config(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path))
    with twin.app_context():
        g.write_intent = False
        yield twin
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app_context):
    """Factories for every model: ``make.user()``, ``make.programme()``, ..."""
    return Factories()


@pytest.fixture
def login(client):
    """Sign a user in through the real form: ``login(user)``."""

    def sign_in(user, password=DEFAULT_PASSWORD):
        response = post_form(client, "/login", {"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response

    return sign_in


@pytest.fixture
def client_for(app):
    """``client_for(user)``: a separate browser signed in as ``user`` (None: signed out)."""

    def sign_in(user):
        client = app.test_client()
        if user is not None:
            response = post_form(
                client, "/login", {"email": user.email, "password": DEFAULT_PASSWORD}
            )
            assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in


@pytest.fixture
def bearer(client):
    """``bearer(user)`` → headers that authenticate API requests as ``user`` (None: none)."""

    def headers_for(user, password=DEFAULT_PASSWORD):
        if user is None:
            return {}
        response = client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": password}
        )
        assert response.status_code == 201, response.get_data(as_text=True)
        return {"Authorization": f"Bearer {response.json['token']}"}

    return headers_for


def reload(obj):
    """The row as the database holds it now: ends the test's read snapshot, then reads."""
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)


def csrf_token(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert match, f"no CSRF token on {url}"
    return match.group(1)


def post_form(client, url: str, data: dict, page: str | None = None):
    """Post a form the way a browser does: with the CSRF token from the page that shows it."""
    page = page or url
    referrer = page if "://" in page else f"http://localhost{page}"
    return client.post(
        url,
        data={**data, "csrf_token": csrf_token(client, page)},
        headers={"Referer": referrer},
    )


def _test_config(url: str, instance_path) -> dict:
    return {
        "TESTING": True,
        "PRODUCTION": False,
        "SECRET_KEY": "test-secret-key",
        "TWO_FACTOR_REQUIRED": False,  # on in production; tests that need it turn it on
        "PREFERRED_URL_SCHEME": "http",
        "SQLALCHEMY_DATABASE_URI": url,
        "INSTANCE_PATH": str(instance_path),
        "REDIS_URL": None,
    }


def _clean(engine) -> None:
    """Empty every table; the audit table's append-only guard is lifted for it, then restored."""
    tables = list(reversed(db.metadata.sorted_tables))
    dialect = engine.dialect.name
    with engine.begin() as connection:
        audit_guard.remove(connection.exec_driver_sql, dialect)
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{table.name}"' for table in tables)
            connection.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())
        audit_guard.install(connection.exec_driver_sql, dialect)


def worker_database(url: str, purpose: str = "") -> str:
    """A fresh PostgreSQL database beside the given one, for one pytest-xdist worker and/or
    one purpose (the browser tests' server); the given one itself otherwise."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker and not purpose:
        return url
    from dialogues.config import normalise_database_url

    base = sa.make_url(normalise_database_url(url))
    name = "_".join(part for part in (base.database, purpose, worker) if part)
    engine = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def _empty_postgres(url: str) -> None:
    from dialogues.config import normalise_database_url

    engine = sa.create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


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
