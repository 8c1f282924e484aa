"""The briefing as a printable, self-contained web page."""

import re

from flask import render_template
from flask_babel import gettext as _

from dialogues.briefings.document import Briefing

# Characters that would end a CSS string or start an escape: a translation cannot hold them.
NOT_IN_CSS_STRING = re.compile(r'["\\\n\r]')


def page_numbers_css() -> str:
    """The PDF's "Page 2 of 5" as a CSS ``content`` value: the sentence in the language rendering
    now, its numbers where the translation puts them (``第 2 页，共 5 页``)."""
    sentence = _("Page %(page)s of %(pages)s", page="\x01", pages="\x02")
    quoted = NOT_IN_CSS_STRING.sub("", sentence)
    return f'"{quoted}"'.replace("\x01", '" counter(page) "').replace("\x02", '" counter(pages) "')


def document_html(briefing: Briefing, *, for_pdf: bool = False) -> str:
    return render_template(
        "briefings/document.html",
        briefing=briefing,
        for_pdf=for_pdf,
        page_numbers=page_numbers_css() if for_pdf else "",
    )


def render(briefing: Briefing) -> bytes:
    return document_html(briefing).encode("utf-8")
