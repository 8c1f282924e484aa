"""The sides editor: one small form per side, one to add a side; each works without JavaScript."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.programmes import bp
from dialogues.programmes.forms import ConfirmForm, SideForm, show_errors
from dialogues.programmes.operations import add_side, remove_side, update_side
from dialogues.programmes.queries import managed_programme, side_of


@bp.get("/programmes/<slug>/sides")
@login_required
def edit_sides(slug: str):
    programme = managed_programme(slug, current_user)
    return _sides_page(programme)


@bp.post("/programmes/<slug>/sides")
@login_required
def add_programme_side(slug: str):
    programme = managed_programme(slug, current_user)
    form = SideForm(prefix="new")
    if form.validate_on_submit():
        try:
            side = add_side(programme, form.side_data())
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            flash(_("Side “%(name)s” added.", name=side.name), "success")
            return redirect(url_for("programmes.edit_sides", slug=slug))
    return _sides_page(programme, new_form=form, status=422)


@bp.post("/programmes/<slug>/sides/<id:side_id>")
@login_required
def update_programme_side(slug: str, side_id: int):
    programme = managed_programme(slug, current_user)
    side = side_of(programme, side_id)
    form = SideForm(prefix=f"side-{side.id}")
    if form.validate_on_submit():
        try:
            update_side(side, form.side_data())
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as conflict:
            form.form_errors.append(conflict.message)
            return _sides_page(programme, edited={side.id: form}, status=409)
        else:
            flash(_("Side “%(name)s” saved.", name=side.name), "success")
            return redirect(url_for("programmes.edit_sides", slug=slug))
    return _sides_page(programme, edited={side.id: form}, status=422)


@bp.post("/programmes/<slug>/sides/<id:side_id>/delete")
@login_required
def delete_programme_side(slug: str, side_id: int):
    programme = managed_programme(slug, current_user)
    side = side_of(programme, side_id)
    if not ConfirmForm().validate_on_submit():
        return _sides_page(programme, status=400)
    try:
        remove_side(side)
    except Conflict as conflict:
        return _sides_page(programme, problem=conflict.message, status=409)
    flash(_("Side “%(name)s” removed.", name=side.name), "success")
    return redirect(url_for("programmes.edit_sides", slug=slug))


def _sides_page(programme, *, new_form=None, edited=None, problem=None, status=200):
    """The editor; a form that was just submitted comes back with its values and errors."""
    edited = edited or {}
    forms = [
        (side, edited.get(side.id) or SideForm(prefix=f"side-{side.id}", obj=side, formdata=None))
        for side in programme.sides
    ]
    page = render_template(
        "programmes/sides.html",
        programme=programme,
        forms=forms,
        new_form=new_form or SideForm(prefix="new", formdata=None),
        problem=problem,
    )
    return page, status
