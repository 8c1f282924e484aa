"""Schemas of the briefings API."""

from marshmallow import Schema, fields, validate

from dialogues.briefings.models import BriefingFormat
from dialogues.core.i18n import LANGUAGES


class BriefingQuery(Schema):
    format = fields.Enum(
        BriefingFormat,
        by_value=True,
        load_default=BriefingFormat.PDF,
        metadata={"description": "pdf (default), docx, html, md or json"},
    )
    recipient = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Coordinators only: the recipient named on every page."},
    )
    language = fields.String(
        load_default="en",
        validate=validate.OneOf(list(LANGUAGES)),
        metadata={
            "description": "The language of the file's headings and labels: en (default), zh, "
            "ru or ar. The content (titles, summaries, positions) stays as written; JSON keys "
            "stay English."
        },
    )


class DigestSideSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    countries = fields.List(fields.String())


class DigestProgrammeSchema(Schema):
    title = fields.String()
    description = fields.String()
    public_summary = fields.String()
    starts_on = fields.String()
    ends_on = fields.String()
    sides = fields.List(fields.Nested(DigestSideSchema))


class DigestPositionSchema(Schema):
    side_id = fields.Integer()
    side = fields.String()
    text = fields.String()


class DigestRecommendationSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    summary = fields.String()
    body = fields.String(metadata={"description": "Markdown"})
    agreement = fields.String()
    topics = fields.List(fields.String())
    addressed_to = fields.List(fields.String(), metadata={"description": "side names"})
    positions = fields.List(fields.Nested(DigestPositionSchema))
    endorsements = fields.Dict(keys=fields.String(), values=fields.Integer())
    published_at = fields.String()


class DigestSchema(Schema):
    programme = fields.Nested(DigestProgrammeSchema)
    recommendations = fields.List(fields.Nested(DigestRecommendationSchema))
