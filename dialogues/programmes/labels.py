"""What people read for the stored values: kinds, rules, statuses, roles."""

KINDS = {
    "cultural_exchange": "Cultural exchange",
    "student_exchange": "Student exchange",
    "dialogue_series": "Dialogue series",
    "track_1_5": "Track 1.5",
}
CONFIDENTIALITY = {
    "chatham_house": "Chatham House rule",
    "off_the_record": "Off the record",
    "on_record": "On the record",
}
CONFIDENTIALITY_TEXT = {
    "chatham_house": (
        "What is said may be used, but neither the identity nor the affiliation of the speaker, "
        "nor that of any other participant, may be revealed."
    ),
    "off_the_record": "Nothing said may be used outside the room; notes are never exported.",
    "on_record": "Attribution is allowed, with each named person's consent.",
}
STATUSES = {
    "draft": "Draft",
    "registration_open": "Registration open",
    "running": "Running",
    "concluded": "Concluded",
    "archived": "Archived",
}
ROLES = {
    "coordinator": "Coordinator",
    "facilitator": "Facilitator",
    "liaison": "Government liaison",
}
ALL = {"kind": KINDS, "confidentiality": CONFIDENTIALITY, "status": STATUSES, "role": ROLES}


def label(value, group: str) -> str:
    """The label of a stored value (an enum member or its string), e.g. ``label(kind, "kind")``."""
    value = getattr(value, "value", value)
    return ALL[group].get(value, str(value).replace("_", " "))
