"""A person's application to a programme, on one side."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.auth.models import User
from dialogues.core.models import UTCDateTime, created_at_column, enum_type, updated_at_column
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side


class RegistrationStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"


class ParticipantRole(enum.StrEnum):
    ACADEMIC = "academic"
    FORMER_OFFICIAL = "former_official"
    OFFICIAL_PERSONAL_CAPACITY = "official_personal_capacity"
    JOURNALIST = "journalist"
    STUDENT = "student"
    CIVIL_SOCIETY = "civil_society"
    OTHER = "other"


class Registration(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int]
    # NULL once the person erased their account: the row stays for the counts.
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus), default=RegistrationStatus.PENDING
    )
    affiliation: Mapped[str] = mapped_column(sa.String(200), default="")
    role: Mapped[ParticipantRole] = mapped_column(enum_type(ParticipantRole))
    nationality: Mapped[str] = mapped_column(sa.String(2))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    access_needs: Mapped[str] = mapped_column(sa.Text, default="")
    consented_data_processing_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consented_rule_at: Mapped[datetime] = mapped_column(UTCDateTime)
    consent_version: Mapped[str] = mapped_column(sa.String(32))
    consents_to_attribution: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    programme: Mapped[Programme] = relationship(back_populates="registrations")
    side: Mapped[Side] = relationship(
        primaryjoin="Registration.side_id == Side.id",
        foreign_keys="Registration.side_id",
        viewonly=True,
    )
    user: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "user_id"),
        sa.ForeignKeyConstraint(
            ["side_id", "programme_id"], ["side.id", "side.programme_id"], ondelete="CASCADE"
        ),
        # The desk by status and side, oldest first, and the counts per side (migration 0014).
        sa.Index("ix_registration_desk", "programme_id", "status", "side_id", "created_at", "id"),
        # The desk and the API list, oldest first (migration 0009).
        sa.Index("ix_registration_programme_created", "programme_id", "created_at", "id"),
        sa.Index(
            "ix_registration_programme_status_created", "programme_id", "status", "created_at", "id"
        ),
        # Endorsement counts look up each endorser's status and side by id (migration 0011).
        sa.Index("ix_registration_id_status_side", "id", "status", "side_id"),
    )

    def can_view(self, user) -> bool:
        return self.is_own(user) or self.programme.can_manage(user)

    def is_own(self, user) -> bool:
        return user is not None and user.is_authenticated and user.id == self.user_id

    def can_withdraw(self, user) -> bool:
        """The person's own, still open or accepted, in a programme that has not ended (once
        it has, its balance and endorsements are part of what was held)."""
        return (
            self.is_own(user)
            and self.status not in {RegistrationStatus.DECLINED, RegistrationStatus.WITHDRAWN}
            and not self.programme_has_ended
        )

    @property
    def programme_has_ended(self) -> bool:
        return self.programme.has_ended

    def can_decide(self, user) -> bool:
        return self.programme.can_manage(user)

    def __repr__(self) -> str:
        return f"<Registration {self.id} {self.status}>"


class RegistrationTally(db.Model):
    """How many registrations each side of a programme has in each status.

    Kept by the database's own triggers (``registrations/tally.py``, migration 0015) in the
    same statement as every registration added, decided, moved or deleted, whatever code or
    person writes it; read, never written, by the app. Pages that show the balance or a side's
    accepted participants read these few rows instead of counting thousands of registrations
    (on the large demo 0.01 against 0.5 ms on SQLite, 0.07 against 0.8 ms on PostgreSQL).
    """

    __tablename__ = "registration_tally"

    programme_id: Mapped[int] = mapped_column(primary_key=True)
    side_id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[RegistrationStatus] = mapped_column(
        enum_type(RegistrationStatus), primary_key=True
    )
    total: Mapped[int] = mapped_column(default=0)

    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["side_id", "programme_id"], ["side.id", "side.programme_id"], ondelete="CASCADE"
        ),
    )
