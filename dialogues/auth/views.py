"""Sign-in and sign-out pages."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.auth import bp, reset
from dialogues.auth.forms import LoginForm, ResetForm, ResetRequestForm
from dialogues.auth.operations import authenticate, end_session, start_session
from dialogues.auth.redirects import safe_next
from dialogues.auth.two_factor_views import begin_code_step
from dialogues.core.errors import ValidationFailed
from dialogues.core.throttle import limit_requests


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data, request.remote_addr)
        if user is not None and user.two_factor_enabled_at is not None:
            return begin_code_step(user, request.args.get("next"))
        if user is not None:
            start_session(user)
            return redirect(safe_next(request.args.get("next")))
        form.password.errors.append(_("Email or password is incorrect."))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    end_session(current_user._get_current_object())
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limit_requests("password_reset", 5, 60 * 60)
def request_password_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        reset.request_reset(form.email.data)
        flash(
            _(
                "If an account uses that email, a link to reset its password is on its way. "
                "It works once, within the hour."
            ),
            "info",
        )
        return redirect(url_for("auth.login"))
    return render_template("auth/reset_request.html", form=form)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = reset.user_for_token(token)
    if user is None:
        return render_template("auth/reset_invalid.html"), 404
    form = ResetForm()
    if form.validate_on_submit():
        try:
            reset.reset_password(user, form.password.data)
        except ValidationFailed as error:
            form.password.errors.extend(error.fields["password"])
        else:
            flash(_("Your password is changed. Sign in with it now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset.html", form=form), 422 if form.errors else 200
