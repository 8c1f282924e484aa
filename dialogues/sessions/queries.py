"""Reading schedules: a programme's sessions, a person's own, grouped by day in a zone.

Each list is loaded with a fixed number of queries, however many sessions it holds.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import selectinload

from dialogues.auth.models import User
from dialogues.core.id_lists import among
from dialogues.core.models import utcnow
from dialogues.core.statements import built_once, row_kind
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


class SchedulePage(Pagination):
    """A page of rows of ``CARD_COLUMNS`` (then the total and the number begun), for the
    ``pagination`` macro: read, with the counts, before the page is made."""

    def _query_items(self) -> list:
        return self._query_args["rows"]

    def _query_count(self) -> int:
        return self._query_args["total"]


def sessions_page(programme: Programme, number: int | None, per_page: int = 50) -> SchedulePage:
    """One page of the programme's sessions in order, as rows of ``CARD_COLUMNS`` followed by
    the total and the number already begun; without a number, the page of what is next.

    A programme may hold a thousand sessions: the schedule shows them a page at a time, and
    opens where the next session is rather than at the first one ever held. One statement
    finds that page, reads it and counts (a second counts when the page is empty).
    """
    params = {
        "programme_id": programme.id,
        "now": utcnow(),
        "per_page": per_page,
        # ``number`` is one ``core.paging.page_number`` gives: 1 or more, its offset an INTEGER.
        "offset": None if number is None else (number - 1) * per_page,
    }
    connection = db.session.connection()
    rows = connection.execute(_card_rows(), params).all()
    if rows:
        total, earlier = rows[0][-2:]
    else:
        total, earlier = connection.execute(_card_counts(), params).one()
    if number is None:
        number = earlier // per_page + 1
    return SchedulePage(page=number, per_page=per_page, error_out=False, rows=rows, total=total)


def _counted():
    """All the programme's sessions, and those begun by ``now``, as two counts."""
    programme = DialogueSession.programme_id == sa.bindparam("programme_id")
    now = sa.bindparam("now", type_=DialogueSession.starts_at.type)
    total = sa.select(sa.func.count()).where(programme)
    earlier = sa.select(sa.func.count()).where(programme, DialogueSession.starts_at < now)
    return total, earlier


@built_once
def _card_counts() -> sa.Select:
    total, earlier = _counted()
    return sa.select(total.scalar_subquery(), earlier.scalar_subquery())


@built_once
def _card_rows() -> sa.Select:
    total, earlier = _counted()
    per_page = sa.bindparam("per_page", type_=sa.Integer)
    # Without a page number: the page of the first session not begun.
    offset = sa.func.coalesce(
        sa.bindparam("offset", type_=sa.Integer),
        earlier.scalar_subquery() // per_page * per_page,
    )
    return (
        sa.select(*CARD_COLUMNS, total.scalar_subquery(), earlier.scalar_subquery())
        .where(DialogueSession.programme_id == sa.bindparam("programme_id"))
        .order_by(DialogueSession.starts_at, DialogueSession.id)
        .limit(per_page)
        .offset(offset)
    )


# Kinds of row of ``card_details``.
FACILITATOR, COUNT, SIDE = 0, 1, 2


def card_details(programme_id: int, session_ids: list[int], staff: bool) -> list[tuple]:
    """What the cards of ``session_ids`` show besides their own columns, in one statement: rows
    of ``(kind, session_id, key, text, number)``, ordered by kind, session and key:

    - ``FACILITATOR``: a facilitator (``key`` their user id, ``text`` their name);
    - ``COUNT``, for the staff: ``number`` invitations of one status (``text``) from one side
      (``key``);
    - ``SIDE``, for the staff: a side of the programme (``key`` its id, ``text`` its name).
    """
    if not session_ids:
        return []
    params = {"ids": session_ids, "programme_id": programme_id}
    return db.session.connection().execute(_details(staff), params).all()


@built_once
def _details(staff: bool) -> sa.CompoundSelect | sa.Select:
    link = session_facilitator.c
    no_number = sa.cast(sa.null(), sa.Integer)
    parts = [
        sa.select(
            row_kind(FACILITATOR).label("kind"),
            link.session_id.label("session_id"),
            link.user_id.label("key"),
            sa.cast(User.name, sa.String).label("text"),
            no_number.label("number"),
        )
        .join(User, User.id == link.user_id)
        .where(among(link.session_id))
    ]
    if staff:
        parts.append(
            sa.select(
                row_kind(COUNT),
                Attendance.session_id,
                Registration.side_id,
                sa.cast(Attendance.status, sa.String),  # the value: no enum per row
                sa.func.count(),
            )
            .join(Registration, Registration.id == Attendance.registration_id)
            .where(among(Attendance.session_id))
            .group_by(Attendance.session_id, Registration.side_id, Attendance.status)
        )
        parts.append(
            sa.select(
                row_kind(SIDE),
                sa.cast(sa.null(), sa.Integer),
                Side.id,
                sa.cast(Side.name, sa.String),
                no_number,
            ).where(Side.programme_id == sa.bindparam("programme_id"))
        )
    return sa.union_all(*parts).order_by(
        sa.literal_column("kind"), sa.literal_column("session_id"), sa.literal_column("key")
    )


def programme_sides(programme: Programme) -> list[tuple[int, str]]:
    """``(id, name)`` of the programme's sides, in their order (``Programme.sides``)."""
    rows = db.session.execute(
        sa.select(Side.id, Side.name).where(Side.programme_id == programme.id).order_by(Side.id)
    )
    return [(side_id, name) for side_id, name in rows]


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
    return sorted(_readable(items, user), key=lambda item: (item.starts_at, item.id), reverse=past)


def _readable(items: list[ScheduleItem], user) -> list[ScheduleItem]:
    """The items of programmes whose sessions ``user`` may read (someone removed from the staff
    still facilitates on paper): the rule is ``can_read_content``, its access read in bulk."""
    Programme.read_access(user, {item.dialogue_session.programme for item in items})
    return [item for item in items if item.dialogue_session.programme.can_read_content(user)]


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
