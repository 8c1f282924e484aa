"""Sign-in form."""

from wtforms import EmailField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from dialogues.core.forms import BaseForm


class LoginForm(BaseForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField("Sign in")


class ProfileForm(BaseForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    timezone = SelectField(
        "Time zone",
        validators=[DataRequired()],
        description="Session times are shown in this zone, beside the programme's own.",
    )
    submit = SubmitField("Save profile")


class PasswordChangeForm(BaseForm):
    current_password = PasswordField("Current password", validators=[DataRequired()])
    new_password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=1024)],
        description="At least 10 characters; common passwords are refused.",
    )
    submit = SubmitField("Change password")


class EmailChangeForm(BaseForm):
    email = EmailField("New email", validators=[DataRequired(), Email(), Length(max=254)])
    current_password = PasswordField("Current password", validators=[DataRequired()])
    submit = SubmitField("Change email")


class ResetRequestForm(BaseForm):
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    submit = SubmitField("Send reset link")


class ResetForm(BaseForm):
    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=1024)],
        description="At least 10 characters; common passwords are refused.",
    )
    submit = SubmitField("Set new password")


class ConfirmForm(BaseForm):
    """A bare form: a CSRF token and a button, for actions like "sign out everywhere"."""

    submit = SubmitField("Confirm")


class PasswordConfirmForm(BaseForm):
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField("Continue")


class CodeForm(BaseForm):
    code = StringField(
        "Code",
        validators=[DataRequired(), Length(max=20)],
        description="The 6-digit code from your authenticator app, or a recovery code.",
        render_kw={"autocomplete": "one-time-code", "inputmode": "text"},
    )
    submit = SubmitField("Verify")
