"""A fingerprint of the whole database, to prove a request changed nothing.

Every table's row count and a checksum of its rows, read on a fresh connection (so a SQLite
snapshot held by the test's own session cannot hide a change). What reading legitimately writes
is left out, and listed here so the decision is visible:

- ``auth_session.last_seen_at`` and ``api_token.last_used_at``: the idle timeout needs to know
  when a session or token was last used;
- ``failure_record``: the request limits count requests (exports and calendar feeds are GETs);
- audit events in ``READ_AUDIT_ACTIONS``: refused access is recorded, and so is every download
  of a briefing (with ``briefing_export``, the file's fingerprint).
"""

import hashlib

import sqlalchemy as sa

from dialogues.extensions import db

TOUCHED_ON_READ = {"auth_session": {"last_seen_at"}, "api_token": {"last_used_at"}}
SKIPPED_TABLES = {"failure_record"}
READ_AUDIT_ACTIONS = {"access.denied", "briefing.exported"}
READ_RECORD_TABLES = {"briefing_export"}


def snapshot(*, reads_allowed: bool = False) -> dict:
    """``{table: (rows, checksum)}``. With ``reads_allowed``, what a read may add is left out."""
    with db.engine.connect() as connection:
        return {
            table.name: _fingerprint(connection, table, reads_allowed)
            for table in db.metadata.sorted_tables
            if table.name not in SKIPPED_TABLES
            and not (reads_allowed and table.name in READ_RECORD_TABLES)
        }


def _fingerprint(connection, table: sa.Table, reads_allowed: bool) -> tuple[int, str]:
    skipped = TOUCHED_ON_READ.get(table.name, set())
    columns = [column for column in table.columns if column.name not in skipped]
    statement = sa.select(*columns)
    if reads_allowed and table.name == "audit_event":
        statement = statement.where(table.c.action.not_in(READ_AUDIT_ACTIONS))
    rows = sorted(repr(tuple(row)) for row in connection.execute(statement))
    digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return len(rows), digest


def differences(before: dict, after: dict) -> list[str]:
    """The tables whose rows changed."""
    return sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
