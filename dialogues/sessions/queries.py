"""Reading schedules: a programme's sessions, a person's own, grouped by day in a zone.

Each list is loaded with a fixed number of queries, however many sessions it holds.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from dialogues.auth.models import User
from dialogues.core.models import utcnow
from dialogues.core.pagination import RowPagination
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions.models import Attendance, DialogueSession, session_facilitator
from dialogues.sessions.times import local_date


def programme_sessions(programme: Programme) -> list[DialogueSession]:
    """Every session of the programme, cancelled ones included, in order."""
    return list(
        db.session.scalars(
            sa.select(DialogueSession)
            .where(DialogueSession.programme_id == programme.id)
            .options(selectinload(DialogueSession.facilitators))
            .order_by(DialogueSession.starts_at, DialogueSession.id)
        )
    )


# What a schedule card shows of a session: narrow rows, not objects (fifty a page).
CARD_COLUMNS = (
    DialogueSession.id,
    DialogueSession.title,
    DialogueSession.format,
    DialogueSession.starts_at,
    DialogueSession.ends_at,
    DialogueSession.venue,
    DialogueSession.online_url,
    DialogueSession.confidentiality_override,
    DialogueSession.cancelled_at,
)


def sessions_page(programme: Programme, number: int | None, per_page: int = 50) -> RowPagination:
    """One page of the programme's sessions in order, as rows of ``CARD_COLUMNS``; without a
    number, the page of what is next.

    A programme may hold a thousand sessions: the schedule shows them a page at a time, and
    opens where the next session is rather than at the first one ever held.
    """
    statement = (
        sa.select(*CARD_COLUMNS)
        .where(DialogueSession.programme_id == programme.id)
        .order_by(DialogueSession.starts_at, DialogueSession.id)
    )
    if number is None:
        earlier = sa.select(sa.func.count()).where(
            DialogueSession.programme_id == programme.id, DialogueSession.starts_at < utcnow()
        )
        number = db.session.scalar(earlier) // per_page + 1
    return RowPagination(
        select=statement, session=db.session(), page=number, per_page=per_page, error_out=False
    )


def programme_sides(programme: Programme) -> list[tuple[int, str]]:
    """``(id, name)`` of the programme's sides, in their order (``Programme.sides``)."""
    rows = db.session.execute(
        sa.select(Side.id, Side.name).where(Side.programme_id == programme.id).order_by(Side.id)
    )
    return [(side_id, name) for side_id, name in rows]


def facilitator_names(session_ids: list[int]) -> dict[int, list[str]]:
    """``{session id: [name, …]}`` of each session's facilitators, in one query."""
    names: dict[int, list[str]] = {i: [] for i in session_ids}
    if session_ids:
        link = session_facilitator.c
        rows = db.session.execute(
            sa.select(link.session_id, User.name)
            .join(User, User.id == link.user_id)
            .where(link.session_id.in_(session_ids))
            .order_by(link.session_id, link.user_id)
        )
        for session_id, name in rows:
            names[session_id].append(name)
    return names


def by_day(sessions: list[DialogueSession], zone: str) -> list[tuple[date, list]]:
    """Sessions grouped by the local date they start on in ``zone``."""
    ordered = sorted(sessions, key=lambda s: (s.starts_at, s.id))
    return [
        (day, list(items))
        for day, items in groupby(ordered, key=lambda s: local_date(s.starts_at, zone))
    ]


@dataclass(frozen=True)
class ScheduleItem:
    """One session on a person's own schedule, and why it is there."""

    dialogue_session: DialogueSession
    attendance: Attendance | None  # their invitation, when invited as a participant
    facilitates: bool

    @property
    def starts_at(self):
        return self.dialogue_session.starts_at

    @property
    def id(self) -> int:
        return self.dialogue_session.id


def own_schedule(user, *, past: bool = False) -> list[ScheduleItem]:
    """Sessions ``user`` is invited to (as an accepted participant) or facilitates."""
    since = utcnow() - timedelta(hours=12)
    window = DialogueSession.ends_at < since if past else DialogueSession.ends_at >= since
    invitations = _invitations(user, window)
    facilitated = _facilitated(user, window)
    ids = set(invitations) | set(facilitated)
    sessions = {**facilitated, **{i: a.dialogue_session for i, a in invitations.items()}}
    items = [ScheduleItem(sessions[i], invitations.get(i), i in facilitated) for i in ids]
    items = [item for item in items if item.dialogue_session.programme.can_read_content(user)]
    return sorted(items, key=lambda item: (item.starts_at, item.id), reverse=past)


def _invitations(user, window) -> dict[int, Attendance]:
    rows = db.session.scalars(
        sa.select(Attendance)
        .join(Registration, Registration.id == Attendance.registration_id)
        .join(DialogueSession, DialogueSession.id == Attendance.session_id)
        .where(
            Registration.user_id == user.id,
            Registration.status == RegistrationStatus.ACCEPTED,
            window,
        )
        .options(
            selectinload(Attendance.dialogue_session).selectinload(DialogueSession.programme),
            selectinload(Attendance.dialogue_session).selectinload(DialogueSession.facilitators),
        )
    )
    return {attendance.session_id: attendance for attendance in rows}


def _facilitated(user, window) -> dict[int, DialogueSession]:
    rows = db.session.scalars(
        sa.select(DialogueSession)
        .join(session_facilitator, session_facilitator.c.session_id == DialogueSession.id)
        .where(session_facilitator.c.user_id == user.id, window)
        .options(
            selectinload(DialogueSession.programme),
            selectinload(DialogueSession.facilitators),
        )
    )
    return {s.id: s for s in rows}
