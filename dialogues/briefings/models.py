"""Records of briefing exports, and releases when a programme gates them."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.auth.models import User
from dialogues.core.models import created_at_column, enum_type
from dialogues.extensions import db
from dialogues.programmes.models import Side


class BriefingFormat(enum.StrEnum):
    PDF = "pdf"
    DOCX = "docx"
    HTML = "html"
    MD = "md"
    JSON = "json"


class BriefingExport(db.Model):
    """Who exported which side's briefing, when, in which format, and the file's SHA-256."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int] = mapped_column(sa.ForeignKey("side.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    format: Mapped[BriefingFormat] = mapped_column(enum_type(BriefingFormat))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = created_at_column()

    side: Mapped[Side] = relationship()
    actor: Mapped[User | None] = relationship()


class BriefingRelease(db.Model):
    """A coordinator's approval of one side's briefing, when the programme gates release."""

    id: Mapped[int] = mapped_column(primary_key=True)
    side_id: Mapped[int] = mapped_column(sa.ForeignKey("side.id", ondelete="CASCADE"))
    approved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (sa.UniqueConstraint("side_id", "approved_by_id"),)
