"""Pages for creating and editing programmes; sides, staff and invitations have their own modules.

The forms feed the same operations as the API. A form shown again with errors answers 422, so the
request rolls back whatever it had begun.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.access import admin_required, require
from dialogues.core.errors import ValidationFailed
from dialogues.programmes import bp, labels
from dialogues.programmes.forms import EditProgrammeForm, NewProgrammeForm, show_errors
from dialogues.programmes.operations import create_programme, update_programme
from dialogues.programmes.queries import programme_by_slug


@bp.app_template_filter("label")
def label_filter(value, group: str) -> str:
    return labels.label(value, group)


@bp.app_template_global("confidentiality_text")
def confidentiality_text(rule) -> str:
    """The full text of a confidentiality rule, as participants consent to it."""
    return str(labels.CONFIDENTIALITY_TEXT.get(getattr(rule, "value", rule), ""))


@bp.route("/programmes/new", methods=["GET", "POST"])
@admin_required
def new_programme():
    form = NewProgrammeForm()
    if form.add_side.data and len(form.sides) < form.sides.max_entries:
        form.sides.append_entry()  # a new row without JavaScript: the page comes back longer
        return render_template("programmes/new.html", form=form)
    if form.validate_on_submit():
        try:
            programme = create_programme(current_user, form.programme_data())
        except ValidationFailed as error:
            show_errors(form, error, form.side_rows)
        else:
            flash(_("Programme “%(title)s” created.", title=programme.title), "success")
            return redirect(url_for("dashboard.show_programme", slug=programme.slug))
    return _form_page("programmes/new.html", form=form)


@bp.route("/programmes/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit_programme(slug: str):
    programme = programme_by_slug(slug)
    require(programme.can_manage(current_user))
    form = EditProgrammeForm(obj=programme)
    form.offer_statuses(programme.status)
    if form.validate_on_submit():
        try:
            update_programme(programme, form.programme_data())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            flash(_("Programme saved."), "success")
            return redirect(url_for("dashboard.show_programme", slug=programme.slug))
    return _form_page("programmes/edit.html", form=form, programme=programme)


def _form_page(template: str, **context):
    """The form again; 422 when a submitted form had errors, so nothing is kept."""
    status = 422 if request.method == "POST" else 200
    return render_template(template, **context), status


from dialogues.programmes import (  # noqa: E402, F401
    invitation_views,
    retention_views,
    sides_views,
    staff_views,
)
