"""What people read for the stored values: kinds, rules, statuses, roles.

The stored values stay English identifiers; these lazy labels are shown in the reader's language.
"""

from flask_babel import lazy_gettext as _l

KINDS = {
    "cultural_exchange": _l("Cultural exchange"),
    "student_exchange": _l("Student exchange"),
    "dialogue_series": _l("Dialogue series"),
    "track_1_5": _l("Track 1.5"),
}
CONFIDENTIALITY = {
    "chatham_house": _l("Chatham House rule"),
    "off_the_record": _l("Off the record"),
    "on_record": _l("On the record"),
}
CONFIDENTIALITY_TEXT = {
    "chatham_house": _l(
        "What is said may be used, but neither the identity nor the affiliation of the speaker, "
        "nor that of any other participant, may be revealed."
    ),
    "off_the_record": _l("Nothing said may be used outside the room; notes are never exported."),
    "on_record": _l("Attribution is allowed, with each named person's consent."),
}
STATUSES = {
    "draft": _l("Draft"),
    "registration_open": _l("Registration open"),
    "running": _l("Running"),
    "concluded": _l("Concluded"),
    "archived": _l("Archived"),
}
ROLES = {
    "coordinator": _l("Coordinator"),
    "facilitator": _l("Facilitator"),
    "liaison": _l("Government liaison"),
}
ALL = {"kind": KINDS, "confidentiality": CONFIDENTIALITY, "status": STATUSES, "role": ROLES}


def label(value, group: str) -> str:
    """The label of a stored value (an enum member or its string), e.g. ``label(kind, "kind")``."""
    value = getattr(value, "value", value)
    return str(ALL[group].get(value, str(value).replace("_", " ")))
