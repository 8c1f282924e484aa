"""Reliability tests run the app as it runs in production: gunicorn processes on loopback, a
database of their own (PostgreSQL beside ``TEST_DATABASE_URL`` when set, else a SQLite file),
and Redis when several servers share counters.
"""

import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from dialogues.config import normalise_database_url
from tests.conftest import worker_database
from tests.servers import AppServer, RedisServer, app_environment, dialogues


def on_postgres() -> bool:
    return bool(os.environ.get("TEST_DATABASE_URL"))


@pytest.fixture
def fresh_database(tmp_path):
    """``fresh_database(purpose)`` → the URL of a new, empty database (dropped afterwards)."""
    made = []

    def make(purpose: str) -> str:
        if on_postgres():
            url = worker_database(os.environ["TEST_DATABASE_URL"], f"rel_{purpose}")
            made.append(url)
            return url
        return f"sqlite:///{tmp_path / f'{purpose}.sqlite3'}"

    yield make
    for url in made:
        _drop(url)


def _drop(url: str) -> None:
    base = sa.make_url(normalise_database_url(url))
    engine = sa.create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{base.database}" WITH (FORCE)'))
    engine.dispose()


@pytest.fixture
def instance(tmp_path) -> Path:
    """The instance folder every server of the test shares (config, outbox)."""
    folder = tmp_path / "instance"
    folder.mkdir()
    return folder


def environment(instance: Path, database_url: str, config: str = "", **settings) -> dict:
    """The servers' environment on a migrated database; ``config``: lines of instance config."""
    (instance / "config.py").write_text(config, encoding="utf-8")
    env = app_environment(instance, database_url, DIALOGUES_PRODUCTION="0", **settings)
    dialogues(env, "init")
    return env


@pytest.fixture
def servers():
    """``servers(env, ...)`` → a started gunicorn; every one still running is stopped after."""
    started: list[AppServer] = []

    def start(env: dict, **options) -> AppServer:
        server = AppServer(env, **options)
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def redis_server():
    server = RedisServer().start()
    yield server
    server.stop()
