"""The briefings API: one side's briefing as a file, and the public digest."""

from flask import abort
from flask_login import current_user

from dialogues.api import Blueprint
from dialogues.briefings import operations
from dialogues.briefings.digest import digest_or_404
from dialogues.briefings.downloads import download_response
from dialogues.briefings.feed import as_dict
from dialogues.briefings.schemas import BriefingQuery, DigestSchema
from dialogues.core.access import require
from dialogues.core.throttle import limit_requests
from dialogues.programmes.queries import programme_or_404

blp = Blueprint("briefings_api", __name__, description="Briefings for each side, and the digest.")


@blp.route("/programmes/<id:programme_id>/briefings/<id:side_id>")
@blp.login_required
@blp.arguments(BriefingQuery, location="query", deferred=True)
@blp.response(200, content_type="application/pdf", description="The briefing as a file")
@blp.errors(403, 404, 422, 429)
@limit_requests("export", 60, 60 * 60, methods={"GET"})
def get_briefing(query, programme_id, side_id):
    """One side's briefing as `pdf` (default), `docx`, `html`, `md` or `json`, as an attachment
    named `briefing-{programme slug}-{side slug}.{ext}`, its headings and labels in `language`
    (`en` by default; `zh`, `ru`, `ar`). Coordinators read every side's;
    a liaison only their own side's, and only once released where the programme gates release.
    Every download is recorded with the file's SHA-256."""
    programme = programme_or_404(programme_id)
    require(programme.can_view(current_user))
    side = next((s for s in programme.sides if s.id == side_id), None)
    if side is None:
        abort(404, f"There is no side with id {side_id} in this programme.")
    require(side.can_read_briefing(current_user))  # the release gate is checked on the file
    query = query.read()
    options = {}
    if programme.can_manage(current_user) and query.get("recipient"):
        options["recipient"] = operations.clean_recipient(query["recipient"])
    rendered, _export = operations.export_briefing(
        programme, side, current_user, query["format"], language=query["language"], **options
    )
    return download_response(rendered)


@blp.route("/programmes/<id:programme_id>/digest")
@blp.response(200, DigestSchema)
@blp.errors(404)
def get_digest(programme_id):
    """The programme's published recommendations, non-attributed; anyone may read it once
    something is published (404 before)."""
    programme = programme_or_404(programme_id)
    return as_dict(digest_or_404(programme))
