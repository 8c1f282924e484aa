"""Scheduling, changing and cancelling sessions: the rules the pages, the API and the CLI share.

Each operation checks everything first (``ValidationFailed`` 422, ``SessionConflict`` 409), then
writes, keeps the history in ``SessionChange``, records the audit event and sends the notices.
"""

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user

from dialogues.auth.models import User
from dialogues.core import audit
from dialogues.core.errors import Conflict, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Confidentiality, Programme
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions import notices
from dialogues.sessions.conflicts import Clash, SessionConflict, Slot, find_clashes
from dialogues.sessions.inputs import SessionInput, check_input, input_from_session
from dialogues.sessions.models import (
    Attendance,
    AttendanceStatus,
    DialogueSession,
    SessionChange,
    SessionChangeKind,
    SessionFormat,
)

MOVING_FIELDS = ("starts_at", "ends_at", "venue")
CALENDAR_FIELDS = ("title", "online_url", "agenda", "confidentiality")
# What the invited are told of as a move: for an online session the link is its place.
TOLD_FIELDS = (*MOVING_FIELDS, "online_url")
# What raises SEQUENCE: whatever the calendar file shows, and who is invited (the file sent to
# someone invited or uninvited changes its STATUS, which must raise it: RFC 5546 §2.1.4).
REVISING_FIELDS = (*MOVING_FIELDS, *CALENDAR_FIELDS, "participant_ids")
# Rows kept when someone is no longer invited: what happened in the room stays recorded.
RECORDED = frozenset({AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT})


@dataclass
class Outcome:
    dialogue_session: DialogueSession
    warnings: list[str] = field(default_factory=list)
    allowed_clashes: list[Clash] = field(default_factory=list)


def create_session(programme: Programme, data: SessionInput) -> Outcome:
    checked = check_input(programme, data)
    if checked.errors:
        raise ValidationFailed(checked.errors)
    invitees = _registrations(programme, data.participant_ids)
    facilitators = _users(data.facilitator_ids)
    clashes = find_clashes(_slot(programme, data, facilitators, invitees))
    if clashes and not data.allow_conflicts:
        raise SessionConflict(clashes)
    dialogue_session = DialogueSession(programme=programme, facilitators=facilitators)
    _apply(dialogue_session, data)
    dialogue_session.attendances = [Attendance(registration=r) for r in invitees]
    db.session.add(dialogue_session)
    _history(dialogue_session, SessionChangeKind.CREATED)
    audit.record("session.create", dialogue_session, **_clash_detail(clashes))
    notices.notify(dialogue_session, invitees, "scheduled")
    return Outcome(dialogue_session, checked.warnings, clashes)


def update_session(dialogue_session: DialogueSession, **changes) -> Outcome:
    """Change any fields of ``SessionInput``; a new time or venue is a move. The invited are
    told of a move or a new online link; SEQUENCE grows with any change the calendar file shows
    and when invitations are added or removed."""
    if dialogue_session.is_cancelled:
        raise Conflict(_("This session was cancelled; it can no longer be changed."))
    programme = dialogue_session.programme
    before = input_from_session(dialogue_session)
    data = before.merged(**changes)
    checked = check_input(programme, data, current=dialogue_session)
    if checked.errors:
        raise ValidationFailed(checked.errors)
    current = _current_invitees(dialogue_session)
    invitees = (
        current if data.participant_ids is None else _registrations(programme, data.participant_ids)
    )
    facilitators = _users(data.facilitator_ids)
    clashes = _new_clashes(dialogue_session, before, data, facilitators, current, invitees)
    if clashes and not data.allow_conflicts:
        raise SessionConflict(clashes)
    changed = _changed_fields(before, data, facilitators, dialogue_session, invitees)
    if changed:
        _record_update(dialogue_session, data, facilitators, changed, clashes)
        explicit = data.participant_ids is not None
        previous = before if _touches(changed, TOLD_FIELDS) else None
        _reinvite(dialogue_session, current, invitees, explicit=explicit, previous=previous)
    return Outcome(dialogue_session, checked.warnings, clashes)


def cancel_session(dialogue_session: DialogueSession) -> DialogueSession:
    if dialogue_session.is_cancelled:
        raise Conflict(_("This session is already cancelled."))
    _history(dialogue_session, SessionChangeKind.CANCELLED)
    dialogue_session.cancelled_at = utcnow()
    dialogue_session.sequence += 1
    audit.record("session.cancel", dialogue_session)
    notices.notify(dialogue_session, _current_invitees(dialogue_session), "cancelled")
    return dialogue_session


# -- writing -------------------------------------------------------------------------------------


def _apply(dialogue_session: DialogueSession, data: SessionInput) -> None:
    dialogue_session.title = data.title.strip()
    dialogue_session.format = SessionFormat(data.format)
    dialogue_session.starts_at = data.starts_at
    dialogue_session.ends_at = data.ends_at
    dialogue_session.venue = data.venue.strip()
    dialogue_session.online_url = data.online_url.strip()
    dialogue_session.agenda = data.agenda
    rule = data.confidentiality
    dialogue_session.confidentiality_override = Confidentiality(rule) if rule else None


def _history(dialogue_session: DialogueSession, kind: SessionChangeKind) -> None:
    created = kind == SessionChangeKind.CREATED
    db.session.add(
        SessionChange(
            dialogue_session=dialogue_session,
            kind=kind,
            actor_id=_actor_id(),
            previous_starts_at=None if created else dialogue_session.starts_at,
            previous_ends_at=None if created else dialogue_session.ends_at,
            previous_venue=None if created else dialogue_session.venue,
        )
    )


def _record_update(dialogue_session, data, facilitators, changed, clashes) -> None:
    kind = (
        SessionChangeKind.MOVED if _touches(changed, MOVING_FIELDS) else SessionChangeKind.UPDATED
    )
    _history(dialogue_session, kind)
    _apply(dialogue_session, data)
    dialogue_session.facilitators = facilitators
    if _touches(changed, REVISING_FIELDS):
        dialogue_session.sequence += 1
    audit.record(
        f"session.{kind.value}", dialogue_session, fields=changed, **_clash_detail(clashes)
    )


def _reinvite(dialogue_session, current: list[Registration], invitees, *, explicit, previous):
    """Bring the invitations in line with ``invitees`` (when given) and tell whom it concerns;
    ``previous`` is the time and place before a move."""
    added, removed = _sync_invitations(dialogue_session, invitees) if explicit else ([], [])
    gone = {r.id for r in removed}
    if previous is not None:
        staying = [r for r in current if r.id not in gone]
        notices.notify(dialogue_session, staying, "moved", previous=previous)
    notices.notify(dialogue_session, [r for r in current if r.id in gone], "uninvited")
    notices.notify(dialogue_session, added, "scheduled")


def _sync_invitations(dialogue_session, invitees: list[Registration]):
    wanted = {r.id for r in invitees}
    removed = []
    for attendance in list(dialogue_session.attendances):
        if attendance.registration_id not in wanted and attendance.status not in RECORDED:
            removed.append(attendance.registration)
            dialogue_session.attendances.remove(attendance)
    present = {a.registration_id for a in dialogue_session.attendances}
    added = [r for r in invitees if r.id not in present]
    dialogue_session.attendances.extend(Attendance(registration=r) for r in added)
    db.session.flush()
    return added, removed


def _clash_detail(clashes: list[Clash]) -> dict:
    if not clashes:
        return {}
    return {"allowed_conflicts": [[c.dialogue_session.id, c.reason] for c in clashes]}


# -- reading -------------------------------------------------------------------------------------


def _registrations(programme: Programme, ids) -> list[Registration]:
    query = sa.select(Registration).where(Registration.programme_id == programme.id)
    if ids is None:
        query = query.where(Registration.status == RegistrationStatus.ACCEPTED)
    else:
        query = query.where(Registration.id.in_(set(ids)))
    return list(db.session.scalars(query.order_by(Registration.id)))


def _current_invitees(dialogue_session: DialogueSession) -> list[Registration]:
    """Invited participants who have not declined and are still accepted: one who withdrew or
    was declined since is told nothing more of the session, nor counted for its clashes."""
    return [
        a.registration
        for a in dialogue_session.attendances
        if a.status != AttendanceStatus.DECLINED
        and a.registration.status == RegistrationStatus.ACCEPTED
    ]


def _users(ids) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(sa.select(User).where(User.id.in_(set(ids))).order_by(User.id)))


def _slot(programme, data: SessionInput, facilitators, invitees, session_id=None) -> Slot:
    return Slot(
        programme_id=programme.id,
        starts_at=data.starts_at,
        ends_at=data.ends_at,
        venue=data.venue,
        facilitator_ids=frozenset(user.id for user in facilitators),
        participant_user_ids=frozenset(r.user_id for r in invitees if r.user_id is not None),
        session_id=session_id,
    )


def _new_clashes(dialogue_session, before, data, facilitators, current, invitees) -> list[Clash]:
    """Clashes the change would create; ones already allowed before are not asked about again."""
    programme, session_id = dialogue_session.programme, dialogue_session.id
    old = find_clashes(_slot(programme, before, dialogue_session.facilitators, current, session_id))
    new = find_clashes(_slot(programme, data, facilitators, invitees, session_id))
    known = {_key(clash) for clash in old}
    return [clash for clash in new if _key(clash) not in known]


def _key(clash: Clash) -> tuple:
    return (clash.dialogue_session.id, clash.reason, clash.user_id)


def _changed_fields(before, data, facilitators, dialogue_session, invitees) -> list[str]:
    names = [*MOVING_FIELDS, *CALENDAR_FIELDS, "format"]
    changed = [
        name for name in names if _normal(getattr(before, name)) != _normal(getattr(data, name))
    ]
    if {u.id for u in facilitators} != {u.id for u in dialogue_session.facilitators}:
        changed.append("facilitator_ids")
    invited = {a.registration_id for a in dialogue_session.attendances}
    if data.participant_ids is not None and {r.id for r in invitees} != invited:
        changed.append("participant_ids")
    return changed


def _actor_id() -> int | None:
    if has_request_context() and current_user.is_authenticated:
        return current_user.id
    return None


def _normal(value):
    return value.strip() if isinstance(value, str) else value


def _touches(changed: list[str], fields: tuple[str, ...]) -> bool:
    return any(name in fields for name in changed)
