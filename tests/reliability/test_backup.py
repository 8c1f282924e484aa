"""``dialogues backup`` while the app takes writes, then ``dialogues restore`` into a fresh
database: the restored database equals the backup table by table, and the backup is one
consistent moment (each registration with its user and its audit event, nothing half-written).
"""

import itertools
import re
import sqlite3
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from dialogues.core.audit import AuditEvent
from dialogues.extensions import db
from dialogues.registrations.models import Registration
from tests.reliability.conftest import environment, on_postgres
from tests.reliability.load import UNLIMITED, database, register, seed_open_programme
from tests.servers import app_environment, dialogues

PEOPLE = 3000  # more than the load gets through before it is stopped, even on a slow machine


def test_backup_under_write_load_restores_equal(fresh_database, instance, servers, tmp_path):
    url = fresh_database("backup")
    env = environment(instance, url, UNLIMITED)
    seeded = seed_open_programme(url, instance, PEOPLE)
    server = servers(env, workers=2, threads=4)
    backup = tmp_path / "dialogues.backup"
    with _write_load(server.url, seeded) as acknowledged:
        _wait_for(lambda: len(acknowledged) >= 20)
        before = set(acknowledged)
        dialogues(env, "backup", str(backup))
        during = len(acknowledged) - len(before)
        _wait_for(lambda: len(acknowledged) >= len(before) + during + 10)
    assert during > 0, "no write was acknowledged while the backup ran"

    restored_url = fresh_database("restored")
    restored_env = app_environment(tmp_path / "restored", restored_url)
    dialogues(restored_env, "restore", str(backup), "--yes")
    restored = _tables(restored_url)
    assert restored == _backup_tables(backup)
    assert {"user", "registration", "audit_event"} <= set(restored)
    with database(restored_url, tmp_path / "restored"):
        stored = set(db.session.scalars(sa.select(Registration.id)))
        assert before <= stored <= acknowledged
        _assert_consistent()


class _write_load:
    """Registrations from 8 client threads until the block ends; the acknowledged ids."""

    def __init__(self, base: str, seeded: dict):
        self.base, self.seeded = base, seeded
        self.acknowledged: set[int] = set()
        self.stop = threading.Event()
        self.numbers = itertools.count()

    def __enter__(self) -> set[int]:
        self.pool = ThreadPoolExecutor(max_workers=8)
        self.futures = [self.pool.submit(self._run) for _ in range(8)]
        return self.acknowledged

    def _run(self) -> None:
        while not self.stop.is_set():
            number = next(self.numbers)
            assert number < PEOPLE, "the load ran out of people"
            answer = register(self.base, self.seeded, number)
            assert answer is not None, "the server dropped a connection"
            assert answer.status == 201, answer
            self.acknowledged.add(answer.body["id"])

    def __exit__(self, *_exc) -> None:
        self.stop.set()
        self.pool.shutdown()
        for future in self.futures:
            future.result()  # a failed request fails the test


def _wait_for(condition, seconds: float = 120) -> None:
    event = threading.Event()
    for _ in range(int(seconds * 20)):
        if condition():
            return
        event.wait(0.05)
    raise AssertionError("the write load made no progress")


def _assert_consistent() -> None:
    """Every registration came with its audit event in the same transaction: a backup that
    caught one without the other would not be one moment of the database."""
    registrations = db.session.scalar(sa.select(sa.func.count()).select_from(Registration))
    events = db.session.scalar(
        sa.select(sa.func.count()).where(AuditEvent.action == "registration.create")
    )
    assert registrations == events > 0


def _tables(url: str) -> dict[str, list]:
    """Every row of every table of a database, sorted, table by table."""
    if on_postgres():
        return _copy_blocks(_run("pg_dump", "--data-only", _libpq(url)))
    return _sqlite_tables(sa.make_url(url).database)


def _backup_tables(backup) -> dict[str, list]:
    """The same, read from the backup file itself."""
    if on_postgres():
        return _copy_blocks(_run("pg_restore", "--data-only", "--file=-", str(backup)))
    return _sqlite_tables(backup)


def _sqlite_tables(path) -> dict[str, list]:
    connection = sqlite3.connect(path)
    try:
        query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        names = [row[0] for row in connection.execute(query)]
        return {
            name: sorted(map(repr, connection.execute(f'SELECT * FROM "{name}"'))) for name in names
        }
    finally:
        connection.close()


def _copy_blocks(dump: str) -> dict[str, list]:
    """``COPY table (...) FROM stdin;`` blocks of a plain dump: the rows of each table."""
    blocks = re.findall(r"^COPY (\S+) .*?FROM stdin;\n(.*?)^\\\.$", dump, re.M | re.S)
    return {table.split(".")[-1].strip('"'): sorted(rows.splitlines()) for table, rows in blocks}


def _run(program: str, *arguments: str) -> str:
    return subprocess.run([program, *arguments], capture_output=True, text=True, check=True).stdout


def _libpq(url: str) -> str:
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
