"""Retention: purging the personal data of a programme that has ended.

What goes: every registration's personal fields and its link to an account (an application
still pending or waitlisted is withdrawn: nobody is left to accept); the accounts of
participants who take part in nothing else (scrubbed and disabled, as when a person erases
their own account, their sign-in failure counts with them); attendance; who wrote each note,
recommendation version and transition, who changed a session, approved a release or downloaded
a briefing (and for whom); staff invitations; calendar feed addresses for the programme.

What stays: the programme, its sides and staff; the registrations as nameless rows (side,
status, role), so the counts and the balance of sides stay true; endorsements, which hang on
those nameless rows, so each recommendation keeps its per-side counts; sessions (titles, times,
agendas) and their notes' text; recommendations with their positions and history; the record
of each briefing export (format, fingerprint); the public digest. The audit log is append-only
and never held personal data in its details: it stays, and records the purge.
"""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.auth.models import User
from dialogues.briefings.models import BriefingExport, BriefingRelease
from dialogues.core import audit
from dialogues.core.errors import Conflict
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme, ProgrammeStatus, StaffInvitation
from dialogues.recommendations.models import (
    Recommendation,
    RecommendationTransition,
    RecommendationVersion,
)
from dialogues.registrations.models import Registration
from dialogues.registrations.privacy import anonymise_registration, scrub_account
from dialogues.sessions.models import (
    Attendance,
    CalendarToken,
    DialogueSession,
    SessionChange,
    SessionNote,
)

ENDED = frozenset({ProgrammeStatus.CONCLUDED, ProgrammeStatus.ARCHIVED})


@dataclass(frozen=True)
class PurgeSummary:
    registrations: int
    accounts_erased: int
    accounts_detached: int
    attendance: int


def purge_problem(programme: Programme) -> str | None:
    """Why the programme's personal data cannot be purged yet, or None."""
    if programme.status not in ENDED:
        return _("Only a concluded or archived programme can be purged. Conclude it first.")
    return None


def purge_personal_data(programme: Programme, actor: User | None) -> PurgeSummary:
    """Purge the programme's personal data (see the module); refuses while it is not over."""
    if problem := purge_problem(programme):
        raise Conflict(problem)
    registrations = list(
        db.session.scalars(sa.select(Registration).filter_by(programme_id=programme.id))
    )
    people = {registration.user for registration in registrations if registration.user}
    for registration in registrations:
        anonymise_registration(registration)
    db.session.flush()
    erased = [person for person in people if _belongs_nowhere_else(person)]
    for person in erased:
        scrub_account(person)
    attendance = _forget_who_did_what(programme)
    summary = PurgeSummary(len(registrations), len(erased), len(people) - len(erased), attendance)
    audit.record("programme.purge_personal_data", programme, actor=actor, **vars(summary))
    return summary


def _belongs_nowhere_else(user: User) -> bool:
    """A participant with no other registration, no staff role and no administrator's right."""
    if user.is_admin:
        return False
    registered = sa.select(Registration.id).where(Registration.user_id == user.id)
    staffed = sa.select(Membership.id).where(Membership.user_id == user.id)
    return not db.session.scalar(sa.select(sa.or_(sa.exists(registered), sa.exists(staffed))))


def _forget_who_did_what(programme: Programme) -> int:
    sessions = sa.select(DialogueSession.id).where(DialogueSession.programme_id == programme.id)
    recommendations = sa.select(Recommendation.id).where(
        Recommendation.programme_id == programme.id
    )
    attendance = db.session.execute(
        sa.delete(Attendance).where(Attendance.session_id.in_(sessions))
    )
    for model, column, owner in (
        (SessionNote, "author_id", SessionNote.session_id.in_(sessions)),
        (SessionNote, "speaker_id", SessionNote.session_id.in_(sessions)),
        (SessionChange, "actor_id", SessionChange.session_id.in_(sessions)),
        (Recommendation, "author_id", Recommendation.programme_id == programme.id),
        (
            RecommendationVersion,
            "editor_id",
            RecommendationVersion.recommendation_id.in_(recommendations),
        ),
        (
            RecommendationTransition,
            "actor_id",
            RecommendationTransition.recommendation_id.in_(recommendations),
        ),
        (
            BriefingRelease,
            "approved_by_id",
            BriefingRelease.side_id.in_([s.id for s in programme.sides]),
        ),
    ):
        db.session.execute(sa.update(model).where(owner).values({column: None}))
    db.session.execute(
        sa.update(BriefingExport)
        .where(BriefingExport.programme_id == programme.id)
        .values(actor_id=None, recipient="")
    )
    _delete_invitations_and_feeds(programme)
    db.session.expire_all()  # the bulk changes above bypass the objects already loaded
    return attendance.rowcount


def _delete_invitations_and_feeds(programme: Programme) -> None:
    memberships = sa.select(Membership.id).where(Membership.programme_id == programme.id)
    db.session.execute(
        sa.delete(StaffInvitation).where(StaffInvitation.membership_id.in_(memberships))
    )
    db.session.execute(sa.delete(CalendarToken).where(CalendarToken.programme_id == programme.id))
