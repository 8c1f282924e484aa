"""Schemas of the sessions API: a session in and out, attendance, the calendar feed's query."""

from marshmallow import Schema, fields, validate

from dialogues.api import Id, Instant, PageQuery
from dialogues.programmes.models import Confidentiality
from dialogues.sessions.inputs import LIMITS
from dialogues.sessions.models import AttendanceStatus, SessionFormat


class SessionAttendanceSchema(Schema):
    session_id = fields.Integer(required=True)
    registration_id = fields.Integer(required=True)
    side_id = fields.Integer(required=True)
    status = fields.Enum(AttendanceStatus, by_value=True, required=True)


class SessionSideCountsSchema(Schema):
    invited = fields.Integer()
    confirmed = fields.Integer(metadata={"description": "Confirmed or attended."})
    declined = fields.Integer()
    attended = fields.Integer()
    absent = fields.Integer()


class SessionSchema(Schema):
    id = fields.Integer(required=True)
    programme_id = fields.Integer(required=True)
    title = fields.String(required=True)
    format = fields.Enum(SessionFormat, by_value=True, required=True)
    starts_at = Instant(required=True)
    ends_at = Instant(required=True)
    venue = fields.String(required=True)
    online_url = fields.String(required=True)
    confidentiality = fields.Enum(
        Confidentiality,
        by_value=True,
        required=True,
        metadata={"description": "The rule in force: the session's own, else the programme's."},
    )
    confidentiality_override = fields.Enum(Confidentiality, by_value=True, allow_none=True)
    facilitator_ids = fields.List(fields.Integer(), required=True)
    agenda = fields.String(required=True)
    status = fields.String(metadata={"description": "`scheduled` or `cancelled`."})
    cancelled_at = Instant(allow_none=True)
    sequence = fields.Integer(metadata={"description": "Grows with every change (iCalendar)."})
    my_attendance = fields.Nested(
        SessionAttendanceSchema,
        metadata={"description": "The caller's own invitation, when invited."},
    )
    invited_registration_ids = fields.List(
        fields.Integer(), metadata={"description": "For the programme's staff only."}
    )
    attendance_by_side = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(SessionSideCountsSchema),
        metadata={"description": "Counts per side id, for the programme's staff only."},
    )
    warnings = fields.List(
        fields.String(),
        metadata={"description": "What was accepted but deserves a look (outside the dates)."},
    )


class SessionInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=LIMITS["title"]))
    format = fields.Enum(SessionFormat, by_value=True, required=True)
    starts_at = Instant(required=True)
    ends_at = Instant(required=True)
    venue = fields.String(validate=validate.Length(max=LIMITS["venue"]))
    online_url = fields.String(validate=validate.Length(max=LIMITS["online_url"]))
    confidentiality = fields.Enum(
        Confidentiality,
        by_value=True,
        allow_none=True,
        metadata={"description": "Overrides the programme's rule; null returns to it."},
    )
    facilitator_ids = fields.List(Id(), validate=validate.Length(max=100))
    agenda = fields.String(validate=validate.Length(max=LIMITS["agenda"]))
    participant_ids = fields.List(
        Id(),
        validate=validate.Length(max=10_000),
        metadata={
            "description": "Registration ids of the invited participants; when scheduling, "
            "every accepted participant if left out."
        },
    )
    allow_conflicts = fields.Boolean(
        metadata={"description": "Schedule despite clashes (otherwise 409 with `conflicts`)."}
    )


class SessionListQuery(PageQuery):
    starts_after = Instant()
    starts_before = Instant()
    cancelled = fields.Boolean(metadata={"description": "Only cancelled ones, or none of them."})


class SessionAttendanceInputSchema(Schema):
    status = fields.Enum(AttendanceStatus, by_value=True, required=True)


class SessionCalendarQuery(Schema):
    token = fields.String(
        validate=validate.Length(max=128),
        metadata={"description": "The secret of a calendar feed address, for calendar apps."},
    )
