"""Markdown written by people (notes, recommendation bodies), rendered safely.

markdown-it renders with raw HTML off; nh3 then keeps only an allow-list of tags and attributes
and only http(s) and mailto links, so scripts, event handlers and ``javascript:`` links are inert.
"""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
ALLOWED_TAGS = {
    "a", "blockquote", "br", "code", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li",
    "ol", "p", "pre", "strong", "table", "tbody", "td", "th", "thead", "tr", "ul", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"align"}, "th": {"align"}}


def render_markdown(text: str | None) -> Markup:
    """Safe HTML for a Markdown text; the only place user text becomes Markup."""
    return _rendered(text or "")


# Lists and digests render the same bodies on every request: a text is rendered once per worker
# (the result depends on nothing but the text). Bounded, so memory stays flat.
@lru_cache(maxsize=4096)
def _rendered(text: str) -> Markup:
    html = _markdown.render(text)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    # Sanitised by nh3 just above: the one place user text becomes Markup.
    return Markup(cleaned)  # noqa: S704  # nosec B704
