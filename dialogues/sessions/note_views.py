"""Pages for session notes: written by the session's facilitators, read by rule."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db
from dialogues.sessions import bp
from dialogues.sessions.forms import NoteForm
from dialogues.sessions.models import SessionNote
from dialogues.sessions.notes import (
    IdentitiesInNote,
    NoteInput,
    create_note,
    note_text,
    speaker_choices,
    update_note,
)
from dialogues.sessions.session_views import session_or_404


@bp.route("/sessions/<id:session_id>/notes/new", methods=["GET", "POST"])
@login_required
def new_note(session_id: int):
    dialogue_session = session_or_404(session_id)
    require(dialogue_session.can_write_notes(current_user))
    form = NoteForm().setup(speaker_choices(dialogue_session))
    if form.validate_on_submit():
        try:
            create_note(dialogue_session, current_user, _input(form))
        except ValidationFailed as error:
            _attach(form, error)
        else:
            flash(_("The note is saved."), "success")
            return _back(session_id)
    return _page(dialogue_session, form, None)


@bp.route("/sessions/<id:session_id>/notes/<id:note_id>/edit", methods=["GET", "POST"])
@login_required
def edit_note(session_id: int, note_id: int):
    dialogue_session = session_or_404(session_id)
    note = db.get_or_404(SessionNote, note_id)
    if note.session_id != dialogue_session.id:
        abort(404)
    require(note.can_read(current_user) and note.can_edit(current_user))
    form = NoteForm().setup(speaker_choices(dialogue_session))
    if not form.is_submitted():
        form.text.data = note_text(note)
        form.speaker_id.data = note.speaker_id
    elif form.validate():
        try:
            update_note(note, _input(form))
        except ValidationFailed as error:
            _attach(form, error)
        else:
            flash(_("The note is saved."), "success")
            return _back(session_id)
    return _page(dialogue_session, form, note)


def _input(form: NoteForm) -> NoteInput:
    return NoteInput(
        text=form.text.data or "",
        speaker_id=form.speaker_id.data,
        confirm_identities=form.confirm_identities.data,
    )


def _attach(form: NoteForm, error: ValidationFailed) -> None:
    form.identities = error.found if isinstance(error, IdentitiesInNote) else []
    for name, messages in error.fields.items():
        field = getattr(form, name)
        field.errors = [*field.errors, *messages]


def _page(dialogue_session, form: NoteForm, note):
    status = 422 if form.is_submitted() else 200
    return (
        render_template(
            "sessions/note_form.html",
            programme=dialogue_session.programme,
            dialogue_session=dialogue_session,
            form=form,
            note=note,
            identities=getattr(form, "identities", []),
        ),
        status,
    )


def _back(session_id: int):
    return redirect(url_for("sessions.show_session", session_id=session_id) + "#notes")
