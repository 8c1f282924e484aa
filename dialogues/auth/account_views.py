"""The account page: profile, time zone, password, email, and signing out everywhere."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from dialogues.auth import account, bp
from dialogues.auth.forms import ConfirmForm, EmailChangeForm, PasswordChangeForm, ProfileForm
from dialogues.core.errors import ValidationFailed

FORMS = {"profile": ProfileForm, "password": PasswordChangeForm, "email": EmailChangeForm}


@bp.get("/account")
@login_required
def show_account():
    return _render(_forms())


@bp.post("/account/<any(profile, password, email):section>")
@login_required
def update_account(section: str):
    forms = _forms(submitted=section)
    form = forms[section]
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            _apply(section, user, form)
        except ValidationFailed as error:
            _attach(form, error)
        else:
            flash(str(_DONE[section]), "success")
            return redirect(url_for("auth.show_account"))
    return _render(forms, status=422)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    if ConfirmForm().validate_on_submit():
        account.sign_out_everywhere(current_user._get_current_object())
        flash(_("You have been signed out on every device."), "info")
    return redirect(url_for("auth.login"))


PROFILE_SAVED = _l("Your profile is saved.")
CREDENTIALS_CHANGED = _l("Your password is changed; other devices were signed out.")
EMAIL_CHANGED = _l("Your email is changed.")
_DONE = {"profile": PROFILE_SAVED, "password": CREDENTIALS_CHANGED, "email": EMAIL_CHANGED}


def _apply(section: str, user, form) -> None:
    if section == "profile":
        account.update_profile(user, form.name.data, form.timezone.data)
    elif section == "password":
        account.change_password(user, form.current_password.data, form.new_password.data)
    else:
        account.change_email(user, form.current_password.data, form.email.data)


def _forms(submitted: str | None = None) -> dict:
    """Every form of the page; only the submitted one reads the request."""
    forms = {
        name: cls(formdata=None if name != submitted else request.form)
        for name, cls in FORMS.items()
    }
    if submitted != "profile":
        forms["profile"].name.data = current_user.name
        forms["profile"].timezone.data = current_user.timezone
    forms["profile"].timezone.choices = account.timezone_choices()
    return forms


def _attach(form, error: ValidationFailed) -> None:
    for name, messages in error.fields.items():
        getattr(form, name).errors = [*getattr(form, name).errors, *messages]


def _render(forms: dict, status: int = 200):
    user = current_user._get_current_object()
    return (
        render_template(
            "auth/account.html",
            forms=forms,
            confirm=ConfirmForm(),
            session_count=account.count_sessions(user),
        ),
        status,
    )
