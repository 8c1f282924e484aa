"""The sessions API's answers: what each caller may read of a session, built for a whole page.

A page of fifty sessions costs the same few statements as one session: the page's rows (with
the total), then facilitators, invitations, the caller's own answer and the sides in one
statement of narrow rows for every session at once, never one object per invitation. Answers
never hold notes, and only the programme's staff see who is invited and how each side answered.
"""

import sqlalchemy as sa
from flask_login import current_user

from dialogues.api.columns import instant
from dialogues.core.id_lists import among
from dialogues.core.statements import built_once, row_kind
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.models import Registration
from dialogues.sessions.models import Attendance, AttendanceStatus, DialogueSession
from dialogues.sessions.models import session_facilitator as link_table


def answer(dialogue_session: DialogueSession, warnings=()) -> dict:
    return answers(dialogue_session.programme, [dialogue_session], warnings)[0]


def session_page(programme: Programme, query: dict) -> dict:
    """One page of the programme's sessions in order of their start, filtered as ``query`` asks
    (``SessionListQuery``), ready for JSON in the shape of ``page_of(SessionSchema)``: read as
    rows, without the schema's dispatch per field (``tests/sessions/test_api_answers.py`` holds
    the two to the same output)."""
    page, per_page = query["page"], query["per_page"]
    filters = ("starts_after" in query, "starts_before" in query, query.get("cancelled"))
    params = {
        "programme_id": programme.id,
        "starts_after": query.get("starts_after"),
        "starts_before": query.get("starts_before"),
        "limit": per_page,
        "offset": (page - 1) * per_page,
    }
    connection = db.session.connection()
    rows = connection.execute(_page_rows(*filters), params).all()
    if rows:
        total = rows[0][-1]
    elif page == 1:
        total = 0
    else:  # past the last page: count them
        total = connection.execute(_page_count(*filters), params).scalar_one()
    details = _Details(programme, [row[0] for row in rows], connection)
    default_rule = programme.confidentiality.value
    items = []
    for (
        session_id,
        programme_id,
        title,
        format_,
        starts_at,
        ends_at,
        venue,
        online_url,
        override,
        agenda,
        cancelled_at,
        sequence,
        _total,
    ) in rows:
        body = {
            "id": session_id,
            "programme_id": programme_id,
            "title": title,
            "format": format_,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "venue": venue,
            "online_url": online_url,
            "confidentiality": override or default_rule,
            "confidentiality_override": override,
            "facilitator_ids": details.facilitators.get(session_id, []),
            "agenda": agenda,
            "status": "scheduled" if cancelled_at is None else "cancelled",
            "cancelled_at": cancelled_at,
            "sequence": sequence,
            "warnings": [],
        }
        details.add_to(body, session_id)
        items.append(body)
    return {"items": items, "total": total, "page": page, "per_page": per_page}


def answers(programme: Programme, sessions: list, warnings=()) -> list[dict]:
    """What the caller may read of each session object, with the values ``SessionSchema``
    dumps."""
    db.session.flush()  # the details are read through the connection, without autoflush
    details = _Details(programme, [s.id for s in sessions], db.session.connection())
    found = []
    for dialogue_session in sessions:
        override = dialogue_session.confidentiality_override
        body = {
            "id": dialogue_session.id,
            "programme_id": dialogue_session.programme_id,
            "title": dialogue_session.title,
            "format": dialogue_session.format,
            "starts_at": dialogue_session.starts_at,
            "ends_at": dialogue_session.ends_at,
            "venue": dialogue_session.venue,
            "online_url": dialogue_session.online_url,
            "confidentiality": override or programme.confidentiality,
            "confidentiality_override": override,
            "facilitator_ids": details.facilitators.get(dialogue_session.id, []),
            "agenda": dialogue_session.agenda,
            "status": "scheduled" if dialogue_session.cancelled_at is None else "cancelled",
            "cancelled_at": dialogue_session.cancelled_at,
            "sequence": dialogue_session.sequence,
            "warnings": list(warnings),
        }
        details.add_to(body, dialogue_session.id)
        if (own := body.get("my_attendance")) is not None:
            own["status"] = AttendanceStatus(own["status"])
        found.append(body)
    return found


def attendance_answer(attendance: Attendance) -> dict:
    return {
        "session_id": attendance.session_id,
        "registration_id": attendance.registration_id,
        "side_id": attendance.registration.side_id,
        "status": attendance.status,
    }


# -- what else a page's sessions show ------------------------------------------------------------

# Kinds of row of ``_details_statement``.
FACILITATOR, INVITATION, SIDE, OWN = 0, 1, 2, 3


class _Details:
    """Facilitators of ``session_ids``, the caller's own invitations and, for the staff, every
    invitation and the sides: one statement."""

    def __init__(self, programme: Programme, session_ids: list[int], connection) -> None:
        self.facilitators: dict[int, list[int]] = {}
        self.own: dict[int, tuple[int, str]] = {}  # session id: (side id, status)
        self.staff = programme.can_facilitate(current_user)
        self.invited: dict[int, list[int]] = {}
        self.counts: dict[int, dict[int, dict[str, int]]] = {}
        self.side_ids: list[int] = []
        self.registration_id = programme.access_for(current_user).registration_id
        if not session_ids:
            return
        params = {
            "ids": session_ids,
            "programme_id": programme.id,
            "registration_id": self.registration_id,
        }
        statement = _details_statement(self.staff, self.registration_id is not None)
        facilitators, invited, counts = self.facilitators, self.invited, self.counts
        rows = connection.execute(statement, params).all()  # at once: cheaper than row by row
        for kind, session_id, key, side_id, status in rows:
            if kind == INVITATION:
                if (found := invited.get(session_id)) is None:
                    invited[session_id] = [key]
                    counts[session_id] = {side_id: {status: 1}}
                    continue
                found.append(key)
                if (per_side := counts[session_id].get(side_id)) is None:
                    counts[session_id][side_id] = {status: 1}
                else:
                    per_side[status] = per_side.get(status, 0) + 1
            elif kind == FACILITATOR:
                if (found := facilitators.get(session_id)) is None:
                    facilitators[session_id] = [key]
                else:
                    found.append(key)
            elif kind == SIDE:
                self.side_ids.append(key)
            else:
                self.own[session_id] = (side_id, status)
        # The statement has no ORDER BY (sorting its union cost more than sorting here): ids in
        # their order, as the answers have always listed them.
        for found in (*facilitators.values(), *invited.values()):
            found.sort()
        self.side_ids.sort()
        self.side_keys = [(side_id, str(side_id)) for side_id in self.side_ids]

    def add_to(self, body: dict, session_id: int) -> None:
        """The caller's own invitation, and for the staff who is invited and the counts."""
        if (own := self.own.get(session_id)) is not None:
            body["my_attendance"] = {
                "session_id": session_id,
                "registration_id": self.registration_id,
                "side_id": own[0],
                "status": own[1],
            }
        if self.staff:
            body["invited_registration_ids"] = self.invited.get(session_id, [])
            per_side = self.counts.get(session_id, NOBODY)
            body["attendance_by_side"] = {
                key: _counts(per_side.get(side_id, NOBODY)) for side_id, key in self.side_keys
            }


NOBODY: dict = {}


def _counts(per_status: dict) -> dict:
    """One side's counts, from ``{status value: count}``."""
    confirmed = per_status.get("confirmed", 0)
    attended = per_status.get("attended", 0)
    return {
        "invited": sum(per_status.values()),
        "confirmed": confirmed + attended,
        "declined": per_status.get("declined", 0),
        "attended": attended,
        "absent": per_status.get("absent", 0),
    }


@built_once
def _details_statement(staff: bool, registered: bool) -> sa.CompoundSelect:
    """Rows of ``(kind, session_id, key, side_id, status)``, in no particular order:

    - ``FACILITATOR``: ``key`` a facilitator's user id;
    - ``INVITATION``, for the staff: ``key`` the invited registration, its side and status;
    - ``SIDE``, for the staff: ``key`` a side of the programme;
    - ``OWN``, for a registered caller: their own invitation's side and status.
    """
    link = link_table.c
    no_id, no_status = sa.cast(sa.null(), sa.Integer), sa.cast(sa.null(), sa.String)
    status = sa.cast(Attendance.status, sa.String)  # the value: no enum per row

    parts = [
        sa.select(
            row_kind(FACILITATOR).label("kind"),
            link.session_id.label("session_id"),
            link.user_id.label("key"),
            no_id.label("side_id"),
            no_status.label("status"),
        ).where(among(link.session_id))
    ]
    if staff:
        parts.append(
            sa.select(
                row_kind(INVITATION),
                Attendance.session_id,
                Attendance.registration_id,
                Registration.side_id,
                status,
            )
            .join(Registration, Registration.id == Attendance.registration_id)
            .where(among(Attendance.session_id))
        )
        parts.append(
            sa.select(row_kind(SIDE), no_id, Side.id, no_id, no_status).where(
                Side.programme_id == sa.bindparam("programme_id")
            )
        )
    if registered:
        parts.append(
            sa.select(row_kind(OWN), Attendance.session_id, no_id, Registration.side_id, status)
            .join(Registration, Registration.id == Attendance.registration_id)
            .where(
                Attendance.registration_id == sa.bindparam("registration_id"),
                among(Attendance.session_id),
            )
        )
    return sa.union_all(*parts)


# -- the page's rows -----------------------------------------------------------------------------

# What a page of the list reads of each session: columns, not objects; enums as their values,
# instants as the answer writes them.
COLUMNS = (
    DialogueSession.id,
    DialogueSession.programme_id,
    DialogueSession.title,
    sa.type_coerce(DialogueSession.format, sa.String),
    instant(DialogueSession.starts_at),
    instant(DialogueSession.ends_at),
    DialogueSession.venue,
    DialogueSession.online_url,
    sa.type_coerce(DialogueSession.confidentiality_override, sa.String),
    DialogueSession.agenda,
    instant(DialogueSession.cancelled_at),
    DialogueSession.sequence,
)


def _filtered(statement: sa.Select, after: bool, before: bool, cancelled: bool | None):
    instant = DialogueSession.starts_at.type
    statement = statement.where(DialogueSession.programme_id == sa.bindparam("programme_id"))
    if after:
        statement = statement.where(
            DialogueSession.starts_at >= sa.bindparam("starts_after", type_=instant)
        )
    if before:
        statement = statement.where(
            DialogueSession.starts_at < sa.bindparam("starts_before", type_=instant)
        )
    if cancelled is not None:
        is_cancelled = DialogueSession.cancelled_at.is_not(None)
        statement = statement.where(is_cancelled if cancelled else sa.not_(is_cancelled))
    return statement


@built_once
def _page_rows(after: bool, before: bool, cancelled: bool | None) -> sa.Select:
    """The page's rows, each with the total (a scalar subquery, counted once; ``count(*) OVER
    ()`` would read every row of the programme): one statement for both."""
    total = _page_count(after, before, cancelled).scalar_subquery()
    statement = sa.select(*COLUMNS, total.label("total"))
    return (
        _filtered(statement, after, before, cancelled)
        .order_by(DialogueSession.starts_at, DialogueSession.id)
        .limit(sa.bindparam("limit"))
        .offset(sa.bindparam("offset"))
    )


@built_once
def _page_count(after: bool, before: bool, cancelled: bool | None) -> sa.Select:
    return _filtered(sa.select(sa.func.count()), after, before, cancelled)
