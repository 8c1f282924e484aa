"""The sessions API: scheduling, reading, moving, cancelling, attendance, the calendar feed.

Answers never hold notes, and only the programme's staff see who is invited.
"""

from flask import abort, jsonify
from flask_login import current_user

from dialogues.api import Blueprint, get_or_404, page_of
from dialogues.core.access import require
from dialogues.core.throttle import limit_requests
from dialogues.programmes.queries import programme_or_404
from dialogues.registrations.models import Registration
from dialogues.sessions import operations
from dialogues.sessions.answers import answer, attendance_answer, session_page
from dialogues.sessions.attendance import set_attendance
from dialogues.sessions.calendar_views import ics_response
from dialogues.sessions.calendars import calendar_bytes, token_holder
from dialogues.sessions.inputs import SessionInput
from dialogues.sessions.models import DialogueSession
from dialogues.sessions.queries import programme_sessions
from dialogues.sessions.schemas import (
    SessionAttendanceInputSchema,
    SessionAttendanceSchema,
    SessionCalendarQuery,
    SessionInputSchema,
    SessionListQuery,
    SessionSchema,
)

blp = Blueprint("sessions_api", __name__, description="Sessions, attendance and calendar feeds.")


@blp.route("/programmes/<id:programme_id>/sessions", methods=["POST"])
@blp.login_required
@blp.arguments(SessionInputSchema, deferred=True)
@blp.response(201, SessionSchema)
@blp.errors(403, 404, 409)
def create_session(body, programme_id):
    """Schedule a session (coordinators); the invited participants get an email with an .ics."""
    programme = programme_or_404(programme_id)
    require(programme.can_manage(current_user))
    outcome = operations.create_session(programme, SessionInput(**_plain(body.read())))
    return answer(outcome.dialogue_session, outcome.warnings)


@blp.route("/programmes/<id:programme_id>/sessions")
@blp.login_required
@blp.arguments(SessionListQuery, location="query", deferred=True)
@blp.response(200, page_of(SessionSchema))
@blp.errors(403, 404)
def list_sessions(query, programme_id):
    """The programme's sessions in order of their start (members)."""
    programme = programme_or_404(programme_id)
    require(programme.can_read_content(current_user))
    return jsonify(session_page(programme, query.read()))  # the shape of page_of(SessionSchema)


@blp.route("/sessions/<id:session_id>")
@blp.login_required
@blp.response(200, SessionSchema)
@blp.errors(403, 404)
def show_session(session_id):
    """One session (members of its programme)."""
    dialogue_session = get_or_404(DialogueSession, session_id)
    require(dialogue_session.can_view(current_user))
    return answer(dialogue_session)


@blp.route("/sessions/<id:session_id>", methods=["PATCH"])
@blp.login_required
@blp.arguments(SessionInputSchema(partial=True), deferred=True)
@blp.response(200, SessionSchema)
@blp.errors(403, 404, 409)
def update_session(body, session_id):
    """Change any field (coordinators). A new time or venue is a move: SEQUENCE grows and the
    invited participants are told."""
    dialogue_session = get_or_404(DialogueSession, session_id)
    require(dialogue_session.can_manage(current_user))
    outcome = operations.update_session(dialogue_session, **_plain(body.read()))
    return answer(dialogue_session, outcome.warnings)


@blp.route("/sessions/<id:session_id>", methods=["DELETE"])
@blp.login_required
@blp.response(200, SessionSchema)
@blp.errors(403, 404, 409)
def cancel_session(session_id):
    """Cancel a session (coordinators). It is kept, with its history, as cancelled: calendars
    show it cancelled and the invited participants are told. Cancelling twice → 409."""
    dialogue_session = get_or_404(DialogueSession, session_id)
    require(dialogue_session.can_manage(current_user))
    operations.cancel_session(dialogue_session)
    return answer(dialogue_session)


@blp.route("/sessions/<id:session_id>/attendance/<id:registration_id>", methods=["PUT"])
@blp.login_required
@blp.arguments(SessionAttendanceInputSchema, deferred=True)
@blp.response(200, SessionAttendanceSchema)
@blp.errors(403, 404, 409)
def put_attendance(body, session_id, registration_id):
    """Participants confirm or decline their own invitation; the session's facilitators and the
    coordinators record any status (attended and absent once the session has started)."""
    dialogue_session = get_or_404(DialogueSession, session_id)
    registration = get_or_404(Registration, registration_id)
    if registration.programme_id != dialogue_session.programme_id:
        abort(404, f"There is no registration with id {registration_id} in this programme.")
    require(dialogue_session.can_set_attendance_of(current_user, registration))
    status = body.read()["status"]
    attendance = set_attendance(dialogue_session, registration, status, current_user)
    return attendance_answer(attendance)


@blp.route("/programmes/<id:programme_id>/sessions.ics")
@blp.arguments(SessionCalendarQuery, location="query")
@blp.response(200, content_type="text/calendar", description="An iCalendar file (RFC 5545).")
@blp.errors(401, 403, 404, 429)
@limit_requests("calendar", 240, 60 * 60, methods={"GET"})
def programme_calendar(query, programme_id):
    """The programme's sessions as iCalendar: members with a token, or a calendar app with the
    `?token=` of a feed address (made on the programme's Calendar feed page)."""
    programme = programme_or_404(programme_id)
    if "token" in query:
        holder = token_holder(query["token"], programme)
        if holder is None or not programme.can_read_content(holder):
            abort(404, "This calendar address is unknown or was revoked.")
    elif not current_user.is_authenticated:
        abort(401, "Send a valid API token, or the calendar address's ?token=.")
    else:
        require(programme.can_read_content(current_user))
    content = calendar_bytes(programme_sessions(programme), programme.title)
    return ics_response(content, f"{programme.slug}.ics", download=False)


# -- bodies --------------------------------------------------------------------------------------


def _plain(body: dict) -> dict:
    """Schema output as ``SessionInput`` fields: enum values, tuples, stripped text."""
    plain = dict(body)
    for name in ("format", "confidentiality"):
        if plain.get(name) is not None:
            plain[name] = plain[name].value
    for name in ("facilitator_ids", "participant_ids"):
        if plain.get(name) is not None:
            plain[name] = tuple(plain[name])
    return plain
