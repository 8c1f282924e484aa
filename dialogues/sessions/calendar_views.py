"""Calendar files: one session's "add to calendar" download, and the feeds calendar apps follow.

Feeds open with the signed-in cookie or with a secret ``?token=`` (calendar apps cannot sign
in). A token opens only its own feed, and only while its holder may still read the programme.
"""

from flask import Response, abort, render_template, request, url_for
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.throttle import limit_requests
from dialogues.extensions import login_manager
from dialogues.programmes.queries import programme_by_slug
from dialogues.sessions import bp
from dialogues.sessions.calendars import (
    MIME_TYPE,
    calendar_bytes,
    has_token,
    issue_token,
    revoke_token,
    token_holder,
)
from dialogues.sessions.forms import ConfirmForm
from dialogues.sessions.queries import own_schedule, programme_sessions
from dialogues.sessions.session_views import session_or_404


def ics_response(content: bytes, filename: str, *, download: bool) -> Response:
    response = Response(content, mimetype=MIME_TYPE)
    response.charset = "utf-8"
    disposition = "attachment" if download else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@bp.get("/sessions/<id:session_id>.ics")
@login_required
@limit_requests("calendar", 240, 60 * 60, methods={"GET"})
def download_session(session_id: int):
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_view(current_user))
    content = calendar_bytes([dialogue_session], dialogue_session.programme.title)
    return ics_response(content, f"session-{session_id}.ics", download=True)


@bp.get("/programmes/<slug>/sessions.ics")
@limit_requests("calendar", 240, 60 * 60, methods={"GET"})  # apps poll feeds: generous
def programme_calendar(slug: str):
    programme = programme_by_slug(slug)
    if "token" in request.args:
        holder = token_holder(request.args["token"], programme)
        if holder is None or not programme.can_read_content(holder):
            abort(404)
    elif not current_user.is_authenticated:
        return login_manager.unauthorized()
    else:
        require(programme.can_read_content(current_user))
    content = calendar_bytes(programme_sessions(programme), programme.title)
    return ics_response(content, f"{programme.slug}.ics", download=False)


@bp.get("/schedule/calendar.ics")
@limit_requests("calendar", 240, 60 * 60, methods={"GET"})
def personal_calendar():
    holder = token_holder(request.args.get("token"))
    if holder is None:
        abort(404)
    return ics_response(personal_calendar_bytes(holder), "my-schedule.ics", download=False)


def personal_calendar_bytes(user) -> bytes:
    """Upcoming and past sessions the person facilitates or accepted (or has yet to answer)."""
    items = own_schedule(user) + own_schedule(user, past=True)
    wanted = [
        item.dialogue_session
        for item in items
        if item.facilitates or item.attendance.status.value != "declined"
    ]
    return calendar_bytes(sorted(wanted, key=lambda s: (s.starts_at, s.id)), "My schedule")


@bp.route("/programmes/<slug>/calendar", methods=["GET", "POST"])
@login_required
def programme_feed(slug: str):
    programme = programme_by_slug(slug)
    require(programme.can_read_content(current_user))
    return _feed_page(programme, "sessions.programme_calendar", {"slug": slug})


@bp.route("/schedule/calendar", methods=["GET", "POST"])
@login_required
def personal_feed():
    return _feed_page(None, "sessions.personal_calendar", {})


def _feed_page(programme, endpoint: str, arguments: dict):
    """Show whether a secret URL exists; issue a new one (shown once) or revoke it."""
    form, url = ConfirmForm(), None
    user = current_user._get_current_object()
    if form.validate_on_submit():
        if request.form.get("action") == "revoke":
            revoke_token(user, programme)
        else:
            token = issue_token(user, programme)
            url = url_for(endpoint, token=token, _external=True, **arguments)
    return render_template(
        "sessions/feed.html",
        programme=programme,
        form=form,
        url=url,
        active=has_token(user, programme),
        plain_url=url_for(endpoint, _external=True, **arguments),
    )
