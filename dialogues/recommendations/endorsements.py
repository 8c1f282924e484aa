"""Endorsements: who backs a recommendation across the divide, counted per side, never named.

Only the endorser ever learns that they endorsed: pages, exports and the API give counts per
side, and the audit log records the count of cleared endorsements, not whose they were.
(Endorsing itself is not audited, since the log would name the endorser.)
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask import has_request_context, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden
from dialogues.core.id_lists import among
from dialogues.core.mail import send_mail
from dialogues.core.statements import built_once
from dialogues.extensions import db
from dialogues.programmes.models import Programme, Side
from dialogues.recommendations import labels
from dialogues.recommendations.models import (
    ENDORSABLE,
    ClearedEndorsement,
    Endorsement,
    Recommendation,
)
from dialogues.recommendations.versions import ChangedSinceOpened, changed_since
from dialogues.registrations.balance import accepted_on_side
from dialogues.registrations.models import Registration, RegistrationStatus

EPSILON = 1e-9  # the default threshold is a third, which floats cannot hold exactly


@dataclass(frozen=True)
class Backing:
    """Endorsements per side (every side, zeros included) against accepted participants."""

    counts: dict[int, int]
    accepted: dict[int, int]
    threshold: float

    @property
    def is_across_sides(self) -> bool:
        return across_sides(self.counts, self.accepted, self.threshold)

    def as_json(self) -> dict[str, int]:
        return {str(side): count for side, count in self.counts.items()}


def across_sides(counts: dict[int, int], accepted: dict[int, int], threshold: float) -> bool:
    """Every side has someone, and at least the threshold share, endorsing (``counts``: every
    side's endorsements; ``accepted``: participants per side)."""
    return bool(counts) and all(
        count >= 1 and count + EPSILON >= threshold * accepted.get(side, 0)
        for side, count in counts.items()
    )


def backing_for(programme: Programme, recommendations: list[Recommendation]) -> dict:
    """``{recommendation id: Backing}`` in two queries, however many recommendations."""
    accepted = _accepted_per_side(programme)
    counts = counts_per_side([r.id for r in recommendations], list(accepted))
    threshold = programme.endorsement_threshold
    return {rid: Backing(per_side, accepted, threshold) for rid, per_side in counts.items()}


def counts_per_side(recommendation_ids: list[int], side_ids: list[int], connection=None) -> dict:
    """``{recommendation id: {side id: endorsements}}`` by participants still accepted, every
    side of ``side_ids`` (zeros included), in one query; through ``connection`` if given (for
    pages that only read: the session is not flushed first)."""
    rows = _count_rows(recommendation_ids, connection) if recommendation_ids else []
    return counts_from(recommendation_ids, side_ids, rows)


def counts_from(recommendation_ids: list[int], side_ids: list[int], rows) -> dict:
    """``counts_per_side`` from the ``(recommendation id, side id, count)`` rows of
    ``counted_endorsements`` (a statement that reads them with more)."""
    counts = {rid: dict.fromkeys(side_ids, 0) for rid in recommendation_ids}
    for recommendation_id, side_id, count in rows:
        if side_id in counts[recommendation_id]:
            counts[recommendation_id][side_id] = count
    return counts


def backing(recommendation: Recommendation) -> Backing:
    return backing_for(recommendation.programme, [recommendation])[recommendation.id]


def _accepted_per_side(programme: Programme) -> dict[int, int]:
    """Accepted participants per side, every side of the programme (zeros included), in side
    order: as the balance counts them, in one narrow query and no object per side."""
    return dict(db.session.execute(_accepted_statement(), {"programme_id": programme.id}).all())


@built_once
def _accepted_statement() -> sa.Select:
    return (
        sa.select(Side.id, accepted_on_side())
        .where(Side.programme_id == sa.bindparam("programme_id"))
        .order_by(Side.id)
    )


def _count_rows(recommendation_ids: list[int], connection=None):
    """Endorsements by participants still accepted, per recommendation and side."""
    run = (connection or db.session).execute
    return run(counted_endorsements(), {"ids": recommendation_ids}).all()


@built_once
def counted_endorsements() -> sa.Select:
    """``counted_endorsements_of`` the recommendations ``:ids``."""
    return counted_endorsements_of(among(Endorsement.recommendation_id))


def counted_endorsements_of(which) -> sa.Select:
    """``(recommendation id, side id, count)`` of endorsements by participants still accepted,
    of the recommendations ``which`` (a condition on ``Endorsement.recommendation_id``) picks.
    For a statement built once: it builds anew on each call."""
    return (
        sa.select(Endorsement.recommendation_id, Registration.side_id, sa.func.count())
        .join(Registration, Registration.id == Endorsement.registration_id)
        .where(which, Registration.status == RegistrationStatus.ACCEPTED)
        .group_by(Endorsement.recommendation_id, Registration.side_id)
    )


def own_endorsement(recommendation: Recommendation, user) -> Endorsement | None:
    registration_id = recommendation.programme.access_for(user).registration_id
    if registration_id is None:
        return None
    return db.session.scalar(
        sa.select(Endorsement).filter_by(
            recommendation_id=recommendation.id, registration_id=registration_id
        )
    )


def own_cleared(recommendation: Recommendation, user) -> ClearedEndorsement | None:
    registration_id = recommendation.programme.access_for(user).registration_id
    if registration_id is None:
        return None
    return db.session.scalar(
        sa.select(ClearedEndorsement).filter_by(
            recommendation_id=recommendation.id, registration_id=registration_id
        )
    )


def endorse(recommendation: Recommendation, user, opened_version: int | None = None) -> Endorsement:
    """Endorse the current version; refused when the page the person read (``opened_version``,
    None from the API) showed another: they would back words they never read."""
    access = recommendation.programme.access_for(user)
    if not access.is_participant:
        raise Forbidden(_("Only accepted participants of this programme can endorse."))
    if recommendation.status not in ENDORSABLE:
        raise Conflict(
            _(
                "A %(status)s recommendation cannot be endorsed: endorsements open once it is "
                "submitted.",
                status=labels.status_word(recommendation.status),
            )
        )
    if own_endorsement(recommendation, user) is not None:
        raise Conflict(_("You already endorse this recommendation."))
    if changed_since(recommendation, opened_version):
        raise ChangedSinceOpened(
            _(
                "The text changed since you opened it: it is now version %(version)d. Read it "
                "again, then endorse it if you still back it.",
                version=recommendation.version,
            )
        )
    endorsement = Endorsement(
        recommendation_id=recommendation.id,
        registration_id=access.registration_id,
        version=recommendation.version,
    )
    try:
        with db.session.begin_nested():
            db.session.add(endorsement)
    except IntegrityError as error:  # the same person, twice at once
        raise Conflict(_("You already endorse this recommendation.")) from error
    dismiss_notice(recommendation, user)
    return endorsement


def withdraw(recommendation: Recommendation, user) -> None:
    endorsement = own_endorsement(recommendation, user)
    if endorsement is None:
        raise Conflict(_("You do not endorse this recommendation."))
    db.session.delete(endorsement)
    db.session.flush()


def dismiss_notice(recommendation: Recommendation, user) -> None:
    notice = own_cleared(recommendation, user)
    if notice is not None:
        db.session.delete(notice)
        db.session.flush()


def clear(recommendation: Recommendation) -> int:
    """The wording changed: clear every endorsement and tell each endorser."""
    cleared = db.session.scalars(
        sa.select(Endorsement).where(Endorsement.recommendation_id == recommendation.id)
    ).all()
    for endorsement in cleared:
        _leave_notice(endorsement)
        _tell(endorsement, recommendation)
        db.session.delete(endorsement)
    db.session.flush()
    if cleared:
        audit.record(
            "recommendation.endorsements_cleared",
            recommendation,
            version=recommendation.version,
            count=len(cleared),
        )
    return len(cleared)


def _leave_notice(endorsement: Endorsement) -> None:
    notice = db.session.scalar(
        sa.select(ClearedEndorsement).filter_by(
            recommendation_id=endorsement.recommendation_id,
            registration_id=endorsement.registration_id,
        )
    )
    if notice is None:
        notice = ClearedEndorsement(
            recommendation_id=endorsement.recommendation_id,
            registration_id=endorsement.registration_id,
        )
        db.session.add(notice)
    notice.version = endorsement.version


def _tell(endorsement: Endorsement, recommendation: Recommendation) -> None:
    """Mail the endorser, in their own language (not the editor's)."""
    user = endorsement.registration.user
    if user is None or user.is_disabled:
        return
    with force_locale(user.locale or "en"):
        subject = _("Your endorsement was cleared: %(title)s", title=recommendation.title)
        body = _cleared_body(user, endorsement, recommendation)
    send_mail(user.email, subject, body)


def _cleared_body(user, endorsement: Endorsement, recommendation: Recommendation) -> str:
    paragraphs = [
        _("Hello %(name)s,", name=user.name),
        _(
            "The wording of the recommendation “%(title)s” (%(programme)s) changed; it is now "
            "version %(version)d. You had endorsed version %(endorsed)d, so your endorsement was "
            "cleared: an endorsement holds for the words endorsed.",
            title=recommendation.title,
            programme=recommendation.programme.title,
            version=recommendation.version,
            endorsed=endorsement.version,
        ),
    ]
    if has_request_context():
        url = url_for(
            "recommendations.show_recommendation",
            recommendation_id=recommendation.id,
            _external=True,
        )
        paragraphs.append(_("Read it, and endorse it again if you still back it:") + f"\n{url}")
    paragraphs.append(_("Only you are told: nobody else learns who endorsed."))
    return "\n\n".join(paragraphs) + "\n"
