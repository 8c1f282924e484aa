"""The public digest: a page, and an Atom feed beside it, readable by anyone."""

from flask import Response, render_template
from flask_sqlalchemy.pagination import Pagination

from dialogues.briefings import bp
from dialogues.briefings.digest import (
    digest_or_404,
    public_programme,
    published_page,
    published_params,
)
from dialogues.briefings.feed import atom_feed
from dialogues.briefings.labels import agreement_label
from dialogues.core.markdown import render_markdown
from dialogues.core.paging import beyond_the_last, page_number
from dialogues.extensions import db
from dialogues.programmes.queries import programme_by_slug

PER_PAGE = 25  # a programme may publish hundreds: one page stays light to read and to serve


@bp.get("/p/<slug>/digest")
def show_digest(slug: str):
    """Published recommendations with the programme's public summary; 404 before the first."""
    programme = public_programme(slug)  # a row of the fields shown, not a Programme
    page = _DigestPagination(
        params=published_params(programme),
        connection=db.session.connection(),
        page=page_number(),
        per_page=PER_PAGE,
        error_out=False,
        count=False,  # each row carries the total
    )
    page.total = page.items[0].total if page.items else None
    if moved := beyond_the_last(page):
        return moved
    digest = digest_or_404(programme, page.items)
    return render_template(
        "briefings/digest.html",
        digest=digest,
        page=page,
        about=render_markdown(digest.public_summary or digest.description),
        bodies={r.id: render_markdown(r.body) for r in digest.recommendations},
        # Each level of agreement named once per page, not once per recommendation.
        agreements={a: agreement_label(a) for a in {r.agreement for r in digest.recommendations}},
    )


class _DigestPagination(Pagination):
    """``db.paginate``'s page (the same ``pagination`` macro) of the published rows, read with
    a statement built once and the page as its bound ``limit`` and ``offset`` (no statement is
    derived per request); the total comes with the rows (``count=False``)."""

    def _query_items(self) -> list:
        args = self._query_args
        params = {**args["params"], "limit": self.per_page, "offset": self._query_offset}
        return list(args["connection"].execute(published_page(), params))


@bp.get("/p/<slug>/digest.atom")
def digest_feed(slug: str):
    programme = programme_by_slug(slug)
    response = Response(atom_feed(digest_or_404(programme)), mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "public, max-age=300"
    response.vary.update(("Accept-Language", "Cookie"))  # its fixed words follow the language
    return response
