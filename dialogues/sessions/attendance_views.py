"""Attendance pages: participants answer their invitations, facilitators record who came."""

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.ids import id_in
from dialogues.sessions import bp
from dialogues.sessions.attendance import set_attendance
from dialogues.sessions.forms import AnswerForm, ConfirmForm
from dialogues.sessions.session_views import session_or_404


@bp.post("/sessions/<id:session_id>/answer")
@login_required
def answer_invitation(session_id: int):
    """A participant confirms or declines their own invitation."""
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_view(current_user))
    attendance = dialogue_session.invitation_of(current_user)
    require(attendance is not None)
    form = AnswerForm()
    if not form.validate_on_submit():
        raise ValidationFailed({"status": [_("Choose whether you will attend.")]})
    set_attendance(dialogue_session, attendance.registration, form.status.data, current_user)
    flash(_("Your answer is saved."), "success")
    if request.form.get("back") == "schedule":
        return redirect(url_for("sessions.my_schedule"))
    return redirect(url_for("sessions.show_session", session_id=session_id))


@bp.post("/sessions/<id:session_id>/attendance")
@login_required
def record_attendance(session_id: int):
    """The session's facilitators and the coordinators record everyone's attendance at once."""
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_record_attendance(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    rows = {a.registration_id: a for a in dialogue_session.attendances}
    for key, value in request.form.items():
        if not key.startswith("status-"):
            continue
        # A key that names no id (``status-²``, ``status-0``, past 2³¹−1) names no one invited.
        attendance = rows.get(id_in(key.removeprefix("status-")))
        if attendance is None:
            raise ValidationFailed({key: [_("Not invited to this session.")]})
        set_attendance(dialogue_session, attendance.registration, value, current_user)
    flash(_("Attendance is saved."), "success")
    return redirect(url_for("sessions.show_session", session_id=session_id) + "#attendance")
