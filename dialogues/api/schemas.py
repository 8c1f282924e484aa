"""Schemas of the shared plumbing: the error body, tokens and the signed-in user."""

from marshmallow import INCLUDE, Schema, fields, validate

from dialogues.api.fields import Instant, TimeZone
from dialogues.api.pagination import PageQuery
from dialogues.api.tokens import TokenState


class ErrorDetailSchema(Schema):
    class Meta:
        unknown = INCLUDE  # some errors say more, e.g. a 409's "conflicts"

    code = fields.String(required=True, metadata={"example": "validation_error"})
    message = fields.String(required=True)
    field_messages = fields.Dict(
        data_key="fields",
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Messages per field; nested fields are dotted: sides.0.name"},
    )


class ErrorSchema(Schema):
    """Every error answer: ``{"error": {"code", "message", "fields"?}}``."""

    error = fields.Nested(ErrorDetailSchema, required=True)


class TokenRequestSchema(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=1024))
    otp = fields.String(
        validate=validate.Length(max=32),
        metadata={"description": "The two-factor code (or a recovery code) of accounts using it."},
    )
    name = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A label to recognise the token by later, e.g. 'CRM sync'."},
    )


class TokenSchema(Schema):
    token = fields.String(required=True, metadata={"description": "Shown once; send it as Bearer."})
    expires_at = Instant(required=True)


class TokenInfoSchema(Schema):
    """A token as its owner sees it later: never the secret."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)
    created_at = Instant(required=True)
    expires_at = Instant(required=True)
    last_used_at = Instant(required=True, allow_none=True)
    revoked_at = Instant(required=True, allow_none=True)


class TokenListQuery(PageQuery):
    state = fields.Enum(TokenState, by_value=True)


class MeSchema(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True)
    is_admin = fields.Boolean(required=True)
    timezone = TimeZone(required=True)
