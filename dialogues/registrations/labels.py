"""What a registration's status and a participant's role are called on the pages.

The stored values stay English identifiers; these lazy labels are shown in the reader's language.
"""

from flask_babel import lazy_gettext as _l

from dialogues.registrations.models import ParticipantRole, RegistrationStatus

STATUS_LABELS = {
    RegistrationStatus.PENDING: _l("pending"),
    RegistrationStatus.ACCEPTED: _l("accepted"),
    RegistrationStatus.WAITLISTED: _l("waitlisted"),
    RegistrationStatus.DECLINED: _l("declined"),
    RegistrationStatus.WITHDRAWN: _l("withdrawn"),
}
ROLE_LABELS = {
    ParticipantRole.ACADEMIC: _l("Academic"),
    ParticipantRole.FORMER_OFFICIAL: _l("Former official"),
    ParticipantRole.OFFICIAL_PERSONAL_CAPACITY: _l("Serving official (personal capacity)"),
    ParticipantRole.JOURNALIST: _l("Journalist"),
    ParticipantRole.STUDENT: _l("Student"),
    ParticipantRole.CIVIL_SOCIETY: _l("Civil society"),
    ParticipantRole.OTHER: _l("Other"),
}
# What the desk's buttons say for each decision.
DECISION_LABELS = {
    "accepted": _l("Accept"),
    "waitlisted": _l("Waitlist"),
    "declined": _l("Decline"),
    "pending": _l("Reopen"),  # a withdrawn registration, pending again
}


def status_label(status) -> str:
    """The status in the reader's language (an unknown value is shown as it is)."""
    try:
        return str(STATUS_LABELS[RegistrationStatus(str(status))])
    except ValueError:
        return str(status)
