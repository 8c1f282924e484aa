"""The page an HTML list asks for with ``?page=``, as a number every database can take.

A page number becomes an offset, ``(page - 1) * per_page``, which the database receives as an
INTEGER on PostgreSQL (2³¹−1 at most) and as a 64-bit integer on SQLite: a bigger one fails
there as an error, not as an empty page. So the number is clamped to ``MAX_PAGE``, far past the
last page of any list, which sends the reader to its last page (``beyond_the_last``).
"""

from flask import redirect, request, url_for

from dialogues.core.urls import MAX_ID

LARGEST_PER_PAGE = 200  # the API's MAX_PER_PAGE; the HTML lists show at most 50 a page
MAX_PAGE = MAX_ID // LARGEST_PER_PAGE  # 10,737,418: every offset stays within an INTEGER


def page_number(default: int | None = 1) -> int | None:
    """``?page=`` within 1 … ``MAX_PAGE``; ``default`` when it is missing or not a number."""
    number = request.args.get("page", type=int)
    if number is None:
        return default
    return min(max(number, 1), MAX_PAGE)


def beyond_the_last(page):
    """A redirect to the list's last page (its first when the total is not known) when
    ``page`` is past it: an old link, or a list that has shrunk since. Otherwise None: the
    list's own empty state would say there is nothing, or nothing matching, when there is."""
    if page.items or page.page == 1:
        return None
    args = {**request.view_args, **request.args.to_dict(flat=False), "page": page.pages or 1}
    return redirect(url_for(request.endpoint, **args))
