"""Pages for one session: see it, schedule it, change or cancel it."""

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from dialogues.auth.models import User
from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.markdown import render_markdown
from dialogues.extensions import db
from dialogues.programmes.models import MemberRole, Membership, Side
from dialogues.programmes.queries import managed_programme
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions import bp, operations
from dialogues.sessions.attendance import session_balances
from dialogues.sessions.conflicts import SessionConflict
from dialogues.sessions.forms import AnswerForm, ConfirmForm, SessionForm
from dialogues.sessions.models import (
    Attendance,
    AttendanceStatus,
    DialogueSession,
    SessionChange,
)
from dialogues.sessions.notes import note_text, readable_notes
from dialogues.sessions.times import utc_to_local, zoned_range


def session_or_404(session_id: int) -> DialogueSession:
    return db.get_or_404(DialogueSession, session_id)


@bp.get("/sessions/<id:session_id>")
@login_required
def show_session(session_id: int):
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_view(current_user))
    programme = dialogue_session.programme
    staff = dialogue_session.can_record_attendance(current_user)
    return render_template(
        "sessions/show.html",
        programme=programme,
        dialogue_session=dialogue_session,
        balance=session_balances(programme, [dialogue_session.id])[dialogue_session.id],
        own=dialogue_session.invitation_of(current_user),
        staff=staff,
        attendances=_attendance_rows(dialogue_session) if staff else [],
        statuses=list(AttendanceStatus),
        agenda_html=render_markdown(dialogue_session.agenda),
        notes=[
            (n, render_markdown(note_text(n)))
            for n in readable_notes(dialogue_session, current_user)
        ],
        history=_history(dialogue_session) if programme.can_facilitate(current_user) else [],
        answer_form=AnswerForm(),
        confirm_form=ConfirmForm(),
    )


@bp.route("/programmes/<slug>/sessions/new", methods=["GET", "POST"])
@login_required
def new_session(slug: str):
    programme = managed_programme(slug, current_user)
    form = _session_form(programme)
    if request.method == "GET":
        form.invite_all.data = True
    clashes = []
    if form.validate_on_submit():
        try:
            outcome = operations.create_session(programme, form.to_input())
        except SessionConflict as conflict:
            clashes = conflict.clashes
        except ValidationFailed as error:
            form.add_errors(error.fields)
        else:
            return _saved(outcome, _("The session is scheduled; invitations were sent."))
    return _form_page(programme, form, clashes, None)


@bp.route("/sessions/<id:session_id>/edit", methods=["GET", "POST"])
@login_required
def edit_session(session_id: int):
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_manage(current_user))
    if dialogue_session.is_cancelled:
        abort(409, _("This session was cancelled; it can no longer be changed."))
    programme = dialogue_session.programme
    form = _session_form(programme)
    if request.method == "GET":
        _fill(form, dialogue_session)
    clashes = []
    if form.validate_on_submit():
        try:
            data = form.to_input()
            outcome = operations.update_session(dialogue_session, **vars(data))
        except SessionConflict as conflict:
            clashes = conflict.clashes
        except ValidationFailed as error:
            form.add_errors(error.fields)
        else:
            return _saved(outcome, _("The session is saved."))
    return _form_page(programme, form, clashes, dialogue_session)


@bp.post("/sessions/<id:session_id>/cancel")
@login_required
def cancel_session(session_id: int):
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_manage(current_user))
    if not ConfirmForm().validate_on_submit():
        abort(400, _("The form expired; reload the page and try again."))
    operations.cancel_session(dialogue_session)
    flash(_("The session is cancelled; the invited participants were told."), "info")
    return redirect(url_for("sessions.show_session", session_id=session_id))


# -- helpers -------------------------------------------------------------------------------------


def _session_form(programme) -> SessionForm:
    return SessionForm().setup(programme, _staff(programme), _accepted(programme))


def _staff(programme) -> list[User]:
    roles = [MemberRole.COORDINATOR, MemberRole.FACILITATOR]
    staff_ids = sa.select(Membership.user_id).where(
        Membership.programme_id == programme.id, Membership.role.in_(roles)
    )
    return list(
        db.session.scalars(sa.select(User).where(User.id.in_(staff_ids)).order_by(User.name))
    )


def _accepted(programme) -> list[sa.Row]:
    """The accepted participants as ``(registration id, name, side name)`` rows, side by side:
    narrow rows, as a programme may accept thousands (the name is None once erased)."""
    return list(
        db.session.execute(
            sa.select(Registration.id, User.name, Side.name)
            .join(Side, Side.id == Registration.side_id)
            .outerjoin(User, User.id == Registration.user_id)
            .where(
                Registration.programme_id == programme.id,
                Registration.status == RegistrationStatus.ACCEPTED,
            )
            .order_by(Registration.side_id, Registration.id)
        )
    )


def _fill(form: SessionForm, dialogue_session: DialogueSession) -> None:
    zone = dialogue_session.programme.timezone
    form.process(
        title=dialogue_session.title,
        venue=dialogue_session.venue,
        online_url=dialogue_session.online_url,
        agenda=dialogue_session.agenda,
        timezone=zone,
        starts_at=utc_to_local(dialogue_session.starts_at, zone).replace(tzinfo=None),
        ends_at=utc_to_local(dialogue_session.ends_at, zone).replace(tzinfo=None),
        confidentiality=dialogue_session.confidentiality_override or "",
        format=dialogue_session.format.value,
        facilitator_ids=[user.id for user in dialogue_session.facilitators],
        participant_ids=[a.registration_id for a in dialogue_session.attendances],
        invite_all=False,
    )


def _form_page(programme, form, clashes, dialogue_session):
    status = 200
    if request.method == "POST":
        status = 409 if clashes else 422
    return (
        render_template(
            "sessions/form.html",
            programme=programme,
            form=form,
            clashes=_describe(clashes),
            dialogue_session=dialogue_session,
        ),
        status,
    )


def _describe(clashes) -> list[dict]:
    """Each clash in words; a session the coordinator may not see stays unnamed."""
    ids = {clash.user_id for clash in clashes} - {None}
    names = dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids))).all())
    described = []
    for clash in clashes:
        other = clash.dialogue_session
        visible = other.can_view(current_user)
        described.append(
            {
                "title": other.title if visible else None,
                "url": url_for("sessions.show_session", session_id=other.id) if visible else None,
                "when": zoned_range(other.starts_at, other.ends_at, current_user.timezone),
                "reason": clash.reason,
                "person": names.get(clash.user_id),
            }
        )
    return described


def _saved(outcome, message: str):
    flash(message, "success")
    for warning in outcome.warnings:
        flash(warning, "warning")
    if outcome.allowed_clashes:
        count = len(outcome.allowed_clashes)
        flash(
            ngettext(
                "Scheduled despite %(num)d clash, as you chose.",
                "Scheduled despite %(num)d clashes, as you chose.",
                count,
            ),
            "warning",
        )
    return redirect(url_for("sessions.show_session", session_id=outcome.dialogue_session.id))


def _attendance_rows(dialogue_session: DialogueSession):
    # One query for every invitee's registration and account; ``_loaded`` keeps them alive, so
    # the lazy many-to-one loads below find them in the identity map instead of one query each.
    invited = sa.select(Attendance.registration_id).where(
        Attendance.session_id == dialogue_session.id
    )
    _loaded = db.session.scalars(
        sa.select(Registration)
        .where(Registration.id.in_(invited))
        .options(selectinload(Registration.user))
    ).all()
    return sorted(
        dialogue_session.attendances,
        key=lambda a: (
            a.registration.side_id,
            (a.registration.user.name if a.registration.user else ""),
        ),
    )


def _history(dialogue_session: DialogueSession) -> list[SessionChange]:
    return list(
        db.session.scalars(
            sa.select(SessionChange)
            .where(SessionChange.session_id == dialogue_session.id)
            .order_by(SessionChange.id.desc())
        )
    )
