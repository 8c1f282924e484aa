"""Changing one's own account: profile, password, email, signing out everywhere.

Changing the password or the email asks for the current password again.
"""

import functools
from zoneinfo import available_timezones

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.auth.models import AuthSession, User
from dialogues.auth.operations import (
    email_problem,
    find_user,
    normalise_email,
    start_session,
    too_long,
)
from dialogues.auth.passwords import hash_password, password_problem, verify_password
from dialogues.core import audit
from dialogues.core.errors import ValidationFailed
from dialogues.extensions import db

MAX_NAME = 200


def update_profile(user: User, name: str, timezone: str) -> None:
    errors = {}
    if not name.strip():
        errors["name"] = [_("Enter a name.")]
    elif len(name.strip()) > MAX_NAME:
        errors["name"] = [too_long(MAX_NAME)]
    if timezone not in _zone_names():
        errors["timezone"] = [_("Unknown time zone: %(zone)s.", zone=timezone)]
    if errors:
        raise ValidationFailed(errors)
    user.name, user.timezone = name.strip(), timezone
    audit.record("user.update_profile", user, actor=user)


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
    user.email = new_email
    audit.record("user.change_email", user, actor=user)


def sign_out_everywhere(user: User) -> None:
    """End every session of this account, this browser's included."""
    user.end_all_sessions()
    audit.record("user.sign_out_everywhere", user, actor=user)


def _check_current(user: User, current: str) -> None:
    if not verify_password(user.password_hash, current):
        raise ValidationFailed({"current_password": [_("The current password is not correct.")]})


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
