"""API tokens: a person's named, expiring, revocable credentials for scripts and other tools."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.auth.models import User
from dialogues.core.models import UTCDateTime, created_at_column, utcnow
from dialogues.extensions import db


class ApiToken(db.Model):
    """Only the SHA-256 of the token is kept; the token itself is shown once, when issued."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > utcnow()

    def can_manage(self, user) -> bool:
        """Its owner sees and revokes it; so does an administrator (a leaked token)."""
        return user.is_authenticated and (user.id == self.user_id or user.is_admin)

    def __repr__(self) -> str:
        return f"<ApiToken {self.id}>"
