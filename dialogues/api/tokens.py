"""Issuing, finding and revoking API tokens: the rules the API, a profile page and the CLI share."""

import enum
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from dialogues.api.models import ApiToken
from dialogues.auth import two_factor
from dialogues.auth.models import User, new_token, token_digest
from dialogues.auth.operations import authenticate
from dialogues.core import audit
from dialogues.core.database import write_now
from dialogues.core.errors import Forbidden, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.core.statements import built_once
from dialogues.extensions import db

PREFIX = "dlg_"  # lets secret scanners and people recognise a leaked Dialogues token
DEFAULT_NAME = "API token"
TOUCH_INTERVAL = timedelta(minutes=1)


class TokenState(enum.StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class BadCredentials(Exception):
    """Wrong email, password or two-factor code; the failure has been counted."""


def token_owner(email: str, password: str, otp: str | None, address: str | None) -> User:
    """Who may have a token for these credentials, with the sign-in page's limits and rules.

    Raises ``BadCredentials`` (answer 401), ``RateLimited`` (429), or ``Forbidden`` when the
    person's role requires two-factor sign-in and they have not turned it on yet.
    """
    user = authenticate(email, password, address)
    if user is None:
        raise BadCredentials("Email or password is incorrect.")
    if user.two_factor_enabled_at is not None:
        if not otp:
            raise BadCredentials('This account uses two-factor sign-in: send the code as "otp".')
        if not two_factor.verify(user, otp):
            raise BadCredentials("The two-factor code is not valid.")
    elif two_factor.is_required(user):
        raise Forbidden("Your role requires two-factor sign-in: turn it on in your account first.")
    return user


def create_token(user: User, name: str = DEFAULT_NAME) -> tuple[str, ApiToken]:
    """A new token for ``user``: the secret (shown once, never stored) and its row."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ValidationFailed({"name": ["Give the token a name of 1 to 100 characters."]})
    secret = PREFIX + new_token()
    lifetime = timedelta(seconds=current_app.config["API_TOKEN_LIFETIME"])
    api_token = ApiToken(
        user=user, name=name, token_hash=token_digest(secret), expires_at=utcnow() + lifetime
    )
    db.session.add(api_token)
    audit.record(
        "api_token.create", api_token, actor=user, expires_at=api_token.expires_at.isoformat()
    )
    return secret, api_token


def revoke_token(api_token: ApiToken) -> None:
    """Stop a token from working; revoking twice changes nothing."""
    if api_token.revoked_at is None:
        api_token.revoked_at = utcnow()
        audit.record("api_token.revoke", api_token, user_id=api_token.user_id)


def tokens_of(user: User, state: TokenState | None = None) -> sa.Select:
    """A person's tokens, newest first; all of them unless ``state`` narrows them."""
    statement = sa.select(ApiToken).where(ApiToken.user_id == user.id)
    if state is not None:
        statement = statement.where(_in_state(state))
    return statement.order_by(ApiToken.created_at.desc(), ApiToken.id.desc())


def _in_state(state: TokenState):
    now = utcnow()
    if state is TokenState.REVOKED:
        return ApiToken.revoked_at.is_not(None)
    live = ApiToken.expires_at > now if state is TokenState.ACTIVE else ApiToken.expires_at <= now
    return sa.and_(ApiToken.revoked_at.is_(None), live)


def user_for_token(secret: str) -> User | None:
    """The active user a live token belongs to, or None. Looked up by SHA-256 alone."""
    row = db.session.execute(_token_user(), {"token_hash": token_digest(secret)}).first()
    if row is None:
        return None
    api_token, user = row
    if not api_token.is_usable or not user.is_active:
        return None
    _touch(api_token)
    return user


@built_once
def _token_user() -> sa.Select:
    return (
        sa.select(ApiToken, User)
        .join(User)
        .where(ApiToken.token_hash == sa.bindparam("token_hash"))
    )


def _touch(api_token: ApiToken) -> None:
    now = utcnow()
    if api_token.last_used_at is None or now - api_token.last_used_at > TOUCH_INTERVAL:
        write_now(sa.update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now))
