"""Changing one's own account: profile, password, email, signing out everywhere.

Changing the password or the email asks for the current password again; wrong guesses count
towards the sign-in limits (``confirm_password``, which the two-factor pages use too).
"""

import functools
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask import has_request_context, request
from flask_babel import force_locale
from flask_babel import gettext as _

from dialogues.auth.models import AuthSession, User
from dialogues.auth.operations import (
    authenticate,
    email_problem,
    find_user,
    name_problem,
    normalise_email,
    start_session,
)
from dialogues.auth.passwords import hash_password, password_problem
from dialogues.core import audit
from dialogues.core.errors import ValidationFailed
from dialogues.core.mail import send_mail
from dialogues.extensions import db


def update_profile(user: User, name: str, timezone: str) -> None:
    errors = {}
    if problem := name_problem(name):
        errors["name"] = [problem]
    if timezone not in _zone_names():
        errors["timezone"] = [_("Unknown time zone: %(zone)s.", zone=timezone)]
    if errors:
        raise ValidationFailed(errors)
    user.name, user.timezone = name.strip(), timezone
    audit.record("user.update_profile", user, actor=user)


def confirm_password(
    user: User, password: str, field: str = "password", message: str | None = None
) -> None:
    """Ask for the password again; failures count towards the sign-in limits (429 past them)."""
    address = request.remote_addr if has_request_context() else None
    if authenticate(user.email, password, address) is None:
        db.session.commit()  # the 422 answer rolls the request back: keep the failure's record
        raise ValidationFailed({field: [message or _("The password is not correct.")]})


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every other signed-in browser is signed out."""
    _check_current(user, current)
    if problem := password_problem(new, user.email):
        raise ValidationFailed({"new_password": [problem]})
    user.password_hash = hash_password(new)
    user.end_all_sessions()
    start_session(user)
    audit.record("user.change_password", user, actor=user)


def change_email(user: User, current: str, new_email: str) -> None:
    _check_current(user, current)
    new_email = normalise_email(new_email)
    if problem := email_problem(new_email):
        raise ValidationFailed({"email": [problem]})
    if new_email != user.email and find_user(new_email) is not None:
        raise ValidationFailed({"email": [_("An account with this email already exists.")]})
    previous, user.email = user.email, new_email
    audit.record("user.change_email", user, actor=user)
    if new_email != previous:
        _tell_the_old_address(user, previous)


def _tell_the_old_address(user: User, previous: str) -> None:
    """Whoever reads the old address hears of the change (someone may have the password), and
    learns nothing of the new address."""
    with force_locale(user.locale):  # in the account's language
        subject = _("The email address of your Dialogues account was changed")
        body = "\n\n".join([
            _("The email address of your Dialogues account was changed: this address no longer "
              "signs in, and messages now go to the new one."),
            _("If it was not you, tell your organisation's Dialogues administrator at once: "
              "someone may know your password."),
        ])  # fmt: skip
    send_mail(previous, subject, body)


def sign_out_everywhere(user: User) -> None:
    """End every session of this account, this browser's included."""
    user.end_all_sessions()
    audit.record("user.sign_out_everywhere", user, actor=user)


def _check_current(user: User, current: str) -> None:
    message = _("The current password is not correct.")
    confirm_password(user, current, field="current_password", message=message)


@functools.cache
def _zone_names() -> frozenset[str]:
    # Read from the disk once per worker: the zone database does not change while it runs.
    return frozenset(available_timezones())


@functools.cache
def timezone_choices() -> tuple[str, ...]:
    return tuple(sorted(_zone_names()))


def count_sessions(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(AuthSession).where(AuthSession.user_id == user.id)
    )
