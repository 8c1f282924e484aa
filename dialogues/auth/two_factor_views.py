"""Two-factor pages: setting it up, turning it off, new recovery codes, and the code step of
signing in."""

import time

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.auth import bp, two_factor
from dialogues.auth.forms import CodeForm, PasswordConfirmForm
from dialogues.auth.models import User
from dialogues.auth.operations import start_session
from dialogues.auth.redirects import safe_next
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.extensions import db

PENDING_KEY = "pending_two_factor"
PENDING_SECONDS = 5 * 60


class NewCodesForm(PasswordConfirmForm, CodeForm):
    """New recovery codes: the password and a current code (shown with the prefix "codes")."""


def begin_code_step(user: User, next_url: str | None):
    """After a correct password: remember who is signing in, then ask for the code."""
    session.clear()
    session[PENDING_KEY] = {"user_id": user.id, "started": time.time(), "next": next_url}
    return redirect(url_for("auth.login_two_factor"))


@bp.route("/login/two-factor", methods=["GET", "POST"])
def login_two_factor():
    user = _pending_user()
    if user is None:
        flash(_("Sign in again: the code step timed out."), "warning")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if two_factor.verify(user, form.code.data):
            next_url = session.pop(PENDING_KEY)["next"]
            start_session(user)
            return redirect(safe_next(next_url))
        form.code.errors.append(_("That code is not valid."))
    return render_template("auth/two_factor_login.html", form=form)


@bp.get("/account/two-factor")
@login_required
def show_two_factor():
    return _render_page(PasswordConfirmForm())


@bp.post("/account/two-factor/start")
@login_required
def start_two_factor():
    form = PasswordConfirmForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            uri = two_factor.begin_setup(user, form.password.data)
        except Conflict as error:
            return _refused(error)
        except ValidationFailed as error:
            form.password.errors.extend(error.fields["password"])
        else:
            return _render_setup(uri, CodeForm())
    return _render_page(form, status=422)


@bp.post("/account/two-factor/confirm")
@login_required
def confirm_two_factor():
    form = CodeForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_setup(user, form.code.data)
        except Conflict as error:
            return _refused(error)
        except ValidationFailed as error:
            form.code.errors.extend(error.fields["code"])
        else:
            return render_template("auth/two_factor_codes.html", codes=codes)
    if user.totp_secret is None or user.two_factor_enabled_at is not None:
        return redirect(url_for("auth.show_two_factor"))
    return _render_setup(two_factor.provisioning_uri(user), form, status=422)


@bp.post("/account/two-factor/disable")
@login_required
def disable_two_factor():
    form = PasswordConfirmForm()
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            two_factor.disable(user, form.password.data)
        except Conflict as error:
            return _refused(error)
        except ValidationFailed as error:
            form.password.errors.extend(error.fields["password"])
        else:
            flash(_("Two-factor sign-in is off."), "info")
            return redirect(url_for("auth.show_two_factor"))
    return _render_page(form, status=422)


@bp.post("/account/two-factor/recovery-codes")
@login_required
def replace_recovery_codes():
    form = NewCodesForm(prefix="codes")
    user = current_user._get_current_object()
    if form.validate_on_submit():
        try:
            codes = two_factor.replace_recovery_codes(user, form.password.data, form.code.data)
        except ValidationFailed as error:
            for name, messages in error.fields.items():
                getattr(form, name).errors.extend(messages)
        else:
            return render_template("auth/two_factor_codes.html", codes=codes)
    return _render_page(PasswordConfirmForm(formdata=None), codes_form=form, status=422)


def _render_page(form: PasswordConfirmForm, codes_form: NewCodesForm | None = None, status=200):
    """The two-factor page: set up (when off), or new recovery codes and turning off (when on)."""
    user = current_user._get_current_object()
    page = render_template(
        "auth/two_factor.html",
        form=form,
        codes_form=codes_form or NewCodesForm(prefix="codes", formdata=None),
        required=two_factor.is_required(user),
        remaining=two_factor.remaining_recovery_codes(user),
    )
    return page, status


def _refused(error: Conflict):
    flash(error.message, "error")
    return redirect(url_for("auth.show_two_factor"))


def _render_setup(uri: str, form: CodeForm, status: int = 200):
    secret = uri.split("secret=")[1].split("&")[0]
    qr = two_factor.qr_data_uri(uri)
    return render_template("auth/two_factor_setup.html", form=form, qr=qr, secret=secret), status


def _pending_user() -> User | None:
    pending = session.get(PENDING_KEY)
    if not pending or time.time() - pending["started"] > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending["user_id"])
    return user if user is not None and user.is_active else None


GATE_EXEMPT = {
    "auth.show_two_factor",
    "auth.start_two_factor",
    "auth.confirm_two_factor",
    "auth.logout",
    "auth.login_two_factor",
    "static",
    "core.healthz",
}


def require_two_factor_setup():
    """Administrators and coordinators must set up two-factor before anything else."""
    if request.endpoint in GATE_EXEMPT or request.path.startswith("/api/"):
        return None
    if not current_user.is_authenticated or current_user.two_factor_enabled_at is not None:
        return None
    if two_factor.is_required(current_user):
        flash(_("Your role requires two-factor sign-in. Set it up to continue."), "warning")
        return redirect(url_for("auth.show_two_factor"))
    return None
