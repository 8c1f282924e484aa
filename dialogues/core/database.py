"""Engine set-up: SQLite pragmas and write transactions that take the lock up front.

A deferred ``BEGIN`` that reads and then writes fails with "database is locked" when another
worker committed in between; ``BEGIN IMMEDIATE`` waits for the lock instead (busy timeout).
Requests with a safe method read under a deferred ``BEGIN`` so readers never queue behind writers.
"""

from flask import g, has_app_context, request
from sqlalchemy import event

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
BUSY_TIMEOUT_MS = 10_000


def configure_engine(app, engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    app.before_request(_note_write_intent)


def expect_writes() -> None:
    """Call before writing in a request with a safe method (after a rollback)."""
    g.write_intent = True


def _writes_expected() -> bool:
    """Requests with unsafe methods and commands write; requests with safe methods read."""
    return g.get("write_intent", True) if has_app_context() else True


def _note_write_intent() -> None:
    g.write_intent = request.method not in SAFE_METHODS


def _sqlite_on_connect(dbapi_connection, _record) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.close()


def _sqlite_on_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE" if _writes_expected() else "BEGIN")


def write_now(statement, parameters=None) -> None:
    """Write a fact even while the request only reads: a session seen, a failure counted.

    A writing request or command holds the write lock already, so the statement joins its
    transaction; a reading request writes in a short transaction of its own.
    """
    from dialogues.extensions import db

    if _writes_expected():
        db.session.execute(statement, parameters)
        return
    g.write_intent = True
    try:
        with db.engine.begin() as connection:
            connection.execute(statement, parameters)
    finally:
        g.write_intent = False


# Tables made by hand in migrations, outside the models: the full-text search index
# (SQLite FTS5 table and its shadow tables; PostgreSQL trigram table).
UNMANAGED_TABLES = ("recommendation_fts", "recommendation_search")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: compare only what the models declare, leaving the search index alone."""
    if type_ == "table" and reflected and compare_to is None:
        return not name.startswith(UNMANAGED_TABLES)
    return True
