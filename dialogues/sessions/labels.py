"""What a session's format, rule, attendance and changes are called on pages and in emails.

The stored values stay English identifiers; these lazy labels are shown in the reader's language.
"""

from flask_babel import lazy_gettext as _l

from dialogues.sessions.models import AttendanceStatus, SessionChangeKind, SessionFormat

FORMAT_LABELS = {
    SessionFormat.PLENARY: _l("Plenary"),
    SessionFormat.WORKING_GROUP: _l("Working group"),
    SessionFormat.BILATERAL: _l("Bilateral"),
    SessionFormat.SITE_VISIT: _l("Site visit"),
    SessionFormat.SOCIAL: _l("Social"),
}
RULE_LABELS = {
    "chatham_house": _l("Chatham House"),
    "off_the_record": _l("Off the record"),
    "on_record": _l("On the record"),
}
ATTENDANCE_LABELS = {
    AttendanceStatus.INVITED: _l("invited"),
    AttendanceStatus.CONFIRMED: _l("confirmed"),
    AttendanceStatus.DECLINED: _l("declined"),
    AttendanceStatus.ATTENDED: _l("attended"),
    AttendanceStatus.ABSENT: _l("absent"),
}
CHANGE_LABELS = {
    SessionChangeKind.CREATED: _l("created"),
    SessionChangeKind.UPDATED: _l("updated"),
    SessionChangeKind.MOVED: _l("moved"),
    SessionChangeKind.CANCELLED: _l("cancelled"),
}


def session_labels() -> dict:
    """The label tables, for templates (``format_labels[s.format]``)."""
    return {
        "format_labels": FORMAT_LABELS,
        "rule_labels": RULE_LABELS,
        "attendance_labels": ATTENDANCE_LABELS,
        "change_labels": CHANGE_LABELS,
    }
