"""A last look before export: does the briefing's free text mention a person of the programme?

The builder never copies a person into a briefing, but titles, summaries and positions are
written by people and may name someone ("as Dr Li argued"). The coordinator's preview lists any
participant's or staff member's name, email or affiliation found in that text, in any script, so
it can be edited out before the briefing leaves the app.
"""

import sqlalchemy as sa

from dialogues.auth.models import User
from dialogues.briefings.document import Briefing
from dialogues.extensions import db
from dialogues.programmes.models import Membership, Programme
from dialogues.registrations.models import Registration
from dialogues.sessions.notes import identities_in


def _people(programme: Programme) -> list[tuple[str, str, str]]:
    """(name, email, affiliation) of everyone registered for or staffing the programme."""
    registered = db.session.execute(
        sa.select(User.name, User.email, Registration.affiliation)
        .join(User, User.id == Registration.user_id)
        .where(Registration.programme_id == programme.id)
    ).all()
    staff = db.session.execute(
        sa.select(User.name, User.email, sa.literal(""))
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.programme_id == programme.id)
    ).all()
    return [(name or "", email or "", affiliation or "") for name, email, affiliation in
            [*registered, *staff]]  # fmt: skip


def _texts(briefing: Briefing) -> str:
    parts = [session.title for session in briefing.held_sessions]
    for recommendation in briefing.recommendations:
        parts += [recommendation.title, recommendation.summary, *recommendation.topics]
        parts += [position.text for position in recommendation.positions if position.text]
    return "\n".join(parts)


def mentioned_people(programme: Programme, briefing: Briefing) -> list[str]:
    """Names, emails and affiliations the briefing's text mentions (for coordinators' eyes)."""
    text = _texts(briefing)
    people = _people(programme)
    found = identities_in(text, [(name, affiliation) for name, _email, affiliation in people])
    folded = text.casefold()
    found += [email for _name, email, _aff in people if email and email.casefold() in folded]
    return list(dict.fromkeys(found))
