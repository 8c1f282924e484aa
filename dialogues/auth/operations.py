"""Creating accounts, signing in and out: the rules the pages, the API and the CLI share."""

import unicodedata
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import current_app, has_request_context, session
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import login_user, logout_user

from dialogues.auth.models import AuthSession, User, new_token, token_digest
from dialogues.auth.passwords import hash_password, needs_rehash, password_problem, verify_password
from dialogues.core import audit, throttle
from dialogues.core.database import write_now
from dialogues.core.errors import RateLimited, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.core.statements import built_once
from dialogues.core.storable import UNSTORABLE, storable
from dialogues.extensions import db

SESSION_KEY = "auth_token"
MAX_NAME = 200
# Unicode categories that show something: letters, numbers, punctuation, symbols.
VISIBLE = ("L", "N", "P", "S")
TOUCH_INTERVAL = timedelta(minutes=1)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def too_long(limit: int) -> str:
    return ngettext("Use at most %(num)d character.", "Use at most %(num)d characters.", limit)


def email_problem(email: str) -> str | None:
    """Why an address cannot be used, or None."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as error:
        return _("Enter a valid email address (%(reason)s).", reason=error)
    return None


def name_problem(name: str) -> str | None:
    """Why a person's name is refused, or None: it must show something, and no control
    characters (a name of zero-width spaces or direction overrides shows as nothing)."""
    name = name.strip()
    if not name:
        return _("Enter a name.")
    if len(name) > MAX_NAME:
        return too_long(MAX_NAME)
    if not storable(name):  # from the CLI, typed in a terminal that is not UTF-8
        return str(UNSTORABLE)
    if has_control_character(name) or not shows_something(name):
        return _("Enter a name with visible characters and no control characters.")
    return None


def has_control_character(text: str, allowed: str = "") -> bool:
    """Whether ``text`` holds a control character other than those in ``allowed``."""
    return any(unicodedata.category(c) == "Cc" and c not in allowed for c in text)


def shows_something(text: str) -> bool:
    """Whether ``text`` has a visible character (not only zero-width or direction marks)."""
    return any(unicodedata.category(c).startswith(VISIBLE) for c in text)


def find_user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def _request_language() -> str:
    """New accounts start in the language their creator is using (English from the CLI)."""
    if not has_request_context():
        return "en"
    from dialogues.core.i18n import current_language

    return current_language()


def create_user(email: str, name: str, password: str | None, *, is_admin: bool = False) -> User:
    """Create an account; a missing password leaves it to be set through an invitation."""
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    if (problem := name_problem(name)) is not None:
        errors["name"] = [problem]
    if (problem := email_problem(email)) is not None:
        errors["email"] = [problem]
    elif find_user(email) is not None:
        errors["email"] = [_("An account with this email already exists.")]
    if password is not None and (problem := password_problem(password, email)):
        errors["password"] = [problem]
    if errors:
        raise ValidationFailed(errors)
    user = User(
        email=email,
        name=name.strip(),
        password_hash=hash_password(password) if password is not None else None,
        is_admin=is_admin,
        locale=_request_language(),
    )
    db.session.add(user)
    audit.record("user.create", user, admin=is_admin)
    return user


def login_limits(email: str, address: str | None) -> list[throttle.Limit]:
    config = current_app.config
    return [
        throttle.Limit(
            f"login:account:{normalise_email(email)}",
            config["LOGIN_ACCOUNT_LIMIT"],
            config["LOGIN_ACCOUNT_WINDOW"],
        ),
        throttle.Limit(
            f"login:address:{address or 'unknown'}",
            config["LOGIN_ADDRESS_LIMIT"],
            config["LOGIN_ADDRESS_WINDOW"],
        ),
    ]


def authenticate(email: str, password: str, address: str | None) -> User | None:
    """The user whose credentials these are, or None; counts failures and enforces the limits."""
    limits = login_limits(email, address)
    wait = throttle.first_exceeded(limits)
    if wait is not None:
        raise RateLimited(wait)
    user = find_user(email)
    if user is None or not user.is_active or not verify_password(user.password_hash, password):
        throttle.counter().add(*(limit.key for limit in limits))
        audit.record("login.failed", user, actor=user)
        return None
    throttle.counter().clear(limits[0].key)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def start_session(user: User) -> None:
    """Sign in on this browser: a fresh session identity and a server-side session row."""
    token = new_token()
    db.session.add(AuthSession(user=user, token_hash=token_digest(token)))
    session.clear()
    session[SESSION_KEY] = token
    login_user(user)
    user.last_login_at = utcnow()
    audit.record("login", user, actor=user)


def end_session(user: User) -> None:
    """Sign out of this browser; a replayed cookie finds no session row."""
    token = session.get(SESSION_KEY)
    if token:
        db.session.execute(
            sa.delete(AuthSession).where(AuthSession.token_hash == token_digest(token))
        )
    audit.record("logout", user, actor=user)
    logout_user()
    session.clear()


def load_session_user(user_id: str) -> User | None:
    """Flask-Login's loader: the user only while this browser's session row is alive."""
    token = session.get(SESSION_KEY)
    if not token or not user_id.isdigit():
        return None
    row = db.session.execute(
        _session_user(), {"token_hash": token_digest(token), "user_id": int(user_id)}
    ).first()
    if row is None:
        return None
    auth_session, user = row
    if not user.is_active or _expired(auth_session):
        return None
    _touch(auth_session)
    return user


@built_once
def _session_user() -> sa.Select:
    return (
        sa.select(AuthSession, User)
        .join(User)
        .where(
            AuthSession.token_hash == sa.bindparam("token_hash"),
            User.id == sa.bindparam("user_id"),
        )
    )


def _expired(auth_session: AuthSession) -> bool:
    now = datetime.now(UTC)
    config = current_app.config
    idle = timedelta(seconds=config["SESSION_IDLE_TIMEOUT"])
    absolute = timedelta(seconds=config["SESSION_ABSOLUTE_TIMEOUT"])
    return auth_session.last_seen_at + idle < now or auth_session.created_at + absolute < now


def _touch(auth_session: AuthSession) -> None:
    now = utcnow()
    if now - auth_session.last_seen_at > TOUCH_INTERVAL:
        write_now(
            sa.update(AuthSession).where(AuthSession.id == auth_session.id).values(last_seen_at=now)
        )
