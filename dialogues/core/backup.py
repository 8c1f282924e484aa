"""Consistent backups while the app runs, and restores.

SQLite: the online backup API copies a consistent snapshot page by page, even while workers
write. PostgreSQL: ``pg_dump`` (custom format) and ``pg_restore`` from the PostgreSQL client.
"""

import os
import shutil
import sqlite3

# pg_dump/pg_restore run from an argument list, never through a shell.
import subprocess  # noqa: S404  # nosec B404
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import Engine

# Tables every Dialogues database has, whatever its schema version.
BACKUP_TABLES = frozenset({"alembic_version", "user", "programme"})
PG_DUMP_MAGIC = b"PGDMP"  # how a pg_dump custom-format file begins


class BackupError(RuntimeError):
    """Backup or restore could not be done; the message says why."""


def backup(engine: Engine, target: Path) -> None:
    """Write the backup to ``target``, readable by its owner only: it holds every record."""
    _private_file(target)
    if engine.dialect.name == "sqlite":
        _copy_sqlite(Path(engine.url.database), target)
    else:
        _refuse_to_overwrite(target)
        _run("pg_dump", "--format=custom", f"--file={target}", _libpq_url(engine))
    target.chmod(0o600)  # a file that was there before keeps its content's new owner-only mode


def _private_file(target: Path) -> None:
    """Create ``target`` owner-only before anything is written to it (whatever the umask)."""
    try:
        os.close(os.open(target, os.O_CREAT | os.O_WRONLY, 0o600))
    except OSError as error:
        raise BackupError(f"Cannot write a backup to {target}: {error.strerror}.") from None


def restore(engine: Engine, source: Path) -> None:
    """Replace every row of the database with the backup's."""
    if not source.is_file():
        raise BackupError(f"No backup at {source}.")
    engine.dispose()  # no pooled connection keeps the old data open
    if engine.dialect.name == "sqlite":
        _check_sqlite_backup(source)
        _copy_sqlite(source, Path(engine.url.database))
    else:
        _run(
            "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
            f"--dbname={_libpq_url(engine)}", str(source),
        )  # fmt: skip


def _refuse_to_overwrite(target: Path) -> None:
    """``pg_dump`` writes over any file: only an empty one or an earlier dump may be replaced
    (SQLite's copy refuses a file that is not a database by itself)."""
    with target.open("rb") as existing:
        head = existing.read(len(PG_DUMP_MAGIC))
    if head and head != PG_DUMP_MAGIC:
        raise BackupError(f"{target} is not a backup; choose another file.")


def _check_sqlite_backup(source: Path) -> None:
    """Refuse, before anything is replaced, a file that is not a sound Dialogues database: an
    empty file or any other SQLite file would otherwise become the database."""
    try:
        with closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as origin:
            sound = origin.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            tables = {row[0] for row in origin.execute("SELECT name FROM sqlite_master")}
            versions = origin.execute("SELECT count(*) FROM alembic_version").fetchone()[0]
    except sqlite3.Error as error:
        raise BackupError(f"{source} is not a Dialogues backup ({error}).") from None
    if not sound or not tables.issuperset(BACKUP_TABLES) or versions != 1:
        raise BackupError(f"{source} is not a Dialogues backup; the database is unchanged.")


def _copy_sqlite(source: Path, target: Path) -> None:
    if not source.is_file():
        raise BackupError(f"No SQLite database at {source}.")
    try:
        with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
            origin.backup(copy)
    except sqlite3.Error as error:
        raise BackupError(f"Could not copy {source} to {target}: {error}.") from None


def _run(program: str, *arguments: str) -> None:
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(  # noqa: S603  # nosec B603
        [executable, *arguments], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{program} failed: {result.stderr.strip()}")


def _libpq_url(engine: Engine) -> str:
    return engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
