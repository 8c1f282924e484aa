"""CSV import (upload, preview with every row's problems, confirm) and CSV export of the desk."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import login_required
from werkzeug.exceptions import RequestEntityTooLarge

from dialogues.core import audit
from dialogues.core.errors import error_response, handle_http_exception
from dialogues.core.throttle import limit_requests
from dialogues.extensions import db
from dialogues.registrations import bp, csv_export, csv_import
from dialogues.registrations.desk_views import managed_programme, valid_filters
from dialogues.registrations.forms import DeskFilterForm, ImportConfirmForm, ImportForm
from dialogues.registrations.labels import ROLE_LABELS
from dialogues.registrations.queries import desk_query

MAX_IMPORT_BYTES = 1024 * 1024  # the preview sends the file back: keep both under the body cap
TOO_LARGE = _l("The file is too large: import at most 1 MB at a time.")
IMPORT_ENDPOINTS = {"registrations.import_registrations", "registrations.confirm_import"}


@bp.route("/programmes/<slug>/registrations/import", methods=["GET", "POST"])
@login_required
def import_registrations(slug):
    programme = managed_programme(slug)
    form = ImportForm()
    if form.validate_on_submit():
        content = form.file.data.read(MAX_IMPORT_BYTES + 1)
        if len(content) <= MAX_IMPORT_BYTES:
            return _preview(programme, csv_import.plan_import(programme, content), content)
        form.file.errors.append(str(TOO_LARGE))
    page = render_template(
        "registrations/import.html",
        programme=programme,
        form=form,
        required=csv_import.REQUIRED,
        optional=csv_import.OPTIONAL,
    )
    return page, 422 if form.errors else 200


@bp.post("/programmes/<slug>/registrations/import/confirm")
@login_required
def confirm_import(slug):
    programme = managed_programme(slug)
    form = ImportConfirmForm()
    if not form.validate_on_submit():
        flash(_("There was nothing to import. Upload the file again."), "error")
        return redirect(url_for("registrations.import_registrations", slug=slug))
    plan = csv_import.plan_import(programme, form.content.data)
    if plan.errors:  # something changed since the preview: show it, write nothing
        return _preview(programme, plan, form.content.data)
    created = csv_import.apply_plan(programme, plan)
    imported = ngettext(
        "%(num)d registration imported, pending; the person was told.",
        "%(num)d registrations imported, all pending; each person was told.",
        len(created),
    )
    flash(imported, "success")
    return redirect(url_for("registrations.list_registrations", slug=slug))


@bp.errorhandler(RequestEntityTooLarge)
def request_too_large(error):
    """A file over the whole request's limit is refused before the view runs: say which limit."""
    if request.endpoint in IMPORT_ENDPOINTS:
        return error_response(413, str(TOO_LARGE))
    return handle_http_exception(error)


def _preview(programme, plan: csv_import.ImportPlan, content: bytes | str):
    text = content if isinstance(content, str) else content.decode("utf-8-sig", "replace")
    page = render_template(
        "registrations/import_preview.html",
        programme=programme,
        plan=plan,
        confirm_form=ImportConfirmForm(content=text),
        sides={side.id: side for side in programme.sides},
        role_labels=ROLE_LABELS,
    )
    return page, 422 if plan.errors else 200


@bp.post("/programmes/<slug>/registrations/export")
@login_required
@limit_requests("export", 60, 60 * 60)
def export_registrations(slug):
    """The desk's list (with its filters) as CSV; a POST, so the export is recorded."""
    programme = managed_programme(slug)
    filters = valid_filters(DeskFilterForm(request.form, programme))
    registrations = list(db.session.scalars(desk_query(programme, filters)))
    audit.record("registration.export", programme, count=len(registrations))
    return Response(
        csv_export.export_csv(programme, registrations),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="{csv_export.filename(programme)}"',
            "Cache-Control": "no-store",
        },
    )
