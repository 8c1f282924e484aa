"""Dialogue sessions: meetings with facilitators, invited participants, attendance and notes."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.auth.models import User
from dialogues.core.models import UTCDateTime, created_at_column, enum_type, updated_at_column
from dialogues.extensions import db
from dialogues.programmes.models import Confidentiality, Programme
from dialogues.registrations.models import Registration


class SessionFormat(enum.StrEnum):
    PLENARY = "plenary"
    WORKING_GROUP = "working_group"
    BILATERAL = "bilateral"
    SITE_VISIT = "site_visit"
    SOCIAL = "social"


class AttendanceStatus(enum.StrEnum):
    INVITED = "invited"
    CONFIRMED = "confirmed"
    DECLINED = "declined"
    ATTENDED = "attended"
    ABSENT = "absent"


class SessionChangeKind(enum.StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    MOVED = "moved"
    CANCELLED = "cancelled"


session_facilitator = sa.Table(
    "session_facilitator",
    db.metadata,
    sa.Column(
        "session_id",
        sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.ForeignKey("user.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_session_facilitator_user_id", "user_id"),
)


class DialogueSession(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    format: Mapped[SessionFormat] = mapped_column(enum_type(SessionFormat))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    venue: Mapped[str] = mapped_column(sa.String(200), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    # NULL: the programme's rule is in force.
    confidentiality_override: Mapped[Confidentiality | None] = mapped_column(
        enum_type(Confidentiality)
    )
    agenda: Mapped[str] = mapped_column(sa.Text, default="")
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    programme: Mapped[Programme] = relationship()
    facilitators: Mapped[list[User]] = relationship(secondary=session_facilitator)
    attendances: Mapped[list["Attendance"]] = relationship(
        back_populates="dialogue_session", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.Index("ix_dialogue_session_programme_starts", "programme_id", "starts_at"),
    )

    @property
    def confidentiality(self) -> Confidentiality:
        """The rule in force: the session's own, else the programme's."""
        return self.confidentiality_override or self.programme.confidentiality

    @property
    def is_off_the_record(self) -> bool:
        return self.confidentiality == Confidentiality.OFF_THE_RECORD

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    def invitation_of(self, user) -> "Attendance | None":
        """The user's own invitation to this session, if they are invited."""
        own = self.programme.access_for(user).registration_id  # cached for the request
        if own is None:
            return None
        return next((a for a in self.attendances if a.registration_id == own), None)

    def is_facilitated_by(self, user) -> bool:
        """One of its facilitators, while on the programme's staff: someone removed from it
        keeps no right over its sessions (their name stays on those they ran)."""
        if not user.is_authenticated or not self.programme.can_facilitate(user):
            return False
        return any(f.id == user.id for f in self.facilitators)

    def can_view(self, user) -> bool:
        return self.programme.can_read_content(user)

    def can_manage(self, user) -> bool:
        return self.programme.can_manage(user)

    def can_record_attendance(self, user) -> bool:
        return self.can_manage(user) or self.is_facilitated_by(user)

    def can_set_attendance_of(self, user, registration) -> bool:
        """Touch a registration's attendance at all: the session's staff, or a member for their
        own (``Attendance.can_set`` then decides which status)."""
        staff_or_own = self.can_record_attendance(user) or registration.is_own(user)
        return self.can_view(user) and staff_or_own

    def can_read_notes(self, user) -> bool:
        """Off the record: this session's facilitators and the coordinators only."""
        if self.can_record_attendance(user):
            return True
        return not self.is_off_the_record and self.programme.can_facilitate(user)

    def can_write_notes(self, user) -> bool:
        return self.can_record_attendance(user)


# What a list of sessions offered as choices shows and sorts by (the recommendation filter).
LISTED_FIELDS = ("title", "starts_at")


def count_listed_changes(session, _flush_context, _instances) -> None:
    """Raise ``session_revision`` of each programme with a session added, renamed or moved.

    The raise is written in the same flush, so it commits (or rolls back) with the change.
    What a worker kept of the list (``recommendations/rows.session_options``) is then known to
    be out of date on every app server. The programme's own ``updated_at`` stays as it was.
    """
    with session.no_autoflush:
        programmes = {
            _programme_of(session, item)
            for item in (*session.new, *session.dirty)
            if isinstance(item, DialogueSession) and _changes_listing(item)
        }
    for programme in programmes:
        if programme is None or programme in session.new:
            continue  # a new programme starts at 0
        if not session.is_modified(programme):
            programme.updated_at = Programme.updated_at
        programme.session_revision = Programme.session_revision + 1


def _programme_of(session, dialogue_session: DialogueSession) -> Programme | None:
    """Its programme, also when a new session was given only ``programme_id``."""
    if dialogue_session.programme is not None:
        return dialogue_session.programme
    if dialogue_session.programme_id is None:
        return None
    return session.get(Programme, dialogue_session.programme_id)


def _changes_listing(dialogue_session: DialogueSession) -> bool:
    state = sa.inspect(dialogue_session)
    if state.pending:
        return True
    return any(state.attrs[name].history.has_changes() for name in LISTED_FIELDS)


sa.event.listen(db.session, "before_flush", count_listed_changes)


class Attendance(db.Model):
    """An invited participant's answer, then what the facilitator recorded."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus), default=AttendanceStatus.INVITED
    )
    updated_at: Mapped[datetime] = updated_at_column()

    dialogue_session: Mapped[DialogueSession] = relationship(back_populates="attendances")
    registration: Mapped[Registration] = relationship()

    __table_args__ = (sa.UniqueConstraint("session_id", "registration_id"),)

    def can_set(self, user, status: AttendanceStatus) -> bool:
        """Staff of the session record anything; a participant answers their own invitation."""
        if self.dialogue_session.can_record_attendance(user):
            return True
        return self.registration.is_own(user) and status in ANSWERS


# What a participant may answer to their own invitation.
ANSWERS = frozenset({AttendanceStatus.CONFIRMED, AttendanceStatus.DECLINED})


class SessionNote(db.Model):
    """Facilitators' notes; the text is encrypted at rest (AES-GCM, the id as associated data)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    ciphertext: Mapped[bytes] = mapped_column(sa.LargeBinary, default=b"")
    # The rule in force when the note was written: relaxing the session's rule later never
    # widens who may read it (the stricter of the two applies).
    confidentiality: Mapped[Confidentiality] = mapped_column(
        enum_type(Confidentiality),
        default=Confidentiality.OFF_THE_RECORD,
        server_default=Confidentiality.OFF_THE_RECORD.value,
    )
    # Only on the record, and only a participant who consented to attribution.
    speaker_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    dialogue_session: Mapped[DialogueSession] = relationship()
    author: Mapped[User | None] = relationship()
    speaker: Mapped[Registration | None] = relationship()

    @property
    def rule(self) -> Confidentiality:
        """The stricter of the rule the note was written under and the session's current one."""
        return strictest(self.confidentiality, self.dialogue_session.confidentiality)

    def can_read(self, user) -> bool:
        session = self.dialogue_session
        if self.rule == Confidentiality.OFF_THE_RECORD:
            return session.can_record_attendance(user)
        return session.can_read_notes(user)

    def can_edit(self, user) -> bool:
        """The author while they still write notes for the session, and the coordinators."""
        session = self.dialogue_session
        is_author = user.is_authenticated and user.id == self.author_id
        return session.can_manage(user) or (is_author and session.can_write_notes(user))

    @property
    def shows_speaker(self) -> bool:
        return (
            self.rule == Confidentiality.ON_RECORD
            and self.speaker is not None
            and self.speaker.consents_to_attribution
        )


STRICTNESS = (
    Confidentiality.ON_RECORD,
    Confidentiality.CHATHAM_HOUSE,
    Confidentiality.OFF_THE_RECORD,
)


def strictest(*rules: Confidentiality) -> Confidentiality:
    return max(rules, key=STRICTNESS.index)


class SessionChange(db.Model):
    """The history of a session: created, moved, cancelled, with what it was before."""

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[SessionChangeKind] = mapped_column(enum_type(SessionChangeKind))
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_venue: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = created_at_column()

    dialogue_session: Mapped[DialogueSession] = relationship()
    actor: Mapped[User | None] = relationship()


class CalendarToken(db.Model):
    """A secret, revocable calendar-feed URL; only a SHA-256 digest of the token is stored.

    With ``programme_id`` it opens that programme's feed, otherwise the holder's own schedule.
    The holder's rights are checked again on every fetch, and deleting the row revokes the URL.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id", ondelete="CASCADE"), index=True)
    programme_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()

    user: Mapped[User] = relationship()
    programme: Mapped[Programme | None] = relationship()
