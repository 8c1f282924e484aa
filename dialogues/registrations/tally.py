"""The triggers that keep ``registration_tally`` (registrations per side and status) current.

Each registration added, deleted, or changed in status, side or programme moves the counts in
the same statement, so every reader, on every app server, sees counts as current as the rows.
Only the counts a change touches are locked, until its transaction ends: a new registration
locks its side's "pending" count (registrations to one side at the same moment queue there
for the milliseconds of each commit), a decision the two counts it moves between.

SQLite drops a table's triggers with the table: a migration that rebuilds ``registration``
(``batch_alter_table`` copying it) must call ``install`` again. ``tests/registrations/
test_tally.py`` compares the counts with the registrations on both databases.
"""

from dialogues.core.ddl import run_for

_ADD = (
    "INSERT INTO registration_tally (programme_id, side_id, status, total) "
    "VALUES (NEW.programme_id, NEW.side_id, NEW.status, 1) "
    "ON CONFLICT (programme_id, side_id, status) DO UPDATE SET total = registration_tally.total + 1"
)
_TAKE = (
    "UPDATE registration_tally SET total = total - 1 WHERE programme_id = OLD.programme_id "
    "AND side_id = OLD.side_id AND status = OLD.status"
)
_MOVED = (
    "OLD.programme_id <> NEW.programme_id OR OLD.side_id <> NEW.side_id OR OLD.status <> NEW.status"
)
_COLUMNS = "programme_id, side_id, status"

SQLITE = [
    f"CREATE TRIGGER registration_tally_insert AFTER INSERT ON registration BEGIN {_ADD}; END",
    f"CREATE TRIGGER registration_tally_delete AFTER DELETE ON registration BEGIN {_TAKE}; END",
    f"CREATE TRIGGER registration_tally_update AFTER UPDATE OF {_COLUMNS} ON registration "
    f"WHEN {_MOVED} BEGIN {_TAKE}; {_ADD}; END",
]
SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS registration_tally_{event}" for event in ("insert", "delete", "update")
]
POSTGRESQL = [
    "CREATE OR REPLACE FUNCTION registration_tally_count() RETURNS trigger LANGUAGE plpgsql AS "
    f"$$ BEGIN IF TG_OP <> 'INSERT' THEN {_TAKE}; END IF; "
    f"IF TG_OP <> 'DELETE' THEN {_ADD}; END IF; RETURN NULL; END $$",
    "CREATE TRIGGER registration_tally_insert_delete AFTER INSERT OR DELETE ON registration "
    "FOR EACH ROW EXECUTE FUNCTION registration_tally_count()",
    f"CREATE TRIGGER registration_tally_update AFTER UPDATE OF {_COLUMNS} ON registration "
    f"FOR EACH ROW WHEN ({_MOVED}) EXECUTE FUNCTION registration_tally_count()",
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS registration_tally_insert_delete ON registration",
    "DROP TRIGGER IF EXISTS registration_tally_update ON registration",
    "DROP FUNCTION IF EXISTS registration_tally_count()",
]
# The counts of the registrations already there, when the triggers are first installed.
FILL = (
    "INSERT INTO registration_tally (programme_id, side_id, status, total) "
    "SELECT programme_id, side_id, status, count(*) FROM registration "
    "GROUP BY programme_id, side_id, status"
)


def install(execute, dialect: str) -> None:
    """``execute`` runs one SQL string (``op.execute`` or a connection's)."""
    run_for(execute, dialect, postgresql=POSTGRESQL, sqlite=SQLITE)


def remove(execute, dialect: str) -> None:
    run_for(execute, dialect, postgresql=POSTGRESQL_REMOVE, sqlite=SQLITE_REMOVE)
