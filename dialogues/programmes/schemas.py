"""Schemas of the programmes API: the shapes of bodies and answers.

The schemas check types and document the API; the rules (dates in order, two sides, unique
names, capacities) live in the operations, which word the messages the pages show too.
"""

from marshmallow import Schema, fields, validate

from dialogues.api import CountryCode, Id, Instant, PageQuery, TimeZone
from dialogues.programmes.models import (
    Confidentiality,
    MemberRole,
    ProgrammeKind,
    ProgrammeStatus,
)
from dialogues.programmes.validation import MAX_CAPACITY, PROGRAMME_REQUIRED, SIDE_REQUIRED


def _required(message: str) -> dict:
    return {"required": True, "error_messages": {"required": message}}


def _text(max_length: int, **kwargs) -> fields.String:
    return fields.String(validate=validate.Length(max=max_length), **kwargs)


class ProgrammeSideSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    slug = fields.String()
    countries = fields.List(fields.String(), metadata={"description": "ISO 3166-1 alpha-2"})
    capacity = fields.Integer(allow_none=True, metadata={"description": "null: no limit"})


class ProgrammeSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    title = fields.String()
    kind = fields.Enum(ProgrammeKind, by_value=True)
    status = fields.Enum(ProgrammeStatus, by_value=True)
    description = fields.String()
    public_summary = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    timezone = TimeZone()
    confidentiality = fields.Enum(Confidentiality, by_value=True)
    registration_open = fields.Boolean()
    parity_threshold = fields.Float()
    sides = fields.List(fields.Nested(ProgrammeSideSchema))
    created_at = Instant()
    updated_at = Instant()


class ProgrammeSideInputSchema(Schema):
    id = Id(metadata={"description": "In PATCH: the side to update; leave out to add a side."})
    name = _text(120, **_required(SIDE_REQUIRED["name"]))
    countries = fields.List(CountryCode(), **_required(SIDE_REQUIRED["countries"]))
    capacity = fields.Integer(
        allow_none=True,
        validate=validate.Range(
            min=0, max=MAX_CAPACITY, error=f"Give a number of places from 0 to {MAX_CAPACITY}."
        ),
        metadata={"description": "Places for accepted participants; null for no limit."},
    )


class ProgrammeInputSchema(Schema):
    """``POST /programmes``; ``PATCH`` takes any of these fields (sides left out are kept)."""

    title = _text(200, **_required(PROGRAMME_REQUIRED["title"]))
    kind = fields.Enum(ProgrammeKind, by_value=True, **_required(PROGRAMME_REQUIRED["kind"]))
    description = _text(20_000)
    public_summary = _text(20_000)
    starts_on = fields.Date(**_required(PROGRAMME_REQUIRED["starts_on"]))
    ends_on = fields.Date(**_required(PROGRAMME_REQUIRED["ends_on"]))
    timezone = TimeZone(**_required(PROGRAMME_REQUIRED["timezone"]))
    confidentiality = fields.Enum(
        Confidentiality, by_value=True, **_required(PROGRAMME_REQUIRED["confidentiality"])
    )
    registration_open = fields.Boolean()
    status = fields.Enum(ProgrammeStatus, by_value=True)
    parity_threshold = fields.Float(validate=validate.Range(min=0, max=1))
    sides = fields.List(
        fields.Nested(ProgrammeSideInputSchema),
        **_required("A programme needs at least two sides."),
    )


class ProgrammeListQuery(PageQuery):
    status = fields.Enum(ProgrammeStatus, by_value=True)


class ProgrammeMemberInputSchema(Schema):
    email = _text(254, **_required("Enter an email address."))
    name = _text(200, allow_none=True, metadata={"description": "For a new account."})
    role = fields.Enum(MemberRole, by_value=True, **_required("Choose a role."))
    side_id = Id(allow_none=True, metadata={"description": "Required for a liaison."})


class ProgrammeMemberSchema(Schema):
    id = fields.Integer()
    user_id = fields.Integer()
    email = fields.String(attribute="user.email")
    name = fields.String(attribute="user.name")
    role = fields.Enum(MemberRole, by_value=True)
    side_id = fields.Integer(allow_none=True)
    invited = fields.Boolean(metadata={"description": "True until the person sets a password."})
