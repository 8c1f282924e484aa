"""The public digest: a page, and an Atom feed beside it, readable by anyone."""

from flask import Response, render_template

from dialogues.briefings import bp
from dialogues.briefings.digest import digest_or_404
from dialogues.briefings.feed import atom_feed
from dialogues.core.markdown import render_markdown
from dialogues.programmes.queries import programme_by_slug


@bp.get("/p/<slug>/digest")
def show_digest(slug: str):
    """Published recommendations with the programme's public summary; 404 before the first."""
    programme = programme_by_slug(slug)
    digest = digest_or_404(programme)
    return render_template(
        "briefings/digest.html",
        digest=digest,
        about=render_markdown(digest.public_summary or digest.description),
        bodies={r.id: render_markdown(r.body) for r in digest.recommendations},
    )


@bp.get("/p/<slug>/digest.atom")
def digest_feed(slug: str):
    programme = programme_by_slug(slug)
    response = Response(atom_feed(digest_or_404(programme)), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
