"""The sessions API's answers: what each caller may read of a session, built for a whole page.

A page of fifty sessions costs the same few queries as one session: facilitators, invitations
and the caller's own answer are read as narrow rows for every session at once, never as one
object per invitation. Answers never hold notes, and only the programme's staff see who is
invited and how each side answered.
"""

from collections import defaultdict

import sqlalchemy as sa
from flask_login import current_user

from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.registrations.models import Registration
from dialogues.sessions.attendance import session_balances
from dialogues.sessions.models import Attendance, DialogueSession, session_facilitator


def answer(dialogue_session: DialogueSession, warnings=()) -> dict:
    return answers(dialogue_session.programme, [dialogue_session], warnings)[0]


def answers(programme: Programme, sessions: list[DialogueSession], warnings=()) -> list[dict]:
    ids = [s.id for s in sessions]
    link = session_facilitator.c
    facilitators = _ids_by_session(link.session_id, link.user_id, ids)
    own = _own_invitations(programme, ids)
    staff = programme.can_facilitate(current_user)
    balances = session_balances(programme, ids) if staff else {}
    invited = (
        _ids_by_session(Attendance.session_id, Attendance.registration_id, ids) if staff else {}
    )
    found = []
    for dialogue_session in sessions:
        body = _fields(dialogue_session, programme, facilitators[dialogue_session.id], warnings)
        if dialogue_session.id in own:
            body["my_attendance"] = own[dialogue_session.id]
        if staff:
            body["invited_registration_ids"] = invited[dialogue_session.id]
            sides = balances[dialogue_session.id].sides
            body["attendance_by_side"] = {str(side.side_id): _counts(side) for side in sides}
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
        "status": "cancelled" if dialogue_session.is_cancelled else "scheduled",
        "cancelled_at": dialogue_session.cancelled_at,
        "sequence": dialogue_session.sequence,
        "warnings": list(warnings),
    }


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


def _counts(side) -> dict:
    return {
        "invited": side.invited,
        "confirmed": side.confirmed,
        "declined": side.count("declined"),
        "attended": side.count("attended"),
        "absent": side.count("absent"),
    }
