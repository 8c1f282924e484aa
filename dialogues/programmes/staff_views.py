"""The staff page: who runs the programme, adding people by email, removing them."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.programmes import bp
from dialogues.programmes.forms import ConfirmForm, MemberForm, show_errors
from dialogues.programmes.labels import ROLES
from dialogues.programmes.operations import add_member, remove_member, resend_invitation
from dialogues.programmes.queries import (
    managed_programme,
    membership_of,
    open_invitations,
    staff_of,
)


@bp.get("/programmes/<slug>/staff")
@login_required
def list_staff(slug: str):
    return _staff_page(managed_programme(slug, current_user))


@bp.post("/programmes/<slug>/staff")
@login_required
def add_staff_member(slug: str):
    programme = managed_programme(slug, current_user)
    form = MemberForm()
    form.offer_sides(programme.sides)
    if form.validate_on_submit():
        try:
            membership = add_member(
                programme, form.email.data, form.role.data, form.side_id.data, form.name.data
            )
        except ValidationFailed as error:
            show_errors(form, error)
        except Conflict as conflict:
            form.form_errors.append(conflict.message)
            return _staff_page(programme, form=form, status=409)
        else:
            role = str(ROLES[membership.role]).lower()
            flash(
                _("%(email)s added as %(role)s.", email=membership.user.email, role=role), "success"
            )
            return redirect(url_for("programmes.list_staff", slug=slug))
    return _staff_page(programme, form=form, status=422)


@bp.post("/programmes/<slug>/staff/<id:membership_id>/delete")
@login_required
def remove_staff_member(slug: str, membership_id: int):
    programme = managed_programme(slug, current_user)
    membership = membership_of(programme, membership_id)
    if not ConfirmForm().validate_on_submit():
        return _staff_page(programme, status=400)
    try:
        remove_member(membership)
    except Conflict as conflict:
        return _staff_page(programme, problem=conflict.message, status=409)
    role = str(ROLES[membership.role]).lower()
    flash(_("%(email)s is no longer %(role)s.", email=membership.user.email, role=role), "success")
    return redirect(url_for("programmes.list_staff", slug=slug))


@bp.post("/programmes/<slug>/staff/<id:membership_id>/invitation")
@login_required
def resend_staff_invitation(slug: str, membership_id: int):
    programme = managed_programme(slug, current_user)
    membership = membership_of(programme, membership_id)
    if not ConfirmForm().validate_on_submit():
        return _staff_page(programme, status=400)
    try:
        resend_invitation(membership)
    except Conflict as conflict:
        return _staff_page(programme, problem=conflict.message, status=409)
    flash(_("A new invitation was sent to %(email)s.", email=membership.user.email), "success")
    return redirect(url_for("programmes.list_staff", slug=slug))


def _staff_page(programme, *, form=None, problem=None, status=200):
    if form is None:
        form = MemberForm(formdata=None)
        form.offer_sides(programme.sides)
    page = render_template(
        "programmes/staff.html",
        programme=programme,
        staff=staff_of(programme),
        invitations=open_invitations(programme),
        sides={side.id: side for side in programme.sides},
        form=form,
        problem=problem,
    )
    return page, status
