"""Schemas of the recommendations API. Endorsements appear as counts per side, never as people."""

from marshmallow import Schema, fields, validate

from dialogues.api import Id, Instant, PageQuery
from dialogues.recommendations.models import Agreement, RecommendationStatus
from dialogues.recommendations.validation import LIMITS, MAX_PASSAGES, MAX_TOPICS


class RecommendationPositionSchema(Schema):
    side_id = Id(required=True)
    text = fields.String(required=True, validate=validate.Length(max=LIMITS["text"]))


class RecommendationAlternativeSchema(Schema):
    """One side's wording of a disputed passage (shown in brackets, side by side)."""

    passage = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_PASSAGES))
    side_id = Id(required=True)
    text = fields.String(required=True, validate=validate.Length(max=LIMITS["text"]))


class RecommendationSchema(Schema):
    id = fields.Integer()
    programme_id = fields.Integer()
    author_id = fields.Integer(allow_none=True)
    title = fields.String()
    summary = fields.String()
    body = fields.String(metadata={"description": "Markdown."})
    body_html = fields.String(metadata={"description": "The body rendered as sanitised HTML."})
    status = fields.Enum(RecommendationStatus, by_value=True)
    version = fields.Integer()
    agreement = fields.Enum(Agreement, by_value=True)
    topics = fields.List(fields.String())
    addressed_to = fields.List(fields.Integer(), metadata={"description": "Side ids."})
    session_ids = fields.List(fields.Integer())
    positions = fields.List(fields.Nested(RecommendationPositionSchema))
    alternatives = fields.List(fields.Nested(RecommendationAlternativeSchema))
    endorsements = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Endorsements per side id, every side, zeros included."},
    )
    backed_across_sides = fields.Boolean(
        metadata={"description": "Every side has at least the programme's threshold endorsing."}
    )
    created_at = Instant()
    updated_at = Instant()
    published_at = Instant(allow_none=True)


class RecommendationInputSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(max=LIMITS["title"]))
    summary = fields.String(validate=validate.Length(max=LIMITS["summary"]))
    body = fields.String(validate=validate.Length(max=LIMITS["body"]))
    agreement = fields.Enum(Agreement, by_value=True, required=True)
    addressed_to = fields.List(Id(), required=True, validate=validate.Length(min=1, max=100))
    session_ids = fields.List(Id(), validate=validate.Length(max=500))
    topics = fields.List(
        fields.String(validate=validate.Length(max=LIMITS["topic"])),
        validate=validate.Length(max=MAX_TOPICS),
    )
    positions = fields.List(
        fields.Nested(RecommendationPositionSchema), validate=validate.Length(max=100)
    )
    alternatives = fields.List(
        fields.Nested(RecommendationAlternativeSchema), validate=validate.Length(max=1000)
    )


class RecommendationTransitionSchema(Schema):
    to = fields.Enum(RecommendationStatus, by_value=True, required=True)
    comment = fields.String(validate=validate.Length(max=5_000))


class RecommendationEndorsementsSchema(Schema):
    endorsements = fields.Dict(keys=fields.String(), values=fields.Integer())
    backed_across_sides = fields.Boolean()


class RecommendationListQuery(PageQuery):
    status = fields.Enum(RecommendationStatus, by_value=True)
    agreement = fields.Enum(Agreement, by_value=True)
    side_id = Id(metadata={"description": "Addressed to this side."})
    topic = fields.String(validate=validate.Length(max=LIMITS["topic"]))
    session_id = Id()
    q = fields.String(
        validate=validate.Length(max=200),
        metadata={"description": "Full-text search in any script; every word must occur."},
    )
