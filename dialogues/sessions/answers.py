"""The sessions API's answers: what each caller may read of a session, built for a whole page.

A page of fifty sessions costs the same few queries as one session: facilitators, invitations
and the caller's own answer are read as narrow rows for every session at once, never as one
object per invitation. Answers never hold notes, and only the programme's staff see who is
invited and how each side answered.
"""

from collections import defaultdict

import sqlalchemy as sa
from flask_login import current_user

from dialogues.api import instant_text, paginate_rows
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.registrations.models import Registration
from dialogues.sessions.attendance import confirmed_count, invited_count
from dialogues.sessions.models import Attendance, DialogueSession, session_facilitator
from dialogues.sessions.queries import programme_sides

# What a page of the list reads of each session: columns, not objects.
COLUMNS = (
    DialogueSession.id,
    DialogueSession.programme_id,
    DialogueSession.title,
    DialogueSession.format,
    DialogueSession.starts_at,
    DialogueSession.ends_at,
    DialogueSession.venue,
    DialogueSession.online_url,
    DialogueSession.confidentiality_override,
    DialogueSession.agenda,
    DialogueSession.cancelled_at,
    DialogueSession.sequence,
)


def answer(dialogue_session: DialogueSession, warnings=()) -> dict:
    return answers(dialogue_session.programme, [dialogue_session], warnings)[0]


def session_page(programme: Programme, statement: sa.Select, query: dict) -> dict:
    """One page of ``statement`` (an ordered ``select(DialogueSession)``), ready for JSON in the
    shape of ``page_of(SessionSchema)``: read as rows, without the schema's dispatch per field
    (``tests/sessions/test_api_answers.py`` holds the two to the same output)."""
    page = paginate_rows(statement.with_only_columns(*COLUMNS), query)
    return {**page, "items": [_plain(body) for body in answers(programme, page["items"])]}


def answers(programme: Programme, sessions: list, warnings=()) -> list[dict]:
    """What the caller may read of each session (objects, or rows of ``COLUMNS``), with the
    values ``SessionSchema`` dumps."""
    ids = [s.id for s in sessions]
    link = session_facilitator.c
    facilitators = _ids_by_session(link.session_id, link.user_id, ids)
    own = _own_invitations(programme, ids)
    staff = programme.can_facilitate(current_user)
    if staff:
        invited, counts = _invitations(ids)
        side_keys = [(side_id, str(side_id)) for side_id, _name in programme_sides(programme)]
    found = []
    for dialogue_session in sessions:
        body = _fields(dialogue_session, programme, facilitators[dialogue_session.id], warnings)
        if dialogue_session.id in own:
            body["my_attendance"] = own[dialogue_session.id]
        if staff:
            body["invited_registration_ids"] = invited[dialogue_session.id]
            per_side = counts[dialogue_session.id]
            body["attendance_by_side"] = {
                key: _counts(per_side.get(side_id, NOBODY)) for side_id, key in side_keys
            }
        found.append(body)
    return found


def attendance_answer(attendance: Attendance) -> dict:
    return {
        "session_id": attendance.session_id,
        "registration_id": attendance.registration_id,
        "side_id": attendance.registration.side_id,
        "status": attendance.status,
    }


def _fields(dialogue_session, programme, facilitator_ids, warnings) -> dict:
    override = dialogue_session.confidentiality_override
    return {
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
        "facilitator_ids": facilitator_ids,
        "agenda": dialogue_session.agenda,
        "status": "scheduled" if dialogue_session.cancelled_at is None else "cancelled",
        "cancelled_at": dialogue_session.cancelled_at,
        "sequence": dialogue_session.sequence,
        "warnings": list(warnings),
    }


def _plain(body: dict) -> dict:
    """``body`` as ``SessionSchema`` dumps it: enums by value, instants as text."""
    body["format"] = body["format"].value
    body["starts_at"] = instant_text(body["starts_at"])
    body["ends_at"] = instant_text(body["ends_at"])
    body["confidentiality"] = body["confidentiality"].value
    if (override := body["confidentiality_override"]) is not None:
        body["confidentiality_override"] = override.value
    body["cancelled_at"] = instant_text(body["cancelled_at"])
    if (own := body.get("my_attendance")) is not None:
        body["my_attendance"] = {**own, "status": own["status"].value}
    return body


def _ids_by_session(owner, value, session_ids: list[int]) -> dict[int, list[int]]:
    """``{session id: [value, …]}`` from two columns of one table, in order of the values."""
    found = defaultdict(list)
    if session_ids:
        rows = db.session.execute(
            sa.select(owner, value).where(owner.in_(session_ids)).order_by(owner, value)
        )
        for session_id, item in rows:
            found[session_id].append(item)
    return found


def _own_invitations(programme: Programme, session_ids: list[int]) -> dict[int, dict]:
    """The caller's own invitation to each session, by the registration the access check found."""
    registration_id = programme.access_for(current_user).registration_id
    if registration_id is None or not session_ids:
        return {}
    rows = db.session.execute(
        sa.select(Attendance.session_id, Attendance.status, Registration.side_id)
        .join(Registration, Registration.id == Attendance.registration_id)
        .where(
            Attendance.registration_id == registration_id,
            Attendance.session_id.in_(session_ids),
        )
    )
    return {
        session_id: {
            "session_id": session_id,
            "registration_id": registration_id,
            "side_id": side_id,
            "status": status,
        }
        for session_id, status, side_id in rows
    }


def _invitations(session_ids: list[int]) -> tuple[dict, dict]:
    """For the staff, in one query: the invited registration ids of each session, in order, and
    ``{session id: {side id: {status: count}}}``."""
    invited: dict[int, list[int]] = defaultdict(list)
    counts: dict[int, dict[int, dict]] = defaultdict(dict)
    if session_ids:
        rows = db.session.execute(
            sa.select(
                Attendance.session_id,
                Attendance.registration_id,
                Registration.side_id,
                Attendance.status,
            )
            .join(Registration, Registration.id == Attendance.registration_id)
            .where(Attendance.session_id.in_(session_ids))
            .order_by(Attendance.session_id, Attendance.registration_id)
        )
        for session_id, registration_id, side_id, status in rows:
            invited[session_id].append(registration_id)
            per_side = counts[session_id]
            if (per_status := per_side.get(side_id)) is None:
                per_status = per_side[side_id] = {}
            per_status[status] = per_status.get(status, 0) + 1
    return invited, counts


NOBODY: dict = {}


def _counts(per_status: dict) -> dict:
    """One side's counts; the keys of ``per_status`` are ``AttendanceStatus`` members, equal to
    their values."""
    return {
        "invited": invited_count(per_status),
        "confirmed": confirmed_count(per_status),
        "declined": per_status.get("declined", 0),
        "attended": per_status.get("attended", 0),
        "absent": per_status.get("absent", 0),
    }
