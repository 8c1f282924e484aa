"""The append-only audit log: who did what, when, to which record.

Details hold ids and field names, never passwords, tokens, note text or a participant's words.
"""

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy.orm import Mapped, mapped_column

from dialogues.core.database import expect_writes
from dialogues.core.models import UTCDateTime, utcnow
from dialogues.extensions import db

FORBIDDEN_DETAIL_KEYS = frozenset({"password", "token", "otp", "text", "note", "body"})


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, nullable=False, index=True
    )
    # Plain integers, not foreign keys: the log outlives the rows it mentions.
    actor_id: Mapped[int | None] = mapped_column(index=True)
    action: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(sa.String(32))
    object_id: Mapped[int | None]
    programme_id: Mapped[int | None] = mapped_column(index=True)
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    ip_address: Mapped[str | None] = mapped_column(sa.String(45))
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    __table_args__ = (sa.Index("ix_audit_event_object", "object_type", "object_id"),)


def record(action: str, obj: Any = None, *, actor: Any = None, **detail: Any) -> AuditEvent:
    """Add an audit event to the session; the request (or command) commits it."""
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()  # the event names the object by id
    event = AuditEvent(**_values(action, obj, actor, detail))
    db.session.add(event)
    return event


def record_refusal(action: str, **detail: Any) -> None:
    """Record a refused request: drop whatever it had done, keep only the event."""
    db.session.rollback()
    expect_writes()
    record(action, **detail)
    db.session.commit()


def _values(action: str, obj: Any, actor: Any, detail: dict) -> dict:
    leaked = FORBIDDEN_DETAIL_KEYS.intersection(detail)
    if leaked:
        raise ValueError(f"audit details may not hold {sorted(leaked)}")
    programme_id = detail.pop("programme_id", None)
    return {
        "action": action,
        "actor_id": _actor_id(actor),
        "object_type": type(obj).__tablename__ if obj is not None else None,
        "object_id": getattr(obj, "id", None),
        "programme_id": programme_id if programme_id is not None else _programme_id(obj),
        "detail": detail,
        **_request_facts(),
    }


def _actor_id(actor: Any) -> int | None:
    if actor is not None:
        return actor.id
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _programme_id(obj: Any) -> int | None:
    if obj is None:
        return None
    if type(obj).__tablename__ == "programme":
        return obj.id
    return getattr(obj, "programme_id", None)


def _request_facts() -> dict:
    if not has_request_context():
        return {}
    return {"request_id": g.get("request_id"), "ip_address": request.remote_addr}
