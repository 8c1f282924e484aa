"""Personal API tokens on the account page: listed, created (shown once) and revoked.

Creating one goes through the API's own rule (``dialogues.api.tokens.token_owner``): the
password again, and the two-factor code for accounts that use it, with the sign-in limits.
``dialogues.api`` is imported inside the views: its models import this package.
"""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms import PasswordField, StringField
from wtforms.validators import DataRequired, Length, Optional

from dialogues.auth import bp
from dialogues.auth.forms import ConfirmForm
from dialogues.core.errors import ValidationFailed
from dialogues.core.forms import BaseForm
from dialogues.extensions import db


class TokenCreateForm(BaseForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("What the token is for, e.g. the script or tool that uses it."),
    )
    password = PasswordField(_l("Your password"), validators=[DataRequired(), Length(max=1024)])
    otp = StringField(
        _l("Two-factor code"),
        validators=[Optional(), Length(max=20)],
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
    )


@bp.get("/account/tokens")
@login_required
def list_tokens():
    return _render(TokenCreateForm(formdata=None))


@bp.post("/account/tokens")
@login_required
def create_api_token():
    from dialogues.api.tokens import BadCredentials, create_token, token_owner

    form = TokenCreateForm()
    if not form.validate_on_submit():
        return _render(form, status=422)
    user = current_user._get_current_object()
    try:
        token_owner(user.email, form.password.data, form.otp.data or None, request.remote_addr)
        secret, api_token = create_token(user, form.name.data)
    except BadCredentials:
        db.session.commit()  # keep the counted failure, as the API and the sign-in page do
        _wrong_credentials(form, user)
        return _render(form, status=422)
    except ValidationFailed as error:
        form.name.errors = [*form.name.errors, *error.fields.get("name", [])]
        return _render(form, status=422)
    db.session.flush()
    # Shown on this answer only: never stored, never put in the cookie or a flash message.
    return _render(TokenCreateForm(formdata=None), secret=secret, created=api_token)


@bp.post("/account/tokens/<id:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    from dialogues.api.models import ApiToken
    from dialogues.api.tokens import revoke_token

    api_token = db.session.get(ApiToken, token_id)
    if api_token is None or api_token.user_id != current_user.id:
        abort(404)  # someone else's token is not even named here
    if ConfirmForm().validate_on_submit():
        revoke_token(api_token)
        flash(_("The token is revoked: it no longer works."), "success")
    return redirect(url_for("auth.list_tokens"))


def _wrong_credentials(form: TokenCreateForm, user) -> None:
    if user.two_factor_enabled_at is not None and form.password.data:
        form.otp.errors = [_("The password or the two-factor code is not correct.")]
    else:
        form.password.errors = [_("The password is not correct.")]


def _render(form: TokenCreateForm, status: int = 200, secret=None, created=None):
    from dialogues.api.tokens import tokens_of

    tokens = db.session.scalars(tokens_of(current_user)).all()
    page = render_template(
        "auth/api_tokens.html",
        form=form,
        tokens=tokens,
        secret=secret,
        created=created,
    )
    return page, status, {"Cache-Control": "no-store"}
