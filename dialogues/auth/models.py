"""People who sign in, and the sign-in sessions they hold."""

import hashlib
import secrets
from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.core.models import UTCDateTime, created_at_column, utcnow
from dialogues.extensions import db


def token_digest(token: str) -> str:
    """Tokens are looked up by a fast hash; only the hash is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    is_admin: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    is_disabled: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    locale: Mapped[str] = mapped_column(sa.String(16), default="en", server_default="en")
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Two-factor: the TOTP secret sealed with the instance key (core.crypto), never in clear.
    totp_secret: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    two_factor_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    totp_last_step: Mapped[int | None]  # a code is accepted once, never replayed

    auth_sessions: Mapped[list["AuthSession"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_active(self) -> bool:
        return not self.is_disabled

    def end_all_sessions(self) -> None:
        """Sign the person out everywhere (password change, disabling, "sign out everywhere")."""
        db.session.execute(sa.delete(AuthSession).where(AuthSession.user_id == self.id))

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class AuthSession(db.Model):
    """One signed-in browser. The cookie holds the token; logout deletes the row."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = created_at_column()
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="auth_sessions")


class RecoveryCode(db.Model):
    """A single-use two-factor recovery code, stored as its SHA-256."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(sa.String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
