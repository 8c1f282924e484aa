"""Non-binding policy recommendations, their versions, positions and endorsements."""

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from dialogues.auth.models import User
from dialogues.core.models import UTCDateTime, created_at_column, enum_type, updated_at_column
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.registrations.models import Registration
from dialogues.sessions.models import DialogueSession


class Agreement(enum.StrEnum):
    CONSENSUS = "consensus"
    BROAD_SUPPORT = "broad_support"
    DIVIDED = "divided"


class RecommendationStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    ADOPTED = "adopted"
    RETURNED = "returned"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


S = RecommendationStatus
# (from, to) → who may make the move: "author" (or a coordinator) or "coordinator" only.
TRANSITIONS: dict[tuple[S, S], str] = {
    (S.DRAFT, S.SUBMITTED): "author",
    (S.RETURNED, S.SUBMITTED): "author",
    (S.SUBMITTED, S.ADOPTED): "coordinator",
    (S.SUBMITTED, S.RETURNED): "coordinator",
    (S.ADOPTED, S.PUBLISHED): "coordinator",
    **{(state, S.WITHDRAWN): "author" for state in S if state != S.WITHDRAWN},
}
ENDORSABLE = frozenset({S.SUBMITTED, S.ADOPTED, S.PUBLISHED})

recommendation_addressee = sa.Table(
    "recommendation_addressee",
    db.metadata,
    sa.Column(
        "recommendation_id",
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("side_id", sa.ForeignKey("side.id", ondelete="CASCADE"), primary_key=True),
    sa.Index("ix_recommendation_addressee_side_id", "side_id"),
)

recommendation_session = sa.Table(
    "recommendation_session",
    db.metadata,
    sa.Column(
        "recommendation_id",
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column(
        "session_id", sa.ForeignKey("dialogue_session.id", ondelete="CASCADE"), primary_key=True
    ),
    sa.Index("ix_recommendation_session_session_id", "session_id"),
)


class Recommendation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    agreement: Mapped[Agreement] = mapped_column(enum_type(Agreement))
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus), default=RecommendationStatus.DRAFT
    )
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()

    programme: Mapped[Programme] = relationship()
    author: Mapped[User | None] = relationship()
    addressed_to: Mapped[list[Side]] = relationship(
        secondary=recommendation_addressee, order_by=Side.id
    )
    topics: Mapped[list["RecommendationTopic"]] = relationship(
        # Both columns of a topic are copied from its recommendation when it is written.
        primaryjoin="and_(Recommendation.id == RecommendationTopic.recommendation_id, "
        "Recommendation.programme_id == RecommendationTopic.programme_id)",
        foreign_keys="[RecommendationTopic.recommendation_id, RecommendationTopic.programme_id]",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="RecommendationTopic.topic",
    )
    positions: Mapped[list["Position"]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="Position.side_id"
    )
    sessions: Mapped[list[DialogueSession]] = relationship(
        secondary=recommendation_session, order_by=DialogueSession.starts_at
    )
    alternatives: Mapped[list["Alternative"]] = relationship(
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(Alternative.passage, Alternative.side_id)",
    )

    __table_args__ = (
        sa.Index("ix_recommendation_programme_status", "programme_id", "status"),
        # The list, newest first, and the public digest (migration 0009).
        sa.Index("ix_recommendation_programme_updated", "programme_id", "updated_at", "id"),
        sa.Index(
            "ix_recommendation_programme_published", "programme_id", "status", "published_at", "id"
        ),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    def is_author(self, user) -> bool:
        """Its author, while on the programme's staff (see ``author_id_of``)."""
        if not user.is_authenticated or self.author_id != user.id:
            return False  # no need to look up their place on the staff
        return author_id_of(self.programme, user) == self.author_id

    def can_view(self, user) -> bool:
        if self.status == S.DRAFT:
            return self.is_author(user) or self.programme.can_manage(user)
        return self.programme.can_read_content(user)

    def can_edit(self, user) -> bool:
        if self.programme.can_manage(user):
            return self.status != S.WITHDRAWN
        return self.is_author(user) and self.status in {S.DRAFT, S.RETURNED}

    def can_move_through_workflow(self, user) -> bool:
        """Its author and the coordinators move it (``can_transition`` says which moves)."""
        return self.can_view(user) and (self.is_author(user) or self.programme.can_manage(user))

    def can_transition(self, user, to: RecommendationStatus) -> bool:
        who = TRANSITIONS.get((self.status, to))
        if who is None:
            return False
        if self.programme.can_manage(user):
            return True
        return who == "author" and self.is_author(user)

    def can_endorse(self, user) -> bool:
        return self.status in ENDORSABLE and self.programme.access_for(user).is_participant


def author_id_of(programme: Programme, user) -> int | None:
    """The author id under which what ``user`` filed in ``programme`` is theirs: their own while
    on its staff, None otherwise (someone removed from it keeps no right over what they filed,
    and coordinators take it on). ``Recommendation.is_author`` and the lists' drafts rule
    (``queries.drafts_rule``) both go by it."""
    if not user.is_authenticated or not programme.can_facilitate(user):
        return None
    return user.id


def can_file_recommendation(programme: Programme, user) -> bool:
    """Facilitators and coordinators file recommendations."""
    return programme.can_facilitate(user)


class RecommendationTopic(db.Model):
    """A topic of a recommendation, with the recommendation's programme (migration 0016).

    The programme is kept on the row so that "which topics does this programme use" (the list's
    filter) is one probe of (programme, topic) per topic, and "which of its recommendations
    carry this topic" reads only the programme's topics, however many programmes there are.
    """

    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), primary_key=True
    )
    topic: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    programme_id: Mapped[int] = mapped_column(sa.ForeignKey("programme.id", ondelete="CASCADE"))

    __table_args__ = (
        # The topics a programme uses, and its recommendations with a topic, read off the index
        # alone (migration 0016).
        sa.Index(
            "ix_recommendation_topic_programme_topic", "programme_id", "topic", "recommendation_id"
        ),
    )


class Position(db.Model):
    """One side's position on a recommendation, in its own words."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    side_id: Mapped[int] = mapped_column(sa.ForeignKey("side.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.Text)

    side: Mapped[Side] = relationship()

    __table_args__ = (sa.UniqueConstraint("recommendation_id", "side_id"),)


class RecommendationVersion(db.Model):
    """A snapshot kept at every edit: what the recommendation said at that version."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE")
    )
    version: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(300))
    summary: Mapped[str] = mapped_column(sa.Text)
    body: Mapped[str] = mapped_column(sa.Text)
    agreement: Mapped[Agreement] = mapped_column(enum_type(Agreement))
    snapshot: Mapped[dict] = mapped_column(sa.JSON, default=dict)  # topics, positions, sides
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    editor: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("recommendation_id", "version"),)


class RecommendationTransition(db.Model):
    """The status history, with the comment given (why it was returned)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus, "from_status")
    )
    to_status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus, "to_status")
    )
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()

    actor: Mapped[User | None] = relationship()


class Endorsement(db.Model):
    """An accepted participant backs one version of a recommendation. Never exported by name."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    created_at: Mapped[datetime] = created_at_column()

    registration: Mapped[Registration] = relationship()

    __table_args__ = (sa.UniqueConstraint("recommendation_id", "registration_id"),)


class Alternative(db.Model):
    """One side's wording for a disputed passage, kept in brackets until the sides agree.

    Passages are numbered from 1 per recommendation; the body refers to them as [1], [2], …
    and the page shows each passage's wordings side by side.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    passage: Mapped[int]
    side_id: Mapped[int] = mapped_column(sa.ForeignKey("side.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(sa.Text)

    side: Mapped[Side] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("recommendation_id", "passage", "side_id"),
        sa.CheckConstraint("passage >= 1", name="passage_positive"),
    )


class ClearedEndorsement(db.Model):
    """An endorsement a change to the text cleared: a notice for its endorser alone.

    It stays until they endorse again or dismiss it; it never counts as backing.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendation.id", ondelete="CASCADE"), index=True
    )
    registration_id: Mapped[int] = mapped_column(
        sa.ForeignKey("registration.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]  # the version that was endorsed
    created_at: Mapped[datetime] = created_at_column()

    __table_args__ = (sa.UniqueConstraint("recommendation_id", "registration_id"),)
