"""Counting failures (sign-in, tokens, codes) across every worker and server.

On the embedded default the counts live in the database; with ``REDIS_URL`` set they live in
Redis. Either way every worker of every app server sees the same numbers.
"""

import functools
import math
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app, request
from sqlalchemy.orm import Mapped, mapped_column

from dialogues.core.database import write_lasting, write_now
from dialogues.core.errors import RateLimited
from dialogues.core.models import created_at_column
from dialogues.extensions import db


class FailureRecord(db.Model):
    """One failure (a wrong password, a wrong code), for the database-backed counter."""

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(300))
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (sa.Index("ix_failure_record_key_created_at", "key", "created_at"),)


@dataclass(frozen=True)
class Limit:
    key: str
    count: int
    window: int  # seconds


class DatabaseCounter:
    def retry_after(self, limit: Limit) -> int | None:
        _one_at_a_time(limit.key)
        since = datetime.now(UTC) - timedelta(seconds=limit.window)
        _prune(limit.key, since)
        count, oldest = db.session.execute(
            sa.select(sa.func.count(), sa.func.min(FailureRecord.created_at)).where(
                FailureRecord.key == limit.key, FailureRecord.created_at > since
            )
        ).one()
        if count < limit.count:
            return None
        oldest = oldest if oldest.tzinfo else oldest.replace(tzinfo=UTC)
        return _seconds_until(oldest.timestamp() + limit.window)

    def add(self, *keys: str) -> None:
        now = datetime.now(UTC)
        # Lasting: a request answered 4xx rolls back its own changes, never its count.
        write_lasting(sa.insert(FailureRecord), [{"key": key, "created_at": now} for key in keys])

    def clear(self, key: str) -> None:
        write_now(sa.delete(FailureRecord).where(FailureRecord.key == key))

    def forget(self, key: str) -> None:
        """Delete the key's failures in the caller's transaction (an account being erased)."""
        db.session.execute(sa.delete(FailureRecord).where(FailureRecord.key == key))

    def take(self, limit: Limit) -> int | None:
        """Count one more unless the limit is reached (then: seconds to wait), in one step."""
        wait = self.retry_after(limit)  # holds the key's lock on PostgreSQL
        if wait is None:
            self.add(limit.key)
        return wait


def _prune(key: str, since: datetime) -> None:
    """Drop the key's failures older than its window: they no longer count, and a key may name
    a person (``login:account:<email>``). The Redis counter trims the same way."""
    write_now(
        sa.delete(FailureRecord).where(FailureRecord.key == key, FailureRecord.created_at <= since)
    )


def _one_at_a_time(key: str) -> None:
    """Check and count as one step: without this, concurrent requests on PostgreSQL all see the
    count below the limit before any of them commits its own, and more get through than allowed.
    A transaction-scoped advisory lock per key (held until the request commits or rolls back)
    serialises them. SQLite needs none: its writing transactions already begin IMMEDIATE."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtext(key))))


class RedisCounter:
    """A sorted set per key: one member per failure, scored by its time."""

    def __init__(self, client):
        self.client = client

    def retry_after(self, limit: Limit) -> int | None:
        now = time.time()
        key = _redis_key(limit.key)
        self.client.zremrangebyscore(key, 0, now - limit.window)
        if self.client.zcard(key) < limit.count:
            return None
        ((_member, oldest),) = self.client.zrange(key, 0, 0, withscores=True)
        return _seconds_until(oldest + limit.window)

    def add(self, *keys: str) -> None:
        now = time.time()
        pipe = self.client.pipeline()
        for key in keys:
            pipe.zadd(_redis_key(key), {uuid.uuid4().hex: now})
            pipe.expire(_redis_key(key), 24 * 60 * 60)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.client.delete(_redis_key(key))

    forget = clear  # Redis has no transaction to join

    def take(self, limit: Limit) -> int | None:
        """Count one more unless the limit is reached (then: seconds to wait), in one step:
        WATCH makes concurrent takers retry, so no more than the limit get through."""

        def attempt(pipe):
            now = time.time()
            since = now - limit.window
            if pipe.zcount(key, f"({since}", "+inf") >= limit.count:
                ((_member, oldest),) = pipe.zrangebyscore(
                    key, f"({since}", "+inf", start=0, num=1, withscores=True
                )
                return _seconds_until(oldest + limit.window)
            pipe.multi()
            pipe.zremrangebyscore(key, 0, since)
            pipe.zadd(key, {uuid.uuid4().hex: now})
            pipe.expire(key, 24 * 60 * 60)
            return None

        key = _redis_key(limit.key)
        return self.client.transaction(attempt, key, value_from_callable=True)


def counter():
    """The failure counter for this app: Redis when configured, else the database."""
    return current_app.extensions["dialogues.counter"]


def init_app(app) -> None:
    url = app.config.get("REDIS_URL")
    if url:
        import redis

        app.extensions["dialogues.counter"] = RedisCounter(redis.Redis.from_url(url))
    else:
        app.extensions["dialogues.counter"] = DatabaseCounter()


def first_exceeded(limits: list[Limit]) -> int | None:
    """Seconds to wait before trying again, if any limit is already reached."""
    waits = [wait for limit in limits if (wait := counter().retry_after(limit)) is not None]
    return max(waits) if waits else None


def _redis_key(key: str) -> str:
    return f"dialogues:failures:{key}"


def _seconds_until(instant: float) -> int:
    return max(1, math.ceil(instant - time.time()))


WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def request_limit(name: str, count: int, window: int) -> Limit:
    """The limit ``name`` for this client address; ``REQUEST_LIMIT_<NAME>`` overrides numbers."""
    allowed, seconds = current_app.config.get(f"REQUEST_LIMIT_{name.upper()}", (count, window))
    return Limit(f"{name}:address:{request.remote_addr or 'unknown'}", allowed, seconds)


def count_request(limit: Limit) -> None:
    """429 when ``limit`` is reached, else count this request (kept even if it then fails)."""
    if (wait := counter().take(limit)) is not None:
        raise RateLimited(wait)


def limit_requests(name: str, count: int, window: int, methods=WRITES):
    """Decorator: at most ``count`` requests per client address in ``window`` seconds, counted
    across every worker and server (429 with ``Retry-After`` beyond). For costly or abusable
    actions: registration, exports. Only ``methods`` are counted: by default the writes, so
    reading a form is free; exports that answer a GET pass ``methods={"GET"}``. The
    ``REQUEST_LIMIT_<NAME>`` setting, a ``(count, window)`` pair, overrides the numbers.
    """

    def decorate(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            if request.method in methods or (request.method == "HEAD" and "GET" in methods):
                count_request(request_limit(name, count, window))
            return view(*args, **kwargs)

        return wrapper

    return decorate
