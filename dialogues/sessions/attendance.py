"""Attendance: participants answer their invitations, facilitators record who came.

Also the counts per side that show whether a room is balanced: per session (one query for any
number of sessions) and per programme (``programme_attendance``, used by the dashboard).
"""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _

from dialogues.core import audit
from dialogues.core.errors import Conflict, Forbidden, ValidationFailed
from dialogues.core.models import utcnow
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.registrations.balance import parity
from dialogues.registrations.models import Registration, RegistrationStatus
from dialogues.sessions.models import ANSWERS, Attendance, AttendanceStatus, DialogueSession

RECORDED = frozenset({AttendanceStatus.ATTENDED, AttendanceStatus.ABSENT})


def set_attendance(dialogue_session: DialogueSession, registration: Registration, status, user):
    """Set one participant's attendance, as ``user`` may; returns the Attendance row."""
    status = _status(status)
    if dialogue_session.is_cancelled:
        raise Conflict(_("This session was cancelled."))
    attendance = _find(dialogue_session, registration) or _walk_in(
        dialogue_session, registration, user
    )
    if not attendance.can_set(user, status):
        raise Forbidden(_("You may only confirm or decline your own invitation."))
    _check_timing(dialogue_session, attendance, status, user)
    if attendance.status != status:
        attendance.status = status
        db.session.flush()
        audit.record(
            "attendance.set",
            attendance,
            status=status.value,
            session_id=dialogue_session.id,
            programme_id=dialogue_session.programme_id,
        )
    return attendance


def _status(value) -> AttendanceStatus:
    try:
        return AttendanceStatus(value)
    except ValueError:
        choices = ", ".join(s.value for s in AttendanceStatus)
        raise ValidationFailed(
            {"status": [_("Choose one of: %(choices)s.", choices=choices)]}
        ) from None


def _find(dialogue_session, registration) -> Attendance | None:
    return next(
        (a for a in dialogue_session.attendances if a.registration_id == registration.id), None
    )


def _walk_in(dialogue_session, registration, user) -> Attendance:
    """Staff may record someone who came without an invitation; participants may not."""
    if not dialogue_session.can_record_attendance(user):
        raise Forbidden(_("You are not invited to this session."))
    accepted = registration.status == RegistrationStatus.ACCEPTED
    if registration.programme_id != dialogue_session.programme_id or not accepted:
        raise ValidationFailed(
            {"registration_id": [_("Not an accepted participant of this programme.")]}
        )
    attendance = Attendance(registration=registration, status=AttendanceStatus.INVITED)
    dialogue_session.attendances.append(attendance)
    db.session.flush()
    return attendance


def _check_timing(dialogue_session, attendance, status, user) -> None:
    if status in RECORDED and dialogue_session.starts_at > utcnow():
        raise ValidationFailed(
            {"status": [_("Attendance can be recorded once the session has started.")]}
        )
    staff = dialogue_session.can_record_attendance(user)
    if not staff and attendance.status in RECORDED:
        raise Conflict(_("The facilitators have already recorded your attendance."))
    if not staff and status in ANSWERS and dialogue_session.ends_at <= utcnow():
        raise Conflict(_("This session is over; it can no longer be confirmed or declined."))


# -- counts per side -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SideAttendance:
    side_id: int
    name: str
    counts: Counter

    @property
    def invited(self) -> int:
        return invited_count(self.counts)

    @property
    def confirmed(self) -> int:
        return confirmed_count(self.counts)

    def count(self, status: str) -> int:
        return self.counts[status]


@dataclass(frozen=True)
class RoomBalance:
    sides: list[SideAttendance]
    threshold: float

    @property
    def invited_parity(self) -> float:
        return parity([side.invited for side in self.sides])

    @property
    def confirmed_parity(self) -> float:
        return parity([side.confirmed for side in self.sides])

    @property
    def is_lopsided(self) -> bool:
        invited = [side.invited for side in self.sides]
        return is_lopsided(invited, [side.confirmed for side in self.sides], self.threshold)


def invited_count(counts) -> int:
    """Everyone invited, whatever they answered: ``counts`` maps a status to a number."""
    return sum(counts.values())


def confirmed_count(counts) -> int:
    """Said they would come, or came."""
    return counts.get("confirmed", 0) + counts.get("attended", 0)


def is_lopsided(invited: list[int], confirmed: list[int], threshold: float) -> bool:
    """Some side dominates the invitations, or the confirmed room (counts in the sides' order)."""
    if not any(invited):
        return False
    if parity(invited) < threshold:
        return True
    return any(confirmed) and parity(confirmed) < threshold


def session_balances(programme: Programme, session_ids: Iterable[int]) -> dict[int, RoomBalance]:
    """Counts per side and status for each session, in one query."""
    counts = session_counts(session_ids)
    sides = [(side.id, side.name) for side in programme.sides]
    threshold = programme.parity_threshold
    return {i: _balance_of(sides, threshold, per_side) for i, per_side in counts.items()}


def session_counts(session_ids: Iterable[int]) -> dict[int, dict[int, Counter]]:
    """``{session id: {side id: Counter(status value → count)}}``, in one query; sides with no
    invitation to a session are left out."""
    ids = list(session_ids)
    counts: dict[int, dict[int, Counter]] = {i: {} for i in ids}
    if ids:
        rows = db.session.execute(
            _counts_query()
            .add_columns(Attendance.session_id)
            .where(Attendance.session_id.in_(ids))
            .group_by(Attendance.session_id)
        )
        for side_id, status, count, session_id in rows:
            per_side = counts[session_id]
            if (counter := per_side.get(side_id)) is None:
                counter = per_side[side_id] = Counter()
            counter[_value(status)] += count
    return counts


def programme_attendance(programme: Programme) -> RoomBalance:
    """Totals per side over the programme's sessions that were not cancelled."""
    rows = db.session.execute(
        _counts_query()
        .join(DialogueSession, DialogueSession.id == Attendance.session_id)
        .where(
            DialogueSession.programme_id == programme.id,
            DialogueSession.cancelled_at.is_(None),
        )
    )
    per_side: dict[int, Counter] = {}
    for side_id, status, count in rows:
        per_side.setdefault(side_id, Counter())[_value(status)] += count
    return _balance(programme, per_side)


def _counts_query():
    return (
        sa.select(Registration.side_id, Attendance.status, sa.func.count())
        .join(Registration, Registration.id == Attendance.registration_id)
        .group_by(Registration.side_id, Attendance.status)
    )


def _value(status) -> str:
    return AttendanceStatus(status).value


def _balance(programme: Programme, per_side: dict[int, Counter]) -> RoomBalance:
    sides = [(side.id, side.name) for side in programme.sides]
    return _balance_of(sides, programme.parity_threshold, per_side)


def _balance_of(sides, threshold: float, per_side: dict[int, Counter]) -> RoomBalance:
    """``sides``: (id, name) pairs in the programme's order."""
    return RoomBalance(
        [SideAttendance(i, name, per_side.get(i) or Counter()) for i, name in sides], threshold
    )
