"""Pages for recommendations: the list with search, filing, the page itself, editing.

Workflow moves, endorsements and the history are in ``action_views``. Views load (404), check
the model's permission (403), then call an operation; a form shown again with errors answers 422
so nothing is kept.
"""

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.markdown import render_markdown
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.recommendations import bp, endorsements, labels, operations, queries, rows
from dialogues.recommendations.forms import (
    ActionForm,
    TransitionForm,
    initial_data,
    passages_for,
    posted_passages,
    recommendation_form,
)
from dialogues.recommendations.models import (
    TRANSITIONS,
    Recommendation,
    RecommendationTransition,
    can_file_recommendation,
)

PER_PAGE = 20


@bp.app_context_processor
def recommendation_labels() -> dict:
    return {"recommendation_labels": labels}


def programme_by_slug(slug: str) -> Programme:
    return db.first_or_404(sa.select(Programme).filter_by(slug=slug))


def recommendation_or_404(recommendation_id: int) -> Recommendation:
    return db.get_or_404(
        Recommendation,
        recommendation_id,
        options=[selectinload(Recommendation.positions), selectinload(Recommendation.topics)],
    )


@bp.get("/programmes/<slug>/recommendations")
@login_required
def list_recommendations(slug: str):
    programme = programme_by_slug(slug)
    require(programme.can_read_content(current_user))
    status = 200
    try:
        filters = queries.parse_filters(programme, request.args)
    except ValidationFailed as error:
        filters, status, problems = queries.Filters(), 422, error.fields
    else:
        problems = {}
    page = db.paginate(
        queries.listing(programme, current_user, filters, rows_loaded=False),
        per_page=PER_PAGE,
        max_per_page=PER_PAGE,
        error_out=False,
        count=False,
    )
    page.total = queries.count(programme, current_user, filters)
    context = {
        "programme": programme,
        "page": page,
        "rows": rows.list_rows(programme, page.items),
        "filters": filters,
        "problems": problems,
        "topics": queries.topics_of(programme),
        "sessions": queries.session_choices(programme),
        "can_file": can_file_recommendation(programme, current_user),
    }
    return render_template("recommendations/list.html", **context), status


@bp.route("/programmes/<slug>/recommendations/new", methods=["GET", "POST"])
@login_required
def new_recommendation(slug: str):
    programme = programme_by_slug(slug)
    require(can_file_recommendation(programme, current_user))
    form = _form(programme, None)
    if form.validate_on_submit():
        try:
            recommendation = operations.create_recommendation(
                programme, current_user, form.to_data()
            )
        except ValidationFailed as error:
            form.show_errors(error.fields)
        else:
            flash(_("Recommendation filed as a draft."), "success")
            return redirect(_show_url(recommendation))
    return _form_page(form=form, programme=programme, recommendation=None)


@bp.route("/recommendations/<id:recommendation_id>/edit", methods=["GET", "POST"])
@login_required
def edit_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_edit(current_user))
    form = _form(recommendation.programme, recommendation)
    if form.validate_on_submit():
        try:
            changed = operations.update_recommendation(recommendation, current_user, form.to_data())
        except ValidationFailed as error:
            form.show_errors(error.fields)
        else:
            message = (
                _("Saved as version %(version)d.", version=recommendation.version)
                if changed
                else _("No change.")
            )
            flash(message, "success")
            return redirect(_show_url(recommendation))
    return _form_page(form=form, programme=recommendation.programme, recommendation=recommendation)


@bp.get("/recommendations/<id:recommendation_id>")
@login_required
def show_recommendation(recommendation_id: int):
    recommendation = recommendation_or_404(recommendation_id)
    require(recommendation.can_view(current_user))
    moves = [
        to
        for (origin, to) in TRANSITIONS
        if origin == recommendation.status and recommendation.can_transition(current_user, to)
    ]
    context = {
        "recommendation": recommendation,
        "programme": recommendation.programme,
        "backing": endorsements.backing(recommendation),
        "own": endorsements.own_endorsement(recommendation, current_user),
        "cleared": endorsements.own_cleared(recommendation, current_user),
        "can_endorse": recommendation.can_endorse(current_user),
        "moves": moves,
        "can_edit": recommendation.can_edit(current_user),
        "body_html": render_markdown(recommendation.body),
        "passages": _passages(recommendation),
        "history": _history(recommendation),
        "transition_form": TransitionForm(),
        "action_form": ActionForm(),
    }
    return render_template("recommendations/show.html", **context)


def _form(programme: Programme, recommendation: Recommendation | None):
    if request.method == "POST":
        passages = posted_passages(request.form)
        return recommendation_form(programme, queries.sessions_of(programme), passages)
    data = initial_data(recommendation) if recommendation else {}
    passages = passages_for(recommendation)
    return recommendation_form(programme, queries.sessions_of(programme), passages, data=data)


def _form_page(**context):
    status = 422 if request.method == "POST" else 200
    return render_template("recommendations/form.html", **context), status


def _show_url(recommendation: Recommendation) -> str:
    return url_for("recommendations.show_recommendation", recommendation_id=recommendation.id)


def _passages(recommendation: Recommendation) -> dict[int, dict[int, str]]:
    """Disputed passages: ``{passage: {side id: wording}}``, for the side-by-side table."""
    passages: dict[int, dict[int, str]] = {}
    for alternative in recommendation.alternatives:
        passages.setdefault(alternative.passage, {})[alternative.side_id] = alternative.text
    return passages


def _history(recommendation: Recommendation) -> list[RecommendationTransition]:
    return list(
        db.session.scalars(
            sa.select(RecommendationTransition)
            .where(RecommendationTransition.recommendation_id == recommendation.id)
            .options(selectinload(RecommendationTransition.actor))
            .order_by(RecommendationTransition.created_at, RecommendationTransition.id)
        )
    )


from dialogues.recommendations import action_views  # noqa: E402, F401
