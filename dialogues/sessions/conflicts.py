"""Clashes: the same facilitator, venue or participant in two overlapping sessions.

A facilitator is one person across every programme (API.md). A participant is compared within
the programme only: whether someone takes part in another dialogue is theirs to tell, and a
clash naming another programme's session (or its absence) would tell a coordinator where they
are and when. A venue is compared within the programme, trimmed and case-insensitively (in
Python, so non-Latin scripts fold correctly). Cancelled sessions, declined invitations and
participants no longer accepted never clash.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions.models import (
    Attendance,
    AttendanceStatus,
    DialogueSession,
    session_facilitator,
)


@dataclass(frozen=True)
class Clash:
    dialogue_session: DialogueSession
    reason: str  # "facilitator", "venue" or "participant"
    user_id: int | None = None  # the facilitator or participant concerned


class SessionConflict(Conflict):
    """Refused because of clashes; the API lists them as ``error.conflicts``."""

    message = "This session clashes with other sessions."

    def __init__(self, clashes: list[Clash]):
        super().__init__()
        self.clashes = clashes

    def extra(self) -> dict:
        pairs = dict.fromkeys((c.dialogue_session.id, c.reason) for c in self.clashes)
        return {"conflicts": [{"session_id": i, "reason": reason} for i, reason in pairs]}


@dataclass(frozen=True)
class Slot:
    """What the new state of a session would occupy."""

    programme_id: int
    starts_at: datetime
    ends_at: datetime
    venue: str
    facilitator_ids: frozenset[int]
    participant_user_ids: frozenset[int]
    session_id: int | None = None  # the session being changed, which never clashes with itself


def find_clashes(slot: Slot) -> list[Clash]:
    clashes = [
        *_facilitator_clashes(slot),
        *_venue_clashes(slot),
        *_participant_clashes(slot),
    ]
    return sorted(clashes, key=lambda c: (c.dialogue_session.starts_at, c.dialogue_session.id))


def normalise_venue(venue: str) -> str:
    return " ".join(venue.split()).casefold()


def _overlapping(slot: Slot):
    query = sa.select(DialogueSession).where(
        DialogueSession.starts_at < slot.ends_at,
        DialogueSession.ends_at > slot.starts_at,
        DialogueSession.cancelled_at.is_(None),
    )
    if slot.session_id is not None:
        query = query.where(DialogueSession.id != slot.session_id)
    return query


def _facilitator_clashes(slot: Slot) -> Iterable[Clash]:
    if not slot.facilitator_ids:
        return []
    rows = db.session.execute(
        _overlapping(slot)
        .add_columns(session_facilitator.c.user_id)
        .join(session_facilitator, session_facilitator.c.session_id == DialogueSession.id)
        .where(session_facilitator.c.user_id.in_(slot.facilitator_ids))
    ).all()
    return [Clash(row[0], "facilitator", row[1]) for row in rows]


def _venue_clashes(slot: Slot) -> Iterable[Clash]:
    venue = normalise_venue(slot.venue)
    if not venue:
        return []
    candidates = db.session.scalars(
        _overlapping(slot).where(
            DialogueSession.programme_id == slot.programme_id, DialogueSession.venue != ""
        )
    )
    return [Clash(s, "venue") for s in candidates if normalise_venue(s.venue) == venue]


def _participant_clashes(slot: Slot) -> Iterable[Clash]:
    if not slot.participant_user_ids:
        return []
    rows = db.session.execute(
        _overlapping(slot)
        .add_columns(Registration.user_id)
        .join(Attendance, Attendance.session_id == DialogueSession.id)
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(
            DialogueSession.programme_id == slot.programme_id,
            Registration.user_id.in_(slot.participant_user_ids),
            Registration.status == RegistrationStatus.ACCEPTED,
            Attendance.status != AttendanceStatus.DECLINED,
        )
    ).all()
    return [Clash(row[0], "participant", row[1]) for row in rows]
