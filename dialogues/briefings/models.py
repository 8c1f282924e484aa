"""Records of briefing exports, and releases when a programme gates them.

Release gate (``Programme.requires_briefing_release``): each side's briefing must be approved by
a coordinator before that side's liaisons may read or download it. An approval records the
briefing's content digest; when the content changes, the approval no longer covers it.
"""

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
    """Who exported which side's briefing, when, in which format and language, and the file's
    SHA-256."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int] = mapped_column(sa.ForeignKey("side.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    format: Mapped[BriefingFormat] = mapped_column(enum_type(BriefingFormat))
    recipient: Mapped[str] = mapped_column(sa.String(200))
    # The language of the file's headings and labels (its content stays as written).
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
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
    # The SHA-256 of the briefing's content as approved (``Briefing.content_digest``): a
    # briefing that changed since (a recommendation adopted or withdrawn, a session held) is no
    # longer released until a coordinator approves it again.
    content_sha256: Mapped[str] = mapped_column(sa.String(64), default="", server_default="")
    created_at: Mapped[datetime] = created_at_column()

    side: Mapped[Side] = relationship()
    approved_by: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("side_id", "approved_by_id"),)

    def covers(self, content_sha256: str) -> bool:
        """This approval is of exactly this content."""
        return bool(self.content_sha256) and self.content_sha256 == content_sha256


def latest_release(side: Side) -> BriefingRelease | None:
    return db.session.scalar(
        sa.select(BriefingRelease)
        .where(BriefingRelease.side_id == side.id)
        .order_by(BriefingRelease.created_at.desc(), BriefingRelease.id.desc())
        .limit(1)
    )


def can_download_briefing(side: Side, user, content_sha256: str) -> bool:
    """Read (and download) this side's briefing with this content.

    Coordinators always; a liaison of the side (``Side.can_read_briefing``) too, except where the
    programme gates release: then only the content a coordinator approved. A briefing that changed
    since its approval waits for a new one. It lives here rather than on ``Side`` because it
    needs the briefing's content, which only this package builds.
    """
    if not side.can_read_briefing(user):
        return False
    programme = side.programme
    if programme.can_manage(user) or not programme.requires_briefing_release:
        return True
    release = latest_release(side)
    return release is not None and release.covers(content_sha256)
