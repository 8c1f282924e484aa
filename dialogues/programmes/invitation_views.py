"""Accepting a staff invitation: set a name and password (or confirm, when signed in)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from dialogues.auth.operations import start_session
from dialogues.core.errors import ValidationFailed
from dialogues.programmes import bp
from dialogues.programmes.forms import ConfirmForm, InvitationForm, show_errors
from dialogues.programmes.operations import accept_invitation
from dialogues.programmes.staff import find_invitation


@bp.route("/invitations/<token>", methods=["GET", "POST"], endpoint="accept_invitation")
def accept_invitation_page(token: str):
    invitation = find_invitation(token, current_user)
    membership = invitation.membership
    signed_in = current_user.is_authenticated
    form = ConfirmForm() if signed_in else InvitationForm()
    needs_sign_in = not signed_in and membership.user.password_hash is not None
    status = 200
    if not needs_sign_in and form.validate_on_submit():
        try:
            invitee = accept_invitation(token, current_user, **_account_fields(form))
        except ValidationFailed as error:
            show_errors(form, error)
        else:
            return _welcome(invitee, membership, signed_in)
    if request.method == "POST":
        status = 422
    page = render_template(
        "invitations/accept.html",
        invitation=invitation,
        membership=membership,
        form=form,
        needs_sign_in=needs_sign_in,
        login_url=url_for("auth.login", next=request.path),
    )
    return page, status


def _account_fields(form) -> dict:
    if isinstance(form, InvitationForm):
        return {"name": form.name.data, "password": form.password.data}
    return {}


def _welcome(invitee, membership, signed_in: bool):
    if not signed_in:
        start_session(invitee)
    flash(_("Welcome to “%(title)s”.", title=membership.programme.title), "success")
    return redirect(url_for("dashboard.show_programme", slug=membership.programme.slug))
