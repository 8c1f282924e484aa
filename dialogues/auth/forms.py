"""Sign-in form."""

from flask_babel import lazy_gettext as _l
from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from dialogues.core.forms import BaseForm, LongSelect


class LoginForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class ProfileForm(BaseForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    timezone = SelectField(
        _l("Time zone"),
        validators=[DataRequired()],
        widget=LongSelect(),
        description=_l("Session times are shown in this zone, beside the programme's own."),
    )
    submit = SubmitField(_l("Save profile"))


class PasswordChangeForm(BaseForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=1024)],
        description=_l("At least 10 characters; common passwords are refused."),
    )
    submit = SubmitField(_l("Change password"))


class EmailChangeForm(BaseForm):
    email = EmailField(_l("New email"), validators=[DataRequired(), Email(), Length(max=254)])
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    submit = SubmitField(_l("Change email"))


class ResetRequestForm(BaseForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField(_l("Send reset link"))


class ResetForm(BaseForm):
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=1024)],
        description=_l("At least 10 characters; common passwords are refused."),
    )
    submit = SubmitField(_l("Set new password"))


class ConfirmForm(BaseForm):
    """A bare form: a CSRF token and a button, for actions like "sign out everywhere"."""

    submit = SubmitField(_l("Confirm"))


class PasswordConfirmForm(BaseForm):
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Continue"))


class CodeForm(BaseForm):
    code = StringField(
        _l("Code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("The 6-digit code from your authenticator app, or a recovery code."),
        render_kw={"autocomplete": "one-time-code", "inputmode": "text"},
    )
    submit = SubmitField(_l("Verify"))
