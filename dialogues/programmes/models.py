"""Programmes, their sides, their staff, and who may do what in them."""

import enum
from collections import defaultdict
from datetime import date, datetime

import pycountry
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship, validates

from dialogues.auth.models import User
from dialogues.core.id_lists import among
from dialogues.core.models import (
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)
from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.access import Access


def is_country_code(code: str) -> bool:
    """An ISO 3166-1 alpha-2 code of a current country."""
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


class ProgrammeKind(enum.StrEnum):
    CULTURAL_EXCHANGE = "cultural_exchange"
    STUDENT_EXCHANGE = "student_exchange"
    DIALOGUE_SERIES = "dialogue_series"
    TRACK_1_5 = "track_1_5"


class ProgrammeStatus(enum.StrEnum):
    DRAFT = "draft"
    REGISTRATION_OPEN = "registration_open"
    RUNNING = "running"
    CONCLUDED = "concluded"
    ARCHIVED = "archived"


# A programme that has ended: no one registers, withdraws or is imported any more.
CLOSED_STATUSES = frozenset({ProgrammeStatus.CONCLUDED, ProgrammeStatus.ARCHIVED})


class Confidentiality(enum.StrEnum):
    CHATHAM_HOUSE = "chatham_house"
    OFF_THE_RECORD = "off_the_record"
    ON_RECORD = "on_record"


class MemberRole(enum.StrEnum):
    COORDINATOR = "coordinator"
    FACILITATOR = "facilitator"
    LIAISON = "liaison"


class Programme(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[ProgrammeKind] = mapped_column(enum_type(ProgrammeKind))
    status: Mapped[ProgrammeStatus] = mapped_column(
        enum_type(ProgrammeStatus), default=ProgrammeStatus.DRAFT, index=True
    )
    description: Mapped[str] = mapped_column(sa.Text, default="")
    public_summary: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    timezone: Mapped[str] = mapped_column(sa.String(64))
    confidentiality: Mapped[Confidentiality] = mapped_column(enum_type(Confidentiality))
    registration_open: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    parity_threshold: Mapped[float] = mapped_column(default=0.8, server_default="0.8")
    endorsement_threshold: Mapped[float] = mapped_column(default=1 / 3, server_default="0.3333")
    requires_briefing_release: Mapped[bool] = mapped_column(
        default=False, server_default=sa.false()
    )
    consent_version: Mapped[str] = mapped_column(sa.String(32), default="1", server_default="1")
    # Goes up with each session added, renamed or moved (see ``sessions/models.py``).
    session_revision: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    sides: Mapped[list["Side"]] = relationship(
        back_populates="programme", order_by="Side.id", cascade="all, delete-orphan"
    )
    memberships: WriteOnlyMapped["Membership"] = relationship(
        back_populates="programme", cascade="all, delete-orphan", passive_deletes=True
    )
    registrations: WriteOnlyMapped["Registration"] = relationship(  # noqa: F821
        back_populates="programme", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_in_order"),
        sa.CheckConstraint("parity_threshold BETWEEN 0 AND 1", name="parity_threshold_range"),
        sa.CheckConstraint(
            "endorsement_threshold BETWEEN 0 AND 1", name="endorsement_threshold_range"
        ),
    )

    # -- access -------------------------------------------------------------------------------

    def access_for(self, user) -> Access:
        """What ``user`` is in this programme, computed once per request and user."""
        if user is None or not user.is_authenticated:
            return Access.anonymous()
        known = _known_access(user)
        if self.id not in known:
            rows = db.session.execute(
                _with_access("id", programme=False), {"id": self.id, "user_id": user.id}
            ).all()
            known[self.id] = Access.from_rows(user, rows)
        return known[self.id]

    @staticmethod
    def read_access(user, programmes) -> None:
        """Read ``user``'s access to each of ``programmes`` in one statement, for the permission
        checks of a list across programmes (kept for the request like ``access_for``'s)."""
        if user is None or not user.is_authenticated:
            return
        known = _known_access(user)
        missing = sorted({programme.id for programme in programmes} - known.keys())
        if not missing:
            return
        rows, statement = defaultdict(list), _with_access("ids", programme=False)
        for programme_id, *access in db.session.execute(
            statement, {"ids": missing, "user_id": user.id}
        ):
            rows[programme_id].append(access)
        for programme_id in missing:
            known[programme_id] = Access.from_rows(user, rows[programme_id])

    @classmethod
    def with_access(cls, key: str, value, user) -> "Programme | None":
        """The programme whose ``key`` (``id`` or ``slug``) is ``value``, with ``user``'s access
        to it read in the same statement, so the permission checks that follow need none of
        their own (each statement costs a round trip and the server's work on PostgreSQL)."""
        signed_in = user is not None and user.is_authenticated
        rows = db.session.execute(
            _with_access(key, programme=True),
            {key: value, "user_id": user.id if signed_in else None},
        ).all()
        if not rows:
            return None
        programme = rows[0][0]
        if signed_in:
            _known_access(user)[programme.id] = Access.from_rows(user, [row[1:] for row in rows])
        return programme

    def can_view(self, user) -> bool:
        """See the programme page: staff, liaisons and anyone with a registration."""
        return self.access_for(user).can_view

    def can_read_content(self, user) -> bool:
        """Read sessions and recommendations: staff and accepted participants (not liaisons)."""
        return self.access_for(user).is_member

    def can_manage(self, user) -> bool:
        return self.access_for(user).is_coordinator

    def can_purge(self, user) -> bool:
        """Coordinators and administrators purge personal data, once the programme has ended."""
        ended = self.status in {ProgrammeStatus.CONCLUDED, ProgrammeStatus.ARCHIVED}
        return ended and self.can_manage(user)

    def can_facilitate(self, user) -> bool:
        return self.access_for(user).is_facilitator

    @property
    def has_ended(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def accepts_registrations(self) -> bool:
        return self.registration_open and not self.has_ended

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"


def _known_access(user) -> dict[int, Access]:
    """``user``'s access per programme id, kept on the user object (loaded once a request)."""
    return user.__dict__.setdefault("_programme_access", {})


@built_once
def _with_access(key: str, *, programme: bool) -> sa.Select:
    """The programme whose ``key`` is ``:key`` (its columns first if ``programme``) with the
    access of the person ``:user_id``: ``(role, side_id, registration_id, registration_side_id,
    registration_status)``, a row per staff role (none: one row of nulls), their registration
    (at most one) on each. ``key`` ``"ids"``: the programmes among ``:ids``, each row led by
    its programme's id."""
    # Registration, through the relationship: registrations import programmes, not the reverse.
    Registration = Programme.registrations.property.mapper.class_  # noqa: N806
    user_id = sa.bindparam("user_id")
    access = (
        Membership.role,
        Membership.side_id,
        Registration.id,
        Registration.side_id,
        Registration.status,
    )
    many = key == "ids"
    first = (Programme,) if programme else (Programme.id,) if many else ()
    return (
        sa.select(*first, *access)
        .select_from(Programme)
        .outerjoin(
            Membership,
            sa.and_(Membership.programme_id == Programme.id, Membership.user_id == user_id),
        )
        .outerjoin(
            Registration,
            sa.and_(Registration.programme_id == Programme.id, Registration.user_id == user_id),
        )
        .where(among(Programme.id) if many else getattr(Programme, key) == sa.bindparam(key))
    )


class Side(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(120))
    slug: Mapped[str] = mapped_column(sa.String(80))
    countries: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    capacity: Mapped[int | None]

    programme: Mapped[Programme] = relationship(back_populates="sides")

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "name"),
        sa.UniqueConstraint("programme_id", "slug"),
        sa.UniqueConstraint("id", "programme_id"),  # target of (side, programme) foreign keys
        sa.CheckConstraint("capacity IS NULL OR capacity >= 0", name="capacity_not_negative"),
    )

    @validates("countries")
    def _validate_countries(self, _key, codes: list[str]) -> list[str]:
        normalised = list(dict.fromkeys(code.strip().upper() for code in codes))
        if not normalised:
            raise ValueError("a side needs at least one country")
        unknown = [code for code in normalised if not is_country_code(code)]
        if unknown:
            raise ValueError(f"unknown country code: {', '.join(unknown)}")
        return normalised

    def can_read_briefing(self, user) -> bool:
        """Coordinators read every side's briefing; a liaison only their own side's."""
        access = self.programme.access_for(user)
        return access.is_coordinator or self.id in access.liaison_side_ids

    def __repr__(self) -> str:
        return f"<Side {self.slug}>"


class Membership(db.Model):
    """A staff role in one programme; a liaison belongs to one side."""

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    role: Mapped[MemberRole] = mapped_column(enum_type(MemberRole))
    side_id: Mapped[int | None]
    created_at: Mapped[datetime] = created_at_column()

    programme: Mapped[Programme] = relationship(back_populates="memberships")
    user: Mapped[User] = relationship()
    side: Mapped[Side | None] = relationship(
        primaryjoin="Membership.side_id == Side.id",
        foreign_keys="Membership.side_id",
        viewonly=True,
    )

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "user_id", "role"),
        sa.ForeignKeyConstraint(
            ["side_id", "programme_id"], ["side.id", "side.programme_id"], ondelete="CASCADE"
        ),
        sa.CheckConstraint("(role = 'liaison') = (side_id IS NOT NULL)", name="liaison_has_side"),
    )


class StaffInvitation(db.Model):
    """An invitation link for an unknown email: single use, expiring, bound to that email."""

    id: Mapped[int] = mapped_column(primary_key=True)
    membership_id: Mapped[int] = mapped_column(
        sa.ForeignKey("membership.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = created_at_column()

    membership: Mapped[Membership] = relationship()
