"""The recommendations API: filing, reading, editing, the workflow, endorsing.

Same operations and permission methods as the pages. Endorsements are counts per side only.
"""

from flask import jsonify
from flask_login import current_user

from dialogues.api import Blueprint, get_or_404, page_of
from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.markdown import render_markdown
from dialogues.programmes.models import Programme
from dialogues.programmes.queries import programme_or_404
from dialogues.recommendations import answers, endorsements, operations, queries
from dialogues.recommendations.models import Recommendation, can_file_recommendation
from dialogues.recommendations.schemas import (
    RecommendationEndorsementsSchema,
    RecommendationInputSchema,
    RecommendationListQuery,
    RecommendationSchema,
    RecommendationTransitionSchema,
)
from dialogues.recommendations.versions import snapshot

blp = Blueprint(
    "recommendations_api",
    __name__,
    description="Recommendations: each side's position, workflow, versions, endorsements per side.",
)
QUERY_NAMES = {"side_id": "side", "session_id": "session"}


def present(recommendation: Recommendation, backing: endorsements.Backing) -> dict:
    """The answer for one recommendation (a page is built from rows by ``answers``)."""
    return {
        **snapshot(recommendation),
        "id": recommendation.id,
        "programme_id": recommendation.programme_id,
        "author_id": recommendation.author_id,
        "body_html": str(render_markdown(recommendation.body)),
        "status": recommendation.status,
        "version": recommendation.version,
        "agreement": recommendation.agreement,
        "endorsements": backing.as_json(),
        "backed_across_sides": backing.is_across_sides,
        "created_at": recommendation.created_at,
        "updated_at": recommendation.updated_at,
        "published_at": recommendation.published_at,
    }


def _present_one(recommendation: Recommendation) -> dict:
    return present(recommendation, endorsements.backing(recommendation))


def _filters(programme: Programme, query: dict) -> queries.Filters:
    paging = {"page", "per_page"}
    args = {QUERY_NAMES.get(k, k): str(v) for k, v in query.items() if k not in paging}
    try:
        return queries.parse_filters(programme, args)
    except ValidationFailed as error:
        names = {v: k for k, v in QUERY_NAMES.items()}
        raise ValidationFailed({names.get(k, k): v for k, v in error.fields.items()}) from error


@blp.route("/programmes/<id:programme_id>/recommendations")
@blp.login_required
@blp.arguments(RecommendationListQuery, location="query", deferred=True)
@blp.response(200, page_of(RecommendationSchema))
@blp.errors(403, 404)
def list_recommendations(query, programme_id):
    """The programme's recommendations (members; drafts only to their author and coordinators),
    filtered, and ranked by relevance when ``q`` is given."""
    programme = programme_or_404(programme_id)
    require(programme.can_read_content(current_user))
    query = query.read()
    filters = _filters(programme, query)
    # Read as rows and written as RecommendationSchema dumps it (the decorator still documents
    # the answer): ORM objects and the schema's per-field dispatch cost most of a page of 50.
    return jsonify(answers.recommendation_page(programme, current_user, filters, query))


@blp.route("/programmes/<id:programme_id>/recommendations", methods=["POST"])
@blp.login_required
@blp.arguments(RecommendationInputSchema, deferred=True)
@blp.response(201, RecommendationSchema)
@blp.errors(403, 404)
def create_recommendation(body, programme_id):
    """File a draft (facilitators and coordinators)."""
    programme = programme_or_404(programme_id)
    require(can_file_recommendation(programme, current_user))
    recommendation = operations.create_recommendation(programme, current_user, _plain(body.read()))
    return _present_one(recommendation)


@blp.route("/recommendations/<id:recommendation_id>")
@blp.login_required
@blp.response(200, RecommendationSchema)
@blp.errors(403, 404)
def get_recommendation(recommendation_id):
    recommendation = get_or_404(Recommendation, recommendation_id)
    require(recommendation.can_view(current_user))
    return _present_one(recommendation)


@blp.route("/recommendations/<id:recommendation_id>", methods=["PATCH"])
@blp.login_required
@blp.arguments(RecommendationInputSchema(partial=True), deferred=True)
@blp.response(200, RecommendationSchema)
@blp.errors(403, 404)
def update_recommendation(body, recommendation_id):
    """Edit (its author in draft or returned; coordinators in any state but withdrawn). A
    change makes a new version; a change to the wording clears the endorsements."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    require(recommendation.can_view(current_user))
    operations.ensure_editable(recommendation, current_user)
    operations.update_recommendation(recommendation, current_user, _plain(body.read()))
    return _present_one(recommendation)


@blp.route("/recommendations/<id:recommendation_id>/transition", methods=["POST"])
@blp.login_required
@blp.arguments(RecommendationTransitionSchema, deferred=True)
@blp.response(200, RecommendationSchema)
@blp.errors(403, 404, 409)
def transition_recommendation(body, recommendation_id):
    """Move through the workflow; a move the workflow lacks from this state → 409."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    require(recommendation.can_move_through_workflow(current_user))
    body = body.read()
    operations.transition(recommendation, current_user, body["to"].value, body.get("comment"))
    return _present_one(recommendation)


@blp.route("/recommendations/<id:recommendation_id>/endorsements", methods=["POST"])
@blp.login_required
@blp.response(201, RecommendationEndorsementsSchema)
@blp.errors(403, 404, 409)
def endorse_recommendation(recommendation_id):
    """Endorse (accepted participants; once). The answer holds counts per side only."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    require(recommendation.can_view(current_user))
    endorsements.endorse(recommendation, current_user)
    return _counts(recommendation)


@blp.route("/recommendations/<id:recommendation_id>/endorsements", methods=["DELETE"])
@blp.login_required
@blp.response(200, RecommendationEndorsementsSchema)
@blp.errors(403, 404, 409)
def withdraw_endorsement(recommendation_id):
    """Withdraw one's own endorsement."""
    recommendation = get_or_404(Recommendation, recommendation_id)
    require(recommendation.can_view(current_user))
    endorsements.withdraw(recommendation, current_user)
    return _counts(recommendation)


def _counts(recommendation: Recommendation) -> dict:
    backing = endorsements.backing(recommendation)
    return {"endorsements": backing.as_json(), "backed_across_sides": backing.is_across_sides}


def _plain(body: dict) -> dict:
    """Enums back to their values, as the operations take plain data."""
    return {key: getattr(value, "value", value) for key, value in body.items()}
