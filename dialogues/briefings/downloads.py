"""Handing a rendered briefing to the browser or an API client as a file."""

import io

from flask import send_file

from dialogues.briefings.formats import RenderedFile


def download_response(rendered: RenderedFile):
    """An attachment named ``briefing-<programme>-<side>.<ext>`` (any script: RFC 6266's
    ``filename*``), never cached, with its SHA-256 for the page to show."""
    response = send_file(
        io.BytesIO(rendered.content),
        mimetype=rendered.mimetype,
        as_attachment=True,
        download_name=rendered.filename,
        etag=False,
        conditional=False,
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-SHA256"] = rendered.sha256
    return response
