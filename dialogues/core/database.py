"""Engine set-up: SQLite pragmas and write transactions that take the lock up front.

A deferred ``BEGIN`` that reads and then writes fails with "database is locked" when another
worker committed in between; ``BEGIN IMMEDIATE`` waits for the lock instead (busy timeout).
Requests with a safe method read under a deferred ``BEGIN`` so readers never queue behind writers.
"""

from flask import g, has_app_context, request
from sqlalchemy import event

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# How long a writer waits for the lock. Writers queue one at a time, and a request that makes an
# account hashes its password (argon2, deliberately slow) while it holds the lock: on a loaded
# two-core server ten seconds of queue was seen to run out under a burst of 600 writes.
BUSY_TIMEOUT_MS = 30_000


def configure_engine(app, engine) -> None:
    from dialogues.extensions import db

    if not event.contains(db.session, "after_commit", _forget_lasting_writes):
        event.listen(db.session, "after_commit", _forget_lasting_writes)
        event.listen(db.session, "after_rollback", _keep_lasting_writes)
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
    # SQLite's lower() and LIKE fold ASCII letters only; search folds other scripts with this.
    dbapi_connection.create_function("casefold", 1, _casefold, deterministic=True)


def _casefold(text):
    return text.casefold() if isinstance(text, str) else text


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
    _write_apart(statement, parameters)


def write_lasting(statement, parameters=None) -> None:
    """Write a fact that must stay even when the request fails: a request or a failure counted.

    The fact is committed apart from the request's own transaction, which a 4xx or 5xx answer
    rolls back. On SQLite a writing request already holds the only write lock, so there the
    statement joins the request's transaction and, should that be rolled back, is written again
    in a transaction of its own right after (the lock is free by then).
    """
    from dialogues.extensions import db

    if not (db.engine.dialect.name == "sqlite" and _writes_expected()):
        _write_apart(statement, parameters)
        return
    db.session.execute(statement, parameters)
    if has_app_context():
        g.setdefault("lasting_writes", []).append((statement, parameters))


def _forget_lasting_writes(_session) -> None:
    """Committed with the request (even by an early commit): nothing left to write again."""
    if has_app_context():
        g.pop("lasting_writes", None)


def _keep_lasting_writes(_session) -> None:
    """The request's transaction was rolled back: write its lasting facts again, apart."""
    if has_app_context():
        for statement, parameters in g.pop("lasting_writes", []):
            _write_apart(statement, parameters)


def _write_apart(statement, parameters) -> None:
    from dialogues.extensions import db

    writes_expected = _writes_expected()
    g.write_intent = True
    try:
        with db.engine.begin() as connection:
            connection.execute(statement, parameters)
    finally:
        g.write_intent = writes_expected


# Tables made by hand in migrations, outside the models: the full-text search index
# (SQLite FTS5 table and its shadow tables; PostgreSQL trigram table).
UNMANAGED_TABLES = ("recommendation_fts", "recommendation_search")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """For Alembic: compare only what the models declare, leaving the search index alone."""
    if type_ == "table" and reflected and compare_to is None:
        return not name.startswith(UNMANAGED_TABLES)
    return True
