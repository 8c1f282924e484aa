"""Password reset by emailed link: single use, short-lived, and the same answer for every email.

The token is signed and carries a fingerprint of the current password hash and email, so it stops
working as soon as the password changes (single use) or the email does (a link sent to the old
address), and after an hour (short-lived). Nothing is stored.
"""

import hashlib

from flask import current_app, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from dialogues.auth.models import User
from dialogues.auth.operations import find_user
from dialogues.auth.passwords import hash_password, password_problem
from dialogues.core import audit
from dialogues.core.errors import ValidationFailed
from dialogues.core.mail import send_mail
from dialogues.extensions import db

MAX_AGE = 60 * 60
REQUESTS_PER_HOUR = 5


def request_reset(email: str) -> None:
    """Email a reset link if the account exists; answer the same either way."""
    user = find_user(email)
    if user is None or not user.is_active:
        return
    link = url_for("auth.reset_password", token=make_token(user), _external=True)
    with force_locale(user.locale):  # in the account's language
        subject = _("Reset your Dialogues password")
        body = "\n\n".join([
            _("Someone asked to reset the password of your Dialogues account."),
            _("To choose a new password, open this link within the hour:\n%(link)s", link=link),
            _("If it was not you, ignore this message; your password stays as it is."),
        ])  # fmt: skip
    send_mail(user.email, subject, body)
    audit.record("user.request_password_reset", user, actor=user)


def make_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "fingerprint": _fingerprint(user)})


def user_for_token(token: str) -> User | None:
    """The account the token is for, while it is valid; None when expired, used or forged."""
    try:
        data = _serializer().loads(token, max_age=MAX_AGE)
    except (BadSignature, SignatureExpired):
        return None
    user = db.session.get(User, data.get("user")) if isinstance(data, dict) else None
    if user is None or not user.is_active or data.get("fingerprint") != _fingerprint(user):
        return None
    return user


def reset_password(user: User, new_password: str) -> None:
    if problem := password_problem(new_password, user.email):
        raise ValidationFailed({"password": [problem]})
    user.password_hash = hash_password(new_password)
    user.end_all_sessions()
    audit.record("user.reset_password", user, actor=user)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _fingerprint(user: User) -> str:
    held = f"{user.password_hash or ''}\n{user.email}"  # a line break is in neither
    return hashlib.sha256(held.encode()).hexdigest()[:32]
