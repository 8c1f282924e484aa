"""Pages for recommendations: the list with search, filing, the page itself, editing.

Workflow moves, endorsements and the history are in ``action_views``. Views load (404), check
the model's permission (403), then call an operation; a form shown again with errors answers 422
so nothing is kept.
"""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload

from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.markdown import render_markdown
from dialogues.core.paging import beyond_the_last
from dialogues.extensions import db
from dialogues.programmes.models import Programme
from dialogues.programmes.queries import programme_by_slug
from dialogues.recommendations import bp, details, labels, operations, queries, rows
from dialogues.recommendations.forms import (
    ActionForm,
    EndorseForm,
    TransitionForm,
    initial_data,
    passages_for,
    posted_passages,
    recommendation_form,
)
from dialogues.recommendations.models import (
    TRANSITIONS,
    Recommendation,
    can_file_recommendation,
)
from dialogues.recommendations.versions import ChangedSinceOpened

PER_PAGE = 20


@bp.app_context_processor
def recommendation_labels() -> dict:
    return {"recommendation_labels": labels}


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
    page = rows.list_page(programme, current_user, filters, PER_PAGE)
    if moved := beyond_the_last(page):
        return moved
    listed = rows.listing(programme, current_user, page.items)
    context = {
        "programme": programme,
        "page": page,
        "rows": listed.rows,
        "sides": [(side, name) for side, (name, _accepted) in listed.sides.items()],
        "filters": filters,
        "problems": problems,
        "topics": listed.topics,
        "session_options": rows.session_options(programme, filters.session),
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
    conflict = None
    if form.validate_on_submit():
        try:
            changed = operations.update_recommendation(
                recommendation, current_user, form.to_data(), form.opened_version()
            )
        except ValidationFailed as error:
            form.show_errors(error.fields)
        except ChangedSinceOpened as error:
            # Shown again with what was typed, to copy from, and the version opened: saving
            # again is refused until the current version is opened.
            conflict = error
        else:
            message = (
                _("Saved as version %(version)d.", version=recommendation.version)
                if changed
                else _("No change.")
            )
            flash(message, "success")
            return redirect(_show_url(recommendation))
    return _form_page(
        form=form,
        programme=recommendation.programme,
        recommendation=recommendation,
        conflict=conflict,
    )


@bp.get("/recommendations/<id:recommendation_id>")
@login_required
def show_recommendation(recommendation_id: int):
    # Only the recommendation and its programme as objects (for the permissions), in one query.
    recommendation = db.get_or_404(
        Recommendation, recommendation_id, options=[joinedload(Recommendation.programme)]
    )
    require(recommendation.can_view(current_user))
    return show_page(recommendation)


def show_page(recommendation: Recommendation, refusal: ChangedSinceOpened | None = None):
    """The recommendation's page; with ``refusal``, shown again (409) to say why an action on
    it was refused."""
    moves = [
        to
        for (origin, to) in TRANSITIONS
        if origin == recommendation.status and recommendation.can_transition(current_user, to)
    ]
    programme = recommendation.programme
    registration_id = programme.access_for(current_user).registration_id
    found = details.details(recommendation, registration_id)
    sides = found.sides
    context = {
        "recommendation": recommendation,
        "programme": programme,
        "sides": [(side, name) for side, (name, _accepted) in sides.items()],
        "details": found,
        "backing": details.backing(found, programme.endorsement_threshold),
        "counts": [(name, found.counts[side], n) for side, (name, n) in sides.items()],
        "can_endorse": recommendation.can_endorse(current_user),
        "moves": moves,
        "can_edit": recommendation.can_edit(current_user),
        "body_html": render_markdown(recommendation.body),
        "history": details.history(recommendation),
        "transition_form": TransitionForm(),
        "action_form": ActionForm(),
        "endorse_form": EndorseForm(),
        "refusal": refusal,
        "current_tab": "recommendations.list_recommendations",
        "viewer_zone": current_user.timezone,
    }
    page = render_template("recommendations/show.html", **context)
    return (page, refusal.status) if refusal else page


def _form(programme: Programme, recommendation: Recommendation | None):
    if request.method == "POST":
        passages = posted_passages(request.form)
        return recommendation_form(programme, queries.sessions_of(programme), passages)
    data = initial_data(recommendation) if recommendation else {}
    passages = passages_for(recommendation)
    return recommendation_form(programme, queries.sessions_of(programme), passages, data=data)


def _form_page(conflict: ChangedSinceOpened | None = None, **context):
    status = conflict.status if conflict else 422 if request.method == "POST" else 200
    return render_template("recommendations/form.html", conflict=conflict, **context), status


def _show_url(recommendation: Recommendation) -> str:
    return url_for("recommendations.show_recommendation", recommendation_id=recommendation.id)


from dialogues.recommendations import action_views  # noqa: E402, F401
