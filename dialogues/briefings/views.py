"""Pages for briefings: the programme's briefings, a side's preview and export, release.

Coordinators see every side; a liaison only their own side, and where the programme gates
release only once a coordinator released it. Each page loads (404), checks the model's rule (403),
then calls an operation.
"""

from flask import abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from dialogues.briefings import bp, operations, queries, screening
from dialogues.briefings.document import SECTIONS
from dialogues.briefings.downloads import download_response
from dialogues.briefings.forms import ActionForm, ExportForm, ReleaseGateForm, SectionsForm
from dialogues.core.access import require
from dialogues.core.errors import ValidationFailed
from dialogues.core.paging import beyond_the_last, page_number
from dialogues.core.throttle import limit_requests
from dialogues.programmes.models import Programme, Side
from dialogues.programmes.queries import programme_by_slug, side_of
from dialogues.recommendations import operations as recommendation_operations
from dialogues.recommendations.views import recommendation_or_404


def can_see_briefings(programme: Programme, user) -> bool:
    """The Briefings tab: coordinators, and liaisons (for their own side)."""
    return programme.can_manage(user) or programme.access_for(user).is_liaison


def _readable_sides(programme: Programme) -> list[Side]:
    return [side for side in programme.sides if side.can_read_briefing(current_user)]


@bp.get("/programmes/<slug>/briefings")
@login_required
def list_briefings(slug: str):
    programme = programme_by_slug(slug)
    require(can_see_briefings(programme, current_user))
    manages = programme.can_manage(current_user)
    exports = queries.exports_page(programme, page_number()) if manages else None
    if exports is not None and (moved := beyond_the_last(exports)):
        return moved
    return render_template(
        "briefings/list.html",
        programme=programme,
        manages=manages,
        states=[queries.release_state(side) for side in _readable_sides(programme)],
        exports=exports,
        to_publish=queries.adopted_not_published(programme) if manages else None,
        published=queries.published_count(programme),
        gate_form=ReleaseGateForm(required=programme.requires_briefing_release),
    )


@bp.get("/programmes/<slug>/briefings/<id:side_id>")
@login_required
def show_briefing(slug: str, side_id: int):
    """The briefing in the browser, with the sections chosen, and the export form."""
    programme = programme_by_slug(slug)
    side = side_of(programme, side_id)
    sections_form = SectionsForm(request.args if "sections" in request.args else None)
    sections = (sections_form.sections.data if sections_form.validate() else SECTIONS) or SECTIONS
    form = ExportForm(sections=list(sections))
    return _preview(programme, side, form, sections_form, sections)


@bp.post("/programmes/<slug>/briefings/<id:side_id>/export")
@login_required
@limit_requests("export", 60, 60 * 60)  # the pages and the API share one count
def export_briefing(slug: str, side_id: int):
    programme = programme_by_slug(slug)
    side = side_of(programme, side_id)
    require(side.can_read_briefing(current_user))
    form = ExportForm()
    valid = form.validate_on_submit()
    try:
        options = _options(programme, form)
    except ValidationFailed as error:
        valid = _attach(form, error)
    if not valid:
        return _preview(programme, side, form, SectionsForm(), SECTIONS, status=422)
    file_format = operations.parse_format(form.format.data)
    rendered, _export = operations.export_briefing(
        programme, side, current_user, file_format, language=form.language.data, **options
    )
    return download_response(rendered)


def _options(programme: Programme, form: ExportForm) -> dict:
    """Coordinators choose the recipient and the sections; liaisons get the whole briefing."""
    if not programme.can_manage(current_user):
        return {}
    return {
        "recipient": operations.clean_recipient(form.recipient.data),
        "sections": operations.parse_sections(form.sections.data),
    }


def _attach(form: ExportForm, error: ValidationFailed) -> bool:
    for name, messages in error.fields.items():
        getattr(form, name).errors = [*getattr(form, name).errors, *messages]
    return False


def _preview(programme, side, form, sections_form, sections, status: int = 200):
    briefing = operations.briefing_for(programme, side, current_user, sections=sections)
    manages = programme.can_manage(current_user)
    page = render_template(
        "briefings/show.html",
        programme=programme,
        side=side,
        briefing=briefing,
        form=form,
        sections_form=sections_form,
        manages=manages,
        mentioned=screening.mentioned_people(programme, briefing) if manages else [],
        current_tab="briefings.list_briefings",
    )
    return page, status


@bp.post("/programmes/<slug>/briefings/<id:side_id>/release")
@login_required
def release_briefing(slug: str, side_id: int):
    programme = programme_by_slug(slug)
    side = side_of(programme, side_id)
    require(programme.can_manage(current_user))
    ActionForm().validate_on_submit()
    operations.approve_release(side, current_user)
    flash(
        _(
            "The %(side)s side's briefing is released to its liaisons as it reads now.",
            side=side.name,
        ),
        "success",
    )
    return _back(programme)


@bp.post("/programmes/<slug>/briefings/<id:side_id>/release/withdraw")
@login_required
def withdraw_release(slug: str, side_id: int):
    programme = programme_by_slug(slug)
    side = side_of(programme, side_id)
    require(programme.can_manage(current_user))
    ActionForm().validate_on_submit()
    operations.withdraw_release(side, current_user)
    flash(_("The %(side)s side's briefing is no longer released.", side=side.name), "success")
    return _back(programme)


@bp.post("/programmes/<slug>/briefings/release-gate")
@login_required
def set_release_gate(slug: str):
    programme = programme_by_slug(slug)
    require(programme.can_manage(current_user))
    form = ReleaseGateForm()
    form.validate_on_submit()
    operations.set_release_gate(programme, current_user, bool(form.required.data))
    if form.required.data:
        flash(_("Each side's briefing now needs a coordinator's release."), "success")
    else:
        flash(_("Each side's briefing is now open to its liaisons."), "success")
    return _back(programme)


@bp.post("/programmes/<slug>/digest/<id:recommendation_id>/publish")
@login_required
def publish_recommendation(slug: str, recommendation_id: int):
    """Publish an adopted recommendation to the public digest (the recommendations workflow)."""
    programme = programme_by_slug(slug)
    recommendation = recommendation_or_404(recommendation_id)
    if recommendation.programme_id != programme.id:
        abort(404)
    require(programme.can_manage(current_user))
    ActionForm().validate_on_submit()
    recommendation_operations.transition(recommendation, current_user, "published")
    flash(_("Published: it is now in the public digest."), "success")
    return _back(programme)


def _back(programme: Programme):
    return redirect(url_for("briefings.list_briefings", slug=programme.slug))


@bp.get("/briefings/document.css")
def document_stylesheet():
    """The briefing's own styles, for the preview (the files carry them inline)."""
    response = make_response(render_template("briefings/document.css"))
    response.mimetype = "text/css"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response
