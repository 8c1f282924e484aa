"""The briefing as a printable, self-contained web page."""

from flask import render_template

from dialogues.briefings.document import Briefing


def document_html(briefing: Briefing, *, for_pdf: bool = False) -> str:
    return render_template("briefings/document.html", briefing=briefing, for_pdf=for_pdf)


def render(briefing: Briefing) -> bytes:
    return document_html(briefing).encode("utf-8")
