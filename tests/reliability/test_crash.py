"""Crash safety: ``kill -9`` of the whole server (master and workers) during a write load.
After a restart the database is intact and every write that was acknowledged is there.
"""

import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor

import sqlalchemy as sa

from dialogues.extensions import db
from dialogues.registrations.models import Registration
from tests.reliability.conftest import environment, on_postgres
from tests.reliability.load import UNLIMITED, database, register, seed_open_programme

REQUESTS, KILL_AFTER = 200, 40


def test_acknowledged_writes_survive_kill_9(fresh_database, instance, servers):
    url = fresh_database("crash")
    env = environment(instance, url, UNLIMITED)
    seeded = seed_open_programme(url, instance, REQUESTS + 1)
    server = servers(env, workers=2, threads=4)
    with ThreadPoolExecutor(max_workers=16) as pool:
        futures = [pool.submit(register, server.url, seeded, n) for n in range(REQUESTS)]
        _wait_for_answers(futures, KILL_AFTER)
        server.kill()
        answers = [future.result() for future in futures]
    acknowledged = {a.body["id"] for a in answers if a is not None and a.status == 201}
    assert len(acknowledged) >= KILL_AFTER
    assert None in answers, "the server was killed after the load, not during it"

    if not on_postgres():
        assert _integrity(url) == "ok"
    restarted = servers(env, workers=2, threads=4)
    assert register(restarted.url, seeded, REQUESTS).status == 201
    with database(url, instance):
        stored = set(db.session.scalars(sa.select(Registration.id)))
    assert acknowledged <= stored


def _wait_for_answers(futures, count: int) -> None:
    deadline = time.monotonic() + 120
    while sum(future.done() for future in futures) < count:
        assert time.monotonic() < deadline, "the load made no progress"
        time.sleep(0.01)


def _integrity(url: str) -> str:
    connection = sqlite3.connect(sa.make_url(url).database)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()
